"""Helpers shared by the test modules (plain functions; fixtures live in conftest.py)."""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
BOOKS = TESTS / "books"
GOLDEN = TESTS / "golden"
SOURCE_DATE_EPOCH = "1700000000"

# plain prose for the tests that lay out paragraphs (page filling, notes over a page turn): long
# words and short, no name the hyphenation would refuse
PROSE_A = ("In the spring the committee, which had met in secret for many months, published its long-awaited "
           "report on the administration of the provinces, recommending that the council abolish the old "
           "departments altogether and entrust their responsibilities to elected commissions answerable to "
           "the assembly; the government, embarrassed by its candour, promised only to study it at leisure "
           "and said nothing of the elections the commissioners had asked for.")
PROSE_B = ("The commissioners, for their part, wrote to every member of the assembly in the autumn, reminding "
           "them of the promise the government had made and of the petitions the provinces had sent since the "
           "report was published; few of them answered, and fewer still raised the matter in the chamber before "
           "the session ended.")


LINE = 20  # px: the leading of lay_out_paragraphs, so a page's height in lines is exact


def lay_out_paragraphs(paras: dict[str, str], width: int, lines: int, face: Path, extra_css: str = ""):
    """WeasyPrint's layout of justified paragraphs (id -> HTML) in ``face`` at 15 px on a ``LINE``
    leading, ``width`` px wide, ``lines`` lines to a page, in one section 'ch' (no book built)."""
    from weasyprint import HTML

    css = (f"@font-face {{ font-family: Body; src: url('{face.as_uri()}'); }}"
           f"@page {{ size: {width + 80}px {lines * LINE + 80}px; margin: 40px }} body {{ margin: 0 }}"
           f"p {{ font: 15px/{LINE}px Body; text-align: justify; text-indent: 1.5em; margin: 0; hyphens: manual;"
           f" orphans: 2; widows: 2 }}" + extra_css)
    body = "".join(f"<p id='{ident}'>{html}</p>" for ident, html in paras.items())
    return HTML(string=f"<html><head><style>{css}</style></head><body><section id='ch'>{body}</section></body></html>").render()


def copy_book_to(name: str, dest: Path) -> Path:
    """Copy ``tests/books/<name>`` to ``dest/<name>`` (without any build leftovers)."""
    target = Path(dest) / name
    shutil.copytree(BOOKS / name, target, ignore=shutil.ignore_patterns("build", ".cache", "__pycache__"))
    return target


def pdf_page_texts(path: Path) -> list[str]:
    """The text of each page of a PDF (pypdfium2)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def pdf_head_and_body(path: Path, top_in: float) -> list[tuple[str, str]]:
    """For each page, the text above the text block (running head, folio) and the text
    below that line, split ``top_in`` inches under the TrimBox's top edge (pypdfium2)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(doc)):
            page = doc[i]
            left, bottom, right, top = page.get_trimbox()  # PDF space: the MediaBox may start below 0
            text = page.get_textpage()
            split = top - top_in * 72
            out.append((text.get_text_bounded(left - 20, split, right + 20, top).strip(),
                        text.get_text_bounded(left - 20, bottom, right + 20, split)))
        return out
    finally:
        doc.close()


def pdf_dest_pages(path: Path) -> dict[str, int]:
    """Named destinations (the HTML ids WeasyPrint exports) -> 0-based page index."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        names = pdf.Root.get("/Names")
        if names is None or "/Dests" not in names:
            return {}
        out = {}
        for name, dest in pikepdf.NameTree(names.Dests).items():
            target = dest[0] if isinstance(dest, pikepdf.Array) else dest.D[0]
            out[str(name)] = index.get(target.objgen, -1)
        return out


_FOLIO = re.compile(r"\d+|[ivxlcdm]+")


def printed_folios(path: Path, m_top_in: float, m_bottom_in: float) -> list[str | None]:
    """The folio printed on each page (in the running head or at the foot), or None.

    The head is the text above the text block (``m_top_in`` below the trim's top
    edge); the foot is the text below it. A folio is the first or last word there
    when it is a number or a lower-case roman numeral."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    folios: list[str | None] = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            trim, media = page.get_trimbox(), page.get_mediabox()
            text = page.get_textpage()
            head = text.get_text_bounded(media[0], trim[3] - m_top_in * 72 + 1, media[2], media[3]).split()
            foot = text.get_text_bounded(media[0], media[1], media[2], trim[1] + m_bottom_in * 72 - 1).split()
            found = None
            for words in (head, foot):
                for word in (words[:1] + words[-1:]):
                    if _FOLIO.fullmatch(word):
                        found = word
                        break
                if found:
                    break
            folios.append(found)
    finally:
        doc.close()
    return folios


