"""Codes of the hardcover bindings and the Thema list (N020-N029).

Takes: nothing. Gives: ``CODES``, collected into ``octavo.codes.REGISTRY``.
"""
from __future__ import annotations

from octavo.codes.base import Code

CODES = [
    Code("N020", "error", "A hardcover binding (print.binding) cannot take the interior's page count.",
         "Use 'print.binding: paperback', or a book within the printer's hardcover range (24-800 pages).",
         "book.yaml: error N020: A case-laminate hardcover takes 24 to 800 pages (Lulu's spine table); the interior has 16. "
         "Use 'print.binding: paperback', or a book within the range."),
]
