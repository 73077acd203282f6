"""A case-laminate and a dust-jacket build of the tiny book pass print preflight, with a cover
sheet and boxes of the sizes Lulu's published numbers give (restated here): the spine from the
hardcover table by page count, boards 0.125 in over the pages, a 0.75 in wrap or 3.25 in flaps
and a 0.25 in bleed. The order spec and the ONIX hardcover product state the same."""
from __future__ import annotations

import json

import pikepdf
import pytest
from lxml import etree

from helpers import copy_book_to

pytestmark = pytest.mark.slow
LULU_TABLE = [(24, 84, 0.25), (85, 140, 0.5), (141, 168, 0.625), (169, 194, 0.688), (195, 222, 0.75)]


def lulu_spine(pages):
    return next(s for first, last, s in LULU_TABLE if first <= pages <= last)


@pytest.mark.parametrize("binding", ["case-laminate", "dust-jacket"])
def test_hardcover_build_passes_preflight_with_the_published_sizes(tmp_path, source_date_epoch, binding):
    from octavo.build import build
    from octavo.preflight.pdf import check_print
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path)
    yaml = root / "book.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("  paper: white", f"  paper: white\n  binding: {binding}"),
                    encoding="utf-8")
    book = Book.load(root, tmp_path / "build")
    build(book, formats=("print", "onix"))
    assert check_print(book) == []
    spec = json.loads(book.output("spec").read_text(encoding="utf-8"))
    pages, spine = spec["page_count"], lulu_spine(spec["page_count"])
    board_w, board_h = 6 + 0.125, 9 + 0.25
    flap, outer = (3.25, 0.25) if binding == "dust-jacket" else (0.0, 0.75)
    seen_w = 2 * (flap + board_w) + spine
    with pikepdf.open(book.output("cover")) as pdf:
        page = pdf.pages[0].obj
        size = lambda box: ((float(box[2]) - float(box[0])) / 72, (float(box[3]) - float(box[1])) / 72)
        assert size(page.TrimBox) == (pytest.approx(seen_w, abs=0.002), pytest.approx(board_h, abs=0.002))
        assert size(page.MediaBox) == (pytest.approx(seen_w + 2 * outer, abs=0.002), pytest.approx(board_h + 2 * outer, abs=0.002))
        assert size(page.BleedBox) == size(page.MediaBox)
    assert spec["binding"] == binding and spec["spine_width_in"] == pytest.approx(spine, abs=0.001)
    lulu = json.loads(book.output("lulu").read_text(encoding="utf-8"))
    assert lulu["line_items"][0]["printable_normalization"]["pod_package_id"][14:16] == ("LW" if flap else "CW")
    ns = {"o": "http://ns.editeur.org/onix/3.0/reference"}
    hard = [p for p in etree.parse(str(book.output("onix"))).getroot().iterfind("o:Product", ns)
            if p.findtext("o:DescriptiveDetail/o:ProductForm", namespaces=ns) == "BB"]
    assert len(hard) == 1
    measure = {m.findtext("o:MeasureType", namespaces=ns): float(m.findtext("o:Measurement", namespaces=ns))
               for m in hard[0].iterfind(".//o:Measure", ns)}
    assert measure == {"01": pytest.approx(board_h, abs=0.001), "02": pytest.approx(board_w, abs=0.001),
                       "03": pytest.approx(spine, abs=0.001)}
    assert int(hard[0].findtext(".//o:Extent[o:ExtentType='06']/o:ExtentValue", namespaces=ns)) == pages
