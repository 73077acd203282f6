"""The ONIX 3.0 record from tiny configs: one Product per edition with the right form,
related to the others, valid against EDItEUR's XSD (checked with onixcheck, a
validator independent of octavo's own); and ``octavo check``'s ONIX findings."""
from __future__ import annotations

import datetime as dt
import io
import textwrap
from pathlib import Path

import onixcheck
import pytest
from lxml import etree

from octavo.builders.onix import NS, CoverImage, PrintFacts, onix_language, onix_record
from octavo.builders.retail import MIN_SIZE, retail_jpeg
from octavo.config import load_config
from octavo.preflight.onix import check_onix, check_retail_cover
from octavo.project import Book

BASE = """\
title: A Book
subtitle: Its Subtitle
authors:
  - Jane Doe
language: en-GB
publisher: Test Press
rights: © Jane Doe.
description: A book about things.
subjects: [Things, Other things]
chapters:
  - one.md
"""
FULL = """\
edition: Second edition
identifiers:
  epub: 978-0-306-40615-7
  print: 9781861972712
  hardcover: 978-1-4028-9462-6
contributors:
  - name: Jane Doe
    biography: Jane Doe writes books.
  - name: Max Mustermann
    role: translator
series:
  title: Small Books
  number: 3
publication:
  date: 2030-05-01
  edition_number: 2
  audience: professional
  thema: [NHD, 1DTA, 3MPBF]
  bisac: [HIS032000]
  prices:
    print:
      - {amount: 12.5, currency: GBP, territory: GB}
      - {amount: 16, currency: USD, territory: [US, CA], tax_included: false}
    epub:
      - {amount: 4.99, currency: EUR}
"""
SENT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
FACTS = PrintFacts(pages=132, width=5.5, height=8.5, spine=0.33)
X = {"o": NS}


def config(tmp_path: Path, extra: str = ""):
    (tmp_path / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BASE + textwrap.dedent(extra), encoding="utf-8")
    return load_config(tmp_path / "book.yaml")


def record(tmp_path: Path, extra: str = "", cover: CoverImage | None = None) -> tuple[bytes, etree._Element]:
    data = onix_record(config(tmp_path, extra), "a-book", FACTS, SENT, cover)
    return data, etree.fromstring(data)


