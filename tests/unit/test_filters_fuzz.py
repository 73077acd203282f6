"""Property tests: whatever Markdown pandoc accepts goes through every filter and
the renderer (foot notes for the PDFs, popup notes for the EPUB) without an
exception, and what comes out holds no script, frame, form or event handler.

Examples are built from Markdown's own pieces (headings with attributes,
links and images with awkward targets, citations, editor's notes, raw HTML,
notes, lists, tables, divs...) mixed with arbitrary text, so pandoc reads
odd but plausible manuscripts. One pandoc call per example; the parsed
section is used twice (a chapter and a back-matter copy) so identifiers
clash across sections too.
"""
from __future__ import annotations

import copy
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from octavo.codes import REGISTRY
from octavo.document import Document, Section
from octavo.filters import FilterContext, rawhtml, run_filters
from octavo.filters.structure import number_chapters
from octavo.parse import parse_markdown
from octavo.render.html import RenderOptions, render_blocks, render_section

FAST = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
QUICK = settings(max_examples=300, deadline=None, database=None)

UNSAFE_TAGS = {"script", "iframe", "object", "embed", "form", "frame", "frameset", "applet", "base", "meta", "link",
               "style"}

# --- pieces of Markdown ----------------------------------------------------------

TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("*_`[]()#{}<>!@^~$\\|-:=\"'/.,;&% \t") + ["\n", "é", "—", "’", "\u00a0", "\u200b", "\ufeff"])
words = st.text(TEXT_CHARS, max_size=30)
safe_words = st.text(st.characters(min_codepoint=97, max_codepoint=122) | st.just(" "), min_size=1, max_size=15)
ident = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True) | st.sampled_from(
    ["contents", "notes", "sources", "first", "1abc", "a.b", "fig-x"])
key = st.sampled_from(["doe-small-things", "doe-small-thing", "roe", "x", "Ünïcode"]) | ident
targets = st.sampled_from([
    "images/x.png", "images/x.bmp", "images/none.jpg", "x.svg", "../../secret.txt", "/etc/passwd", "file:///etc/passwd",
    "http://127.0.0.1:9/x.png", "https://example.org/", "http://[::1", "//host/x.png", "javascript:alert(1)",
    "data:image/png;base64,AAAA", "mailto:a@b.c", "#first", "#", "", "a b.png", "images/..", "%2e%2e/%2e%2e/x",
    "images/" + "x" * 300 + ".png", "C:\\\\x.png", "images/x.png#frag?q=1",
]) | words.map(lambda w: w.replace(")", "").replace(" ", "%20"))
raw_html = st.sampled_from([
    "<script>alert(1)</script>", "<b onclick=\"x()\">b</b>", "<img src=x onerror=alert(1)>", "<iframe src=x></iframe>",
    "<form><input></form>", "<scr<script>ipt>alert(1)</scr</script>ipt>", "<img/onerror=alert(1) src=x>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<svg><script>alert(1)</script></svg>", "<style>p{}</style>",
    "<p style=\"background:url(http://127.0.0.1:9/x)\">p</p>", "<!-- c -->", "<br>", "<span>", "</span>", "<div>",
    "</div>", "<em>e</em>", "<img src=\"images/x.png\">", "<svg:script>x</svg:script>", "<a href=\"../../x\">x</a>",
    "<object data=x></object>", "<embed src=x>", "<meta http-equiv=refresh content=0>", "<![CDATA[x]]>",
    "<p title=\"a onclick=b\">t</p>", "<math><mi>x</mi></math>", "<table><tr><td>x</td></tr></table>",
]) | st.builds(lambda t, a, v: f"<{t} {a}=\"{v}\">", st.sampled_from(["p", "span", "img", "a", "div", "x:y"]),
               st.sampled_from(["onload", "src", "href", "style", "class", "ONCLICK", "xlink:href"]), words)


def inline():
    return st.one_of(
        words, safe_words,
        st.builds("*{}*".format, safe_words), st.builds("**{}**".format, words),
        st.builds("`{}`".format, words),
        st.builds("[{}]({})".format, safe_words, targets),
        st.builds("![{}]({})".format, words, targets),
        st.builds('![{}]({}){{alt="{}"}}'.format, safe_words, targets, safe_words),
        st.builds("[@{}, {}]".format, key, st.integers(1, 999)), st.builds("@{}".format, key),
        st.builds("[see @{}; @{}]".format, key, key),
        st.builds("[{}]{{.ednote}}".format, words), st.builds("[{}]{{#{}}}".format, safe_words, ident),
        st.builds('[{}]{{onclick="{}" style="x"}}'.format, safe_words, safe_words),
        st.builds("^[{}]".format, words), st.builds("[^{}]".format, ident),
        raw_html, st.builds("${}$".format, safe_words), st.builds("^{}^".format, safe_words),
        st.builds("~~{}~~".format, safe_words), st.just("\\\n"),
    )


def paragraph():
    return st.lists(inline(), min_size=1, max_size=6).map(" ".join)


