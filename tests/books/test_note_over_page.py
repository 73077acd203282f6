"""A long note called near a page's foot begins under its call and goes on over the page, as
presses carry a note over (WeasyPrint 70 cannot break a note: the typesetter cuts it in two,
``Passes._split_note`` and ``paratext.split_note``). Laid out by WeasyPrint in the face octavo
packages, with the print edition's note policy (a note that does not fit goes to the next page);
no book is built."""
from __future__ import annotations

import pytest

from helpers import PROSE_A, PROSE_B

from octavo import layout
from octavo.builders import paratext, typeset
from octavo.fonts import packaged_font

LINE = 20  # px, the text's leading
A = PROSE_A
B = PROSE_B
NOTE = ("A long note, of the kind a scholarly edition carries, that gives the source of the remark, quotes the "
        "first edition where it differs and refers the reader to the letters of the period, where the same turn "
        "of phrase recurs in a form that is, if anything, sharper than the one the novel keeps in the end.")


@pytest.fixture(scope="module")
def face():
    layout.mend_engine()
    return packaged_font("EB Garamond").regular


def paragraphs(call_after: int) -> list[str]:
    words = (B + " " + B).split(" ")
    note = (f'<a class="noteref" id="fnref-c-1" href="#fn-c-1">1</a><span class="footnote" id="fn-c-1">'
            f'<a class="note-number" href="#fnref-c-1">1</a> {NOTE}</span>')
    return [f'<p id="a">{A}</p>', f'<p id="b">{" ".join(words[:call_after])}{note} {" ".join(words[call_after:])}</p>',
            f'<p id="c">{A}</p>']


def lay_out(paras: list[str], lines: int, face, extra_css: str = ""):
    from weasyprint import HTML

    css = (f"@font-face {{ font-family: Body; src: url('{face.as_uri()}'); }}"
           f"@page {{ size: 460px {lines * LINE + 80}px; margin: 40px; @footnote {{ margin-top: 10px; padding-top: 5px; }} }}"
           f"body {{ margin: 0 }} p {{ font: 15px/{LINE}px Body; text-align: justify; text-indent: 1.5em; margin: 0;"
           " orphans: 2; widows: 2 }"
           ".footnote { float: footnote; font: 12px/15px Body; text-align: justify; padding-left: 1em; text-indent: -1em }"
           ".footnote::footnote-call { content: none; line-height: 0; vertical-align: baseline }"
           ".footnote::footnote-marker { content: none } a.noteref { font-size: 0.7em; vertical-align: super; line-height: 0 }"
           ".footnote.split { text-align-last: justify } .footnote.continued { text-indent: 0 }" + extra_css)
    return HTML(string=f"<html><head><style>{css}</style></head><body><section id='c'>{''.join(paras)}</section>"
                       "</body></html>").render()


def where(document) -> dict[str, int]:
    return {ident: page.index for page in reversed(layout.pages(document)) for ident in page.anchors
            if ident.startswith(("fn-", "fnref-"))}


def test_a_long_note_that_does_not_fit_under_its_call_begins_there_and_goes_on_over_the_page(face):
    paras = paragraphs(100)
    before = lay_out(paras, 20, face)
    assert where(before) == {"fnref-c-1": 0, "fn-c-1": 1}  # WeasyPrint sets it whole on the next page

    passes = typeset.Passes()
    assert passes._split_note(before, "fnref-c-1", *typeset._call_and_note(before, "fnref-c-1"))
    assert "3 of its 4 lines there" in passes.reasons[0]
    paras[1] = paratext.split_note(paras[1], "fn-c-1", passes.splits["b"]["fn-c-1"])
    after = lay_out(paras, 20, face)

    assert where(after) == {"fnref-c-1": 0, "fn-c-1": 0, "fn-c-1-cont": 1}
    first = layout.pages(after)[0]
    notes = layout.note_lines(after)
    assert len(notes[0]["fn-c-1"]) == 3 and len(notes[1]["fn-c-1-cont"]) == 1
    assert list(notes[1])[0] == "fn-c-1-cont"  # the rest comes first at the next page's foot
    text = " ".join(line.text for n in (notes[0]["fn-c-1"], notes[1]["fn-c-1-cont"]) for line in n)
    assert " ".join(text.replace("\u00ad", "").split()) == "1 " + NOTE  # every word, once, in order
    assert notes[0]["fn-c-1"][-1].right == pytest.approx(notes[0]["fn-c-1"][0].right, abs=0.5)  # set full, not ragged
    assert first.lines[-1].bottom == pytest.approx(first.note_top)  # the text reaches the notes: the page is full


def test_a_note_that_fits_under_its_call_stays_on_its_page(face, monkeypatch):
    """Where the paragraph may not break before the line that overflows the page (its widows),
    WeasyPrint 70 sent the page's notes over to make room for that line: a note that fitted
    under its call stood a page after it. ``mend_engine`` keeps it: the page breaks where the
    paragraph may. With WeasyPrint's own function the note goes over (when an upgrade changes
    that, this fails and the mend can go); the typesetter does not cut such a note."""
    from weasyprint.layout import block

    assert where(lay_out(paragraphs(100), 22, face)) == {"fnref-c-1": 0, "fn-c-1": 0}
    monkeypatch.setattr(block, "_linebox_layout", block._linebox_layout.original)
    before = lay_out(paragraphs(100), 22, face)
    assert where(before) == {"fnref-c-1": 0, "fn-c-1": 1}
    passes = typeset.Passes()
    assert not passes._split_note(before, "fnref-c-1", *typeset._call_and_note(before, "fnref-c-1")) and not passes.splits


def test_a_note_that_cannot_be_cut_takes_the_line_calling_it_over_the_page(face):
    """Where a note is not cut (here: as if it were already), the line that calls it goes over
    the page with it (``footnote-policy: line`` for that note alone), not the whole block."""
    before = lay_out(paragraphs(100), 20, face)
    assert where(before) == {"fnref-c-1": 0, "fn-c-1": 1}
    passes = typeset.Passes()
    assert passes._hold_note(*typeset._call_and_note(before, "fnref-c-1")) and passes.held == {"b": ["fn-c-1"]}
    assert passes.notes_css() == "\n#fn-c-1 { footnote-policy: line; }"
    assert not passes._hold_note(*typeset._call_and_note(before, "fnref-c-1"))  # once
    after = lay_out(paragraphs(100), 20, face, passes.notes_css())
    assert where(after) == {"fnref-c-1": 1, "fn-c-1": 1}
    first = layout.pages(after)[0]
    assert first.lines[-1].owner == "b"  # the paragraph still begins on the page: only its last lines went over
    broken = layout.pages(lay_out(paragraphs(100), 20, face, "#b { break-before: page }"))[0]
    assert len(first.lines) > len(broken.lines)  # fuller than with the block sent over whole
