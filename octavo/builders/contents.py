"""The contents list's entries, nested under their parts.

Takes: the flat entries a builder makes for its contents (``href``, ``number``,
``title_html``, ``kind``: front, part, chapter or back). Gives: the same entries with
each part's chapters under it (``children``), so that the printed contents, the
EPUB's nav and its reading systems show the book's structure (a part, then its
chapters), one level deeper than the part.
"""
from __future__ import annotations


def nest_parts(entries: list[dict]) -> list[dict]:
    """The entries of a part's chapters (``in_part``) become the part's children."""
    out: list[dict] = []
    part: dict | None = None
    for entry in entries:
        entry = {"label": None, **entry, "children": []}
        if entry["kind"] == "part":
            part = entry
            out.append(entry)
        elif entry.get("in_part") and part is not None:
            part["children"].append(entry)
        else:
            part = None
            out.append(entry)
    return out


def entry(href: str, section, title_html: str) -> dict:
    """One entry of the contents for a rendered section (a part carries its label: "Part One")."""
    return {"href": href, "number": section.number,
            "label": section.label if section.kind == "part" else None,
            "title_html": title_html, "kind": section.kind, "in_part": bool(section.part)}
