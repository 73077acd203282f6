"""The live preview's state: the book as last read, rendered chapter by chapter.

Takes: a book folder. Gives: ``Preview``: for each chapter its reading-view
HTML (the EPUB's renderer, notes as the EPUB places them), the diagnostics of
the last refresh (errors and warnings, located, with their fix), and a
version number that goes up with every refresh that changed anything.
``refresh()`` reads the book again (pandoc's parse is cached per file, so only
edited chapters are parsed again), runs citeproc and renders again only the
chapters whose content (or a citation before them) changed
(``octavo.serve.cite``); on an error the last good rendering is kept, under
the errors. Nothing here raises: a bad save is a diagnostic, never a crash.
"""
from __future__ import annotations

import hashlib
import json
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from octavo.errors import Diagnostic, OctavoError, Report


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _mtime(path: Path | None) -> float | None:
    try:
        return path.stat().st_mtime if path is not None else None
    except OSError:
        return None


@dataclass
class Chapter:
    id: str
    title: str
    source: Path
    html: str  # the reading view's body
    key: str  # digest of the section's content: unchanged key, no new rendering


@dataclass
class Preview:
    root: Path
    chapters: list[Chapter] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    version: int = 0
    css: str = ""
    fonts: dict[str, Path] = field(default_factory=dict)  # served name -> font file
    book: object = None  # the last Book that loaded
    doc: object = None  # the last good Document
    changed: list[str] = field(default_factory=list)  # ids of the chapters the last refresh rendered
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _refs: tuple | None = field(default=None, repr=False)

    def refresh(self) -> bool:
        """Read and render the book again; True when what a reader sees changed."""
        with self.lock:
            try:
                return self._refresh()
            except OctavoError as exc:
                found = list(exc.warnings) + list(exc.diagnostics)
            except Exception as exc:  # noqa: BLE001 - the preview outlives any bad save
                last = traceback.extract_tb(exc.__traceback__)[-1]
                found = [Diagnostic("V010", f"The preview could not read the book: {type(exc).__name__}: {exc} "
                                            f"(at {Path(last.filename).name}:{last.lineno}).",
                                    hint="Save again once the file is complete; if it persists, report it.")]
            if found != self.diagnostics:
                self.diagnostics = found
                self.version += 1
                return True
            return False

    def _read(self):
        """The book read and filtered (citations not yet rendered), as the build prepares it."""
        from octavo.filters import FilterContext, run_filters
        from octavo.filters.structure import label_opening, number_chapters, number_parts, roles_from_titles
        from octavo.i18n import messages
        from octavo.prepare import _reference_ids, read_sections
        from octavo.project import Book

        book = Book.load(self.root)
        report = Report()
        book.fonts  # a missing font is reported like any other error
        doc = read_sections(book, report)
        # the bibliography's ids, read again only when the file changed (YAML is slow to read)
        stamp = (str(book.bibliography), _mtime(book.bibliography))
        if self._refs is None or self._refs[0] != stamp:
            refs_report = Report()
            self._refs = (stamp, _reference_ids(book.bibliography, refs_report), refs_report.items)
        for d in self._refs[2]:
            report.add(d)
        ctx = FilterContext(root=book.root, release=False, report=report, reference_ids=self._refs[1])
        run_filters(doc, ctx)
        number_chapters(doc)
        label_opening(doc, book.config.opening_label)
        roles_from_titles(doc, messages(book.config.language))
        number_parts(doc, messages(book.config.language))
        report.raise_if_errors()
        return book, doc, report

    def _refresh(self) -> bool:
        from octavo.ast import text
        from octavo.builders.epub import notes_html
        from octavo.document import Document, Section
        from octavo.render.html import RenderOptions, render_section
        from octavo.serve.cite import cite_sections, cites

        book, doc, report = self._read()
        # a section needs rendering again when its content changed, or a citation before it did
        # (a later citation of a work is short, the first full)
        keys, before = {}, []
        for s in doc.sections:
            keys[s.id] = _digest([s.blocks, s.title, s.number, s.kind, s.epub_type, before, str(book.csl),
                                  book.config.language, _mtime(book.bibliography)])
            before = before + [c["c"][0] for c in cites(s.blocks)]
        old = {c.id: c for c in self.chapters}
        stale = {s.id for s in doc.sections if s.id not in old or old[s.id].key != keys[s.id]}
        cited = cite_sections(doc, stale, book.bibliography, book.csl, book.config.language) if stale else {}
        ids = {s.id for s in doc.sections}
        opts = RenderOptions(notes="popup", image=lambda src: "/book/" + src,
                             href=lambda fragment: self._href(fragment, ids))
        previous = {s.id: s for s in (self.doc.sections if self.doc is not None else [])}
        chapters, sections = [], []
        for s in doc.sections:
            if s.id not in stale:
                chapters.append(old[s.id])
                sections.append(previous[s.id])
                continue
            section = Section(s.kind, s.source, cited[s.id], s.id, s.title, s.number, s.label, s.epub_type, s.part)
            rs = render_section(section, opts)
            chapters.append(Chapter(s.id, text(s.title) if s.title else s.id, s.source, rs.body + notes_html(book, rs),
                                    keys[s.id]))
            sections.append(section)
        faces_of = [("Octavo Body", w, st, p) for w, st, p in book.fonts.faces()] + \
            [("Octavo Mono", w, st, p) for w, st, p in book.mono.faces()]
        self.fonts = {f"{i}-{p.name}": p for i, (_f, _w, _s, p) in enumerate(faces_of)}
        faces = [(f, w, st, f"/assets/fonts/{name}") for (f, w, st, _p), name in zip(faces_of, self.fonts)]
        from octavo.builders.epub import epub_css
        from octavo.i18n import messages

        css = epub_css(book, faces, messages(book.config.language))
        diagnostics = list(report.warnings)
        moved = [c.id for c in chapters] != [c.id for c in self.chapters]
        if not stale and not moved and css == self.css and diagnostics == self.diagnostics:
            return False
        self.book, self.css = book, css
        self.doc = Document(sections, api_version=doc.api_version)
        self.chapters, self.changed, self.diagnostics = chapters, sorted(stale), diagnostics
        self.version += 1
        return True

    def _href(self, fragment: str, ids: set[str]) -> str:
        # a link to another chapter goes to its reading page; within a chapter, to the anchor
        return f"/read/{fragment}" if fragment in ids else f"#{fragment}"

    def chapter(self, ident: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == ident), None)
