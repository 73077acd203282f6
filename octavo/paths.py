"""Where things are, with no heavy imports (the CLI's no-op check uses it).

Gives: the packaged templates folder and the default build folder of a book.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def default_build_dir(root: Path) -> Path:
    """``build/`` beside a folder named ``manuscript`` (this repository's layout), else inside the book."""
    root = Path(root).resolve()
    return root.parent / "build" if root.name == "manuscript" else root / "build"
