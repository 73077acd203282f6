"""Citations: citeproc over a small book renders Chicago notes as footnotes,
first in full and later short, numbered per section, with a bibliography;
the rendered HTML is compared with golden files (``--save-golden-files``
rewrites them for review)."""
from __future__ import annotations

import pytest

from octavo.cite import apply_citeproc, reference_ids
from octavo.document import Document, Section
from octavo.errors import BookError
from octavo.filters import FilterContext, citations
from octavo.parse import parse_markdown
from octavo.project import find_style
from octavo.render.html import RenderOptions, render_blocks, render_section

REFERENCES = """\
references:
  - id: rowe-garden-walls
    type: book
    author: [{family: Rowe, given: Hannah}]
    title: Garden Walls
    translator: [{family: Lind, given: Petra}]
    publisher: Harbour Press
    publisher-place: New York
    issued: {date-parts: [[1937]]}
  - id: okafor-river-towns
    type: book
    author: [{family: Okafor, given: Chidi}]
    title: "River Towns: A Survey"
    publisher: Lakeside University Press
    publisher-place: London
    issued: {date-parts: [[1949]]}
  - id: gazette-1936-08-08
    type: article-newspaper
    container-title: The Evening Gazette
    publisher-place: London
    issued: {date-parts: [[1936, 8, 8]]}
"""

CHAPTER_ONE = """\
# One {#one}

“The walls seemed endless.”[@rowe-garden-walls, 44] Later she wrote again.[@rowe-garden-walls, 45]

“Every town had its ferry.”[quoted in @okafor-river-towns, 320]
"""

CHAPTER_TWO = """\
# Two {#two}

The paper reported it.[@gazette-1936-08-08] Rowe once more.[@rowe-garden-walls, 91]
"""


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


def test_citeproc_renders_chicago_notes(small_book, golden):
    root, doc = small_book
    csl = find_style("chicago-notes-bibliography-17th-edition", root, "book.yaml")
    apply_citeproc(doc, root / "refs.yaml", csl, "en-GB")
    opts = RenderOptions(notes="popup")
    for section in doc.sections:
        rendered = render_section(section, opts)
        notes = "\n".join(f"{n.number}: {n.html.strip()}" for n in rendered.notes)
        golden(f"citations/{section.id}.html", rendered.body + "\n--- notes ---\n" + notes + "\n")
    golden("citations/bibliography.html", render_blocks(doc.bibliography_html, opts, "sources"))


def test_first_note_full_later_short_and_numbered_per_section(small_book):
    root, doc = small_book
    apply_citeproc(doc, root / "refs.yaml", find_style("chicago-notes-bibliography-17th-edition", root, "b"), "en")
    one = render_section(doc.sections[0], RenderOptions(notes="popup"))
    two = render_section(doc.sections[1], RenderOptions(notes="popup"))
    assert [n.number for n in one.notes] == [1, 2, 3]
    assert [n.number for n in two.notes] == [1, 2]  # numbering restarts in each chapter
    assert "Harbour Press" in one.notes[0].html and "1937" in one.notes[0].html  # first note: full
    assert "Harbour Press" not in one.notes[1].html and "45" in one.notes[1].html  # later note: short
    assert "Harbour Press" not in two.notes[1].html  # short across chapters too
    assert "quoted in" in one.notes[2].html.lower()


def test_missing_key_names_file_line_and_closest_keys(small_book):
    root, doc = small_book
    (root / "three.md").write_text("# Three\n\nA claim.\n\nAnother.[@rowe-garden-wals, 3]\n", encoding="utf-8")
    blocks = parse_markdown(root / "three.md")["blocks"]
    section = Section("chapter", root / "three.md", blocks, id="three")
    ctx = FilterContext(root=root, release=False, reference_ids=reference_ids(root / "refs.yaml"))
    citations.check_keys(section, ctx)
    [error] = ctx.report.errors
    assert error.code == "R301"
    assert error.line == 5
    assert error.file.endswith("three.md")
    assert str(error).endswith("error R301: Citation key '@rowe-garden-wals' is not in the bibliography. "
                               "Closest keys: rowe-garden-walls.")


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
