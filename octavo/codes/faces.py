"""Diagnostic codes of the faces and the special text: characters the configured faces
cannot set, and math that cannot be typeset.

Takes: nothing. Gives: ``CODES`` (collected into ``octavo.codes.REGISTRY``).
"""
from __future__ import annotations

from octavo.codes.base import Code

CODES = [
    Code("F503", "error|warning",
         "The text has characters the face that sets it lacks (body, bold, italic or code face): they would be set "
         "in another typeface",
         "Set fonts.body or fonts.mono to a family that has them (fc-list ':charset=HEX' family), or write the text "
         "without them",
         "chapters/01-first.md:7: warning F503: The regular face of 'EB Garamond' has no glyph for '字' U+5B57: "
         "it would be set in another typeface. Set fonts.body in book.yaml to a family that has them "
         "(fc-list ':charset=5b57' family lists installed ones), or write the text without them."),
    Code("F504", "error",
         "Math (TeX between $ or $$) cannot be typeset: unbalanced braces, an unknown command, a missing argument",
         "Correct the TeX, or put it in backticks if it is meant as code",
         "chapters/01-first.md:9: error F504: Math '\\frac{a}{' cannot be typeset: an opening brace '{' is never "
         "closed. Correct the TeX (braces in pairs, commands as in LaTeX's amsmath), or put it in backticks if it "
         "is meant as code."),
]
