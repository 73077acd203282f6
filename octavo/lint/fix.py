"""``octavo lint --fix``: write the safe fixes into the manuscript.

Takes: findings (those with a ``replacement``). Gives: the number applied and
the files written. Overlapping fixes in one file are applied first come, the
rest left for the next run; each file is written atomically (a temporary file
beside it, then a rename), so an interrupted fix leaves the file as it was.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from octavo.builders.base import write_atomic
from octavo.lint.base import Finding


def apply_fixes(found: list[Finding]) -> tuple[int, list[Path]]:
    by_source = defaultdict(list)
    for f in found:
        if f.replacement is not None and f.source.path is not None:
            by_source[f.source.path].append(f)
    applied, written = 0, []
    for path, items in by_source.items():
        text = items[0].source.text
        chosen: list[Finding] = []
        last_end = -1
        for f in sorted(items, key=lambda f: f.replaces):
            start, end = f.replaces
            if start >= last_end:
                chosen.append(f)
                last_end = end
        for f in reversed(chosen):
            start, end = f.replaces
            text = text[:start] + f.replacement + text[end:]
        if text != items[0].source.text:
            write_atomic(path, text.encode("utf-8"))
            written.append(path)
            applied += len(chosen)
    return applied, written
