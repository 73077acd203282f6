"""Links and image paths must not reach outside the book.

Takes: a section. Gives: errors for a link or image whose target is an
absolute path, a ``file:`` URL or a relative path leading out of the book
folder (S602), and for a remote image (S603): octavo never fetches anything.
Web links in the text stay as links; they are not followed at build time.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from octavo.ast import Span, walk
from octavo.document import Section
from octavo.sources import inside

_SAFE_SCHEMES = {"http", "https", "mailto"}


def target_problem(root: Path, base: Path, target: str, image: bool) -> tuple[str, str] | None:
    """(code, message) when ``target`` is not allowed, else None."""
    try:
        parsed = urlparse(target)
    except ValueError:  # e.g. an unclosed '[' in the host part
        return "S602", f"'{target}' is not a valid URL or path."
    if "\0" in target:
        return "S602", f"{target!r} holds a NUL character."
    scheme = parsed.scheme.lower()
    if not scheme and parsed.netloc:  # //host/path: another machine
        return ("S603", f"Remote image '{target}': octavo never downloads anything while building.") if image \
            else ("S602", f"'{target}' names another machine without a scheme; write https://{parsed.netloc}{parsed.path}.")
    if scheme in ("http", "https") and image:
        return "S603", f"Remote image '{target}': octavo never downloads anything while building."
    if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme or "-") and len(scheme) > 1:
        if scheme in _SAFE_SCHEMES:
            return None
        return "S602", f"'{target}' uses the '{scheme}:' scheme, which a book may not link to."
    if target.startswith("#") or not target:
        return None
    path = unquote(parsed.path)
    if path.startswith("/") or path.startswith("\\"):
        return "S602", f"'{target}' is an absolute path outside the book folder."
    if not inside(root, base / path):
        lexical = Path(os.path.normpath(os.path.join(Path(base).resolve(), path)))
        if lexical.is_relative_to(Path(root).resolve()):
            return "S602", f"'{target}' is a symlink to a file outside the book folder."
        return "S602", f"'{target}' leads outside the book folder."
    return None


def check(section: Section, ctx) -> None:
    """Report each refused target, and take it out of the text: a refused link keeps only its
    words, a refused image only its description, so no output can ever carry it."""
    seen: dict[str, int] = {}

    def fix(node):
        if node["t"] not in ("Link", "Image"):
            return None
        target = node["c"][2][0]
        seen[target] = seen.get(target, 0) + 1
        problem = target_problem(ctx.root, ctx.root, target, node["t"] == "Image")
        if not problem:
            return None
        code, msg = problem
        ctx.report.error(code, msg, file=section.where, line=nth_line(section, target, seen[target]),
                         hint="Put the file inside the book folder and use a relative path." if code == "S602"
                         else "Download the image into images/ and point to it there.")
        return Span(node["c"][1], classes=["refused-" + node["t"].lower()])

    section.blocks = walk(section.blocks, fix)


def nth_line(section: Section, needle: str, nth: int) -> int | None:
    """The line of the ``nth`` occurrence of ``needle`` in the section's source (the last
    one found when there are fewer), so the same bad path used twice is reported twice."""
    lines = [n for n, line in enumerate(section.source_text().splitlines(), 1) for _ in range(line.count(needle))]
    if not lines:
        return section.line_of(needle)
    return lines[min(nth, len(lines)) - 1]
