"""``octavo diff``: what a change did to the pages.

Takes: two PDFs (or a git ref whose print interior is built in a temporary
worktree, ``since.py``). Gives: the changed pages (``match.changes``), one
line each, and an HTML report (``report.write_report``). Modules: ``pages``
reads a PDF, ``match`` pairs and classes pages, ``report`` writes the HTML,
``since`` builds the old PDF.
"""
from __future__ import annotations

from pathlib import Path

from octavo.pagediff.match import Change, changes
from octavo.pagediff.pages import read_pages
from octavo.pagediff.report import write_report


def diff_pdfs(old: Path, new: Path, report: Path | None, dpi: float = 50) -> list[Change]:
    found = changes(read_pages(old, dpi), read_pages(new, dpi))
    if report is not None:
        write_report(report, found, str(old), str(new))
    return found


__all__ = ["Change", "diff_pdfs", "changes", "read_pages", "write_report"]
