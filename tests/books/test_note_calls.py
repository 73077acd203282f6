"""A line that calls a note keeps the book's leading (the theme's own CSS, laid out by
WeasyPrint): octavo sets its call as a link and empties the engine's ``::footnote-call``, which
once still raised its line by a few pixels, so every page with a call ended off the grid of the
pages without one. One chapter of the tiny fixture book, composed for print and laid out; no
book is built."""
from __future__ import annotations

from collections import Counter

import pytest

from helpers import BOOKS
from octavo import layout
from octavo.project import Book


@pytest.fixture(scope="module")
def laid(tmp_path_factory):
    from octavo.builders.pdf import PROFILES, _layout, compose, estimate_pages, print_geometry
    from octavo.document import Document
    from octavo.prepare import prepare

    book = Book.load(BOOKS / "tiny", tmp_path_factory.mktemp("tiny-calls"))
    doc, _report = prepare(book)
    section = next(s for s in doc.sections if "fnref-" in compose(book, Document([s], api_version=doc.api_version),
                                                                     PROFILES["print"], print_geometry(book, 40)))
    html = compose(book, Document([section], api_version=doc.api_version), PROFILES["print"],
                   print_geometry(book, estimate_pages(book, doc)))
    document, _fetcher = _layout(book, html, PROFILES["print"])
    return document


def test_a_line_with_a_note_call_is_as_high_as_the_lines_around_it(laid):
    pages = layout.pages(laid)
    calls = [(page, page.anchors[ident][1]) for page in pages for ident in page.anchors if ident.startswith("fnref-")]
    assert calls, "the chapter calls notes"
    checked = 0
    for page, y in calls:
        host = next(line for line in page.lines if line.top - 1 <= y <= line.bottom)
        others = [line for p in pages for line in p.lines if line.owner == host.owner and line is not host]
        if not others:
            continue
        usual = Counter(round(line.bottom - line.top, 1) for line in others).most_common(1)[0][0]
        assert round(host.bottom - host.top, 1) == usual, f"the line calling a note on page {page.index + 1}: {host.text!r}"
        checked += 1
    assert checked
