"""Themes: installed themes, design overrides checked against the theme, the template
search path, and design numbers reaching the page geometry with no Python edit."""
from __future__ import annotations

import pytest

from helpers import copy_book_to
from octavo.errors import BookError
from octavo.paths import PACKAGE_TEMPLATES
from octavo.themes import DEFAULT_THEME, installed, load_theme, search_path


def test_two_themes_are_installed_each_with_a_description():
    themes = dict(installed())
    assert {"classic", "modern"} <= set(themes) and DEFAULT_THEME == "classic"
    assert all(description and "\n" not in description for description in themes.values())


def test_the_modern_theme_extends_classic_and_changes_face_and_numbers():
    classic, modern = load_theme("classic"), load_theme("modern")
    assert modern.folders[1] == classic.folder
    assert modern.values["fonts"]["body"] != classic.values["fonts"]["body"]
    assert modern.values["print"]["trims"] != classic.values["print"]["trims"]
    assert set(modern.values) == set(classic.values)


def test_a_design_override_replaces_one_value_and_keeps_the_rest():
    theme = load_theme("classic", {"print": {"trims": {"6x9in": {"margin_top": 0.8}}}})
    base = load_theme("classic")
    assert theme.values["print"]["trims"]["6x9in"]["margin_top"] == 0.8
    rest = lambda values: {k: v for k, v in values["print"]["trims"]["6x9in"].items() if k != "margin_top"}  # noqa: E731
    assert rest(theme.values) == rest(base.values)
    assert theme.values["print"]["trims"]["a5"] == base.values["print"]["trims"]["a5"]


def test_the_typesetters_tolerances_are_theme_values():
    """The typesetter reads its tolerances from the book's design, so one design: line changes them."""
    from octavo.builders.typeset import Passes
    from octavo.hyphenate import Hyphenator

    base = load_theme("classic").values["typesetter"]
    assert Passes().rules == base  # no book: the default theme's
    stricter = dict(base["hyphenation"], min_left=base["hyphenation"]["min_left"] + 2)
    loose = Hyphenator("en").positions("organisation")
    strict = Hyphenator("en", limits=stricter).positions("organisation")
    assert min(strict) >= stricter["min_left"] and min(loose) < stricter["min_left"]


@pytest.mark.parametrize("design, code, words", [
    ({"print": {"gutter_extr": 0.2}}, "C110", "Did you mean 'gutter_extra'"),
    ({"print": {"trims": {"6x9in": {"margin_tpo": 0.8}}}}, "C110", "Did you mean 'margin_top'"),
    ({"print": {"trims": {"6x9in": {"margin_top": "wide"}}}}, "C111", "expected a number"),
    ({"print": 3}, "C111", "expected a mapping"),
    ({"print": {"measure_range": [60]}}, "C111", "expected a list"),
    ({"typesetter": {"loose_limit": "loose"}}, "C111", "expected a number"),
])
def test_wrong_design_values_are_located_errors(tmp_path, design, code, words):
    from ruamel.yaml import YAML

    path = tmp_path / "book.yaml"
    YAML().dump({"title": "T", "design": design}, path)
    from octavo.config import read_yaml

    with pytest.raises(BookError) as info:
        load_theme("classic", design, path, read_yaml(path))
    (d,) = info.value.diagnostics
    assert d.code == code and words in (d.message + " " + (d.hint or "")) and d.line and d.line > 1


def test_an_unknown_theme_suggests_the_nearest(tmp_path):
    with pytest.raises(BookError) as info:
        load_theme("modrn")
    (d,) = info.value.diagnostics
    assert d.code == "H002" and "modern" in d.hint


def test_a_books_own_templates_come_first(tmp_path):
    theme = load_theme("modern")
    assert search_path(tmp_path, theme) == (*theme.folders, PACKAGE_TEMPLATES)
    (tmp_path / "templates").mkdir()
    assert search_path(tmp_path, theme)[0] == tmp_path / "templates"


def test_a_margin_is_one_value_of_the_theme(tmp_path):
    """A book's design: override of one print margin moves that margin and nothing else
    (no Python edit, no test edit): the trim's top margin, and the text height with it."""
    from octavo.builders.pdf import print_geometry
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path)
    book = Book.load(root)
    trim = book.config.print.trim
    before = print_geometry(book, 200)
    top = book.design["print"]["trims"][trim]["margin_top"] + 0.25
    text = (root / "book.yaml").read_text() + f"design:\n  print:\n    trims:\n      {trim}:\n        margin_top: {top}\n"
    (root / "book.yaml").write_text(text)
    after = print_geometry(Book.load(root), 200)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"m_top", "text_h"} and after["m_top"] == top
