"""A book built in another folder, with its cache elsewhere, gives the same bytes.

WeasyPrint names an image in a PDF after its URL; octavo gives images URLs relative to
the book or its cache (``octavo.builders.base.place_url``), so neither the book's folder
nor the cache's shows in the output. The tiny book has a figure, so both PDFs carry one.
"""
import pytest

from helpers import copy_book_to

pytestmark = pytest.mark.slow


def test_a_copy_elsewhere_with_its_cache_elsewhere_gives_the_same_bytes(tiny_build, tmp_path, source_date_epoch):
    from octavo.build import build
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path / "somewhere" / "else")
    other = Book.load(root, tmp_path / "out", cache_root=tmp_path / "shared-cache")
    assert other.cache_dir.is_relative_to(tmp_path / "shared-cache")
    build(other, ("print", "pdf"))
    for kind in ("print", "pdf"):
        assert other.output(kind).read_bytes() == tiny_build.output(kind).read_bytes(), kind
