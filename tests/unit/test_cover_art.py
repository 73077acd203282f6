"""Front cover artwork (cover.image): where it is placed, its resolution at that size,
and its conversion to the output intent's CMYK for print."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PIL import Image

from octavo.builders.cover import ART_MIN_DPI, CoverSpec, art_box, art_dpi, artwork_problems, cover_art
from octavo.config import OUTPUT_INTENTS, load_config
from octavo.errors import BookError
from octavo.project import Book
from helpers import MINIMAL_BOOK_YAML

BASE = MINIMAL_BOOK_YAML + """\
print:
  trim: 6x9in
"""


def book(tmp_path: Path, cover: str, size=(2000, 1500)) -> Book:
    (tmp_path / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (tmp_path / "images").mkdir(exist_ok=True)
    Image.new("RGB", size, (200, 40, 40)).save(tmp_path / "images" / "front.png")
    (tmp_path / "book.yaml").write_text(BASE + textwrap.dedent(cover), encoding="utf-8")
    return Book(root=tmp_path, config=load_config(tmp_path / "book.yaml"), build_dir=tmp_path / "build")


def test_over_fills_the_front_to_the_bleed():
    box = art_box("over", 6.0, 9.0, 0.125)
    assert (box.left, box.top, box.width, box.height) == (0.0, -0.125, 6.125, 9.25)


def test_under_takes_the_top_half_inside_the_frame():
    box = art_box("under", 6.0, 9.0, 0.125)
    assert box.top > 0 and box.left > 0 and box.left + box.width < 6.0 and box.height == 4.5


def test_dpi_is_the_smaller_of_the_two_sides():
    box = art_box("over", 6.0, 9.0, 0.125)
    assert art_dpi((1838, 2775), box) == pytest.approx(min(1838 / 6.125, 2775 / 9.25))


def test_low_resolution_is_a_located_warning(in_tmp):
    b = book(in_tmp, "cover:\n  image: images/front.png\n  title_position: over\n", size=(600, 900))
    [d] = artwork_problems(b, CoverSpec.compute(b, 100))
    assert (d.code, d.severity, d.file) == ("N011", "warning", "book.yaml")
    assert "600 x 900 px" in d.message and f"print needs {ART_MIN_DPI}" in d.message
    assert "1838 x 2775 px" in d.hint  # 6.125 x 9.25 in at 300 dpi


def test_enough_resolution_is_quiet(tmp_path):
    b = book(tmp_path, "cover:\n  image: images/front.png\n", size=(1800, 1400))  # 'under': 5.1 x 4.5 in
    assert artwork_problems(b, CoverSpec.compute(b, 100)) == []


def test_missing_artwork_is_a_config_error(in_tmp):
    (in_tmp / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (in_tmp / "book.yaml").write_text(BASE + "cover:\n  image: images/nope.jpg\n", encoding="utf-8")
    with pytest.raises(BookError) as exc:
        load_config(in_tmp / "book.yaml")
    assert [d.code for d in exc.value.diagnostics] == ["C106"]


@pytest.mark.skipif(not OUTPUT_INTENTS["ghostscript-default"].is_file(), reason="libgs-common not installed")
def test_print_artwork_is_cmyk_and_screen_artwork_the_file(tmp_path):
    b = book(tmp_path, "cover:\n  image: images/front.png\n")
    printed = Path(cover_art(b, cmyk=True).removeprefix("file://"))
    with Image.open(printed) as im:
        assert (im.format, im.mode) == ("JPEG", "CMYK")
        c, m, y, k = im.getpixel((10, 10))
    assert m > c and y > c  # a red: magenta and yellow, little cyan
    assert cover_art(b, cmyk=False) == (tmp_path / "images" / "front.png").resolve().as_uri()


def test_no_artwork(tmp_path):
    b = book(tmp_path, "")
    assert cover_art(b, cmyk=True) is None and artwork_problems(b, CoverSpec.compute(b, 100)) == []
