"""Citations: citeproc over a small book renders Chicago notes as footnotes,
first in full and later short, numbered per section, with a bibliography;
the rendered HTML is compared with golden files (``--save-golden-files``
rewrites them for review)."""
from __future__ import annotations

from pathlib import Path

import pytest

from octavo.cite import apply_citeproc, reference_ids
from octavo.document import Document, Section
from octavo.errors import BookError
from octavo.filters import FilterContext, citations
from octavo.parse import parse_markdown
from octavo.project import find_style
from octavo.render.html import RenderOptions, render_blocks, render_section

GOLDEN = Path(__file__).parent / "golden" / "citations"

REFERENCES = """\
references:
  - id: serge-lenin-to-stalin
    type: book
    author: [{family: Serge, given: Victor}]
    title: From Lenin to Stalin
    translator: [{family: Manheim, given: Ralph}]
    publisher: Pioneer Publishers
    publisher-place: New York
    issued: {date-parts: [[1937]]}
  - id: deutscher-stalin
    type: book
    author: [{family: Deutscher, given: Isaac}]
    title: "Stalin: A Political Biography"
    publisher: Oxford University Press
    publisher-place: London
    issued: {date-parts: [[1949]]}
  - id: times-1936-08-08
    type: article-newspaper
    container-title: The Times
    publisher-place: London
    issued: {date-parts: [[1936, 8, 8]]}
"""

CHAPTER_ONE = """\
# One {#one}

“The cause seemed lost.”[@serge-lenin-to-stalin, 44] Later he wrote again.[@serge-lenin-to-stalin, 45]

“Individual farming could continue.”[quoted in @deutscher-stalin, 320]
"""

CHAPTER_TWO = """\
# Two {#two}

The paper reported it.[@times-1936-08-08] Serge once more.[@serge-lenin-to-stalin, 91]
"""


def _golden(request, name: str, actual: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--save-golden-files", False) or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not request.config.getoption("--save-golden-files", False):
            pytest.fail(f"golden file {path} was missing and has been written: review it and run again")
    assert actual == path.read_text(encoding="utf-8")


@pytest.fixture
def small_book(tmp_path):
    (tmp_path / "refs.yaml").write_text(REFERENCES, encoding="utf-8")
    sections = []
    for name, text in (("one.md", CHAPTER_ONE), ("two.md", CHAPTER_TWO)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        blocks = parse_markdown(tmp_path / name)["blocks"]
        section = Section("chapter", tmp_path / name, blocks[1:], id=name[:-3], title=blocks[0]["c"][2])
        sections.append(section)
    return tmp_path, Document(sections)


def test_citeproc_renders_chicago_notes(small_book, request):
    root, doc = small_book
    csl = find_style("chicago-notes-bibliography-17th-edition", root, "book.yaml")
    apply_citeproc(doc, root / "refs.yaml", csl, "en-GB")
    opts = RenderOptions(notes="popup")
    for section in doc.sections:
        rendered = render_section(section, opts)
        notes = "\n".join(f"{n.number}: {n.html.strip()}" for n in rendered.notes)
        _golden(request, f"{section.id}.html", rendered.body + "\n--- notes ---\n" + notes + "\n")
    _golden(request, "bibliography.html", render_blocks(doc.bibliography_html, opts, "sources"))


def test_first_note_full_later_short_and_numbered_per_section(small_book):
    root, doc = small_book
    apply_citeproc(doc, root / "refs.yaml", find_style("chicago-notes-bibliography-17th-edition", root, "b"), "en")
    one = render_section(doc.sections[0], RenderOptions(notes="popup"))
    two = render_section(doc.sections[1], RenderOptions(notes="popup"))
    assert [n.number for n in one.notes] == [1, 2, 3]
    assert [n.number for n in two.notes] == [1, 2]  # numbering restarts in each chapter
    assert "Pioneer Publishers" in one.notes[0].html and "1937" in one.notes[0].html  # first note: full
    assert "Pioneer" not in one.notes[1].html and "45" in one.notes[1].html  # later note: short
    assert "Pioneer" not in two.notes[1].html  # short across chapters too
    assert "quoted in" in one.notes[2].html.lower()


def test_missing_key_names_file_line_and_closest_keys(small_book):
    root, doc = small_book
    (root / "three.md").write_text("# Three\n\nA claim.\n\nAnother.[@serge-lenin-to-stallin, 3]\n", encoding="utf-8")
    blocks = parse_markdown(root / "three.md")["blocks"]
    section = Section("chapter", root / "three.md", blocks, id="three")
    ctx = FilterContext(root=root, release=False, reference_ids=reference_ids(root / "refs.yaml"))
    citations.check_keys(section, ctx)
    [error] = ctx.report.errors
    assert error.code == "R301"
    assert error.line == 5
    assert error.file.endswith("three.md")
    assert str(error).endswith("error R301: Citation key '@serge-lenin-to-stallin' is not in the bibliography. "
                               "Closest keys: serge-lenin-to-stalin, deutscher-stalin.")


def test_uncited_entry_is_a_warning(small_book):
    root, doc = small_book
    ctx = FilterContext(root=root, release=False, reference_ids=reference_ids(root / "refs.yaml") | {"never-cited"})
    citations.check_uncited(doc, ctx)
    assert [w.code for w in ctx.report.warnings] == ["R302"]
    assert "never-cited" in ctx.report.warnings[0].message
    assert not ctx.report.errors


def test_unknown_style_suggests_a_name(tmp_path):
    with pytest.raises(BookError) as exc:
        find_style("chicago-notes-bibliography-17th", tmp_path, "book.yaml")
    assert "Did you mean 'chicago-notes-bibliography-17th-edition'?" in str(exc.value)
