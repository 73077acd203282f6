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
