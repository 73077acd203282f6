"""The build cache keeps what is unchanged and rebuilds what depends on a change
(correctness only: speed is measured by scripts/bench.py, never asserted here)."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from helpers import REPO, cli_env, copy_book_to, read_epub
from octavo.build import build
from octavo.paths import COMPANIONS, FORMATS
from octavo.project import PACKAGE_TEMPLATES, Book

pytestmark = pytest.mark.slow

KINDS = tuple(k for f in FORMATS for k in (f, *COMPANIONS.get(f, ())))  # every file a full build writes


def _state(book: Book) -> dict[str, tuple[int, bytes]]:
    return {k: (book.output(k).stat().st_mtime_ns, book.output(k).read_bytes()) for k in KINDS}


def _changed(before: dict, after: dict) -> set[str]:
    return {k for k in KINDS if before[k] != after[k]}


def _load(base) -> Book:
    book = Book.load(base / "tiny", base / "build")
    book.templates = base / "templates"
    return book


@pytest.fixture(scope="module")
def built_once(tmp_path_factory, source_date_epoch):
    """The tiny book with its own copy of the templates, built once into ``work/``, and a
    pristine copy of that whole folder (book, templates, outputs, cache) to restore from."""
    base = tmp_path_factory.mktemp("cache")
    work = base / "work"
    copy_book_to("tiny", work)
    shutil.copytree(PACKAGE_TEMPLATES, work / "templates")
    build(_load(work))
    shutil.copytree(work, base / "pristine", symlinks=True)  # copy2: the mtimes the cache compares are kept
    return work, base / "pristine"


@pytest.fixture
def cached_book(built_once):
    """``cached_book()`` -> the built tiny book, restored from the pristine copy for this test
    alone (same folder, so every path the cache recorded holds): no test sees another's edits,
    whatever the order they run in."""
    work, pristine = built_once
    shutil.rmtree(work)
    shutil.copytree(pristine, work, symlinks=True)
    return lambda: _load(work)


def test_no_op_rebuild_touches_nothing(cached_book):
    book = cached_book()
    before = _state(book)
    result = build(book)
    assert result.outputs == []
    assert sorted(p.name for p in result.kept) == sorted(book.output(k).name for k in KINDS)
    assert _state(book) == before


def test_cli_no_op_is_answered_without_building(tmp_path, source_date_epoch):
    root = copy_book_to("tiny", tmp_path)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "octavo", "build", "--book", str(root), "--out", str(out), "--format", "epub"]
    first = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO)
    assert first.returncode == 0, first.stderr
    epub = out / Book.load(root, out).output("epub").name
    mtime = epub.stat().st_mtime_ns
    cmd[-1] = "all"
    subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO, check=True)
    again = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO)
    assert again.returncode == 0 and "Everything is up to date" in again.stderr
    # a chapter edit is seen by the fast path
    chapter = next((root / "chapters").glob("01-*.md"))
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    third = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(), cwd=REPO)
    assert third.returncode == 0 and "Everything is up to date" not in third.stderr
    assert epub.stat().st_mtime_ns != mtime


def test_editing_a_chapter_rebuilds_the_text_outputs(cached_book):
    book = cached_book()
    before = _state(book)
    chapter = book.chapter_files[1]
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("\n\n", "\n\nAn added sentence.\n\n", 1), encoding="utf-8")
    build(book)
    changed = _changed(before, _state(book))
    assert {"epub", "pdf", "print", "spec"} <= changed
    epub_text = "".join(data.decode("utf-8") for name, data in read_epub(book.output("epub")).items()
                        if name.endswith(".xhtml"))
    assert "An added sentence." in epub_text  # rebuilt from the edited chapter, not merely touched


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
    # a visible change whatever the design says today: a rule at the end wins over the earlier ones
    css.write_text(css.read_text(encoding="utf-8") + "\n.front-author { letter-spacing: 0.3em; }\n", encoding="utf-8")
    build(book)
    # the cover changed; the order spec records its checksum (the order payloads are written with it);
    # the EPUB's cover image and the retailer JPEG are drawn from it, and the ONIX record names the JPEG
    assert _changed(before, _state(book)) == {"cover", "spec", "lulu", "ingram", "epub", "jpg", "onix"}


def test_editing_the_config_rebuilds_everything(cached_book):
    book = cached_book()
    before = _state(book)
    yaml = book.root / "book.yaml"
    title = book.config.title
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(f"title: {title}", f"title: {title}, Revised"), encoding="utf-8")
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
