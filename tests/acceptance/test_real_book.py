"""The real manuscript, built once per session (``real_build``): every output
exists, passes EPUBCheck and print preflight, and carries what a reader and a
printer need (trim, PDF/X intent, embedded fonts, page list, citations, notes,
tagged screen PDF)."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from ruamel.yaml import YAML

from helpers import REPO, cited_keys_of, pdf_dest_pages, pdf_page_texts, plain_csl_title, printed_folios, read_epub, searchable
from octavo.builders.pdf import print_geometry
from octavo.preflight.epub import epubcheck
from octavo.paths import COMPANIONS, FORMATS, output_names
from octavo.preflight.pdf import check_print, check_screen, fonts_not_embedded

pytestmark = pytest.mark.slow

TRIM = (5.5 * 72, 8.5 * 72)
KINDS = tuple(k for f in FORMATS for k in (f, *COMPANIONS.get(f, ())))  # every file a full build writes
ROMAN = re.compile(r"[ivxlcdm]+")


@pytest.fixture(scope="module")
def epub_files(real_build) -> dict[str, bytes]:
    return read_epub(real_build.output("epub"))


@pytest.fixture(scope="module")
def xhtml(epub_files) -> dict[str, str]:
    return {name: data.decode("utf-8") for name, data in epub_files.items() if name.endswith(".xhtml")}


@pytest.fixture(scope="module")
def chapter_files(real_build, xhtml) -> dict[str, str]:
    """The EPUB file of each section of the manuscript, by section id, in reading order."""
    ids = re.findall(r'<itemref idref="([^"]+)"', xhtml_opf(real_build))
    sections = [i for i in ids if f"OEBPS/{i}.xhtml" in xhtml and re.search(r'epub:type="(chapter|prologue)"', xhtml[f"OEBPS/{i}.xhtml"])]
    return {i: xhtml[f"OEBPS/{i}.xhtml"] for i in sections}


def xhtml_opf(real_build) -> str:
    with zipfile.ZipFile(real_build.output("epub")) as z:
        return z.read("OEBPS/package.opf").decode("utf-8")


@pytest.fixture(scope="module")
def print_texts(real_build) -> list[str]:
    return pdf_page_texts(real_build.output("print"))


@pytest.fixture(scope="module")
def references() -> list[dict]:
    return YAML(typ="safe").load((REPO / "manuscript" / "references.yaml").read_text(encoding="utf-8"))["references"]


# --- outputs and validators -------------------------------------------------

def test_every_output_exists(real_build):
    book, result = real_build
    for kind in KINDS:
        path = book.output(kind)
        assert path.is_file() and path.stat().st_size > 0, kind
    assert sorted(result.outputs) == sorted(book.output(k) for k in KINDS)
    assert sorted(p.name for p in result.outputs) == sorted(output_names("rise-of-stalinism-part-3"))


def test_build_reports_only_missing_artwork(real_build):
    """The build reports nothing but an I401 warning for each photograph not yet in the
    repository, and each of those files is indeed absent (once the photographs arrive, nothing)."""
    items = real_build.result.report.items
    assert {(d.code, d.severity) for d in items} <= {("I401", "warning")}, [str(d) for d in items]
    for d in items:
        missing = re.search(r"Image '([^']+)' not found", d.message).group(1)
        assert not (real_build.book.root / missing).exists(), missing


def test_epubcheck_has_no_findings(real_build):
    findings = epubcheck(real_build.output("epub"))
    assert [str(f) for f in findings] == []


def test_print_preflight_has_no_findings(real_build):
    assert [str(f) for f in check_print(real_build.book)] == []


def test_screen_checks_have_no_findings(real_build):
    assert [str(f) for f in check_screen(real_build.book)] == []


# --- print and cover PDFs ---------------------------------------------------

def test_trimbox_is_5_5_by_8_5_on_every_page(real_build):
    with pikepdf.open(real_build.output("print")) as pdf:
        assert len(pdf.pages) == real_build.result.pages
        assert len(pdf.pages) % 2 == 0 and len(pdf.pages) >= 24
        for number, page in enumerate(pdf.pages, 1):
            x0, y0, x1, y1 = (float(v) for v in page.obj.TrimBox)
            assert (round(x1 - x0, 2), round(y1 - y0, 2)) == TRIM, f"page {number}"


@pytest.mark.parametrize("kind", ["print", "cover"])
def test_pdfx_output_intent(real_build, kind):
    with pikepdf.open(real_build.output(kind)) as pdf:
        intents = pdf.Root.get("/OutputIntents")
        assert intents is not None
        assert any(str(i.get("/S")) == "/GTS_PDFX" for i in intents)
        assert any("/DestOutputProfile" in i for i in intents)


@pytest.mark.parametrize("kind", ["print", "pdf", "cover"])
def test_fonts_embedded(real_build, kind):
    with pikepdf.open(real_build.output(kind)) as pdf:
        assert fonts_not_embedded(pdf) == set()


def test_chapter_openers_on_recto_pages(real_build, chapter_files):
    dests = pdf_dest_pages(real_build.output("print"))
    for ident in chapter_files:
        assert dests[ident] % 2 == 0, f"{ident} opens on page {dests[ident] + 1}, a left-hand page"
    for ident in ("title-page", "contents", "sources"):
        assert dests[ident] % 2 == 0, ident


def test_screen_pdf_is_tagged_with_language_and_title(real_build):
    with pikepdf.open(real_build.output("pdf")) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title) == "The Rise of Stalinism: Part Three"
        assert "/Outlines" in pdf.Root


# --- the EPUB ---------------------------------------------------------------

def test_epub_mimetype_first_and_stored(real_build):
    with zipfile.ZipFile(real_build.output("epub")) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert z.read(first) == b"application/epub+zip"
        assert not first.extra
    assert real_build.output("epub").read_bytes()[30:38] == b"mimetype"


def test_nav_has_toc_landmarks_and_page_list(xhtml):
    nav = xhtml["OEBPS/nav.xhtml"]
    for kind in ("toc", "landmarks", "page-list"):
        assert f'<nav epub:type="{kind}"' in nav, kind
    toc = nav.split('<nav epub:type="toc"')[1].split("</nav>")[0]
    for title in ("Britain, China and the Opposition", "The defeat of the joint Left Opposition", "Rivers of blood",
                  "Conclusion", "Sources"):
        assert title in toc


def test_every_content_file_has_lang_and_xml_lang(xhtml, chapter_files):
    assert len(chapter_files) == 7
    for name, text in xhtml.items():
        html = re.search(r"<html\b[^>]*>", text).group(0)
        assert 'lang="en-GB"' in html and 'xml:lang="en-GB"' in html, name


@pytest.fixture(scope="module")
def page_list(xhtml) -> list[tuple[str, str, str]]:
    """(file, fragment, label) of each entry of the EPUB's page-list, in order."""
    nav = xhtml["OEBPS/nav.xhtml"]
    block = nav.split('<nav epub:type="page-list"')[1].split("</nav>")[0]
    return re.findall(r'<li><a href="([^"#]+)#page-([^"]+)">([^<]+)</a></li>', block)


