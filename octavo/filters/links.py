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


def site_root(target: str) -> bool:
    """``/about/``: a path from the root of a web site (not ``//host``, not a Windows path)."""
    return target.startswith("/") and not target.startswith("//")


def check(section: Section, ctx) -> None:
    """Report each refused target, and take it out of the text: a refused link keeps only its
    words, a refused image only its description, so no output can ever carry it. A link to
    a site-root path (``[x](/about/)``) is a web link: made absolute against book.yaml's
    ``site``, or, without one, kept as words with a warning (S607): a book has no site
    of its own to resolve it against, and a dead link helps no reader."""
    seen: dict[str, int] = {}
    site = getattr(ctx, "site", None)

    def fix(node):
        if node["t"] not in ("Link", "Image"):
            return None
        target = node["c"][2][0]
        seen[target] = seen.get(target, 0) + 1
        if node["t"] == "Link" and site_root(target):
            if site:
                c = list(node["c"])
                c[2] = [site.rstrip("/") + target, c[2][1]]
                return {**node, "c": c}
            ctx.report.warn("S607", f"Link '{target}' is a path on a web site, but the book names no site: "
                            "its words are kept without the link.",
                            file=section.where, line=link_line(section, target, seen[target]),
                            hint="Write the full address (https://example.org/about/), or set 'site' in book.yaml.")
            return Span(node["c"][1], classes=["unlinked"])
        problem = target_problem(ctx.root, ctx.root, target, node["t"] == "Image")
        if not problem:
            return None
        code, msg = problem
        if code == "S602" and node["t"] == "Link":
            hint = "Link to a web address (https://...) or to a place in the book (#id); a book cannot link to files."
        elif code == "S602":
            hint = "Put the file inside the book folder and use a relative path."
        else:
            hint = "Download the image into images/ and point to it there."
        ctx.report.error(code, msg, file=section.where, line=link_line(section, target, seen[target]), hint=hint)
        return Span(node["c"][1], classes=["refused-" + node["t"].lower()])

    section.blocks = walk(section.blocks, fix)


def nth_line(section: Section, needle: str, nth: int) -> int | None:
    """The line of the ``nth`` occurrence of ``needle`` in the section's source (the last
    one found when there are fewer), so the same bad path used twice is reported twice."""
    lines = [n for n, line in enumerate(section.source_text().splitlines(), 1) for _ in range(line.count(needle))]
    if not lines:
        return section.line_of(needle)
    return lines[min(nth, len(lines)) - 1]


def link_line(section: Section, target: str, nth: int) -> int | None:
    """The line of the ``nth`` use of ``target``: inline uses (``](target``) and reference-style
    uses (``[text][label]``, ``[label][]``, ``[label]``) of every label whose definition
    (``[label]: target``) names it, in the order they stand. The definitions themselves are
    not uses. Falls back to where the target is written at all."""
    lines = section.source_text().splitlines()
    defs = set()
    define = re.compile(r"\s{0,3}\[([^\]]+)\]:\s*<?" + re.escape(target) + r">?(\s|$)")
    def_lines = set()
    for n, line in enumerate(lines, 1):
        m = define.match(line)
        if m:
            defs.add(m.group(1).strip().lower())
            def_lines.add(n)
    uses: list[int] = []
    for n, line in enumerate(lines, 1):
        if n in def_lines:
            continue
        count = line.count("](" + target) + line.count("](<" + target)
        low = line.lower()
        for label in defs:
            count += len(re.findall(r"\[" + re.escape(label) + r"\](?![:(])", low))
        uses += [n] * count
    if uses:
        return uses[min(nth, len(uses)) - 1]
    return nth_line(section, target, nth)
