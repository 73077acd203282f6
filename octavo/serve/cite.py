"""Citations for the preview: citeproc over the changed chapters only.

Takes: the filtered ``Document`` (citations not yet rendered), the ids of the
sections to cite, the bibliography, style and language. Gives: those sections'
blocks with their citations rendered. Every other section is sent to pandoc as
a paragraph holding only its citations, in order, so that each citation is
still a first or a later one exactly as in the full book, while pandoc reads a
few kilobytes instead of the whole book (the build's ``octavo.cite`` remains
the authority).
"""
from __future__ import annotations

import json
from pathlib import Path

from octavo.ast import Div, Para, Space, iter_nodes
from octavo.parse import run_pandoc


def cites(blocks: list) -> list[dict]:
    """The section's citations in reading order."""
    return [node for node in iter_nodes(blocks) if isinstance(node, dict) and node.get("t") == "Cite"]


def cite_sections(doc, wanted: set[str], bibliography: Path | None, csl: Path, language: str) -> dict[str, list]:
    if bibliography is None:
        return {s.id: s.blocks for s in doc.sections if s.id in wanted}
    blocks = []
    for i, s in enumerate(doc.sections):
        if s.id in wanted:
            blocks.append(Div(s.blocks, ident=f"octavo-section-{i}"))
        else:
            only: list = []
            for c in cites(s.blocks):
                only += [c, Space()]
            if only:
                blocks.append(Para(only))
    ast = {"pandoc-api-version": doc.api_version,
           "meta": {"lang": {"t": "MetaString", "c": language}, "link-citations": {"t": "MetaBool", "c": True},
                    "link-bibliography": {"t": "MetaBool", "c": False}},
           "blocks": blocks}
    out = run_pandoc(["-f", "json", "-t", "json", "--citeproc", "--bibliography", str(bibliography), "--csl", str(csl)],
                     json.dumps(ast), "the bibliography")
    by_id = {b["c"][0][0]: b["c"][1] for b in json.loads(out)["blocks"] if b["t"] == "Div"}
    return {s.id: by_id[f"octavo-section-{i}"] for i, s in enumerate(doc.sections) if s.id in wanted}
