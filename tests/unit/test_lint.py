"""Lint machinery: prose masking keeps positions, the ignore file, stale entries, house_style config."""
from __future__ import annotations

import pytest

from octavo.codes import REGISTRY
from octavo.lint import lint_text
from octavo.lint.base import RULES, HouseStyle
from octavo.lint.ignore import load_ignores, stale
from octavo.lint.source import MASK, Source


def test_masking_keeps_every_offset_and_hides_markup():
    text = "---\ntitle: \"x\"\n---\n\n> A `code \"x\"` [link](http://a.b/\"c\") [@key-1, 4]{.x}\n"
    s = Source("a.md", text)
    assert len(s.prose) == len(text) and s.prose.count("\n") == text.count("\n")
    assert '"' not in s.prose  # YAML, code, link target all masked
    assert "key-1" not in s.prose and "[" in s.prose and ", 4]" in s.prose
    assert s.prose[s.text.index("A")] == "A" and s.prose[s.text.index(">")] == MASK


def test_position_is_line_and_column_of_the_source():
    s = Source("a.md", "ab\ncd  ef\n")
    f = lint_text(s.text)[0]
    assert (f.code, f.position) == ("L002", (2, 3))


def test_every_rule_has_a_registered_code():
    for code in RULES:
        assert code in REGISTRY and REGISTRY[code].level == "warning"


def _ignore(tmp_path, body: str):
    path = tmp_path / "lint-ignore.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_ignore_entries_need_a_reason_and_known_keys(tmp_path):
    path = _ignore(tmp_path, "- code: L006\n  file: a.md\n  line: 3\n  reason: ''\n"
                             "- {code: L006, file: a.md, line: 3, reason: quoted, colour: red}\n"
                             "- code: L013\n  file: a.md\n  line: 4\n  reason: a deliberate difference\n")
    entries, problems = load_ignores(path)
    assert [e.code for e in entries] == ["L013"]
    assert [(p.code, p.line) for p in problems] == [("L091", 1), ("L091", 5)]


def test_an_entry_matching_nothing_is_stale(tmp_path):
    path = _ignore(tmp_path, "- code: L013\n  file: a.md\n  line: 4\n  reason: deliberate\n")
    entries, _ = load_ignores(path)
    assert entries[0].matches("L013", "a.md", 4, "x")
    diag = stale(entries, path)
    assert [(d.code, d.line, d.severity) for d in diag] == [("L090", 1, "warning")]
    entries[0].used = True
    assert stale(entries, path) == []


def test_no_ignore_file_is_no_entries(tmp_path):
    assert load_ignores(tmp_path / "lint-ignore.yaml") == ([], [])


@pytest.mark.parametrize("style, expect", [
    (HouseStyle(spelling="en-US"), ["L006"]),  # 'colour' against American spelling
    (HouseStyle(spelling="en-GB"), []),
    (HouseStyle(), []),  # no setting and no mixing: nothing to say
])
def test_spelling_follows_the_house_style(style, expect):
    assert [f.code for f in lint_text("The colour of it.\n", style)] == expect


def test_a_mixed_book_without_a_setting_flags_its_minority_spelling():
    found = lint_text("Labour, labour and labor.\n")
    assert [(f.code, f.source.text[f.start:f.end]) for f in found] == [("L006", "labor")]


def test_author_date_citations_may_stand_before_punctuation():
    text = "A claim [@doe, 4], more.\n"
    assert [f.code for f in lint_text(text, HouseStyle(note_style=False))] == []
    assert [f.code for f in lint_text(text, HouseStyle(note_style=True))] == ["L012"]


def test_house_style_is_validated_with_the_rest_of_book_yaml(tmp_path):
    from octavo.config import load_config
    from octavo.errors import BookError

    (tmp_path / "c.md").write_text("# C\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(
        "title: T\nauthors: [A]\npublisher: P\nrights: R\ndescription: D\nchapters: [c.md]\n"
        "house_style:\n  spelling: en-AU\n  ellipsis: dotted\n  colour: x\n", encoding="utf-8")
    with pytest.raises(BookError) as err:
        load_config(tmp_path / "book.yaml")
    found = {(d.code, d.line) for d in err.value.diagnostics}
    assert found == {("C105", 8), ("C105", 9), ("C103", 10)}


def test_a_deliberate_finding_is_kept_by_the_ignore_file_and_a_fixed_one_goes_stale(tmp_path, monkeypatch):
    """Through lint_book: a book folder with one chapter, one ignore entry."""
    from octavo.lint import lint_book
    from octavo.project import Book

    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.md").write_text("# C\n\nIt was the the end.  Yes.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text("title: T\nauthors: [A]\npublisher: P\nrights: R\ndescription: D\n"
                                        "chapters: [c.md]\n", encoding="utf-8")
    (tmp_path / "lint-ignore.yaml").write_text("- {code: L005, file: c.md, line: 3, text: the, reason: quoted}\n",
                                               encoding="utf-8")
    result = lint_book(Book.load(tmp_path))
    assert [str(d) for d in result.diagnostics] == [
        "c.md:3:20: warning L002: 2 spaces between words. Use one space."]
    assert result.ignored == 1
    fixed = lint_book(Book.load(tmp_path), fix=True)
    assert (tmp_path / "c.md").read_text(encoding="utf-8") == "# C\n\nIt was the the end. Yes.\n"
    assert fixed.fixed == 1 and fixed.diagnostics == []
    (tmp_path / "c.md").write_text("# C\n\nIt was the end.\n", encoding="utf-8")
    assert [d.code for d in lint_book(Book.load(tmp_path)).diagnostics] == ["L090"]
