"""The print geometry against the print-on-demand services' published facts
(KDP's paperback requirements, as design.md "Print facts" quotes them), not
against octavo's own tables: the gutter by page count, the outside margin,
the spine and full-wrap cover from the page count and paper, the EAN-13
symbol's width. Pure functions over a config made in memory: no book folder,
no layout."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from octavo.builders.cover import CoverSpec, ean13_bars
from octavo.builders.pdf import GUTTER_TABLE, min_gutter, print_geometry
from octavo.builders.typeset import IGNORED_IN_COUNT, text_count
from octavo.config import TRIMS, BookConfig

# KDP: minimum inside margin by page count (in), 24-828 pages.
PUBLISHED_GUTTER = [((24, 150), 0.375), ((151, 300), 0.5), ((301, 500), 0.625), ((501, 700), 0.75),
                    ((701, 828), 0.875)]
PUBLISHED_OUTSIDE_WITH_BLEED = 0.375  # outside, top and bottom margins, in
PUBLISHED_PAPER = {"white": 0.002252, "cream": 0.0025}  # spine inches per page
PUBLISHED_BLEED = 0.125
EAN13_MODULES = 95  # GS1: 3 + 6 x 7 + 5 + 6 x 7 + 3 modules from guard to guard
TRIMS_PUBLISHED = {"5x8in": (5, 8), "5.25x8in": (5.25, 8), "5.5x8.5in": (5.5, 8.5), "6x9in": (6, 9),
                   "6.14x9.21in": (6.14, 9.21), "7x10in": (7, 10), "8.5x11in": (8.5, 11),
                   "a5": (148 / 25.4, 210 / 25.4), "b-format": (129 / 25.4, 198 / 25.4)}


def book(**print_options) -> SimpleNamespace:
    """A stand-in for ``Book`` with just the validated config and the text face the geometry reads."""
    config = BookConfig.model_validate({"title": "T", "authors": ["A"], "publisher": "P", "rights": "R",
                                        "description": "D", "chapters": ["c.md"], "print": print_options})
    # no face: the geometry takes its average characters per em (press measure without fontTools)
    from octavo.themes import load_theme

    return SimpleNamespace(config=config, fonts=SimpleNamespace(regular=None), design=load_theme("classic").values)


@pytest.mark.parametrize("pages_range, gutter", PUBLISHED_GUTTER, ids=lambda v: str(v))
def test_min_gutter_is_the_published_minimum_at_both_ends_of_each_range(pages_range, gutter):
    low, high = pages_range
    assert (min_gutter(low), min_gutter(high)) == (gutter, gutter)


def test_gutter_table_rises_with_the_page_count():
    limits = [limit for limit, _g in GUTTER_TABLE]
    gutters = [g for _limit, g in GUTTER_TABLE]
    assert limits == sorted(limits) and gutters == sorted(gutters)
    assert min_gutter(10**6) == gutters[-1]  # a book longer than any printer takes still gets a gutter


def test_published_trims_are_offered():
    for name, (w, h) in TRIMS_PUBLISHED.items():
        assert TRIMS[name] == pytest.approx((w, h), abs=1e-4), name


@pytest.mark.parametrize("trim", list(TRIMS_PUBLISHED))
def test_margins_meet_the_published_minimums_on_every_trim(trim):
    for (low, high), gutter in PUBLISHED_GUTTER:
        for pages in (low, high):
            g = print_geometry(book(trim=trim), pages)
            assert g["m_inner"] >= gutter, pages
            for side in ("m_outer", "m_top", "m_bottom"):
                assert g[side] >= PUBLISHED_OUTSIDE_WITH_BLEED - 1e-9, (pages, side, g[side])
            assert (g["trim_w"], g["trim_h"]) == pytest.approx(TRIMS_PUBLISHED[trim], abs=1e-4)


@pytest.mark.parametrize("paper", ["white", "cream"])
@pytest.mark.parametrize("trim, pages", [("5.5x8.5in", 24), ("6x9in", 226), ("8.5x11in", 828), ("a5", 100)])
def test_cover_is_bleed_back_spine_front_bleed(paper, trim, pages):
    spec = CoverSpec.compute(book(trim=trim, paper=paper), pages)
    w, h = TRIMS_PUBLISHED[trim]
    spine = pages * PUBLISHED_PAPER[paper]
    assert spec.spine == pytest.approx(spine, abs=1e-4)
    assert spec.width == pytest.approx(PUBLISHED_BLEED + w + spine + w + PUBLISHED_BLEED, abs=1e-3)
    assert spec.height == pytest.approx(PUBLISHED_BLEED + h + PUBLISHED_BLEED, abs=1e-3)


def test_ean13_symbol_is_95_modules_with_30_bars():
    module = 0.0133
    bars, width = ean13_bars("9780306406157", module)
    assert width == pytest.approx(EAN13_MODULES * module, abs=1e-4)
    assert len(bars) == 30  # 2 per guard pattern (x3) and 2 per encoded digit (x12)
    assert bars[0] == (0.0, module) and bars[1][0] == pytest.approx(2 * module)  # the start guard: bar, space, bar
    assert all(0 <= x and x + w <= width + 1e-9 for x, w in bars)


def test_text_count_skips_spaces_and_exactly_the_ignored_marks():
    assert {"\u00ad", "\u2060"} <= IGNORED_IN_COUNT  # Unicode's soft hyphen and word joiner: never letters
    # WeasyPrint sets a space in a word-spacing of its own (a re-set paragraph's) as space + U+200B
    assert "\u200b" in IGNORED_IN_COUNT
    for mark in IGNORED_IN_COUNT:
        assert text_count(f"ab{mark}cd") == 4, hex(ord(mark))
    assert text_count("ab cd\n\tef") == 6
    assert text_count("co-op — “quoted”") == len("co-op—“quoted”")  # a real hyphen and punctuation count
