"""Figures: an image alone in its paragraph becomes a figure with caption and credit.

Takes: ``![Caption](images/x.jpg){#fig-x alt="..." credit="Image: ..."}``.
Gives: a pandoc ``Figure`` whose attributes carry ``src`` (relative to the book
folder), ``alt`` and ``credit``. A missing file is a warning (I401) and a
marked placeholder, an error in release builds; an unsupported format is
an error (I402); a figure with no alt text is a warning (I403).
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from octavo.ast import text, walk
from octavo.document import Section
from octavo.sources import inside

SUPPORTED = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
             ".svg": "image/svg+xml", ".webp": "image/webp"}


_KIND = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".svg": "SVG", ".webp": "WebP"}


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


def _content_matches(path: Path, suffix: str) -> bool:
    """The file starts as its extension says (so the renderers can read it)."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError:
        return False
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix == ".gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return b"<svg" in head or (head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and b"svg" in head.lower())


def _lone_image(node) -> dict | None:
    if node["t"] != "Para":
        return None
    items = [i for i in node["c"] if i["t"] not in ("Space", "SoftBreak")]
    return items[0] if len(items) == 1 and items[0]["t"] == "Image" else None


def make_figures(section: Section, ctx) -> None:
    count = 0

    def fix(node):
        nonlocal count
        image = _lone_image(node)
        if image is None:
            return None
        (ident, classes, kv), caption, (target, _title) = image["c"]
        attrs = dict(kv)
        line = section.line_of(target)
        src = Path(ctx.root, target)  # paths are relative to the book folder, as when pandoc runs there
        suffix = src.suffix.lower()
        if "://" in target or target.startswith(("/", "\\")) or ".." in PurePosixPath(target).parts \
                or not inside(ctx.root, src):
            return None  # the links filter reports it (S602/S603); it never becomes a figure
        rel_src = src.resolve().relative_to(ctx.root.resolve()).as_posix() if src.resolve().is_relative_to(ctx.root.resolve()) else target
        ctx.note_dependency(src)  # present or not: its arrival or any edit rebuilds what shows it
        if suffix not in SUPPORTED:
            ctx.report.error("I402", f"Image '{target}' has an unsupported format '{suffix or 'none'}'.",
                             file=section.where, line=line, hint="Use JPEG, PNG, GIF, SVG or WebP.")
        missing = not _is_file(src)
        if not missing and suffix in SUPPORTED and not _content_matches(src, suffix):
            ctx.report.error("I402", f"Image '{target}' is not a {_KIND[suffix]} image: its content does not match its name.",
                             file=section.where, line=line, hint="Save it again as JPEG, PNG, GIF, SVG or WebP with the matching extension.")
        if missing:
            ctx.missing_images.append(rel_src)
            add = ctx.report.error if ctx.release else ctx.report.warn
            add("I401", f"Image '{target}' not found" + ("; a release build needs all artwork." if ctx.release
                                                         else "; a marked placeholder is shown instead."),
                file=section.where, line=line, hint=f"Add the file at {rel_src}.")
        if not attrs.get("alt"):
            ctx.report.warn("I403", f"Figure '{text(caption)[:40]}' has no alt text.", file=section.where, line=line,
                            hint='Add {alt="what the picture shows"}.')
        count += 1
        ident = ident or f"fig-{section.id}-{count}"  # every figure has an id: layout moves it by id
        fig_attrs = [["src", rel_src], ["alt", attrs.get("alt", "")], ["credit", attrs.get("credit", "")]]
        if missing:
            fig_attrs.append(["missing", "1"])
        return {"t": "Figure", "c": [[ident, classes, fig_attrs], [None, [{"t": "Plain", "c": caption}]], []]}

    section.blocks = walk(section.blocks, fix)
