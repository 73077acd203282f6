"""The print order spec: what a print-on-demand order form asks, as JSON.

Takes: the book, the interior's page count and the cover spec, and the
bytes of the two print files. Gives: the JSON text of ``<slug>-print.json``.
"""
from __future__ import annotations

import hashlib
import json

from octavo.builders.bindings import HARDCOVERS
from octavo.builders.cover import CoverSpec, print_isbn
from octavo.config import isbn_digits
from octavo.project import Book


def order_spec(book: Book, spec: CoverSpec, interior: bytes, cover: bytes, inner_margin: float) -> str:
    p = book.config.print
    data = {
        "title": book.config.title,
        "subtitle": book.config.subtitle,
        "authors": book.config.authors,
        "isbn": isbn_digits(print_isbn(book)),
        "isbn_hyphenated": print_isbn(book),
        "binding": p.binding,
        "trim": {"name": p.trim, "width_in": spec.trim_w, "height_in": spec.trim_h},
        "bleed_in": p.bleed,
        "page_count": spec.pages,
        "paper": p.paper,
        "paper_thickness_in": p.thickness,
        "interior_color": {"black": "black and white", "standard-colour": "standard colour",
                           "premium-colour": "premium colour"}[p.ink],
        "spine_width_in": spec.spine,
        "spine_text": spec.pages >= 80,
        "cover": {"width_in": spec.width, "height_in": spec.height, **_hardcover(spec)},
        "inside_margin_in": inner_margin,
        "pdf_variant": p.pdf_variant,
        "output_intent": book.cmyk_profile.name,
        "cover_finish": p.finish,
        "files": {
            book.output("print").name: {"sha256": hashlib.sha256(interior).hexdigest(), "bytes": len(interior)},
            book.output("cover").name: {"sha256": hashlib.sha256(cover).hexdigest(), "bytes": len(cover)},
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _hardcover(spec: CoverSpec) -> dict:
    """A hardcover's allowances, stated so the order can be checked against the printer's template."""
    if spec.binding == "paperback":
        return {}
    table = HARDCOVERS[spec.binding]
    out = {"board_in": {"width": spec.panel_w, "height": spec.panel_h}, "board_overhang_in": spec.overhang,
           "spine_from": f"{table.printer}'s hardcover spine table", "source": table.source}
    if spec.flap:
        out.update(jacket_flap_in=spec.flap, jacket_bleed_in=spec.bleed)
    else:
        out["wrap_in"] = spec.bleed
    return out
