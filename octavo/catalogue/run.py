"""Build or check every book of a list at once, on one shared set of workers.

Takes: a ``Catalogue``, the ``Workers`` (``octavo.catalogue.cluster``), the
formats and options of ``octavo build``. Gives: one ``Outcome`` per book, in the
list's order: its status (built, up to date, failed), pages, warnings and
errors. Each book runs in a client thread that calls ``octavo.build.build`` with
the shared executor: its layout jobs queue with every other book's, so a long
book and many short ones spread over the same workers. What is up to date is
decided per book by its own manifest, as when the book is built alone; one
book's failure is recorded and the others go on.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from octavo.catalogue.config import Catalogue
from octavo.errors import Diagnostic, OctavoError, rel

BUILT, KEPT, FAILED, CHECKED = "built", "up to date", "failed", "checked"


@dataclass
class Outcome:
    name: str  # the book folder as shown (relative to the working folder)
    folder: Path
    book: object | None = None  # octavo.project.Book, once loaded
    status: str = FAILED
    pages: int = 0
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    result: object | None = None  # octavo.build.BuildResult
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status != FAILED


def book_cache(catalogue: Catalogue, folder: Path, cache: Path | None) -> Path | None:
    """The book's cache folder under the list's shared cache ``cache`` (None: the book's own
    build/.cache, as when it is built alone). Named by the book's place beside catalogue.yaml,
    so two books never share one and a moved list keeps its cache."""
    if cache is None:
        return None
    try:
        name = folder.relative_to(catalogue.root).as_posix()
    except ValueError:  # a book outside the catalogue's folder: by its absolute path
        name = folder.as_posix().lstrip("/")
    import hashlib

    # the folder's own name to find it by, and a digest of its whole place so none collide
    return Path(cache) / f"{Path(name).name}-{hashlib.sha256(name.encode()).hexdigest()[:12]}"


def load_books(catalogue: Catalogue, cache: Path | None) -> list[Outcome]:
    """Every book loaded with the list's shared settings; a book that cannot be loaded is failed."""
    from octavo.project import Book

    outcomes, slugs = [], {}
    for folder in catalogue.books:
        out = Outcome(rel(folder), folder)
        try:
            out.book = Book.load(folder, shared=dict(catalogue.config.shared),
                                 cache_root=book_cache(catalogue, folder, cache))
        except OctavoError as exc:
            out.errors, out.warnings = list(exc.diagnostics), list(exc.warnings)
        if out.book is not None:
            first = slugs.setdefault(out.book.slug, out.name)
            if first != out.name:  # one ONIX record reference, one file name per book in the list's feed
                out.errors.append(Diagnostic("K005", f"Book '{out.name}' has the slug '{out.book.slug}' of '{first}'.",
                                             file=out.book.yaml, hint="Give one of them a 'slug' of its own in book.yaml."))
                out.book = None
        outcomes.append(out)
    return outcomes


def _fail(out: Outcome, exc: BaseException) -> None:
    """Record why a book failed, as located diagnostics."""
    where = out.book.yaml if out.book is not None else out.name
    if isinstance(exc, OctavoError):
        out.errors += exc.diagnostics
        out.warnings += exc.warnings
    elif type(exc).__name__ == "KilledWorker":  # distributed's: the job's worker died too often
        out.errors.append(Diagnostic("K008", f"A layout job of this book was lost on the cluster: {exc}.", file=where,
                                     hint="Check the workers' memory and logs, then build the list again."))
    elif isinstance(exc, OSError):
        out.errors.append(Diagnostic("O801", f"Cannot use '{rel(exc.filename) if exc.filename else where}': "
                                             f"{exc.strerror or exc}.", file=where,
                                     hint="Check that the folder exists, that you may write to it and that the disk has space."))
    else:
        out.errors.append(Diagnostic("K010", f"Unexpected {type(exc).__name__}: {exc}.", file=where,
                                     hint="This is a bug in octavo, not a problem with the book; please report it."))
    out.status = FAILED


def build_books(outcomes: list[Outcome], workers, formats: tuple[str, ...], release: bool = False,
                force: bool = False, progress: Callable[..., None] = lambda *a, **k: None,
                threads: int | None = None) -> list[Outcome]:
    """Build every loaded book, each in a client thread, its layout jobs on ``workers``."""
    from octavo.build import build

    def one(out: Outcome) -> Outcome:
        t = time.perf_counter()
        progress(out.name, "start")
        try:
            res = build(out.book, formats, release=release, force=force, executor=workers.executor,
                        progress=lambda step, message="", done=False: progress(out.name, step, message, done))
        except CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - one book's failure must not stop the others
            if isinstance(exc, KeyboardInterrupt):
                raise
            _fail(out, exc)
        else:
            out.result, out.pages = res, res.pages
            out.warnings += res.report.warnings
            out.status = BUILT if res.outputs else KEPT
        out.seconds = time.perf_counter() - t
        progress(out.name, "end", out.status, True)
        return out

    return _each(outcomes, one, threads or _threads(workers), workers.cancel)


def check_books(outcomes: list[Outcome], workers, epubcheck: bool = True, ace: bool = True,
                progress: Callable[..., None] = lambda *a, **k: None) -> list[Outcome]:
    """Every book's checks (``octavo.preflight.run_checks``), each run as one job on ``workers``."""
    from octavo.preflight import run_checks

    def one(out: Outcome) -> Outcome:
        t = time.perf_counter()
        progress(out.name, "start")
        try:
            findings = workers.executor.submit(run_checks, out.book, epubcheck, ace).result()
        except CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001
            _fail(out, exc)
        else:
            out.errors = [f for f in findings if f.severity == "error"]
            out.warnings = [f for f in findings if f.severity != "error"]
            out.status = FAILED if out.errors else CHECKED
        out.seconds = time.perf_counter() - t
        progress(out.name, "end", out.status, True)
        return out

    return _each(outcomes, one, _threads(workers), workers.cancel)


def _threads(workers) -> int:
    # enough books in flight to keep every worker's queue full while others are being read
    return max(2, 2 * workers.count)


def _each(outcomes: list[Outcome], one: Callable[[Outcome], Outcome], threads: int,
          cancel: Callable[[], None]) -> list[Outcome]:
    """``one`` for every loaded book, ``threads`` at a time. Interrupted (Ctrl-C), the books not
    started never start and ``cancel`` drops the workers' jobs at once, so the books' threads
    stop waiting for them (and commit nothing) before this returns."""
    runnable = [o for o in outcomes if o.book is not None]
    with ThreadPoolExecutor(max_workers=min(threads, max(1, len(runnable))), thread_name_prefix="octavo-book") as pool:
        futures = [pool.submit(one, o) for o in runnable]
        try:
            for f in futures:
                f.result()
        except BaseException:
            for f in futures:
                f.cancel()
            cancel()
            raise
    return outcomes


def relocated(d: Diagnostic) -> Diagnostic:
    """A diagnostic made on a worker (another working folder) with its file as seen from here."""
    import dataclasses

    if d.file and os.path.isabs(d.file):
        return dataclasses.replace(d, file=rel(d.file))
    return d