def assert_valid(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "record.onix.xml"
    path.write_bytes(data)
    messages = onixcheck.validate(str(path))
    assert messages == [], "\n".join(m.short for m in messages)


def texts(root, xpath: str) -> list[str]:
    return [e.text for e in root.xpath(xpath, namespaces=X)]


def test_minimal_book_three_editions_valid(tmp_path):
    data, root = record(tmp_path)
    assert_valid(tmp_path, data)
    products = root.findall("o:Product", X)
    assert [(p.findtext("o:DescriptiveDetail/o:ProductForm", namespaces=X),
             p.findtext("o:DescriptiveDetail/o:ProductFormDetail", namespaces=X)) for p in products] == \
        [("ED", "E101"), ("ED", "E107"), ("BC", None)]
    # no ISBNs: proprietary identifiers, unique per edition, and nothing priced yet
    ids = texts(root, "o:Product/o:ProductIdentifier[o:ProductIDType='01']/o:IDValue")
    assert ids == ["a-book-epub", "a-book-pdf", "a-book-print"]
    assert texts(root, "//o:UnpricedItemType") == ["02"] * 3
    # each product names the other two as alternative formats
    for product, own in zip(products, ids):
        related = texts(product, "o:RelatedMaterial/o:RelatedProduct/o:ProductIdentifier/o:IDValue")
        assert sorted(related) == sorted(set(ids) - {own})
    assert texts(root, "o:Product[1]//o:LanguageCode") == ["eng"] and texts(root, "o:Product[1]//o:Language/o:CountryCode") == ["GB"]
    assert texts(root, "o:Product[1]//o:PersonNameInverted") == ["Doe, Jane"]
    assert texts(root, "o:Product[1]//o:ContributorRole") == ["A01"]
    assert texts(root, "o:Product[1]//o:Subject[o:SubjectSchemeIdentifier='20']/o:SubjectHeadingText") == ["Things; Other things"]
    assert texts(root, "o:Header/o:SentDateTime") == ["20260102T030405Z"]


def test_print_measures_and_extent_come_from_the_build(tmp_path):
    _data, root = record(tmp_path)
    paperback = root.findall("o:Product", X)[2]
    measures = {m.findtext("o:MeasureType", namespaces=X): (m.findtext("o:Measurement", namespaces=X),
                                                           m.findtext("o:MeasureUnitCode", namespaces=X))
                for m in paperback.iterfind(".//o:Measure", X)}
    assert measures == {"01": (str(FACTS.height), "in"), "02": (str(FACTS.width), "in"), "03": (str(FACTS.spine), "in")}
    assert texts(paperback, ".//o:Extent[o:ExtentType='06']/o:ExtentValue") == [str(FACTS.pages)]
    epub = root.findall("o:Product", X)[0]
    assert texts(epub, ".//o:Extent[o:ExtentType='08']/o:ExtentValue") == [str(FACTS.pages)]
    assert epub.find(".//o:Measure", X) is None


def test_full_metadata_four_editions_valid(tmp_path):
    cover = CoverImage("a-book-cover.jpg", 1600, 2560)
    data, root = record(tmp_path, FULL, cover)
    assert_valid(tmp_path, data)
    products = root.findall("o:Product", X)
    assert [p.findtext("o:DescriptiveDetail/o:ProductForm", namespaces=X) for p in products] == ["ED", "ED", "BC", "BB"]
    assert texts(root, "o:Product/o:ProductIdentifier/o:IDValue") == \
        ["9780306406157", "a-book-pdf", "9781861972712", "9781402894626"]
    assert texts(root, "o:Product/o:ProductIdentifier/o:ProductIDType") == ["15", "01", "15", "15"]
    paperback = products[2]
    prices = [(p.findtext("o:PriceType", namespaces=X), p.findtext("o:PriceAmount", namespaces=X),
               p.findtext("o:CurrencyCode", namespaces=X), " ".join(texts(p, "o:Territory/*")))
              for p in paperback.iterfind(".//o:Price", X)]
    assert prices == [("02", "12.50", "GBP", "GB"), ("01", "16.00", "USD", "US CA")]
    assert texts(products[0], ".//o:Price/o:Territory/o:RegionsIncluded") == ["WORLD"]
    assert texts(products[1], ".//o:UnpricedItemType") == ["02"]
    # a date after the sending day: forthcoming, not yet available
    assert texts(paperback, "o:PublishingDetail/o:PublishingStatus") == ["02"]
    assert texts(paperback, "o:PublishingDetail/o:PublishingDate/o:Date") == ["20300501"]
    assert texts(paperback, ".//o:ProductAvailability") == ["10"]
    subjects = [(s.find("o:MainSubject", X) is not None, s.findtext("o:SubjectSchemeIdentifier", namespaces=X),
                 s.findtext("o:SubjectCode", namespaces=X)) for s in paperback.iterfind(".//o:Subject", X)
                if s.findtext("o:SubjectCode", namespaces=X)]
    assert subjects == [(True, "93", "NHD"), (False, "94", "1DTA"), (False, "96", "3MPBF"), (True, "10", "HIS032000")]
    assert texts(paperback, ".//o:Collection//o:TitleText") == ["Small Books"]
    assert texts(paperback, ".//o:Collection//o:PartNumber") == ["3"]
    assert texts(paperback, ".//o:Contributor/o:ContributorRole") == ["A01", "B06"]
    assert texts(paperback, ".//o:BiographicalNote") == ["Jane Doe writes books."]
    assert texts(paperback, ".//o:EditionNumber") == ["2"] and texts(paperback, ".//o:AudienceCodeValue") == ["06"]
    assert texts(paperback, ".//o:SupportingResource//o:ResourceLink") == ["a-book-cover.jpg"]
    assert texts(paperback, "o:Barcode/o:BarcodeType") == ["03"]


def test_same_inputs_same_bytes(tmp_path):
    assert record(tmp_path, FULL)[0] == record(tmp_path, FULL)[0]


@pytest.mark.parametrize("tag, expected", [("en", ("eng", None)), ("en-GB", ("eng", "GB")), ("de-DE", ("ger", "DE")),
                                           ("fr", ("fre", None)), ("zh-Hant-TW", ("chi", "TW")), ("haw", ("haw", None))])
def test_language_codes(tag, expected):
    assert onix_language(tag) == expected


def _book(tmp_path: Path) -> Book:
    return Book(root=tmp_path, config=config(tmp_path), build_dir=tmp_path / "build")


def test_check_finds_nothing_in_a_good_record(tmp_path):
    book = _book(tmp_path)
    book.build_dir.mkdir()
    book.output("onix").write_bytes(onix_record(book.config, book.slug, FACTS, SENT))
    assert check_onix(book) == []


def test_check_reports_an_invalid_record_with_a_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = _book(tmp_path)
    book.build_dir.mkdir()
    good = onix_record(book.config, book.slug, FACTS, SENT)
    book.output("onix").write_bytes(good.replace(b"<ProductForm>BC</ProductForm>", b"<ProductForm>XX</ProductForm>"))
    [finding] = check_onix(book)
    assert (finding.code, finding.severity, finding.file) == ("N001", "error", "build/a-book.onix.xml")
    assert finding.line == good.decode().split("\n").index("      <ProductForm>BC</ProductForm>") + 1
    assert "'XX' is not an element of the set" in finding.message


def test_check_warns_when_files_are_missing(tmp_path):
    book = _book(tmp_path)
    assert [(f.code, f.severity) for f in check_onix(book) + check_retail_cover(book)] == [("N002", "warning")] * 2


def _png(size, mode="RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size, (40, 80, 120) if mode == "RGB" else 128).save(out, format="PNG")
    return out.getvalue()


def test_retail_jpeg_is_rgb_srgb_and_at_least_the_minimum(tmp_path):
    from PIL import Image, ImageCms

    data, size = retail_jpeg(_png((800, 1280), "L"))
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.mode, image.size, size) == ("JPEG", "RGB", MIN_SIZE, MIN_SIZE)
    profile = ImageCms.ImageCmsProfile(io.BytesIO(image.info["icc_profile"]))
    assert "sRGB" in ImageCms.getProfileDescription(profile)
    assert retail_jpeg(_png((2000, 3200)))[1] == (2000, 3200)  # large enough: kept as drawn


def test_check_reports_a_small_retail_cover(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    book = _book(tmp_path)
    book.build_dir.mkdir()
    from PIL import Image

    Image.new("RGB", (1200, 1920)).save(book.output("jpg"), format="JPEG")
    [finding] = check_retail_cover(book)
    assert (finding.code, finding.file) == ("N003", "build/a-book-cover.jpg")
    assert "1200 x 1920 px" in finding.message


def test_hardcover_claims_no_paperback_measures(tmp_path):
    _data, root = record(tmp_path, FULL)
    hardcover = root.findall("o:Product", X)[3]
    assert hardcover.find(".//o:Measure", X) is None  # octavo does not compute case sizes
    assert texts(hardcover, ".//o:Extent[o:ExtentType='06']/o:ExtentValue") == [str(FACTS.pages)]


def test_retail_jpeg_bytes_do_not_change_with_the_hour():
    # LittleCMS stamps the hour into the profile it makes: the JPEG must not carry it
    assert retail_jpeg(_png((1600, 2560)))[0] == retail_jpeg(_png((1600, 2560)))[0]
