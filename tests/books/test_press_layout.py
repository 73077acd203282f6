"""Layout rules of the typesetter's passes, on small fixture paragraphs laid out by WeasyPrint:
a hyphen at a page's foot and a third hyphen in a row are found, a line the author broke is not a
fault, a stranded word is found and tied, and word spaces are read."""
import statistics
from pathlib import Path

import pytest

from octavo.builders.linefaults import join_words, lines, stranded
from octavo.builders.typeset import hyphen_faults
from octavo.hyphenate import Hyphenator

pytestmark = pytest.mark.slow

WORDS = ("administration revolutionary independently organisation consideration international "
         "establishment extraordinary responsibility communication").split()


def layout(body: str, width: str = "2.2in", height: str = "3in", css: str = ""):
    from weasyprint import HTML

    style = (f"@page {{ size: {width} {height}; margin: 0.2in; }} html {{ font: 11pt serif; line-height: 1.3; }}"
             f"p {{ margin: 0; text-align: justify; hyphens: manual; }} {css}")
    return HTML(string=f"<html><head><style>{style}</style></head><body>{body}</body></html>").render()


def test_hyphens_at_a_page_foot_and_in_stacks_are_found():
    text = " ".join(WORDS[i % len(WORDS)] for i in range(160))
    html = Hyphenator("en").html(text)
    faults = hyphen_faults(layout(f'<p id="p1">{html}</p>'))
    assert faults, "a long paragraph of long words hyphenates at page ends or in stacks"
    assert {block for block, _w, _why in faults} == {"p1"}
    assert all(word in WORDS for _b, word, _why in faults)
    # taking those words out leaves none of them faulty in the next layout
    again = hyphen_faults(layout(f'<p id="p1">{Hyphenator("en").html(text, {w for _b, w, _y in faults})}</p>'))
    assert not {w for _b, w, _y in again} & {w for _b, w, _y in faults}


def test_a_line_the_author_broke_is_not_a_fault():
    doc = layout('<p id="p1">Short<br/>then a longer line of words that wraps over the measure onto a second '
                 'line or so, and more words after it to fill.</p>')
    assert stranded(lines(doc)) == []


def test_a_short_line_mid_paragraph_is_found_and_a_no_break_space_mends_it():
    # a line that ends short mid-paragraph while its successor's first word would fit: made here
    # with a narrow inline-block the engine cannot split (as Pango 1.50 strands a word)
    body = ('<p id="p1">The words run on <span style="display:inline-block;width:0.2in"></span> and then '
            'the paragraph continues for several more lines of ordinary prose so that it is long.</p>')
    found = stranded(lines(layout(body, width="3.4in", css="p { text-align: left }")))
    for line, why in found:
        assert line.owner == "p1" and "fitted" in why
    # the line before a forced short one is never judged by its own length alone
    assert all(line.fill > 0 for line in lines(layout(body)))
    assert join_words("a second time.", {("second", "time.")}) == "a second\u00a0time."


def test_word_spaces_of_justified_lines_are_read():
    text = " ".join(WORDS[i % len(WORDS)] for i in range(40))
    laid = lines(layout(f'<p id="p1">{text}</p>', width="3.4in"))
    spaces = [line.word_space for line in laid if line.word_space]
    assert spaces and all(s > 0.1 for s in spaces)
    assert any(s > 0.45 for s in spaces), "long unbroken words leave loose lines"


def test_words_in_single_quotation_marks_break_and_keep_the_spaces_tighter():
    """British quotation marks round every word: octavo's soft hyphens still let the engine break
    them, and the typical word space is far less than with the words left whole."""
    text = " ".join(f"\u2018{WORDS[i % len(WORDS)]}\u2019" for i in range(40))
    broken = lines(layout(f'<p id="p1">{Hyphenator("en").html(text)}</p>', width="3.4in"))
    whole = lines(layout(f'<p id="p1">{text}</p>', width="3.4in"))
    assert any(line.text.rstrip().endswith("\u2010") for line in broken)
    typical = lambda laid: statistics.median(line.word_space for line in laid if line.word_space)  # noqa: E731
    assert typical(broken) < 0.6 < typical(whole)


def _stranded_fixture(tie: tuple[str, str] | None = None):
    from weasyprint import HTML

    from octavo.fonts import find_font

    faces = find_font("EB Garamond 12")
    html = (Path(__file__).parent / "press" / "stranded.html").read_text(encoding="utf-8")
    html = html.replace("{regular}", faces.regular.as_uri()).replace("{italic}", faces.italic.as_uri())
    html = html.replace("{bold}", (faces.bold or faces.regular).as_uri())
    if tie:
        html = join_words(html, {tie})
    laid = lines(HTML(string=html).render(), faces.regular)
    return laid, stranded(laid)


def test_the_stranded_word_of_weasyprint_70_and_pango_150_is_found_and_mended():
    """A fixture paragraph (Austen, public domain) and five CSS rules with which WeasyPrint 70 and
    Pango 1.50 set one word alone on a line mid-paragraph: the detector finds it, and the tie the
    passes put in (a no-break space to the line before's last word) mends it."""
    from octavo.builders.linefaults import tie_for

    laid, found = _stranded_fixture()
    if not found:
        pytest.skip("this machine's Pango does not strand the word (the fault is Pango 1.50's)")
    line, why = found[0]
    assert len(line.text.split()) == 1 and line.fill < 0.2 and "fitted" in why
    k = laid.index(line)
    tie = tie_for(line, laid[k - 1], laid[k + 1])
    assert tie == (laid[k - 1].text.split()[-1], line.text.strip())
    mended, left = _stranded_fixture(tie)
    assert left == []
    assert all(line.fill > 0.6 for line in mended if not line.last_in_block)
