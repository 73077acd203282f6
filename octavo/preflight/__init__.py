"""Checks over the built outputs, each finding with a stable code.

Takes: a ``Book`` whose outputs are in ``build/``. Gives: a list of
``Diagnostic``s: EPUBCheck's messages (E8xx), print preflight (P7xx) and
screen-PDF checks (D9xx), DAISY Ace (A8xx), the ONIX record and the retailer
cover image (N0xx). ``run_checks`` runs them all.
"""
from __future__ import annotations

from octavo.errors import Diagnostic
from octavo.project import Book


def run_checks(book: Book, epubcheck: bool = True, ace: bool = True) -> list[Diagnostic]:
    from octavo.preflight import ace as ace_check, epub, onix, pdf

    findings: list[Diagnostic] = []
    if epubcheck:
        findings += epub.epubcheck(book.output("epub"), book)
    if ace and book.output("epub").is_file():
        findings += ace_check.ace(book.output("epub"))
    findings += pdf.check_print(book)
    findings += pdf.check_screen(book)
    findings += onix.check_onix(book)
    findings += onix.check_retail_cover(book)
    return findings
