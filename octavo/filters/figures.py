"""Figures: an image alone in its paragraph becomes a figure with caption and credit.

Takes: ``![Caption](images/x.jpg){#fig-x alt="..." credit="Image: ..."}``.
Gives: a pandoc ``Figure`` whose attributes carry ``src`` (relative to the book
folder), ``alt`` and ``credit``. A missing file is a warning (I401) and a
marked placeholder, an error in release builds; an unsupported format is
an error (I402); a figure with no alt text is a warning (I403). Images inside
text go through the same checks (``check_image``); ``width``/``height``
attributes become CSS lengths (I404 when they are not lengths) and the
resolution a file declares is kept, so no output enlarges it past that.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from octavo.ast import text, walk
from octavo.document import Section
from octavo.filters.links import nth_line
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


def check_image(section: Section, ctx, target: str, kv: dict, line: int | None, what: str) -> dict | None:
    """The checks every image goes through, figure or inline: format (I402), content (I402),
    presence (I401: a warning and a placeholder in a draft, an error with --release), size
    attributes (I404). Gives the attributes the renderer uses (``src`` relative to the book
    folder, ``missing``, ``dpi`` declared in the file, ``width``/``height`` as CSS lengths),
    or None for a target the links filter refuses (S602/S603)."""
    src = Path(ctx.root, target)  # paths are relative to the book folder, as when pandoc runs there
    suffix = src.suffix.lower()
    if "://" in target or target.startswith(("/", "\\")) or ".." in PurePosixPath(target).parts \
            or not inside(ctx.root, src):
        return None  # the links filter reports it (S602/S603)
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
        add("I401", f"{what} '{target}' not found" + ("; a release build needs all artwork." if ctx.release
                                                     else "; a marked placeholder is shown instead."),
            file=section.where, line=line, hint=f"Add the file at {rel_src}.")
    out = {"src": rel_src}
    if missing:
        out["missing"] = "1"
    elif suffix in SUPPORTED and suffix != ".svg":
        dpi = declared_dpi(src)
        if dpi:
            out["dpi"] = str(dpi)
    for key in ("width", "height"):
        if kv.get(key):
            length = css_length(kv[key])
            if length:
                out[key] = length
            else:
                ctx.report.warn("I404", f"Image '{target}' has {key} '{kv[key]}', which is not a length; it is set at its own size.",
                                file=section.where, line=line, hint=f"Write e.g. {key}=60% or {key}=2in.")
    return out


def css_length(value: str) -> str | None:
    """pandoc's width/height attribute as a CSS length: ``60%``, ``2in``, ``300`` (pixels)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(%|px|in|cm|mm|pt|em)?\s*", value)
    if not m or float(m.group(1)) == 0:
        return None
    return m.group(1) + (m.group(2) or "px")


def declared_dpi(path: Path) -> int | None:
    """The resolution the file declares (PNG pHYs, JPEG JFIF/EXIF), rounded; None when it
    declares none. The PDFs set the image at that resolution, never larger."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            dpi = im.info.get("dpi")
    except Exception:  # noqa: BLE001 - an unreadable image is reported by the layout, not here
        return None
    if not dpi or not dpi[0] or dpi[0] < 1:
        return None
    return round(float(dpi[0]))


def make_figures(section: Section, ctx) -> None:
    count = 0
    seen: dict[str, int] = {}

    def fix(node):
        nonlocal count
        image = _lone_image(node)
        if image is None:
            return None
        (ident, classes, kv), caption, (target, _title) = image["c"]
        attrs = dict(kv)
        seen[target] = seen.get(target, 0) + 1
        line = nth_line(section, target, seen[target])
        checked = check_image(section, ctx, target, attrs, line, "Image")
        if checked is None:
            return None  # it never becomes a figure
        if not attrs.get("alt"):
            ctx.report.warn("I403", f"Figure '{text(caption)[:40]}' has no alt text.", file=section.where, line=line,
                            hint='Add {alt="what the picture shows"}.')
        count += 1
        ident = ident or f"fig-{section.id}-{count}"  # every figure has an id: layout moves it by id
        fig_attrs = [["src", checked["src"]], ["alt", attrs.get("alt", "")], ["credit", attrs.get("credit", "")]]
        fig_attrs += [[k, v] for k, v in checked.items() if k != "src"]
        return {"t": "Figure", "c": [[ident, classes, fig_attrs], [None, [{"t": "Plain", "c": caption}]], []]}

    section.blocks = walk(section.blocks, fix)
    _inline_images(section, ctx, seen)


def _inline_images(section: Section, ctx, seen: dict[str, int]) -> None:
    """Images inside text (not alone in a paragraph): the same checks as figures; the
    checked attributes replace the author's, and a missing one is marked as missing."""
    def fix(node):
        if node["t"] != "Image":
            return None
        (ident, classes, kv), alt, (target, title) = node["c"]
        attrs = dict(kv)
        seen[target] = seen.get(target, 0) + 1
        checked = check_image(section, ctx, target, attrs, nth_line(section, target, seen[target]), "Inline image")
        if checked is None:
            return None
        kept = [[k, v] for k, v in kv if k not in ("width", "height")]
        kept += [[k, v] for k, v in checked.items() if k != "src"]
        return {**node, "c": [[ident, classes, kept], alt, [checked["src"], title]]}

    section.blocks = walk(section.blocks, fix)
