"""The ONIX 3.0 record retailers ingest: one Product per edition, linked as related products.

Takes: the book (its validated config: titles, contributors, series, language,
description, publisher, publication date, subjects, audience, prices and
identifiers), the print interior's page count and the cover spec (trim and
spine), the sending time (SOURCE_DATE_EPOCH, so two builds are identical) and
the retailer cover image's name and size when one is delivered beside it.
Gives: the bytes of ``<slug>.onix.xml`` in ONIX 3.0 reference tags (``onix_record``; or the
Products of one book, ``onix_products``, for a message holding many: ``onix_message``), and
``onix_problems`` that checks a record against EDItEUR's XSD (from the pinned
``onixcheck`` package).

Editions: EPUB (ProductForm ED, detail E101), screen PDF (ED, E107), paperback
(BC) and, when the book has a hardcover ISBN or hardcover prices, hardcover
(BB). An edition without an ISBN gets a proprietary identifier (type 01) made
from the slug, so every product can still be referenced and related.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from lxml import etree
from lxml.builder import ElementMaker

from octavo.codelists import thema_heading
from octavo.config import BookConfig, isbn_digits
from octavo.metadata import Price

NS = "http://ns.editeur.org/onix/3.0/reference"
E = ElementMaker(namespace=NS, nsmap={None: NS})

THEMA_SCHEMES = {"": "93", "1": "94", "2": "95", "3": "96", "4": "97", "5": "98", "6": "99"}


@dataclass(frozen=True)
class Edition:
    key: str  # as in identifiers / prices: epub, pdf, print, hardcover
    form: str  # ONIX code list 150
    detail: str | None  # ONIX code list 175
    digital: bool


EDITIONS = (
    Edition("epub", "ED", "E101", True),  # not a diagnostic code: ONIX list 175
    Edition("pdf", "ED", "E107", True),  # not a diagnostic code: ONIX list 175
    Edition("print", "BC", None, False),
    Edition("hardcover", "BB", None, False),
)


@dataclass(frozen=True)
class PrintFacts:
    """What the print build measured: the page count and the book's size in inches."""

    pages: int
    width: float
    height: float
    spine: float
    edition: str = "print"  # the edition they measure: the paperback, or the hardcover (its boards and case spine)


@dataclass(frozen=True)
class CoverImage:
    name: str  # file name beside the record
    width: int
    height: int


def editions(c: BookConfig) -> list[Edition]:
    """The editions octavo delivers: the three it always builds, the hardcover when configured."""
    wanted = [e for e in EDITIONS if e.key != "hardcover"]
    if c.identifiers.hardcover or c.publication.prices.hardcover or c.print.binding != "paperback":
        wanted.append(EDITIONS[-1])
    return wanted


def _identifier(c: BookConfig, slug: str, e: Edition) -> list[etree._Element]:
    digits = isbn_digits(getattr(c.identifiers, e.key))
    if digits:
        return [E.ProductIdentifier(E.ProductIDType("15"), E.IDValue(digits))]
    return [E.ProductIdentifier(E.ProductIDType("01"), E.IDTypeName(c.publisher[:50]), E.IDValue(f"{slug}-{e.key}"))]


def onix_language(tag: str) -> tuple[str, str | None]:
    """A BCP 47 tag as ONIX wants it: ISO 639-2/B language (list 74) and ISO 3166-1 country."""
    import pycountry

    from octavo.codelists import onix_codes

    parts = tag.split("-")
    primary = parts[0].lower()
    if len(primary) == 2:
        lang = pycountry.languages.get(alpha_2=primary)
        code = (getattr(lang, "bibliographic", None) or lang.alpha_3) if lang else "und"
    else:
        code = primary
    if code not in onix_codes(74):
        code = "und"
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return code, region if region in onix_codes(91) else None


def _date(value: dt.date) -> etree._Element:
    return E.Date(value.strftime("%Y%m%d"))


def _price(p: Price) -> etree._Element:
    territory = []
    if p.countries:
        territory.append(E.CountriesIncluded(" ".join(p.countries)))
    if p.regions:
        territory.append(E.RegionsIncluded(" ".join(p.regions)))
    return E.Price(E.PriceType("02" if p.tax_included else "01"),
                   E.PriceAmount(str(p.amount.quantize(Decimal("0.01")))), E.CurrencyCode(p.currency),
                   E.Territory(*territory))


