"""A page that ends short of the foot is filled by setting a paragraph on it one line longer,
through WeasyPrint itself (no book built): a three-line paragraph that cannot begin in the one
line left without an orphan goes over whole, the typesetter finds the page a line short, sets
a paragraph on it a line longer in breaks the line breaker chose, and the page then ends at
the foot while the next page begins exactly where it did.

The paragraphs are set in the face octavo packages (EB Garamond); the two measures are ones
at which one of them can take a line more within the theme's word-space limits."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from helpers import LINE, PROSE_A, PROSE_B
from helpers import lay_out_paragraphs as lay_out

from octavo.builders import linefaults, paratext, typeset
from octavo.fonts import packaged_font
from octavo.hyphenate import Hyphenator

A = PROSE_A
B = PROSE_B
C = ("When the assembly met again in the new year, the first speech from the benches was about the report, "
     "and it was heard in a silence the clerks remembered for a long time afterwards.")
DOC = SimpleNamespace(sections=[SimpleNamespace(id="ch")])


@pytest.fixture(scope="module")
def face():
    return packaged_font("EB Garamond").regular


def counts(document, face) -> dict[str, int]:
    laid = linefaults.lines(document, face)
    return {ident: sum(1 for line in laid if line.owner == ident) for ident in ("a", "b", "c")}


@pytest.mark.parametrize("width", [380, 470])
def test_a_page_a_line_short_is_filled_and_the_next_page_begins_where_it_did(width, face):
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C), ("d", A))}
    n = counts(lay_out(paras, width, 100, face), face)
    high = n["a"] + n["b"] + 1  # one line left for c: not enough without an orphan
    before = lay_out(paras, width, high, face)
    assert typeset.short_pages(before, DOC) == {0: 1}
    next_page = [line.text for line in typeset.layout.pages(before)[1].lines]

    passes = typeset.Passes()
    assert passes._fill_pages(before, DOC, linefaults.lines(before, face), face)
    (block,) = passes.filled
    assert block in ("a", "b") and "line longer" in passes.reasons[0]
    chosen = passes.lines[block]
    assert chosen["worst"] <= passes.rules["loose_limit"]
    letter = passes.rules["spacing_variants"][chosen["variant"]][0]
    paras[block] = paratext.with_spacing(paras[block], chosen["ends"], chosen["spacing"])
    after = lay_out(paras, width, high, face, f"#{block} {{ letter-spacing: {letter} }}")

    assert typeset.short_pages(after, DOC) == {}
    assert counts(after, face)[block] == n[block] + 1
    assert [line.text for line in typeset.layout.pages(after)[1].lines] == next_page
    spaces = [line.word_space for line in linefaults.lines(after, face)
              if line.owner == block and not line.last_in_block and line.word_space]
    assert max(spaces) <= passes.rules["loose_limit"] + 0.02


C2 = "When the assembly met again in the new year, the first speech from the benches was about the report."


@pytest.mark.parametrize("width", [434, 464])
def test_where_no_paragraph_can_take_a_line_more_one_gives_a_line_up_and_the_next_fills_the_page(width, face):
    """A two-line paragraph cannot begin in the one line left (an orphan), and no paragraph on the
    page can be set a line longer within the limits: one is set a line shorter, and the two-line
    paragraph then ends the page at the foot."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C2), ("d", A))}
    n = counts(lay_out(paras, width, 100, face), face)
    assert n["c"] == 2
    high = n["a"] + n["b"] + 1
    before = lay_out(paras, width, high, face)
    assert typeset.short_pages(before, DOC) == {0: 1}

    passes = typeset.Passes()
    assert passes._fill_pages(before, DOC, linefaults.lines(before, face), face)
    (block,) = passes.filled
    assert "line shorter" in passes.reasons[0] and "c fills it" in passes.reasons[0]
    chosen = passes.lines[block]
    letter = passes.rules["spacing_variants"][chosen["variant"]][0]
    paras[block] = paratext.with_spacing(paras[block], chosen["ends"], chosen["spacing"])
    after = lay_out(paras, width, high, face, f"#{block} {{ letter-spacing: {letter} }}")

    assert typeset.short_pages(after, DOC) == {}
    assert counts(after, face)[block] == n[block] - 1
    assert [line.owner for line in typeset.layout.pages(after)[0].lines][-1] == "c"


