"""The renderer keeps what the author wrote: list schemes, delimiters and starts; table
alignments, widths and captions; notes' soft breaks and block content; headings' notes out
of the places a title is repeated. Tiny hand-written pandoc ASTs, no pandoc, no layout."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from octavo.ast import Para, Space, Str
from octavo.document import Section
from octavo.render.constructs import list_marker, ordered_list_attrs
from octavo.render.html import RenderOptions, render_section


def words(s: str) -> list[dict]:
    out: list[dict] = []
    for w in s.split():
        out += [Str(w), Space()]
    return out[:-1]


def section(blocks, title="Title") -> Section:
    return Section("chapter", Path("ch.md"), blocks, id="ch", title=words(title) if isinstance(title, str) else title)


def render(blocks, notes="foot", title="Title"):
    return render_section(section(blocks, title), RenderOptions(notes=notes))


def olist(start, style, delim, items=("one", "two")):
    return {"t": "OrderedList", "c": [[start, {"t": style}, {"t": delim}], [[{"t": "Plain", "c": words(i)}] for i in items]]}


def note(*blocks):
    return {"t": "Note", "c": list(blocks)}


# --- ordered lists ------------------------------------------------------------

@pytest.mark.parametrize("style, delim, start, expect", [
    ("LowerAlpha", "Period", 1, ['type="a"', 'class="scheme-lower-alpha"']),
    ("LowerRoman", "Period", 4, ['type="i"', 'start="4"', "counter-reset: list-item 3"]),
    ("UpperAlpha", "TwoParens", 1, ['type="A"', "delim-two-parens", "scheme-upper-alpha"]),
    ("LowerAlpha", "OneParen", 3, ['type="a"', 'start="3"', "delim-one-paren"]),
    ("Decimal", "Period", 6, ['start="6"', "counter-reset: list-item 5"]),
])
def test_ordered_list_keeps_scheme_delimiter_and_start(style, delim, start, expect):
    html = render([olist(start, style, delim)]).body
    ol = re.search(r"<ol[^>]*>", html).group(0)
    for piece in expect:
        assert piece in ol


def test_plain_decimal_list_has_no_attributes():
    assert "<ol>" in render([olist(1, "DefaultStyle", "DefaultDelim")]).body
    assert ordered_list_attrs([1, {"t": "Decimal"}, {"t": "Period"}]) == ""


@pytest.mark.parametrize("n, style, delim, marker", [
    (6, "Decimal", "Period", "6."), (3, "LowerAlpha", "OneParen", "c)"), (4, "LowerRoman", "TwoParens", "(iv)"),
    (1, "UpperAlpha", "TwoParens", "(A)"), (27, "LowerAlpha", "Period", "aa."), (14, "UpperRoman", "Period", "XIV."),
])
def test_list_marker_as_text(n, style, delim, marker):
    assert list_marker(n, style, delim) == marker


# --- tables -----------------------------------------------------------------

def cell(s, align="AlignDefault"):
    return [["", [], []], {"t": align}, 1, 1, [{"t": "Plain", "c": words(s)}]]


def table(caption=None, widths=(None, None), aligns=("AlignLeft", "AlignRight")):
    colspecs = [[{"t": a}, {"t": "ColWidth", "c": w} if w else {"t": "ColWidthDefault"}] for a, w in zip(aligns, widths)]
    head = [["", [], []], [[["", [], []], [cell("Name"), cell("Count")]]]]
    body = [[["", [], []], 0, [], [[["", [], []], [cell("apples"), cell("12", "AlignCenter")]]]]]
    cap = [None, [{"t": "Plain", "c": words(caption)}]] if caption else [None, []]
    return {"t": "Table", "c": [["", [], []], cap, colspecs, head, body, [["", [], []], []]]}


def test_table_keeps_column_alignments_and_a_cells_own():
    html = render([table()]).body
    assert re.search(r'<th scope="col" style="text-align: left">Name</th>', html)
    assert re.search(r'<th scope="col" style="text-align: right">Count</th>', html)
    assert '<td style="text-align: center">12</td>' in html  # the cell's own alignment wins


def test_table_keeps_relative_widths():
    html = render([table(widths=(0.3, 0.6))]).body
    assert '<col style="width: 30.0%"/><col style="width: 60.0%"/>' in html
    assert 'class="sized' in html


def test_table_widths_over_the_measure_are_scaled_down():
    html = render([table(widths=(0.8, 0.7))]).body
    widths = [float(w) for w in re.findall(r'width: ([\d.]+)%', html)]
    assert sum(widths) <= 100.05


def test_table_caption_is_set_above_at_the_measure_not_inside_the_table():
    html = render([table(caption="A long caption")]).body
    assert re.search(r'<figure class="table-figure" id="ch-1"><figcaption>A long caption</figcaption><table', html)
    assert "<caption>" not in html


# --- notes --------------------------------------------------------------------

def test_soft_break_in_a_note_is_a_space():
    para = Para([Str("Text."), note(Para([Str("one"), {"t": "SoftBreak"}, Str("two")]))])
    rs = render([para])
    assert "one two" in rs.body and "one\ntwo" not in rs.body


def test_note_block_content_is_kept_in_the_floated_note():
    blocks = note(Para(words("First paragraph.")), Para(words("Second paragraph.")),
                  olist(1, "Decimal", "Period", ("item one", "item two")),
                  {"t": "BlockQuote", "c": [Para(words("Quoted words."))]},
                  {"t": "BulletList", "c": [[{"t": "Plain", "c": words("bullet")}]]})
    html = render([Para([Str("Text."), blocks])]).body
    foot = re.search(r'<span class="footnote".*</span>', html).group(0)
    for piece in ("First paragraph.", "Second paragraph.", "1.</span> <span class=\"fn-block\">item one",
                  "2.</span>", 'fn-quote"><span class="fn-block">Quoted words.', "•"):
        assert piece in foot
    assert "<p" not in foot and "<ol" not in foot and "<blockquote" not in foot  # nothing that closes the <p>


def test_note_in_the_title_is_note_one_and_out_of_the_plain_title():
    title = words("A title") + [note(Para(words("Title note.")))]
    rs = render([Para([Str("Body."), note(Para(words("Body note.")))])], title=title)
    assert rs.notes[0].html.startswith("<p>Title note.")
    assert rs.title_plain_html == "A title"
    assert "Title note." in rs.title_html


def test_heading_label_has_no_note_text():
    head = {"t": "Header", "c": [2, ["h", [], []], words("A heading") + [note(Para(words("Heading note.")))]]}
    html = render([head, Para(words("Text."))]).body
    assert 'data-label="A heading"' in html
