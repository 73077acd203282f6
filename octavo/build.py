"""Run a build: prepare the book once, render the outputs, put them in place.

Takes: a ``Book``, the formats asked for and options. Gives: the written
output paths and the warnings. The print interior (with the cover, whose spine
needs its page count) and the screen PDF lay out in two processes at once;
the EPUB takes its print page numbers from the print layout. Every file is
first written to a staging folder and moved into ``build/`` only when all
outputs succeeded, so a failed build leaves the previous good ones in place.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from octavo.builders.base import write_atomic
from octavo.document import Document
from octavo.errors import Diagnostic, Report
from octavo.prepare import prepare
from octavo.project import Book

FORMATS = ("epub", "pdf", "print", "cover")


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0


def _print_job(book: Book, doc: Document, want_cover: bool, want_png: bool) -> dict:
    from octavo.builders.cover import CoverSpec, build_cover_pdf, build_cover_png
    from octavo.builders.pdf import build_pdf

    t = time.perf_counter()
    result = build_pdf(book, doc, "print")
    out = {"print": result, "t_print": time.perf_counter() - t}
    spec = CoverSpec.compute(book, result.pages)
    out["spec"] = spec
    t = time.perf_counter()
    if want_cover:
        out["cover"] = build_cover_pdf(book, spec)
    if want_png:
        out["cover_png"] = build_cover_png(book, spec)
    out["t_cover"] = time.perf_counter() - t
    return out


def _screen_job(book: Book, doc: Document) -> dict:
    from octavo.builders.pdf import build_pdf

    t = time.perf_counter()
    result = build_pdf(book, doc, "screen")
    return {"screen": result, "t_screen": time.perf_counter() - t}


def build(book: Book, formats: tuple[str, ...] = FORMATS, release: bool = False,
          progress: Callable[[str], None] = lambda msg: None) -> BuildResult:
    from octavo.builders.epub import PageMap, build_epub
    from octavo.builders.spec import order_spec

    res = BuildResult()
    t0 = time.perf_counter()
    progress("reading the manuscript")
    doc, report = prepare(book, release=release)
    res.report = report
    res.timings["prepare"] = time.perf_counter() - t0
    need_print = any(f in formats for f in ("print", "cover", "epub"))
    files: dict[Path, bytes] = {}

    workers = 2 if (need_print and "pdf" in formats) else 1
    with ProcessPoolExecutor(max_workers=workers) as pool:
        printing = pool.submit(_print_job, book, doc, "cover" in formats or "print" in formats, "epub" in formats) if need_print else None
        screen = pool.submit(_screen_job, book, doc) if "pdf" in formats else None
        progress("laying out " + " and ".join(n for n, f in (("the print interior", printing), ("the screen PDF", screen)) if f))
        if screen:
            s = screen.result()
            files[book.output("pdf")] = s["screen"].pdf
            res.timings["pdf"] = s["t_screen"]
            _refused(report, s["screen"].refused)
            progress(f"screen PDF laid out: {s['screen'].pages} pages")
        if printing:
            p = printing.result()
            pr = p["print"]
            res.pages = pr.pages
            res.timings["print"] = p["t_print"]
            res.timings["cover"] = p["t_cover"]
            _refused(report, pr.refused)
            progress(f"print interior laid out: {pr.pages} pages")
            if "print" in formats:
                files[book.output("print")] = pr.pdf
            if "cover" in formats or "print" in formats:
                files[book.output("cover")] = p["cover"]
                files[book.output("spec")] = order_spec(book, p["spec"], pr.pdf, p["cover"], pr.inner_margin).encode()
            if "epub" in formats:
                t = time.perf_counter()
                order = [i for rs in _block_order(doc) for i in rs]
                page_map = PageMap.from_layout(pr.anchors, pr.labels, order)
                files[book.output("epub")] = build_epub(book, doc, page_map, p.get("cover_png"))
                res.timings["epub"] = time.perf_counter() - t
                progress("EPUB assembled")
    _commit(book, files)
    res.outputs = sorted(files)
    res.timings["total"] = time.perf_counter() - t0
    return res


def _block_order(doc: Document) -> list[list[str]]:
    """Every id the print layout can report, in reading order."""
    from octavo.render.html import RenderOptions, render_section

    order = [["half-title", "title-page", "copyright", "contents"]]
    for s in doc.sections:
        order.append([s.id] + render_section(s, RenderOptions()).block_ids)
    order.append(["sources"])
    import re
    from octavo.render.html import render_blocks
    if doc.bibliography_html:
        html = render_blocks(doc.bibliography_html, RenderOptions(), "sources")
        order.append(re.findall(r'id="(ref-[^"]+)"', html))
    order.append(["colophon"])
    return order


def _refused(report: Report, urls: list[str]) -> None:
    for url in sorted(set(urls)):
        report.add(Diagnostic("S604", f"A resource outside the book was requested and refused: {url}", severity="warning"))


def _commit(book: Book, files: dict[Path, bytes]) -> None:
    """Write every output to a staging folder, then move each into place."""
    staging = book.build_dir / f".staging-{os.getpid()}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        staged = []
        for path, data in files.items():
            tmp = staging / path.name
            write_atomic(tmp, data)
            staged.append((tmp, path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
