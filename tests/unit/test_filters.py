"""The AST filters, one at a time, on tiny Markdown files; and the HTML renderer,
pinned by golden files (``--save-golden-files`` rewrites them)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from octavo.ast import iter_nodes
from octavo.document import Document, Section
from octavo.filters import FilterContext, citations, ednotes, figures, links, rawhtml, structure
from octavo.parse import parse_markdown
from octavo.render.html import RenderOptions, render_section


def make_section(root: Path, markdown: str, name: str = "ch.md", kind: str = "chapter") -> Section:
    """Write ``markdown`` to ``root/name`` and parse it into a Section."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(markdown), encoding="utf-8")
    return Section(kind, path, parse_markdown(path)["blocks"])


def context(root: Path, release: bool = False, reference_ids: set[str] | None = None) -> FilterContext:
    return FilterContext(root=root, release=release, reference_ids=reference_ids or set())


def types(blocks) -> list[str]:
    return [n["t"] for n in iter_nodes(blocks)]


def messages(ctx: FilterContext) -> list[str]:
    return [str(d) for d in ctx.report.items]


@pytest.fixture
def root(in_tmp: Path) -> Path:
    """The book folder (also the working directory, so files are named 'ch.md')."""
    return in_tmp


# --- structure.take_title ---------------------------------------------------

def test_take_title_uses_heading_id_and_number(root):
    s = make_section(root, '# The Title {#ch-seven number="7"}\n\nText.\n')
    ctx = context(root)
    structure.take_title(s, ctx)
    assert not ctx.report.items
    assert s.id == "ch-seven"
    assert s.number == "7"
    assert s.epub_type == "chapter"
    assert [n["c"] for n in s.title if n["t"] == "Str"] == ["The", "Title"]
    assert [b["t"] for b in s.blocks] == ["Para"]  # the heading left the body


def test_take_title_derives_id_and_leaves_number_for_numbering(root):
    s = make_section(root, "# Rivers of Blood\n\nText.\n")
    structure.take_title(s, context(root))
    assert s.id == "rivers-of-blood"
    assert s.number == ""
    structure.number_chapters(Document([s]))
    assert s.number == "1"


def test_take_title_unnumbered_is_a_chapter_and_a_role_class_a_prologue(root):
    s = make_section(root, "# Opening {#opening .unnumbered}\n\nText.\n")
    structure.take_title(s, context(root))
    assert s.number is None
    assert s.epub_type == "chapter"
    s = make_section(root, "# Opening {#opening .prologue}\n\nText.\n")
    structure.take_title(s, context(root))
    assert (s.number, s.epub_type) == (None, "prologue")


def test_take_title_front_matter_is_a_preface(root):
    s = make_section(root, "# Preface\n\nText.\n", kind="front")
    structure.take_title(s, context(root))
    assert s.number is None
    assert s.epub_type == "preface"


@pytest.mark.parametrize("markdown, expected", [
    ("Just text.\n",
     "ch.md:1: error M204: The file must begin with a level-one heading (# Title). Add '# Chapter title' as its first line."),
    ("\n\n# Lonely\n",
     "ch.md:3: error M203: Chapter 'Lonely' has a heading but no text. Write the chapter or remove it from book.yaml."),
    ("",
     "ch.md:1: error M203: The file is empty: a chapter needs a heading and text. "
     "Write the chapter or remove it from book.yaml."),
], ids=["without-heading", "heading-without-text", "empty-file"])
def test_take_title_errors(root, markdown, expected):
    s = make_section(root, markdown)
    ctx = context(root)
    structure.take_title(s, ctx)
    assert messages(ctx) == [expected]


def test_duplicate_ids_across_sections(root):
    one = make_section(root, "# One {#same}\n\nText.\n", "one.md")
    two = make_section(root, "# Two {#same}\n\nText.\n", "two.md")
    ctx = context(root)
    for s in (one, two):
        structure.take_title(s, ctx)
    structure.check_unique_ids(Document([one, two]), ctx)
    assert messages(ctx) == [
        "two.md:1: error M205: Identifier '#same' is used twice (also in one.md). Give each heading, figure and span its own {#id}."
    ]


