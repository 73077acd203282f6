"""The fixture book's print files: PDF/X-1a on request (greyscale artwork, no
transparency) and the cover's EAN-13 barcode of the print ISBN in book.yaml."""
from __future__ import annotations

import re

import pikepdf
import pytest

from helpers import copy_book_to, pdf_page_texts
from octavo.config import isbn_digits
from octavo.preflight.pdf import check_print

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def x1a_build(tmp_path_factory, source_date_epoch):
    """The tiny book with pdf_variant: pdf/x-1a and an RGB image with transparency."""
    from PIL import Image

    from octavo.build import build
    from octavo.project import Book

    base = tmp_path_factory.mktemp("x1a")
    root = copy_book_to("tiny", base)
    text = (root / "book.yaml").read_text(encoding="utf-8")
    (root / "book.yaml").write_text(text.replace("print:\n", "print:\n  pdf_variant: pdf/x-1a\n", 1), encoding="utf-8")
    Image.new("RGBA", (1500, 1000), (200, 30, 30, 128)).save(root / "images" / "shapes.png")
    book = Book.load(root, base / "build")
    return book, build(book, ("print", "cover"))


def _content(page) -> bytes:
    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    if isinstance(contents, pikepdf.Array):
        return b"".join(c.read_bytes() for c in contents)
    return contents.read_bytes()


def test_x1a_is_pdf_1_4_with_an_output_intent_and_no_colour_or_transparency(x1a_build):
    book, _ = x1a_build
    for kind in ("print", "cover"):
        with pikepdf.open(book.output(kind)) as pdf:
            assert pdf.pdf_version == "1.4", kind
            [intent] = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX"
            assert b"PDF/X-1" in pdf.Root.Metadata.read_bytes()
            for page in pdf.pages:
                for _name, xobj in (page.obj.get("/Resources", {}).get("/XObject") or {}).items():
                    if xobj.get("/Subtype") == "/Image":
                        assert xobj.get("/SMask") is None, "X-1a allows no transparency"
                        assert str(xobj.ColorSpace) in ("/DeviceGray", "/DeviceCMYK"), xobj.ColorSpace
    assert [str(d) for d in check_print(book)] == []


def test_cover_has_the_barcode_of_the_print_isbn(tiny_build):
    """The tiny book has a print ISBN: its EAN-13 is drawn on the back, in CMYK black."""
    isbn = tiny_build.book.config.identifiers.print
    assert isbn, "the fixture book needs a print ISBN for this test"
    text = re.sub(r"\s+", "", pdf_page_texts(tiny_build.output("cover"))[0])  # letter-spaced
    assert f"ISBN{isbn}" in text and isbn_digits(isbn) in text  # as written, and the digits under the bars
    with pikepdf.open(tiny_build.output("cover")) as pdf:
        content = _content(pdf.pages[0])
        assert b"/DeviceRGB" not in content and b" rg" not in content, "cover colours are CMYK"