def test_no_paragraph_is_set_longer_into_a_runt_or_a_loose_line(face):
    """A page whose paragraphs would need a loose line or a runt last line to take a line more
    stays as it is: a short page is better than a badly spaced one."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C), ("d", A))}
    width = 420  # here neither a nor b can take a line more within the limits
    n = counts(lay_out(paras, width, 100, face), face)
    before = lay_out(paras, width, n["a"] + n["b"] + 1, face)
    assert typeset.short_pages(before, DOC) == {0: 1}
    passes = typeset.Passes()
    assert not passes._fill_pages(before, DOC, linefaults.lines(before, face), face)
    assert not passes.lines and not passes.filled


@pytest.mark.parametrize("lines, room, orphans, widows", [
    (3, 5, 2, 2), (3, 2, 2, 2), (2, 1, 2, 2), (4, 3, 2, 2), (5, 3, 2, 2), (6, 2, 3, 2), (7, 4, 2, 4)])
def test_the_page_fillings_rule_for_a_paragraph_at_the_foot_is_the_engines(lines, room, orphans, widows, face):
    """``typeset._lines_placed`` (what the page filling expects of a paragraph at a page's foot)
    against WeasyPrint setting it there."""
    from weasyprint import HTML

    css = (f"@font-face {{ font-family: Body; src: url('{face.as_uri()}'); }}"
           f"@page {{ size: 400px {10 * LINE + 80}px; margin: 40px }} body {{ margin: 0 }}"
           f"p {{ font: 15px/{LINE}px Body; margin: 0 }} #filler {{ height: {(10 - room) * LINE}px }}"
           f"#para {{ orphans: {orphans}; widows: {widows} }}")
    para = "<br/>".join(f"line {k}" for k in range(lines))
    document = HTML(string=f"<html><head><style>{css}</style></head><body><div id='filler'></div>"
                           f"<p id='para'>{para}</p></body></html>").render()
    first = [line for line in typeset.layout.pages(document)[0].lines if line.owner == "para"]
    assert len(first) == typeset._lines_placed(lines, room, orphans, widows)


@pytest.mark.parametrize("facing", [True, False])
def test_where_no_paragraph_can_change_a_spread_runs_a_line_long_together(facing, face):
    """The page a line short (a two-line paragraph cannot begin in the line left) is a verso
    whose paragraphs cannot be set a line longer or shorter within the limits: with facing pages
    it and its recto run one line long together (their bottom margin less a leading, by
    ``@page :nth()``), and the two-line paragraph then ends the verso at its long foot. A
    single-sided edition (the screen PDF) leaves the page as it is."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C2), ("d", A))}
    width = 420
    n = counts(lay_out(paras, width, 100, face), face)
    opening = "#a { break-before: page }"  # the section opens on a page of its own: the short page is mid-chapter
    # the recto is the section's last page: the spread cannot run a line short, which comes first
    paras = {"title": "Chapter", **paras}
    before = lay_out(paras, width, n["a"] + n["b"] + 1, face, opening)
    pages = typeset.layout.pages(before)
    assert typeset.short_pages(before, DOC)[1] == 1 and pages[1].side == "left"

    passes = typeset.Passes()
    assert passes._fill_pages(before, DOC, linefaults.lines(before, face), face, facing=facing) == facing
    assert not passes.filled  # no paragraph could be set a line longer or shorter
    if not facing:
        assert not passes.feet
        return
    assert passes.feet == {"ch": {"side": "right", "pages": [[1, 20.0], [2, 20.0]]}}
    assert "page(s) 2 and 3 of the slice run a line long" in passes.reasons[0]
    css = passes.page_css("ch", "right")
    assert passes.page_css("ch", "left") == ""  # opened on the other side, its pages pair otherwise
    assert passes.page_css("ch", "left", lead_blank=True) == (  # a blank page before it: counted one on
        "\n@page :nth(3) { margin-bottom: 20.0px; }\n@page :nth(4) { margin-bottom: 20.0px; }")
    after = typeset.layout.pages(lay_out(paras, width, n["a"] + n["b"] + 1, face, opening + css))
    assert [p.margin_bottom for p in after[:3]] == [40, 20, 20]
    assert after[1].lines[-1].owner == "c"  # the verso ends with the paragraph that could not begin there
    assert after[1].content_bottom - max(line.bottom for line in after[1].lines) < LINE  # at its long foot


def test_an_opening_recto_facing_no_page_of_its_section_runs_a_line_long_alone(face):
    """The short page is the section's opening recto (the page before it is another section's,
    or blank): it runs a line long alone, and the two-line paragraph then ends it."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C2), ("d", A))}
    width = 420
    n = counts(lay_out(paras, width, 100, face), face)
    before = lay_out(paras, width, n["a"] + n["b"] + 1, face)
    assert typeset.short_pages(before, DOC)[0] == 1 and typeset.layout.pages(before)[0].side == "right"

    passes = typeset.Passes()
    assert passes._fill_pages(before, DOC, linefaults.lines(before, face), face, facing=True)
    assert passes.feet == {"ch": {"side": "right", "pages": [[0, 20.0]]}}
    after = typeset.layout.pages(lay_out(paras, width, n["a"] + n["b"] + 1, face, passes.page_css("ch", "right")))
    assert [p.margin_bottom for p in after[:2]] == [20, 40]
    assert after[0].lines[-1].owner == "c"


def test_a_verso_a_line_short_that_nothing_fills_runs_a_line_short_with_its_recto(face):
    """The verso ends a line short (a three-line paragraph cannot begin in one line, nor in two:
    a long spread would not help) and no paragraph on it can change: it and its recto run a
    line short together, the recto's last paragraph giving its last line over, and the two
    pages end level."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en")
             for ident, text in (("a", A), ("b", B), ("c", C), ("d", A), ("e", B), ("f", A))}
    width = 420
    n = counts(lay_out(paras, width, 100, face), face)
    assert n["c"] == 3
    high = n["a"] + n["b"] + 1
    opening = "#a { break-before: page }"
    paras = {"title": "Chapter", **paras}
    before = lay_out(paras, width, high, face, opening)
    pages = typeset.layout.pages(before)
    assert typeset.short_pages(before, DOC).get(1) == 1 and 2 not in typeset.short_pages(before, DOC)
    assert pages[2].lines[-1].owner == "e"

    passes = typeset.Passes()
    assert passes._fill_pages(before, DOC, linefaults.lines(before, face), face, facing=True)
    assert not passes.filled
    assert passes.feet == {"ch": {"side": "right", "pages": [[1, 60.0], [2, 60.0]]}}
    assert "page(s) 2 and 3 of the slice run a line short" in passes.reasons[0]
    after = typeset.layout.pages(lay_out(paras, width, high, face, opening + passes.page_css("ch", "right")))
    assert [p.margin_bottom for p in after[:4]] == [40, 60, 60, 40]
    bottoms = [max(line.bottom for line in page.lines) for page in after[1:3]]
    assert bottoms[0] == pytest.approx(bottoms[1])  # level
    assert after[1].content_bottom - bottoms[0] < LINE  # at the short foot
    e_lines = [sum(1 for line in page.lines if line.owner == "e") for page in (pages[2], after[2])]
    assert e_lines[1] == e_lines[0] - 1


