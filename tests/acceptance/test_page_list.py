"""The EPUB's print page numbers point where each print page begins, to the word: a
page that begins inside a paragraph is marked at the first character of its first line."""
from __future__ import annotations

import re
import zipfile
from html import unescape

import pytest

from octavo.builders.pdf import print_geometry
from octavo.builders.typeset import IGNORED_IN_COUNT

pytestmark = pytest.mark.slow


def _letters(text: str) -> str:
    """The characters the page-break locator counts (``text_count``): no spaces, no hyphenation marks."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in IGNORED_IN_COUNT)


def _first_body_lines(path, top_in: float) -> list[str]:
    from helpers import pdf_head_and_body

    firsts = []
    for _head, body in pdf_head_and_body(path, top_in):
        lines = [line for line in body.splitlines() if line.strip()]
        firsts.append(lines[0] if lines else "")
    return firsts


def test_every_print_page_is_marked_at_its_first_word(real_build):
    book = real_build.book
    firsts = _first_body_lines(book.output("print"), print_geometry(book, 40)["m_top"])
    with zipfile.ZipFile(book.output("epub")) as z:
        xhtml = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")}
    nav = xhtml["OEBPS/nav.xhtml"]
    page_list = nav[nav.index('epub:type="page-list"'):]
    entries = re.findall(r'<a href="([^"#]+)#page-([^"]+)">([^<]+)</a>', page_list)
    assert len(entries) == len(firsts)
    checked = 0
    for index, (file, label, text) in enumerate(entries):
        assert label == text
        body = xhtml[f"OEBPS/{file}"]
        marker = body.index(f'id="page-{label}"')
        after = _letters(unescape(re.sub(r"<[^>]+>", "", body[marker:].split(">", 1)[1])))
        printed = _letters(firsts[index])
        if not label.isdigit() or not printed or printed.isdigit() and len(printed) <= 3:
            continue  # front matter (no half title in an EPUB), a blank page, an opening's number
        assert after.startswith(printed[:15]), (label, printed[:30], after[:30])
        checked += 1
    assert checked >= 20  # the text pages of the real book
