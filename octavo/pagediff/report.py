"""The HTML report of a page diff: the changed pages side by side, differences highlighted.

Takes: ``Change``s and the two PDFs' names. Gives: one self-contained HTML file
(images embedded as PNG data, no script, nothing fetched), written atomically:
for each changed page the old page, the new page, and the new page with the
pixels that differ painted over in red, plus the words removed and added.
"""
from __future__ import annotations

import base64
import difflib
import html
import io
from pathlib import Path

from octavo.builders.base import write_atomic
from octavo.pagediff.match import Change

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;background:#f6f6f4}
h1{font-size:1.2rem} h2{font-size:1rem;margin:2rem 0 .5rem}
.row{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
figure{margin:0;background:#fff;padding:.5rem;box-shadow:0 1px 3px #0003}
figcaption{font-size:.8rem;color:#555;margin-top:.3rem}
img{display:block;max-width:30vw;height:auto}
del{background:#fdd;text-decoration:line-through} ins{background:#dfd;text-decoration:none}
.words{font-size:.85rem;max-width:60rem}
"""


def _png(image) -> str:
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def overlay(old, new):
    """The new page, with every pixel that differs from the old page painted red."""
    from PIL import Image, ImageChops

    if old.size != new.size:
        old = old.resize(new.size)
    diff = ImageChops.difference(old, new).convert("L").point(lambda v: 255 if v > 24 else 0)
    faded = Image.blend(new, Image.new("RGB", new.size, "white"), 0.55)
    return Image.composite(Image.new("RGB", new.size, (220, 30, 30)), faded, diff)


def _words(change: Change) -> str:
    a = change.old.words if change.old else ()
    b = change.new.words if change.new else ()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(' '.join(b[j1:j2]))}</ins>")
    return " … ".join(out[:40])


def _figure(image, caption: str) -> str:
    return f'<figure><img src="{_png(image)}" alt="{html.escape(caption)}"><figcaption>{html.escape(caption)}</figcaption></figure>'


def write_report(path: Path, changes: list[Change], old_name: str, new_name: str) -> None:
    parts = [f"<!doctype html><html lang=en><meta charset=utf-8><title>octavo diff</title><style>{_STYLE}</style>",
             f"<h1>{html.escape(old_name)} → {html.escape(new_name)}: {len(changes)} page"
             f"{'s' if len(changes) != 1 else ''} changed</h1>"]
    for change in changes:
        parts.append(f"<h2>{html.escape(change.describe())}</h2><div class=row>")
        if change.old is not None:
            parts.append(_figure(change.old.image, f"old, page {change.old.index + 1}"))
        if change.new is not None:
            parts.append(_figure(change.new.image, f"new, page {change.new.index + 1}"))
        if change.old is not None and change.new is not None:
            parts.append(_figure(overlay(change.old.image, change.new.image), "differences in red"))
        parts.append("</div>")
        words = _words(change) if change.kind == "text changed" else ""
        if words:
            parts.append(f"<p class=words>{words}</p>")
    parts.append("</html>\n")
    write_atomic(path, "".join(parts).encode("utf-8"))
