"""Findings about the outputs, named at their place in the manuscript.

Takes: the ``Book`` and a place in an output: a line of an XHTML file inside the EPUB (where
EPUBCheck points), or an image drawn in a PDF (where preflight finds a low resolution).
Gives: the manuscript file and line that place was made from, or None when it cannot be
told (a part octavo writes itself: the title page, the contents, the colophon).

octavo's Markdown reader (pandoc's ``markdown``) has no source positions (pandoc's
``sourcepos`` extension exists only for CommonMark), so places are found by content: the
words of the element EPUBCheck names, searched for in the chapter files, and an image's
pixel size, matched against the images the chapters use.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from html import unescape
from pathlib import Path

from octavo.errors import rel

_TAG = re.compile(r"<[^>]+>")
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def manuscript_files(book) -> list[Path]:
    return [*book.front_files, *book.chapter_files, *book.back_files]


def _words(text: str) -> list[str]:
    """Lower-case words without punctuation or Markdown marks, quotes folded."""
    text = unicodedata.normalize("NFC", unescape(text)).replace("\u2060", "").replace("\xad", "")
    return re.findall(r"\w+", text.lower())


def line_of_text(book, text: str) -> tuple[str, int] | None:
    """(manuscript file, line) of the first line holding the text's first words (6, else 4, else 3)."""
    words = _words(text)
    files = [(path, path.read_text(encoding="utf-8", errors="replace").splitlines()) for path in manuscript_files(book)]
    for size in (6, 4, 3):
        if len(words) < size:
            continue
        probe = words[:size]
        for path, lines in files:
            for n, line in enumerate(lines, 1):
                have = _words(line)
                if any(have[i:i + size] == probe for i in range(len(have) - size + 1)):
                    return rel(path), n
    return None


def epub_place(book, epub: Path, inner: str, line: int | None) -> tuple[str, int] | None:
    """The manuscript place of line ``line`` of ``inner`` (a path inside the EPUB): the text of
    that line, or of the nearest line above it that has some."""
    if not line or not inner.endswith(".xhtml"):
        return None
    try:
        with zipfile.ZipFile(epub) as z:
            lines = z.read(inner).decode("utf-8", "replace").splitlines()
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    for n in range(min(line, len(lines)) - 1, -1, -1):
        text = _TAG.sub(" ", lines[n])
        if len(_words(text)) >= 3:
            return line_of_text(book, text)
    return None


def image_place(book, width: int, height: int) -> tuple[str, str, int] | None:
    """(image path, manuscript file, line) of the first image the chapters use whose pixels are
    ``width`` x ``height`` (the print interior keeps every image's pixel size)."""
    from PIL import Image

    for path in manuscript_files(book):
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for target in _IMAGE_REF.findall(line):
                file = book.root / target
                try:
                    with Image.open(file) as im:
                        size = im.size
                except Exception:  # noqa: BLE001 - missing or unreadable: reported by the build
                    continue
                if size == (width, height):
                    return target, rel(path), n
    return None
