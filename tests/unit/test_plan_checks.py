"""The typesetter's checks around a planned paragraph, on made-up lines: which of a paragraph's
lines end a page (``rebreak.page_ends``: a plan must end them on a whole word), and whether the
engine took the planned breaks, judged from the word spaces it gave (``typeset._breaks_taken``)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from octavo.builders.rebreak import page_ends
from octavo.builders.typeset import _breaks_taken


def _lines(*rows: tuple[str | None, int]) -> list:
    return [SimpleNamespace(owner=owner, page=page) for owner, page in rows]


def test_the_lines_ending_a_page_are_numbered_within_their_paragraph():
    laid = _lines(("a", 0), ("a", 0), ("b", 0), ("b", 0), ("b", 1), ("b", 1), (None, 1),
                  ("c", 1), ("c", 2), ("c", 3), ("d", 3))
    # a ends with page 0 (its last line, nothing of it overleaf); b's second line ends page 0;
    # c goes over two page turns; d ends on its page
    assert page_ends(laid) == {"b": frozenset({1}), "c": frozenset({0, 1})}


@pytest.mark.parametrize("got, planned, taken", [
    ([0.30, 0.31, 0.29], [0.30, 0.30, 0.30], True),
    ([0.30, 0.17, 0.29], [0.30, 0.33, 0.30], True),  # one line measured otherwise between lines on plan
    ([0.30, 0.17, 0.45], [0.30, 0.33, 0.30], False),  # two in a row: a break fell elsewhere
    ([0.30, 0.30, 0.10], [0.30, 0.30, 0.30], False),  # the last: the line after it is not measured
    ([0.30, 0.30], [0.30, 0.30, 0.30], False),  # another count of lines
])
def test_the_planned_breaks_count_as_taken_unless_a_break_moved(got, planned, taken):
    assert _breaks_taken(got, planned) is taken
