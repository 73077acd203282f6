"""The index and cross-references end to end (tests/books/index/): the English fixture built
once; every print locator checked against the page its marked words stand on; the screen
PDF's and the EPUB's links; EPUBCheck and Ace; the German fixture's order and words."""
from __future__ import annotations

import re

import pytest

from helpers import copy_book_to, pdf_dest_pages, read_epub, searchable

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def canal(tmp_path_factory, source_date_epoch):
    from octavo.build import build
    from octavo.project import Book

    base = tmp_path_factory.mktemp("index-book")
    root = copy_book_to("index/en", base)
    book = Book.load(root, base / "build")
    result = build(book)
    return book, result


def _marked_words(book) -> dict[tuple[str, ...], list[tuple[str, str]]]:
    """term -> [(mark id, the words it marks)], from the prepared book (a passage: its first words)."""
    from octavo.ast import iter_nodes, text
    from octavo.prepare import prepare

    doc, _ = prepare(book)
    words: dict[str, str] = {}
    for section in doc.sections:
        for node in iter_nodes(section.blocks):
            if node.get("t") in ("Span", "Div") and node["c"][0][0].startswith("ix-"):
                body = node["c"][1] if node["t"] == "Span" else node["c"][1][:1]
                words[node["c"][0][0]] = " ".join(text(body if node["t"] == "Div" else [{"t": "Plain", "c": body}]).split()[:4])
    out: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for mark in doc.index.marks:
        for term in mark.terms:
            out.setdefault(term, []).append((mark.id, words[mark.id]))
    return out


def _expand(locator: str) -> tuple[str, str]:
    """'112–14' -> ('112', '114'); '5' -> ('5', '5')."""
    if "–" not in locator:
        return locator, locator
    first, last = locator.split("–")
    if first.isdigit():
        last = first[: len(first) - len(last)] + last
    return first, last


def _index_lines(path) -> list[tuple[str, bool]]:
    """The print index's lines column by column (pdfplumber), each with whether it is indented."""
    import pdfplumber

    out: list[tuple[str, bool]] = []
    with pdfplumber.open(path) as pdf:
        start = next(i for i, p in enumerate(pdf.pages) if (p.extract_text() or "").strip().startswith("Index"))
        for page in pdf.pages[start:]:
            words = page.extract_words()
            top = page.height * 0.12
            title = [w for w in words if w["text"] == "Index"]
            if title:  # the first page: the entries begin under the title
                top = title[0]["bottom"] + 1
            body = [w for w in words if w["top"] > top and w["bottom"] < page.height * 0.92]
            if not body or (page.extract_text() or "").strip().startswith("The Little Canal"):
                break  # the colophon
            middle = (min(w["x0"] for w in body) + max(w["x1"] for w in body)) / 2
            for left, right in ((0, middle), (middle, page.width)):
                lines = page.crop((left, top, right, page.height * 0.92)).extract_text_lines(x_tolerance=1.5)
                if lines:
                    edge = min(line["x0"] for line in lines)
                    out += [(line["text"].strip(), line["x0"] > edge + 3) for line in lines]
    return out


def _print_index(path) -> list[tuple[tuple[str, ...], list[str]]]:
    """(term, locators) read off the print PDF's index: an indented line is a subentry of the
    last headword; letter headings and see-also lines are passed over."""
    entries: list[tuple[tuple[str, ...], list[str]]] = []
    head = ""
    for content, indented in _index_lines(path):
        if len(content) == 1 or content.startswith(("See also", "See ")):
            continue
        term, *locators = [part.strip() for part in re.split(r",\s(?=[\divxlc]+(?:–\d+)?(?:,|$))", content)]
        if indented:
            entries.append(((head, term), locators))
        else:
            head = term.split(". See")[0]
            entries.append(((head,), locators))
    return entries


