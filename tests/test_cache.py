"""The build cache keeps what is unchanged and rebuilds what depends on a change
(correctness only: speed is measured by scripts/bench.py, never asserted here)."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from helpers import REPO, cli_env, copy_book_to
from octavo.build import build
from octavo.project import PACKAGE_TEMPLATES, Book

pytestmark = pytest.mark.slow

KINDS = ("epub", "pdf", "print", "cover", "spec")


def _state(book: Book) -> dict[str, tuple[int, bytes]]:
    return {k: (book.output(k).stat().st_mtime_ns, book.output(k).read_bytes()) for k in KINDS}


def _changed(before: dict, after: dict) -> set[str]:
    return {k for k in KINDS if before[k] != after[k]}


@pytest.fixture(scope="module")
def cached_book(tmp_path_factory, source_date_epoch):
    """The tiny book with its own copy of the templates, built once."""
    base = tmp_path_factory.mktemp("cache")
    root = copy_book_to("tiny", base)
    templates = base / "templates"
    shutil.copytree(PACKAGE_TEMPLATES, templates)

    def load() -> Book:
        book = Book.load(root, base / "build")
        book.templates = templates
        return book

    build(load())
    return load


def test_no_op_rebuild_touches_nothing(cached_book):
    book = cached_book()
    before = _state(book)
    result = build(book)
    assert result.outputs == []
    assert sorted(p.name for p in result.kept) == sorted(book.output(k).name for k in ("epub", "pdf", "print", "cover"))
    assert _state(book) == before


def test_cli_no_op_is_answered_without_building(tmp_path, source_date_epoch):
    root = copy_book_to("tiny", tmp_path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "octavo", "build", "--book", str(root), "--out", str(out), "--format", "epub"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO)
    assert first.returncode == 0, first.stderr
    mtime = (out / "tiny-book.epub").stat().st_mtime_ns
    cmd[-1] = "all"
    subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO, check=True)
    again = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO)
    assert again.returncode == 0 and "Everything is up to date" in again.stderr
    # a chapter edit is seen by the fast path
    chapter = next((root / "chapters").glob("01-*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    third = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO)
    assert third.returncode == 0 and "Everything is up to date" not in third.stderr
    assert (out / "tiny-book.epub").stat().st_mtime_ns != mtime


def test_editing_a_chapter_rebuilds_the_text_outputs(cached_book):
    book = cached_book()
    before = _state(book)
    chapter = book.chapter_files[1]
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("\n\n", "\n\nAn added sentence.\n\n", 1), encoding="utf-8")
    build(book)
    changed = _changed(before, _state(book))
    assert {"epub", "pdf", "print", "spec"} <= changed
    assert b"An added sentence." in book.output("epub").read_bytes() or "epub" in changed


def test_editing_the_bibliography_rebuilds_what_cites_it(cached_book):
    book = cached_book()
    before = _state(book)
    bib = book.bibliography
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("title: ", "title: Revised ", 1), encoding="utf-8")
    build(book)
    assert {"epub", "pdf", "print"} <= _changed(before, _state(book))


def test_editing_the_epub_stylesheet_rebuilds_only_the_epub(cached_book):
    book = cached_book()
    before = _state(book)
    css = book.templates / "themes" / "classic" / "epub" / "book.css.j2"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* a publisher's change */\n", encoding="utf-8")
    build(book)
    assert _changed(before, _state(book)) == {"epub"}


def test_editing_the_cover_design_rebuilds_cover_spec_and_epub(cached_book):
    book = cached_book()
    before = _state(book)
    css = book.templates / "themes" / "classic" / "cover.css.j2"
    css.write_text(css.read_text(encoding="utf-8").replace("letter-spacing: 0.14em", "letter-spacing: 0.16em", 1), encoding="utf-8")
    build(book)
    # the cover changed; the order spec records its checksum; the EPUB's cover image is drawn from it
    assert _changed(before, _state(book)) == {"cover", "spec", "epub"}


def test_editing_the_config_rebuilds_everything(cached_book):
    book = cached_book()
    before = _state(book)
    yaml = book.root / "book.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("title: A Tiny Book", "title: A Tiny Book, Revised"), encoding="utf-8")
    book = cached_book()
    build(book)
    assert _changed(before, _state(book)) == set(KINDS)


def test_a_deleted_output_is_rebuilt_and_force_rebuilds_all(cached_book):
    book = cached_book()
    book.output("pdf").unlink()
    result = build(book)
    assert [p.name for p in result.outputs] == [book.output("pdf").name]
    before = _state(book)
    result = build(book, force=True)
    assert {p.name for p in result.outputs} == {book.output(k).name for k in KINDS}
    assert {k for k in KINDS if before[k][0] != _state(book)[k][0]} == set(KINDS)
