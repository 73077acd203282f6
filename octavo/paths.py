"""Where things are, with no heavy imports (the CLI's no-op check uses it).

Gives: the templates folder (``octavo/templates`` inside an installed wheel, the
repository's top-level ``templates/`` in a source checkout or an editable install),
the default build folder of a book, ``find_book`` (the book folder a command run
from some folder works on: the nearest ``book.yaml`` at or above it, or a
``manuscript/`` folder beside one of those folders, as git finds its repository),
the output formats ``octavo build --format`` offers, the files each one writes
and their names.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _templates_root() -> Path:
    installed = _PACKAGE / "templates"  # the wheel maps templates/ here (setup.py)
    return installed if installed.is_dir() else _PACKAGE.parent / "templates"


PACKAGE_TEMPLATES = _templates_root()

# A repository holding a book keeps it in this folder (this project's layout, ``make book``).
MANUSCRIPT = "manuscript"
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
    return root.parent / "build" if root.name == MANUSCRIPT else root / "build"


def find_book(start: Path | None = None) -> Path | None:
    """The book folder for a command run in ``start`` (default: the working folder).

    From ``start`` upwards, the first folder holding ``book.yaml`` wins; at each level a
    ``manuscript/book.yaml`` is tried next, so the repository root works as well as the
    book folder or one of its chapters' folders. None when there is no book anywhere above.
    The path is returned as the user would type it (relative to ``start`` when below it).
    """
    here = Path(start) if start is not None else Path.cwd()
    here = here.absolute()
    for folder in (here, *here.parents):
        for candidate in (folder, folder / MANUSCRIPT):
            if (candidate / "book.yaml").is_file():
                return _as_typed(candidate, here)
    return None


def _as_typed(path: Path, cwd: Path) -> Path:
    try:
        return path.relative_to(cwd) if path != cwd else Path(".")
    except ValueError:
        return path


def has_outputs(build_dir: Path | None) -> bool:
    """Whether ``build_dir`` holds any output file (not counting octavo's hidden cache)."""
    if build_dir is None:
        return False
    try:
        return any(not p.name.startswith(".") and p.is_file() for p in Path(build_dir).iterdir())
    except OSError:
        return False
