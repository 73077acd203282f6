"""Citation keys must exist in the bibliography.

Takes: a section's ``Cite`` nodes and the bibliography's ids. Gives: an error
per unknown key (R301) with file, line and the closest keys; after all
sections, a warning per bibliography entry never cited (R302), located at
the entry in the bibliography file.
"""
from __future__ import annotations

import re
from pathlib import Path

from octavo.ast import iter_nodes
from octavo.document import Document, Section
from octavo.errors import rel, suggest


def cited_keys(blocks) -> list[str]:
    keys = []
    for node in iter_nodes(blocks):
        if node["t"] == "Cite":
            keys += [c["citationId"] for c in node["c"][0]]
    return keys


def check_keys(section: Section, ctx) -> None:
    if ctx.reference_ids is None:  # the bibliography could not be read: that error is reported instead
        return
    for key in dict.fromkeys(cited_keys(section.blocks)):
        if key not in ctx.reference_ids:
            close = suggest(key, ctx.reference_ids)
            if ctx.reference_ids:
                hint = f"Closest keys: {', '.join(close)}." if close else "Add an entry with this id to the bibliography."
            else:
                hint = "The book has no bibliography: set 'bibliography' in book.yaml."
            ctx.report.error("R301", f"Citation key '@{key}' is not in the bibliography.",
                             file=section.where, line=section.line_of("@" + key), hint=hint)


def check_uncited(doc: Document, ctx) -> None:
    if ctx.reference_ids is None:
        return
    cited = {k for s in doc.sections for k in cited_keys(s.blocks)}
    bib = getattr(ctx, "bibliography", None)
    for key in sorted(ctx.reference_ids - cited):
        ctx.report.warn("R302", f"Bibliography entry '{key}' is never cited; it is left out of the sources.",
                        file=rel(bib) if bib else None, line=entry_line(bib, key) if bib else None,
                        hint=f"Cite it ([@{key}]) or delete the entry.")


def entry_line(path: Path, key: str) -> int | None:
    """The line of the bibliography entry with this id (CSL YAML ``id: key`` or JSON ``"id": "key"``)."""
    pattern = re.compile(r"""^\s*(?:-\s*)?["']?id["']?\s*:\s*["']?""" + re.escape(key) + r"""["']?\s*,?\s*$""")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for n, line in enumerate(lines, 1):
        if pattern.match(line):
            return n
    for n, line in enumerate(lines, 1):  # JSON on fewer lines: the first mention
        if re.search(r'"id"\s*:\s*"' + re.escape(key) + '"', line):
            return n
    return None
