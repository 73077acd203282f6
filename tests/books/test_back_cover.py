"""The print cover's back carries the authors' note (book.yaml contributors: biography) in its
lower half, above the barcode, and the series line left of the barcode, in every theme; the
barcode's area stays clear. The words are read back from the cover PDF."""
from __future__ import annotations

import pytest

from helpers import copy_book_to
from octavo.themes import installed

pytestmark = pytest.mark.slow

BIOGRAPHY = "Quinces, beekeeping, lighthouse logbooks: Kittiwake cottage overflows."
RARE = {w.strip(",.:") for w in BIOGRAPHY.split()}  # words the rest of the cover does not use


@pytest.fixture(scope="module", params=[name for name, _ in installed()])
def covered(request, tmp_path_factory, source_date_epoch):
    from octavo.build import build
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path_factory.mktemp(request.param))
    yaml = root / "book.yaml"
    author = Book.load(root).config.authors[0]
    yaml.write_text(yaml.read_text(encoding="utf-8") + f"theme: {request.param}\ncontributors:\n  - name: {author}\n"
                    f"    biography: \"{BIOGRAPHY}\"\nseries:\n  title: Small Books for Presses\n  number: 4\n", encoding="utf-8")
    book = Book.load(root, root / "build")
    build(book, formats=("cover",))
    return book


def _back_words(book):
    import pdfplumber

    with pdfplumber.open(book.output("cover")) as pdf:
        page = pdf.pages[0]
        panel = book.config.print.size[0] * 72 + book.config.print.bleed * 72
        words = [w for w in page.extract_words() if w["x1"] <= panel]
        bars = [r for r in page.rects if r["x1"] <= panel and r["width"] < 0.05 * 72]  # the barcode's bars
        return words, bars, page.height


def test_the_back_has_the_authors_note_low_and_the_series_line_clear_of_the_barcode(covered):
    from octavo.builders.base import book_context

    words, bars, height = _back_words(covered)
    text = " ".join(w["text"] for w in words)
    ctx = book_context(covered)
    assert ctx["t"]("about_author").upper() in text.upper()
    note = [w for w in words if w["text"].strip(",.:") in RARE]
    assert {w["text"].strip(",.:") for w in note} == RARE
    (isbn,) = [w for w in words if w["text"] == "ISBN"]  # the barcode box's first line
    assert all(w["bottom"] > height / 2 for w in note), "the note sits in the lower half of the back"
    assert all(w["bottom"] < isbn["top"] for w in note), "the note stays above the barcode"
    series = [w for w in words if w["text"] in ctx["series_line"].split()]
    assert len(series) == len(ctx["series_line"].split())
    assert bars
    barcode_left = min(r["x0"] for r in bars)
    assert all(w["x1"] < barcode_left for w in series), "the series line keeps clear of the barcode"
