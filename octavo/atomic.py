"""Atomic file writes: the one way octavo puts a file in place.

Takes: a path and bytes or text (or a callable that writes to a temporary
path, for libraries that want a file name). Gives: the file written whole or
not at all: the data goes to a temporary file in the same folder, which is
renamed over the target; on any failure, an interrupt included, the
temporary file is removed, so no ``.tmp`` survives.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_with(path: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(tmp)`` to write a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        writer(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path`` atomically."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_with(path, lambda tmp: tmp.write_bytes(payload))
