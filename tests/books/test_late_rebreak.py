"""A paragraph left loose in the late layouts (as one is when a word's break at a page's foot is
taken out) is broken again in as many lines as it has, so no page after it moves, and no line
ending its page ends on a hyphen; through WeasyPrint itself, on made-up pages in the face octavo
packages (EB Garamond).

Each test searches a range of measures and page depths for a page on which the line breaker's
free choice would break the rule the test pins (another count of lines; a hyphen at the page's
foot), so the test fails if the rule is not kept."""
from __future__ import annotations

import pytest

from helpers import PROSE_A, PROSE_B
from helpers import lay_out_paragraphs as lay_out

from octavo.builders import linebreak, linefaults, paratext, rebreak, typeset
from octavo.fonts import packaged_font
from octavo.hyphenate import Hyphenator


@pytest.fixture(scope="module")
def face():
    return packaged_font("EB Garamond").regular


@pytest.fixture(scope="module")
def paras():
    hyphenate = Hyphenator("en")
    return {ident: hyphenate.html(text, frozenset(), "en") for ident, text in (("a", PROSE_A), ("b", PROSE_B))}


def _free_choice(document, laid, rules, face, counts):
    """The line breaker's best setting of b in ``counts`` lines with no page-end rule."""
    bounds = rebreak.limits(rules)
    count, _, tried = rebreak._tried(document, laid, {"b"}, rules, face, greedy=False)
    found = [(linebreak.badness(p.spaces, bounds), p.cost + rebreak.RUN_ON * abs(n - count["b"]), n, p)
             for n, _, p in rebreak._plans(tried["b"], counts(count["b"]), rules["spacing_variants"], bounds)]
    return min(found, key=lambda f: f[:2]) if found else None


def _page(paras, face, rules, wants):
    """(width, height, document, laid) of the first page on which b goes over the page turn with a
    loose line and ``wants(document, laid)`` holds."""
    for width in range(300, 420, 2):
        first = linefaults.lines(lay_out(paras, width, 100, face), face)
        above = sum(1 for line in first if line.owner == "a")
        for height in (above + 2, above + 3, above + 4):  # b's first two to four lines on page one
            document = lay_out(paras, width, height, face)
            laid = linefaults.lines(document, face)
            if ("b" in rebreak.page_ends(laid) and "b" in linefaults.loose(laid, rules["loose_limit"])
                    and wants(document, laid)):
                return width, height, document, laid
    pytest.fail("no page in the range for this test")


def _rebroken_late(paras, face, width, height, document, laid):
    """The late pass's setting of b, and b's lines laid out in it."""
    passes = typeset.Passes()
    changed, _ = passes._rebreak(document, laid, face, same=True)
    assert changed and "b" in passes.lines
    chosen = passes.lines["b"]
    letter = passes.rules["spacing_variants"][chosen["variant"]][0]
    set_so = dict(paras, b=paratext.with_spacing(paras["b"], chosen["ends"], chosen["spacing"]))
    return chosen, linefaults.lines(lay_out(set_so, width, height, face, f"#b {{ letter-spacing: {letter} }}"), face)


def test_late_a_loose_paragraph_keeps_its_count_of_lines_where_another_would_space_it_better(paras, face):
    rules = typeset.Passes().rules
    lines_of = lambda laid: sum(1 for line in laid if line.owner == "b")  # noqa: E731

    def elsewhere(document, laid):
        free = _free_choice(document, laid, rules, face, lambda n: [n, n - 1, n + 1])
        return free is not None and free[2] != lines_of(laid)

    width, height, document, laid = _page(paras, face, rules, elsewhere)
    chosen, after = _rebroken_late(paras, face, width, height, document, laid)
    assert len(chosen["ends"]) + 1 == lines_of(laid) == lines_of(after)  # no page after it moves
    assert rebreak.page_ends(after)["b"] == rebreak.page_ends(laid)["b"]
    got = [line.word_space for line in after if line.owner == "b" and not line.last_in_block and line.word_space]
    assert typeset._breaks_taken(got, chosen["spaces"])
    assert max(got) < max(line.word_space or 0 for line in laid if line.owner == "b" and not line.last_in_block)


def test_late_no_line_ending_a_page_ends_on_a_hyphen(paras, face):
    rules = typeset.Passes().rules
    kinds = paratext.stops(paras["b"])

    def hyphen_at_foot(document, laid):
        free = _free_choice(document, laid, rules, face, lambda n: [n])
        return free is not None and any(kinds[free[3].ends[i]] == paratext.SOFT
                                        for i in rebreak.page_ends(laid)["b"] if i < len(free[3].ends))

    width, height, document, laid = _page(paras, face, rules, hyphen_at_foot)
    chosen, after = _rebroken_late(paras, face, width, height, document, laid)
    feet = rebreak.page_ends(laid)["b"]
    assert all(kinds[chosen["ends"][i]] != paratext.SOFT for i in feet)
    assert not any(typeset.is_hyphenated(line.text) for k, line in enumerate(line for line in after if line.owner == "b")
                   if k in feet)
