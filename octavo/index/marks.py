"""Index marks in the manuscript: parse their keys and give every mark an id.

Takes: the filtered sections (pandoc AST). Gives: ``Mark`` records in reading
order and the sections rewritten so each marked span or div carries an id the
layout reports a page for (``ix-N``; a div also gets an empty end marker
``ix-N-end`` as its last block, so a range runs to the page the passage ends on).

Syntax (README, "Index and cross-references"):
``[Bukharin]{.ix}`` indexes the span's text; ``[x]{ix="Head!sub; Other"}`` gives
headwords explicitly, ``!`` before a subentry (two levels at most), ``;`` between
terms; ``::: {ix="collectivisation"}`` ... ``:::`` marks a passage (a range).
A malformed key is a located error (X801).
"""
from __future__ import annotations

from dataclasses import dataclass

from octavo.ast import text, walk
from octavo.document import Document, Section

Term = tuple[str, ...]  # (headword,) or (headword, subentry)


@dataclass(frozen=True)
class Mark:
    id: str
    terms: tuple[Term, ...]
    section: str  # the section's id
    end_id: str | None = None  # a passage (div): the id of its end marker
    file: str = ""
    line: int | None = None


class KeyProblem(ValueError):
    """A malformed index key; ``offset`` is where in the key the problem starts."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.offset = offset


def parse_key(key: str) -> tuple[Term, ...]:
    """``"Head!sub; Other"`` -> (("Head", "sub"), ("Other",)). Whitespace around
    levels and terms is dropped, inner runs of spaces become one; an empty key,
    term or level, or a third level, raises ``KeyProblem``."""
    terms: list[Term] = []
    offset = 0
    for raw in key.split(";"):
        levels = raw.split("!")
        if not raw.strip():
            raise KeyProblem("an empty term (a stray ';' or an empty key)", offset)
        if len(levels) > 2:
            raise KeyProblem(f"'{raw.strip()}' has {len(levels)} levels; an index term has a headword and at most "
                             "one subentry", offset + len(levels[0]) + len(levels[1]) + 1)
        parts = tuple(" ".join(level.split()) for level in levels)
        for i, part in enumerate(parts):
            if not part:
                where = offset + sum(len(x) + 1 for x in levels[:i])
                raise KeyProblem(f"'{raw.strip()}' has an empty {'headword' if i == 0 else 'subentry'} "
                                 "(a stray '!')", where)
        if parts not in terms:
            terms.append(parts)
        offset += len(raw) + 1
    return tuple(terms)


def is_mark(classes: list[str], kv: dict) -> bool:
    return "ix" in classes or "ix" in kv


def collect(doc: Document, report) -> list[Mark]:
    """Every index mark of the book, in reading order; each marked node gets its id."""
    marks: list[Mark] = []
    for section in doc.sections:
        marks += _collect_section(section, report, len(marks))
    return marks


def _collect_section(section: Section, report, start: int) -> list[Mark]:
    marks: list[Mark] = []
    source = section.source_text().splitlines() if section.source else []
    cursor = [0, 0]  # (line index, column) the search for the next mark starts from: marks are in source order

    def locate(needle: str) -> tuple[int | None, int | None]:
        for n in range(cursor[0], len(source)):
            col = source[n].find(needle, cursor[1] if n == cursor[0] else 0)
            if col >= 0:
                cursor[:] = [n, col + 1]
                return n + 1, col + 1
        line = section.line_of(needle)
        return line, (source[line - 1].find(needle) + 1 if line else None)

    def visit(node):
        if node.get("t") not in ("Span", "Div"):
            return None
        (ident, classes, kv), body = node["c"]
        attrs = dict(kv)
        if not is_mark(classes, attrs):
            return None
        key = attrs.get("ix")
        if key is None:  # [text]{.ix}: the span's own words are the headword
            key = " ".join(text(body if node["t"] == "Span" else []).split()) if node["t"] == "Span" else ""
            line, col = locate(".ix")
            if not key:
                report.error("X801", "An index mark '.ix' on a passage or on an empty span names no headword.",
                             file=section.where, line=line, column=col,
                             hint='Give the headword: ::: {ix="collectivisation"} or [word]{ix="Headword"}.')
                return None
            key = key.replace("!", "").replace(";", ",")  # the text is a headword as it stands
        else:
            line, col = locate(f'ix="{key}"')
        try:
            terms = parse_key(key)
        except KeyProblem as problem:
            report.error("X801", f"Index key '{key}': {problem}.", file=section.where, line=line,
                         column=col + 4 + problem.offset if col else None,
                         hint='Write ix="Headword" or ix="Headword!subentry"; separate terms with ";".')
            return None
        n = start + len(marks) + 1
        ident = ident or f"ix-{n}"
        classes = [c for c in classes if c != "ix"] + ["ix"]
        kv = [[k, v] for k, v in kv if k != "ix"]
        end = None
        if node["t"] == "Div":
            end = f"{ident}-end"
            body = body + [{"t": "RawBlock", "c": ["html", f'<div class="ix-end" id="{end}"></div>']}]
        marks.append(Mark(ident, terms, section.id, end, section.where, line))
        return {"t": node["t"], "c": [[ident, classes, kv], body]}

    # a mark in the section's title (taken out of the blocks already) locates the section's
    # opening: its id is the section's own, which every layout places
    def in_title(node):
        if node.get("t") == "Span" and is_mark(node["c"][0][1], dict(node["c"][0][2])):
            key = dict(node["c"][0][2]).get("ix") or " ".join(text([{"t": "Plain", "c": node["c"][1]}]).split())
            try:
                marks.append(Mark(section.id, parse_key(key.replace("!", "").replace(";", ",")
                                                        if "ix" not in dict(node["c"][0][2]) else key),
                                  section.id, None, section.where, 1))
            except KeyProblem as problem:
                report.error("X801", f"Index key '{key}': {problem}.", file=section.where, line=section.line_of(key),
                             hint='Write ix="Headword" or ix="Headword!subentry"; separate terms with ";".')
        return None

    if section.id:
        walk(section.title, in_title)
    # walk visits children first: a mark nested in a marked passage is numbered before it (ids
    # need only be unique; the index orders locators by page, not by number)
    section.blocks = walk(section.blocks, visit)
    return marks
