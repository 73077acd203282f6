"""Page geometry of the print interior, derived per trim from one table.

Takes: the trim, the page count (for the binding's gutter minimum), the text
face and the theme's ``print:`` values (theme.yaml, with a book's ``design:``
overrides). Gives: the template variables of print.css.j2: margins, text block,
body size, leading and columns. The text width is chosen so that a line holds the
trim's measure (``print.trims.<trim>.measure``: characters a line) in the book's
face at the trim's body size, measured from the face's own widths; the inner
margin is the trim's ``margin_inner``, or the printer's gutter minimum for the
page count plus ``gutter_extra`` when that is more; the outer margin takes the
rest and is never narrower than the inner (when the trim is too narrow for the
measure, the text block narrows and the type with it, down to ``size_min``).
The design numbers are the theme's; only the printer's gutter table is here.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path


# KDP's minimum inside margin by page count (inches); above 700 pages, 0.875. A printer's
# fact, not design: it stays in code.
GUTTER_TABLE = [(150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75), (10**9, 0.875)]

# Running prose for measuring a face: letters at English frequencies, with spaces
# and punctuation, so "characters a line" means what a reader counts.
_SAMPLE = ("It was the best of times, it was the worst of times; the age of wisdom and of foolishness. "
           "Whatever their reasons, the people of the town went quietly about their business, "
           "and nobody asked what had happened to the old house by the bridge.")


def min_gutter(pages: int) -> float:
    return next(g for limit, g in GUTTER_TABLE if pages <= limit)


@lru_cache(maxsize=None)
def chars_per_em(face: Path, space_em: float | None = None) -> float:
    """Characters of running text an em of the face holds (about 2.4 for a book face)."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(face), lazy=True)
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        upm = font["head"].unitsPerEm
        # a justified line's word spaces stretch past the face's own space: count them at
        # the usual justified width (the theme's print.justified_space)
        if space_em is None:
            space_em = _default_print()["justified_space"]
        width = sum(hmtx[cmap[ord(ch)]][0] / upm if ch != " " else space_em
                    for ch in _SAMPLE if ord(ch) in cmap)
        return len(_SAMPLE) / width if width else 2.4
    except Exception:  # an unreadable face: the usual figure for a book face
        return 2.4


def _default_print() -> dict:
    from octavo.themes import default_design

    return default_design()["print"]


def trim_row(trim: str, design: dict) -> dict:
    """The theme's row for the trim (``print.trims``), or the row ``other_trims`` names."""
    return design["trims"].get(trim) or design["trims"][design["other_trims"]]


def print_geometry(trim: str, size: tuple[float, float], pages: int, face: Path | None,
                   design: dict | None = None) -> dict:
    """``design``: the theme's ``print:`` mapping (the default theme's when not given)."""
    design = design or _default_print()
    w, h = size
    row, gap = trim_row(trim, design), design["column_gap"]
    body, columns, chars = row["size"], row["columns"], row["measure"]
    top, bottom = row["margin_top"], row["margin_bottom"]
    per_em = chars_per_em(face, design["justified_space"]) if face else 2.4
    column = chars / per_em * body / 72  # inches
    text_w = column * columns + gap * (columns - 1)
    inner = round(max(row["margin_inner"], min_gutter(pages) + design["gutter_extra"]), 3)
    if w - text_w - inner < inner:  # too narrow for the measure (a thick book's gutter): keep outer >= inner
        text_w = w - 2 * inner  # and set the type smaller, so that a line still holds the measure
        column = (text_w - gap * (columns - 1)) / columns
        body = max(design["size_min"], math.floor(column * 72 * per_em / chars * 4) / 4)
    outer = round(w - text_w - inner, 3)
    return {"m_inner": inner, "m_outer": outer, "m_top": top, "m_bottom": bottom, "columns": columns,
            "column_gap": gap, "body_size": f"{body}pt", "leading": row["leading"],
            "text_h": round(h - top - bottom - 0.01, 3), "text_w": round(text_w, 3),
            "chars_per_line": round((text_w - gap * (columns - 1)) / columns * 72 / body * per_em, 1)}

