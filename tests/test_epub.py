"""The EPUB 3 edition as retailers and reading systems take it (issue A).

Built once per session by ``real_build`` (the manuscript) and ``tiny_build``
(the fixture book: a real figure, a print ISBN only); ``real_rebuild`` is the
one second build, for the byte-identical check. EPUBCheck, the page-list
against the print folios and the language of every file are in
test_real_book.py; this file adds DAISY Ace, the accessibility metadata, the
structure, the cover, the page-break markers, the stylesheet, reproducibility
and a read-back with ebooklib.
"""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from lxml import etree
from PIL import Image

from helpers import copy_book_to, read_epub
from octavo.preflight.ace import ace

pytestmark = pytest.mark.slow

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Epub:
    """A built EPUB, read once: its zip entries, the package and each XHTML file parsed."""

    def __init__(self, path):
        self.path = path
        self.files = read_epub(path)
        self.opf = etree.fromstring(self.files["OEBPS/package.opf"])
        self.xhtml = {name[len("OEBPS/"):]: etree.fromstring(data) for name, data in self.files.items()
                      if name.endswith(".xhtml")}

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.findall(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.findall(f"opf:metadata/dc:{name}", NS)]

    @property
    def manifest(self) -> dict[str, etree._Element]:
        return {i.get("id"): i for i in self.opf.findall("opf:manifest/opf:item", NS)}

    @property
    def spine(self) -> list[str]:
        """The file of each spine item, in reading order."""
        items = self.manifest
        return [items[r.get("idref")].get("href") for r in self.opf.findall("opf:spine/opf:itemref", NS)]

    def text(self, element) -> str:
        return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def real(real_build) -> Epub:
    return Epub(real_build.output("epub"))


@pytest.fixture(scope="module")
def tiny(tiny_build) -> Epub:
    return Epub(tiny_build.output("epub"))


# --- validators ---------------------------------------------------------------

def test_daisy_ace_finds_no_violations(real_build):
    """DAISY Ace (axe-core in Chromium over every content file, plus the package): 0 violations."""
    assert [str(d) for d in ace(real_build.output("epub"))] == []


# --- accessibility metadata (EPUB Accessibility 1.1) ----------------------------

COMMON_FEATURES = {"tableOfContents", "readingOrder", "structuralNavigation", "pageBreakMarkers",
                   "pageNavigation", "printPageNumbers", "displayTransformability"}


@pytest.mark.parametrize("which", ["real", "tiny"])
def test_package_carries_accessibility_metadata(request, which):
    epub: Epub = request.getfixturevalue(which)
    assert epub.opf.get("version") == "3.0"
    # a draft build claims no conformance (only a release whose pictures are all described does:
    # tests/unit/test_matter.py)
    assert epub.meta("dcterms:conformsTo") == []
    assert epub.meta("a11y:certifiedBy") == []
    assert epub.meta("schema:accessModeSufficient") == ["textual"]
    assert epub.meta("schema:accessibilityHazard") == ["none"]
    summary = epub.meta("schema:accessibilitySummary")
    assert len(summary) == 1 and len(summary[0]) > 80
    assert "page" in summary[0] and "table of contents" in summary[0]
    features = set(epub.meta("schema:accessibilityFeature"))
    assert COMMON_FEATURES <= features
    # a book with pictures is also visual, and its pictures have text alternatives
    has_pictures = any(i.get("media-type").startswith("image/") and "cover-image" not in (i.get("properties") or "")
                       for i in epub.manifest.values())
    assert has_pictures == (which == "tiny")  # the manuscript's photographs are still placeholders
    assert ("alternativeText" in features) == has_pictures
    assert sorted(epub.meta("schema:accessMode")) == (["textual", "visual"] if has_pictures else ["textual"])


@pytest.mark.parametrize("which", ["real", "tiny"])
def test_every_figure_has_a_text_alternative_that_is_not_its_caption(request, which):
    epub: Epub = request.getfixturevalue(which)
    figures = [(name, f) for name, doc in epub.xhtml.items() for f in doc.iter("{%s}figure" % NS["x"])]
    assert len(figures) == {"real": 6, "tiny": 1}[which]
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


# --- structure ------------------------------------------------------------------

