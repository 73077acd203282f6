"""What the typesetter expects the engine to set of a paragraph at a page's foot (the rule its
page filling reasons with: ``typeset._lines_placed``), checked against CSS orphans and widows."""
from __future__ import annotations

import pytest

from octavo.builders.typeset import _lines_placed


@pytest.mark.parametrize("lines, room, orphans, widows, placed", [
    (3, 5, 2, 2, 3),  # it fits whole
    (3, 3, 2, 2, 3),
    (3, 2, 2, 2, 0),  # two here would leave a widow, one here would be an orphan: it goes over whole
    (2, 1, 2, 2, 0),  # one line here would be an orphan
    (4, 3, 2, 2, 2),  # three here would leave a widow: two here, two over
    (5, 3, 2, 2, 3),
    (6, 3, 3, 2, 3),
    (6, 2, 3, 2, 0),  # the style asks for three at the foot
    (7, 4, 2, 4, 3),  # and four carried over
])
def test_a_paragraph_at_the_foot_keeps_its_orphans_and_widows(lines, room, orphans, widows, placed):
    assert _lines_placed(lines, room, orphans, widows) == placed


def _paragraph(last_fill: float, lines: int = 5):
    from octavo.builders.linefaults import Line

    return [Line(0, "p", "x", 0.95 if k < lines - 1 else last_fill, 0.3, font_size=15.0, measure=400.0, spaces=10)
            for k in range(lines)]


@pytest.mark.parametrize("last_fill, by, possible", [
    (0.9, +1, True),    # a nearly full last line: the others can take its words a little looser
    (0.2, +1, False),   # a short last line: a line more would stretch every space past the loosest
    (0.2, -1, True),    # its few words fit in the lines above at a tighter space
    (0.9, -1, False),   # a whole line of words does not
])
def test_the_bound_that_spares_a_trial_layout_keeps_what_could_be_set(last_fill, by, possible):
    from octavo.builders.linebreak import Limits
    from octavo.builders.rebreak import _possible

    limits = Limits(ideal=0.29, floor=0.21, squeeze=0.04, loose=0.45, runt=0.15)
    assert _possible(_paragraph(last_fill), by, limits, natural=0.2) is possible
