"""The hardcover bindings' geometry as data, from the printers' published specifications.

Takes: a binding name (``print.binding``) and the interior's page count. Gives: the
``Hardcover`` table of that binding (board overhang, wrap or bleed, flap width, text safety,
the source it comes from) and ``hardcover_spine(pages)``, the spine width from the printer's
page-range table. The paperback's geometry stays in ``cover.py`` (page count x paper
thickness, KDP's formula); these tables are used only for ``case-laminate`` and
``dust-jacket``.

Only Lulu's numbers could be cited (see README, "Delivering the book"):

- Lulu, "Creating Your Hardcover Casewrap Cover",
  https://help.lulu.com/en/support/solutions/articles/64000308572 : "A hardcover is printed
  0.75" larger than your front cover trim size, with extra artwork wrapped around the cover
  board and glued to the inside cover"; the cover-board size ("front cover trim size") of a
  6 x 9 in casewrap is 6.125 x 9.25 in (Lulu's template, quoted at
  http://connect.lulu.com/en/discussion/291366), i.e. the boards overhang the pages by
  0.125 in at the fore-edge, head and foot.
- Lulu, "How to create a cover with the One-Piece Cover Designer",
  https://connect.lulu.com/en/discussion/33338 : casewrap width = turn-in bleed + back cover
  + spine + front cover + turn-in bleed; dust jacket width = bleed + back flap + back cover +
  spine + front cover + front flap + bleed.
- Lulu's spine width calculator (the "Spine Width Calculator" PDF of Lulu's template
  package): "All Hardcovers use a table with page quantity ranges and require a minimum of 24
  pages" - 0.25 in for 24-84 pages, 0.5 in for 85-140, 0.625 in for 141-168, then 1/16 in
  more for each further band of about 28 pages (0.688 in for 169-194 ... 1.625 in for 583-610), as transcribed in public cover
  tools (e.g. the hardcover table in momovu's ``dustjacket_spine_widths.py``, in mm).
  Checked against a cover size Lulu reported for a 6 x 9 in casewrap (HoTT/book,
  cover-lulu-hardcover.tex: 1094 x 774 pt with a 104 pt spine): 2 x 6.125 + 1.4375 + 2 x 0.75
  = 15.19 in = 1094 pt; 9.25 + 2 x 0.75 = 10.75 in = 774 pt.
- Lulu's dust-jacket template (6 x 9 in, as transcribed in momovu's ``dustjacket_sizes.py``):
  flaps 3.25 in, bleed 0.25 in all round, panels the board size (6.125 x 9.25 in), text kept
  0.5 in inside every fold and edge.

KDP's and IngramSpark's hardcover numbers (hinge, wrap, jacket flaps) were not reachable from
a citable source; their cover templates give the figures per book.
"""
from __future__ import annotations

from dataclasses import dataclass

# Lulu hardcover spine: 0.25 in for 24-84 pages, 0.5 in for 85-140, 0.625 in for 141-168, then each
# further band (169-194, 195-222, ...: the published upper bounds below) adds 1/16 in.
LULU_SPINE_UPPER = (84, 140, 168, 194, 222, 250, 278, 306, 334, 360, 388, 416, 444, 472, 500, 528, 556, 582,
                    610, 638, 666, 694, 722, 750, 778, 799, 800)
LULU_SPINE_MIN_PAGES = 24


def lulu_spine(pages: int) -> float | None:
    """Lulu's hardcover spine width for ``pages``, or None outside its table (24-800 pages)."""
    if pages < LULU_SPINE_MIN_PAGES:
        return None
    for band, upper in enumerate(LULU_SPINE_UPPER):
        if pages <= upper:
            return (0.25, 0.5)[band] if band < 2 else 0.625 + (band - 2) * 0.0625
    return None


@dataclass(frozen=True)
class Hardcover:
    """One hardcover binding's allowances, in inches."""

    binding: str  # print.binding
    printer: str  # whose specification
    overhang: float  # the boards beyond the pages at the fore-edge, head and foot
    outer: float  # beyond the boards on every outer edge: the wrap (turn-in) or the jacket's bleed
    flap: float  # each jacket flap; 0 for a case
    safe: float  # text kept this far inside every board edge and fold
    source: str  # the page the numbers come from

    def spine(self, pages: int) -> float | None:
        return lulu_spine(pages)


HARDCOVERS = {
    "case-laminate": Hardcover("case-laminate", "Lulu", overhang=0.125, outer=0.75, flap=0.0, safe=0.5,
                               source="https://help.lulu.com/en/support/solutions/articles/64000308572"),
    "dust-jacket": Hardcover("dust-jacket", "Lulu", overhang=0.125, outer=0.25, flap=3.25, safe=0.5,
                             source="https://connect.lulu.com/en/discussion/33338"),
}