def test_page_list_has_one_entry_per_print_page_matching_the_folios(real_build, xhtml, page_list):
    labels = [label for _file, _frag, label in page_list]
    assert all(frag == label for _file, frag, label in page_list)
    with pikepdf.open(real_build.output("print")) as pdf:
        pages = len(pdf.pages)
    assert len(labels) == pages
    assert len(set(labels)) == pages

    # front matter roman, then the text in arabic from 1 on the first chapter's opening page
    first_text = pdf_dest_pages(real_build.output("print"))["opening"]
    assert first_text > 0
    assert all(ROMAN.fullmatch(label) for label in labels[:first_text])
    assert labels[first_text:] == [str(n) for n in range(1, pages - first_text + 1)]

    # every folio printed on a page is that page's label
    g = print_geometry(real_build.book, pages)
    folios = printed_folios(real_build.output("print"), g["m_top"], g["m_bottom"])
    printed = [(i, f) for i, f in enumerate(folios) if f]
    assert len(printed) >= pages // 2
    assert any(ROMAN.fullmatch(f) for _i, f in printed)  # the contents page
    assert [(i, labels[i]) for i, _f in printed] == printed

    # each marker the page list points to exists in its file
    for file, frag, label in page_list:
        assert f'id="page-{frag}"' in xhtml[f"OEBPS/{file}"], (file, label)


