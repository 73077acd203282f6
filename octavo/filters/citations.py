"""Citation keys must exist in the bibliography.

Takes: a section's ``Cite`` nodes and the bibliography's ids. Gives: an error
per unknown key (R301) with file, line and the closest keys; after all
sections, a warning per bibliography entry never cited (R302).
"""
from __future__ import annotations

from octavo.ast import iter_nodes
from octavo.document import Document, Section
from octavo.errors import suggest


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
    for key in sorted(ctx.reference_ids - cited):
        ctx.report.warn("R302", f"Bibliography entry '{key}' is never cited; it is left out of the sources.")
