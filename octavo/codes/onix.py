"""Codes of the retailer and printer deliveries: the ONIX record, the retailer cover
image, the print output intent and the cover artwork (N001-N049).

Takes: nothing. Gives: ``CODES``, collected into ``octavo.codes.REGISTRY``.
"""
from __future__ import annotations

from octavo.codes.base import Code

CODES = [
    Code("N001", "error", "The ONIX record is not valid against the ONIX 3.0 schema.",
         "Rebuild with 'octavo build --format onix'; if it stays invalid, report it with the message.",
         "build/tiny-book.onix.xml:12: error N001: ONIX record not valid against the ONIX 3.0 schema: "
         "Element 'ProductForm': [facet 'enumeration'] The value 'XX' is not an element of the set. ..."),
    Code("N002", "warning", "An output to check is missing: the ONIX record or the retailer cover image.",
         "Build it with 'octavo build --format onix'.",
         "warning N002: build/tiny-book.onix.xml not found: the ONIX record was not checked. Build it with ..."),
    Code("N003", "error", "The retailer cover image is not a JPEG of at least 1600 x 2560 px in RGB.",
         "Rebuild with 'octavo build --format onix'.",
         "build/tiny-book-cover.jpg: error N003: The retailer cover image is 1200 x 1920 px; retailers ask at least 1600 x 2560."),
    Code("N010", "error", "The print output intent (print.output_intent) is not a usable CMYK ICC profile.",
         "Give the printer's CMYK .icc file (kept in the book folder), or ghostscript-default.",
         "book.yaml: error N010: Config key 'print.output_intent': the colour space of 'profiles/screen.icc' is RGB, not CMYK. "
         "Print files need a CMYK output intent: give the printer's CMYK profile."),
    Code("N011", "error|warning", "The front cover artwork (cover.image) prints under 300 dpi at its placed size.",
         "Use a larger image (the message gives the pixels needed); a draft build warns, --release refuses.",
         "book.yaml: warning N011: Cover artwork 'images/front.jpg' is 800 x 1000 px: 136 dpi at its placed size "
         "(5.88 x 8.75 in); print needs 300. Use an image of at least 1763 x 2625 px."),
]
