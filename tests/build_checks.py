"""Helpers for the tests that a build loses nothing (test_bad_input, test_interrupt_and_concurrency)."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import cli_env

KINDS = ("epub", "pdf", "print", "cover", "spec")


def octavo(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """``python -m octavo ARGS`` in ``cwd``, as a user runs it (fixed dates, no colours)."""
    return subprocess.run([sys.executable, "-m", "octavo", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, timeout=timeout)


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every output file (not the cache) in ``folder``."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    """Staging folders and temporary files anywhere under ``folder``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.startswith(".staging") or p.name.endswith(".tmp"))


def place_good_outputs(built, out: Path) -> dict[str, str]:
    """Copy the five outputs of a finished build (``tiny_build``) into ``out``; their snapshot."""
    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        shutil.copy2(built.output(kind), out / built.output(kind).name)
    return snapshot(out)
