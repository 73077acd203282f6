"""Where a line may end in a paragraph's HTML (octavo.builders.paratext): spaces as the browser
collapses them, soft hyphens, a compound's hyphen and a dash; note text left out; the marks a
trial layout measures; the word-spacing spans that hold chosen line breaks."""
from __future__ import annotations

import re

from octavo.builders import paratext as t

NOTE = '<a class="call" href="#fn-1"><sup>1</sup></a><span class="footnote" id="fn-1"><a>1</a> Not <em>here</em> at all.</span>'


def test_spaces_collapse_across_tags_and_do_not_lead_or_trail():
    assert t.stops(" A <em>big </em> house ") == [t.SPACE, t.SPACE]


def test_soft_hyphens_a_compounds_hyphen_and_a_dash_are_stops_of_their_own_kinds():
    assert t.stops("bu\u00adreau anti-war moved\u2014slowly") == [t.SOFT, t.SPACE, t.HARD, t.SPACE, t.AFTER]


def test_a_footnote_inside_the_paragraph_is_not_counted():
    assert t.stops(f"one two.{NOTE} three") == [t.SPACE, t.SPACE]
    assert t.ties(f"a\u00a0b c{NOTE} d\u00a0e") == [1, 0, 1]


def test_marks_sit_at_every_stop_and_the_ends():
    html = t.marked("one <em>two</em> th\u00adree", "p1")
    ids = re.findall(r'id="(p1~[^"]+)"', html)
    assert ids == ["p1~a", "p1~0", "p1~1", "p1~2", "p1~z"]
    # a space is measured without any inherited word-spacing (the plan sets each space's own)
    assert '<span id="p1~0" style="word-spacing:0"> </span>' in html
    assert "\u00ad" in html  # the soft hyphen stays, so the text is the same


def test_chosen_breaks_wrap_each_space_in_its_lines_spacing_and_leave_the_break_plain():
    html = t.with_spacing("a b c d e", [1, 3], [1.5, -0.5, 0.0])
    assert html.count('word-spacing:1.50px') == 1  # the space inside line 1 (a b)
    assert html.count('word-spacing:-0.50px') == 1  # inside line 2 (c d)
    assert "b c" in html and "d e" in html  # the spaces a line ends at are left plain
    assert t.plain(html) == "a b c d e"


def test_the_fingerprint_follows_the_text_and_its_stops():
    base = t.fingerprint("a bu\u00adreau here")
    assert t.fingerprint("a bu\u00adreau  here") == base  # white space as the browser sets it
    assert t.fingerprint("a bureau here") != base  # a break taken out (the passes' nohyphen)
    assert t.fingerprint("a\u00a0bu\u00adreau here") != base  # a tie put in


NOTED = ('Text<a class="noteref" href="#fn-c-1" id="fnref-c-1">1</a><span class="footnote" id="fn-c-1">'
         '<a class="note-number" href="#fnref-c-1">1</a> Wren Hollis, <em id="t">Letters from the Harbour Town</em> '
         '(Test Press, n.d.), 180.</span> more text.')


def test_a_note_is_cut_after_a_number_of_words_and_goes_on_in_a_second_note():
    out = t.split_note(NOTED, "fn-c-1", 5)  # the number, "Wren", "Hollis,", "Letters", "from"
    head, tail = out.split('<span class="footnote continued"', 1)
    assert head.startswith('Text<a class="noteref"') and '<span class="footnote split" id="fn-c-1">' in head
    assert head.endswith("Hollis, <em id=\"t\">Letters from</em></span>")  # the open <em> closed at the cut
    assert tail.startswith(' id="fn-c-1-cont"><em>the Harbour Town</em> (Test Press')  # opened again, without its id
    assert tail.endswith("180.</span> more text.") and "note-number" not in tail
    # the main text and the note's words are all there, once
    words = lambda html: re.sub(r"<[^>]+>", " ", html).split()  # noqa: E731
    assert words(out) == words(NOTED)


def test_a_note_with_no_more_words_or_not_in_the_paragraph_is_left_whole():
    assert t.split_note(NOTED, "fn-c-1", 40) == NOTED
    assert t.split_note(NOTED, "fn-c-2", 3) == NOTED
