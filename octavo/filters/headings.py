"""Heading levels inside a section keep their hierarchy.

Takes: a section whose title (its first level-one heading) has been taken. Gives: the
section with every heading at a level below the title's. A second level-one heading
inside a chapter cannot be a sibling of the title (each file is one section, one file in
the EPUB, one entry in the contents), and setting it as a level-two heading would make it
a sibling of the ``##`` headings it stands above. So, when a chapter holds one, every
heading in it is moved one level down (``#`` -> level 2, ``##`` -> level 3, ...): the
order of rank the author wrote is kept, and a warning (M210) says so, with the way to make
it a chapter of its own. A heading that would go below level six is set at level six with
a warning (M211): HTML and the PDF outline have six levels. A heading more than one level
below the heading before it (``##`` then ``#####``) is kept as written, with a warning (M213)
at its line: the levels it skips break the outline a screen reader navigates by, and the
EPUB's accessibility check (DAISY Ace's heading order) fails on them.
"""
from __future__ import annotations

from octavo.ast import iter_nodes, text, walk
from octavo.document import Section


def keep_hierarchy(section: Section, ctx) -> None:
    if not section.title:  # no title was taken (M204 is reported): its headings are not judged
        return
    heads = [n for n in iter_nodes(section.blocks) if n["t"] == "Header"]
    _report_skipped_levels(section, heads, ctx)
    tops = [h for h in heads if h["c"][0] == 1]
    if not tops:
        return
    for h in tops:
        ctx.report.warn("M210", f"A second level-one heading '{text(h['c'][2])[:50]}' inside the section; the section's "
                        "headings are set one level lower so it stays above its own '##' headings.",
                        file=section.where, line=_line_of_heading(section, h, 1),
                        hint="Start a new chapter file for it (and list it in book.yaml), or write it as '##'.")
    def lower(node):
        if node["t"] != "Header":
            return None
        level, attr, inlines = node["c"]
        if level + 1 > 6:
            ctx.report.warn("M211", f"Heading '{text(inlines)[:50]}' would be level {level + 1}; it is set at level six.",
                            file=section.where, line=_line_of_heading(section, node, level),
                            hint="Use fewer heading levels inside the chapter.")
        return {**node, "c": [min(level + 1, 6), attr, inlines]}

    section.blocks = walk(section.blocks, lower)


def _report_skipped_levels(section: Section, heads: list[dict], ctx) -> None:
    """M213 for each heading more than one level below the heading before it (the chapter's
    title, level one, before the first)."""
    above = 1
    for h in heads:
        level = h["c"][0]
        if level > above + 1:
            skipped = f"level {above + 1}" if level == above + 2 else f"levels {above + 1}-{level - 1}"
            ctx.report.warn("M213", f"Heading '{text(h['c'][2])[:50]}' is at level {level} under a level-{above} "
                            f"heading: it skips {skipped}, which breaks the outline a screen reader navigates by "
                            "(the EPUB's accessibility check fails on it).",
                            file=section.where, line=_line_of_heading(section, h, level),
                            hint=f"Write it as '{'#' * (above + 1)}' (or add the levels between).")
        above = level


def _line_of_heading(section: Section, heading: dict, level: int) -> int | None:
    """The source line of an ATX (``#``) or setext (underlined) heading with this text."""
    words = text(heading["c"][2]).split()
    lines = section.source_text().splitlines()
    for n, line in enumerate(lines, 1):
        if words and line.lstrip().startswith("#" * level) and all(w in line for w in words[:3]):
            return n
        if words and n < len(lines) and set(lines[n].strip()) in ({"="}, {"-"}) and all(w in line for w in words[:3]):
            return n
    return section.line_of(words[0]) if words else None
