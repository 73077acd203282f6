"""The live preview's state: the book as last read, rendered chapter by chapter.

Takes: a book folder. Gives: ``Preview``: for each chapter its reading-view
HTML (the EPUB's renderer, notes as the EPUB places them), the diagnostics of
the last refresh (errors and warnings, located, with their fix), and a
version number that goes up with every refresh that changed anything.
``refresh()`` reads the book again (pandoc's parse is cached per file, so only
edited chapters are parsed again) and renders again only the chapters whose
content changed; on an error the last good rendering is kept, under the
errors. Nothing here raises: a bad save is a diagnostic, never a crash.
"""
from __future__ import annotations

import hashlib
import json
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from octavo.errors import Diagnostic, OctavoError


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

    def _refresh(self) -> bool:
        from octavo.builders.base import render_template
        from octavo.builders.epub import _notes_html
        from octavo.prepare import prepare
        from octavo.project import Book
        from octavo.render.html import RenderOptions, render_section

        book = Book.load(self.root)
        doc, report = prepare(book)
        ids = {s.id for s in doc.sections}
        opts = RenderOptions(notes="popup", image=lambda src: "/book/" + src,
                             href=lambda fragment: self._href(fragment, ids))
        old = {c.id: c for c in self.chapters}
        chapters, changed = [], []
        for s in doc.sections:
            key = hashlib.sha256(json.dumps([s.blocks, s.title, s.number], sort_keys=True, default=str)
                                 .encode("utf-8")).hexdigest()
            if s.id in old and old[s.id].key == key:
                chapters.append(old[s.id])
                continue
            rs = render_section(s, opts)
            from octavo.ast import text

            chapters.append(Chapter(s.id, text(s.title) if s.title else s.id, s.source, rs.body + _notes_html(rs), key))
            changed.append(s.id)
        self.fonts = {f"{i}-{p.name}": p for i, (_w, _s, p) in enumerate(book.fonts.faces())}
        faces = [(w, st, f"/assets/fonts/{name}") for (w, st, _p), name in zip(book.fonts.faces(), self.fonts)]
        css = render_template(book, "epub/book.css.j2", font_faces=faces)
        diagnostics = list(report.warnings)
        moved = [c.id for c in chapters] != [c.id for c in self.chapters]
        if not changed and not moved and css == self.css and diagnostics == self.diagnostics:
            return False
        self.book, self.doc, self.css = book, doc, css
        self.chapters, self.changed, self.diagnostics = chapters, changed, diagnostics
        self.version += 1
        return True

    def _href(self, fragment: str, ids: set[str]) -> str:
        # a link to another chapter goes to its reading page; within a chapter, to the anchor
        return f"/read/{fragment}" if fragment in ids else f"#{fragment}"

    def chapter(self, ident: str) -> Chapter | None:
        return next((c for c in self.chapters if c.id == ident), None)
