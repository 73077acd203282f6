"""Draw the corpus books' images (run once; the PNGs are committed).

Takes: nothing. Gives: the PNG files under ``tests/books/corpus/*/images/``,
drawn with Pillow at 300 dpi or more for the size they are placed at (a figure
at most the text block's width, about 4.5 in; an inline image about one line
high), greyscale so the print PDF needs no colour conversion.

    /work/main/.venv/bin/python tests/books/corpus/make_images.py
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
DPI = (300, 300)


def figure(path: Path, shape: str) -> None:
    """A 6 x 4 in drawing (1800 x 1200 px at 300 dpi): larger than any text block."""
    img = Image.new("L", (1800, 1200), 255)
    d = ImageDraw.Draw(img)
    if shape == "waves":
        for row in range(6):
            y = 150 + row * 170
            d.line([(x, y + (40 if (x // 150) % 2 else -40)) for x in range(100, 1701, 150)], fill=40 + row * 30, width=14)
    elif shape == "grid":
        for i in range(9):
            d.line([(200 + i * 175, 100), (200 + i * 175, 1100)], fill=90, width=8)
            d.line([(200, 100 + i * 125), (1600, 100 + i * 125)], fill=90, width=8)
        d.ellipse([700, 400, 1100, 800], fill=20)
    else:  # "tower"
        d.rectangle([700, 300, 1100, 1100], fill=120)
        d.polygon([(650, 300), (900, 80), (1150, 300)], fill=30)
    img.save(path, dpi=DPI)


def glyph(path: Path) -> None:
    """A small star for an inline image: 300 x 300 px, 1 in at 300 dpi."""
    img = Image.new("L", (300, 300), 255)
    d = ImageDraw.Draw(img)
    d.polygon([(150, 10), (185, 115), (290, 115), (205, 180), (240, 290), (150, 225),
               (60, 290), (95, 180), (10, 115), (115, 115)], fill=0)
    img.save(path, dpi=DPI)


def main() -> None:
    plan = {
        "blocks": [("figure", "waves.png", "waves")],
        "inlines": [("glyph", "star.png", None), ("figure", "grid.png", "grid")],
        "cyrillic": [("figure", "tower.png", "tower")],
        "french": [("figure", "grid.png", "grid"), ("glyph", "star.png", None)],
    }
    for book, images in plan.items():
        folder = HERE / book / "images"
        folder.mkdir(parents=True, exist_ok=True)
        for kind, name, shape in images:
            figure(folder / name, shape) if kind == "figure" else glyph(folder / name)


if __name__ == "__main__":
    main()
