"""Print options added for delivery: the interior ink (colour interiors and their paper
thickness), the cover finish and the output intent (a CMYK profile, checked)."""
from __future__ import annotations

import textwrap

import pytest

from octavo.config import INK_THICKNESS, OUTPUT_INTENTS, PAPER_THICKNESS, load_config
from octavo.errors import BookError
from octavo.project import Book
from helpers import MINIMAL_BOOK_YAML

BASE = MINIMAL_BOOK_YAML + """\
print:
"""


def load(tmp_path, options: str):
    (tmp_path / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BASE + textwrap.indent(textwrap.dedent(options), "  "), encoding="utf-8")
    return load_config(tmp_path / "book.yaml")


def test_black_ink_keeps_the_paper_thickness(tmp_path):
    p = load(tmp_path, "paper: cream\n").print
    assert (p.ink, p.colour, p.thickness, p.finish) == ("black", False, PAPER_THICKNESS["cream"], "matte")


@pytest.mark.parametrize("ink", ["standard-colour", "premium-colour"])
def test_colour_ink_prints_on_white_with_its_thickness(tmp_path, ink):
    p = load(tmp_path, f"ink: {ink}\n").print
    assert (p.paper, p.colour, p.thickness) == ("white", True, INK_THICKNESS[ink])


def test_colour_on_cream_is_refused_at_the_key(in_tmp):
    with pytest.raises(BookError) as exc:
        load(in_tmp, "ink: premium-colour\npaper: cream\n")
    [d] = exc.value.diagnostics
    assert str(d).startswith("book.yaml:9:3: error C105: Config key 'print.paper': a colour interior prints on white paper only")


def test_unknown_output_intent(in_tmp):
    with pytest.raises(BookError) as exc:
        load(in_tmp, "output_intent: fogra39\n")
    assert "Config key 'print.output_intent': unknown output intent 'fogra39'" in str(exc.value.diagnostics[0])


def test_output_intent_file_must_exist_in_the_book(in_tmp):
    with pytest.raises(BookError) as exc:
        load(in_tmp, "output_intent: profiles/printer.icc\n")
    assert [d.code for d in exc.value.diagnostics] == ["C106"]


def _book(tmp_path, options: str) -> Book:
    return Book(root=tmp_path, config=load(tmp_path, options), build_dir=tmp_path / "build")


@pytest.mark.skipif(not OUTPUT_INTENTS["ghostscript-default"].is_file(), reason="libgs-common not installed")
def test_default_output_intent_is_ghostscripts_cmyk(tmp_path):
    assert _book(tmp_path, "trim: a5\n").cmyk_profile == OUTPUT_INTENTS["ghostscript-default"]


def test_a_book_profile_that_is_not_cmyk_is_refused(tmp_path):
    from PIL import ImageCms

    (tmp_path / "screen.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    book = _book(tmp_path, "output_intent: screen.icc\n")
    with pytest.raises(BookError) as exc:
        book.cmyk_profile
    [d] = exc.value.diagnostics
    assert d.code == "N010" and "is RGB, not CMYK" in d.message


def test_a_book_profile_that_is_not_a_profile_is_refused(tmp_path):
    (tmp_path / "broken.icc").write_bytes(b"not a profile")
    with pytest.raises(BookError) as exc:
        _book(tmp_path, "output_intent: broken.icc\n").cmyk_profile
    assert exc.value.diagnostics[0].code == "N010"