def test_spine_reads_cover_title_copyright_contents_chapters_sources_colophon(real, real_build):
    sections = [re.search(r"\{#([\w-]+)", path.read_text(encoding="utf-8").splitlines()[0]).group(1) + ".xhtml"
                for path in real_build.book.chapter_files]
    assert sections[:2] == ["opening.xhtml", "ch16.xhtml"] and len(sections) == 7
    assert real.spine == ["cover.xhtml", "titlepage.xhtml", "copyright.xhtml", "nav.xhtml", *sections,
                          "sources.xhtml", "colophon.xhtml"]
    assert all(r.get("linear") in (None, "yes") for r in real.opf.findall("opf:spine/opf:itemref", NS))


PART_TYPES = {"cover.xhtml": ("frontmatter", "cover"), "titlepage.xhtml": ("frontmatter", "titlepage"),
              "copyright.xhtml": ("frontmatter", "copyright-page"), "nav.xhtml": ("frontmatter", "toc"),
              "opening.xhtml": ("bodymatter", "prologue"), "sources.xhtml": ("backmatter", "bibliography"),
              "colophon.xhtml": ("backmatter", "colophon")}


def test_each_part_says_what_it_is(real):
    """epub:type on the body (front, body or back matter) and on the part's own element;
    the notes of each chapter are a labelled section of footnotes after the text."""
    for name in real.spine:
        doc = real.xhtml[name]
        body = doc.find("x:body", NS)
        matter, part = PART_TYPES.get(name, ("bodymatter", "chapter"))
        assert body.get(EPUB_TYPE) == matter, name
        first = body[0] if name != "nav.xhtml" else body.find("x:nav", NS)
        assert first.get(EPUB_TYPE) == part, name
        if part in ("chapter", "prologue"):
            assert first.get("role") == f"doc-{part}"
            heading = first.find("x:h1", NS)
            assert heading is not None and first.get("id") + "-title" == heading.get("id")
            notes = first.findall("x:section[@class='notes']", NS)
            calls = [a for a in first.iter("{%s}a" % NS["x"]) if a.get(EPUB_TYPE) == "noteref"]
            assert len(notes) == (1 if calls else 0), name
            if notes:
                assert notes[0].get(EPUB_TYPE) == "footnotes" and notes[0].get("aria-label") == "Notes"
                asides = notes[0].findall("x:aside", NS)
                assert [a.get("id") for a in asides] == [c.get("href").split("#")[1] for c in calls]
                assert all(a.get(EPUB_TYPE) == "footnote" and a.get("role") == "doc-footnote" for a in asides)


def test_landmarks_name_the_cover_title_page_contents_text_and_sources(real):
    nav = real.xhtml["nav.xhtml"]
    landmarks = [n for n in nav.iter("{%s}nav" % NS["x"]) if n.get(EPUB_TYPE) == "landmarks"]
    assert len(landmarks) == 1
    entries = [(a.get(EPUB_TYPE), a.get("href")) for a in landmarks[0].iter("{%s}a" % NS["x"])]
    assert entries == [("cover", "cover.xhtml"), ("titlepage", "titlepage.xhtml"), ("toc", "nav.xhtml"),
                       ("bodymatter", "opening.xhtml"), ("bibliography", "sources.xhtml")]


def test_language_on_the_package(real, tiny):
    for epub, lang in ((real, "en-GB"), (tiny, "en")):
        assert epub.opf.get(XML_LANG) == lang
        assert epub.dc("language") == [lang]
        for name, doc in epub.xhtml.items():
            assert (doc.get("lang"), doc.get(XML_LANG)) == (lang, lang), name


def test_title_page_and_copyright_page(real, real_build):
    c = real_build.book.config
    title = real.text(real.xhtml["titlepage.xhtml"].find("x:body", NS))
    for part in (c.title, c.subtitle, c.authors[0], c.publisher):
        assert part in title
    copyright = real.text(real.xhtml["copyright.xhtml"].find("x:body", NS))
    for part in (c.rights, f"{c.edition}, {c.year}.", f"Published by {c.publisher}."):
        assert part in copyright
    assert "ISBN" not in copyright  # the manuscript has no ISBNs yet


