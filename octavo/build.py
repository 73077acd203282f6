"""Run a build: the targets of ``octavo.targets`` through ``octavo.runner``, then put the files in place.

Takes: a ``Book``, the formats asked for and options, and optionally an ``Executor`` for the
layout jobs. Gives: ``BuildResult`` (files written, files kept, files of an old name removed,
warnings, timings, pages, and ``ran``: the targets this build ran). What depends on what
(the EPUB on the print layout's page map and the cover image, the cover on the page count...)
is declared in ``octavo.targets``; the runner keeps every output whose key is unchanged
(``octavo.cache``) and runs the rest, the layouts on the executor; ``force`` rebuilds all.
Every file is first written to a staging folder and moved into ``build/`` only when all
outputs succeeded, so a failed build leaves the previous good ones.
"""
from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from octavo import __version__
from octavo.cache import Manifest, input_keys, kinds_with_spec, quick_fingerprint
from octavo.errors import BookError, Report
from octavo.paths import FORMATS
from octavo.project import Book
from octavo.runner import NotReady, Runner, commit
from octavo.targets import TARGETS, BuildContext


@dataclass
class BuildResult:
    outputs: list[Path] = field(default_factory=list)  # written by this build
    kept: list[Path] = field(default_factory=list)  # up to date, left as they were
    removed: list[Path] = field(default_factory=list)  # outputs of an earlier name of the book
    report: Report = field(default_factory=Report)
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    ran: list[str] = field(default_factory=list)  # the targets this build ran, in the order they finished
    laid_out: dict[str, list[str]] = field(default_factory=dict)  # per PDF ("print", "pdf"): the slices laid out


def tool_versions() -> str:
    from importlib.metadata import version

    from octavo.parse import pandoc_version

    from octavo.layout import ENGINE_MENDS

    return f"octavo {__version__}; {pandoc_version()}; weasyprint {version('weasyprint')} ({ENGINE_MENDS})"


def _quiet_exit(signum, frame) -> None:
    os._exit(130)


def _worker_init() -> None:
    """A layout process stops at once and silently on Ctrl-C or SIGTERM: the main process reports."""
    import signal

    signal.signal(signal.SIGINT, _quiet_exit)
    signal.signal(signal.SIGTERM, _quiet_exit)


def default_workers() -> int:
    """One layout process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def local_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """The embedded default: a pool of layout processes on this machine, one per core unless
    told. forkserver, named: workers never inherit the parent's threads or locks (fork's
    hazard), and the choice does not change with the Python version's default."""
    return ProcessPoolExecutor(max_workers=workers or default_workers(), mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_worker_init)


def build(book: Book, formats: tuple[str, ...] = FORMATS, release: bool = False, force: bool = False,
          progress: Callable[..., None] = lambda step, message="", done=False: None,
          executor: Executor | None = None, jobs: int | None = None) -> BuildResult:
    """Build ``formats`` of ``book``. The layout jobs (each PDF's slices, the cover, the EPUB's
    fonts) run on ``executor`` (any ``concurrent.futures.Executor``: a list's shared pool, a Dask
    client's executor); by default on a pool of ``jobs`` local processes (one per core) started
    for this build. Outputs are always written here, by the caller's process."""
    if executor is not None:
        return _build(book, formats, release, force, progress, executor, own=False)
    with local_pool(jobs) as pool:
        return _build(book, formats, release, force, progress, pool, own=True)


def _build(book: Book, formats: tuple[str, ...], release: bool, force: bool, progress: Callable[..., None],
           pool: Executor, own: bool) -> BuildResult:
    from octavo.builders.cover import CoverSpec, artwork_problems

    res = BuildResult()
    t0 = time.perf_counter()
    manifest = Manifest.load(book.build_dir)
    versions = tool_versions()
    ctx = BuildContext(book, release, pool, own, progress, res, manifest, versions,
                       input_keys(book, versions, manifest.deps), t0, force=force)
    wanted = kinds_with_spec(formats)  # print and cover go together: the order spec describes both
    runner = Runner(TARGETS, ctx, manifest, pool, wanted, force)
    made = runner.run()
    res.ran = made.ran
    layout = _layout(runner)
    res.pages = layout["pages"] if layout else 0

    if book.config.cover.image and ("cover" in made.files or "jpg" in made.files):
        for problem in artwork_problems(book, CoverSpec.compute(book, res.pages)):
            if release:  # as for interior artwork: a release build needs print-ready artwork
                raise BookError(dataclasses.replace(problem, severity="error"))
            res.report.add(problem)
    files = {book.output(kind): data for kind, data in made.files.items()}
    commit(book.build_dir, files)
    # outputs under an old name (a retitled book without a slug) no longer belong to the book
    for kind, old in manifest.stale_files({k: book.output(k) for k in manifest.outputs}):
        old.unlink(missing_ok=True)
        res.removed.append(old)
        if book.output(kind) not in files:
            manifest.outputs.pop(kind, None)
            manifest.keys.pop(kind, None)
    # record what each written output was made from, and what ran
    runner.record({kind: book.output(kind) for kind in made.files})
    if ctx.doc is not None:
        manifest.deps = ctx.doc.dependencies
    # the no-op fast path is valid only while every output matches the current inputs
    current = runner.current(FORMATS)
    manifest.fingerprint = quick_fingerprint(book.root, book.templates, book.build_dir, __version__) if current else ""
    manifest.save()
    res.outputs = sorted(files)
    res.kept = sorted(book.output(k) for k in wanted if book.output(k) not in files)
    res.timings["total"] = time.perf_counter() - t0
    return res


def _layout(runner: Runner) -> dict | None:
    """The print layout this build made or kept; else the last one made, when still current."""
    try:
        return runner.result_of("print-layout", probe=True)
    except NotReady:
        return None
