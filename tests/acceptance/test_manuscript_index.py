"""The real manuscript's index marks (issue 19): read from pandoc's AST of the chapters, the marks
name at least 60 headwords, with subentries for the book's main figures; every key is well formed
(at most two levels, no empty part); a mark is a pure wrapper (it carries nothing but the index
key, so the text reads as before) and stands neither in a heading, a figure caption nor a
citation; every *see* and *see also* target in ``manuscript/index.yaml`` is a marked headword."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
from ruamel.yaml import YAML

from helpers import REPO, chapter_asts

MIN_HEADWORDS = 60  # the floor


def _text(inlines) -> str:
    out: list[str] = []

    def go(node):
        if isinstance(node, list):
            for n in node:
                go(n)
        elif isinstance(node, dict):
            t = node.get("t")
            if t == "Str":
                out.append(node["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t == "Quoted":
                go(node["c"][1])
            elif t not in ("Note", "Cite"):
                go(node.get("c"))
    go(inlines)
    return "".join(out)


def _marks(node, where: tuple = ()):
    """(kind, attr, key, where) of each index mark: ``[x]{.ix}`` (the key is its text),
    ``[x]{ix="…"}``, ``::: {ix="…"}``; ``where`` holds the node types it stands inside."""
    if isinstance(node, list):
        for n in node:
            yield from _marks(n, where)
    elif isinstance(node, dict):
        t = node.get("t")
        if t in ("Span", "Div"):
            attr = node["c"][0]
            values = dict(attr[2])
            if "ix" in values:
                yield t, attr, values["ix"], where
            elif "ix" in attr[1]:
                yield t, attr, _text(node["c"][1]), where
        for value in node.values():
            yield from _marks(value, where + ((t,) if t else ()))


@pytest.fixture(scope="module")
def marks():
    from octavo.project import Book

    found = [m for ast in chapter_asts(Book.load(REPO / "manuscript")) for m in _marks(ast["blocks"])]
    assert found, "no index marks in the manuscript"
    return found


@pytest.fixture(scope="module")
def entries(marks) -> dict[str, set[str]]:
    """Headword -> its subentries, over every term of every mark."""
    out: dict[str, set[str]] = defaultdict(set)
    for _kind, _attr, key, _where in marks:
        for term in key.split(";"):
            head, *sub = [part.strip() for part in term.split("!")]
            out[head].update(sub)
    return out


def test_every_key_is_well_formed(marks):
    for _kind, _attr, key, _where in marks:
        for term in key.split(";"):
            parts = term.split("!")
            assert len(parts) <= 2, f"more than two levels: {key!r}"
            assert all(p.strip() for p in parts), f"empty part in {key!r}"


def test_a_mark_is_a_pure_wrapper_outside_headings_captions_and_citations(marks):
    for kind, (ident, classes, attrs), key, where in marks:
        assert ident == "" and set(classes) <= {"ix"} and [k for k, _ in attrs if k != "ix"] == [], (kind, key)
        assert not {"Header", "Image", "Figure", "Cite"} & set(where), (key, where)


def test_at_least_sixty_headwords_and_the_main_figures_have_subentries(entries):
    assert len(entries) >= MIN_HEADWORDS, sorted(entries)
    # the people the book is catalogued under (book.yaml subjects "Surname, Forename, dates")
    config = YAML(typ="safe").load((REPO / "manuscript" / "book.yaml").read_text(encoding="utf-8"))
    people = [m.group(1) for s in config["subjects"] if (m := re.match(r"([^,]+, [^,\d]+), \d{4}", s))]
    assert people, config["subjects"]
    for person in people:
        assert len(entries.get(person, ())) >= 5, f"{person}: {sorted(entries.get(person, ()))}"
    assert sum(1 for subs in entries.values() if subs) >= 5


def test_some_passages_are_marked_as_ranges(marks):
    assert sum(1 for kind, *_ in marks if kind == "Div") >= 3


def test_see_and_see_also_name_marked_headwords(entries):
    data = YAML(typ="safe").load((REPO / "manuscript" / "index.yaml").read_text(encoding="utf-8"))
    assert set(data) <= {"see", "see_also"}, set(data)
    see, see_also = data.get("see") or {}, data.get("see_also") or {}
    for term, target in see.items():
        assert isinstance(target, str) and target in entries, f"{term}: see {target!r} is not a marked headword"
        assert term not in entries, f"{term!r} is a headword with locators and a 'see' reference both"
    for term, targets in see_also.items():
        assert term in entries, f"see also from {term!r}, which is not a marked headword"
        assert isinstance(targets, list) and targets, term
        for target in targets:
            assert target in entries and target != term, f"{term}: see also {target!r} is not a marked headword"
    assert len(see) + sum(len(t) for t in see_also.values()) >= 8
