"""The tiny book in each installed theme passes every output check; changing the theme is
one line of book.yaml; a book's own templates shadow the theme's file by file."""
from __future__ import annotations

import re
import zipfile

import pytest

from helpers import copy_book_to, pdf_page_texts
from octavo.themes import installed

pytestmark = pytest.mark.slow


def _build(root):
    from octavo.build import build
    from octavo.project import Book

    book = Book.load(root, root / "build")
    build(book)
    return book


@pytest.fixture(scope="module", params=[name for name, _ in installed()])
def themed(request, tmp_path_factory, source_date_epoch):
    root = copy_book_to("tiny", tmp_path_factory.mktemp(request.param))
    text = (root / "book.yaml").read_text(encoding="utf-8")
    (root / "book.yaml").write_text(re.sub(r"(?m)^theme:.*\n", "", text) + f"theme: {request.param}\n", encoding="utf-8")
    return _build(root)


def test_every_output_check_passes(themed):
    from octavo.preflight import run_checks

    errors = [d for d in run_checks(themed, epubcheck=True, ace=True) if d.severity == "error"]
    assert not errors, "\n".join(str(d) for d in errors)


def test_the_themes_face_is_the_one_embedded(themed):
    from octavo.fonts import find_font

    face = find_font(themed.design["fonts"]["body"])
    with zipfile.ZipFile(themed.output("epub")) as z:
        fonts = {n.removeprefix("OEBPS/fonts/") for n in z.namelist() if n.startswith("OEBPS/fonts/")}
    assert {face.regular.name, face.italic.name} <= fonts


def test_the_themes_geometry_is_in_the_print_file(themed):
    """In every theme the print page follows the page design per trim (outer margin at least
    the inner, the theme's measure range), and the print file's text sits at that inner margin
    on a recto (the spine side carries no bleed)."""
    import pdfplumber

    from octavo.builders.pdf import print_geometry

    pages = len(pdf_page_texts(themed.output("print")))
    geometry = print_geometry(themed, pages)
    assert geometry["m_outer"] >= geometry["m_inner"]
    low, high = themed.design["print"]["measure_range"]
    assert low <= geometry["chars_per_line"] <= high
    with pdfplumber.open(themed.output("print")) as pdf:
        lefts = []
        for number in range(3, pages + 1, 2):  # rectos (odd pages of the file) with running text
            chars = [c for c in pdf.pages[number - 1].chars if c["text"].strip()]
            if len(chars) > 100:
                lefts.append(min(c["x0"] for c in chars))
    assert lefts
    assert min(lefts) / 72 == pytest.approx(geometry["m_inner"], abs=0.02)


def test_a_books_own_template_shadows_the_themes(tmp_path, source_date_epoch):
    root = copy_book_to("tiny", tmp_path)
    own = root / "templates" / "partials"
    own.mkdir(parents=True)
    (own / "colophon.html.j2").write_text('<p class="house">Printed for the house of {{ book.publisher }}.</p>\n')
    book = _build(root)
    with zipfile.ZipFile(book.output("epub")) as z:
        colophon = z.read("OEBPS/colophon.xhtml").decode("utf-8")
    assert "Printed for the house of Test Press." in colophon
    assert "Printed for the house of Test Press." in " ".join(pdf_page_texts(book.output("pdf")))
