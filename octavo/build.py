"""Run a build: prepare the book once, render what changed, put it in place.

Takes: a ``Book``, the formats asked for and options. Gives: ``BuildResult``
(files written, files kept, warnings, timings). The print interior and the
screen PDF lay out in two processes at once; the cover (its spine needs the
interior's page count) follows the interior in its process; the EPUB takes
its print page numbers from the print layout; the ONIX record its page count
and spine, and the retailer JPEG the EPUB's cover image. An output whose inputs are
unchanged (``octavo.cache``) is kept as it is; ``force`` rebuilds all. Every
file is first written to a staging folder and moved into ``build/`` only
when all outputs succeeded, so a failed build leaves the previous good ones.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import shutil
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from octavo import __version__
from octavo.builders.base import write_atomic
from octavo.cache import Manifest, digest, input_keys, kinds_with_spec, quick_fingerprint
from octavo.document import Document
from octavo.errors import BookError, Diagnostic, Report
from octavo.paths import FORMATS
from octavo.project import Book


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)  # written by this build
    kept: list[Path] = field(default_factory=list)  # up to date, left as they were
    removed: list[Path] = field(default_factory=list)  # outputs of an earlier name of the book
    report: Report = field(default_factory=Report)
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0


def tool_versions() -> str:
    from importlib.metadata import version

    from octavo.parse import pandoc_version

    return f"octavo {__version__}; {pandoc_version()}; weasyprint {version('weasyprint')}"


def _quiet_exit(signum, frame) -> None:
    os._exit(130)


def _worker_init() -> None:
    """A layout process stops at once and silently on Ctrl-C or SIGTERM: the main process reports."""
    import signal

    signal.signal(signal.SIGINT, _quiet_exit)
    signal.signal(signal.SIGTERM, _quiet_exit)


def _warm_up() -> None:
    """Import the layout engine in a worker while the parent reads the manuscript."""
    import octavo.builders.cover  # noqa: F401
    import octavo.builders.pdf  # noqa: F401
    import weasyprint  # noqa: F401


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's processes now (they hold no results yet: only the warm-up imports)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _epub_fonts_job(book: Book, doc: Document) -> None:
    """Subset the EPUB's fonts into the cache while the PDFs are laid out: the EPUB built
    afterwards (with its page list) uses the same characters, so it finds them ready."""
    from octavo.builders.epub import build_epub

    build_epub(book, doc, None, None)


def _print_job(book: Book, doc: Document) -> dict:
    from octavo.builders.pdf import build_pdf

    t = time.perf_counter()
    result = build_pdf(book, doc, "print")
    return {"result": result, "seconds": time.perf_counter() - t}


def _screen_job(book: Book, doc: Document) -> dict:
    from octavo.builders.pdf import build_pdf

    t = time.perf_counter()
    result = build_pdf(book, doc, "screen")
    return {"result": result, "seconds": time.perf_counter() - t}


def _cover_job(book: Book, pages: int, want_pdf: bool, want_png: bool, key: str) -> dict:
    from octavo.builders.cover import CoverSpec, build_cover_pdf, build_cover_png

    t = time.perf_counter()
    spec = CoverSpec.compute(book, pages)
    png = None
    if want_png:  # the EPUB's cover image: drawn again only when the cover changed
        cached = book.cache_dir / f"cover-{key[:32]}.png"
        if cached.is_file():
            png = cached.read_bytes()
        else:
            png = build_cover_png(book, spec)
            for old in book.cache_dir.glob("cover-*.png"):
                old.unlink(missing_ok=True)
            write_atomic(cached, png)
    return {"pdf": build_cover_pdf(book, spec) if want_pdf else None, "png": png,
            "seconds": time.perf_counter() - t}


def local_pool(workers: int = 2) -> ProcessPoolExecutor:
    """The embedded default: a pool of layout processes on this machine. forkserver, named:
    workers never inherit the parent's threads or locks (fork's hazard), and the choice does
    not change with the Python version's default."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_worker_init)


def build(book: Book, formats: tuple[str, ...] = FORMATS, release: bool = False, force: bool = False,
          progress: Callable[..., None] = lambda step, message="", done=False: None,
          executor: Executor | None = None) -> BuildResult:
    """Build ``formats`` of ``book``. The layout jobs run on ``executor`` (any
    ``concurrent.futures.Executor``: a list's shared pool, a Dask client's executor); by default
    on a pool of two local processes started for this build. Outputs are always written here,
    by the caller's process."""
    if executor is not None:
        return _build(book, formats, release, force, progress, executor, own=False)
    with local_pool() as pool:
        return _build(book, formats, release, force, progress, pool, own=True)


