"""Commands find the book from the folder they run in, as git finds its repository."""
from __future__ import annotations

from pathlib import Path

from octavo.paths import find_book, has_outputs


def _book(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text("title: T\n", encoding="utf-8")
    return folder


def test_the_book_folder_itself(tmp_path):
    _book(tmp_path / "b")
    assert find_book(tmp_path / "b") == Path(".")


def test_a_folder_inside_the_book_finds_the_nearest_book_yaml_above(tmp_path):
    _book(tmp_path / "b")
    (tmp_path / "b" / "chapters").mkdir()
    assert find_book(tmp_path / "b" / "chapters") == tmp_path / "b"


def test_a_repository_root_finds_its_manuscript_folder(tmp_path):
    _book(tmp_path / "repo" / "manuscript")
    (tmp_path / "repo" / "scripts").mkdir()
    assert find_book(tmp_path / "repo") == Path("manuscript")
    assert find_book(tmp_path / "repo" / "scripts") == tmp_path / "repo" / "manuscript"


def test_the_nearest_book_wins_over_a_manuscript_further_up(tmp_path):
    _book(tmp_path / "manuscript")
    inner = _book(tmp_path / "other")
    assert find_book(inner) == Path(".")


def test_no_book_anywhere_is_none(tmp_path):
    (tmp_path / "empty").mkdir()
    assert find_book(tmp_path / "empty") is None


def test_outputs_count_only_files_not_the_cache(tmp_path):
    assert not has_outputs(tmp_path / "missing")
    (tmp_path / "build" / ".cache").mkdir(parents=True)
    assert not has_outputs(tmp_path / "build")
    (tmp_path / "build" / "x.epub").write_bytes(b"")
    assert has_outputs(tmp_path / "build")
