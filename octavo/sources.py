"""Reading the book's own files safely.

Takes: paths named by the book. Gives: their text (UTF-8 checked, with the
byte offset and line of the first bad byte) and a guard that a path stays
inside the book folder after following symlinks.
"""
from __future__ import annotations

from pathlib import Path

from octavo.errors import BookError, Diagnostic, rel


def read_text(path: Path) -> str:
    """The file's text; invalid UTF-8 is a located M202 error, never a guess at another encoding."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise BookError(decode_error(path, data, exc)) from None


def decode_error(path: Path, data: bytes, exc: UnicodeDecodeError) -> Diagnostic:
    """M202 for the first byte that is not UTF-8: byte offset, line and column (in bytes)."""
    line = data.count(b"\n", 0, exc.start) + 1
    col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    return Diagnostic(
        "M202", f"Not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}.",
        file=rel(path), line=line, column=col,
        hint="Save the file as UTF-8 (most editors: 'Save with encoding').")


def inside(root: Path, target: Path) -> bool:
    """True when ``target`` (symlinks followed) lies inside ``root``."""
    try:
        Path(target).resolve().relative_to(Path(root).resolve())
        return True
    except (ValueError, OSError):  # outside, a symlink loop or a NUL byte
        return False
