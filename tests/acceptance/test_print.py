"""The manuscript's print files as a print-on-demand service and a typesetter see
them: truly blank pages, running heads and folios, the gutter from the
page-count table, the order spec, the cover without an ISBN, notes on the page
of their call, no RGB colour. (PDF/X-1a and the barcode are checked on the
fixture book in tests/books/test_tiny_print.py.)"""
from __future__ import annotations

import json
import re

import pikepdf
import pytest

from helpers import pdf_page_texts
from octavo.builders.cover import SPINE_TEXT_MIN_PAGES, CoverSpec
from octavo.builders.pdf import min_gutter, print_geometry

pytestmark = pytest.mark.slow


def test_blank_pages_are_truly_blank(real_build):
    texts = pdf_page_texts(real_build.output("print"))
    blank = [i for i, t in enumerate(texts) if not t.strip()]
    assert blank, "the real book has blank versos before chapters"
    with pikepdf.open(real_build.output("print")) as pdf:
        for i in blank:
            ops = [str(op) for _operands, op in pikepdf.parse_content_stream(pdf.pages[i])]
            assert not {"Tj", "TJ", "Do", "re", "l"} & set(ops), f"page {i + 1} is not blank: {sorted(set(ops))}"
    # a blank page is a verso before a chapter opens, or padding before the colophon
    from helpers import pdf_dest_pages

    dests = pdf_dest_pages(real_build.output("print"))
    for i in blank:
        assert i % 2 == 1 or dests["sources"] < i < dests["colophon"], f"page {i + 1} is a blank recto in the text"


def _heads(path, top_in: float) -> list[str]:
    """The text printed above the text block of each page (the running head and folio)."""
    from helpers import pdf_head_and_body

    return [head for head, _body in pdf_head_and_body(path, top_in)]


def test_running_heads_and_folios(real_build):
    """Verso: the folio and the book title; recto: the chapter title and the folio;
    none on a chapter's opening page or a blank page."""
    from helpers import pdf_dest_pages

    path = real_build.output("print")
    heads = _heads(path, print_geometry(real_build.book, 40)["m_top"])
    texts = pdf_page_texts(path)
    dests = pdf_dest_pages(path)
    openers = {dests[s] for s in ("opening", "ch16", "ch17", "ch18", "ch19", "ch20", "ch21", "sources", "index")}
    first = dests["opening"]
    checked = 0
    for index in range(first, dests["colophon"]):
        head = re.sub(r"\s+", " ", heads[index])
        if index in openers or not texts[index].strip():
            assert head == "", (index + 1, head)
            continue
        folio = str(index - first + 1)
        if index % 2 == 1:  # a verso (even page number): folio, then the book title
            assert head.split()[0] == folio, (index + 1, head)
            assert "RISE OF STALINISM" in head.upper().replace("  ", " "), (index + 1, head)
        else:  # a recto: the chapter's title, then the folio
            assert head.split()[-1] == folio, (index + 1, head)
        checked += 1
    assert checked > 20


def test_gutter_follows_the_page_count_table(real_build):
    """The manuscript's inside margin is at least the minimum for its page count
    (the table itself is checked against the published facts in tests/unit/test_print_facts.py)."""
    spec = json.loads(real_build.output("spec").read_text())
    assert spec["inside_margin_in"] >= min_gutter(spec["page_count"])


def test_order_spec_describes_the_files(real_build):
    import hashlib

    spec = json.loads(real_build.output("spec").read_text())
    cover = CoverSpec.compute(real_build.book, spec["page_count"])
    assert spec["spine_width_in"] == cover.spine == round(spec["page_count"] * 0.0025, 4)  # cream paper
    assert spec["cover"] == {"width_in": cover.width, "height_in": cover.height}
    assert spec["trim"] == {"name": "5.5x8.5in", "width_in": 5.5, "height_in": 8.5}
    assert spec["page_count"] % 2 == 0 and spec["page_count"] >= 24
    assert spec["spine_text"] is (spec["page_count"] >= SPINE_TEXT_MIN_PAGES)
    for name, facts in spec["files"].items():
        data = (real_build.output("print").parent / name).read_bytes()
        assert facts == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_cover_without_isbn_reserves_the_barcode_area(real_build):
    text = pdf_page_texts(real_build.output("cover"))[0]
    assert "ISBN" not in text
    assert real_build.book.config.description.split()[0] in text


def test_every_note_sits_on_the_page_of_its_call(real_build):
    from helpers import pdf_dest_pages

    dests = pdf_dest_pages(real_build.output("print"))
    calls = [d for d in dests if d.startswith("fnref-")]
    assert len(calls) > 20
    off = {c: (dests[c] + 1, dests["fn-" + c[6:]] + 1) for c in calls if dests[c] != dests["fn-" + c[6:]]}
    assert off == {}


def test_print_files_use_no_rgb_colour(real_build):
    from octavo.preflight.pdf import rgb_colour_uses

    for kind in ("print", "cover"):
        with pikepdf.open(real_build.output(kind)) as pdf:
            assert rgb_colour_uses(pdf) == [], kind
    with pikepdf.open(real_build.output("pdf")) as pdf:  # the check can fail: the screen PDF is RGB
        assert rgb_colour_uses(pdf)
