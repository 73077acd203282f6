"""Reading the book's own files safely.

Takes: paths named by the book. Gives: their text (UTF-8 checked, with the
byte offset and line of the first bad byte) and a guard that a path stays
inside the book folder after following symlinks.
"""
from __future__ import annotations

from pathlib import Path

from octavo.errors import BookError, Diagnostic, rel


def read_text(path: Path) -> str:
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BookError(Diagnostic(
            "M202", f"Not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}.",
            file=rel(path), line=line, column=col,
            hint="Save the file as UTF-8 (most editors: 'Save with encoding').")) from None


def inside(root: Path, target: Path) -> bool:
    """True when ``target`` (symlinks followed) lies inside ``root``."""
    try:
        Path(target).resolve().relative_to(Path(root).resolve())
        return True
    except ValueError:
        return False
