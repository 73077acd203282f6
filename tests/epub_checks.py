"""EPUB checks that hold for any book (used by tests/books/ on the fixture book and by
tests/acceptance/ on the manuscript): each takes a read-back ``helpers.Epub`` and the
``Book`` it was built from, and computes what to expect from that book."""
from __future__ import annotations

from helpers import EPUB_NS as NS
from helpers import Epub, figure_count_of

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

COMMON_FEATURES = {"tableOfContents", "readingOrder", "structuralNavigation", "pageBreakMarkers",
                   "pageNavigation", "printPageNumbers", "displayTransformability"}


def pictures_present(epub: Epub) -> bool:
    """The EPUB carries a picture other than its cover (artwork still to come is a placeholder)."""
    return any(i.get("media-type").startswith("image/") and "cover-image" not in (i.get("properties") or "")
               for i in epub.manifest.values())


def check_accessibility_metadata(epub: Epub, release: bool = False) -> None:
    """``release``: the EPUB came from a release build whose pictures are all present and
    described, the only build that may claim WCAG conformance (issue 12); a draft claims none."""
    assert epub.opf.get("version") == "3.0"
    if release:
        assert epub.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
        assert epub.meta("a11y:certifiedBy") == epub.dc("publisher")
    else:
        assert epub.meta("dcterms:conformsTo") == [] and epub.meta("a11y:certifiedBy") == []
        assert all("WCAG" not in s for s in epub.meta("schema:accessibilitySummary"))
    assert epub.meta("schema:accessModeSufficient") == ["textual"]
    assert epub.meta("schema:accessibilityHazard") == ["none"]
    summary = epub.meta("schema:accessibilitySummary")
    assert len(summary) == 1 and len(summary[0]) > 80
    assert "page" in summary[0] and "table of contents" in summary[0]
    features = set(epub.meta("schema:accessibilityFeature"))
    assert COMMON_FEATURES <= features
    # a book with pictures is also visual, and its pictures have text alternatives
    # (whether it has any is read from the EPUB: true once the artwork arrives)
    has_pictures = pictures_present(epub)
    assert ("alternativeText" in features) == has_pictures
    assert sorted(epub.meta("schema:accessMode")) == (["textual", "visual"] if has_pictures else ["textual"])


def check_figures_have_text_alternatives(epub: Epub, book) -> None:
    """Every figure of the manuscript is a figure in the EPUB, with an alt text (or, for
    artwork still to come, a placeholder's label) that is not merely its caption."""
    figures = [(name, f) for name, doc in epub.xhtml.items() for f in doc.iter("{%s}figure" % NS["x"])]
    assert len(figures) == figure_count_of(book)
    for name, figure in figures:
        caption = figure.find("x:figcaption", NS)
        caption_text = epub.text(caption)
        credit = caption.find("x:span[@class='credit']", NS)
        caption_only = caption_text.replace(epub.text(credit), "").strip() if credit is not None else caption_text
        img = figure.find("x:img", NS)
        if img is not None:
            alt = img.get("alt")
        else:  # artwork still to come: a placeholder that stands for the picture
            placeholder = figure.find("x:div[@role='img']", NS)
            assert placeholder is not None, (name, figure.get("id"))
            alt = placeholder.get("aria-label")
        assert alt and len(alt) > 15, (name, figure.get("id"))
        assert alt not in (caption_text, caption_only), (name, figure.get("id"))


def check_language(epub: Epub, book) -> None:
    """The book's language (book.yaml) on the package, in dc:language and on every file."""
    lang = book.config.language
    assert epub.opf.get(XML_LANG) == lang
    assert epub.dc("language") == [lang]
    for name, doc in epub.xhtml.items():
        assert (doc.get("lang"), doc.get(XML_LANG)) == (lang, lang), name
