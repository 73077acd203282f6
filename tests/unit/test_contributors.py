"""People credited, their roles and sort names; the series; the accessibility summary."""
from __future__ import annotations

from octavo.a11y import Features, features, summary
from octavo.contributors import credit_lines, people
from octavo.metadata import Contributor
from octavo.document import Document, Section
from octavo.i18n import messages


def test_authors_come_first_and_take_their_sort_name_from_contributors():
    given = [Contributor(name="Ed Itor", role="editor", sort_name="Itor, Ed"),
             Contributor(name="Ann Author", sort_name="Author, Ann"),
             Contributor(name="Tra Nslator", role="translator")]
    credited = people(["Ann Author", "Bob Writer"], given)
    # a name without a sort name sorts inverted (the metadata model's rule)
    assert [(p.name, p.marc_role, p.sort) for p in credited] == [
        ("Ann Author", "aut", "Author, Ann"), ("Bob Writer", "aut", "Writer, Bob"),
        ("Ed Itor", "edt", "Itor, Ed"), ("Tra Nslator", "trl", "Nslator, Tra")]


def test_credit_lines_are_in_the_books_language():
    credited = people(["A"], [Contributor(name="E", role="editor"), Contributor(name="F", role="editor"),
                              Contributor(name="I", role="introduction")])
    assert credit_lines(credited, messages("en")) == ["Edited by E and F", "With an introduction by I"]
    assert credit_lines(credited, messages("de")) == ["Herausgegeben von E und F", "Mit einer Einleitung von I"]


def _doc(*blocks) -> Document:
    return Document([Section("chapter", None, list(blocks), id="c")])  # type: ignore[arg-type]


def test_the_summary_names_only_the_features_the_book_has():
    plain = _doc({"t": "Para", "c": [{"t": "Str", "c": "x"}]})
    found = features(plain, page_list=False)
    assert found == Features()
    text = summary(found, messages("en"))
    assert "Tables" not in text and "Images" not in text and "page list" not in text

    table = {"t": "Table", "c": [["", [], []], [None, []], [], [["", [], []], []], [], [["", [], []], []]]}
    math = {"t": "Para", "c": [{"t": "Math", "c": [{"t": "InlineMath"}, "x^2"]}]}
    note = {"t": "Para", "c": [{"t": "Note", "c": [{"t": "Para", "c": [{"t": "Str", "c": "n"}]}]}]}
    rich = features(_doc(table, math, note), page_list=True)
    assert rich == Features(tables=True, math=True, notes=True, pages=True)
    de = summary(rich, messages("de"))
    for key in ("a11y_tables", "a11y_math", "a11y_notes", "a11y_pages"):
        assert messages("de")(key) in de