def test_print_pdf_page_labels_are_the_page_list_labels(real_build, page_list):
    with pikepdf.open(real_build.output("print")) as pdf:
        assert [page.label for page in pdf.pages] == [label for _f, _frag, label in page_list]


def test_screen_pdf_page_labels_are_its_folios(real_build):
    path = real_build.output("pdf")
    with pikepdf.open(path) as pdf:
        labels = [page.label for page in pdf.pages]
    first_text = pdf_dest_pages(path)["opening"]
    assert all(ROMAN.fullmatch(label) for label in labels[:first_text])
    assert labels[first_text:] == [str(n) for n in range(1, len(labels) - first_text + 1)]
    folios = printed_folios(path, 0.7, 0.8)  # templates/screen.css.j2 margins: folio at the foot
    printed = [(i, f) for i, f in enumerate(folios) if f]
    assert len(printed) >= len(labels) // 2
    assert [(i, labels[i]) for i, _f in printed] == printed


def test_every_reference_is_in_the_sources(xhtml, references):
    assert len(references) == 15
    sources = xhtml["OEBPS/sources.xhtml"]
    for ref in references:
        assert f'id="ref-{ref["id"]}"' in sources, ref["id"]


def test_every_reference_title_is_printed(print_texts, references):
    text = searchable("\n".join(print_texts))
    for ref in references:
        title = ref.get("title") or ref["container-title"]
        assert searchable(plain_csl_title(title)) in text, (ref["id"], title)


def test_all_22_citations_are_rendered(real_build, chapter_files, references):
    """22 citations in the manuscript, all of known keys, each a note in the EPUB."""
    cited = cited_keys_of(real_build.book)
    assert len(cited) == 22
    assert set(cited) <= {r["id"] for r in references}
    notes = sum(len(re.findall(r'epub:type="footnote"', t)) for t in chapter_files.values())
    ednotes = sum(t.count("Editor’s note:") for t in chapter_files.values())
    assert notes - ednotes >= 22


def test_no_unresolved_citations_or_missing_markers_in_any_output(real_build, epub_files, print_texts):
    texts = {name: data.decode("utf-8") for name, data in epub_files.items()
             if name.endswith((".xhtml", ".opf", ".css", ".xml"))}
    texts["print"] = "\n".join(print_texts)
    texts["screen"] = "\n".join(pdf_page_texts(real_build.output("pdf")))
    texts["cover"] = "\n".join(pdf_page_texts(real_build.output("cover")))
    for name, text in texts.items():
        assert "???" not in text, name
        assert "not found" not in text.lower(), name


def test_notes_numbering_restarts_per_chapter(real_build, chapter_files):
    sources = [p.read_text(encoding="utf-8") for p in real_build.book.chapter_files]
    expected_with_notes = sum(bool(re.search(r"@[a-z]|\^\[|\{\.ednote\}", s)) for s in sources)
    assert expected_with_notes == 6  # the conclusion has no notes
    with_notes = 0
    for ident, text in chapter_files.items():
        calls = re.findall(r'<a class="noteref"[^>]*>(\d+)</a>', text)
        if not calls:
            continue
        with_notes += 1
        assert calls[0] == "1", ident
        assert calls == [str(n) for n in range(1, len(calls) + 1)], ident
        backlinks = re.findall(r'role="doc-backlink">(\d+)\.</a>', text)
        assert backlinks == calls, ident
    assert with_notes == expected_with_notes


def test_editor_note_is_labelled(chapter_files):
    # the note's text is compared, not its markup: words in it may carry inline marks (an index term)
    note = re.search(r"Editor’s note:</span>(.*?)</p>", chapter_files["ch16"], re.S)
    assert note and re.sub(r"<[^>]+>", "", note.group(1)).strip() == "It was actually Alma Ata."


def test_epub_links_resolve(xhtml):
    ids = {name: set(re.findall(r'\bid="([^"]+)"', text)) for name, text in xhtml.items()}
    for name, text in xhtml.items():
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith(("http:", "https:", "mailto:", "css/")):
                continue
            file, _, frag = href.partition("#")
            target = f"OEBPS/{file}" if file else name
            assert target in xhtml, (name, href)
            if frag:
                assert frag in ids[target], (name, href)
