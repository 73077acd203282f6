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


def test_a_long_spread_is_remembered_with_its_section_and_dropped_with_a_change(tmp_path):
    """The spreads a chapter runs a line long are kept with the chapter's key between builds
    (its pages counted from its opening page) and forgotten when the chapter changes."""
    from types import SimpleNamespace

    from octavo.builders.typeset import Passes
    from octavo.themes import default_design

    book = SimpleNamespace(cache_dir=tmp_path, design=default_design())
    passes = Passes()
    passes.feet["ch"] = {"side": "right", "pages": [[3, 52.5], [4, 52.5]]}
    passes.remember(book, "print", {"ch": "k1", "other": "k2"}, {})
    kept = Passes.recall(book, "print", {"ch": "k1", "other": "k2"})
    assert kept.feet == {"ch": {"side": "right", "pages": [[3, 52.5], [4, 52.5]]}}
    assert kept.page_css("ch", "right") == ("\n@page :nth(4) { margin-bottom: 52.5px; }"
                                            "\n@page :nth(5) { margin-bottom: 52.5px; }")
    assert kept.page_css("other", "right") == ""
    assert Passes.recall(book, "print", {"ch": "changed", "other": "k2"}).feet == {}


STEP = 20.0  # px, the leading of the pages below
FOOT = 600.0  # the common foot


def _pages(depths: list[float], feet: list[float] | None = None):
    """Pages of one section (opening first), each with lines every STEP down to its depth."""
    from octavo.layout import LaidLine, LaidPage

    def line(bottom: float) -> LaidLine:
        return LaidLine(owner="p", verse=False, justified=True, text="x", top=bottom - STEP, bottom=bottom, left=0,
                        right=100, measure=100, container=1, spacing=0, spaces=3, font_size=12, forced=False,
                        first_run=("x", 5))

    feet = feet or [FOOT] * len(depths)
    return [LaidPage(i, [line(depth - k * STEP) for k in range(5)][::-1], None, foot, {"ch": (0, 0)},
                     "right" if i % 2 == 0 else "left", 50.0) for i, (depth, foot) in enumerate(zip(depths, feet))]


@pytest.mark.parametrize("depths, feet, score", [
    ([FOOT] * 6, None, 0),  # level
    ([FOOT, FOOT - STEP, FOOT, FOOT, FOOT, FOOT], None, 1 + 2),  # a verso a line short: its spread uneven
    ([FOOT, FOOT - STEP, FOOT - STEP, FOOT, FOOT, FOOT], None, 2),  # a spread a line short together
    ([FOOT, FOOT - 2 * STEP, FOOT, FOOT, FOOT, FOOT], None, 8 + 8),  # two lines short: squared
    ([FOOT, FOOT + STEP, FOOT + STEP, FOOT, FOOT, FOOT],  # a spread run a line long, filled: level
     [FOOT, FOOT + STEP, FOOT + STEP, FOOT, FOOT, FOOT], 0),
    ([FOOT, FOOT, FOOT + STEP, FOOT, FOOT, FOOT],  # a recto run long, filled: a line off its verso
     [FOOT, FOOT, FOOT + STEP, FOOT, FOOT, FOOT], 2),
])
def test_unevenness_counts_what_the_press_pages_measures_see(depths, feet, score):
    from types import SimpleNamespace

    from octavo.builders.typeset import unevenness

    doc = SimpleNamespace(sections=[SimpleNamespace(id="ch")])
    assert unevenness(_pages(depths, feet), doc) == score


@pytest.mark.parametrize("after, kept", [([FOOT, FOOT + STEP, FOOT + STEP, FOOT, FOOT, FOOT], True),
                                         ([FOOT, FOOT, FOOT - STEP, FOOT, FOOT, FOOT], False)])
def test_a_moved_spread_is_kept_only_if_the_pages_to_it_are_evener(after, kept, monkeypatch):
    """A verso a line short is run long with its recto: kept when both then end at the long
    foot; taken back (and not tried again so) when the verso gained nothing and the recto
    lost a line."""
    from types import SimpleNamespace

    from octavo.builders import typeset

    doc = SimpleNamespace(sections=[SimpleNamespace(id="ch")])
    before = _pages([FOOT, FOOT - STEP, FOOT, FOOT, FOOT, FOOT])
    passes = typeset.Passes()
    assert passes._set_feet(before, doc, 0, [1, 2], -1)
    assert passes.feet["ch"]["pages"] == [[1, 50.0 - STEP], [2, 50.0 - STEP]]
    feet = [FOOT, FOOT + STEP, FOOT + STEP, FOOT, FOOT, FOOT]
    monkeypatch.setattr(typeset.layout, "pages", lambda document: _pages(after, feet))
    assert passes._judge_feet(object(), doc) is not kept
    assert bool(passes.feet["ch"]["pages"]) is kept
    assert not passes.trying
    if not kept:
        assert "set back" in passes.reasons[-1]
        assert not passes._set_feet(before, doc, 0, [1, 2], -1)  # not tried again the same way
        assert passes._set_feet(before, doc, 0, [1, 2], +1)  # the other way may be
