"""The runner's record of what it ran (``BuildResult.ran``, kept in the manifest as the last
build's record), read after edits to a built tiny book: an edit runs the targets that read
what changed, and nothing else."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import copy_book_to, load_tiny
from octavo.build import build
from octavo.cache import Manifest
from octavo.project import PACKAGE_TEMPLATES

pytestmark = pytest.mark.slow

LAYOUTS = {"print-layout", "screen-layout", "cover", "cover-image"}  # the targets that lay out pages


@pytest.fixture(scope="module")
def built(tmp_path_factory, source_date_epoch) -> Path:
    """The tiny book with its own copy of the templates, built once: the base folder."""
    base = tmp_path_factory.mktemp("record")
    copy_book_to("tiny", base)
    shutil.copytree(PACKAGE_TEMPLATES, base / "templates")
    result = build(load_tiny(base))
    assert {"document", "print-layout", "screen-layout", "cover", "epub", "onix", "order"} <= set(result.ran)
    return base




def _edit_yaml(base: Path, add: str) -> None:
    path = base / "tiny" / "book.yaml"
    path.write_text(path.read_text(encoding="utf-8") + add, encoding="utf-8")


def test_no_change_runs_nothing(copy):
    result = build(load_tiny(copy))
    assert result.ran == [] and result.outputs == []
    assert Manifest.load(copy / "build").ran == []


def test_a_comment_in_book_yaml_runs_nothing(copy):
    _edit_yaml(copy, "# a note to self\n")
    assert build(load_tiny(copy)).ran == []


def test_a_screen_option_runs_only_the_screen_layout(copy):
    _edit_yaml(copy, "screen:\n  page: letter\n")
    result = build(load_tiny(copy))
    assert sorted(result.ran) == ["document", "screen-layout"]  # the text it lays out is read first
    assert Manifest.load(copy / "build").ran == result.ran


def test_a_cover_design_change_runs_the_cover_and_what_shows_it(copy):
    css = copy / "templates" / "themes" / "classic" / "cover.css.j2"
    css.write_text(css.read_text(encoding="utf-8") + "\n.front-author { letter-spacing: 0.3em; }\n", encoding="utf-8")
    result = build(load_tiny(copy))
    assert set(result.ran) & LAYOUTS == {"cover", "cover-image"}  # no page of the text laid out again
    # the EPUB shows the cover image, the ONIX record names the JPEG, the order files its checksum
    assert {"epub", "onix", "order"} <= set(result.ran)


def test_a_print_option_runs_the_print_layout_and_not_the_screen(copy):
    path = copy / "tiny" / "book.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("paper: white", "paper: cream"), encoding="utf-8")
    result = build(load_tiny(copy))
    assert "print-layout" in result.ran and "screen-layout" not in result.ran


def test_a_declaration_weasyprint_ignores_in_the_cover_is_reported(copy):
    css = copy / "templates" / "themes" / "classic" / "cover.css.j2"
    css.write_text(css.read_text(encoding="utf-8") + "\n.front-author { text-shadow: 1px 1px red; }\n", encoding="utf-8")
    result = build(load_tiny(copy))
    found = [d for d in result.report.warnings if d.code == "W710"]
    assert found and all("cover" in d.message and "text-shadow" in d.message for d in found)
