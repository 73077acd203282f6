"""Book structure: parts (a `.part` heading) numbered and labelled in the book's language,
their chapters nested under them in the contents; a chapter without a number is a chapter
unless a role class (prologue, epilogue...) says otherwise."""
from __future__ import annotations

from pathlib import Path

import pytest

from octavo.ast import Para, Str
from octavo.builders.contents import entry, nest_parts
from octavo.document import Document, Section
from octavo.errors import Report
from octavo.filters import FilterContext
from octavo.filters.structure import (ROLE_CLASSES, label_opening, number_chapters, number_parts, part_label,
                                     roles_from_titles, take_title)
from octavo.i18n import _load, languages, messages


def _section(tmp_path: Path, name: str, title: str, classes=(), text=True, kind="chapter") -> Section:
    path = tmp_path / f"{name}.md"
    path.write_text(f"# {title}\n", encoding="utf-8")
    head = {"t": "Header", "c": [1, [name, list(classes), []], [Str(title)]]}
    return Section(kind, path, [head] + ([Para([Str("Text.")])] if text else []))


def _prepared(tmp_path, specs, lang="en") -> tuple[Document, Report]:
    ctx = FilterContext(root=tmp_path, release=False, report=Report())
    doc = Document([_section(tmp_path, *spec) for spec in specs])
    for s in doc.sections:
        take_title(s, ctx)
    number_chapters(doc)
    number_parts(doc, messages(lang))
    return doc, ctx.report


def test_a_chapter_without_a_number_is_a_chapter_and_role_classes_give_their_role(tmp_path):
    specs = [("pro", "Before", ["prologue"]), ("one", "One"), ("free", "Free", ["unnumbered"])] + \
            [(c, c.title(), [c]) for c in ROLE_CLASSES if c != "prologue"]
    doc, report = _prepared(tmp_path, specs)
    roles = {s.id: (s.epub_type, s.number) for s in doc.sections}
    assert roles["pro"] == ("prologue", None) and roles["one"] == ("chapter", "1") and roles["free"] == ("chapter", None)
    assert all(roles[c] == (c, None) for c in ROLE_CLASSES if c != "prologue")
    assert not report.items


def test_parts_are_labelled_and_own_the_chapters_that_follow(tmp_path):
    specs = [("pro", "Before", ["prologue"]), ("p1", "Town", ["part"], False), ("a", "A"), ("b", "B", ["unnumbered"]),
             ("p2", "Winter", ["part"]), ("c", "C"), ("epi", "After", ["epilogue"])]
    doc, report = _prepared(tmp_path, specs)
    by = {s.id: s for s in doc.sections}
    assert not report.items  # a part's title page may hold no text
    t = messages("en")
    assert (by["p1"].kind, by["p1"].epub_type, by["p1"].label) == ("part", "part", part_label(t, "1"))
    assert by["p2"].label == part_label(t, "2") != by["p1"].label
    assert [s.part for s in doc.sections] == [None, None, "p1", "p1", None, "p2", None]
    assert [s.number for s in doc.chapters] == [None, "1", None, "2", None]  # chapters count on across parts
    nested = nest_parts([entry(f"#{s.id}", s, s.id) for s in doc.sections])
    assert [e["title_html"] for e in nested] == ["pro", "p1", "p2", "epi"]
    assert [[c["title_html"] for c in e["children"]] for e in nested] == [[], ["a", "b"], ["c"], []]


@pytest.mark.parametrize("lang", languages())
def test_every_language_names_its_parts(lang):
    t = messages(lang)
    names = dict(t.table)["part_names"]
    assert len(names) == len(_load("en")["part_names"])
    assert [part_label(t, str(n)) for n in range(1, len(names) + 1)] == names
    beyond = part_label(t, str(len(names) + 2))  # past the named ones: the phrase and a roman numeral
    assert beyond not in names and beyond.replace(" ", "") != t("part", number=str(len(names) + 2)).replace(" ", "")
    if lang.split("-")[0] != "en":
        assert names != _load("en")["part_names"]


@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_a_section_titled_or_labelled_as_a_role_takes_it_in_the_books_language(tmp_path, lang):
    t = messages(lang)
    epilogue = dict(t.table)["title_epilogue"][0]
    specs = [("open", "The Storm", ["unnumbered"]), ("one", "One"), ("loose", "Letters", ["unnumbered"]),
             ("end", epilogue, ["unnumbered"])]
    doc, _ = _prepared(tmp_path, specs, lang)
    label_opening(doc, dict(messages("en").table)["title_prologue"][0])  # book.yaml opening_label: Prologue
    roles_from_titles(doc, t)
    assert [s.epub_type for s in doc.sections] == ["prologue", "chapter", "chapter", "epilogue"]


@pytest.mark.parametrize("lang", languages())
def test_every_language_names_each_role(lang):
    table = dict(messages(lang).table)
    assert all(table[f"title_{role}"] for role in ROLE_CLASSES)