@pytest.mark.parametrize("width, way", [(464, "shorter"), (470, "longer")])
def test_a_chapter_whose_last_page_holds_two_lines_brings_them_back_or_sends_more_over(width, way, face):
    """A section's last page holds two lines (fewer than the theme's five): two paragraphs on its
    last pages are set a line shorter, within the word-space limits, and the section then ends
    on the page before; where none can be, paragraphs are set a line longer and more lines go
    over. No paragraph is set in a spacing the line breaker would not choose (a chapter is never
    set tighter as a whole)."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C), ("d", B))}
    total = sum(1 for line in linefaults.lines(lay_out(paras, width, 100, face), face) if line.owner)
    before = lay_out(paras, width, total - 2, face)
    ends = typeset.short_endings(before, DOC, 5)
    assert ends == {"ch": (0, 1, 2)}

    passes = typeset.Passes()
    first, last, held = ends["ch"]
    assert passes._end_section(before, linefaults.lines(before, face), face, "ch", range(first, last + 1), held)
    assert passes.reasons and all(f"a line {way}" in why and "last page of ch held 2" in why for why in passes.reasons)
    css = ""
    for block, chosen in passes.lines.items():
        assert chosen["worst"] <= passes.rules["loose_limit"]
        paras[block] = paratext.with_spacing(paras[block], chosen["ends"], chosen["spacing"])
        css += f"#{block} {{ letter-spacing: {passes.rules['spacing_variants'][chosen['variant']][0]} }}"
    after = lay_out(paras, width, total - 2, face, css)
    assert typeset.short_endings(after, DOC, 5) == {}
    assert len(typeset.layout.pages(after)) == (1 if way == "shorter" else 2)
    spaces = [line.word_space for line in linefaults.lines(after, face) if not line.last_in_block and line.word_space]
    assert min(spaces) >= passes.rules["word_space"]["floor"] - passes.rules["word_space"]["squeeze"] - 0.01


@pytest.mark.parametrize("width", [434, 464])
def test_a_page_is_not_filled_by_pulling_back_a_chapter_ending_under_its_minimum(width, face):
    """Setting a paragraph a line shorter pulls the text after it back a line: where the
    section's last page would then hold fewer lines than ``min_chapter_end_lines`` (but some),
    the page stays a line short instead; with a lower minimum the same page is filled so."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C2), ("d", A))}
    n = counts(lay_out(paras, width, 100, face), face)
    before = lay_out(paras, width, n["a"] + n["b"] + 1, face)
    assert typeset.short_pages(before, DOC) == {0: 1}
    ending = typeset._ending(typeset.layout.pages(before), DOC)
    assert ending and ending > 2

    for minimum, fills in ((ending, False), (ending - 1, True)):
        passes = typeset.Passes()
        passes.rules = {**passes.rules, "min_chapter_end_lines": minimum}
        assert passes._fill_pages(before, DOC, linefaults.lines(before, face), face) == fills
        assert bool(passes.filled) == fills


