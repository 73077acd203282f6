"""AST filters: one concern each, pure functions over a ``Section``'s blocks.

Each filter takes a section (and a ``FilterContext`` of book-wide facts) and
rewrites ``section.blocks`` in place, reporting findings to the context's
``Report``. ``run_filters`` applies them in order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from octavo.document import Document
from octavo.errors import Report


@dataclass
class FilterContext:
    root: Path
    release: bool
    report: Report = field(default_factory=Report)
    reference_ids: set[str] | None = field(default_factory=set)  # None: the bibliography is unreadable
    missing_images: list[str] = field(default_factory=list)
    site: str | None = None  # book.yaml's site: the base of site-root links
    bibliography: Path | None = None  # to locate findings about its entries (R302)
    raw_ids: object = None  # rawhtml.RawIds: the raw HTML ids of the whole book, namespaced
    dependencies: set[str] = field(default_factory=set)  # book-relative files the outputs will read

    def note_dependency(self, path: Path) -> None:
        """Record a file inside the book that an output reads (an image, say), so that the
        build cache rebuilds what shows it when it changes (Sphinx's ``note_dependency``)."""
        try:
            self.dependencies.add(Path(path).resolve().relative_to(self.root.resolve()).as_posix())
        except ValueError:
            pass  # outside the book: refused elsewhere, never read


def run_filters(doc: Document, ctx: FilterContext) -> None:
    from octavo.filters import citations, ednotes, figures, headings, ids, links, rawformats, rawhtml, structure

    for section in doc.sections:
        structure.take_title(section, ctx)
        headings.keep_hierarchy(section, ctx)
        rawformats.report_foreign(section, ctx)
        rawhtml.sanitize(section, ctx)
        links.check(section, ctx)
        figures.make_figures(section, ctx)
        ednotes.to_footnotes(section, ctx)
        citations.check_keys(section, ctx)
    rawhtml.relink(doc, ctx)
    ids.transliterate_ids(doc)
    structure.check_unique_ids(doc, ctx)
    citations.check_uncited(doc, ctx)
