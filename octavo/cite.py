"""Citations over the whole book at once, through pandoc's citeproc.

Takes: the filtered ``Document``, the bibliography file and the CSL style.
Gives: the document with every ``Cite`` rendered in the style (for a note
style, as footnotes: first citation in full, later ones short, across the
whole book), citations linked to their entries, and the rendered bibliography
blocks in ``doc.bibliography_html``. Locale follows the book's language.
"""
from __future__ import annotations

import json
from pathlib import Path

from octavo.ast import Div
from octavo.config import read_yaml
from octavo.document import Document
from octavo.errors import BookError, Diagnostic, rel
from octavo.parse import run_pandoc


def reference_ids(path: Path | None) -> set[str]:
    if path is None:
        return set()
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
    else:
        data = read_yaml(path)
    entries = data.get("references", []) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise BookError(Diagnostic("R303", "The bibliography must be a list of CSL entries (under 'references:').", file=rel(path), line=1))
    ids = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or "id" not in entry:
            raise BookError(Diagnostic("R303", f"Bibliography entry {i + 1} has no 'id'.", file=rel(path)))
        ids.add(str(entry["id"]))
    return ids


def meta_str(value: str) -> dict:
    return {"t": "MetaString", "c": value}


def apply_citeproc(doc: Document, bibliography: Path | None, csl: Path, language: str) -> None:
    if bibliography is None:
        return
    blocks = [Div(s.blocks, ident=f"octavo-section-{i}") for i, s in enumerate(doc.sections)]
    ast = {
        "pandoc-api-version": doc.api_version,
        "meta": {"lang": meta_str(language), "link-citations": {"t": "MetaBool", "c": True},
                 "link-bibliography": {"t": "MetaBool", "c": False}},
        "blocks": blocks,
    }
    out = run_pandoc(["-f", "json", "-t", "json", "--citeproc", "--bibliography", str(bibliography), "--csl", str(csl)],
                     json.dumps(ast), "the bibliography")
    result = json.loads(out)["blocks"]
    by_id = {b["c"][0][0]: b for b in result if b["t"] == "Div"}
    for i, section in enumerate(doc.sections):
        section.blocks = by_id[f"octavo-section-{i}"]["c"][1]
    refs = by_id.get("refs")
    doc.bibliography_html = refs["c"][1] if refs else []


