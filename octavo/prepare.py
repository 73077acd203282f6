"""Read the book once and make it ready for every builder.

Takes: a ``Book`` and whether this is a release build. Gives: the filtered,
cited ``Document`` and the ``Report`` of warnings; raises ``BookError`` with
every error found (all chapters are read and checked before stopping).
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from octavo.cite import apply_citeproc, reference_ids
from octavo.document import Document, Section
from octavo.errors import BookError, Diagnostic, Report, rel
from octavo.filters import FilterContext, run_filters
from octavo.filters.structure import number_chapters
from octavo.parse import parse_markdown
from octavo.project import Book
from octavo.sources import decode_error
from octavo.themes import check_classes


def read_sections(book: Book, report: Report) -> Document:
    files = [("front", p) for p in book.front_files] + [("chapter", p) for p in book.chapter_files] + \
            [("back", p) for p in book.back_files]
    def parse(item):
        kind, path = item
        try:
            return Section(kind, path, parse_markdown(path, book.cache_dir)["blocks"]), None
        except BookError as exc:
            return None, exc
        except OSError as exc:  # listed and present when book.yaml was checked, unreadable now
            return None, BookError(Diagnostic("M207", f"The file cannot be read: {exc.strerror or exc}.", file=rel(path),
                                              hint="Check that it exists and that you may read it."))

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


def _reference_ids(path: Path | None, report: Report) -> set[str] | None:
    """The bibliography's ids; an unreadable bibliography is reported (located) with the
    chapters' errors, and None is returned so no citation is flagged for it."""
    try:
        return reference_ids(path)
    except BookError as exc:
        for d in exc.diagnostics:
            report.add(d)
    except UnicodeDecodeError as exc:
        report.add(decode_error(path, path.read_bytes(), exc))
    except json.JSONDecodeError as exc:
        report.error("R304", f"The bibliography is not valid JSON: {exc.msg}.", file=rel(path), line=exc.lineno,
                     column=exc.colno, hint="Fix the JSON at that place (a missing comma or quote), or use CSL YAML.")
    except OSError as exc:
        report.error("R304", f"The bibliography cannot be read: {exc.strerror or exc}.", file=rel(path))
    return None


def _check_language(book: Book, report: Report) -> None:
    """C112, a warning: no catalogue for the book's language, so octavo's own words stay English."""
    from octavo.config import _position, read_yaml
    from octavo.i18n import has_catalogue, languages

    lang = book.config.language
    if has_catalogue(lang):
        return
    line, col = _position(read_yaml(book.root / "book.yaml"), ("language",))
    report.warn("C112", f"octavo has no message catalogue for language '{lang}': the words it adds "
                        "(contents, notes, sources...) will be in English.", file=book.yaml, line=line, column=col,
                hint=f"Translate octavo/messages/en.yaml into octavo/messages/{lang.split('-')[0].lower()}.yaml, "
                     f"or use one of: {', '.join(languages())}.")


def prepare(book: Book, release: bool = False) -> tuple[Document, Report]:
    report = Report()
    book.fonts  # a missing font is an error before anything is laid out
    doc = read_sections(book, report)
    ctx = FilterContext(root=book.root, release=release, report=report,
                        reference_ids=_reference_ids(book.bibliography, report))
    run_filters(doc, ctx)
    number_chapters(doc)
    check_classes(doc, book.template_path, report)
    _check_language(book, report)
    report.raise_if_errors()
    apply_citeproc(doc, book.bibliography, book.csl, book.config.language)
    doc.missing_images = ctx.missing_images
    return doc, report
