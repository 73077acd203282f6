"""Where things are, with no heavy imports (the CLI's no-op check uses it).

Gives: the packaged templates folder, the default build folder of a book, the
output formats ``octavo build --format`` offers, the files each one writes and
their names.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# The formats a build can be asked for, in the order they are listed.
FORMATS = ("epub", "pdf", "print", "cover", "onix")
# Files a format writes besides its own (each recorded in the build cache under its own kind).
COMPANIONS = {"print": ("spec", "lulu", "ingram"), "onix": ("jpg",)}
# The file name of each kind of output: the book's slug and this suffix.
SUFFIXES = {"epub": ".epub", "pdf": ".pdf", "print": "-print.pdf", "cover": "-cover.pdf", "spec": "-print.json",
            "lulu": "-lulu.json", "ingram": "-ingram.csv", "onix": ".onix.xml", "jpg": "-cover.jpg"}


def output_names(slug: str) -> list[str]:
    """The names of every file a full build writes, in the order of FORMATS."""
    return [slug + SUFFIXES[k] for f in FORMATS for k in (f, *COMPANIONS.get(f, ()))]


def default_build_dir(root: Path) -> Path:
    """``build/`` beside a folder named ``manuscript`` (this repository's layout), else inside the book."""
    root = Path(root).resolve()
    return root.parent / "build" if root.name == "manuscript" else root / "build"
