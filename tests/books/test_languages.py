"""A German and a Russian book: no English word that octavo added, in any output; the
language's quotation marks; a passage in French marked as French; series and
contributors in the metadata; Cyrillic titles give transliterated file names."""
from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest

from helpers import BOOKS, copy_book_to, pdf_page_texts
from octavo.i18n import _load, messages

pytestmark = pytest.mark.slow

WORD = re.compile(r"[^\W\d_]{2,}")


@pytest.fixture(scope="module", params=["german", "russian"])
def built(request, tmp_path_factory, source_date_epoch):
    from octavo.build import build
    from octavo.project import Book

    root = copy_book_to(request.param, tmp_path_factory.mktemp(request.param))
    book = Book.load(root, root / "build")
    build(book)
    return book


class _Text(HTMLParser):
    """Text a reader can meet: element text and the labels read aloud or shown (alt, aria-label, title)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.parts += [v for k, v in attrs if k in ("alt", "aria-label", "title") and v]

    def handle_data(self, data):
        self.parts.append(data)


def _epub_texts(path: Path) -> dict[str, str]:
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                parser = _Text()
                parser.feed(z.read(name).decode("utf-8"))
                out[name] = " ".join(parser.parts)
            elif name.endswith(".opf"):
                opf = z.read(name).decode("utf-8")
                summary = re.findall(r'property="schema:accessibilitySummary">([^<]*)<', opf)
                dc = re.findall(r"<dc:\w+[^>]*>([^<]*)</dc:\w+>", opf)
                out[name] = " ".join(summary + dc)
    return out


def _pdf_texts(path: Path) -> dict[str, str]:
    # a word hyphenated at a line's end is one word ("brauch‐" "ten"), not two
    out = {f"{path.name} page {i + 1}": re.sub("\u2010\r?\n", "", text) for i, text in enumerate(pdf_page_texts(path))}
    with pikepdf.open(path) as pdf:
        with pdf.open_outline() as outline:
            titles, stack = [], list(outline.root)
            while stack:
                item = stack.pop()
                titles.append(item.title)
                stack += list(item.children)
        out[f"{path.name} bookmarks"] = " ".join(titles)
        out[f"{path.name} info"] = " ".join(str(v) for v in pdf.docinfo.values())
    return out


def _english_words_octavo_adds(book) -> set[str]:
    """Words of the English catalogue that neither the book's catalogue nor its own text uses."""
    def words(text: str) -> set[str]:
        return {w.lower() for w in WORD.findall(text)}

    english = set().union(*(words(str(v)) for k, v in _load("en").items() if k != "quotes"))
    own = set().union(*(words(str(v)) for k, v in dict(messages(book.config.language).table).items()))
    written = set().union(*(words(p.read_text(encoding="utf-8")) for p in book.root.rglob("*")
                            if p.suffix in (".md", ".yaml") and "build" not in p.parts))
    return english - own - written


def test_no_english_word_octavo_added_in_any_output(built):
    book = built
    forbidden = _english_words_octavo_adds(book)
    assert {"contents", "notes", "sources", "published", "edited", "artwork"} <= forbidden
    texts = _epub_texts(book.output("epub"))
    for kind in ("pdf", "print", "cover"):
        texts.update(_pdf_texts(book.output(kind)))
    found = {}
    for where, text in texts.items():
        hits = sorted({w for w in WORD.findall(text) if w.lower() in forbidden})
        if hits:
            found[where] = hits
    assert not found, f"English words octavo added: {found}"


def test_the_words_are_the_books_language(built):
    t = messages(built.config.language)
    epub = _epub_texts(built.output("epub"))
    assert t("contents") in epub["OEBPS/nav.xhtml"]
    assert t("artwork_to_come") in " ".join(epub.values())  # the missing map's placeholder
    assert t("editor_note") in " ".join(epub.values())
    screen = " ".join(_pdf_texts(built.output("pdf")).values())
    for key in ("contents", "sources"):
        assert t(key) in screen


def test_quotations_and_a_french_passage(built):
    marks = messages(built.config.language).quotes
    with zipfile.ZipFile(built.output("epub")) as z:
        chapter = z.read(f"OEBPS/{built.config.chapters and _first_id(z)}").decode("utf-8")
    assert marks[0] in chapter and marks[1] in chapter and marks[2] in chapter and marks[3] in chapter
    assert '<span lang="fr" xml:lang="fr">à bientôt</span>' in chapter
    assert f'lang="{built.config.language}"' in chapter


def _first_id(z: zipfile.ZipFile) -> str:
    spine = re.findall(r'<itemref idref="([^"]+)"', z.read("OEBPS/package.opf").decode())
    names = [n.removeprefix("OEBPS/") for n in z.namelist() if n.endswith(".xhtml")]
    return next(f"{i}.xhtml" for i in spine if f"{i}.xhtml" in names and i not in
                ("cover", "titlepage", "copyright", "nav", "sources", "colophon"))


def test_series_and_contributors_in_the_package(built):
    c = built.config
    with zipfile.ZipFile(built.output("epub")) as z:
        opf = z.read("OEBPS/package.opf").decode("utf-8")
        title_page = z.read("OEBPS/titlepage.xhtml").decode("utf-8")
    assert re.search(r'<meta property="belongs-to-collection" id="series">' + re.escape(c.series.title) + "</meta>", opf)
    assert '<meta refines="#series" property="collection-type">series</meta>' in opf
    assert f'<meta refines="#series" property="group-position">{c.series.number}</meta>' in opf
    for person in c.contributors:
        assert f'property="file-as">{person.sort}</meta>' in opf
    assert re.search(r'property="role" scheme="marc:relators">(edt|trl|aui)</meta>', opf)
    assert c.series.title in title_page
    for person in c.contributors:
        assert person.name in title_page
    cover = " ".join(pdf_page_texts(built.output("cover")))
    assert c.series.title in cover
    for kind in ("pdf", "print"):
        with pikepdf.open(built.output(kind)) as pdf:
            assert str(pdf.docinfo["/series"]) == c.series.title
            assert str(pdf.docinfo["/seriesnumber"]) == c.series.number


def test_file_names_are_ascii(built):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", built.slug)
    if built.config.language == "ru":
        assert built.slug == "malenkaya-kniga-o-pismakh"
        assert built.output("epub").name == "malenkaya-kniga-o-pismakh.epub"


def test_the_outputs_pass_the_checks(built):
    from octavo.preflight import run_checks

    errors = [d for d in run_checks(built, epubcheck=True, ace=False) if d.severity == "error"]
    assert not errors, "\n".join(str(d) for d in errors)


def test_no_edition_statement_unless_given(built):
    with zipfile.ZipFile(built.output("epub")) as z:
        copyright_page = z.read("OEBPS/copyright.xhtml").decode("utf-8")
    if built.config.edition:
        assert built.config.edition in copyright_page
    else:
        assert "edition" not in copyright_page.lower()
        assert built.config.original_publication in copyright_page
