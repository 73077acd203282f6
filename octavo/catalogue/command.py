"""``octavo build --catalogue`` and ``octavo check --catalogue``: the commands' bodies.

Takes: the options the CLI parsed. Gives: the list built (or checked) on local
processes or a Dask cluster, the list's ONIX feed, the summary on standard error,
and the exit status: 0 when every book succeeded, 1 when any failed.
Ctrl-C cancels the workers' jobs; outputs already in place stay as they were
(each book commits its files only when all of them are made).
"""
from __future__ import annotations

import time
from pathlib import Path

from octavo.errors import EXIT_BOOK, Diagnostic


def open_workers(catalogue, scheduler: str | None, jobs: int | None, tls: dict[str, Path]):
    from octavo.catalogue.cluster import dask_workers, local_workers

    address = scheduler or catalogue.config.cluster.scheduler
    if address:
        return dask_workers(address, {**catalogue.tls_files(), **tls})
    import os

    return local_workers(jobs or os.cpu_count() or 2)


def run_list(catalogue_path: Path, action: str, console, scheduler: str | None = None, jobs: int | None = None,
             cache: Path | None = None, tls: dict[str, Path] | None = None, formats: tuple[str, ...] = (),
             release: bool = False, force: bool = False, epubcheck: bool = True, ace: bool = True) -> int:
    """Build (``action`` "build") or check ("check") every book; print the summary; return the exit status."""
    from octavo.catalogue.config import load_catalogue
    from octavo.catalogue.feed import write_feed
    from octavo.catalogue.report import ListProgress, summary_lines
    from octavo.catalogue.run import build_books, check_books, load_books

    t0 = time.perf_counter()
    catalogue = load_catalogue(catalogue_path)
    outcomes = load_books(catalogue, cache)
    workers = open_workers(catalogue, scheduler, jobs, tls or {})
    try:
        with ListProgress(console, len(outcomes)) as progress:
            if action == "build":
                build_books(outcomes, workers, formats, release=release, force=force, progress=progress)
            else:
                check_books(outcomes, workers, epubcheck=epubcheck, ace=ace, progress=progress)
        count = workers.count
    except BaseException:
        workers.cancel()  # Ctrl-C: the cluster drops the list's jobs; nothing half-made is committed
        raise
    finally:
        workers.close()
    extra = []
    if action == "build" and "onix" in formats:
        built = [o.book for o in outcomes if o.ok and o.book is not None and o.book.output("onix").is_file()]
        if built:
            feed = write_feed(catalogue, built)
            extra.append(f"wrote {_shown(feed)} ({len(built)} book{'s' if len(built) != 1 else ''})")
        if len(built) < len(outcomes):
            extra.append(str(Diagnostic("K009", f"The list's ONIX feed describes {len(built)} of {len(outcomes)} books; "
                                                "the failed ones are left out.", severity="warning",
                                        hint="Fix them and build the list again.")))
    feed_errors = 0
    if action == "check":  # the list's own feed, against the same XSD as each book's record
        from octavo.builders.onix import onix_problems
        from octavo.catalogue.feed import FEED
        from octavo.errors import rel

        feed = catalogue.build_dir / FEED
        if feed.is_file():
            problems = onix_problems(feed.read_bytes())
            feed_errors = len(problems)
            extra += [str(Diagnostic("N001", f"ONIX feed not valid against the ONIX 3.0 schema: {message}",
                                     file=rel(feed), line=line, hint="Build the list again."))
                      for line, message in problems[:20]]
            if not problems:
                extra.append(f"{_shown(feed)}: valid ONIX 3.0 ({len(catalogue.books)} books listed)")
    where = "local processes" if workers.where == "local processes" else f"Dask cluster at {workers.where}"
    for line in summary_lines(outcomes, count, where, time.perf_counter() - t0,
                              "built or up to date" if action == "build" else "checked"):
        console.print(line)
    for line in extra:
        console.print(line, markup=False, highlight=False)
    return EXIT_BOOK if feed_errors or any(not o.ok for o in outcomes) else 0


def _shown(path: Path) -> str:
    import os

    path = Path(os.path.abspath(path))
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
