"""Raw content written for another output format (LaTeX, ConTeXt, ...) is reported, not lost silently.

Takes: a section. Gives: the section without its raw non-HTML content (pandoc's
``RawBlock``/``RawInline`` of a format other than HTML: ``\\begin{center}...``, ``\\cite{x}``,
```` ```{=latex} ```` blocks), each reported where it stands: a warning (S606) in a draft, an
error with ``--release``, quoting what was dropped and saying how to write it in Markdown.
No output of octavo is made by TeX, so none of it could be set; raw HTML is kept and made
safe by ``rawhtml``.
"""
from __future__ import annotations

from octavo.ast import walk
from octavo.document import Section

HTML_FORMATS = ("html", "html5", "html4")


def report_foreign(section: Section, ctx) -> None:
    seen: dict[str, int] = {}

    def fix(node):
        if node["t"] not in ("RawBlock", "RawInline"):
            return None
        fmt, content = node["c"]
        if fmt.lower() in HTML_FORMATS:
            return None
        first = content.strip().splitlines()[0] if content.strip() else ""
        seen[first] = seen.get(first, 0) + 1
        shown = first if len(first) <= 60 else first[:57] + "..."
        add = ctx.report.error if ctx.release else ctx.report.warn
        add("S606", f"Raw {_name(fmt)} '{shown}' is left out: octavo's outputs are not made by {_name(fmt)}.",
            file=section.where, line=_nth_line(section, first, seen[first]),
            hint="Write it in Markdown (a citation as [@key], centred text as a div with a class), or delete it.")
        return []

    section.blocks = walk(walk(section.blocks, fix), _drop_emptied_items)


def _drop_emptied_items(node):
    """A list item that held only raw TeX is gone with it (the warning says what it held),
    so no output shows an empty bullet."""
    if node["t"] == "BulletList":
        items = [i for i in node["c"] if i]
        return {**node, "c": items} if items else []
    if node["t"] == "OrderedList":
        items = [i for i in node["c"][1] if i]
        return {**node, "c": [node["c"][0], items]} if items else []
    return None


def _name(fmt: str) -> str:
    return {"tex": "TeX", "latex": "LaTeX", "context": "ConTeXt", "openxml": "Word XML", "rtf": "RTF"}.get(fmt.lower(), fmt)


def _nth_line(section: Section, needle: str, nth: int) -> int | None:
    if not needle:
        return None
    lines = [n for n, line in enumerate(section.source_text().splitlines(), 1) if needle in line]
    return lines[min(nth, len(lines)) - 1] if lines else None