def test_epub_copyright_never_shows_the_print_isbn(tiny, tiny_build):
    """The tiny book has a paperback ISBN only: the EPUB neither prints it as its own
    nor takes it as its identifier; it names the print edition as its page source."""
    isbn = tiny_build.book.config.identifiers.print
    assert isbn and tiny_build.book.config.identifiers.epub is None
    digits = isbn.replace("-", "")
    copyright = tiny.text(tiny.xhtml["copyright.xhtml"].find("x:body", NS))
    # the copyright page lists every edition's ISBN with its edition named (issue 12), so the
    # paperback's stands there as the paperback's, never as the EPUB's
    assert f"ISBN {isbn} (paperback)" in copyright and "(EPUB)" not in copyright
    assert tiny.dc("identifier")[0].startswith("urn:uuid:")
    assert tiny.meta("pageBreakSource") == [f"urn:isbn:{digits}"]
    assert tiny.dc("source") == [f"urn:isbn:{digits}"]


def test_epub_isbn_is_the_identifier_and_on_the_copyright_page(tmp_path, source_date_epoch):
    """With an EPUB ISBN set, it is the package's identifier and the copyright page shows it
    labelled as the EPUB's (the EPUB alone, from the prepared book: no layout needed)."""
    from octavo.builders.epub import build_epub
    from octavo.prepare import prepare
    from octavo.project import Book

    root = copy_book_to("tiny", tmp_path)
    yaml = (root / "book.yaml").read_text(encoding="utf-8")
    (root / "book.yaml").write_text(yaml.replace("  epub:\n", "  epub: 978-3-16-148410-0\n"), encoding="utf-8")
    book = Book.load(root, tmp_path / "build")
    isbn = book.config.identifiers.epub  # as the publisher wrote it
    assert isbn.replace("-", "") == "9783161484100"
    doc, _report = prepare(book)
    data = build_epub(book, doc, None, None)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = z.read("OEBPS/package.opf").decode("utf-8")
        copyright = z.read("OEBPS/copyright.xhtml").decode("utf-8")
    assert '<dc:identifier id="pub-id">urn:isbn:9783161484100</dc:identifier>' in opf
    assert f'ISBN <span class="isbn">{isbn}</span> (EPUB)' in copyright
    assert "(paperback)" in copyright  # every edition's ISBN stands on each copyright page


# --- cover --------------------------------------------------------------------

def test_cover_image_is_large_enough_and_declared(real):
    items = [i for i in real.manifest.values() if "cover-image" in (i.get("properties") or "").split()]
    assert len(items) == 1
    href = items[0].get("href")
    assert items[0].get("media-type") == "image/png"
    with Image.open(io.BytesIO(real.files[f"OEBPS/{href}"])) as im:
        assert im.width >= 1600 and im.height >= 2560, im.size
        assert 1.5 <= im.height / im.width <= 1.7  # a book's proportions
        assert im.mode == "RGB"
    assert real.opf.find("opf:metadata/opf:meta[@name='cover']", NS).get("content") == items[0].get("id")
    img = real.xhtml["cover.xhtml"].find(".//x:img", NS)
    assert img.get("src") == href and img.get("role") == "doc-cover" and img.get("alt").startswith("Cover: ")
    assert real.spine[0] == "cover.xhtml"


# --- print page numbers -------------------------------------------------------

def test_page_break_markers_follow_the_page_list(real):
    """Every marker is a pagebreak for EPUB and for assistive technology, labelled with its
    folio; read in spine order, the markers are the page-list's entries in the same order."""
    markers = []
    for name in real.spine:
        for el in real.xhtml[name].iter():
            if el.get(EPUB_TYPE) == "pagebreak":
                assert el.get("role") == "doc-pagebreak", (name, el.get("id"))
                label = el.get("aria-label")
                assert el.get("id") == f"page-{label}" and not "".join(el.itertext()), (name, label)
                markers.append(f"{name}#page-{label}")
            elif el.get("role") == "doc-pagebreak":
                pytest.fail(f"{name}: a doc-pagebreak without epub:type pagebreak")
    nav = real.xhtml["nav.xhtml"]
    page_list = [n for n in nav.iter("{%s}nav" % NS["x"]) if n.get(EPUB_TYPE) == "page-list"][0]
    entries = [a.get("href") for a in page_list.iter("{%s}a" % NS["x"])]
    assert markers == entries
    assert len(entries) == len(set(entries)) > 30


def test_page_break_source_names_the_print_edition(real, real_build):
    c = real_build.book.config
    assert real.meta("pageBreakSource") == [f"{c.title}: {c.subtitle}, print edition ({c.publisher})"]
    assert real.dc("source") == real.meta("pageBreakSource")


# --- stylesheet ---------------------------------------------------------------

