"""A paragraph's inner HTML read as a typesetter reads it: the places a line may end.

Takes: the inner HTML of one body paragraph as the renderer makes it (text, inline
elements, the floated footnotes inside it, octavo's soft hyphens and no-break spaces).
Gives:
- ``stops(html)``: every place a line may end, in order: each space (runs of white space
  collapse to one, as the browser sets them), each soft hyphen, and the places the engine
  may break after a word's own hyphen (a compound's) or a dash; note text is not counted (it is set in
  the note area);
- ``marked(html, prefix)``: the same HTML with an empty, identified span at each stop, at
  the start and at the end, for a trial layout that measures where each stop falls;
- ``with_spacing(html, spacing)``: the HTML with each space wrapped in the word-spacing of
  the line it falls on (``octavo.builders.linebreak`` chooses the lines);
- ``ties(html)`` and ``letters(html)``: the no-break spaces and the characters between
  stops (the engine stretches the one, letter-spacing widens the other);
- ``fingerprint(html)``: a digest of the text and its stops, so a plan made for one
  version of a paragraph is never applied to another;
- ``split_note(html, note, words)``: the HTML with one of its footnotes cut in two after
  a number of words, so the note begins on its call's page and goes on over the page.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import unescape

# kinds of stop: a space; a soft hyphen (the engine adds a hyphen); a word's own hyphen; after a dash
SPACE, SOFT, HARD, AFTER = "space", "soft", "hard", "after"
_WS = re.compile(r"[ \t\n\r\f]+")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^>]*?)(/?)>", re.S)
_NOTE = re.compile(r"""class\s*=\s*["'][^"']*\bfootnote\b""")
# the engine (Pango, UAX #14) may break after a hyphen between letters and after a dash before a letter
_AFTER = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])|[\u2013\u2014](?=[^\W\d_])")


@dataclass(frozen=True)
class Piece:
    """A run of the paragraph's HTML: a tag, or text (``note``: inside a footnote)."""

    tag: bool
    source: str  # as written in the HTML
    note: bool = False


def pieces(html: str) -> list[Piece]:
    out: list[Piece] = []
    depth = 0  # >0 inside a footnote (elements opened since its span)
    at = 0
    for m in _TAG.finditer(html):
        if m.start() > at:
            out.append(Piece(False, html[at:m.start()], depth > 0))
        closing, name, attrs, selfclose = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
        note = depth > 0
        if not closing and not selfclose and name not in _VOID:
            if depth or (name == "span" and _NOTE.search(attrs)):
                depth += 1
        elif closing and depth:
            depth -= 1
        out.append(Piece(True, m.group(0), note or depth > 0))
        at = m.end()
    if at < len(html):
        out.append(Piece(False, html[at:], depth > 0))
    return out


def _events(html: str):
    """(piece index, offset in its source, kind) for each stop, in order, and the pieces. A
    space counts once where white space runs on across tags, and not at the start or end."""
    parts = pieces(html)
    found = []
    pending = None  # a space seen; it counts once text follows
    seen_text = False
    for i, p in enumerate(parts):
        if p.tag or p.note:
            if p.tag and re.match(r"<(img|svg)\b", p.source, re.I) and not p.note:
                if pending and seen_text:
                    found.append(pending)
                pending, seen_text = None, True
            continue
        for m in re.finditer(r"[ \t\n\r\f]+|&[#\w]+;|\u00ad|[^ \t\n\r\f&\u00ad]+", p.source):
            chunk = m.group(0)
            if _WS.fullmatch(chunk):
                pending = pending or (i, m.start(), SPACE, m.end())
                continue
            text = unescape(chunk)
            if pending and seen_text:
                found.append(pending)
            pending = None
            seen_text = True
            if text == "\u00ad":
                found.append((i, m.start(), SOFT, m.end()))
            elif chunk.startswith("&"):
                continue
            else:
                for d in _AFTER.finditer(text):
                    found.append((i, m.start() + d.end(), HARD if d.group(0) == "-" else AFTER, m.start() + d.end()))
    return parts, found


def stops(html: str) -> list[str]:
    """The kind of each place a line may end, in order."""
    return [kind for _, _, kind, _ in _events(html)[1]]


def _segments(html: str) -> list[str]:
    """The paragraph's text (notes apart) cut at its stops: before each stop, and after the last."""
    parts, found = _events(html)
    cut = _rewrite(html, parts, found, lambda n, kind, text: "\x00")
    return "".join(unescape(p.source) for p in pieces(cut) if not p.tag and not p.note).split("\x00")


def ties(html: str) -> list[int]:
    """The no-break spaces in the text before each stop (since the stop before it), and after the
    last: the engine stretches them with the spaces though no line may end there."""
    return [segment.count("\u00a0") for segment in _segments(html)]


def letters(html: str) -> list[int]:
    """The characters set before each stop (since the stop before it, the stop's own space apart),
    and after the last: letter-spacing widens each by as much (a soft hyphen that is not taken
    and white space that collapses are not set, so not counted)."""
    return [len(_WS.sub("", segment.replace("\u00ad", ""))) for segment in _segments(html)]


