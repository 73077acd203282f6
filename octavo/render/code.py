"""Code: the code face's size, syntax highlighting, and long lines wrapped with a mark.

Takes: a pandoc CodeBlock's text and classes; for the PDFs a ``CodeMeasure``
(how many body ems the text block is wide, how wide one code character is).
Gives: the HTML inside ``<pre>`` (Pygments tokens as spans with Pygments' short
class names), the CSS for those classes (colours for screens, greys as
``device-cmyk`` for print, so the print file stays free of RGB), the scale that
sets the code face at the body's x-height (the EPUB gets weight and slant only: reading
systems' themes own the colours), and the column count a line may
hold in each context (body, quotation, list, note).

Lines longer than the measure are broken in the PDFs (at the last space that
leaves the line at least half full, else at the measure) and each continuation
starts with a mark (``.code-cont``, drawn by CSS) so a reader knows it is one
line. The EPUB is reflowed by the reader: there the CSS wraps (``pre-wrap``).
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

CONT_MARK = "\u2192"  # drawn before a continued line; JetBrains Mono and DejaVu Sans Mono both have it
PRINT_STYLE = SCREEN_STYLE = "default"  # Pygments' default style meets WCAG AA contrast on white


@dataclass(frozen=True)
class CodeMeasure:
    """The text block's width in body ems and one code character's advance in body ems."""
    width_em: float
    char_em: float

    def columns(self, inset_em: float = 0.0, scale: float = 1.0) -> int:
        """Characters a code line may hold in a box ``inset_em`` narrower than the text block,
        set at ``scale`` times the body size; one column is kept free for rounding."""
        return max(12, math.floor((self.width_em - inset_em) / (self.char_em * scale)) - 1)


# --- the face's size ----------------------------------------------------------------

@lru_cache(maxsize=None)
def _metrics(path: Path) -> tuple[float, float]:
    """(x-height, advance of '0') of a face, each in ems."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    upm = font["head"].unitsPerEm
    os2 = font["OS/2"]
    x_height = getattr(os2, "sxHeight", 0) or 0
    if not x_height:  # an old OS/2 table: measure the 'x' itself
        glyph_set = font.getGlyphSet()
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(glyph_set)
        glyph_set[font.getBestCmap()[ord("x")]].draw(pen)
        x_height = pen.bounds[3] if pen.bounds else upm / 2
    zero = font.getBestCmap().get(ord("0"))
    advance = font["hmtx"][zero][0] if zero else upm * 0.6
    return x_height / upm, advance / upm


def mono_scale(body: Path, mono: Path) -> float:
    """The code face's size relative to the body's so their x-heights match."""
    return round(_metrics(body)[0] / _metrics(mono)[0], 3)


def measure(width_in: float, body_pt: float, body: Path, mono: Path) -> CodeMeasure:
    """The measure of a text block ``width_in`` inches wide set in ``body_pt`` body type."""
    return CodeMeasure(width_in * 72 / body_pt, _metrics(mono)[1] * mono_scale(body, mono))


# --- where a block stands: quotations, lists and notes narrow or shrink it ------------

# (inset in ems of the enclosing text, font scale) each container adds; from pdf.css.j2
# (blockquote: 1.4em margins at 0.93em; footnotes: 0.8em) and the UA list indent (40px).
CONTAINERS = {"BlockQuote": (2.8 * 0.93, 0.93), "BulletList": (2.75, 1.0), "OrderedList": (2.75, 1.0),
              "DefinitionList": (2.75, 1.0), "Note": (0.0, 0.8)}


@contextmanager
def code_context(renderer, kind: str):
    """Inside a container the renderer's code measure is narrower or smaller."""
    inset, scale = CONTAINERS.get(kind, (0.0, 1.0))
    if inset == 0.0 and scale == 1.0:
        yield
        return
    was = (getattr(renderer, "_code_inset", 0.0), getattr(renderer, "_code_scale", 1.0))
    renderer._code_inset = was[0] + inset * was[1]
    renderer._code_scale = was[1] * scale
    try:
        yield
    finally:
        renderer._code_inset, renderer._code_scale = was


# --- tokens and lines --------------------------------------------------------------

