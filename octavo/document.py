"""The book's content as one tree of sections, read once.

Takes: a ``Book``. Gives: ``Document``: the front-matter, chapter and
back-matter ``Section``s in reading order, each with its source file, its
pandoc blocks and (after the filters) its title, number and id.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from octavo.errors import rel


@dataclass
class Section:
    kind: str  # "front", "chapter", "part" (a part's title page, from a `.part` heading) or "back"
    source: Path
    blocks: list[dict]
    id: str = ""
    title: list[dict] = field(default_factory=list)  # pandoc inlines
    number: str | None = None
    label: str | None = None  # set over the title of an unnumbered section (book.yaml opening_label)
    epub_type: str = "chapter"
    part: str | None = None  # the id of the part a chapter belongs to

    @property
    def where(self) -> str:
        return rel(self.source)

    def source_text(self) -> str:
        return self.source.read_text(encoding="utf-8")

    def line_of(self, needle: str) -> int | None:
        """First line of the source holding ``needle``, to locate a finding."""
        for n, line in enumerate(self.source_text().splitlines(), 1):
            if needle in line:
                return n
        return None


@dataclass
class Document:
    sections: list[Section]
    bibliography_html: Any = None  # pandoc blocks of the rendered bibliography
    api_version: list[int] = field(default_factory=lambda: [1, 23, 1])
    missing_images: list[str] = field(default_factory=list)
    dependencies: list[str] = field(default_factory=list)  # book-relative files read besides the manuscript
    index: Any = None  # octavo.index.model.IndexSource when the book marks index terms or has an index.yaml
    illustrations: bool = False  # book.yaml's list_of_illustrations: a list of figures in the front matter

    @property
    def chapters(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "chapter"]
