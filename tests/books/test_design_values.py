"""Design as data, seen on the printed page: one value of the theme's print page design,
changed under ``design:`` in book.yaml (no Python, no test edit), moves the text in the
print PDF by exactly that much; the expected positions are read from the theme."""
from __future__ import annotations

import pytest

from helpers import copy_book_to

pytestmark = pytest.mark.slow


def _recto_text_left(path) -> float:
    """The leftmost text on the rectos with running text (odd pages of the file), in inches."""
    import pdfplumber

    lefts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[2::2]:
            chars = [c for c in page.chars if c["text"].strip()]
            if len(chars) > 100:
                lefts.append(min(c["x0"] for c in chars) - page.trimbox[0])
    assert lefts
    return min(lefts) / 72


def _build_print(root):
    from octavo.build import build
    from octavo.project import Book

    book = Book.load(root, root / "build")
    build(book, formats=("print",))
    return book


def test_one_margin_in_design_moves_the_printed_text(tmp_path, source_date_epoch):
    plain = _build_print(copy_book_to("tiny", tmp_path / "plain"))
    trim = plain.config.print.trim
    inner = plain.design["print"]["trims"][trim]["margin_inner"]  # the theme's value for the trim
    wider = round(inner + 0.3, 3)
    root = copy_book_to("tiny", tmp_path / "wider")
    (root / "book.yaml").write_text((root / "book.yaml").read_text(encoding="utf-8")
                                    + f"design:\n  print:\n    trims:\n      {trim}:\n        margin_inner: {wider}\n",
                                    encoding="utf-8")
    moved = _build_print(root)
    assert moved.design["print"]["trims"][trim]["margin_inner"] == wider
    assert _recto_text_left(plain.output("print")) == pytest.approx(inner, abs=0.02)
    assert _recto_text_left(moved.output("print")) == pytest.approx(wider, abs=0.02)
