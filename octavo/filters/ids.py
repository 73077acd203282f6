"""Identifiers for any script: ASCII ids and file names from headings in any language.

Takes: the document after the titles are taken (each section's id is its heading's
``{#id}`` or pandoc's id made from the heading's text, which keeps the script's letters:
``глава-первая``). Gives: every id in the book as ASCII, transliterated with ``anyascii``
(``glava-pervaia``), the links that pointed at an old id pointed at the new one, so a
section id can name an EPUB file and every id is a valid, portable XML id. An id that
transliterates to one already used gets ``-2``, ``-3``. ASCII ids are left as they are.
"""
from __future__ import annotations

import re

from octavo.ast import attr_of, iter_nodes, walk
from octavo.config import slugify
from octavo.document import Document

_ASCII_ID = re.compile(r"[A-Za-z][\w.-]*\Z", re.ASCII)


def ascii_id(ident: str, taken: set[str]) -> str:
    """``ident`` as an ASCII id not in ``taken`` (kept as it is when it already is one)."""
    if _ASCII_ID.match(ident):
        return ident
    base = slugify(ident)
    if base == "book" and not ident.lower().startswith("book"):  # nothing transliterable: a neutral stem
        base = "section"
    if not base[0].isalpha():
        base = "s-" + base
    new, n = base, 1
    while new in taken:
        n += 1
        new = f"{base}-{n}"
    return new


def transliterate_ids(doc: Document) -> None:
    """Rewrite non-ASCII ids across the document and the internal links that use them."""
    taken = {s.id for s in doc.sections if s.id} | {
        a[0] for s in doc.sections for n in iter_nodes(s.blocks) if (a := attr_of(n)) and a[0]}
    renamed: dict[str, str] = {}

    def rename(ident: str) -> str:
        if not ident or _ASCII_ID.match(ident):
            return ident
        if ident not in renamed:
            renamed[ident] = ascii_id(ident, taken)
            taken.add(renamed[ident])
        return renamed[ident]

    for s in doc.sections:
        s.id = rename(s.id)

    def fix_ids(node):
        t = node["t"]
        if t in ("Span", "Div", "CodeBlock", "Code", "Figure", "Image", "Link", "Header", "Table"):
            index = 1 if t == "Header" else 0
            c = list(node["c"])
            ident, classes, kv = c[index]
            if ident and not _ASCII_ID.match(ident):
                c[index] = [rename(ident), classes, kv]
                node = {**node, "c": c}
        return node

    for s in doc.sections:
        s.blocks = walk(s.blocks, fix_ids)

    def fix_links(node):
        if node["t"] == "Link" and node["c"][2][0].startswith("#"):
            target = node["c"][2][0][1:]
            if target in renamed:
                c = list(node["c"])
                c[2] = ["#" + renamed[target], c[2][1]]
                return {**node, "c": c}
        return None

    if renamed:
        for s in doc.sections:
            s.blocks = walk(s.blocks, fix_links)
