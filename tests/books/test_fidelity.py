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

# What is lost today, one line per kind of loss (the fix each entry waits for).
BOLD = "bold and bold italic are set in the regular and italic faces (no true bold)"
BOLD_CYR = BOLD + "; small caps in Cyrillic are set as ordinary lower case"
EPUB_BOLD = "the EPUB embeds no bold italic face, and its bold face lacks letters the book sets in bold"
EPUB_BOLD_CYR = EPUB_BOLD + " (all of Cyrillic)"
NOTE_CODE = "a code block inside a footnote is dropped from the PDFs"
NOTE_LIST = "a list inside a footnote loses its markers (its items run together) in the PDFs"
MARKERS = "ordered lists lose their numbering style, delimiter and start (a., iv., (A), c), 6.)"
ALIGN = "table column alignments are lost"
MATH = "math is printed as raw TeX (no MathML in the EPUB, no typeset math in the PDFs)"
CODE_WIDTH = "a long code line runs past the text block"
EDGE = ("the build stops: a site-root link is refused (S602), a Cyrillic heading without an id fails "
        "(M206), the same raw-HTML id in two chapters fails (M205)")

# (book, output, check) -> what is wrong today: the lead's list of what each fix must make pass.
KNOWN: dict[tuple[str, str, str], str] = {
    **{("blocks", k, "markers"): MARKERS for k in KINDS},
    **{("blocks", k, "alignments"): ALIGN for k in KINDS},
    **{("blocks", k, "bounds"): CODE_WIDTH for k in ("pdf", "print")},
    ("cyrillic", "epub", "faces"): EPUB_BOLD_CYR,
    **{("cyrillic", k, "faces"): BOLD_CYR for k in ("pdf", "print")},
    **{("cyrillic", k, "markers"): MARKERS for k in KINDS},
    **{("cyrillic", k, "alignments"): ALIGN for k in KINDS},
    **{("french", k, "words"): NOTE_CODE for k in ("pdf", "print")},
    **{("french", k, "faces"): f"{BOLD}; {NOTE_CODE}" for k in ("pdf", "print")},
    **{("french", k, "markers"): MARKERS for k in KINDS},
    **{("french", k, "tex"): MATH for k in KINDS},
    ("inlines", "epub", "faces"): EPUB_BOLD,
    **{("inlines", k, "words"): NOTE_CODE for k in ("pdf", "print")},
    **{("inlines", k, "faces"): f"{BOLD}; {NOTE_CODE}" for k in ("pdf", "print")},
    **{("inlines", k, "markers"): NOTE_LIST for k in ("pdf", "print")},
    **{("inlines", k, "tex"): MATH for k in KINDS},
    **{("edge", k, c): EDGE for k in KINDS for c in CHECKS},
}


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