def test_every_print_locator_names_a_page_its_marked_words_stand_on(canal):
    import pdfplumber
    import pikepdf

    book, _ = canal
    path = book.output("print")
    with pikepdf.open(path) as pdf:
        labels = [page.label for page in pdf.pages]
    with pdfplumber.open(path) as pdf:
        texts = [searchable(p.extract_text() or "") for p in pdf.pages]
    marked = _marked_words(book)
    index = _print_index(path)
    checked = 0
    for term, locators in index:
        for locator in locators:
            first, last = _expand(locator)
            pages = range(labels.index(first), labels.index(last) + 1)
            # the first page of a locator holds a mark of the term; so does every page of a run of mentions,
            # or the passage runs on over it
            assert any(searchable(words) in texts[pages[0]] for _i, words in marked[term]), (term, locator)
            checked += 1
    assert checked >= 15
    # and the index is complete: the page of every mark is covered by a locator of its term
    dests = pdf_dest_pages(path)
    listed = dict(index)
    for term, found in marked.items():
        covered = set()
        for locator in listed[term]:
            first, last = _expand(locator)
            covered.update(range(labels.index(first), labels.index(last) + 1))
        assert all(dests[ident] in covered for ident, _w in found), term


def test_print_index_has_ranges_merged_pages_see_and_order(canal):
    book, _ = canal
    index = _print_index(book.output("print"))
    terms = [t for t, _ in index]
    heads = [t[0] for t in terms if len(t) == 1]
    assert heads.index("Eady, Ruth") < heads.index("Écluse, Marie") < heads.index("labourers")
    assert heads.index("Mackenzie, Ross") < heads.index("McAdam, John")
    locks = dict(index)[("locks",)]
    assert len(locks) == 1 and "–" in locks[0]  # the passage: one range
    for _term, locators in index:  # no page twice, no two consecutive pages apart
        ends = [_expand(l) for l in locators]
        numbers = [(int(a), int(b)) for a, b in ends if a.isdigit()]
        assert all(b1 + 1 < a2 for (_a1, b1), (a2, _b2) in zip(numbers, numbers[1:]))
    lines = [content for content, _indented in _index_lines(book.output("print"))]
    assert "navvies. See labourers" in lines
    assert "See also McAdam, John; locks" in lines


def test_print_cross_references_name_their_pages(canal):
    import pikepdf
    import pdfplumber

    book, _ = canal
    path = book.output("print")
    with pikepdf.open(path) as pdf:
        labels = [page.label for page in pdf.pages]
    dests = pdf_dest_pages(path)
    with pdfplumber.open(path) as pdf:
        whole = searchable(" ".join((p.extract_text() or "") for p in pdf.pages))
    for words, ident in (("figure 1", "fig-lock"), ("The levels", "sec-levels"), ("chapter 1", "ch-survey")):
        assert searchable(f"{words} on page {labels[dests[ident]]}") in whole, words
    # the list of illustrations, with a dot leader to the figure's page, as in the contents
    entry = searchable("Illustrations 1 A lock chamber with its gates")
    assert re.search(re.escape(entry) + r"(?:\.){3,}" + re.escape(searchable(labels[dests["fig-lock"]])), whole), whole


def test_screen_pdf_index_and_cross_references_are_links(canal):
    import pikepdf

    book, _ = canal
    path = book.output("pdf")
    dests = pdf_dest_pages(path)
    links: list[tuple[int, str]] = []
    with pikepdf.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            for annot in page.get("/Annots") or []:
                if annot.get("/Subtype") == "/Link" and annot.get("/Dest") is not None:
                    links.append((i, str(annot.Dest)))
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
    index_page = dests["index"]
    to_marks = [target for page, target in links if page >= index_page and target.startswith("ix-")]
    assert len(to_marks) >= 15 and all(target in dests for target in to_marks)
    assert {"fig-lock", "sec-levels", "ch-survey"} <= {target for _p, target in links}
    assert "Index" in titles and "Illustrations" in titles
    assert titles.index("Index") > titles.index("2 Cutting the Canal")


