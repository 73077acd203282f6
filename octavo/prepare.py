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
from octavo.filters import FilterContext, run_filters, typography
from octavo.filters.structure import label_opening, number_chapters, number_parts, roles_from_titles
from octavo.parse import parse_markdown
from octavo.coverage import check_coverage
from octavo.project import Book
from octavo.render.math import check_math
from octavo.filters.citeplace import is_note_style, place_in_text_citations
from octavo.filters.metadata import report_chapter_metadata
from octavo.sources import decode_error, read_text
from octavo.themes import check_classes


def read_sections(book: Book, report: Report, release: bool = False) -> Document:
    files = [("front", p) for p in book.front_files] + [("chapter", p) for p in book.chapter_files] + \
            [("back", p) for p in book.back_files]
    def parse(item):
        kind, path = item
        try:
            ast = parse_markdown(path, book.cache_dir)
            return Section(kind, path, ast["blocks"]), ast.get("meta") or {}, None
        except BookError as exc:
            return None, None, exc
        except OSError as exc:  # listed and present when book.yaml was checked, unreadable now
            return None, None, BookError(Diagnostic("M207", f"The file cannot be read: {exc.strerror or exc}.", file=rel(path),
                                              hint="Check that it exists and that you may read it."))

    sections = []
    with ThreadPoolExecutor(max_workers=4) as pool:  # pandoc runs as a subprocess: threads suffice
        for section, meta, exc in pool.map(parse, files):
            if exc:
                for d in exc.diagnostics:
                    report.add(d)
            else:
                # a chapter's own metadata would reach no output: reported here, in reading order
                report_chapter_metadata(section.source, meta, read_text(section.source), report, release)
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


def _index(book: Book, doc: Document, ctx: FilterContext, report: Report) -> None:
    """Index marks get their ids, cross-references their words (octavo.index), index.yaml is read."""
    from octavo.index import marks, xref
    from octavo.index.config import FILE, load_index_config
    from octavo.index.model import IndexSource

    found = marks.collect(doc, report)
    xref.resolve(doc, book.config.language, report)
    if (book.root / FILE).is_file():
        ctx.note_dependency(book.root / FILE)
    config = load_index_config(book.root, {t[0] for m in found for t in m.terms}, report)
    if found or config.see or config.see_also:
        doc.index = IndexSource(found, dict(config.see), {k: list(v) for k, v in config.see_also.items()})
    doc.illustrations = book.config.list_of_illustrations


def prepare(book: Book, release: bool = False) -> tuple[Document, Report]:
    report = Report()
    book.fonts, book.mono  # a missing font is an error before anything is laid out
    doc = read_sections(book, report, release)
    ctx = FilterContext(root=book.root, release=release, report=report,
                        reference_ids=_reference_ids(book.bibliography, report), site=book.config.site,
                        bibliography=book.bibliography)
    run_filters(doc, ctx)
    for section in doc.sections:
        check_math(section, report)
    number_chapters(doc)
    from octavo.i18n import messages

    label_opening(doc, book.config.opening_label)
    roles_from_titles(doc, messages(book.config.language))  # before the parts: an epilogue is not a part's
    number_parts(doc, messages(book.config.language))
    _index(book, doc, ctx, report)
    check_classes(doc, book.template_path, report)
    _check_language(book, report)
    report.raise_if_errors()
    if book.bibliography and not is_note_style(book.csl):  # one manuscript for note and author-date styles
        for section in doc.sections:
            section.blocks = place_in_text_citations(section.blocks)
    apply_citeproc(doc, book.bibliography, book.csl, book.config.language)
    typography.apply(doc, book.config.language)  # after citeproc: notes made from citations move after punctuation too
    doc.missing_images = ctx.missing_images
    doc.dependencies = sorted(ctx.dependencies)
    check_coverage(doc, book, report, release)  # after citeproc: the citations' text is set too
    report.raise_if_errors()
    return doc, report
