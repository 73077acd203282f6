"""Cross-references: a link with no text to an id becomes the words for what it names.

Takes: the document after chapters are numbered, and the book's language. Gives:
each ``[](#id)`` filled in: "figure 3" for a figure (figures counted in reading
order), "chapter 17" for a numbered chapter, the title for an unnumbered section
or a heading; the link gets the class ``xref`` (print adds "on page 42" with CSS
``target-counter``). A reference to an id nothing has is a located error (X804).
Also gives ``figures(doc)``: every figure's id, number and caption, for the list of
illustrations.
"""
from __future__ import annotations

from octavo.ast import Str, iter_nodes, walk
from octavo.document import Document


def figures(doc: Document) -> list[tuple[str, int, list, str]]:
    """(id, number, caption inlines, section id) of every figure with an id, in reading order."""
    out = []
    for section in doc.sections:
        for node in iter_nodes(section.blocks):
            if isinstance(node, dict) and node.get("t") == "Figure":
                (ident, _c, _kv), caption, _ = node["c"]
                if ident:
                    inl = []
                    for block in (caption[1] if caption and caption[1] else []):
                        if block["t"] in ("Plain", "Para"):
                            inl += block["c"]
                    out.append((ident, len(out) + 1, inl, section.id))
    return out


def resolve(doc: Document, lang: str, report) -> None:
    from octavo.i18n import messages

    t = messages(lang)
    words: dict[str, list] = {}
    for ident, number, _cap, _s in figures(doc):
        words[ident] = [Str(t("figure_ref", number=number))]
    for section in doc.sections:
        for node in iter_nodes(section.blocks):
            if isinstance(node, dict) and node.get("t") == "Header" and node["c"][1][0]:
                words.setdefault(node["c"][1][0], _without_notes(node["c"][2]))
        if section.id:
            words[section.id] = [Str(t("chapter_ref", number=section.number))] if section.number \
                else _without_notes(section.title)

    for section in doc.sections:
        seen: dict[str, int] = {}

        def fill(node, section=section, seen=seen):
            if node.get("t") != "Link":
                return None
            (ident, classes, kv), inl, (target, title) = node["c"]
            if inl or not target.startswith("#"):
                return None
            key = target[1:]
            seen[key] = seen.get(key, 0) + 1
            if key not in words:
                from octavo.filters.links import link_line

                line = link_line(section, target, seen[key])
                col = None
                if line:
                    col = section.source_text().splitlines()[line - 1].find(f"[]({target}") + 1 or None
                report.error("X804", f"Cross-reference to '{target}': no figure, chapter or heading has that id.",
                             file=section.where, line=line, column=col,
                             hint="Give the figure, chapter or heading that id ({#id}), or correct the reference.")
                return None
            return {"t": "Link", "c": [[ident, classes + ["xref"], kv], list(words[key]), [target, title]]}

        section.blocks = walk(section.blocks, fill)


def _without_notes(inlines: list) -> list:
    return walk(inlines, lambda n: [] if n.get("t") == "Note" else None)
