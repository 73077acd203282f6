"""Editor's notes become footnotes marked as the editor's.

Takes: ``[It was actually Königsberg.]{.ednote}`` spans. Gives: a footnote whose
content is a ``Div.editor-note`` (the renderer labels it), placed where the
span stood, so it is numbered with the author's notes but read as the editor's.
"""
from __future__ import annotations

from octavo.ast import Div, Para, walk
from octavo.document import Section


def to_footnotes(section: Section, ctx) -> None:
    def fix(node):
        if node["t"] == "Span" and "ednote" in node["c"][0][1]:
            return {"t": "Note", "c": [Div([Para(node["c"][1])], classes=["editor-note"])]}
        return None

    section.blocks = walk(section.blocks, fix)