def block():
    return st.one_of(
        paragraph(),
        st.builds("{} {} {{#{}}}".format, st.sampled_from(["#", "##", "###", "######"]), safe_words, ident),
        st.builds("## {}".format, words),
        st.builds('# {} {{#{} number="{}"}}'.format, safe_words, ident, st.sampled_from(["16", "x", ""])),
        st.builds("> {}".format, paragraph()),
        st.lists(paragraph(), min_size=1, max_size=3).map(lambda items: "\n".join("- " + i.replace("\n", " ") for i in items)),
        st.lists(paragraph(), min_size=1, max_size=3).map(lambda items: "\n".join(f"{n}. " + i.replace("\n", " ")
                                                                                 for n, i in enumerate(items, 1))),
        st.builds("```\n{}\n```".format, words), st.builds("```{{=html}}\n{}\n```".format, raw_html),
        st.builds("```{{=latex}}\n{}\n```".format, words),
        raw_html, st.builds("::: {{.{} #{}}}\n{}\n:::".format, ident, ident, paragraph()),
        st.builds("| {} | {} |\n|---|---|\n| {} | {} |".format, safe_words, safe_words, words, words),
        st.builds("| {}\n| {}".format, safe_words, words),
        st.builds('![{}]({}){{#{} alt="{}" credit="{}"}}'.format, words, targets, ident, words, words),
        st.builds("![{}]({})".format, words, targets),
        st.builds("{}\n: {}".format, safe_words, paragraph()),
        st.builds("[^{}]: {}".format, ident, paragraph()),
        st.just("* * *"), st.just("<div onclick=\"x\">\n\ninside\n\n</div>"),
    )


def heading():
    return st.one_of(st.just(""), st.builds("# {} {{#{}}}\n\n".format, safe_words, ident),
                     st.builds("# {}\n\n".format, words), st.builds("# {} {{.unnumbered}}\n\n".format, safe_words))


markdown = st.one_of(
    st.builds(lambda h, bs: h + "\n\n".join(bs) + "\n", heading(), st.lists(block(), max_size=8)),
    st.text(TEXT_CHARS, max_size=200),
)


# --- checks ---------------------------------------------------------------------

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        local = tag.rsplit(":", 1)[-1].lower()
        if local in UNSAFE_TAGS:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name.rsplit(":", 1)[-1].lower().startswith("on"):
                self.bad.append(f"{tag}[{name}]")
            if name.lower() in ("href", "src") and (value or "").replace("\t", "").strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag}[{name}={value}]")

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.bad


@pytest.fixture(scope="module")
def book_root():
    with tempfile.TemporaryDirectory(prefix="octavo-fuzz-") as tmp:
        root = Path(tmp)
        (root / "images").mkdir()
        (root / "images" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
        (root / "images" / "x.bmp").write_bytes(b"BM" + bytes(16))
        (root / "x.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
        yield root


@pytest.mark.slow  # one pandoc run per example, a hundred examples: a minute on a busy machine
@FAST
@given(text=markdown, release=st.booleans(), with_bibliography=st.booleans())
def test_any_markdown_goes_through_the_filters_and_the_renderer(book_root, text, release, with_bibliography):
    path = book_root / "chapter.md"
    path.write_text(text, encoding="utf-8")
    blocks = parse_markdown(path)["blocks"]  # the one pandoc call of this example
    doc = Document([Section("chapter", path, blocks), Section("back", path, copy.deepcopy(blocks))])
    ctx = FilterContext(root=book_root, release=release,
                        reference_ids={"doe-small-things", "roe"} if with_bibliography else set())
    run_filters(doc, ctx)
    number_chapters(doc)
    for d in ctx.report.items:  # every finding has a registered code; every error names its file
        assert d.code in REGISTRY and d.severity in REGISTRY[d.code].level.split("|"), d
        assert d.file or d.severity == "warning", d
        str(d)
    for section in doc.sections:
        foot = render_section(section, RenderOptions(notes="foot"))
        popup = render_section(section, RenderOptions(notes="popup", href=lambda f: f"chapter.xhtml#{f}",
                                                      image=lambda src: f"images/{Path(src).name}", epub=True))
        for html in (foot.body, foot.title_html, popup.body, popup.title_html, *(n.html for n in popup.notes)):
            assert unsafe_markup(html) == [], html
    render_blocks(doc.sections[0].blocks, RenderOptions(), "sources")


@QUICK
@given(st.lists(raw_html | words | st.sampled_from(["<", ">", "</", "=", "\"", "'", "/", "on", "script", "javascript:"]),
                max_size=12).map("".join))
def test_clean_never_lets_unsafe_markup_through(html):
    cleaned, _removed = rawhtml.clean(html)
    assert unsafe_markup(cleaned) == [], cleaned
    # cleaning is stable: cleaning the cleaned HTML removes nothing more
    again, removed_again = rawhtml.clean(cleaned)
    assert removed_again == [] and unsafe_markup(again) == []
