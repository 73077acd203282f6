"""Metadata written inside a chapter is reported, not dropped silently.

Takes: a chapter's pandoc metadata (its ``%`` title block or YAML metadata blocks, which
pandoc takes out of the text) and the chapter's source. Gives: one finding per block,
located at its first line: a warning (M212) in a draft, an error with ``--release``. The
book's metadata lives in ``book.yaml``; a chapter's title is its level-one heading, so
what such a block says would appear in no output.
"""
from __future__ import annotations

import re

from octavo.errors import Report, rel


def report_chapter_metadata(path, meta: dict, source: str, report: Report, release: bool) -> None:
    if not meta:
        return
    lines = source.splitlines()
    add = report.error if release else report.warn
    where = rel(path)
    if lines and lines[0].startswith("%"):
        add("M212", "A '%' title block in a chapter is not used: the book's title, authors and date come from book.yaml.",
            file=where, line=1, hint="Delete the '%' lines; give the chapter its title as a '# Heading'.")
    keys = [k for k in meta if k not in ("title", "author", "date")] if lines and lines[0].startswith("%") else list(meta)
    starts = _yaml_block_starts(lines)
    for start in starts:
        block_keys = _keys_after(lines, start)
        if not block_keys & set(keys):
            continue
        add("M212", f"A YAML metadata block in a chapter ({', '.join(sorted(block_keys & set(keys)))}) is not used: "
            "pandoc takes it out of the text.", file=where, line=start,
            hint="Move book-wide settings to book.yaml; write text meant for the reader as Markdown (a fenced div).")
    if keys and not starts:
        add("M212", f"Metadata in a chapter ({', '.join(sorted(keys))}) is not used.", file=where, line=1,
            hint="Move book-wide settings to book.yaml.")


def _yaml_block_starts(lines: list[str]) -> list[int]:
    """Lines (1-based) of '---' openings followed by a 'key:' line: pandoc's YAML blocks."""
    out = []
    for i, line in enumerate(lines):
        if line.rstrip() == "---" and i + 1 < len(lines) and re.match(r"[\w-]+\s*:", lines[i + 1]) \
                and (i == 0 or not lines[i - 1].strip()):
            out.append(i + 1)
    return out


def _keys_after(lines: list[str], start: int) -> set[str]:
    keys = set()
    for line in lines[start:]:
        if line.rstrip() in ("---", "..."):
            break
        m = re.match(r"([\w-]+)\s*:", line)
        if m:
            keys.add(m.group(1))
    return keys
