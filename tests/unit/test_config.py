"""book.yaml validation: every problem is a located Diagnostic with an exact,
helpful message, and all of them are reported at once."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from octavo.config import BookConfig, load_config
from octavo.errors import BookError

CHAPTER = "# One\n\nText.\n"

VALID = """\
title: A Valid Book
authors:
  - Jane Doe
publisher: Test Press
rights: © Jane Doe.
description: A book.
chapters:
  - chapters/01-one.md
"""


@pytest.fixture
def book_dir(in_tmp: Path) -> Path:
    """An empty book folder (the working directory) with one chapter file."""
    (in_tmp / "chapters").mkdir()
    (in_tmp / "chapters" / "01-one.md").write_text(CHAPTER, encoding="utf-8")
    return in_tmp


def errors_for(book_dir: Path, yaml_text: str) -> list[str]:
    """``str()`` of every diagnostic load_config raises for ``yaml_text``."""
    path = book_dir / "book.yaml"
    path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
    with pytest.raises(BookError) as exc:
        load_config(path)
    assert all(d.severity == "error" for d in exc.value.diagnostics)
    return [str(d) for d in exc.value.diagnostics]


def test_valid_config_loads_with_defaults(book_dir):
    (book_dir / "book.yaml").write_text(VALID, encoding="utf-8")
    config = load_config(book_dir / "book.yaml")
    assert isinstance(config, BookConfig)
    assert config.title == "A Valid Book"
    assert config.book_slug == "a-valid-book"
    assert config.print.trim == "5.5x8.5in" and config.print.size == (5.5, 8.5)
    assert config.print.thickness == 0.0025  # cream by default
    assert config.language == "en"


def test_unknown_key_suggests_the_closest(book_dir):
    assert errors_for(book_dir, VALID.replace("title:", "titel:")) == [
        "book.yaml:1: error C104: Config key 'title': required, but not set. Add it: The book's title.",
        "book.yaml:1:1: error C103: Config key 'titel': unknown key. Did you mean 'title'?",
    ]


def test_unknown_nested_key_suggests_from_its_section(book_dir):
    assert errors_for(book_dir, VALID + "print:\n  trimm: 6x9in\n") == [
        "book.yaml:10:3: error C103: Config key 'print.trimm': unknown key. Did you mean 'trim'?",
    ]


def test_wrong_type(book_dir):
    assert errors_for(book_dir, VALID.replace("authors:\n  - Jane Doe", "authors: Jane Doe")) == [
        "book.yaml:2:1: error C105: Config key 'authors': Input should be a valid list. "
        "Write it as a list: one '- item' a line below the key, or [a, b].",
    ]


def test_wrong_type_nested(book_dir):
    assert errors_for(book_dir, VALID + "print:\n  bleed: lots\n") == [
        "book.yaml:10:3: error C105: Config key 'print.bleed': Input should be a valid number, "
        "unable to parse string as a number. Write a number, e.g. 0.125.",
    ]


def test_missing_required_key(book_dir):
    text = VALID.replace("publisher: Test Press\n", "")
    assert errors_for(book_dir, text) == [
        "book.yaml:1: error C104: Config key 'publisher': required, but not set. Add it: Publisher's name.",
    ]


def test_bad_trim_with_suggestion(book_dir):
    assert errors_for(book_dir, VALID + "print:\n  trim: 6x9\n") == [
        "book.yaml:10:3: error C105: Config key 'print.trim': unknown trim '6x9'; did you mean '6x9in'?",
    ]


def test_trim_is_normalised(book_dir):
    (book_dir / "book.yaml").write_text(VALID + "print:\n  trim: ' 6X9in'\n  paper: white\n", encoding="utf-8")
    config = load_config(book_dir / "book.yaml")
    assert config.print.trim == "6x9in"
    assert config.print.thickness == 0.002252


def test_bad_isbn_check_digit(book_dir):
    assert errors_for(book_dir, VALID + "identifiers:\n  print: 978-0-306-40615-6\n") == [
        "book.yaml:10:3: error C105: Config key 'identifiers.print': ISBN 978-0-306-40615-6 has a wrong check digit.",
    ]


def test_isbn_shape(book_dir):
    assert errors_for(book_dir, VALID + "identifiers:\n  epub: 12345\n") == [
        "book.yaml:10:3: error C105: Config key 'identifiers.epub': an ISBN-13 has 13 digits and starts with 978 or 979.",
    ]


def test_good_isbn_keeps_its_hyphenation_and_gives_its_digits(book_dir):
    from octavo.config import isbn_digits

    (book_dir / "book.yaml").write_text(VALID + "identifiers:\n  print: 978-0-306-40615-7\n", encoding="utf-8")
    isbn = load_config(book_dir / "book.yaml").identifiers.print
    assert isbn == "978-0-306-40615-7"  # hyphenation follows registration ranges: keep the publisher's
    assert isbn_digits(isbn) == "9780306406157"


def test_missing_chapter_file_names_the_list_item(book_dir):
    text = VALID + "  - chapters/02-two.md\n"
    assert errors_for(book_dir, text) == [
        "book.yaml:9:5: error C106: Config key 'chapters[1]': file 'chapters/02-two.md' not found. "
        "Did you mean 'chapters/01-one.md'?",
    ]


def test_missing_chapter_file_without_a_near_name(book_dir):
    text = VALID + "  - elsewhere/zzz.md\n"
    assert errors_for(book_dir, text) == [
        "book.yaml:9:5: error C106: Config key 'chapters[1]': file 'elsewhere/zzz.md' not found.",
    ]


def test_missing_bibliography_file(book_dir):
    assert errors_for(book_dir, VALID + "bibliography: refs.yaml\n") == [
        "book.yaml:9:1: error C106: Config key 'bibliography': file 'refs.yaml' not found.",
    ]


def test_yaml_syntax_error_has_the_line(book_dir):
    text = VALID.replace("description: A book.", "description: A book.\n  rights: : twice")
    assert errors_for(book_dir, text) == [
        "book.yaml:7:9: error C101: YAML syntax error: mapping values are not allowed here. "
        "Check indentation and quoting on that line.",
    ]


def test_yaml_unclosed_quote(book_dir):
    assert errors_for(book_dir, 'title: "unclosed\nauthors: [a]\n') == [
        "book.yaml:1:8: error C101: YAML syntax error: the quoted value that starts here is never closed. "
        "Add the closing quote.",
    ]


def test_not_a_mapping(book_dir):
    assert errors_for(book_dir, "- just\n- a list\n") == [
        "book.yaml:1: error C102: book.yaml must be a mapping of keys to values.",
    ]


def test_all_problems_are_reported_at_once(book_dir):
    text = """\
    titel: My Book
    authors: Jane Doe
    publisher: Test Press
    rights: R
    description: D
    identifiers:
      print: 978-0-306-40615-6
    chapters:
      - chapters/01-one.md
      - chapters/02-missing.md
    print:
      trim: 6x9
      paper: white
    """
    assert errors_for(book_dir, text) == [
        "book.yaml:1: error C104: Config key 'title': required, but not set. Add it: The book's title.",
        "book.yaml:2:1: error C105: Config key 'authors': Input should be a valid list. "
        "Write it as a list: one '- item' a line below the key, or [a, b].",
        "book.yaml:7:3: error C105: Config key 'identifiers.print': ISBN 978-0-306-40615-6 has a wrong check digit.",
        "book.yaml:12:3: error C105: Config key 'print.trim': unknown trim '6x9'; did you mean '6x9in'?",
        "book.yaml:1:1: error C103: Config key 'titel': unknown key. Did you mean 'title'?",
        "book.yaml:10:5: error C106: Config key 'chapters[1]': file 'chapters/02-missing.md' not found. "
        "Did you mean 'chapters/01-one.md'?",
    ]


def test_book_error_message_joins_every_diagnostic(book_dir):
    (book_dir / "book.yaml").write_text(VALID.replace("title:", "titel:"), encoding="utf-8")
    with pytest.raises(BookError) as exc:
        load_config(book_dir / "book.yaml")
    assert str(exc.value) == "\n".join(str(d) for d in exc.value.diagnostics)
    assert len(exc.value.diagnostics) == 2
