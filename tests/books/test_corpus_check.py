"""Every conformance-corpus book passes ``octavo check`` (EPUBCheck, DAISY Ace, the
print preflight and the screen-PDF checks) without a finding, and what a build
cannot set (raw TeX) is reported where the manuscript says it, never dropped in
silence. Each book is built once a session (tests/books/conftest.py: ``corpus``);
the checks run once per book.

Known failures are ``xfail(strict=True)`` with what is wrong: a fix that makes one
pass shows as a failure until its entry here is deleted.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from fidelity import CORPUS_BOOKS

# book -> what `octavo check` finds today (none: every corpus book is clean)
CHECK_KNOWN: dict[str, str] = {}

# book -> why its raw TeX is not reported today (none: every raw TeX is reported at its line)
RAW_TEX_KNOWN: dict[str, str] = {}


def _params(known: dict[str, str]):
    return [pytest.param(b, id=b, marks=[pytest.mark.xfail(strict=True, reason=f"issue 11: {known[b]}")]
                         if b in known else []) for b in CORPUS_BOOKS]


@pytest.mark.slow
@pytest.mark.parametrize("book", _params(CHECK_KNOWN))
def test_octavo_check_is_clean(corpus, book):
    findings = corpus(book).findings()
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(map(str, findings))


def _raw_tex(chapter: Path, ast: dict) -> list[int]:
    """The source line of each raw TeX block or inline in a chapter."""
    text = chapter.read_text(encoding="utf-8")
    lines: list[int] = []

    def walk(node):
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            if node.get("t") in ("RawBlock", "RawInline") and node["c"][0] in ("tex", "latex"):
                first = node["c"][1].splitlines()[0]
                lines.append(text[:text.index(first)].count("\n") + 1 if first in text else 0)
            walk(node.get("c"))
    walk(ast["blocks"])
    return lines


@pytest.mark.slow
@pytest.mark.parametrize("book", _params(RAW_TEX_KNOWN))
def test_raw_tex_is_reported_at_its_line(corpus, book):
    from octavo.parse import parse_markdown

    entry = corpus(book).built()
    expected = [(f.name, line) for f in entry.book.chapter_files for line in _raw_tex(f, parse_markdown(f))]
    if not expected:
        pytest.skip("no raw TeX in this book")
    reported = {(Path(d.file).name, d.line) for d in entry.result.report.items if d.file}
    assert [e for e in expected if e not in reported] == [], "raw TeX without a located diagnostic"
