"""Book structure as design values: chapter heading modes and numerals, unstyled classes."""
from __future__ import annotations

import pytest

from helpers import copy_book_to
from octavo.builders.base import numeral, render_template
from octavo.document import Document, Section
from octavo.errors import Report
from octavo.render.html import RenderedSection
from octavo.themes import check_classes, load_theme, search_path


@pytest.mark.parametrize("number, style, shown", [("16", "roman", "XVI"), ("4", "arabic", "4"), ("16a", "roman", "16a")])
def test_numerals(number, style, shown):
    assert numeral(number, style) == shown


@pytest.mark.parametrize("mode, number_shown, title_shown", [
    ("number-and-title", True, True), ("number", True, False), ("title", False, True)])
def test_chapter_heading_modes(tmp_path, mode, number_shown, title_shown):
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path)
    (root / "book.yaml").write_text((root / "book.yaml").read_text() +
                                    f"design:\n  chapters:\n    heading: {mode}\n    numerals: roman\n")
    book = Book.load(root)
    section = Section("chapter", root / "chapters" / "01-first.md", [], id="first", number="3")
    rs = RenderedSection(section, "", title_html="The Title")
    html = render_template(book, "partials/chapter_head.html.j2", s=rs, design=book.design)
    assert ('<span class="chapter-number">III</span>' in html) == number_shown
    assert ("The Title" in html) == title_shown
    assert f"heading-{mode}" in html


def test_an_unstyled_class_is_a_located_warning(tmp_path):
    source = tmp_path / "c.md"
    source.write_text("# T\n\n::: epigraph\nx\n:::\n\n[y]{.mystery}\n", encoding="utf-8")
    blocks = [{"t": "Div", "c": [["", ["epigraph"], []], [{"t": "Para", "c": [{"t": "Str", "c": "x"}]}]]},
              {"t": "Para", "c": [{"t": "Span", "c": [["", ["mystery", "csl-left-margin"], []], [{"t": "Str", "c": "y"}]]}]}]
    doc = Document([Section("chapter", source, blocks, id="c")])
    report = Report()
    check_classes(doc, search_path(tmp_path, load_theme("classic")), report)
    (warning,) = report.warnings
    assert warning.code == "H005" and "'.mystery'" in warning.message and warning.line == 7