def test_epub_index_links_every_locator_to_its_mark_with_the_print_folio(canal):
    import pikepdf

    book, _ = canal
    files = read_epub(book.output("epub"))
    index = files["OEBPS/index.xhtml"].decode()
    assert 'epub:type="index"' in index and 'role="doc-index"' in index
    with pikepdf.open(book.output("print")) as pdf:
        labels = [page.label for page in pdf.pages]
    dests = pdf_dest_pages(book.output("print"))
    locators = re.findall(r'<a class="index-loc" href="([\w-]+\.xhtml)#(ix-\d+)" epub:type="index-locator">([^<]+)</a>', index)
    assert len(locators) >= 15
    for file, ident, label in locators:
        assert f'id="{ident}"' in files[f"OEBPS/{file}"].decode()
        assert _expand(label)[0] == labels[dests[ident]]
    nav = files["OEBPS/nav.xhtml"].decode()
    assert '<a epub:type="index" href="index.xhtml">Index</a>' in nav
    assert 'href="index.xhtml"><span class="toc-title">Index</span>' in nav
    assert 'epub:type="loi"' in nav and 'href="ch-cut.xhtml#fig-lock"' in nav
    chapter = files["OEBPS/ch-cut.xhtml"].decode()
    assert '<a href="ch-cut.xhtml#fig-lock" class="xref">figure 1</a>' in chapter
    assert '<a href="ch-survey.xhtml#sec-levels" class="xref">The levels</a>' in chapter
    opf = files["OEBPS/package.opf"].decode()
    assert 'href="index.xhtml"' in opf


def test_epubcheck_and_ace_are_clean(canal):
    from octavo.preflight import ace, epub

    book, _ = canal
    findings = epub.epubcheck(book.output("epub"), book) + ace.ace(book.output("epub"))
    assert findings == []


def test_the_index_is_remembered_so_a_rebuild_needs_no_layout_for_it(canal):
    from octavo.builders.pdf import _labels, index_for, recall_index
    from octavo.cache import Manifest
    from octavo.prepare import prepare

    book, _ = canal
    doc, _ = prepare(book)
    layout = Manifest.load(book.build_dir).layout
    fresh = index_for(book, doc, layout["anchors"], _labels(layout["anchors"], doc, layout["pages"]))
    assert recall_index(book, "print", doc) == fresh


def test_german_index_sorts_umlauts_with_their_letters_and_speaks_german(tmp_path, source_date_epoch):
    from octavo.index.render import index_html, placeholder_pages
    from octavo.prepare import prepare
    from octavo.project import Book

    book = Book.load(copy_book_to("index/de", tmp_path), tmp_path / "build")
    doc, report = prepare(book)
    assert not report.items
    pages, labels = placeholder_pages(doc.index)
    html = index_html(doc.index, pages, labels, "de")
    terms = re.findall(r'<span class="index-term">([^<]+)</span>', html)
    heads = [t for t in terms if t not in ("am Kanal",)]
    assert heads == ["Arbeiter", "Ärztin", "Ölmühle", "Ostbahn", "Özdemir, Jakob", "Schleusenwärter", "Straße",
                     "Strassenbau", "Übersetzer", "Ufer", "Wärter", "Zahlmeister", "Zoll"]
    assert re.findall(r'class="index-letter" id="[^"]+">(\w)<', html) == ["A", "O", "S", "U", "W", "Z"]
    assert ">Register<" in html and "<em class=\"index-see\">Siehe</em>" in html


def test_bad_marks_and_references_stop_the_build_with_located_errors(tmp_path, source_date_epoch):
    from octavo.errors import BookError
    from octavo.prepare import prepare
    from octavo.project import Book

    root = copy_book_to("index/en", tmp_path)
    chapter = root / "chapters" / "02-cutting.md"
    source = chapter.read_text(encoding="utf-8")
    source = source.replace('{ix="labourers!as navigators"}', '{ix="labourers!as!navigators"}')
    source = source.replace("[](#sec-levels)", "[](#sec-nowhere)")
    chapter.write_text(source, encoding="utf-8")
    (root / "index.yaml").write_text("see:\n  navvies: diggers\n", encoding="utf-8")
    with pytest.raises(BookError) as failure:
        prepare(Book.load(root, tmp_path / "build"))
    lines = sorted(d.format() if hasattr(d, "format") else str(d) for d in failure.value.diagnostics)
    codes = sorted((d.code, d.file.split("/")[-1], d.line) for d in failure.value.diagnostics)
    row = lambda needle: next(n for n, line in enumerate(source.splitlines(), 1) if needle in line)  # noqa: E731
    assert codes == [("X801", "02-cutting.md", row("as!navigators")), ("X803", "index.yaml", 2),
                     ("X804", "02-cutting.md", row("sec-nowhere"))], lines
