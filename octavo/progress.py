"""Progress of a build, one line per output, on a terminal only.

Takes: events from ``octavo.build`` (a step name such as "print", a message,
and whether the step is finished). Gives: a live rich display with a row per
step and its elapsed time when standard error is a terminal; nothing when it
is not (logs and CI stay quiet), apart from what the CLI prints at the end.
"""
from __future__ import annotations

import sys
import time

STEPS = {"read": "manuscript", "print": "print interior", "pdf": "screen PDF", "cover": "cover",
         "epub": "EPUB"}


class BuildProgress:
    def __init__(self, console, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.console = console
        self._progress = None
        self._tasks: dict[str, int] = {}
        self._started: dict[str, float] = {}

    def __enter__(self) -> "BuildProgress":
        if self.enabled:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(finished_text="[green]✓[/]"), TextColumn("{task.description}"),
                                      TextColumn("[dim]{task.fields[note]}"), TimeElapsedColumn(),
                                      console=self.console, transient=False)
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.stop()

    def __call__(self, step: str, message: str = "", done: bool = False) -> None:
        if not self._progress:
            return
        label = STEPS.get(step, step)
        if step not in self._tasks:
            self._tasks[step] = self._progress.add_task(label, total=1, note=message)
            self._started[step] = time.perf_counter()
        self._progress.update(self._tasks[step], note=message, completed=1 if done else 0)
