"""Every character the book sets, checked against the face that sets it.

Takes: the prepared ``Document`` (after the filters and citeproc), the ``Book``
(its body and code ``FontFiles``), the ``Report`` and whether this is a release
build. Gives: one F503 finding per face and source file whose text has
characters the face lacks: the characters with their code points, the line
where the first of them first occurs, and the fix. Without it, WeasyPrint and
e-readers would set those characters in whatever face fontconfig or the device
finds (a silent substitute). A warning in a draft, an error with ``--release``.

Which face sets a run follows the renderer and pdf.css.j2: ``Strong`` bold,
``Emph`` italic, table header rows bold, headings and chapter titles italic, ``Code``/``CodeBlock`` the
code face; notes start again in roman. Math is drawn by its own font (STIX Two
Math, shipped with ziamath) and raw HTML is not read, so neither is checked here.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from octavo.errors import Report, rel


@dataclass(frozen=True)
class Style:
    bold: bool = False
    italic: bool = False
    mono: bool = False

    def label(self) -> str:
        name = " ".join(w for w, on in (("bold", self.bold), ("italic", self.italic)) if on) or "regular"
        return name


@lru_cache(maxsize=None)
def cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


def ignorable(ch: str) -> bool:
    """Characters no face needs: spaces, controls, format characters (soft hyphen, joiners),
    variation selectors; renderers handle them without a glyph."""
    cat = unicodedata.category(ch)
    return cat in ("Zs", "Zl", "Zp", "Cc", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


def styled_text(node, style: Style = Style()):
    """(text, style) for every run of text the book sets, in document order."""
    if isinstance(node, list):
        for item in node:
            yield from styled_text(item, style)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    t, c = node["t"], node.get("c")
    if t == "Str":
        yield c, style
    elif t == "Code":
        yield c[1], Style(style.bold, style.italic, True)
    elif t == "CodeBlock":
        yield c[1], Style(mono=True)
    elif t in ("Math", "RawInline", "RawBlock", "Image"):
        return
    elif t == "Strong":
        yield from styled_text(c, Style(True, style.italic, style.mono))
    elif t == "Emph":
        yield from styled_text(c, Style(style.bold, True, style.mono))
    elif t == "Header":
        yield from styled_text(c[2], Style(style.bold, True, style.mono))
    elif t == "Note":
        yield from styled_text(c, Style())
    elif t == "Table":  # header rows are set in bold (th), the rest as the text around
        _attr, caption, _specs, head, bodies, foot = c
        yield from styled_text(caption, style)
        yield from styled_text(head, Style(True, style.italic, style.mono))
        for _battr, _rhc, bhead, body in bodies:
            yield from styled_text(bhead, Style(True, style.italic, style.mono))
            yield from styled_text(body, style)
        yield from styled_text(foot, style)
    elif t == "Quoted":
        yield ("“”" if c[0]["t"] == "DoubleQuote" else "‘’"), style
        yield from styled_text(c[1], style)
    elif isinstance(c, list):
        yield from styled_text(c, style)


def missing_characters(runs, faces) -> dict[tuple, list[str]]:
    """For each (family, style) whose face lacks characters: those characters, in order of first use.
    ``faces(style)`` gives (family name, face file)."""
    out: dict[tuple, list[str]] = {}
    for text_run, style in runs:
        family, face = faces(style)
        have = cmap(face)
        for ch in text_run:
            if ord(ch) not in have and not ignorable(ch):
                chars = out.setdefault((family, style if not style.mono else Style(mono=True)), [])
                if ch not in chars:
                    chars.append(ch)
    return out


def _describe(chars: list[str], n: int = 8) -> str:
    shown = ", ".join(f"'{ch}' U+{ord(ch):04X}" for ch in chars[:n])
    return shown + (f" and {len(chars) - n} more" if len(chars) > n else "")


def _line(path: Path, ch: str) -> int | None:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ch in line:
                return n
    except (OSError, UnicodeDecodeError):
        pass
    return None


def check_coverage(doc, book, report: Report, release: bool) -> None:
    def faces(style: Style) -> tuple[str, Path]:
        fonts = book.mono if style.mono else book.fonts
        return fonts.family, fonts.face(style.bold, style.italic)

    sources: list[tuple[Path, list]] = []
    for section in doc.sections:
        title = [{"t": "Header", "c": [1, ["", [], []], section.title]}] if section.title else []
        sources.append((section.source, title + section.blocks))
    if doc.bibliography_html and book.bibliography:
        sources.append((book.bibliography, doc.bibliography_html))
    c = book.config
    meta = [c.title, c.subtitle or "", *c.authors, c.publisher]
    sources.append((book.root / "book.yaml", [{"t": "Str", "c": value} for value in meta if value]))

    add = report.error if release else report.warn
    for path, blocks in sources:
        for (family, style), chars in missing_characters(styled_text(blocks), faces).items():
            key = "mono" if style.mono else "body"
            what = "code face" if style.mono else f"{style.label()} face"
            add("F503", f"The {what} of '{family}' has no glyph for {_describe(chars)}: "
                        f"it would be set in another typeface.", file=rel(path), line=_line(path, chars[0]),
                hint=f"Set fonts.{key} in book.yaml to a family that has them "
                     f"(fc-list ':charset={ord(chars[0]):x}' family lists installed ones), or write the text "
                     "without them.")
