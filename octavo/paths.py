"""Where things are, with no heavy imports (the CLI's no-op check uses it).

Gives: the templates folder (``octavo/templates`` inside an installed wheel, the
repository's top-level ``templates/`` in a source checkout or an editable install)
and the default build folder of a book.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _templates_root() -> Path:
    installed = _PACKAGE / "templates"  # the wheel maps templates/ here (setup.py)
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


PACKAGE_TEMPLATES = _templates_root()


def default_build_dir(root: Path) -> Path:
    """``build/`` beside a folder named ``manuscript`` (this repository's layout), else inside the book."""
    root = Path(root).resolve()
    return root.parent / "build" if root.name == "manuscript" else root / "build"