def _measures(facts: PrintFacts) -> list[etree._Element]:
    return [E.Measure(E.MeasureType(kind), E.Measurement(f"{value:.3f}".rstrip("0").rstrip(".")), E.MeasureUnitCode("in"))
            for kind, value in (("01", facts.height), ("02", facts.width), ("03", facts.spine))]


def _subjects(c: BookConfig) -> list[etree._Element]:
    out = []
    main_thema = next((t for t in c.publication.thema if not t[:1].isdigit()), None)
    for code in c.publication.thema:
        scheme = THEMA_SCHEMES[code[0] if code[:1].isdigit() else ""]
        heading = thema_heading(code)  # the heading as EDItEUR words it, for a reader of the record
        out.append(E.Subject(*([E.MainSubject()] if code == main_thema else []),
                             E.SubjectSchemeIdentifier(scheme), E.SubjectCode(code),
                             *([E.SubjectHeadingText(heading)] if heading else [])))
    for i, code in enumerate(c.publication.bisac):
        out.append(E.Subject(*([E.MainSubject()] if i == 0 else []), E.SubjectSchemeIdentifier("10"), E.SubjectCode(code)))
    if c.subjects:
        out.append(E.Subject(E.SubjectSchemeIdentifier("20"), E.SubjectHeadingText("; ".join(c.subjects))))
    return out


def _descriptive(c: BookConfig, e: Edition, facts: PrintFacts | None) -> etree._Element:
    d = E.DescriptiveDetail(E.ProductComposition("00"), E.ProductForm(e.form))
    if e.detail:
        d.append(E.ProductFormDetail(e.detail))
    if e.key == "epub":  # what the EPUB's own accessibility metadata declares (list 196)
        for code in ("04", "81", "85", "11", "13", "19", "36"):
            d.append(E.ProductFormFeature(E.ProductFormFeatureType("09"), E.ProductFormFeatureValue(code)))
    if e.digital:
        d.append(E.PrimaryContentType("10"))  # text, eye-readable
    elif facts and e.key == facts.edition:  # the edition the print build made: a paperback's trim, a case's boards
        d.extend(_measures(facts))
    if e.digital:
        d.append(E.EpubTechnicalProtection("00"))  # octavo adds no DRM
    if c.series:
        element = E.TitleElement(E.TitleElementLevel("02"))
        if c.series.number:
            element.append(E.PartNumber(c.series.number))
        element.append(E.TitleText(c.series.title))
        d.append(E.Collection(E.CollectionType("10"), E.TitleDetail(E.TitleType("01"), element)))
    title = E.TitleElement(E.TitleElementLevel("01"), E.TitleText(c.title))
    if c.subtitle:
        title.append(E.Subtitle(c.subtitle))
    d.append(E.TitleDetail(E.TitleType("01"), title))
    for n, person in enumerate(c.credits, 1):
        contributor = E.Contributor(E.SequenceNumber(str(n)), E.ContributorRole(person.onix_role),
                                    E.PersonName(person.name), E.PersonNameInverted(person.sort))
        if person.biography:
            contributor.append(E.BiographicalNote(person.biography))
        d.append(contributor)
    if c.publication.edition_number:
        d.append(E.EditionNumber(str(c.publication.edition_number)))
    if c.edition:
        d.append(E.EditionStatement(c.edition))
    lang, country = onix_language(c.language)
    language = E.Language(E.LanguageRole("01"), E.LanguageCode(lang))
    if country:
        language.append(E.CountryCode(country))
    d.append(language)
    if facts:  # print: every page printed; digital: the print counterpart's pages
        d.append(E.Extent(E.ExtentType("08" if e.digital else "06"), E.ExtentValue(str(facts.pages)), E.ExtentUnit("03")))
    d.extend(_subjects(c))
    d.append(E.Audience(E.AudienceCodeType("01"), E.AudienceCodeValue(c.publication.audience_code)))
    return d


def _collateral(c: BookConfig, cover: CoverImage | None) -> etree._Element:
    detail = E.CollateralDetail(E.TextContent(E.TextType("03"), E.ContentAudience("00"),
                                              E.Text(c.description.strip(), textformat="06")))
    if cover:
        detail.append(E.SupportingResource(
            E.ResourceContentType("01"), E.ContentAudience("00"), E.ResourceMode("03"),
            E.ResourceVersion(
                E.ResourceForm("02"),
                E.ResourceVersionFeature(E.ResourceVersionFeatureType("01"), E.FeatureValue("D502")),  # not a diagnostic code: ONIX list 178, JPEG
                E.ResourceVersionFeature(E.ResourceVersionFeatureType("02"), E.FeatureValue(str(cover.height))),
                E.ResourceVersionFeature(E.ResourceVersionFeatureType("03"), E.FeatureValue(str(cover.width))),
                E.ResourceLink(cover.name))))
    return detail


