"""catalogue.yaml: every problem reported at once with key, file and line; shared settings
checked against book.yaml's own schema and merged under each book's book.yaml."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from octavo.catalogue.config import SHAREABLE, load_catalogue
from octavo.catalogue.run import book_cache
from octavo.config import load_config, merge_settings
from octavo.errors import BookError

BOOK = """\
title: A Book
authors: [Jane Doe]
publisher: Own Press
rights: © Jane Doe.
description: About things.
chapters: [one.md]
"""


def book(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (folder / "book.yaml").write_text(BOOK + extra, encoding="utf-8")
    return folder


def catalogue(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    with pytest.raises(BookError) as exc:
        load_catalogue(path)
    return [f"{d.line}:{d.code}:{d.message}" for d in exc.value.diagnostics]


def test_valid_catalogue_resolves_books_in_order(tmp_path):
    b, a = book(tmp_path / "b"), book(tmp_path / "nested" / "a")
    c = load_catalogue(catalogue(tmp_path, """\
        books:
          - b
          - nested/a
        shared:
          theme: classic
          print: {trim: 6x9in}
        """))
    assert c.books == [b.resolve(), a.resolve()]
    assert c.build_dir == tmp_path.absolute() / "build"


def test_every_problem_at_once_with_lines(tmp_path):
    book(tmp_path / "a")
    found = errors(catalogue(tmp_path, """\
        books:
          - a
          - missing
          - ./a
        shared:
          title: Not shared
          thme: classic
          print: {trim: 7x7in}
        colour: red
        cluster:
          tls_cert: nowhere.pem
        """))
    assert any(f.startswith("3:K004:Book 'missing'") for f in found), found
    assert any(f.startswith("4:K005:Book './a' is already listed as 'a'") for f in found), found
    assert any(f.startswith("6:K003:Shared setting 'title'") for f in found), found
    assert any(f.startswith("7:K003:Shared setting 'thme'") for f in found), found
    assert any(f.startswith("8:K003:Shared setting 'print.trim'") and "7x7in" in f for f in found), found
    assert any(f.startswith("9:K002:Catalogue key 'colour': unknown key") for f in found), found
    assert any(f.startswith("11:K007:") and "nowhere.pem" in f for f in found), found


def test_books_required_and_mapping(tmp_path):
    assert any(":K002:Catalogue key 'books': required" in f for f in errors(catalogue(tmp_path, "shared: {}\n")))
    assert [f.split(":")[1] for f in errors(catalogue(tmp_path, "- a\n- b\n"))] == ["K001"]


def test_shareable_keys_are_book_yaml_keys_of_no_single_book():
    assert "publisher" in SHAREABLE and "publication" in SHAREABLE and "theme" in SHAREABLE
    assert "title" not in SHAREABLE and "chapters" not in SHAREABLE and "identifiers" not in SHAREABLE


def test_book_yaml_wins_over_shared_settings_key_by_key(tmp_path):
    folder = book(tmp_path / "a", "print:\n  paper: white\n")
    shared = {"publisher": "List Press", "rights": "Shared rights.", "print": {"trim": "6x9in", "paper": "cream"}}
    config = load_config(folder / "book.yaml", shared)
    assert config.publisher == "Own Press"  # the book's own
    assert config.print.trim == "6x9in" and config.print.paper == "white"  # merged inside a mapping
    assert merge_settings({"a": [1, 2], "b": {"c": 1}}, {"a": [3]}) == {"a": [3], "b": {"c": 1}}


def test_shared_setting_fills_what_book_yaml_leaves_out(tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "one.md").write_text("# One\n", encoding="utf-8")
    (folder / "book.yaml").write_text(BOOK.replace("publisher: Own Press\n", ""), encoding="utf-8")
    assert load_config(folder / "book.yaml", {"publisher": "List Press"}).publisher == "List Press"
    with pytest.raises(BookError):
        load_config(folder / "book.yaml")  # alone it lacks the publisher


def test_shared_cache_gives_each_book_its_own_folder(tmp_path):
    book(tmp_path / "x" / "a"), book(tmp_path / "x_a")
    c = load_catalogue(catalogue(tmp_path, "books: [x/a, x_a]\n"))
    assert book_cache(c, c.books[0], None) is None  # default: the book's own build/.cache
    first, second = (book_cache(c, f, tmp_path / "cache") for f in c.books)
    assert first != second and first.parent == second.parent == tmp_path / "cache"
