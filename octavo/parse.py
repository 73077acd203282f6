"""Markdown to pandoc AST, once per chapter, cached by content.

Takes: a Markdown file of the book. Gives: its pandoc JSON AST (a dict), read
from ``build/.cache/ast`` when the file's bytes and the pandoc version are
unchanged. pandoc runs with ``--sandbox`` so a manuscript cannot make it read
other files.
"""
from __future__ import annotations

import hashlib
import json
import signal
from functools import lru_cache
from pathlib import Path

from octavo.atomic import write_atomic
from octavo.tools import run_tool
from octavo.errors import BookError, Diagnostic, ToolMissing, rel
from octavo.sources import read_text

MARKDOWN = "markdown+smart-implicit_figures-native_spans"  # figures are made by the figures filter; <span> stays raw HTML (its ids namespaced, its colours print-safe)


@lru_cache(maxsize=None)
def pandoc_path() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise ToolMissing(Diagnostic("T001", f"pandoc is not available ({exc}).", hint="Run 'make setup'.")) from None


@lru_cache(maxsize=None)
def pandoc_version() -> str:
    return run_tool([pandoc_path(), "--version"], kind="version", what="pandoc --version",
                    capture_output=True, text=True, check=True).stdout.split("\n")[0]


def run_pandoc(args: list[str], data: str, what: str) -> str:
    """pandoc's output for ``data``; ``what`` names the input (a file, or e.g. "the bibliography").
    ``--sandbox`` keeps pandoc from reading or fetching anything it was not given."""
    try:
        proc = run_tool([pandoc_path(), "--sandbox", *args], kind="pandoc", what=f"pandoc reading {what}",
                        input=data, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ToolMissing(Diagnostic("T001", f"pandoc could not be run ({exc}).", hint="Run 'make setup'.")) from None
    if proc.returncode == -signal.SIGINT:  # Ctrl-C reached pandoc too: an interrupt, not a book error
        raise KeyboardInterrupt
    if proc.returncode != 0:
        detail = " ".join(proc.stderr.split()) or f"exit status {proc.returncode}"
        is_file = what.endswith((".md", ".markdown", ".txt", ".yaml", ".yml", ".json"))
        raise BookError(Diagnostic("M201", f"pandoc could not read {what}: {detail}",
                                   file=what if is_file else None,
                                   hint="Fix the line pandoc names, or report it if the input looks right."))
    return proc.stdout


def parse_markdown(path: Path, cache_dir: Path | None = None) -> dict:
    source = read_text(path)
    key = hashlib.sha256((pandoc_version() + MARKDOWN + source).encode()).hexdigest()
    cached = cache_dir / "ast" / f"{key}.json" if cache_dir else None
    if cached and cached.is_file():
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # damaged (a disk error, an old crash): parse again and rewrite it
    out = run_pandoc(["-f", MARKDOWN, "-t", "json"], source, rel(path))
    doc = json.loads(out)
    if cached:
        _write_cache(cached, out)
    return doc


def _write_cache(path: Path, text: str) -> None:
    """Write through a temporary file of this process's own, then rename: two builds at
    once never see each other's half-written file, and an interrupt leaves no temp file."""
    try:
        write_atomic(path, text)
    except OSError:
        pass  # the cache is an optimisation: a read-only build folder must not fail the build here
