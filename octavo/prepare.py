"""Read the book once and make it ready for every builder.

Takes: a ``Book`` and whether this is a release build. Gives: the filtered,
cited ``Document`` and the ``Report`` of warnings; raises ``BookError`` with
every error found (all chapters are read and checked before stopping).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from octavo.cite import apply_citeproc, reference_ids
from octavo.document import Document, Section
from octavo.errors import BookError, Report
from octavo.filters import FilterContext, run_filters
from octavo.filters.structure import number_chapters
from octavo.parse import parse_markdown
from octavo.project import Book


def read_sections(book: Book, report: Report) -> Document:
    files = [("front", p) for p in book.front_files] + [("chapter", p) for p in book.chapter_files] + \
            [("back", p) for p in book.back_files]
    def parse(item):
        kind, path = item
        try:
            return Section(kind, path, parse_markdown(path, book.cache_dir)["blocks"]), None
        except BookError as exc:
            return None, exc

    api = None
    sections = []
    with ThreadPoolExecutor(max_workers=4) as pool:  # pandoc runs as a subprocess: threads suffice
        for section, exc in pool.map(parse, files):
            if exc:
                for d in exc.diagnostics:
                    report.add(d)
            else:
                sections.append(section)
    doc = Document(sections)
    if sections:
        doc.api_version = parse_markdown(sections[0].source, book.cache_dir)["pandoc-api-version"]  # cached: no second parse
    return doc


def prepare(book: Book, release: bool = False) -> tuple[Document, Report]:
    report = Report()
    book.fonts  # a missing font is an error before anything is laid out
    doc = read_sections(book, report)
    ctx = FilterContext(root=book.root, release=release, report=report,
                        reference_ids=reference_ids(book.bibliography))
    run_filters(doc, ctx)
    number_chapters(doc)
    report.raise_if_errors()
    apply_citeproc(doc, book.bibliography, book.csl, book.config.language)
    doc.missing_images = ctx.missing_images
    return doc, report
