"""Checks of what goes to retailers: the ONIX record and the retailer cover image.

Takes: the book whose ``<slug>.onix.xml`` and ``<slug>-cover.jpg`` are in
``build/``. Gives: coded ``Diagnostic``s: N001 for each way the record breaks
the ONIX 3.0 reference XSD (EDItEUR's, from the pinned ``onixcheck``), N002
when a file is missing, N003 when the image is not an RGB JPEG of at least
1600 x 2560 px.
"""
from __future__ import annotations

from octavo.errors import Diagnostic, rel
from octavo.project import Book

MAX_REPORTED = 20  # a broken record can break in hundreds of places; the first ones say why


def check_onix(book: Book) -> list[Diagnostic]:
    from octavo.builders.onix import onix_problems

    path = book.output("onix")
    if not path.is_file():
        return [_missing(path, "the ONIX record")]
    problems = onix_problems(path.read_bytes())
    found = [Diagnostic("N001", f"ONIX record not valid against the ONIX 3.0 schema: {message}", file=rel(path), line=line,
                        hint="Rebuild with 'octavo build --format onix'; if it stays invalid, report it with this message.")
             for line, message in problems[:MAX_REPORTED]]
    if len(problems) > MAX_REPORTED:
        found.append(Diagnostic("N001", f"... and {len(problems) - MAX_REPORTED} more schema errors.", file=rel(path)))
    return found


def check_retail_cover(book: Book) -> list[Diagnostic]:
    from PIL import Image, UnidentifiedImageError

    from octavo.builders.retail import MIN_SIZE

    path = book.output("jpg")
    if not path.is_file():
        return [_missing(path, "the retailer cover image")]
    try:
        with Image.open(path) as image:
            fmt, mode, (w, h) = image.format, image.mode, image.size
    except (OSError, UnidentifiedImageError) as exc:
        return [_bad(path, f"The retailer cover image cannot be read: {exc}.")]
    found = []
    if fmt != "JPEG" or mode != "RGB":
        found.append(_bad(path, f"The retailer cover image is {fmt} in {mode}; retailers ask for a JPEG in RGB."))
    if w < MIN_SIZE[0] or h < MIN_SIZE[1]:
        found.append(_bad(path, f"The retailer cover image is {w} x {h} px; retailers ask at least {MIN_SIZE[0]} x {MIN_SIZE[1]}."))
    return found


def _missing(path, what: str) -> Diagnostic:
    return Diagnostic("N002", f"{rel(path)} not found: {what} was not checked.", severity="warning",
                      hint="Build it with 'octavo build --format onix'.")


def _bad(path, message: str) -> Diagnostic:
    return Diagnostic("N003", message, file=rel(path), hint="Rebuild with 'octavo build --format onix'.")
