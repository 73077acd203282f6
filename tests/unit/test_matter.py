"""Front and back matter facts: the accessibility claim, the printing line, the cover's screen colour."""
from pathlib import Path

from octavo.ast import Para, Str
from octavo.builders.cover import _rgb
from octavo.a11y import features, summary as a11y_summary
from octavo.builders.epub import claims_conformance
from octavo.i18n import messages
from octavo.document import Document, Section


def doc_with(*blocks, missing=()):
    d = Document(sections=[Section("chapter", Path("c.md"), list(blocks), id="c")])
    d.missing_images = list(missing)
    return d


def figure(alt: str, caption: str = ""):
    return {"t": "Figure", "c": [["fig", [], [["alt", alt]] if alt else []], [None, [Para([Str(caption)])] if caption else []],
                                 [Para([])]]}


def test_conformance_is_claimed_only_by_a_release_with_every_picture_described():
    assert claims_conformance(doc_with(figure("A map")), release=True)
    assert not claims_conformance(doc_with(figure("A map")), release=False)
    assert not claims_conformance(doc_with(figure("")), release=True)
    assert not claims_conformance(doc_with(figure("A map"), missing=["images/x.jpg"]), release=True)


def test_a_draft_summary_does_not_describe_pictures_that_are_not_there():
    en = messages("en")
    summary = a11y_summary(features(doc_with(missing=["images/x.jpg"]), page_list=True), en)
    assert "WCAG" not in summary and en("a11y_images") not in summary and en("a11y_missing") in summary


def test_the_epub_cover_colour_is_the_printed_one_not_a_naive_mix():
    naive = "#%02x%02x%02x" % tuple(round(255 * (1 - v) * (1 - 0.45)) for v in (0.85, 0.55, 0.10))
    from octavo.config import OUTPUT_INTENTS

    converted = _rgb("device-cmyk(0.85 0.55 0.10 0.45)", OUTPUT_INTENTS["ghostscript-default"])
    assert converted.startswith("#") and len(converted) == 7
    assert converted != naive


def test_the_copyright_page_lists_every_edition_and_the_printing_line(tmp_path):
    from jinja2 import Environment, FileSystemLoader

    from octavo.config import BookConfig

    config = BookConfig(title="T", authors=["A"], publisher="P", rights="R", description="D", chapters=["c.md"],
                        identifiers={"print": "978-0-306-40615-7", "epub": "978-3-16-148410-0"}, printing=3,
                        publication_history=["First published in 1989 by Fortress Books."])
    env = Environment(loader=FileSystemLoader(str(Path(__file__).parents[2] / "templates")))
    from octavo.builders import base

    en = messages("en")
    isbns = [("isbn_print", config.identifiers.print), ("isbn_epub", config.identifiers.epub)]
    html = env.get_template("partials/copyright.html.j2").render(
        book=config, isbns=isbns, printing_line=base.printing_line(config.printing), t=en, series_line=None,
        edition_line=None, editorial=None, font_family="F")
    assert f"{en('isbn_print')}: " in html and f"{en('isbn_epub')}: " in html and en("isbn_pdf") not in html
    assert "First published in 1989" in html
    assert html.count("10 9 8 7 6 5 4 3") == 1 and "2 1" not in html.split("printing")[-1]


def test_the_printing_line_ends_with_this_printing():
    from octavo.builders.base import printing_line

    assert printing_line(1) == "10 9 8 7 6 5 4 3 2 1"
    assert printing_line(3) == "10 9 8 7 6 5 4 3"
    assert printing_line(12).split()[-1] == "12"