def _two_short(face, width: int = 420):
    """Paragraphs a and b, then a three-line paragraph c that cannot begin in the two lines left
    at the page's foot (an orphan and a widow): the page ends two lines short mid-chapter."""
    hyphenate = Hyphenator("en")
    paras = {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", A), ("b", B), ("c", C), ("d", A))}
    n = counts(lay_out(paras, width, 100, face), face)
    assert n["c"] == 3
    high = n["a"] + n["b"] + 2
    return paras, high, lay_out(paras, width, high, face)


@pytest.mark.parametrize("width, by", [(380, +1), (464, -1)])
def test_a_page_left_two_lines_short_shifts_a_paragraph_before_it_and_keeps_it_when_evener(width, by, face):
    """``_shift``: the passes left a mid-chapter page two lines short (``_faults`` counts it): a
    paragraph on it is set a line shorter (the room that makes takes c whole) or, where none can
    be, longer (c then splits within its orphans and widows) within ``shift_loose_limit``, and
    the next review keeps it because the page then ends nearer the foot (``_judge_shift``)."""
    paras, high, before = _two_short(face, width)
    laid = linefaults.lines(before, face)
    passes = typeset.Passes()
    serious, *_ = passes._faults(before, DOC, laid)
    assert serious == 1 and typeset.short_pages(before, DOC) == {0: 2}
    assert passes._shift(before, DOC, laid, face)
    (block,) = passes.filled
    trial = passes.shifting["ch"]
    assert trial["block"] == block and trial["by"] == by and "to move the page breaks after it" in passes.reasons[-1]
    chosen = passes.lines[block]
    assert chosen["worst"] <= passes.rules["shift_loose_limit"]
    letter = passes.rules["spacing_variants"][chosen["variant"]][0]
    paras[block] = paratext.with_spacing(paras[block], chosen["ends"], chosen["spacing"])
    after = lay_out(paras, width, high, face, f"#{block} {{ letter-spacing: {letter} }}")

    assert not passes._judge_shift(after, DOC, face)  # evener: kept, nothing to lay out again
    assert passes.lines[block] == chosen and not passes.shifting
    assert passes._faults(after, DOC, linefaults.lines(after, face))[0] == 0


def test_a_shift_that_leaves_the_pages_no_evener_is_set_back_exactly_as_it_was(face, monkeypatch):
    """A shifted paragraph is set back to the setting it had before (its spacing variant, its
    chosen breaks) when the layout after it is no evener, and not shifted that way again."""
    _paras, _high, before = _two_short(face, 464)
    laid = linefaults.lines(before, face)
    passes = typeset.Passes()
    passes.spacing = {"a": 2, "b": 2}  # re-set in a spacing variant by an earlier pass
    assert passes._shift(before, DOC, laid, face)
    block, by = passes.shifting["ch"]["block"], passes.shifting["ch"]["by"]
    monkeypatch.setattr(typeset.Passes, "_faults", lambda self, *a: (1, 99, 0))  # the same fault, more uneven
    assert passes._judge_shift(before, DOC, face)
    assert passes.spacing == {"a": 2, "b": 2} and block not in passes.lines and block not in passes.filled
    assert passes.unshifted == {block: [by]} and "set back as it was" in passes.reasons[-1]
    assert not passes._shift(before, DOC, laid, face) or (passes.shifting["ch"].get("block"),
                                                          passes.shifting["ch"]["by"]) != (block, by)


def test_a_short_ending_that_no_paragraph_can_mend_runs_the_opening_page_a_line_short(face):
    """A chapter of two-line exchanges (each line ended by the author: none can be set a line
    longer or shorter) ends on a page of four lines, under the theme's five: its opening page,
    which faces no page of its own chapter, runs a line short, an exchange goes over, and the
    last page holds six; the next review keeps it (``_judge_shift``)."""
    paras = {f"p{k}": f"“So it was, on day {k},” said he.<br/>“It was,” said she." for k in range(22)}
    css = "p { text-indent: 0 }"
    before = lay_out(paras, 420, 20, face, css)  # ten exchanges a page: two pages, then two
    assert typeset.short_endings(before, DOC, 5) == {"ch": (0, 2, 4)}
    laid = linefaults.lines(before, face)
    passes = typeset.Passes()
    assert passes._shift(before, DOC, laid, face)
    assert passes.shifting["ch"] == {"opening": True, "by": 1, "score": [1, 0, 1]} and not passes.filled
    assert "opening page run a line short" in passes.reasons[-1]
    after = lay_out(paras, 420, 20, face, css + passes.page_css("ch", "right"))
    assert typeset.layout.pages(after)[0].margin_bottom == 40 + LINE
    assert typeset.short_endings(after, DOC, 5) == {}
    assert not passes._judge_shift(after, DOC, face) and passes.feet["ch"]["pages"] == [[0, 40.0 + LINE]]