def test_stylesheet_leaves_size_colour_and_theme_to_the_reader(real):
    css = real.files["OEBPS/css/book.css"].decode("utf-8")
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    sizes = re.findall(r"font-size\s*:\s*([^;}]+)", rules)
    assert sizes and all(re.fullmatch(r"\d*\.?\d+(em|%)|smaller|larger|inherit", s.strip()) for s in sizes), sizes
    assert not re.search(r"\bfont\s*:", rules)  # no shorthand that could carry an absolute size
    assert not re.search(r"(?<![-\w])color\s*:", rules)
    assert not re.search(r"background(-color|-image)?\s*:", rules)
    assert not re.search(r"!important", rules)
    line_heights = re.findall(r"line-height\s*:\s*([^;}]+)", rules)
    assert all(re.fullmatch(r"\d*\.?\d+|0", v.strip()) for v in line_heights), line_heights  # unitless


def test_book_face_is_embedded_and_declared(real, real_build):
    css = real.files["OEBPS/css/book.css"].decode("utf-8")
    faces = re.findall(r"@font-face\s*\{([^}]*)\}", css)
    fonts = {i.get("href"): i.get("media-type") for i in real.manifest.values() if i.get("href").startswith("fonts/")}
    # regular and italic; the bold face only when something is set in bold (nothing is, here)
    assert len(faces) == len(fonts) == 2
    assert not re.search(r"<(strong|b|th)\b", "".join(v.decode("utf-8") for k, v in real.files.items() if k.endswith(".xhtml")))
    styles = set()
    for face in faces:
        assert '"Octavo Body"' in face
        href = re.search(r'src:\s*url\("\.\./([^"]+)"\)', face).group(1)
        assert fonts[href] in ("font/otf", "font/ttf") and f"OEBPS/{href}" in real.files
        styles.add(re.search(r"font-style:\s*(\w+)", face).group(1))
    assert styles == {"normal", "italic"}
    assert re.search(r'body\s*\{[^}]*font-family:\s*"Octavo Body", serif', css)


def test_fonts_are_subset_to_the_characters_used(real, real_build):
    """Only the glyphs the book uses, with the OpenType features (small caps) kept."""
    from fontTools.ttLib import TTFont

    text = "".join(v.decode("utf-8") for k, v in real.files.items() if k.endswith(".xhtml"))
    assert "Ж" not in text
    faces = {f.name: TTFont(f).getBestCmap() for _w, _s, f in real_build.book.fonts.faces()}
    for name, data in real.files.items():
        if name.startswith("OEBPS/fonts/"):
            full = faces[name.rsplit("/", 1)[1]]
            assert ord("Ж") in full  # the face has Cyrillic; the book does not use it
            font = TTFont(io.BytesIO(data))
            cmap = font.getBestCmap()
            assert len(data) < 150_000, name  # the full faces are 300-420 kB
            assert all(ord(ch) in cmap for ch in "Stalin—“”’…❦" if ord(ch) in full), name
            assert ord("Ж") not in cmap, name
            assert "smcp" in {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}, name


# --- reproducible -------------------------------------------------------------

def test_two_builds_are_byte_identical(real_build, real_rebuild):
    first, second = real_build.output("epub").read_bytes(), real_rebuild.output("epub").read_bytes()
    assert real_build.output("epub") != real_rebuild.output("epub")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}


# --- read back with ebooklib ----------------------------------------------------

def test_ebooklib_reads_title_language_creator_and_spine(real, real_build):
    import ebooklib
    from ebooklib import epub

    book = epub.read_epub(str(real_build.output("epub")), {"ignore_ncx": True})
    c = real_build.book.config
    assert [t for t, _attrs in book.get_metadata("DC", "title")] == [c.title, c.subtitle]
    assert book.get_metadata("DC", "language") == [("en-GB", {})]
    assert [a for a, _attrs in book.get_metadata("DC", "creator")] == c.authors
    assert [d for d, _attrs in book.get_metadata("DC", "description")] == [c.description]
    spine = [book.get_item_with_id(idref).get_name() for idref, _linear in book.spine]
    assert spine == real.spine
    documents = {i.get_name() for i in book.get_items_of_type(ebooklib.ITEM_DOCUMENT)}
    assert set(spine) <= documents
    assert isinstance(book.get_item_with_id("cover-image"), epub.EpubCover)
