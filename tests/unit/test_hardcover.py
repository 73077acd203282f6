"""Hardcover cover geometry against Lulu's published numbers, restated here (not taken from
octavo): the hardcover spine table by page range, boards 0.125 in over the pages, a 0.75 in
wrap for a case, 3.25 in flaps and 0.25 in bleed for a dust jacket; and a cover size Lulu
itself reported for a 6 x 9 in casewrap (1094 x 774 pt, spine 104 pt: HoTT/book,
cover-lulu-hardcover.tex). Also the payloads that name the binding."""
from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest

from octavo.builders.cover import CoverSpec
from octavo.builders.orders import ingram_title_row, pod_package_id
from octavo.config import load_config
from octavo.errors import BookError
from octavo.project import Book
from helpers import MINIMAL_BOOK_YAML

# Lulu's hardcover spine table as published: (first page, last page, spine in inches)
LULU_TABLE = [(24, 84, 0.25), (85, 140, 0.5), (141, 168, 0.625), (169, 194, 0.688), (195, 222, 0.75),
              (223, 250, 0.813), (251, 278, 0.875), (279, 306, 0.938), (307, 334, 1.0), (335, 360, 1.063),
              (361, 388, 1.125), (389, 416, 1.188), (417, 444, 1.25), (445, 472, 1.313), (473, 500, 1.375),
              (501, 528, 1.438), (529, 556, 1.5), (557, 582, 1.563), (583, 610, 1.625)]
OVERHANG, WRAP, FLAP, JACKET_BLEED = 0.125, 0.75, 3.25, 0.25

BASE = MINIMAL_BOOK_YAML + """\
identifiers:
  print: 978-0-306-40615-7
  hardcover: 978-3-16-148410-0
"""


def book(tmp_path, binding, trim="6x9in"):
    (tmp_path / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    extra = f"print:\n  trim: {trim}\n  paper: white\n  binding: {binding}\n"
    (tmp_path / "book.yaml").write_text(BASE + textwrap.dedent(extra), encoding="utf-8")
    return Book(root=tmp_path, config=load_config(tmp_path / "book.yaml"), build_dir=tmp_path / "build")


@pytest.mark.parametrize("first, last, spine", LULU_TABLE)
def test_case_laminate_spine_follows_lulus_table_at_both_ends_of_each_range(tmp_path, first, last, spine):
    b = book(tmp_path, "case-laminate")
    for pages in (first, last):
        assert CoverSpec.compute(b, pages).spine == pytest.approx(spine, abs=0.001)


@pytest.mark.parametrize("trim, w, h", [("6x9in", 6, 9), ("5.5x8.5in", 5.5, 8.5), ("8.5x11in", 8.5, 11)])
def test_case_laminate_sheet_is_boards_spine_and_wrap(tmp_path, trim, w, h):
    spec = CoverSpec.compute(book(tmp_path, "case-laminate", trim), 300)
    spine = 0.938
    board_w, board_h = w + OVERHANG, h + 2 * OVERHANG
    assert spec.width == pytest.approx(WRAP + board_w + spine + board_w + WRAP, abs=0.001)
    assert spec.height == pytest.approx(WRAP + board_h + WRAP, abs=0.001)
    assert (spec.seen_width, spec.panel_h) == (pytest.approx(2 * board_w + spine, abs=0.001), board_h)


def test_case_laminate_matches_a_size_lulu_reported(tmp_path):
    spec = CoverSpec.compute(book(tmp_path, "case-laminate"), 510)
    assert spec.spine * 72 == pytest.approx(104, abs=1)
    assert (spec.width * 72, spec.height * 72) == (pytest.approx(1094, abs=1), pytest.approx(774, abs=1))


def test_dust_jacket_sheet_has_flaps_and_bleed(tmp_path):
    spec = CoverSpec.compute(book(tmp_path, "dust-jacket"), 200)
    board_w, board_h = 6 + OVERHANG, 9 + 2 * OVERHANG
    seen = FLAP + board_w + 0.75 + board_w + FLAP
    assert spec.seen_width == pytest.approx(seen, abs=0.001)
    assert spec.width == pytest.approx(JACKET_BLEED + seen + JACKET_BLEED, abs=0.001)
    assert spec.height == pytest.approx(JACKET_BLEED + board_h + JACKET_BLEED, abs=0.001)


def test_paperback_is_unchanged(tmp_path):
    spec = CoverSpec.compute(book(tmp_path, "paperback"), 200)
    assert spec.width == pytest.approx(0.125 + 6 + 200 * 0.002252 + 6 + 0.125, abs=0.0001)
    assert spec.seen_width == pytest.approx(12 + 200 * 0.002252, abs=0.0001)


def test_too_few_pages_for_a_hardcover_is_a_located_error(tmp_path):
    with pytest.raises(BookError) as err:
        CoverSpec.compute(book(tmp_path, "case-laminate"), 20)
    d = err.value.diagnostics[0] if hasattr(err.value, "diagnostics") else err.value.args[0]
    assert d.code == "N020" and "24" in d.message and str(d.file).endswith("book.yaml")


def test_unknown_binding_is_refused(tmp_path):
    with pytest.raises(BookError):
        book(tmp_path, "spiral")


@pytest.mark.parametrize("binding, code, ingram", [("paperback", "PB", "Paperback - Perfect Bound"),
                                                    ("case-laminate", "CW", "Hardcover - Case Laminate"),
                                                    ("dust-jacket", "LW", "Hardcover - Jacketed Case Laminate")])
def test_payloads_name_the_binding_and_the_hardcover_isbn(tmp_path, binding, code, ingram):
    b = book(tmp_path, binding)
    spec = CoverSpec.compute(b, 200)
    assert pod_package_id(b, spec)[14:16] == code
    row = next(csv.DictReader(io.StringIO(ingram_title_row(b, spec))))
    assert row["Binding Type"] == ingram
    assert row["ISBN"] == ("9780306406157" if binding == "paperback" else "9783161484100")
