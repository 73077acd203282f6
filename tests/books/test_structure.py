"""A novel in two parts (tests/books/novel): part title pages on rectos in the PDFs, the parts'
chapters nested under them in the PDF outline, the contents and the EPUB nav; every section
tagged with its role (doc-part, doc-prologue, doc-chapter for a chapter with no number,
doc-epilogue). Expected titles and labels are read from the book and the catalogue."""
from __future__ import annotations

import re
import zipfile

import pytest

from helpers import copy_book_to

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def novel(tmp_path_factory, source_date_epoch):
    from octavo.build import build
    from octavo.prepare import prepare
    from octavo.project import Book

    root = copy_book_to("novel", tmp_path_factory.mktemp("novel"))
    book = Book.load(root, root / "build")
    build(book, formats=("epub", "pdf", "print"))
    doc, _ = prepare(book)
    return book, doc


def _outline(path) -> list[tuple[str, list[str]]]:
    import pikepdf

    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [(item.title, [child.title for child in item.children]) for item in outline.root]


def test_the_parts_chapters_are_nested_under_them_in_both_pdf_outlines(novel):
    from octavo.ast import text

    book, doc = novel
    parts = [s for s in doc.sections if s.kind == "part"]
    assert len(parts) == 2
    for kind in ("pdf", "print"):
        outline = dict(_outline(book.output(kind)))
        for part in parts:
            (title, children), = [(t, c) for t, c in outline.items() if t.startswith(part.label)]
            members = [s for s in doc.sections if s.part == part.id]
            assert members and [c.endswith(text(s.title)) for c, s in zip(children, members)] == [True] * len(members)
            assert len(children) == len(members)
        # the prologue and the epilogue are the book's: at the top level, not in a part
        for s in doc.sections:
            if s.epub_type in ("prologue", "epilogue"):
                assert any(title.endswith(text(s.title)) for title in outline)


def test_a_part_title_page_is_a_recto_with_its_label_and_a_blank_verso(novel):
    import pdfplumber

    from octavo.i18n import messages

    book, doc = novel
    contents = messages(book.config.language)("contents")
    with pdfplumber.open(book.output("print")) as pdf:
        texts = [(page.extract_text() or "") for page in pdf.pages]
    for part in (s for s in doc.sections if s.kind == "part"):
        (index,) = [i for i, text in enumerate(texts) if part.label.upper() in text.upper()
                    and contents.upper() not in text.upper()]
        assert index % 2 == 0, f"{part.label} on page {index + 1}, a verso"
        assert texts[index + 1].strip() == ""  # its verso is blank


def test_the_epub_nav_nests_chapters_under_parts_and_tags_every_role(novel):
    from lxml import etree

    book, doc = novel
    with zipfile.ZipFile(book.output("epub")) as z:
        nav = etree.fromstring(z.read("OEBPS/nav.xhtml"))
        pages = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml")}
    ns = {"x": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    toc = nav.find(".//x:nav[@e:type='toc']", ns)
    for part in (s for s in doc.sections if s.kind == "part"):
        (li,) = [li for li in toc.iterfind("x:ol/x:li", ns) if part.label in "".join(li.find("x:a", ns).itertext())]
        nested = [a.get("href").split("#")[0] for a in li.iterfind("x:ol/x:li/x:a", ns)]
        assert nested == [f"{s.id}.xhtml" for s in doc.sections if s.part == part.id]
    sections = dict(re.findall(r'<section id="([^"]+)" epub:type="[^"]*" role="([^"]+)"', "".join(pages.values())))
    expected = {"part": "doc-part", "chapter": "doc-chapter", "prologue": "doc-prologue", "epilogue": "doc-epilogue"}
    for s in doc.sections:
        assert sections[s.id] == expected[s.epub_type], s.id
    unnumbered = [s for s in doc.chapters if s.epub_type == "chapter" and not s.number]
    assert unnumbered and all(sections[s.id] == "doc-chapter" for s in unnumbered)
