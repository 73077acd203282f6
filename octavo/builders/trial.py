"""Paragraphs of a laid-out slice measured in one unbroken line, for the line breaker.

Takes: a laid-out WeasyPrint document, the ids of paragraphs in it and the settings to
try them in (CSS: the theme's spacing variants). Gives, for each paragraph and setting,
``linebreak.Measured`` (where each place a line may end falls, with the paragraph's
measure, indent, size and the width of the engine's hyphen) and the word spaces of the
lines the engine itself breaks it into there.

A paragraph's line breaks depend only on its text, its style and its measure, not on the
page it falls on; so each paragraph is copied out of the book's own element tree (soft
hyphens, ties, note calls and all) into one small trial document that carries the book's
stylesheet, inside copies of its ancestors (their classes: a tightened chapter, a block
quote), set on one line (in a box too wide to break it) with a mark at each place a line may end
(``paratext.marked``). One layout of that document measures every paragraph at once. A
paragraph that holds an image, math or a line break the author set is left out.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape

from octavo import layout
from octavo.builders import linefaults, paratext
from octavo.builders.linebreak import Measured, Stop

_LEFT_OUT = frozenset({"img", "svg", "object", "video", "audio", "iframe", "image", "embed", "picture", "br", "math"})
# what might move a copy onto a page of its own or off the measure: neutralised on every copy
_NEUTRAL = "break-before:auto;break-after:auto;margin:0;padding:0;border:0;float:none;position:static"
HYPHEN = "\u2010"  # what WeasyPrint adds at a soft hyphen (its default hyphenate-character)
# the width a paragraph is measured in: wide enough to hold it on one line (``white-space: nowrap``
# would do, but WeasyPrint lays out a long unbreakable line in time that grows with its square)
UNBROKEN = 1_000_000  # px


def inner_html(element) -> str:
    """The element's content as HTML, as the renderer wrote it (the typesetter's own spacing spans
    taken out, so the paragraph is measured as plainly set)."""
    head = escape(element.text or "", quote=False)
    body = "".join(ET.tostring(child, encoding="unicode", method="html") for child in element)
    return paratext.plain(head + body)


@dataclass
class Trial:
    """One paragraph tried: measured unbroken in each setting, and as the engine breaks it there."""

    fingerprint: str  # of the text measured
    measured: Measured | None  # unbroken, as plainly set (None: could not be measured)
    letters: list[int]  # paratext.letters: to measure it in another letter-spacing
    broken: list[list[float]]  # per setting: the word space of each justified line as the engine sets it
    lines: list[int]  # per setting: how many lines
    stacks: list[int]  # per setting: the most line ends in a row the engine left on a hyphen


def measure(document, wanted: set[str], settings: list[str] = ("",), face=None) -> dict[str, Trial]:
    """id -> its ``Trial`` in each of ``settings`` (CSS declarations for the paragraph, "" for none)
    for each wanted paragraph that can be tried. ``face``: the body face (its natural space)."""
    from weasyprint import HTML

    root = layout.element_root(document)
    if root is None or not wanted:
        return {}
    parents = {child: parent for parent in root.iter() for child in parent}
    found = {e.get("id"): e for e in root.iter() if e.get("id") in wanted and e.tag == "p"}
    geometry = layout.block_geometry(document, set(found))
    body, prints, kinds, letters = [], {}, {}, {}
    for block, element in sorted(found.items()):
        where = geometry.get(block)
        if where is None or any(e.tag in _LEFT_OUT for e in element.iter()):
            continue
        html = inner_html(element)
        prints[block], kinds[block] = paratext.fingerprint(html), list(zip(paratext.stops(html), paratext.ties(html)))
        letters[block] = paratext.letters(html)
        prefix = f"{block}--m"
        style = f"{_NEUTRAL};width:{UNBROKEN}px;text-indent:{where.indent}px"
        piece = (f'<p id="{escape(prefix)}~p" class="{escape(element.get("class") or "")}" style="{style}">'
                 f'{_renamed(paratext.marked(html, prefix), prefix)}'
                 f'<span id="{paratext.mark_id(prefix, "hy")}">{HYPHEN}</span></p>')
        body.append(_wrapped(piece, element, parents))
        for k, setting in enumerate(settings):
            prefix = f"{block}--{k}"
            style = f"{_NEUTRAL};width:{where.width}px;text-indent:{where.indent}px;{setting}"
            piece = (f'<p id="{escape(prefix)}~g" class="{escape(element.get("class") or "")}" style="{style}">'
                     f'{_renamed(html, prefix)}</p>')
            body.append(_wrapped(piece, element, parents))
    if not body:
        return {}
    styles = "".join(ET.tostring(s, encoding="unicode", method="html") for s in root.iter("style"))
    html = (f'<html lang="{escape(root.get("lang", ""))}"><head><meta charset="utf-8"/>{styles}</head>'
            f'<body>{"".join(body)}</body></html>')
    layout.mend_engine()  # as the document's own layout was made
    trial = HTML(string=html, url_fetcher=document.url_fetcher).render(font_config=document.font_config)
    marks = layout.inline_marks(trial)
    broken: dict[str, list[float]] = {}
    count: dict[str, int] = {}
    run: dict[str, int] = {}
    stack: dict[str, int] = {}
    for line in linefaults.lines(trial, face):
        if line.owner and line.owner.endswith("~g"):
            count[line.owner] = count.get(line.owner, 0) + 1
            if not line.last_in_block and line.word_space:
                broken.setdefault(line.owner, []).append(line.word_space)
            # the reader counts a compound's own hyphen in a stack as much as one the engine added
            run[line.owner] = run.get(line.owner, 0) + 1 if line.text.rstrip().endswith(("\u2010", "-")) else 0
            stack[line.owner] = max(stack.get(line.owner, 0), run[line.owner])
    return {block: Trial(prints[block], _measured(f"{block}--m", marks, geometry[block], kinds[block]), letters[block],
                         [broken.get(f"{block}--{k}~g", []) for k in range(len(settings))],
                         [count.get(f"{block}--{k}~g", 0) for k in range(len(settings))],
                         [stack.get(f"{block}--{k}~g", 0) for k in range(len(settings))])
            for block in prints}


def _measured(block: str, marks: dict, where, kinds: list[tuple[str, int]]) -> Measured | None:
    mark = lambda n: marks.get(paratext.mark_id(block, n))  # noqa: E731
    start, end, hyphen = mark("a"), mark("z"), mark("hy")
    if start is None or end is None or hyphen is None:
        return None
    stops = []
    for n, (kind, ties) in enumerate(kinds):
        at = mark(n)
        if at is None:
            return None
        stops.append(Stop(kind, at[0], at[1] if kind == paratext.SPACE else 0.0, ties))
    return Measured(start[0], end[0], stops, where.width - where.indent, where.width, where.font_size, hyphen[1])


def _renamed(html: str, prefix: str) -> str:
    """Ids inside a copy (a note, an index mark) made unique to it: WeasyPrint warns of an anchor
    defined twice."""
    return re.sub(r'\bid="(?![^"]*~)([^"]+)"', lambda m: f'id="{m.group(1)}~{prefix}"', html)


def _wrapped(html: str, element, parents: dict) -> str:
    """``html`` inside copies of the element's ancestors below ``body``: their tag, class and
    language, so the stylesheet's rules for them apply, without ids or page breaks."""
    node = element
    while node in parents and parents[node].tag not in ("body", "html"):
        node = parents[node]
        attrs = "".join(f' {name}="{escape(node.get(name))}"' for name in ("class", "lang", "dir") if node.get(name))
        html = f'<{node.tag}{attrs} style="{_NEUTRAL}">{html}</{node.tag}>'
    return html
