"""The EPUB's accessibility summary, written from what the book holds, in its language.

Takes: the prepared ``Document`` (its sections' pandoc blocks), whether the EPUB carries
the print page list, and the book's ``Messages``. Gives: ``features()`` (which of images
with descriptions, missing artwork, tables, mathematics, notes and a page list the book
has) and ``summary()``, the sentences saying so. A book without tables never claims any.
"""
from __future__ import annotations

from dataclasses import dataclass

from octavo.ast import iter_nodes
from octavo.document import Document


@dataclass(frozen=True)
class Features:
    images: bool = False  # figures or inline images with their artwork present
    missing: bool = False  # marked placeholders for artwork to come
    tables: bool = False
    math: bool = False
    notes: bool = False
    pages: bool = False  # the print edition's page numbers


def features(doc: Document, page_list: bool) -> Features:
    found = {"images": False, "missing": bool(doc.missing_images), "tables": False, "math": False, "notes": False}
    for section in doc.sections:
        for node in iter_nodes(section.blocks):
            kind = node.get("t") if isinstance(node, dict) else None
            if kind == "Figure":
                missing = any(k == "missing" for k, _ in node["c"][0][2])
                found["missing" if missing else "images"] = True
            elif kind == "Image":
                found["images"] = True
            elif kind == "Table":
                found["tables"] = True
            elif kind == "Math":
                found["math"] = True
            elif kind == "Note":
                found["notes"] = True
    return Features(**found, pages=page_list)


def summary(found: Features, t, conforms: bool = False) -> str:
    """The summary's sentences, each only for a feature the book has; the WCAG conformance
    sentence only when the build may claim it (``builders.epub.claims_conformance``)."""
    keys = (["a11y_conforms"] if conforms else []) + ["a11y_base"] + [f"a11y_{name}" for name in ("notes", "images", "missing", "tables", "math", "pages")
                            if getattr(found, name)] + ["a11y_end"]
    return " ".join(t(key) for key in keys)
