"""The EPUB 3 edition as retailers and reading systems take it (issue A).

Built once per session by ``real_build`` (the manuscript); ``real_rebuild`` is
the one second build, for the byte-identical check. The same checks on the
fixture book are in tests/books/test_tiny_epub.py. EPUBCheck, the page-list
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
from PIL import Image

from epub_checks import check_accessibility_metadata, check_figures_have_text_alternatives, check_language
from helpers import EPUB_NS, Epub
from octavo.preflight.ace import ace

pytestmark = pytest.mark.slow

NS = EPUB_NS
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def real(real_build) -> Epub:
    return Epub(real_build.output("epub"))


# --- validators ---------------------------------------------------------------

def test_daisy_ace_finds_no_violations(real_build):
    """DAISY Ace (axe-core in Chromium over every content file, plus the package): 0 violations."""
    assert [str(d) for d in ace(real_build.output("epub"))] == []


# --- accessibility metadata (EPUB Accessibility 1.1) ----------------------------

def test_package_carries_accessibility_metadata(real):
    check_accessibility_metadata(real)


def test_every_figure_has_a_text_alternative_that_is_not_its_caption(real, real_build):
    check_figures_have_text_alternatives(real, real_build.book)


# --- structure ------------------------------------------------------------------

def test_spine_reads_cover_title_copyright_contents_chapters_sources_index_colophon(real, real_build):
    sections = [re.search(r"\{#([\w-]+)", path.read_text(encoding="utf-8").splitlines()[0]).group(1) + ".xhtml"
                for path in real_build.book.chapter_files]
    assert sections[:2] == ["opening.xhtml", "ch16.xhtml"] and len(sections) == 7
    assert real.spine == ["cover.xhtml", "titlepage.xhtml", "copyright.xhtml", "nav.xhtml", *sections,
                          "sources.xhtml", "index.xhtml", "colophon.xhtml"]
    assert all(r.get("linear") in (None, "yes") for r in real.opf.findall("opf:spine/opf:itemref", NS))


PART_TYPES = {"cover.xhtml": ("frontmatter", "cover"), "titlepage.xhtml": ("frontmatter", "titlepage"),
              "copyright.xhtml": ("frontmatter", "copyright-page"), "nav.xhtml": ("frontmatter", "toc"),
              "opening.xhtml": ("bodymatter", "prologue"), "sources.xhtml": ("backmatter", "bibliography"),
              "index.xhtml": ("backmatter", "index"), "colophon.xhtml": ("backmatter", "colophon")}


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


def test_landmarks_name_the_cover_title_page_contents_text_sources_and_index(real):
    nav = real.xhtml["nav.xhtml"]
    landmarks = [n for n in nav.iter("{%s}nav" % NS["x"]) if n.get(EPUB_TYPE) == "landmarks"]
    assert len(landmarks) == 1
    entries = [(a.get(EPUB_TYPE), a.get("href")) for a in landmarks[0].iter("{%s}a" % NS["x"])]
    assert entries == [("cover", "cover.xhtml"), ("titlepage", "titlepage.xhtml"), ("toc", "nav.xhtml"),
                       ("bodymatter", "opening.xhtml"), ("bibliography", "sources.xhtml"), ("index", "index.xhtml")]


def test_language_on_the_package(real, real_build):
    check_language(real, real_build.book)


def test_title_page_and_copyright_page(real, real_build):
    c = real_build.book.config
    title = real.text(real.xhtml["titlepage.xhtml"].find("x:body", NS))
    for part in (c.title, c.subtitle, c.authors[0], c.publisher):
        assert part in title
    copyright = real.text(real.xhtml["copyright.xhtml"].find("x:body", NS))
    for part in (c.rights, f"{c.edition}, {c.year}.", f"Published by {c.publisher}."):
        assert part in copyright
    assert "ISBN" not in copyright  # the manuscript has no ISBNs yet


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
