"""The real manuscript passes `octavo lint`: nothing is reported that the book's ignore file does
not keep with a reason (issue 17)."""
from __future__ import annotations

from helpers import REPO


def test_the_manuscript_passes_lint():
    from octavo.lint import lint_book
    from octavo.lint.ignore import load_ignores
    from octavo.project import Book

    book = Book.load(REPO / "manuscript")
    result = lint_book(book)
    assert [str(d) for d in result.diagnostics] == []
    entries, problems = load_ignores(book.root / book.config.house_style.ignore_file)
    assert problems == [] and all(len(e.reason) > 20 for e in entries)
    assert result.ignored >= len(entries)
