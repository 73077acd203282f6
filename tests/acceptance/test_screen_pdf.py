"""The screen PDF, the download edition (issue B): tagged, navigable, linked, small.

Read with pikepdf from ``real_build`` (the manuscript built once per session);
``real_rebuild`` is the one second build, for the byte-identical check. The
basic tagging, language, title and page labels are checked in
test_real_book.py; this file adds the metadata (document info and XMP), the
viewer preferences, the outline, every internal link (contents, note calls and
notes, citations and sources), the structure tree, subset fonts and size.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pikepdf
import pytest

from helpers import SOURCE_DATE_EPOCH, cited_keys_of, pdf_dest_pages

pytestmark = pytest.mark.slow

# The size budget of the download edition without its pictures (text, structure, fonts):
# the photographs, still to come, are budgeted apart, so their arrival fails nothing here.
MAX_BYTES = 400_000
MAX_FONT_PROGRAM = 150_000


@pytest.fixture(scope="module")
def pdf(real_build):
    with pikepdf.open(real_build.output("pdf")) as doc:
        yield doc


@pytest.fixture(scope="module")
def dests(real_build) -> dict[str, int]:
    """Every named destination (an HTML id) -> 0-based page index."""
    return pdf_dest_pages(real_build.output("pdf"))


@pytest.fixture(scope="module")
def links(pdf, dests) -> list[tuple[int, str]]:
    """(page index, destination name) of every internal link annotation, in page order."""
    found = []
    for index, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots") or []:
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot:
                action = annot.A
                assert action.S == "/GoTo", f"page {index + 1}: a link that is not internal: {action}"
                dest = action.D
            assert isinstance(dest, (pikepdf.String, pikepdf.Name)), f"page {index + 1}: {dest!r}"
            found.append((index, str(dest).lstrip("/")))
    return found


@pytest.fixture(scope="module")
def sections(real_build) -> list[tuple[str, str]]:
    """(id, outline title) of each section of the manuscript, in reading order."""
    out = []
    label = real_build.book.config.opening_label  # over an unnumbered opening section, as a number is
    numbered = False
    for path in real_build.book.chapter_files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        m = re.fullmatch(r"# (.+?) \{#([\w-]+)(?: \.unnumbered)?(?: number=\"(\d+)\")?\}", first)
        title, ident, number = m.groups()
        opening = not number and not numbered and label
        numbered = numbered or bool(number)
        out.append((ident, f"{number} {title}" if number else f"{label}: {title}" if opening else title))
    return out


def xmp(pdf):
    """The XMP metadata, read only (the context-manager form would write pikepdf in as the producer)."""
    return pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)


# --- document: tags, language, metadata -----------------------------------------

def test_tagged_for_pdf_ua(pdf, sections):
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.Root.Lang) == "en-GB"
    assert xmp(pdf).get("pdfuaid:part") == "1"
    kinds: dict[str, int] = {}

    def walk(element):
        if isinstance(element, pikepdf.Array):
            for child in element:
                walk(child)
        elif isinstance(element, pikepdf.Dictionary) and "/S" in element:
            kinds[str(element.S)] = kinds.get(str(element.S), 0) + 1
            walk(element.get("/K"))

    walk(pdf.Root.StructTreeRoot.K)
    assert kinds["/Document"] == 1
    assert kinds["/H1"] == len(sections) + 3  # every section, the contents, the sources and the index
    assert kinds["/Link"] >= 60 and kinds["/P"] > 100 and kinds["/BlockQuote"] >= 10
    for page in pdf.pages:  # tab order follows the structure; every link annotation is in it
        assert page.obj.get("/Tabs") == "/S"
        for annot in page.obj.get("/Annots") or []:
            assert "/StructParent" in annot


def test_document_info_and_xmp_metadata(pdf, real_build):
    c = real_build.book.config
    title = f"{c.title}: {c.subtitle}"
    stamp = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), tz=timezone.utc)
    info = pdf.docinfo
    assert str(info.Title) == title
    assert str(info.Author) == ", ".join(c.authors)
    assert str(info.Subject) == c.description
    assert str(info.Keywords) == ", ".join(c.subjects)
    assert str(info.Creator).startswith("octavo ")
    assert str(info.Producer).startswith("WeasyPrint ")
    assert str(info.CreationDate) == stamp.strftime("D:%Y%m%d%H%M%SZ") == str(info.ModDate)
    meta = xmp(pdf)
    assert meta["dc:title"] == title
    assert meta["dc:creator"] == c.authors
    assert meta["dc:description"] == c.description
    assert meta["pdf:Keywords"] == ", ".join(c.subjects)
    assert meta["pdf:Producer"] == str(info.Producer)
    assert meta["xmp:CreatorTool"] == str(info.Creator)
    assert meta["xmp:CreateDate"] == stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- outline ------------------------------------------------------------------

def test_outline_has_front_matter_every_chapter_and_back_matter(pdf, dests, sections):
    index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        items = [(item.title, item.destination) for item in outline.root]
        assert all(not item.children for item in outline.root)
    titles = [title for title, _dest in items]
    assert titles == ["Title page", "Copyright", "Contents", *(t for _i, t in sections), "Sources", "Index", "Colophon"]
    pages = [index[dest[0].objgen] for _title, dest in items]
    assert pages == sorted(pages)
    expected = [dests[i] for i in ("title-page", "copyright", "contents", *(i for i, _t in sections), "sources", "index",
                                   "colophon")]
    assert pages == expected
    assert pages[0] == 0 and pages[-1] == len(pdf.pages) - 1


# --- links --------------------------------------------------------------------

def test_every_link_resolves_to_a_page(links, dests):
    assert len(links) > 100
    for page, name in links:
        assert 0 <= dests.get(name, -1), (page + 1, name)


def test_contents_links_to_each_chapter_opening(links, dests, sections):
    contents = dests["contents"]
    targets = {name for page, name in links if page == contents}
    assert targets == {i for i, _t in sections} | {"sources", "index"}
    openings = [dests[i] for i, _t in sections]
    assert openings == sorted(openings) and len(set(openings)) == len(openings)


def test_note_calls_and_notes_link_both_ways(links, dests):
    notes = sorted(n for n in dests if n.startswith("fn-"))
    assert len(notes) >= 24  # 22 citations and the editor's notes
    pairs = set(links)
    for note in notes:
        call = "fnref-" + note[3:]
        assert (dests[call], note) in pairs, f"no link from the call to {note}"
        assert (dests[note], call) in pairs, f"no link from {note} back to its call"


def test_every_note_sits_on_the_page_of_its_call(dests):
    off = {n: (dests["fnref-" + n[3:]] + 1, dests[n] + 1) for n in dests
           if n.startswith("fn-") and dests[n] != dests["fnref-" + n[3:]]}
    assert off == {}, "note: (page of the call, page of the note)"


def test_each_citation_links_to_its_entry_in_the_sources(real_build, links, dests):
    refs = {n for n in dests if n.startswith("ref-")}
    cited = set(cited_keys_of(real_build.book))
    assert {f"ref-{key}" for key in cited} <= refs
    assert all(dests["sources"] <= dests[r] < dests["colophon"] for r in refs)  # each entry is in the sources
    linked = {name for _page, name in links if name.startswith("ref-")}
    assert linked == {f"ref-{key}" for key in cited}
    # each link to a work starts on a page with a note (the citations are in the notes)
    note_pages = {dests[n] for n in dests if n.startswith("fn-")}
    assert {page for page, name in links if name.startswith("ref-")} <= note_pages


# --- fonts and size -------------------------------------------------------------

def test_fonts_are_subset_and_small(pdf):
    programs = {}
    for page in pdf.pages:
        for _name, font in (page.obj.Resources.get("/Font") or {}).items():
            for f in [font, *font.get("/DescendantFonts", [])]:
                desc = f.get("/FontDescriptor")
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if desc is not None and key in desc:
                        programs[str(f.BaseFont)] = len(desc[key].read_bytes())
    assert len(programs) >= 2  # roman and italic at least
    for name, size in programs.items():
        assert re.match(r"[A-Z]{6}\+", name.lstrip("/")), f"{name} is not a subset"
        assert size < MAX_FONT_PROGRAM, f"{name}: {size} bytes"


def test_file_is_small(real_build, pdf):
    images = {xobj.objgen: len(xobj.read_raw_bytes()) for page in pdf.pages
              for _name, xobj in (page.obj.get("/Resources", {}).get("/XObject") or {}).items()
              if xobj.get("/Subtype") == "/Image"}
    assert real_build.output("pdf").stat().st_size - sum(images.values()) < MAX_BYTES


def test_two_builds_are_byte_identical(real_build, real_rebuild):
    assert real_build.output("pdf") != real_rebuild.output("pdf")
    assert real_build.output("pdf").read_bytes() == real_rebuild.output("pdf").read_bytes()
