"""Page geometry of the print interior, derived per trim from one table.

Takes: the trim, the page count (for the binding's gutter minimum) and the text
face. Gives: the template variables of print.css.j2: margins, text block, body
size, leading and columns. The text width is chosen so that a line holds the
design's measure (``octavo.design.TRIM_DESIGN``: characters a line) in the
book's face at the trim's body size, measured from the face's own widths; the
inner margin is the gutter minimum for the page count plus a little; the outer
margin takes the rest and is never narrower than the inner (when the trim is too
narrow for the measure, the text block narrows and the type with it, down to
``BODY_MIN_PT``).
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from octavo.design import BODY_MIN_PT, COLUMN_GAP, GUTTER_EXTRA, JUSTIFIED_SPACE_EM, TRIM_DESIGN

# KDP's minimum inside margin by page count (inches); above 700 pages, 0.875.
GUTTER_TABLE = [(150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (10**9, 0.875)]

# Running prose for measuring a face: letters at English frequencies, with spaces
# and punctuation, so "characters a line" means what a reader counts.
_SAMPLE = ("It was the best of times, it was the worst of times; the age of wisdom and of foolishness. "
           "Whatever their reasons, the people of the town went quietly about their business, "
           "and nobody asked what had happened to the old house by the bridge.")


def min_gutter(pages: int) -> float:
    return next(g for limit, g in GUTTER_TABLE if pages <= limit)


@lru_cache(maxsize=None)
def chars_per_em(face: Path) -> float:
    """Characters of running text an em of the face holds (about 2.4 for a book face)."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(face), lazy=True)
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        upm = font["head"].unitsPerEm
        # a justified line's word spaces stretch past the face's own space: count them at
        # the usual justified width (design.JUSTIFIED_SPACE_EM)
        width = sum(hmtx[cmap[ord(ch)]][0] / upm if ch != " " else JUSTIFIED_SPACE_EM
                    for ch in _SAMPLE if ord(ch) in cmap)
        return len(_SAMPLE) / width if width else 2.4
    except Exception:  # an unreadable face: the usual figure for a book face
        return 2.4


def print_geometry(trim: str, size: tuple[float, float], pages: int, face: Path | None) -> dict:
    w, h = size
    body, leading, inner_min, top, bottom, columns, chars = TRIM_DESIGN.get(trim, TRIM_DESIGN["5.5x8.5in"])
    per_em = chars_per_em(face) if face else 2.4
    column = chars / per_em * body / 72  # inches
    text_w = column * columns + COLUMN_GAP * (columns - 1)
    inner = round(max(inner_min, min_gutter(pages) + GUTTER_EXTRA), 3)
    if w - text_w - inner < inner:  # too narrow for the measure (a thick book's gutter): keep outer >= inner
        text_w = w - 2 * inner  # and set the type smaller, so that a line still holds the measure
        column = (text_w - COLUMN_GAP * (columns - 1)) / columns
        body = max(BODY_MIN_PT, math.floor(column * 72 * per_em / chars * 4) / 4)
    outer = round(w - text_w - inner, 3)
    return {"m_inner": inner, "m_outer": outer, "m_top": top, "m_bottom": bottom, "columns": columns,
            "column_gap": COLUMN_GAP, "body_size": f"{body}pt", "leading": leading,
            "text_h": round(h - top - bottom - 0.01, 3), "text_w": round(text_w, 3),
            "chars_per_line": round((text_w - COLUMN_GAP * (columns - 1)) / columns * 72 / body * per_em, 1)}