def fingerprint(html: str) -> str:
    """Digest of the paragraph's text (notes apart) and its stops."""
    parts, found = _events(html)
    text = "".join(unescape(p.source) for p in parts if not p.tag and not p.note)
    digest = hashlib.sha256(_WS.sub(" ", text).strip().encode("utf-8"))
    digest.update(",".join(k for _, _, k, _ in found).encode())
    return digest.hexdigest()[:16]


_SPACING_SPAN = re.compile(r'<span class="oc-ws"[^>]*>([ \t\n\r\f]*)</span>')


def plain(html: str) -> str:
    """``html`` without the word-spacing spans ``with_spacing`` put in."""
    return _SPACING_SPAN.sub(lambda m: m.group(1), html)


def mark_id(prefix: str, n: int | str) -> str:
    return f"{prefix}~{n}"


def _rewrite(html: str, parts: list[Piece], found: list, put) -> str:
    """``html`` rebuilt with ``put(n, kind, text)`` in place of each stop's text (a space's white
    space, or "" before a soft hyphen or after a dash); white space that is not a stop (it
    collapses into one, or leads or trails the text) is dropped, as the browser would."""
    by_piece: dict[int, list] = {}
    for n, (i, off, kind, end) in enumerate(found):
        by_piece.setdefault(i, []).append((off, end, n, kind))
    out = []
    for i, p in enumerate(parts):
        if p.tag or p.note:
            out.append(p.source)
            continue
        src, pos = p.source, 0
        cuts = sorted(by_piece.get(i, []) + [(m.start(), m.end(), None, None) for m in _WS.finditer(src)],
                      key=lambda c: (c[0], c[2] is None))
        for off, end, n, kind in cuts:
            if off < pos:  # a white-space run already replaced as a stop
                continue
            out.append(src[pos:off])
            if n is None:
                pos = end  # uncounted white space: dropped
            elif kind == SPACE:
                out.append(put(n, kind, src[off:end]))
                pos = end
            else:
                out.append(put(n, kind, ""))
                pos = off
        out.append(src[pos:])
    return "".join(out)


def marked(html: str, prefix: str) -> str:
    """``html`` with ``<span id="PREFIX~N">`` at stop N (a space is wrapped, so the span's width
    is the space's), ``PREFIX~a`` before the text and ``PREFIX~z`` after it."""
    parts, found = _events(html)

    def put(n, kind, text):
        if kind == SPACE:  # measured without any inherited word-spacing: the plan sets each space's own
            return f'<span id="{mark_id(prefix, n)}" style="word-spacing:0"> </span>'
        return f'<span id="{mark_id(prefix, n)}"></span>'
    return (f'<span id="{mark_id(prefix, "a")}"></span>' + _rewrite(html, parts, found, put)
            + f'<span id="{mark_id(prefix, "z")}"></span>')


def with_spacing(html: str, ends: list[int], spacing: list[float]) -> str:
    """``html`` with each space wrapped in the ``word-spacing`` of its line: ``ends`` are the
    stop numbers that end each line but the last, ``spacing`` the px for each line."""
    parts, found = _events(html)
    line, k, stop_line = set(ends), 0, {}
    for n in range(len(found)):
        stop_line[n] = k
        if n in line:
            k += 1

    def put(n, kind, text):
        k = stop_line[n]
        # the space a line ends at is left plain: the engine drops it from the line's end, but
        # would count it among the spaces to stretch were it a box of its own (the line falls short)
        if kind != SPACE or n in line or k >= len(spacing) or abs(spacing[k]) < 0.005:
            return " " if kind == SPACE else ""
        return f'<span class="oc-ws" style="word-spacing:{spacing[k]:.2f}px"> </span>'
    return _rewrite(html, parts, found, put)


_NOTE_TOKEN = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^>]*?)(/?)>|[ \t\n\r\f]+|[^<]", re.S)


def split_note(html: str, note: str, words: int) -> str:
    """The paragraph's HTML with its footnote ``note`` (the id of its span) cut after its first
    ``words`` words, the note number the first (a word is what white space separates, as the
    engine breaks lines): the head keeps the span, its id and number, with the class ``split``;
    the rest follows at once as a second footnote of class ``continued`` (no number, its own
    id), in the elements open at the cut, opened again. The engine sets the rest on the next
    page where it does not fit under the head. Unchanged where the note is not in the HTML or
    has no more words."""
    start = re.search(r'<span class="(footnote[^"]*)" id="%s">' % re.escape(note), html)
    if not start:
        return html
    stack: list[tuple[str, str]] = []  # elements open inside the note: name, opening tag
    count, in_word = 0, False
    for m in _NOTE_TOKEN.finditer(html, start.end()):
        if m.group(2):
            closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(4)
            if closing:
                if not stack:
                    return html  # the note ended first
                stack.pop()
            elif not selfclose and name not in _VOID:
                stack.append((name, m.group(0)))
        elif _WS.fullmatch(m.group(0)):
            if in_word:
                count, in_word = count + 1, False
                if count == words:
                    head = (html[:start.start()] + start.group(0).replace(start.group(1), start.group(1) + " split", 1)
                            + html[start.end():m.start()] + "".join(f"</{name}>" for name, _ in reversed(stack)) + "</span>")
                    again = "".join(re.sub(r"""\sid\s*=\s*["'][^"']*["']""", "", tag) for _, tag in stack)
                    return f'{head}<span class="footnote continued" id="{note}-cont">{again}{html[m.end():]}'
        else:
            in_word = True
    return html
