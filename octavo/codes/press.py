"""Diagnostic codes of the typesetting and page-design area (issue 12).

Takes: nothing. Gives: ``CODES``: the line faults the typesetter's passes leave
in a PDF (P712 print, P713 screen).
"""
from octavo.codes.base import Code

CODES = [
    Code("P712", "warning", "A line no typesetter would set remains in the print PDF: a word stranded alone "
         "mid-paragraph, or one or two letters of a broken word on a line.",
         "Reword the sentence a little, or add the word to hyphenation.exceptions in book.yaml.",
         "warning P712: A line no typesetter would set remains in the print PDF, page 12: 'second' "
         "(a short line mid-paragraph whose next word would have fitted)."),
    Code("P713", "warning", "A line no typesetter would set remains in the screen PDF.",
         "Reword the sentence a little, or add the word to hyphenation.exceptions in book.yaml.",
         "warning P713: A line no typesetter would set remains in the screen PDF, page 3: 'time.' "
         "(a short line mid-paragraph whose next word would have fitted)."),
]