def _build(book: Book, formats: tuple[str, ...], release: bool, force: bool, progress: Callable[..., None],
           pool: Executor, own: bool) -> BuildResult:
    from octavo.builders.cover import CoverSpec, artwork_problems
    from octavo.builders.epub import PageMap, build_epub
    from octavo.builders.orders import ingram_title_row, lulu_print_job
    from octavo.builders.spec import order_spec
    from octavo.prepare import prepare

    res = BuildResult()
    t0 = time.perf_counter()
    manifest = Manifest.load(book.build_dir)
    versions = tool_versions()
    keys = input_keys(book, versions, manifest.deps)
    layout_key = keys["print"]
    # print and cover go together: the order spec describes both
    kinds = kinds_with_spec(formats) & set(FORMATS)
    need = {k for k in kinds if force or not manifest.fresh(k, keys[k])}
    have_layout = manifest.layout.get("key") == layout_key and not force
    # the EPUB's page numbers and the cover's spine come from the print layout: reuse it when current
    need_layout = "print" in need or (not have_layout and bool(kinds & {"epub", "cover", "onix"}))

    files: dict[Path, bytes] = {}
    layout = manifest.layout if have_layout else None
    covers: dict = {}
    doc = None
    if own and (need_layout or "pdf" in need or "cover" in need or "epub" in need):
        for _ in range(2):  # workers import WeasyPrint while the manuscript is read
            pool.submit(_warm_up)
    if need & {"print", "pdf", "epub"} or need_layout:
        progress("read", "parsing, citations")
        try:
            doc, res.report = prepare(book, release=release)
        except BaseException:
            if own:
                _stop_workers(pool)  # a book error is reported now, not after the warm-up imports finish
            raise
        res.timings["prepare"] = time.perf_counter() - t0
        if doc.dependencies != manifest.deps:  # the text changed what it shows: key by what it reads now
            keys = input_keys(book, versions, doc.dependencies)
            layout_key = keys["print"]
        progress("read", f"{len(doc.sections)} sections", done=True)
    printing = pool.submit(_print_job, book, doc) if need_layout else None
    screen = pool.submit(_screen_job, book, doc) if "pdf" in need else None
    fonts = pool.submit(_epub_fonts_job, book, doc) if "epub" in kinds and doc is not None and \
        (force or "epub" in need or need_layout) else None
    if printing:
        progress("print", "laying out")
    if screen:
        progress("pdf", "laying out")
    if printing:
        p = printing.result()
        pr = p["result"]
        res.timings["print"] = p["seconds"]
        _refused(res.report, pr.refused)
        for warning in pr.warnings:  # WeasyPrint's, located in the templates
            res.report.add(warning)
        _line_faults(res.report, "P712", "print", pr.line_faults)
        progress("print", f"{pr.pages} pages, {pr.layouts} layout{'s' if pr.layouts > 1 else ''}", done=True)
        layout = {"key": layout_key, "pages": pr.pages, "anchors": pr.anchors, "labels": pr.labels,
                  "starts": pr.starts,
                  "inner_margin": pr.inner_margin, "print_sha": digest(pr.pdf)}
        if "print" in kinds:
            files[book.output("print")] = pr.pdf
    pages = layout["pages"] if layout else 0
    res.pages = pages
    # the cover depends on the interior's page count; the EPUB's cover image on the cover design
    cover_key = digest(keys["cover"], str(pages))
    keys["cover"] = cover_key
    want_cover = "cover" in kinds and (force or not manifest.fresh("cover", cover_key))
    epub_key = digest(keys["epub"], layout["key"] if layout else "", cover_key)
    keys["epub"] = epub_key
    want_epub = "epub" in kinds and (force or not manifest.fresh("epub", epub_key))
    # the ONIX record describes the editions as laid out and names the retailer JPEG beside it
    onix_key = digest(keys["onix"], str(pages), cover_key)
    keys["onix"], keys["jpg"] = onix_key, cover_key
    want_onix = "onix" in kinds and (force or not manifest.fresh("onix", onix_key) or not manifest.fresh("jpg", cover_key))
    if want_cover or want_epub or want_onix:
        progress("cover", f"spine for {pages} pages")
        cover_future = pool.submit(_cover_job, book, pages, want_cover, want_epub or want_onix, cover_key)
    else:
        cover_future = None
    if screen:
        s = screen.result()
        files[book.output("pdf")] = s["result"].pdf
        res.timings["pdf"] = s["seconds"]
        _refused(res.report, s["result"].refused)
        for warning in s["result"].warnings:  # WeasyPrint's, located in the templates
            res.report.add(warning)
        _line_faults(res.report, "P713", "screen", s["result"].line_faults)
        progress("pdf", f"{s['result'].pages} pages, {s['result'].layouts} layout{'s' if s['result'].layouts > 1 else ''}", done=True)
    if cover_future:
        covers = cover_future.result()
        res.timings["cover"] = covers["seconds"]
        if want_cover:
            files[book.output("cover")] = covers["pdf"]
        progress("cover", "drawn", done=True)

    if fonts:
        fonts.result()
    if want_epub:
        progress("epub", "assembling")
        t = time.perf_counter()
        if doc is None:
            doc, res.report = prepare(book, release=release)
        order = _block_order(doc)
        page_map = PageMap.from_layout(layout["anchors"], layout["labels"], order, layout.get("starts"),
                                       doc.index.ids if doc.index is not None else None)
        files[book.output("epub")] = build_epub(book, doc, page_map, covers.get("png"), release=release)
        res.timings["epub"] = time.perf_counter() - t
        progress("epub", "assembled", done=True)
    if want_onix:
        files.update(_onix_files(book, pages, covers["png"]))
    if "print" in kinds and (book.output("print") in files or book.output("cover") in files or
                             not all(manifest.fresh(k, digest(keys["print"], cover_key)) for k in ("spec", "lulu", "ingram"))):
        # the order files restate the interior and cover: they need both on disk, or just made
        interior = files.get(book.output("print")) or book.output("print").read_bytes()
        cover = files.get(book.output("cover")) or book.output("cover").read_bytes()
        spec = CoverSpec.compute(book, pages)
        files[book.output("spec")] = order_spec(book, spec, interior, cover, layout["inner_margin"]).encode()
        # the same order in the shapes two print services take
        files[book.output("lulu")] = lulu_print_job(book, spec).encode()
        files[book.output("ingram")] = ingram_title_row(book, spec).encode()

    if book.config.cover.image and (book.output("cover") in files or book.output("jpg") in files):
        for problem in artwork_problems(book, CoverSpec.compute(book, pages)):
            if release:  # as for interior artwork: a release build needs print-ready artwork
                raise BookError(dataclasses.replace(problem, severity="error"))
            res.report.add(problem)
    _commit(book, files)
    # outputs under an old name (a retitled book without a slug) no longer belong to the book
    for kind, old in manifest.stale_files({k: book.output(k) for k in manifest.outputs}):
        old.unlink(missing_ok=True)
        res.removed.append(old)
        if book.output(kind) not in files:
            manifest.outputs.pop(kind, None)
            manifest.keys.pop(kind, None)
    # record what each written output was made from
    kind_of = {book.output(k): k for k in (*FORMATS, "spec", "jpg", "lulu", "ingram")}
    spec_key = digest(keys["print"], cover_key)
    for path in files:
        kind = kind_of[path]
        manifest.record(kind, spec_key if kind in ("spec", "lulu", "ingram") else keys[kind], path)
    if layout:
        manifest.layout = layout
    if doc is not None:
        manifest.deps = doc.dependencies
    # the no-op fast path is valid only while every output matches the current inputs
    current = all(manifest.keys.get(k) == keys[k] for k in FORMATS)
    manifest.fingerprint = quick_fingerprint(book.root, book.templates, book.build_dir, __version__) if current else ""
    manifest.save()
    res.outputs = sorted(files)
    res.kept = sorted(book.output(k) for k in kinds_with_spec(kinds) if book.output(k) not in files)
    res.timings["total"] = time.perf_counter() - t0
    return res


