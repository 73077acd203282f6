"""In-text citations stand before the punctuation they follow, with a space.

Takes: a section's blocks with pandoc ``Cite`` nodes, before citeproc, and whether the CSL
style is a note style. Gives: for an in-text (author-date, numeric) style, each parenthetical
citation written straight after a word or its punctuation, as a manuscript for a note style
is (``victory.”[@serge, 44]``), moved before the closing ``.``, ``,``, ``;`` or ``:`` (out of a
closing quotation mark too) and after a space: ``victory” (Serge 1937, 44).``. A question or
exclamation mark stays where it is, since it belongs to the quoted words. For a note style
nothing changes: citeproc puts the note call after the punctuation itself. So the same
manuscript works with either kind of style.
"""
from __future__ import annotations

import re
from pathlib import Path

from octavo.ast import Space, Str, walk

_MOVABLE = re.compile(r"[.,;:]+$")
_STR_END = re.compile(r"([.,;:]+)([”’\"'»›)\]]*)$")


def is_note_style(csl: Path) -> bool:
    """Whether the CSL style sets citations as notes (``<style class="note">``)."""
    try:
        head = Path(csl).read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return True  # an unreadable style is reported by citeproc; change nothing
    m = re.search(r"<style\b[^>]*\bclass\s*=\s*[\"']([\w-]+)[\"']", head)
    return not m or m.group(1) == "note"


def place_in_text_citations(blocks: list) -> list:
    def fix(node):
        c = node.get("c")
        if not isinstance(c, list) or not c or not any(isinstance(x, dict) and x.get("t") == "Cite" for x in c):
            return None
        inlines = _inlines_of(node)
        if inlines is None:
            return None
        return _set(node, _place(inlines))
    return walk(blocks, fix)


def _inlines_of(node):
    """The node's own inline list, for the node types whose content is one."""
    if node["t"] in ("Para", "Plain", "Emph", "Strong", "Underline", "Strikeout", "SmallCaps", "Superscript",
                     "Subscript"):
        return node["c"]
    return None


def _set(node, inlines):
    return {**node, "c": inlines}


def _parenthetical(cite: dict) -> bool:
    return all(c.get("citationMode", {}).get("t") == "NormalCitation" for c in cite["c"][0])


def _place(inlines: list) -> list:
    out: list = []
    for i, node in enumerate(inlines):
        if node.get("t") != "Cite" or not _parenthetical(node) or not out or out[-1]["t"] in ("Space", "SoftBreak", "LineBreak"):
            out.append(node)
            continue
        prev, punct = _strip_punctuation(out[-1])
        out[-1] = prev
        out += [Space(), node]
        if punct:
            nxt = inlines[i + 1] if i + 1 < len(inlines) else None
            if nxt is not None and nxt.get("t") == "Str" and _MOVABLE.match(nxt["c"][:1] or "x"):
                continue  # the author already wrote punctuation after the citation
            out.append(Str(punct))
    return out


def _strip_punctuation(node: dict) -> tuple[dict, str]:
    """(the node without its trailing . , ; :, that punctuation); looks inside a closing quotation."""
    if node["t"] == "Str":  # also "victory.”" as one string (the smart extension off)
        m = _STR_END.search(node["c"])
        if m and m.start() > 0:
            return Str(node["c"][:m.start()] + m.group(2)), m.group(1)
        return node, ""
    if node["t"] == "Quoted" and node["c"][1]:
        inner = list(node["c"][1])
        last, punct = _strip_punctuation(inner[-1])
        inner[-1] = last
        return {**node, "c": [node["c"][0], inner]}, punct
    return node, ""
