"""octavo's build targets, declared for ``octavo.runner``.

Takes: a ``BuildContext`` (the book, the options, the executor, the book's input keys from
``octavo.cache.input_keys``, the result being filled in). Gives: ``TARGETS``, in dependency
order — the prepared document (parse + cite, in this process), the print layout (the print
PDF and the page map the EPUB, cover and order files need), the screen layout, the EPUB's
font subsets (a cache warmed on the pool), the cover PDF and the cover image (its spine
needs the interior's page count), the EPUB, the ONIX record with the retailer JPEG, and the
order spec with its payloads. Each key says what that target is made from, so an edit
rebuilds what reads it and nothing else. Adding an output: one target here, one entry in
``TARGETS``.

The ``*_job`` functions run on the executor: module-level, with picklable arguments.
"""
from __future__ import annotations

import time
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Callable

from octavo.builders.base import write_atomic
from octavo.cache import Manifest, digest, input_keys
from octavo.document import Document
from octavo.errors import Diagnostic, Report
from octavo.project import Book
from octavo.runner import POOL, THREAD, Made, Needs, Target


@dataclass
class BuildContext:
    book: Book
    release: bool
    pool: Executor
    own: bool  # the pool was started for this build (warm it up; stop it at once on a book error)
    progress: Callable[..., None]
    res: Any  # octavo.build.BuildResult: report, timings
    manifest: Manifest
    versions: str
    keys: dict[str, str]  # octavo.cache.input_keys, again with the dependencies the text records
    t0: float
    doc: Document | None = None
    force: bool = False  # --force: lay out again what the cache holds


# --- jobs on the executor ----------------------------------------------------------------

def _warm_up() -> None:
    """Import the layout engine in a worker while the parent reads the manuscript."""
    import octavo.builders.cover  # noqa: F401
    import octavo.builders.pdf  # noqa: F401
    import weasyprint  # noqa: F401


def _stop_workers(pool) -> None:
    """End the pool's processes now (they hold no results yet: only the warm-up imports)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _layout_job(book: Book, doc: Document, profile: str, pool: Executor | None = None, reuse: bool = True) -> dict:
    """A PDF edition: its slices (each section, the front and back matter) go to the pool."""
    from octavo.builders.pdf import build_pdf

    t = time.perf_counter()
    result = build_pdf(book, doc, profile, pool, reuse=reuse)
    return {"result": result, "seconds": time.perf_counter() - t}


def _epub_fonts_job(book: Book, doc: Document) -> None:
    """Subset the EPUB's fonts into the cache while the PDFs are laid out: the EPUB built
    afterwards (with its page list) uses the same characters, so it finds them ready."""
    from octavo.builders.epub import build_epub

    build_epub(book, doc, None, None)


def _cover_pdf_job(book: Book, pages: int) -> dict:
    from octavo.builders.cover import CoverSpec, build_cover_pdf

    from octavo.layout import capture_warnings

    t = time.perf_counter()
    with capture_warnings() as warned:  # WeasyPrint's, reported as diagnostics (W710)
        pdf = build_cover_pdf(book, CoverSpec.compute(book, pages))
    return {"pdf": pdf, "seconds": time.perf_counter() - t, "warnings": list(warned)}


def _cover_png_job(book: Book, pages: int, key: str) -> dict:
    """The EPUB's cover image: drawn again only when the cover changed."""
    from octavo.builders.cover import CoverSpec, build_cover_png

    t = time.perf_counter()
    cached = book.cache_dir / f"cover-{key[:32]}.png"
    if cached.is_file():
        png = cached.read_bytes()
    else:
        png = build_cover_png(book, CoverSpec.compute(book, pages))
        for old in book.cache_dir.glob("cover-*.png"):
            old.unlink(missing_ok=True)
        write_atomic(cached, png)
    return {"png": png, "seconds": time.perf_counter() - t}


# --- keys ----------------------------------------------------------------------------------

def _pages(needs: Needs) -> int:
    return needs.result("print-layout")["pages"]


def _cover_key(ctx: BuildContext, pages: int) -> str:
    """The cover depends on the interior's page count (its spine)."""
    return digest(ctx.keys["cover"], str(pages))


# --- the prepared document ------------------------------------------------------------------

def _prepare_job(book: Book, release: bool) -> tuple[Document, Report]:
    from octavo.prepare import prepare

    return prepare(book, release=release)


