"""Line breaks chosen for a whole paragraph (octavo.builders.linebreak), on made-up paragraphs
measured in px: the breaks keep every line within the floor, the number of lines asked for and
the stack limit; the word-spacing given each line makes a greedy breaker (the engine's way:
the last place that fits) end every line exactly where the plan does; and justification then
gives each line the space the plan says."""
from __future__ import annotations

import pytest

from octavo.builders import linebreak as lb
from octavo.builders.paratext import SOFT, SPACE

SIZE = 10.0  # px: font size, so 1 em = 10 px
SPACE_W = 2.5  # natural space, 0.25 em


def paragraph(words: list[str | tuple[str, ...]], measure: float, indent: float = 0.0) -> lb.Measured:
    """Words one px per letter (a tuple: the pieces of a word with soft hyphens), one unbroken line."""
    x, stops = indent, []
    for k, word in enumerate(words):
        pieces = word if isinstance(word, tuple) else (word,)
        for j, piece in enumerate(pieces):
            x += len(piece) * 1.0 * SIZE / 2  # half an em a letter
            if j < len(pieces) - 1:
                stops.append(lb.Stop(SOFT, x, 0.0))
        if k < len(words) - 1:
            stops.append(lb.Stop(SPACE, x, SPACE_W))
            x += SPACE_W
    return lb.Measured(indent, x, stops, measure - indent, measure, SIZE, hyphen=3.0)


def greedy(m: lb.Measured, spacing: list[float] | None = None) -> list[int]:
    """The engine's way: each line ends at the last stop that fits, with each line's added
    word-spacing on its spaces (the stop it ends at, then the next line starts after it)."""
    ends, k, line = [], -1, 0
    while True:
        measure = m.first if line == 0 else m.measure
        delta = spacing[line] if spacing else 0.0
        width, n, _ = lb._Sums(m).natural(k, None)
        if width + n * delta <= measure:
            return ends
        best = None
        for e in range(k + 1, len(m.stops)):
            width, n, _ = lb._Sums(m).natural(k, e)
            if width + n * delta <= measure:
                best = e
        assert best is not None, "a word wider than the measure"
        ends.append(best)
        k, line = best, line + 1


TEXT = ("the quick brown foxes jump over lazy dogs while an extraordinarily patient "
        "observer notes that nothing at all happens in the quiet grey meadow by the river").split()


def test_the_plan_keeps_every_line_within_the_floor_and_the_lines_asked_for():
    m = paragraph(TEXT, 170.0, indent=10.0)
    lines = len(greedy(m)) + 1
    plan = lb.plan(m, lines, lb.Limits(floor=0.2, loose=0.45, squeeze=0.0))
    assert plan is not None and len(plan.ends) + 1 == lines
    assert min(plan.spaces) >= 0.2


def test_a_line_a_little_under_the_floor_rather_than_a_gaping_one():
    words = "the whole party seethed with discontent extraordinarily while expulsions ran into hundreds".split()
    m = paragraph(words, 192.0, indent=10.0)
    strict = lb.plan(m, 3, lb.Limits(floor=0.2, squeeze=0.0))
    squeezed = lb.plan(m, 3, lb.Limits(floor=0.2, squeeze=0.04))
    assert max(strict.spaces) > lb.GAPING  # held to the floor, a line gapes
    assert max(squeezed.spaces) < 0.45 and min(squeezed.spaces) >= 0.2 - 0.04


def test_the_plan_is_never_looser_than_the_greedy_breaks():
    limits = lb.Limits(floor=0.2, loose=0.45)
    for measure in (150.0, 170.0, 190.0, 230.0):
        m = paragraph(TEXT, measure, indent=10.0)
        ends = greedy(m)
        greedy_spaces = lb._spacing(m, ends).spaces if lb._spacing(m, ends) else None
        plan = lb.plan(m, len(ends) + 1, limits)
        assert plan is not None
        if greedy_spaces is not None and min(greedy_spaces) >= limits.floor:
            assert lb.badness(plan.spaces, limits) <= lb.badness(greedy_spaces, limits), measure


@pytest.mark.parametrize("measure", [150.0, 170.0, 190.0, 230.0])
def test_the_word_spacing_makes_a_greedy_breaker_take_the_planned_breaks(measure):
    m = paragraph(TEXT, measure, indent=10.0)
    plan = lb.plan(m, len(greedy(m)) + 1)
    assert plan is not None
    assert greedy(m, plan.spacing) == plan.ends
    for line, e in enumerate(plan.ends):  # justification fills each line: its space is the plan's
        k = plan.ends[line - 1] if line else -1
        width, n, sw = lb._Sums(m).natural(k, e)
        full = (m.first if line == 0 else m.measure)
        assert (full - width + sw) / n / SIZE == pytest.approx(plan.spaces[line])


def _longest_run(m: lb.Measured, plan: lb.Plan) -> int:
    run = longest = 0
    for e in plan.ends:
        run = run + 1 if m.stops[e].kind == SOFT else 0
        longest = max(longest, run)
    return longest


def test_no_more_hyphenated_line_ends_in_a_row_than_allowed():
    # a paragraph whose best breaks, unlimited, end five lines in a row on a hyphen
    m = paragraph([("hy", "phen", "ated")] * 12 + ["end"], 115.0)
    lines = len(greedy(m)) + 1
    free = lb.plan(m, lines, lb.Limits(floor=0.0, loose=2.0, max_stack=9, hyphen_cost=0.0))
    assert free is not None and _longest_run(m, free) > 2
    for stack in (1, 2):
        plan = lb.plan(m, lines, lb.Limits(floor=0.0, loose=2.0, max_stack=stack, hyphen_cost=0.0))
        assert plan is not None and _longest_run(m, plan) <= stack


def test_too_few_lines_for_the_text_is_no_plan():
    m = paragraph(TEXT, 170.0)
    assert lb.plan(m, 2) is None


def test_a_reader_counts_gaping_lines_before_loose_ones_and_both_before_the_loosest():
    limits = lb.Limits(loose=0.45)
    assert lb.badness([0.3, 0.62], limits) > lb.badness([0.5, 0.5, 0.5], limits)
    assert lb.badness([0.5, 0.3], limits) > lb.badness([0.44, 0.44], limits)
    assert lb.badness([0.15, 0.3], lb.Limits(floor=0.2)) > lb.badness([0.3, 0.3], lb.Limits(floor=0.2))


def test_a_line_ending_a_page_never_ends_on_a_hyphen():
    # the same hyphen-rich paragraph: the best breaks end lines on a hyphen; numbered as the
    # lines that end a page, those lines end on a whole word and the rest may still break
    m = paragraph([("hy", "phen", "ated")] * 12 + ["end"], 115.0)
    lines = len(greedy(m)) + 1
    limits = lb.Limits(floor=0.0, loose=2.0, max_stack=9, hyphen_cost=0.0)
    free = lb.plan(m, lines, limits)
    soft = [i for i, e in enumerate(free.ends) if m.stops[e].kind == SOFT]
    assert soft, "the fixture's best breaks should end some line on a hyphen"
    plain = frozenset(soft[:2])
    kept = lb.plan(m, lines, limits, plain)
    assert kept is not None and len(kept.ends) == lines - 1
    assert all(m.stops[kept.ends[i]].kind != SOFT for i in plain)
    assert any(m.stops[e].kind == SOFT for e in kept.ends)
