"""The filters of issue 11's constructs on tiny hand-written ASTs (no pandoc): heading
hierarchy, ids for any script, raw TeX, chapter metadata, site-root and reference-style
links, inline images, in-text citation placement."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from octavo.ast import Para, Space, Str, iter_nodes
from octavo.config import slugify
from octavo.document import Document, Section
from octavo.errors import Report
from octavo.filters import FilterContext
from octavo.filters import figures, headings, ids, links, rawformats
from octavo.filters.citeplace import is_note_style, place_in_text_citations
from octavo.filters.metadata import report_chapter_metadata
from octavo.filters.structure import check_unique_ids, take_title


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def section(root: Path, source: str, blocks: list, name="ch.md") -> Section:
    path = root / name
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return Section("chapter", path, blocks)


def ctx(root, release=False, site=None) -> FilterContext:
    return FilterContext(root=root, release=release, report=Report(), site=site)


def msgs(c: FilterContext) -> list[str]:
    return [str(d) for d in c.report.items]


def words(s):
    out = []
    for w in s.split():
        out += [Str(w), Space()]
    return out[:-1]


def header(level, ident, title):
    return {"t": "Header", "c": [level, [ident, [], []], words(title)]}


# --- headings -------------------------------------------------------------------

def _kept(root, s):
    """The context after the section's title is taken and its headings' hierarchy kept."""
    c = ctx(root)
    take_title(s, c)
    headings.keep_hierarchy(s, c)
    return c


def _levels(s) -> list[int]:
    return [h["c"][0] for h in iter_nodes(s.blocks) if h["t"] == "Header"]


def test_second_level_one_heading_keeps_the_hierarchy_with_a_warning(root):
    s = section(root, "# Title\n\nText.\n\n## Sub\n\nMore.\n\n# Part two\n\nText.\n\n## Sub two\n",
                [header(1, "title", "Title"), Para(words("Text.")), header(2, "sub", "Sub"), Para(words("More.")),
                 header(1, "part-two", "Part two"), Para(words("Text.")), header(2, "sub-two", "Sub two")])
    c = _kept(root, s)
    levels = {h["c"][1][0]: h["c"][0] for h in iter_nodes(s.blocks) if h["t"] == "Header"}
    assert levels == {"sub": 3, "part-two": 2, "sub-two": 3}  # part two stays above its own ## heading
    assert msgs(c) == ["ch.md:9: warning M210: A second level-one heading 'Part two' inside the section; the section's "
                       "headings are set one level lower so it stays above its own '##' headings. Start a new chapter "
                       "file for it (and list it in book.yaml), or write it as '##'."]


def test_a_chapter_with_one_level_one_heading_is_unchanged(root):
    s = section(root, "# Title\n\n## Sub\n\n### Three\n\n## Back up\n",
                [header(1, "t", "Title"), header(2, "sub", "Sub"), header(3, "three", "Three"),
                 header(2, "up", "Back up"), Para(words("x"))])
    c = _kept(root, s)
    assert _levels(s) == [2, 3, 2]
    assert msgs(c) == []


def test_a_heading_that_skips_levels_is_kept_with_a_located_warning(root):
    s = section(root, "# Title\n\n## Sub\n\n###### Six\n\n#### Four\n",
                [header(1, "t", "Title"), header(2, "sub", "Sub"), header(6, "six", "Six"),
                 header(4, "four", "Four"), Para(words("x"))])
    c = _kept(root, s)
    assert _levels(s) == [2, 6, 4]  # as written
    assert msgs(c) == ["ch.md:5: warning M213: Heading 'Six' is at level 6 under a level-2 heading: it skips "
                       "levels 3-5, which breaks the outline a screen reader navigates by (the EPUB's accessibility "
                       "check fails on it). Write it as '###' (or add the levels between)."]


def test_a_chapter_opening_below_level_two_skips_a_level(root):
    s = section(root, "# Title\n\n### Three\n", [header(1, "t", "Title"), header(3, "three", "Three"),
                                                   Para(words("x"))])
    c = _kept(root, s)
    assert [(d.code, d.line) for d in c.report.items] == [("M213", 3)]
    assert "skips level 2," in c.report.items[0].message


def test_a_heading_pushed_below_six_is_set_at_six_with_a_warning(root):
    s = section(root, "# T\n\n# Two\n\n###### Deep\n", [header(1, "t", "T"), header(1, "two", "Two"),
                                                     header(6, "deep", "Deep"), Para(words("x"))])
    c = _kept(root, s)
    assert _levels(s) == [2, 6]
    # Deep is also five levels under Two as written (M213)
    assert sorted((d.code, d.line) for d in c.report.items) == [("M210", 3), ("M211", 5), ("M213", 5)]


# --- ids ------------------------------------------------------------------------

def test_cyrillic_heading_without_id_gets_an_ascii_section_id_and_no_m206(root):
    s = section(root, "# Глава первая\n\nТекст, [см.](#глава-первая).\n",
                [header(1, "глава-первая", "Глава первая"),
                 Para([Str("Текст,"), Space(), {"t": "Link", "c": [["", [], []], [Str("см.")], ["#глава-первая", ""]]}])])
    c = ctx(root)
    take_title(s, c)
    doc = Document([s])
    ids.transliterate_ids(doc)
    check_unique_ids(doc, c)
    assert s.id == "glava-pervaya"
    link = next(n for n in iter_nodes(s.blocks) if n["t"] == "Link")
    assert link["c"][2][0] == "#glava-pervaya"  # links follow the renamed id
    assert msgs(c) == []


def test_transliterated_ids_never_collide():
    taken = {"glava"}
    assert ids.ascii_id("глава", taken) == "glava-2"
    assert ids.ascii_id("chapter-one", taken) == "chapter-one"
    assert ids.ascii_id("東京", set())[0].isalpha()


@pytest.mark.parametrize("title, slug", [("Война и мир", "voyna-i-mir"), ("Ελληνικά", "ellinika"),
                                         ("Ça va, déjà vu", "ca-va-deja-vu"), ("The Kid’s Book", "the-kids-book")])
def test_slugs_transliterate_any_script(title, slug):
    assert slugify(title) == slug


# --- raw TeX ----------------------------------------------------------------------

@pytest.mark.parametrize("release, level", [(False, "warning"), (True, "error")])
def test_raw_tex_is_a_located_warning_or_release_error(root, release, level):
    s = section(root, "# T\n\n- one\n- \\begin{center}x\\end{center}\n\nText \\cite{serge} here.\n",
                [{"t": "BulletList", "c": [[{"t": "Plain", "c": words("one")}],
                                           [{"t": "RawBlock", "c": ["tex", "\\begin{center}x\\end{center}"]}]]},
                 Para([Str("Text"), Space(), {"t": "RawInline", "c": ["tex", "\\cite{serge}"]}, Space(), Str("here.")])])
    c = ctx(root, release=release)
    rawformats.report_foreign(s, c)
    assert [(d.code, d.severity, d.line) for d in c.report.items] == [("S606", level, 4), ("S606", level, 6)]
    assert "'\\begin{center}x\\end{center}'" in c.report.items[0].message
    assert not [n for n in iter_nodes(s.blocks) if n["t"].startswith("Raw")]


def test_raw_html_is_left_to_the_html_filter(root):
    s = section(root, "<b>x</b>\n", [{"t": "RawBlock", "c": ["html", "<b>x</b>"]}])
    c = ctx(root)
    rawformats.report_foreign(s, c)
    assert msgs(c) == [] and s.blocks[0]["t"] == "RawBlock"


# --- metadata in a chapter --------------------------------------------------------

def test_title_block_and_yaml_block_in_a_chapter_are_reported(root):
    path = root / "ch.md"
    source = "% A title\n% An author\n\n# Chapter\n\nText.\n\n---\nsubtitle: lost\n---\n\nMore.\n"
    report = Report()
    report_chapter_metadata(path, {"title": {}, "author": {}, "subtitle": {}}, source, report, release=False)
    assert [(d.code, d.severity, d.line) for d in report.items] == [("M212", "warning", 1), ("M212", "warning", 8)]
    assert "(subtitle)" in report.items[1].message


def test_no_metadata_no_finding(root):
    report = Report()
    report_chapter_metadata(root / "ch.md", {}, "# T\n\n---\n\nText.\n", report, release=True)
    assert report.items == []


# --- links --------------------------------------------------------------------------

def link(target, text="x"):
    return {"t": "Link", "c": [["", [], []], words(text), [target, ""]]}


def test_site_root_link_is_a_web_link_against_the_site(root):
    s = section(root, "# T\n\nSee [about](/about/).\n", [Para([Str("See"), Space(), link("/about/", "about")])])
    c = ctx(root, site="https://example.org/")
    links.check(s, c)
    assert next(n for n in iter_nodes(s.blocks) if n["t"] == "Link")["c"][2][0] == "https://example.org/about/"
    assert msgs(c) == []


def test_site_root_link_without_a_site_is_a_warning_not_a_file_error(root):
    s = section(root, "# T\n\nSee [about](/about/).\n", [Para([Str("See"), Space(), link("/about/", "about")])])
    c = ctx(root)
    links.check(s, c)
    assert [(d.code, d.severity, d.line) for d in c.report.items] == [("S607", "warning", 3)]
    assert "file" not in c.report.items[0].hint
    assert not [n for n in iter_nodes(s.blocks) if n["t"] == "Link"]


def test_reference_style_links_are_located_at_their_uses(root):
    source = "# T\n\nFirst [use][bad] here.\n\nSecond [bad] there.\n\nThird [words][Bad].\n\n[bad]: ../../secret.txt\n"
    s = section(root, source, [Para([link("../../secret.txt", "use")]), Para([link("../../secret.txt", "bad")]),
                               Para([link("../../secret.txt", "words")])])
    c = ctx(root)
    links.check(s, c)
    assert [(d.code, d.line) for d in c.report.items] == [("S602", 3), ("S602", 5), ("S602", 7)]


# --- inline images ------------------------------------------------------------------

def image(target, kv=()):
    return {"t": "Image", "c": [["", [], list(map(list, kv))], words("a picture"), [target, ""]]}


@pytest.mark.parametrize("release, level", [(False, "warning"), (True, "error")])
def test_missing_inline_image_is_i401_and_a_placeholder(root, release, level):
    s = section(root, "# T\n\nText ![a picture](images/none.png) inline.\n",
                [Para([Str("Text"), Space(), image("images/none.png"), Space(), Str("inline.")])])
    c = ctx(root, release=release)
    figures.make_figures(s, c)
    assert [(d.code, d.severity, d.line) for d in c.report.items] == [("I401", level, 3)]
    img = next(n for n in iter_nodes(s.blocks) if n["t"] == "Image")
    assert ["missing", "1"] in img["c"][0][2]
    assert c.missing_images == ["images/none.png"]


def test_inline_image_of_an_unsupported_format_is_i402(root):
    (root / "x.bmp").write_bytes(b"BM")
    s = section(root, "# T\n\nA ![p](x.bmp) b.\n", [Para([Str("A"), Space(), image("x.bmp"), Space(), Str("b.")])])
    c = ctx(root)
    figures.make_figures(s, c)
    assert [d.code for d in c.report.items] == ["I402"]


def test_image_size_attributes_and_declared_resolution(root):
    from PIL import Image

    (root / "images").mkdir()
    Image.new("L", (600, 300), 128).save(root / "images" / "p.png", dpi=(300, 300))
    s = section(root, "# T\n\nA ![p](images/p.png){width=60%} and ![q](images/p.png){height=wide}.\n",
                [Para([Str("A"), Space(), image("images/p.png", [("width", "60%")]), Space(), Str("and"), Space(),
                       image("images/p.png", [("height", "wide")])])])
    c = ctx(root)
    figures.make_figures(s, c)
    first, second = [dict(n["c"][0][2]) for n in iter_nodes(s.blocks) if n["t"] == "Image"]
    assert first == {"dpi": "300", "width": "60%"}
    assert "height" not in second
    assert [(d.code, d.line) for d in c.report.items] == [("I404", 3)]


def test_css_lengths():
    assert figures.css_length("60%") == "60%"
    assert figures.css_length("300") == "300px"
    assert figures.css_length("2.5in") == "2.5in"
    assert figures.css_length("wide") is None and figures.css_length("0") is None


# --- citations ------------------------------------------------------------------------

def cite(key="serge", mode="NormalCitation"):
    return {"t": "Cite", "c": [[{"citationId": key, "citationMode": {"t": mode}, "citationPrefix": [],
                                 "citationSuffix": [], "citationNoteNum": 0, "citationHash": 0}], [Str(f"[@{key}]")]]}


def plain(inlines):
    from octavo.ast import text
    return text([Para([Str("<C>") if n["t"] == "Cite" else n for n in inlines])])


def test_in_text_citation_moves_before_the_punctuation_with_its_space():
    quoted = {"t": "Quoted", "c": [{"t": "DoubleQuote"}, words("a victory.")]}
    blocks = [Para([Str("It"), Space(), Str("was"), Space(), quoted, cite(), Space(), Str("Then,"), cite("deutscher"),
                    Space(), Str("more.")])]
    out = place_in_text_citations(blocks)
    assert plain(out[0]["c"]) == "It was “a victory” <C>. Then <C>, more."


def test_question_marks_and_author_in_text_citations_stay():
    blocks = [Para([Str("Why?"), cite(), Space(), Str("As"), Space(), cite(mode="AuthorInText"), Space(), Str("says.")])]
    out = place_in_text_citations(blocks)
    assert plain(out[0]["c"]) == "Why? <C> As <C> says."


def test_note_styles_are_told_from_in_text_styles(tmp_path):
    note, apa = tmp_path / "n.csl", tmp_path / "a.csl"
    note.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">')
    apa.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">')
    assert is_note_style(note) and not is_note_style(apa)


# --- raw HTML ids and colours ------------------------------------------------------------

def test_raw_html_ids_are_namespaced_and_never_collide(root):
    from octavo.filters import rawhtml

    one = section(root, '# T\n\n<span id="here">a</span> <a href="#here">back</a>\n',
                  [{"t": "RawBlock", "c": ["html", '<p><span id="here">a</span> <a href="#here">back</a></p>']},
                   Para([link("#here", "there")])], name="one.md")
    two = section(root, '# U\n\n<span id="here">b</span>\n', [{"t": "RawBlock", "c": ["html", '<span id="here">b</span>']}],
                  name="two.md")
    one.id, two.id = "one", "two"
    c = ctx(root)
    rawhtml.sanitize(one, c)
    rawhtml.sanitize(two, c)
    rawhtml.relink(Document([one, two]), c)
    assert one.blocks[0]["c"][1] == '<p><span id="raw-here">a</span> <a href="#raw-here">back</a></p>'
    assert two.blocks[0]["c"][1] == '<span id="raw-here-2">b</span>'
    assert next(n for n in iter_nodes(one.blocks) if n["t"] == "Link")["c"][2][0] == "#raw-here"


def test_raw_html_colour_is_marked_for_print_with_a_warning(root):
    from octavo.filters import rawhtml

    s = section(root, '# T\n\n<p style="color: #c00">red</p>\n', [{"t": "RawBlock", "c": ["html", '<p style="color: #c00">red</p>']}])
    c = ctx(root)
    rawhtml.sanitize(s, c)
    assert s.blocks[0]["c"][1] == '<p style="color: #c00" data-octavo-colour="1">red</p>'
    assert [(d.code, d.line) for d in c.report.items] == [("S608", 3)]


# --- R302 --------------------------------------------------------------------------------

def test_uncited_entry_is_located_in_the_bibliography(root):
    from octavo.filters.citations import check_uncited

    bib = root / "references.yaml"
    bib.write_text("references:\n  - id: cited\n    title: A\n  - id: never\n    title: B\n")
    c = FilterContext(root=root, release=False, report=Report(), reference_ids={"cited", "never"}, bibliography=bib)
    s = section(root, "# T\n\nx\n", [Para([{"t": "Cite", "c": [[{"citationId": "cited"}], []]}])])
    check_uncited(Document([s]), c)
    assert msgs(c) == ["references.yaml:4: warning R302: Bibliography entry 'never' is never cited; it is left out of "
                       "the sources. Cite it ([@never]) or delete the entry."]
