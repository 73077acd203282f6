"""The exception tree and the diagnostics every stage reports through.

Takes: nothing. Gives: ``Diagnostic`` (one located finding with a stable code),
``Report`` (collects findings across a stage), and three exceptions:

- ``BookError``: the book has errors the user can fix (exit 1);
- ``UsageError``: the command was called wrongly (exit 2);
- ``ToolMissing``: a required external tool is absent (exit 1, with the set-up hint).

Anything else escaping the CLI is an internal error (exit 3).
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

EXIT_OK = 0
EXIT_BOOK = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a stable code, where it is, what is wrong, how to fix it."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    severity: str = "error"  # "error" or "warning"

    def location(self) -> str:
        if not self.file:
            return ""
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: " if loc else ""
        text += f"{self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class OctavoError(Exception):
    """Base of every error octavo raises on purpose."""

    exit_code = EXIT_BOOK

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic], warnings: Iterable[Diagnostic] = ()):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        self.warnings = list(warnings)  # found on the way; shown before the errors
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):
        # raised in a layout process and sent back to the build: arrive whole, not as one string
        return (type(self), (self.diagnostics, self.warnings))


class BookError(OctavoError):
    """The book (config, manuscript, references, assets) has errors."""


class ToolMissing(OctavoError):
    """An external tool octavo needs is not installed."""


class UsageError(OctavoError):
    exit_code = EXIT_USAGE


@dataclass
class Report:
    """Collects findings so a stage can report every problem at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def error(self, code: str, message: str, **where) -> None:
        self.add(Diagnostic(code, message, **where))

    def warn(self, code: str, message: str, **where) -> None:
        self.add(Diagnostic(code, message, severity="warning", **where))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BookError(self.errors, warnings=self.warnings)


def suggest(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """The closest names to ``word``, for 'did you mean' hints."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.5)


def rel(path: Path | str, root: Path | None = None) -> str:
    """A path as the user would type it: relative to the working directory when inside it.
    The path as listed is kept (a symlinked chapter is named by its link, not its target)."""
    p = Path(path)
    candidates = [Path(os.path.abspath(p))]
    try:
        candidates.append(p.resolve())
    except (OSError, ValueError):
        pass
    for base in (Path.cwd(), root):
        if base is None:
            continue
        for candidate in candidates:
            try:
                return str(candidate.relative_to(base.resolve()))
            except ValueError:
                continue
    return str(p)