def _status(c: BookConfig, sent: dt.datetime) -> tuple[str, str]:
    """(publishing status, list 64; availability, list 65) from the date against the sending day."""
    date = c.publication.date
    if date is None:
        return "00", "20"
    return ("02", "10") if date > sent.date() else ("04", "20")


def _publishing(c: BookConfig, sent: dt.datetime) -> etree._Element:
    status, _ = _status(c, sent)
    p = E.PublishingDetail(E.Publisher(E.PublishingRole("01"), E.PublisherName(c.publisher)), E.PublishingStatus(status))
    if c.publication.date:
        p.append(E.PublishingDate(E.PublishingDateRole("01"), _date(c.publication.date)))
    elif c.year:
        p.append(E.PublishingDate(E.PublishingDateRole("01"), E.Date(str(c.year), dateformat="05")))
    return p


def _related(c: BookConfig, slug: str, e: Edition, all_editions: list[Edition]) -> etree._Element:
    return E.RelatedMaterial(*[E.RelatedProduct(E.ProductRelationCode("06"), *_identifier(c, slug, other))
                               for other in all_editions if other is not e])


def _supply(c: BookConfig, e: Edition, sent: dt.datetime) -> etree._Element:
    _, availability = _status(c, sent)
    s = E.SupplyDetail(E.Supplier(E.SupplierRole("01"), E.SupplierName(c.publisher)), E.ProductAvailability(availability))
    prices = getattr(c.publication.prices, e.key)
    if prices:
        s.extend(_price(p) for p in prices)
    else:
        s.append(E.UnpricedItemType("02"))  # price to be announced
    return E.ProductSupply(s)


def onix_products(c: BookConfig, slug: str, facts: PrintFacts | None, sent: dt.datetime,
                  cover: CoverImage | None = None) -> list[etree._Element]:
    """One Product per edition of the book, related to each other."""
    all_editions = editions(c)
    products = []
    for e in all_editions:
        product = E.Product(E.RecordReference(f"octavo.{slug}.{e.key}"), E.NotificationType("03"),
                            *_identifier(c, slug, e))
        if not e.digital and isbn_digits(getattr(c.identifiers, e.key)):
            product.append(E.Barcode(E.BarcodeType("03"), E.PositionOnProduct("01")))  # EAN-13 on the back cover
        product.append(_descriptive(c, e, facts))
        product.append(_collateral(c, cover))
        product.append(_publishing(c, sent))
        product.append(_related(c, slug, e, all_editions))
        product.append(_supply(c, e, sent))
        products.append(product)
    return products


def onix_message(sender: str, sent: dt.datetime, products: list[etree._Element]) -> bytes:
    """An ONIX 3.0 message holding ``products``: one book's editions, or a whole list's."""
    message = E.ONIXMessage(E.Header(E.Sender(E.SenderName(sender)),
                                     E.SentDateTime(sent.strftime("%Y%m%dT%H%M%SZ"))), release="3.0")
    message.extend(products)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def onix_record(c: BookConfig, slug: str, facts: PrintFacts | None, sent: dt.datetime,
                cover: CoverImage | None = None) -> bytes:
    """The ONIX 3.0 message for every edition of the book."""
    return onix_message(c.publisher, sent, onix_products(c, slug, facts, sent, cover))


# --- checking -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _schema() -> etree.XMLSchema:
    from octavo.codelists import schema_dir

    return etree.XMLSchema(etree.parse(str(schema_dir() / "ONIX_BookProduct_3.0_reference.xsd")))


def onix_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, message) for every way the record breaks the ONIX 3.0 reference XSD; [] when valid."""
    try:
        doc = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    except etree.XMLSyntaxError as exc:
        return [(exc.lineno or 1, f"not well-formed XML: {exc.msg}")]
    schema = _schema()
    if schema.validate(doc):
        return []
    return [(err.line, err.message.replace("{" + NS + "}", "")) for err in schema.error_log]

