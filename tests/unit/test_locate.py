"""Findings about the outputs are named at the manuscript line they come from: a line of an
EPUB chapter (EPUBCheck) by its words, an image in a PDF (preflight P708) by its pixel size."""
from __future__ import annotations

import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from octavo.preflight.locate import epub_place, image_place, line_of_text


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "chapters").mkdir()
    one = tmp_path / "chapters" / "01-one.md"
    one.write_text("# One {#one}\n\nThe first paragraph, with *some* words in it.\n\n"
                   "A second paragraph says \"quite different\" things\nover two lines.\n\n"
                   "![A plate](images/plate.png){alt=\"x\"}\n", encoding="utf-8")
    return SimpleNamespace(root=tmp_path, front_files=[], chapter_files=[one], back_files=[])


def test_text_is_found_across_markdown_marks_and_smart_quotes(book):
    assert line_of_text(book, "The first paragraph, with some words in it.") == ("chapters/01-one.md", 3)
    assert line_of_text(book, "A second paragraph says “quite different” things") == ("chapters/01-one.md", 5)
    assert line_of_text(book, "Nothing like this") is None


def test_an_epub_line_is_named_at_the_manuscript_line(book, tmp_path):
    epub = tmp_path / "b.epub"
    with zipfile.ZipFile(epub, "w") as z:
        z.writestr("OEBPS/one.xhtml", '<html>\n<body>\n<section id="one">\n<h1>One</h1>\n'
                   '<p id="one-1">The first paragraph, with <em>some</em> words in it.</p>\n'
                   '<p id="one-2">A second paragraph says “quite different” things over two lines.</p>\n</section>\n')
    assert epub_place(book, epub, "OEBPS/one.xhtml", 6) == ("chapters/01-one.md", 5)
    assert epub_place(book, epub, "OEBPS/one.xhtml", 7) == ("chapters/01-one.md", 5)  # nearest line above with text
    assert epub_place(book, epub, "OEBPS/one.xhtml", None) is None
    assert epub_place(book, epub, "OEBPS/package.opf", 3) is None


def test_an_image_is_named_by_its_pixel_size(book):
    from PIL import Image

    (book.root / "images").mkdir()
    Image.new("L", (120, 80)).save(book.root / "images" / "plate.png")
    assert image_place(book, 120, 80) == ("images/plate.png", "chapters/01-one.md", 8)
    assert image_place(book, 121, 80) is None
