"""Golden files of the fixture book (``tests/books/tiny``): the EPUB's package
(OPF) and chapter XHTML, and the print edition's HTML as WeasyPrint receives
it, compared byte for byte with ``tests/golden/tiny/``. Run pytest with
``--save-golden-files`` to rewrite them after a deliberate change, then review
the diff.

Both come from the prepared book without a layout: the EPUB is built without
the print page map (its page-break markers follow the layout, which the PDF
tests check), and the print HTML is composed for a fixed page count. What
depends on the machine is replaced by a stand-in: absolute ``file:`` URLs
(fonts, images, the colour profile) keep only their file name, and the
stylesheet (the templates' CSS, verbatim) is left out of the HTML. Dates are
fixed by SOURCE_DATE_EPOCH (tests/conftest.py).
"""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from helpers import copy_book_to

pytestmark = pytest.mark.slow  # builds the fixture book's EPUB and print HTML (no layout)

FILE_URL = re.compile(r"file://[^\s\"')<>]*/([^/\s\"')<>]+)")
STYLE = re.compile(r"(<style[^>]*>).*?(</style>)", re.S)


def stable(text: str) -> str:
    """Machine-specific parts replaced: file URLs by their file name, stylesheets by a stand-in."""
    return STYLE.sub(r"\1/* the templates' CSS */\2", FILE_URL.sub(r"file:///.../\1", text))


@pytest.fixture
def prepared(tmp_path, source_date_epoch):
    """The tiny book copied and prepared (parsed, filtered, cited): ``(book, doc)``."""
    from octavo.prepare import prepare
    from octavo.project import Book

    book = Book.load(copy_book_to("tiny", tmp_path), tmp_path / "build")
    doc, report = prepare(book)
    assert not report.items, [str(d) for d in report.items]
    return book, doc


def test_stable_keeps_what_matters():
    html = ('<style>p { x: 1 }</style><img src="file:///home/a/b/images/shapes.png"/>'
            "<link href='file:///usr/share/fonts/EB.otf'>")
    assert stable(html) == ("<style>/* the templates' CSS */</style><img src=\"file:///.../shapes.png\"/>"
                            "<link href='file:///.../EB.otf'>")


def test_epub_package_and_chapters(prepared, golden):
    from octavo.builders.epub import build_epub

    book, doc = prepared
    with zipfile.ZipFile(io.BytesIO(build_epub(book, doc, None, None))) as z:
        files = {name: z.read(name).decode("utf-8") for name in z.namelist() if name.endswith((".opf", ".xhtml"))}
    chapters = [f"OEBPS/{section.id}.xhtml" for section in doc.sections]
    assert len(chapters) == len(book.chapter_files) and set(chapters) <= set(files)
    golden("tiny/epub/package.opf", stable(files["OEBPS/package.opf"]))
    for name in chapters:
        golden(f"tiny/epub/{name.removeprefix('OEBPS/')}", stable(files[name]))


def test_print_html(prepared, golden):
    from octavo.builders.pdf import MIN_PAGES, PROFILES, compose, print_geometry

    book, doc = prepared
    html = compose(book, doc, PROFILES["print"], print_geometry(book, MIN_PAGES))
    golden("tiny/print.html", stable(html))