def _prepare(ctx: BuildContext) -> tuple[Document, Report]:
    if not ctx.own:  # a list's shared pool or a cluster: reading runs there too, so the calling
        # process (one interpreter for every book of the list) does not read the books in turn
        ctx.progress("read", "parsing, citations")
        return ctx.pool.submit(_prepare_job, ctx.book, ctx.release).result()
    for _ in range(2):  # workers import WeasyPrint while the manuscript is read
        ctx.pool.submit(_warm_up)
    ctx.progress("read", "parsing, citations")
    try:
        return _prepare_job(ctx.book, ctx.release)
    except BaseException:
        _stop_workers(ctx.pool)  # a book error is reported now, not after the warm-up imports finish
        raise


def _prepared(ctx: BuildContext, needs: Needs, value: tuple[Document, Report]) -> Made:
    doc, ctx.res.report = value
    ctx.doc = doc
    ctx.res.timings["prepare"] = time.perf_counter() - ctx.t0
    if doc.dependencies != ctx.manifest.deps:  # the text changed what it shows: key by what it reads now
        ctx.keys = input_keys(ctx.book, ctx.versions, doc.dependencies)
    ctx.progress("read", f"{len(doc.sections)} sections", done=True)
    return Made(doc)


# --- the two layouts -------------------------------------------------------------------------

_EDITION = {"print": ("print", "P712", "print"), "pdf": ("screen", "P713", "screen")}  # kind: profile, code, name


def _layout(kind: str) -> Callable[[BuildContext, Needs], tuple]:
    def job(ctx: BuildContext, needs: Needs) -> tuple:
        ctx.progress(kind, "laying out")
        return _layout_job, (ctx.book, needs.result("document"), _EDITION[kind][0], ctx.pool, not ctx.force)
    return job


def _laid_out(kind: str) -> Callable[[BuildContext, Needs, dict], Made]:
    def done(ctx: BuildContext, needs: Needs, value: dict) -> Made:
        r = value["result"]
        ctx.res.timings[kind] = value["seconds"]
        _refused(ctx.res.report, r.refused)
        for warning in r.warnings:  # WeasyPrint's, located in the templates
            ctx.res.report.add(warning)
        _line_faults(ctx.res.report, _EDITION[kind][1], _EDITION[kind][2], r.line_faults)
        ctx.res.laid_out[kind] = r.laid_out
        ctx.progress(kind, f"{r.pages} pages, {r.layouts} layout{'s' if r.layouts != 1 else ''} "
                           f"({len(r.laid_out)} of {r.slices} parts)", done=True)
        if kind != "print":
            return Made(None, {kind: r.pdf})
        layout = {"key": ctx.keys["print"], "pages": r.pages, "anchors": r.anchors, "labels": r.labels,
                  "starts": r.starts, "inner_margin": r.inner_margin, "print_sha": digest(r.pdf)}
        return Made(layout, {"print": r.pdf})
    return done


# --- the cover -------------------------------------------------------------------------------

def _cover_job(image: bool) -> Callable[[BuildContext, Needs], tuple]:
    def job(ctx: BuildContext, needs: Needs) -> tuple:
        pages = _pages(needs)
        ctx.progress("cover", f"spine for {pages} pages")
        if image:
            return _cover_png_job, (ctx.book, pages, _cover_key(ctx, pages))
        return _cover_pdf_job, (ctx.book, pages)
    return job


def _cover_done(ctx: BuildContext, needs: Needs, value: dict) -> Made:
    from octavo.builders.pdf import weasyprint_warnings

    ctx.res.timings["cover"] = ctx.res.timings.get("cover", 0.0) + value["seconds"]
    for warning in weasyprint_warnings(value.get("warnings", []), [], "cover"):
        ctx.res.report.add(warning)
    ctx.progress("cover", "drawn", done=True)
    return Made(value.get("png"), {"cover": value["pdf"]} if "pdf" in value else {})


# --- the EPUB ------------------------------------------------------------------------------

def _epub_key(ctx: BuildContext, needs: Needs) -> str:
    # its page list comes from the print layout, its cover image from the cover design
    return digest(ctx.keys["epub"], needs.key("print-layout"), _cover_key(ctx, _pages(needs)))


def _epub(ctx: BuildContext, needs: Needs) -> tuple:
    ctx.progress("epub", "assembling")
    return _make_epub, (ctx, needs.result("document"), needs.result("print-layout"), needs.result("cover-image"))


