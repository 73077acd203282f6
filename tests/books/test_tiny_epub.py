"""The EPUB of the fixture book (``tests/books/tiny``: a real figure, a print ISBN
only), read back from the session's ``tiny_build``: accessibility metadata,
figures with text alternatives, language, and which ISBN it shows. Every
expectation is computed from the book's own book.yaml and chapters."""
from __future__ import annotations

import io
import zipfile

import pytest

from epub_checks import check_accessibility_metadata, check_figures_have_text_alternatives, check_language
from epub_checks import pictures_present
from helpers import EPUB_NS as NS
from helpers import Epub, copy_book_to

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny(tiny_build) -> Epub:
    return Epub(tiny_build.output("epub"))


def test_package_carries_accessibility_metadata(tiny):
    check_accessibility_metadata(tiny)
    assert pictures_present(tiny)  # the fixture's figure is there: the visual branch is the one checked


def test_every_figure_has_a_text_alternative_that_is_not_its_caption(tiny, tiny_build):
    check_figures_have_text_alternatives(tiny, tiny_build.book)


def test_language_on_the_package(tiny, tiny_build):
    check_language(tiny, tiny_build.book)


def test_epub_copyright_never_shows_the_print_isbn_as_its_own(tiny, tiny_build):
    """The tiny book has a paperback ISBN only: the copyright page lists it as the paperback's
    (every edition's ISBN stands there, issue 12), never as the EPUB's; the EPUB does not take it
    as its identifier; it names the print edition as its page source."""
    from octavo.i18n import messages

    t = messages(tiny_build.book.config.language)
    isbn = tiny_build.book.config.identifiers.print
    assert isbn and tiny_build.book.config.identifiers.epub is None
    digits = isbn.replace("-", "")
    copyright = tiny.text(tiny.xhtml["copyright.xhtml"].find("x:body", NS))
    assert f"{t('isbn_print')}: {isbn}" in copyright and t("isbn_epub") not in copyright
    assert tiny.dc("identifier")[0].startswith("urn:uuid:")
    assert tiny.meta("pageBreakSource") == [f"urn:isbn:{digits}"]
    assert tiny.dc("source") == [f"urn:isbn:{digits}"]


def test_epub_isbn_is_the_identifier_and_on_the_copyright_page(tmp_path, source_date_epoch):
    """With an EPUB ISBN set, it is the package's identifier and the copyright page shows it
    labelled as the EPUB's (the EPUB alone, from the prepared book: no layout needed)."""
    from octavo.builders.epub import build_epub
    from octavo.prepare import prepare
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path)
    yaml = (root / "book.yaml").read_text(encoding="utf-8")
    (root / "book.yaml").write_text(yaml.replace("  epub:\n", "  epub: 978-3-16-148410-0\n"), encoding="utf-8")
    book = Book.load(root, tmp_path / "build")
    isbn = book.config.identifiers.epub  # as the publisher wrote it
    assert isbn.replace("-", "") == "9783161484100"
    doc, _report = prepare(book)
    data = build_epub(book, doc, None, None)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = z.read("OEBPS/package.opf").decode("utf-8")
        copyright = z.read("OEBPS/copyright.xhtml").decode("utf-8")
    assert '<dc:identifier id="pub-id">urn:isbn:9783161484100</dc:identifier>' in opf
    assert f'ISBN (EPUB): <span class="isbn">{isbn}</span>' in copyright
    # the paperback's stands there too, labelled as the paperback's (every edition's ISBN: issue 12)
    assert f'ISBN (paperback): <span class="isbn">{book.config.identifiers.print}</span>' in copyright