# --- ednotes.to_footnotes ---------------------------------------------------

def test_ednote_becomes_an_editor_footnote(root):
    s = make_section(root, "# T\n\nSent to the coast[It was actually the harbour town.]{.ednote}, then.\n")
    structure.take_title(s, context(root))
    ednotes.to_footnotes(s, context(root))
    [para] = s.blocks
    assert "Span" not in [i["t"] for i in para["c"]]
    [note] = [i for i in para["c"] if i["t"] == "Note"]
    [div] = note["c"]
    assert div["t"] == "Div" and div["c"][0][1] == ["editor-note"]
    assert [i["c"] for i in div["c"][1][0]["c"] if i["t"] == "Str"] == ["It", "was", "actually", "the", "harbour", "town."]
    # the note stands where the span stood: right after "coast"
    strs = [i.get("c") if i["t"] == "Str" else i["t"] for i in para["c"]]
    assert strs[strs.index("coast") + 1] == "Note"


def test_other_spans_are_left_alone(root):
    s = make_section(root, "# T\n\nA [small]{.smallcaps} word.\n")
    before = s.blocks
    ednotes.to_footnotes(s, context(root))
    assert s.blocks == before


# --- figures.make_figures ---------------------------------------------------

FIGURE = '# T\n\nText.\n\n![A caption](images/pic.png){#fig-pic alt="What it shows." credit="Image: me"}\n'


