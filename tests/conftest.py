"""Shared fixtures for octavo's tests.

- ``real_build``: the real manuscript built ONCE per session into a temporary
  folder (``Book`` and ``BuildResult``); tests using it are marked ``slow`` but
  run by default.
- ``tiny_build``: the same for the small fixture book in ``tests/books/tiny``
  (another trim: 6 x 9 in, white paper).
- ``copy_book``: copy a fixture book folder into ``tmp_path``.
- ``golden``: compare text with a file under ``tests/golden/``; run pytest
  with ``--save-golden-files`` to rewrite the files (then review the diff).

The tiers (see tests/README.md): ``tests/unit/`` (pure functions, tiny ASTs and
configs), ``tests/books/`` (fixture books built end to end) and
``tests/acceptance/`` (the real manuscript). Every test in ``tests/acceptance/``
and every test that asks for a session build (``real_build``, ``tiny_build``,
``real_rebuild``) is marked ``slow`` here, so ``pytest -m "not slow"`` never
builds a book; other book tests mark themselves.

Every build runs with ``SOURCE_DATE_EPOCH=1700000000`` so dates written into
the outputs are fixed.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from helpers import GOLDEN, REPO, SOURCE_DATE_EPOCH, TESTS, copy_book_to

# Third-party libraries that report layout and font notes through ``logging``
# at WARNING level; these are information for a human, never a test failure.
NOISY_LOGGERS = ("weasyprint", "fontTools", "PIL", "pypdfium2", "pikepdf")


def pytest_addoption(parser):
    parser.addoption("--save-golden-files", action="store_true", default=False,
                     help="Rewrite the golden files under tests/golden/ from the current output.")


def pytest_configure(config):
    # Warnings logged by libraries through ``logging`` (WeasyPrint's CSS notes, fontTools'
    # subsetting notes...) are for a human reading a build, never a test failure: raise
    # those loggers' threshold so they neither fail nor clutter a run.
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    # Deprecation notices from third-party code are not octavo's failures, even under -W error.
    for module in ("weasyprint", "fontTools", "pydyf", "tinycss2", "cssselect2", "html5lib", "ebooklib",
                   "pikepdf", "pypdfium2", "barcode", "ruamel", "jinja2", "click", "rich", "PIL"):
        config.addinivalue_line("filterwarnings", f"ignore::DeprecationWarning:{module}.*")
        config.addinivalue_line("filterwarnings", f"ignore::PendingDeprecationWarning:{module}.*")


# Tiers whose every test is slow, and the fixtures that build a book (asking for one makes a test slow).
SLOW_TIERS = ("acceptance",)
BUILD_FIXTURES = frozenset({"real_build", "tiny_build", "real_rebuild"})


def _tier(item) -> str | None:
    """The tier folder a test lives in (``unit``, ``books``, ``acceptance``), or None."""
    try:
        parts = Path(str(item.path)).resolve().relative_to(TESTS).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else None


def pytest_collection_modifyitems(config, items):
    for item in items:
        # The same for the noisiest two when -W error is given on the command line (markers win over -W).
        item.add_marker(pytest.mark.filterwarnings("ignore::DeprecationWarning:weasyprint.*"))
        item.add_marker(pytest.mark.filterwarnings("ignore::DeprecationWarning:fontTools.*"))
        # Slow by tier or by the build it needs, so `-m "not slow"` never builds a book.
        if _tier(item) in SLOW_TIERS or BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# --- environment ------------------------------------------------------------

@pytest.fixture(scope="session", autouse=True)
def source_date_epoch():
    """Fixed dates in every output, for the whole session (children inherit it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        yield SOURCE_DATE_EPOCH


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Work inside ``tmp_path`` so diagnostics name files as the user types them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def copy_book(tmp_path):
    """``copy_book("tiny")`` -> a fresh copy of the fixture book folder in ``tmp_path``."""
    return lambda name: copy_book_to(name, tmp_path)


# --- builds -----------------------------------------------------------------

class Built(NamedTuple):
    """``book, result = real_build``; ``real_build.output("print")`` is the file of one output."""

    book: Any  # octavo.project.Book
    result: Any  # octavo.build.BuildResult

    def output(self, kind: str) -> Path:
        return self.book.output(kind)


def _build(root: Path, out_dir: Path) -> Built:
    from octavo.build import build
    from octavo.project import Book

    book = Book.load(root, out_dir)
    return Built(book, build(book))


@pytest.fixture(scope="session")
def real_build(tmp_path_factory, source_date_epoch) -> Built:
    """The real manuscript, built once per session into a temporary folder."""
    out = tmp_path_factory.mktemp("real-build")
    return _build(REPO / "manuscript", out)


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory, source_date_epoch) -> Built:
    """The tiny fixture book, copied and built once per session."""
    base = tmp_path_factory.mktemp("tiny-book")
    root = copy_book_to("tiny", base)
    return _build(root, base / "build")


# --- golden files -----------------------------------------------------------

@pytest.fixture
def golden(request):
    """``golden("render/popup.html", text)``: compare with tests/golden/<name> exactly."""
    save = request.config.getoption("--save-golden-files")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if save or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            if not save:
                pytest.fail(f"golden file {path} was missing and has been written: review it and run again")
        assert actual == path.read_text(encoding="utf-8"), f"output differs from {path} (--save-golden-files rewrites it)"

    return check


@pytest.fixture(scope="session")
def real_rebuild(tmp_path_factory, real_build) -> Built:
    """The real manuscript built a second time, from nothing, into another folder with
    the same SOURCE_DATE_EPOCH: its EPUB and screen PDF must equal ``real_build``'s byte
    for byte (tests/test_epub.py, tests/test_screen_pdf.py). The one extra real-book
    build of a session (only the outputs compared: the EPUB still needs the print layout)."""
    from octavo.build import build
    from octavo.project import Book

    book = Book.load(REPO / "manuscript", tmp_path_factory.mktemp("real-rebuild"))
    return Built(book, build(book, ("epub", "pdf")))