def searchable(text: str) -> str:
    """Text folded for searching in extracted PDF text: NFKC, case-folded, with
    whitespace, hyphens, dashes (incl. pdfium's U+FFFE line-end hyphen) removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s\u00ad\u2010\u2011\u2012\u2013\u2014\ufffe\-]+", "", text)


def plain_csl_title(title: str) -> str:
    """A CSL-YAML title as printed: pandoc markup ``[x]{.nocase}`` and ``\\[`` escapes removed."""
    title = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", title)
    return re.sub(r"\\(.)", r"\1", title)


def read_epub(path: Path) -> dict[str, bytes]:
    """Every entry of the EPUB zip by name, in zip order."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def cli_env() -> dict[str, str]:
    """The environment for running ``python -m octavo``: fixed dates, no colours."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    env["NO_COLOR"] = "1"
    env.pop("PYTHONWARNINGS", None)
    return env


# --- EPUB read back -----------------------------------------------------------

EPUB_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
           "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


class Epub:
    """A built EPUB, read once: its zip entries, the package and each XHTML file parsed."""

    def __init__(self, path):
        from lxml import etree

        self.path = path
        self.files = read_epub(path)
        self.opf = etree.fromstring(self.files["OEBPS/package.opf"])
        self.xhtml = {name[len("OEBPS/"):]: etree.fromstring(data) for name, data in self.files.items()
                      if name.endswith(".xhtml")}

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.findall(f"opf:metadata/opf:meta[@property='{prop}']", EPUB_NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.findall(f"opf:metadata/dc:{name}", EPUB_NS)]

    @property
    def manifest(self) -> dict:
        return {i.get("id"): i for i in self.opf.findall("opf:manifest/opf:item", EPUB_NS)}

    @property
    def spine(self) -> list[str]:
        """The file of each spine item, in reading order."""
        items = self.manifest
        return [items[r.get("idref")].get("href") for r in self.opf.findall("opf:spine/opf:itemref", EPUB_NS)]

    def text(self, element) -> str:
        return " ".join("".join(element.itertext()).split())


# --- what a book's sources say (expectations computed from the book, not copied) ---

def chapter_asts(book) -> list[dict]:
    """The pandoc AST of each chapter of a loaded ``Book``, parsed by octavo's own parser."""
    from octavo.parse import parse_markdown

    return [parse_markdown(path) for path in book.chapter_files]


def cited_keys_of(book) -> list[str]:
    """Every citation key the book's chapters cite, repeats included, in reading order
    (octavo's ``cited_keys`` over its own parse: one definition of what a citation is)."""
    from octavo.filters.citations import cited_keys

    return [key for ast in chapter_asts(book) for key in cited_keys(ast["blocks"])]


def figure_count_of(book) -> int:
    """How many figures the book's chapters hold: images alone in their paragraph, as the
    figures filter decides (its own predicate)."""
    from octavo.ast import iter_nodes
    from octavo.filters.figures import _lone_image

    return sum(1 for ast in chapter_asts(book) for node in iter_nodes(ast["blocks"]) if _lone_image(node))


def references_of(book) -> list[dict]:
    """The entries of the book's CSL-YAML bibliography (``[]`` without one)."""
    from ruamel.yaml import YAML

    if book.bibliography is None:
        return []
    data = YAML(typ="safe").load(book.bibliography.read_text(encoding="utf-8"))
    return data["references"] if isinstance(data, dict) else data


# The least a book.yaml needs, for unit tests that add the keys they are about.
MINIMAL_BOOK_YAML = """\
title: A Book
authors: [Jane Doe]
publisher: Test Press
rights: © Jane Doe.
description: A book.
chapters: [one.md]
"""


def load_tiny(base: Path):
    """The tiny book copied under ``base`` (``base/tiny``), built into ``base/build`` with the
    templates copied to ``base/templates`` (tests that edit a template)."""
    from octavo.project import Book

    book = Book.load(base / "tiny", base / "build")
    book.templates = base / "templates"
    return book
