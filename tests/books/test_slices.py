"""Chapter-sized layout, read from what a build records (``BuildResult.laid_out``: the slices
each PDF laid out, the rest kept from the cache) and from the joined PDFs: a cold build lays
out every slice; an edit of one sentence lays out that chapter and only the slices whose
pages it moved; the joined PDF keeps one program per face, its links and its outline."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from helpers import copy_book_to, pdf_dest_pages

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def novel(tmp_path_factory, source_date_epoch):
    from octavo.build import build
    from octavo.project import Book

    root = copy_book_to("novel", tmp_path_factory.mktemp("slices"))
    book = Book.load(root, root / "build")
    result = build(book, formats=("pdf", "print"))
    return root, result


def _load(root: Path):
    from octavo.project import Book

    return Book.load(root, root / "build")


def _slices(root: Path, profile: str) -> list[str]:
    from octavo.builders.slices import plan
    from octavo.prepare import prepare

    book = _load(root)
    doc, _ = prepare(book)
    return [s.name for s in plan(doc, profile, book.design)]


def test_a_cold_build_lays_out_every_slice(novel):
    root, result = novel
    assert result.laid_out["print"] == _slices(root, "print")
    assert result.laid_out["pdf"] == _slices(root, "screen")


def _places(root: Path, profile: str) -> dict:
    import json

    return json.loads((root / "build" / ".cache" / f"places-{profile}.json").read_text())["pages"]


def test_a_one_sentence_edit_lays_out_its_chapter_and_what_it_moved(novel, tmp_path, source_date_epoch):
    from octavo.build import build

    root, _ = novel
    copy = tmp_path / "novel"
    shutil.copytree(root, copy)
    long_paragraph = re.compile(r"(?m)^[A-Z][^\n]{80,}$")
    chapters = [c for c in sorted((copy / "chapters").glob("*.md")) if long_paragraph.search(c.read_text())]
    target = chapters[len(chapters) // 2]  # a chapter in the middle: slices before and after it
    text = target.read_text(encoding="utf-8")
    para = long_paragraph.search(text)
    target.write_text(text[:para.end()] + " She said nothing more." + text[para.end():], encoding="utf-8")
    before = {p: _places(copy, p) for p in ("print", "screen")}
    result = build(_load(copy), formats=("pdf", "print"))
    from octavo.prepare import prepare

    doc, _ = prepare(_load(copy))
    edited = next(s.id for s in doc.sections if s.source.name == target.name)
    for kind, profile in (("print", "print"), ("pdf", "screen")):
        laid = result.laid_out[kind]
        assert edited in laid, kind
        after = _places(copy, profile)
        names = _slices(copy, profile)
        moved = after[edited] != before[profile][edited]  # its pages changed: the slices after it moved
        for other in set(laid) - {edited}:
            assert moved and names.index(other) > names.index(edited) or other == "front", (kind, other)
        if not moved:  # the same pages: nothing else to lay out but the front matter's numbers, if any
            assert set(laid) <= {edited, "front"}, (kind, laid)


def test_a_deleted_output_is_joined_again_from_the_slices_kept(novel, tmp_path, source_date_epoch):
    from octavo.build import build

    root, _ = novel
    copy = tmp_path / "novel"
    shutil.copytree(root, copy)
    book = _load(copy)
    kept = book.output("print").read_bytes()
    book.output("print").unlink()
    result = build(book, formats=("print",))
    assert "print-layout" in result.ran and result.laid_out["print"] == []
    assert book.output("print").read_bytes() == kept
    forced = build(_load(copy), formats=("print",), force=True)  # --force lays out every slice again
    assert forced.laid_out["print"] == _slices(copy, "print")


def test_each_face_is_embedded_once_and_every_link_lands(novel):
    root, _ = novel
    book = _load(root)
    for kind in ("pdf", "print"):
        path = book.output(kind)
        with pikepdf.open(path) as pdf:
            programs, names = set(), set()
            for page in pdf.pages:
                for _n, font in (page.obj.get("/Resources", {}).get("/Font") or {}).items():
                    if "/DescendantFonts" in font:
                        descriptor = font.DescendantFonts[0].FontDescriptor
                        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                        programs.add(program.objgen)
                        names.add(re.sub(r"^/?[A-Z]{6}\+", "", str(font.BaseFont)))
            assert len(programs) == len(names), kind  # one program per face, however many slices
            dests = pdf_dest_pages(path)
            for page in pdf.pages:
                for annot in page.obj.get("/Annots") or []:
                    if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                        assert str(annot.Dest) in dests, (kind, str(annot.Dest))
                    if "/A" in annot and annot.A.get("/S") == "/URI":
                        assert not str(annot.A.URI).startswith("octavo-ref:"), kind
