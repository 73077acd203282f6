"""What goes to retailers, built end to end: the ONIX record validates against
EDItEUR's XSD (with onixcheck, independent of octavo's own check) for a fixture
book with every piece of trade metadata and for the real manuscript; the
retailer JPEG is an RGB JPEG of at least 1600 x 2560 px drawn from the cover
design; the EPUB carries the publication date, roles and sort names."""
from __future__ import annotations

import io
import re
import zipfile

import onixcheck
import pytest
from lxml import etree
from PIL import Image

from helpers import copy_book_to
from octavo.builders.onix import NS
from octavo.builders.retail import MIN_SIZE

pytestmark = pytest.mark.slow
X = {"o": NS}


@pytest.fixture(scope="module")
def trade_build(tmp_path_factory, source_date_epoch):
    from octavo.build import build
    from octavo.project import Book

    base = tmp_path_factory.mktemp("trade-book")
    book = Book.load(copy_book_to("trade", base), base / "build")
    return book, build(book)


def assert_valid_onix(path) -> None:
    messages = onixcheck.validate(str(path))
    assert messages == [], "\n".join(m.short for m in messages)


def test_trade_book_onix_is_valid_and_describes_the_build(trade_build):
    book, result = trade_build
    path = book.output("onix")
    assert path in result.outputs
    assert_valid_onix(path)
    root = etree.parse(str(path)).getroot()
    forms = [p.findtext("o:DescriptiveDetail/o:ProductForm", namespaces=X) for p in root.iterfind("o:Product", X)]
    assert forms == ["ED", "ED", "BC", "BB"]
    spec = __import__("json").loads(book.output("spec").read_text(encoding="utf-8"))
    paperback = root.findall("o:Product", X)[2]
    extent = paperback.findtext(".//o:Extent[o:ExtentType='06']/o:ExtentValue", namespaces=X)
    spine = paperback.findtext(".//o:Measure[o:MeasureType='03']/o:Measurement", namespaces=X)
    assert (int(extent), float(spine)) == (spec["page_count"], pytest.approx(spec["spine_width_in"], abs=0.001))
    assert paperback.findtext(".//o:LanguageCode", namespaces=X) == "ger"
    link = paperback.findtext(".//o:SupportingResource//o:ResourceLink", namespaces=X)
    assert link == book.output("jpg").name


def test_retail_cover_jpeg(trade_build):
    book, _result = trade_build
    with Image.open(book.output("jpg")) as image:
        assert (image.format, image.mode) == ("JPEG", "RGB")
        assert image.width >= MIN_SIZE[0] and image.height >= MIN_SIZE[1]
        assert image.info.get("icc_profile")
        jpeg = image.copy()
    # the same design as the EPUB's cover image (which is drawn from the cover template)
    with zipfile.ZipFile(book.output("epub")) as z:
        png = Image.open(io.BytesIO(z.read("OEBPS/images/cover.png"))).convert("RGB")
    assert png.size == jpeg.size
    a, b = png.resize((40, 64)).tobytes(), jpeg.resize((40, 64)).tobytes()
    assert max(abs(x - y) for x, y in zip(a, b)) < 24  # JPEG noise only


def test_epub_has_publication_date_and_roles(trade_build):
    book, _result = trade_build
    with zipfile.ZipFile(book.output("epub")) as z:
        opf = z.read("OEBPS/package.opf").decode()
    assert "<dc:date>2025-03-14</dc:date>" in opf
    assert re.search(r'<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>', opf)
    assert '<dc:contributor id="creator2">Max Mustermann</dc:contributor>' in opf
    assert '<meta refines="#creator2" property="role" scheme="marc:relators">trl</meta>' in opf
    assert '<meta refines="#creator3" property="file-as">Vries, Jan de</meta>' in opf
    assert '<meta refines="#series" property="group-position">2</meta>' in opf


def test_check_passes_the_delivery(trade_build):
    from octavo.preflight.onix import check_onix, check_retail_cover

    book, _result = trade_build
    assert check_onix(book) + check_retail_cover(book) == []


def test_no_op_rebuild_keeps_the_delivery(trade_build):
    from octavo.build import build

    book, _result = trade_build
    again = build(book, ("onix",))
    assert again.outputs == [] and book.output("onix") in again.kept and book.output("jpg") in again.kept


def test_real_book_onix_is_valid(real_build):
    assert_valid_onix(real_build.output("onix"))


def test_cover_artwork_passes_print_preflight(tmp_path, source_date_epoch):
    """Front artwork placed over the whole front: the cover still passes preflight (CMYK, 300 dpi,
    the formula's size), and the retailer JPEG shows the artwork."""
    from octavo.build import build
    from octavo.preflight.pdf import check_print
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path)
    art = Image.new("RGB", (1900, 2800), (30, 90, 160))  # 6.125 x 9.25 in at 300 dpi and more
    art.paste((230, 120, 30), (0, 1400, 1900, 2800))
    art.save(root / "images" / "front.png")
    with open(root / "book.yaml", "a", encoding="utf-8") as f:
        f.write("cover:\n  image: images/front.png\n  title_position: over\n")
    book = Book.load(root, tmp_path / "build")
    result = build(book, ("cover", "onix"))
    assert not [d for d in result.report.warnings if d.code == "N011"]
    assert [str(d) for d in check_print(book) if d.severity == "error"] == []
    with Image.open(book.output("jpg")) as jpeg:
        low = jpeg.convert("RGB").getpixel((jpeg.width // 2, jpeg.height - 40))
    assert low[0] > low[2]  # the artwork's orange lower half, not the plain blue background


def test_tiny_book_onix_is_valid(tiny_build):
    assert_valid_onix(tiny_build.output("onix"))