def _make_epub(ctx: BuildContext, doc: Document, layout: dict, png: bytes) -> Made:
    from octavo.builders.epub import PageMap, build_epub

    t = time.perf_counter()
    page_map = PageMap.from_layout(layout["anchors"], layout["labels"], _block_order(doc), layout.get("starts"),
                                   doc.index.ids if doc.index is not None else None)
    epub = build_epub(ctx.book, doc, page_map, png, release=ctx.release)
    ctx.res.timings["epub"] = time.perf_counter() - t
    ctx.progress("epub", "assembled", done=True)
    return Made(None, {"epub": epub})


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
    order.append("index")
    if doc.index is not None:
        from octavo.index.render import entry_ids

        order += entry_ids(doc.index)
    order.append("colophon")
    return order


# --- the ONIX record and the retailer JPEG ----------------------------------------------------

def _onix_key(ctx: BuildContext, needs: Needs) -> str:
    # it describes the editions as laid out and names the retailer JPEG, made from the cover
    pages = _pages(needs)
    return digest(ctx.keys["onix"], str(pages), _cover_key(ctx, pages))


def _onix(ctx: BuildContext, needs: Needs) -> tuple:
    return _onix_files, (ctx.book, _pages(needs), needs.result("cover-image"))


def _onix_files(book: Book, pages: int, png: bytes) -> Made:
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
    return Made(None, {"jpg": jpeg, "onix": record})


# --- the order spec and the printers' payloads -------------------------------------------------

def _order_key(ctx: BuildContext, needs: Needs) -> str:
    # the order files restate the interior and the cover, down to their checksums
    return digest(ctx.keys["print"], _cover_key(ctx, _pages(needs)),
                  needs.output_digest("print"), needs.output_digest("cover"))


def _order(ctx: BuildContext, needs: Needs) -> tuple:
    return _order_files, (ctx.book, needs.result("print-layout"), needs.output("print"), needs.output("cover"))


def _order_files(book: Book, layout: dict, interior: bytes, cover: bytes) -> Made:
    from octavo.builders.cover import CoverSpec
    from octavo.builders.orders import ingram_title_row, lulu_print_job
    from octavo.builders.spec import order_spec

    spec = CoverSpec.compute(book, layout["pages"])
    return Made(None, {"spec": order_spec(book, spec, interior, cover, layout["inner_margin"]).encode(),
                       # the same order in the shapes two print services take
                       "lulu": lulu_print_job(book, spec).encode(),
                       "ingram": ingram_title_row(book, spec).encode()})


# --- reports ---------------------------------------------------------------------------------

def _refused(report: Report, urls: list[str]) -> None:
    for url in sorted(set(urls)):
        report.add(Diagnostic("S604", f"A resource outside the book was requested and refused: {url}", severity="warning"))


def _line_faults(report: Report, code: str, edition: str, faults: list[str]) -> None:
    """Lines the typesetter's passes could not mend (octavo.builders.linefaults), one warning each."""
    for fault in faults:
        report.add(Diagnostic(code, f"A line no typesetter would set remains in the {edition} PDF, {fault}.",
                              severity="warning",
                              hint="Reword the sentence a little, or add the word to hyphenation.exceptions in book.yaml."))


# --- the registry, in dependency order ---------------------------------------------------------

TARGETS: tuple[Target, ...] = (
    Target("document", job=lambda ctx, needs: (_prepare, (ctx,)), done=_prepared),
    Target("print-layout", needs=("document",), key=lambda ctx, needs: ctx.keys["print"], job=_layout("print"),
           done=_laid_out("print"), where=THREAD, outputs=("print",), remember=True),
    Target("screen-layout", needs=("document",), key=lambda ctx, needs: ctx.keys["pdf"], job=_layout("pdf"),
           done=_laid_out("pdf"), where=THREAD, outputs=("pdf",)),
    Target("epub-fonts", needs=("document",), where=POOL,
           job=lambda ctx, needs: (_epub_fonts_job, (ctx.book, needs.result("document")))),
    Target("cover", needs=("print-layout",), key=lambda ctx, needs: _cover_key(ctx, _pages(needs)),
           job=_cover_job(image=False), done=_cover_done, where=POOL, outputs=("cover",)),
    Target("cover-image", needs=("print-layout",), job=_cover_job(image=True), done=_cover_done, where=POOL),
    Target("epub", needs=("document", "print-layout", "cover-image", "epub-fonts"), key=_epub_key, job=_epub,
           outputs=("epub",)),
    Target("onix", needs=("print-layout", "cover-image"), key=_onix_key, job=_onix, outputs=("onix", "jpg")),
    Target("order", needs=("print-layout", "cover"), key=_order_key, job=_order, outputs=("spec", "lulu", "ingram")),
)
