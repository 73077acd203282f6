"""Page design per trim (octavo.builders.geometry) and the matter's facts (octavo.builders.base)."""
from pathlib import Path

import pytest

from octavo.builders.geometry import chars_per_em, min_gutter, print_geometry
from octavo.builders.linefaults import join_words
from octavo.config import TRIMS
from octavo.themes import installed, load_theme


@pytest.mark.parametrize("theme", [name for name, _ in installed()])
@pytest.mark.parametrize("trim", sorted(TRIMS))
@pytest.mark.parametrize("pages", [24, 200, 400, 650])
def test_every_trim_has_outer_margin_at_least_the_inner_and_the_themes_measure(theme, trim, pages):
    """In every installed theme, on every trim and page count: outer >= inner >= the printer's
    gutter, and a line holds the theme's measure range (theme.yaml print.measure_range)."""
    design = load_theme(theme).values["print"]
    low, high = design["measure_range"]
    g = print_geometry(trim, TRIMS[trim], pages, None, design)
    assert g["m_outer"] >= g["m_inner"] >= min_gutter(pages)
    assert low - 2 <= g["chars_per_line"] <= high
    assert abs(g["m_inner"] + g["m_outer"] + g["text_w"] - TRIMS[trim][0]) < 0.01


def test_a_wider_face_gets_a_wider_text_block(tmp_path):
    assert chars_per_em(Path(tmp_path / "missing.otf")) == 2.4  # unreadable: the usual figure


def test_a_no_break_space_ties_a_stranded_word_to_the_next():
    html = 'being asked a sec\u00adond <em>time</em> and second time'
    assert join_words(html, {("second", "time")}) == 'being asked a sec\u00adond <em>time</em> and second\u00a0time'
    assert join_words("a second time", {("second", "time.")}) == "a second time"  # no such pair


def test_a_line_opening_with_a_hyphenable_word_is_not_a_carried_fragment():
    from octavo.builders.linefaults import _carried_fragment

    assert _carried_fragment("the new amend\u2010", "s\u2014but not")
    assert not _carried_fragment("the new amend\u2010", "du\u00adti\u00adful chil\u00addren")
    assert not _carried_fragment("a well-", "in-law")  # a word's own hyphen


def test_a_short_line_is_stranded_only_in_justified_text():
    from octavo.builders.linefaults import Line, stranded

    def para(justified: bool) -> list[Line]:
        return [Line(0, "p1", "a short line", 0.3, None, next_word_fits=True, justified=justified),
                Line(0, "p1", "and the rest of the paragraph", 1.0, None, last_in_block=True, justified=justified)]

    assert [why for _line, why in stranded(para(True), 0.5)] == ["a short line mid-paragraph whose next word would have fitted"]
    assert stranded(para(False), 0.5) == []  # ragged text (an index entry) sets short lines by design


@pytest.mark.parametrize("trim", sorted(TRIMS))
def test_the_contents_close_up_only_when_their_spaced_entries_would_not_fit_one_page(trim):
    """``pdf.contents_close``: seven chapters keep the theme's space between entries on every
    trim; forty are set at the body's leading (a long list split over pages with each entry
    spaced like a paragraph reads as widows and orphans); a part's chapters count as entries."""
    from octavo.builders.pdf import contents_close

    theme = load_theme("classic").values
    g = print_geometry(trim, TRIMS[trim], 200, None, theme["print"])
    contents = theme["contents"]
    entries = lambda n: [{"href": f"#c{k}", "kind": "chapter"} for k in range(n)]  # noqa: E731
    assert not contents_close(entries(7), g, contents)
    assert contents_close(entries(40), g, contents)
    parts = [{"href": "#p", "kind": "part", "children": entries(39)}]
    assert contents_close(parts, g, contents) and not contents_close(parts[:0], g, contents)
    # the heading's size and space are the theme's, as the CSS sets them: a taller heading leaves
    # room for fewer spaced entries
    most = max(n for n in range(1, 60) if not contents_close(entries(n), g, contents))
    taller = dict(contents, heading_space=contents["heading_space"] + 4)
    assert contents_close(entries(most), g, taller)
