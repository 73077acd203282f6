"""Markdown to pandoc AST, once per chapter, cached by content.

Takes: a Markdown file of the book. Gives: its pandoc JSON AST (a dict), read
from ``build/.cache/ast`` when the file's bytes and the pandoc version are
unchanged. pandoc runs with ``--sandbox`` so a manuscript cannot make it read
other files.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
from functools import lru_cache
from pathlib import Path

from octavo.errors import BookError, Diagnostic, ToolMissing, rel
from octavo.sources import read_text

MARKDOWN = "markdown+smart-implicit_figures"  # figures are made explicitly by the figures filter


@lru_cache(maxsize=None)
def pandoc_path() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise ToolMissing(Diagnostic("T001", f"pandoc is not available ({exc}).", hint="Run 'make setup'.")) from None


@lru_cache(maxsize=None)
def pandoc_version() -> str:
    return subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, check=True).stdout.split("\n")[0]


def run_pandoc(args: list[str], data: str, what: str) -> str:
    proc = subprocess.run([pandoc_path(), "--sandbox", *args], input=data, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BookError(Diagnostic("M201", f"pandoc could not read {what}: {proc.stderr.strip()}", file=what))
    return proc.stdout


def parse_markdown(path: Path, cache_dir: Path | None = None) -> dict:
    source = read_text(path)
    key = hashlib.sha256((pandoc_version() + MARKDOWN + source).encode()).hexdigest()
    cached = cache_dir / "ast" / f"{key}.json" if cache_dir else None
    if cached and cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    out = run_pandoc(["-f", MARKDOWN, "-t", "json"], source, rel(path))
    doc = json.loads(out)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(out, encoding="utf-8")
        tmp.replace(cached)
    return doc