def lexer_for(classes: list[str]):
    """The Pygments lexer a code block's classes name (``python``, ``language-python``), or None."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    for cls in classes:
        name = cls.removeprefix("language-").removeprefix("sourceCode").strip()
        if not name:
            continue
        try:
            return get_lexer_by_name(name, stripnl=False, ensurenl=False)
        except ClassNotFound:
            continue
    return None


def _short_class(ttype) -> str:
    from pygments.token import STANDARD_TYPES

    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def token_lines(code: str, classes: list[str]) -> list[list[tuple[str, str]]]:
    """The code as lines of (css class, text) runs; one class-less run per line without a lexer."""
    lexer = lexer_for(classes)
    runs = [("", code)] if lexer is None else [(_short_class(t), v) for t, v in lexer.get_tokens(code)]
    lines: list[list[tuple[str, str]]] = [[]]
    for cls, value in runs:
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if part:
                lines[-1].append((cls, part))
    if len(lines) > 1 and not lines[-1] and code.endswith("\n"):
        lines.pop()
    return lines


def wrap_line(line: list[tuple[str, str]], columns: int | None) -> list[list[tuple[str, str]]]:
    """A line broken into segments of at most ``columns`` characters (continuations hold two
    fewer: the mark and its space), at the last space that keeps a segment at least half full."""
    text = "".join(t for _c, t in line)
    if columns is None or len(text) <= columns:
        return [line]
    cuts, start, width = [], 0, columns
    while len(text) - start > width:
        end = start + width
        space = text.rfind(" ", start + width // 2, end)
        end = space + 1 if space > 0 else end
        cuts.append(end)
        start, width = end, columns - 2
    bounds = [0, *cuts, len(text)]
    segments = []
    for a, b in zip(bounds, bounds[1:]):
        seg, pos = [], 0
        for cls, t in line:
            lo, hi = max(a, pos), min(b, pos + len(t))
            if lo < hi:
                seg.append((cls, t[lo - pos:hi - pos]))
            pos += len(t)
        segments.append(seg)
    return segments


def code_html(code: str, classes: list[str], columns: int | None = None) -> str:
    """The HTML inside ``<pre>``: ``<code>`` with highlighted runs, wrapped lines marked."""
    out = []
    for line in token_lines(code, classes):
        for i, seg in enumerate(wrap_line(line, columns)):
            mark = '<span class="code-cont" aria-hidden="true"></span>' if i else ""
            runs = "".join(f'<span class="{c}">{escape(t, quote=False)}</span>' if c else escape(t, quote=False)
                           for c, t in seg)
            out.append(("\n" if i else "") + mark + runs)
        out.append("\n")
    body = "".join(out).rstrip("\n")
    lang = lexer_for(classes)
    cls = f' class="language-{escape(lang.aliases[0] if lang.aliases else lang.name.lower())}"' if lang else ""
    return f"<code{cls}>{body}</code>"


def code_block(code: str, attrs: str, classes: list[str], columns: int | None) -> str:
    """A code block: ``<pre>`` with the given id/class attributes."""
    return f'<pre class="code"{attrs}>{code_html(code, classes, columns)}</pre>\n'


def code_in_note(code: str, classes: list[str], columns: int | None) -> str:
    """A code block inside a floated footnote: a footnote is inline content, so the block is
    a span displayed as a block (``.code-block`` in pdf.css.j2)."""
    return f'<span class="code-block">{code_html(code, classes, columns)}</span>'


# --- CSS ------------------------------------------------------------------------------

def _grey(hex_colour: str) -> str:
    """A colour as a print grey: black ink in proportion to its darkness, never lighter than
    half black so every token stays legible on paper."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
    light = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return f"device-cmyk(0 0 0 {round(0.5 + 0.5 * (1 - light), 2)})"


def token_css(scope: str = "pre.code", grey: bool = False, colour: bool = True) -> str:
    """One rule per Pygments token class the style sets: colour (or grey), weight, slant.
    ``colour=False`` (the EPUB): weight and slant only, so a reader's dark or sepia theme,
    which sets the text colour, never meets a fixed token colour."""
    from pygments.styles import get_style_by_name

    style = get_style_by_name(PRINT_STYLE if grey else SCREEN_STYLE)
    rules = []
    for ttype, _ in style:
        s = style.style_for_token(ttype)
        decl = []
        if s["color"] and colour:
            decl.append(f"color: {_grey(s['color']) if grey else '#' + s['color']}")
        if s["bold"]:
            decl.append("font-weight: bold")
        if s["italic"]:
            decl.append("font-style: italic")
        cls = _short_class(ttype)
        if decl and cls:
            rules.append(f"{scope} .{cls} {{ {'; '.join(decl)}; }}")
    return "\n".join(dict.fromkeys(rules)) + "\n"