def _onix_files(book: Book, pages: int, png: bytes) -> dict[Path, bytes]:
    """The retailer cover JPEG (from the EPUB's cover image) and the ONIX record that names it."""
    from datetime import datetime, timezone

    from octavo.builders.cover import CoverSpec
    from octavo.builders.onix import CoverImage, PrintFacts, onix_record
    from octavo.builders.retail import retail_jpeg
    from octavo.project import source_date

    jpeg, (width, height) = retail_jpeg(png)
    spec = CoverSpec.compute(book, pages)
    facts = PrintFacts(pages, spec.panel_w, spec.panel_h, spec.spine,
                       "print" if spec.binding == "paperback" else "hardcover")
    sent = datetime.fromtimestamp(source_date(), tz=timezone.utc)
    record = onix_record(book.config, book.slug, facts, sent, CoverImage(book.output("jpg").name, width, height))
    return {book.output("jpg"): jpeg, book.output("onix"): record}


def _block_order(doc: Document) -> list[str]:
    """Every id the print layout can report, in reading order."""
    import re

    from octavo.render.html import RenderOptions, block_ids, render_blocks

    order = ["half-title", "title-page", "copyright", "contents", "illustrations"]
    for s in doc.sections:
        order += [s.id] + block_ids(s)
    order.append("sources")
    if doc.bibliography_html:
        order += re.findall(r'id="(ref-[^"]+)"', render_blocks(doc.bibliography_html, RenderOptions(), "sources"))
    order += ["index", "colophon"]
    return order


def _refused(report: Report, urls: list[str]) -> None:
    for url in sorted(set(urls)):
        report.add(Diagnostic("S604", f"A resource outside the book was requested and refused: {url}", severity="warning"))


def _line_faults(report: Report, code: str, edition: str, faults: list[str]) -> None:
    """Lines the typesetter's passes could not mend (octavo.builders.linefaults), one warning each."""
    for fault in faults:
        report.add(Diagnostic(code, f"A line no typesetter would set remains in the {edition} PDF, {fault}.",
                              severity="warning",
                              hint="Reword the sentence a little, or add the word to hyphenation.exceptions in book.yaml."))


def _commit(book: Book, files: dict[Path, bytes]) -> None:
    """Write every output to a staging folder, then move each into place."""
    if not files:
        return
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