def _png(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("L", (60, 40), 128).save(path)


def test_figure_with_existing_image(root):
    _png(root / "images" / "pic.png")
    s = make_section(root, FIGURE)
    ctx = context(root)
    figures.make_figures(s, ctx)
    assert not ctx.report.items
    [fig] = [b for b in s.blocks if b["t"] == "Figure"]
    ident, _classes, attrs = fig["c"][0]
    assert ident == "fig-pic"
    assert dict(attrs) == {"src": "images/pic.png", "alt": "What it shows.", "credit": "Image: me"}
    assert not ctx.missing_images


def test_figure_missing_image_is_a_warning_and_a_placeholder(root):
    s = make_section(root, FIGURE)
    ctx = context(root)
    figures.make_figures(s, ctx)
    assert messages(ctx) == [
        "ch.md:5: warning I401: Image 'images/pic.png' not found; a marked placeholder is shown instead. "
        "Add the file at images/pic.png."
    ]
    [fig] = [b for b in s.blocks if b["t"] == "Figure"]
    assert dict(fig["c"][0][2])["missing"] == "1"
    assert ctx.missing_images == ["images/pic.png"]
    html = render_section(s, RenderOptions()).body
    assert 'class="placeholder"' in html and "images/pic.png" in html and "<img" not in html


def test_figure_missing_image_is_an_error_in_a_release_build(root):
    s = make_section(root, FIGURE)
    ctx = context(root, release=True)
    figures.make_figures(s, ctx)
    assert messages(ctx) == [
        "ch.md:5: error I401: Image 'images/pic.png' not found; a release build needs all artwork. "
        "Add the file at images/pic.png."
    ]


def test_figure_without_alt_text_and_unsupported_format(root):
    (root / "images").mkdir()
    (root / "images" / "pic.bmp").write_bytes(b"BM")
    s = make_section(root, "# T\n\n![Some picture](images/pic.bmp)\n")
    ctx = context(root)
    figures.make_figures(s, ctx)
    assert messages(ctx) == [
        "ch.md:3: error I402: Image 'images/pic.bmp' has an unsupported format '.bmp'. Use JPEG, PNG, GIF, SVG or WebP.",
        "ch.md:3: warning I403: Figure 'Some picture' has no alt text. Add {alt=\"what the picture shows\"}.",
    ]


def test_image_inside_text_is_not_a_figure(root):
    _png(root / "images" / "pic.png")
    s = make_section(root, "# T\n\nAn icon ![i](images/pic.png) in a line.\n")
    figures.make_figures(s, context(root))
    assert "Figure" not in types(s.blocks)


# --- rawhtml.sanitize -------------------------------------------------------

RAW = """\
# T

Text <b onclick="steal()">bold</b> and <span onclick="x()">span</span>.

<script>alert(1)</script>

<p>kept <a href="javascript:evil()">link</a></p>
"""


def test_sanitize_removes_script_and_event_handlers(root):
    s = make_section(root, RAW)
    ctx = context(root)
    structure.take_title(s, ctx)
    rawhtml.sanitize(s, ctx)
    html = render_section(s, RenderOptions()).body
    assert "<script" not in html and "alert(1)" not in html
    assert "onclick" not in html and "steal()" not in html
    assert "javascript:" not in html
    assert "<b>bold</b>" in html  # the harmless markup stays
    assert "kept" in html
    assert [(d.severity, d.code) for d in ctx.report.items] == [("warning", "S601")] * 3
    assert messages(ctx)[0] == (
        "ch.md:3: warning S601: Raw HTML removed (onclick): scripts, frames, forms and event handlers "
        "never reach an output. Delete it from the manuscript.")
    assert messages(ctx)[1].startswith("ch.md:5: warning S601: Raw HTML removed (script):")
    assert messages(ctx)[2].startswith("ch.md:7: warning S601: Raw HTML removed (javascript: url):")


def test_sanitize_is_an_error_in_a_release_build(root):
    s = make_section(root, "# T\n\n<script>alert(1)</script>\n\n<iframe src=\"x\"></iframe>\n")
    ctx = context(root, release=True)
    rawhtml.sanitize(s, ctx)
    assert [(d.severity, d.code, d.line) for d in ctx.report.items] == [("error", "S601", 3), ("error", "S601", 5)]


def test_sanitize_drops_raw_latex_silently(root):
    s = make_section(root, "# T\n\n```{=latex}\n\\newpage\n```\n\nText.\n")
    ctx = context(root)
    rawhtml.sanitize(s, ctx)
    assert "RawBlock" not in types(s.blocks)
    assert not ctx.report.items


@pytest.mark.parametrize("html, removed", [
    ('<img src="x.png" onerror="evil()">', ["onerror"]),
    ("<IFRAME src='x'></IFRAME>", ["iframe"]),
    ("<form><input></form>", ["form"]),
    ('<a href="#x" ONMOUSEOVER=evil()>', ["onmouseover"]),
    ("<em>fine</em>", []),
])
def test_clean(html, removed):
    cleaned, found = rawhtml.clean(html)
    assert found == removed
    assert "evil" not in cleaned and "iframe" not in cleaned.lower() and "<form" not in cleaned


# --- links.check ------------------------------------------------------------

LINKS = """\
# T

[secret](../../secret.txt) and [password](/etc/passwd).

[home](https://example.org) and [mail](mailto:me@example.org) and [up](#t).

![Remote](http://example.org/x.png)

[file](file:///etc/passwd)
"""


def test_links_refuse_paths_outside_the_book_and_remote_images(root):
    s = make_section(root, LINKS)
    ctx = context(root)
    links.check(s, ctx)
    # a link is not a file: its advice is about links; a site-root path (/etc/passwd) is a path
    # on a web site, kept as words with a warning when the book names no site (never a file link)
    assert messages(ctx) == [
        "ch.md:3: error S602: '../../secret.txt' leads outside the book folder. "
        "Link to a web address (https://...) or to a place in the book (#id); a book cannot link to files.",
        "ch.md:3: warning S607: Link '/etc/passwd' is a path on a web site, but the book names no site: "
        "its words are kept without the link. Write the full address (https://example.org/about/), or set 'site' in book.yaml.",
        "ch.md:7: error S603: Remote image 'http://example.org/x.png': octavo never downloads anything while building. "
        "Download the image into images/ and point to it there.",
        "ch.md:9: error S602: 'file:///etc/passwd' uses the 'file:' scheme, which a book may not link to. "
        "Link to a web address (https://...) or to a place in the book (#id); a book cannot link to files.",
    ]


def test_links_refuse_a_symlink_out_of_the_book(root, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("secret")
    (root / "notes.txt").symlink_to(outside)
    s = make_section(root, "# T\n\n[notes](notes.txt)\n")
    ctx = context(root)
    links.check(s, ctx)
    assert [d.code for d in ctx.report.errors] == ["S602"]


def test_links_inside_the_book_are_fine(root):
    (root / "extra").mkdir()
    (root / "extra" / "a.txt").write_text("a")
    s = make_section(root, "# T\n\n[a](extra/a.txt) and [b](extra/../extra/a.txt).\n")
    ctx = context(root)
    links.check(s, ctx)
    assert not ctx.report.items


# --- citations.check_keys ---------------------------------------------------

def test_missing_citation_key_names_file_line_and_closest_keys(root):
    s = make_section(root, "# T\n\nA claim.\n\nAnother claim.[@rowe-garden-wals, 3]\n")
    ctx = context(root, reference_ids={"rowe-garden-walls", "rowe-garden-gates", "okafor-river-towns"})
    citations.check_keys(s, ctx)
    assert messages(ctx) == [
        "ch.md:5: error R301: Citation key '@rowe-garden-wals' is not in the bibliography. "
        "Closest keys: rowe-garden-walls, rowe-garden-gates."
    ]


def test_missing_citation_key_without_bibliography(root):
    s = make_section(root, "# T\n\nA claim.[@nowhere]\n")
    ctx = context(root)
    citations.check_keys(s, ctx)
    assert messages(ctx) == [
        "ch.md:3: error R301: Citation key '@nowhere' is not in the bibliography. "
        "The book has no bibliography: set 'bibliography' in book.yaml."
    ]


def test_known_citation_keys_pass(root):
    s = make_section(root, "# T\n\nA claim.[@known, 4] Again [-@known].\n")
    ctx = context(root, reference_ids={"known"})
    citations.check_keys(s, ctx)
    assert not ctx.report.items


# --- rendering: golden files ------------------------------------------------

RENDER = """\
# A Small Section {#small number="3"}

A paragraph with a note.^[The author's *own* note.] And another, the editor's,
on Königsberg[Now Kaliningrad.]{.ednote} in the same paragraph.

> A quotation, with its own note.^[Quoted from somewhere.]

| A line of verse,
|     and its indented answer.

## A subheading

Last words, with a [link back](#small).
"""


def _rendered(root: Path, notes: str) -> str:
    s = make_section(root, RENDER)
    ctx = context(root)
    structure.take_title(s, ctx)
    ednotes.to_footnotes(s, ctx)
    assert not ctx.report.items
    rs = render_section(s, RenderOptions(notes=notes))
    listed = "".join(f"{n.number} {n.id} {n.call_id} editor={n.editor}: {n.html}" for n in rs.notes)
    return (f"title: {rs.title_html}\nblock ids: {' '.join(rs.block_ids)}\n--- body ---\n{rs.body}"
            f"--- notes ---\n{listed}")


def test_render_popup_notes(root, golden):
    golden("render/popup.html", _rendered(root, "popup"))


def test_render_foot_notes(root, golden):
    golden("render/foot.html", _rendered(root, "foot"))


def test_render_notes_are_numbered_in_order_and_editor_notes_labelled(root):
    s = make_section(root, RENDER)
    structure.take_title(s, context(root))
    ednotes.to_footnotes(s, context(root))
    rs = render_section(s, RenderOptions(notes="popup"))
    assert [(n.number, n.editor) for n in rs.notes] == [(1, False), (2, True), (3, False)]
    assert rs.notes[1].html.startswith('<p><span class="ed-label">Editor’s note:</span> Now Kaliningrad.')
    assert rs.block_ids == ["small-1", "small-2", "small-3", "a-subheading", "small-4"]
