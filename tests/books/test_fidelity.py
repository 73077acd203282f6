"""Nothing a manuscript says is lost: the conformance corpus, checked in every output.

For each corpus book (tests/books/corpus/) x each output (EPUB, screen PDF,
print PDF) x each check of ``tests/fidelity/`` (words, faces, markers,
alignments, bounds, tex): one test. Each book is built once per session
(tests/books/conftest.py: ``corpus``).

Known failures are listed in ``KNOWN`` with what is lost and marked
``xfail(strict=True)``: when a fix lands, its case passes, pytest reports the
stale mark as a failure, and the entry is deleted here.
"""
from __future__ import annotations

import pytest

from fidelity import CHECKS, CORPUS_BOOKS

KINDS = ("epub", "pdf", "print")

# (book, output, check) -> what is lost today, one line per kind of loss (the fix each entry
# waits for): the lead's list of what each fix must make pass. Empty: nothing known is lost.
KNOWN: dict[tuple[str, str, str], str] = {}


def _cases():
    for book in CORPUS_BOOKS:
        for kind in KINDS:
            for check in CHECKS:
                if check == "bounds" and kind == "epub":
                    continue  # a reflowable EPUB has no text block
                marks = []
                if (book, kind, check) in KNOWN:
                    marks.append(pytest.mark.xfail(strict=True, reason=f"issue 11: {KNOWN[book, kind, check]}"))
                yield pytest.param(book, kind, check, id=f"{book}-{kind}-{check}", marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("book,kind,check", list(_cases()))
def test_fidelity(corpus, book, kind, check):
    entry = corpus(book).built()
    src = entry.source
    if check == "markers" and not src.lists or check == "alignments" and not src.tables:
        pytest.skip(f"no {'ordered lists' if check == 'markers' else 'tables'} in this book")
    problems = CHECKS[check](src, entry.output(kind))
    assert not problems, f"{book} {kind} {check}: {len(problems)} problems\n" + "\n".join(problems)
