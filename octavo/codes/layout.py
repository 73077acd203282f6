"""Diagnostic codes of the layout adapter (octavo/layout.py, octavo/builders/pdf.py)."""
from octavo.codes.base import Code

CODES = [
    Code("W710", "warning", "WeasyPrint did not apply something the templates ask for (an ignored CSS declaration, "
         "an image it could not load).",
         "Remove or change the declaration in the template named: WeasyPrint does not apply it, so the page does not "
         "look as the stylesheet says. A book's own templates/ shadow the theme's file by file.",
         "warning W710: WeasyPrint, laying out the print PDF: Ignored `text-shadow: none`, unknown property. "
         "(in print.css.j2, rendered line 212)"),
]
