"""What a list's build shows: a line per book and an overall bar, then the summary.

Takes: progress events from ``octavo.catalogue.run`` (book, step, message,
done) and the ``Outcome``s. Gives: a live rich display on a terminal (nothing
when standard error is not one, as ``octavo.progress``), and the summary: one
line per book with its status, pages, warnings and errors (file:line), and the
closing line "N books: ... on K workers".
"""
from __future__ import annotations

import sys
import threading

from octavo.progress import STEPS


class ListProgress:
    def __init__(self, console, total: int, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.console = console
        self.total = total
        self._progress = None
        self._rows: dict[str, int] = {}
        self._lock = threading.Lock()  # events come from every book's thread

    def __enter__(self) -> "ListProgress":
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TextColumn("[dim]{task.fields[note]}"), TimeElapsedColumn(),
                                      console=self.console, transient=False)
            self._overall = self._progress.add_task("[bold]the list", total=self.total, note="")
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.stop()

    def __call__(self, book: str, step: str, message: str = "", done: bool = False) -> None:
        if not self._progress:
            return
        with self._lock:
            if book not in self._rows:
                self._rows[book] = self._progress.add_task(book, total=1, note="waiting")
            row = self._rows[book]
            if step == "end":
                self._progress.update(row, completed=1, note=message)
                self._progress.advance(self._overall)
            elif step != "start":
                self._progress.update(row, note=f"{STEPS.get(step, step)}: {message}" if message else STEPS.get(step, step))


def summary_lines(outcomes, workers: int, where: str, seconds: float, verb: str = "built"):
    """rich Text lines: one per book, its findings, then the closing line."""
    from rich.text import Text

    from octavo.catalogue.run import FAILED, relocated

    lines = []
    for o in outcomes:
        style = {"failed": "bold red", "up to date": "dim"}.get(o.status, "green")
        facts = [f"{o.pages} pages"] if o.pages else []
        facts += [f"{len(o.warnings)} warning{'s' if len(o.warnings) != 1 else ''}"] if o.warnings else []
        facts += [f"{len(o.errors)} error{'s' if len(o.errors) != 1 else ''}"] if o.errors else []
        lines.append(Text.assemble((f"{o.status:>10}", style), f"  {o.name}",
                                   (f"  ({', '.join(facts)})" if facts else "", "dim")))
        for d in [*o.errors, *o.warnings]:
            d = relocated(d)
            loc = d.location()
            lines.append(Text.assemble("            ", f"{loc}: " if loc else "",
                                       (f"{d.severity} {d.code}", "bold red" if d.severity == "error" else "yellow"),
                                       f": {d.message}" + (f" {d.hint}" if d.hint else "")))
    failed = sum(o.status == FAILED for o in outcomes)
    ok = len(outcomes) - failed
    lines.append(Text.assemble((f"{len(outcomes)} book{'s' if len(outcomes) != 1 else ''}: ", "bold"),
                               f"{ok} {verb}" + (f", {failed} failed" if failed else ""),
                               f" in {seconds:.1f}s on {workers} worker{'s' if workers != 1 else ''} ({where})."))
    return lines
