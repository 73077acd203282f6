"""The tiny fixture book (6 x 9 in, white paper) end to end: through the CLI,
as a user runs it, and through the API (``tiny_build``, once per session).

Checks the print geometry (TrimBox, BleedBox, page count, recto openers), the
cover's full-wrap width from the spine formula, embedded fonts, and the CLI's
exit codes and messages."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from helpers import cli_env, copy_book_to, pdf_dest_pages, pdf_page_texts, read_epub, searchable
from octavo.preflight.pdf import check_print, check_screen, fonts_not_embedded, low_resolution_images

TRIM_W, TRIM_H, BLEED = 6.0, 9.0, 0.125
WHITE = 0.002252
SLUG = "tiny-book"
OUTPUTS = [f"{SLUG}.epub", f"{SLUG}.pdf", f"{SLUG}-print.pdf", f"{SLUG}-cover.pdf", f"{SLUG}-print.json"]
CHAPTERS = {"first": "The first chapter", "second": "The second chapter"}


def octavo(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "octavo", *args], cwd=cwd, env=cli_env(),
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cli_tiny(tmp_path_factory):
    """The tiny book built once through ``python -m octavo build --book ... --out ...``."""
    base = tmp_path_factory.mktemp("tiny-cli")
    book = copy_book_to("tiny", base)
    out = base / "out"
    proc = octavo("build", "--book", str(book), "--out", str(out), cwd=base)
    return proc, out


@pytest.fixture(scope="module")
def print_pdf(cli_tiny):
    _proc, out = cli_tiny
    with pikepdf.open(out / f"{SLUG}-print.pdf") as pdf:
        yield pdf


def _box(page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


# --- the CLI build ----------------------------------------------------------

def test_cli_build_exits_0_and_writes_all_five_outputs(cli_tiny):
    proc, out = cli_tiny
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0
        assert re.search(rf"^wrote \S*{re.escape(name)}$", proc.stderr, re.M), name
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]  # staging folder cleaned up


def test_cli_build_reports_no_warnings(cli_tiny):
    proc, _out = cli_tiny
    assert "warning" not in proc.stderr.lower(), proc.stderr


def test_print_trimbox_is_6x9_on_every_page(print_pdf):
    for number, page in enumerate(print_pdf.pages, 1):
        x0, y0, x1, y1 = _box(page, "/TrimBox")
        assert (round(x1 - x0, 2), round(y1 - y0, 2)) == (432.0, 648.0), f"page {number}"


def test_print_bleedbox_on_the_three_outer_edges(print_pdf):
    b = BLEED * 72
    for index, page in enumerate(print_pdf.pages):
        tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
        recto = index % 2 == 0  # page 1 is a right-hand page
        expected = [tx0, ty0 - b, tx1 + b, ty1 + b] if recto else [tx0 - b, ty0 - b, tx1, ty1 + b]
        assert _box(page, "/BleedBox") == pytest.approx(expected, abs=0.01), f"page {index + 1}"
        assert _box(page, "/MediaBox") == pytest.approx(expected, abs=0.01), f"page {index + 1}"


def test_print_page_count_is_even_and_at_least_24(print_pdf, cli_tiny):
    n = len(print_pdf.pages)
    assert n % 2 == 0 and n >= 24
    spec = json.loads((cli_tiny[1] / f"{SLUG}-print.json").read_text())
    assert spec["page_count"] == n


def test_cover_width_from_the_spine_formula(print_pdf, cli_tiny):
    pages = len(print_pdf.pages)
    expected_w = 2 * TRIM_W + pages * WHITE + 2 * BLEED
    with pikepdf.open(cli_tiny[1] / f"{SLUG}-cover.pdf") as cover:
        assert len(cover.pages) == 1
        x0, y0, x1, y1 = _box(cover.pages[0], "/MediaBox")
        assert abs((x1 - x0) / 72 - expected_w) <= 0.01
        assert abs((y1 - y0) / 72 - (TRIM_H + 2 * BLEED)) <= 0.01
        tx0, ty0, tx1, ty1 = _box(cover.pages[0], "/TrimBox")
        assert abs((tx1 - tx0) / 72 - (2 * TRIM_W + pages * WHITE)) <= 0.01
        assert abs((ty1 - ty0) / 72 - TRIM_H) <= 0.01


def test_order_spec_matches_the_files(cli_tiny, print_pdf):
    import hashlib

    out = cli_tiny[1]
    spec = json.loads((out / f"{SLUG}-print.json").read_text())
    pages = len(print_pdf.pages)
    assert spec["trim"] == {"name": "6x9in", "width_in": 6.0, "height_in": 9.0}
    assert spec["paper"] == "white" and spec["paper_thickness_in"] == WHITE
    assert spec["spine_width_in"] == pytest.approx(pages * WHITE, abs=1e-4)
    assert spec["cover"]["width_in"] == pytest.approx(2 * TRIM_W + pages * WHITE + 2 * BLEED, abs=0.01)
    assert spec["isbn"] == "9780306406157"
    for name in (f"{SLUG}-print.pdf", f"{SLUG}-cover.pdf"):
        data = (out / name).read_bytes()
        assert spec["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


@pytest.mark.parametrize("name", [f"{SLUG}-print.pdf", f"{SLUG}.pdf", f"{SLUG}-cover.pdf"])
def test_fonts_embedded(cli_tiny, name):
    with pikepdf.open(cli_tiny[1] / name) as pdf:
        assert fonts_not_embedded(pdf) == set()


def test_chapter_openers_on_recto_pages(cli_tiny):
    path = cli_tiny[1] / f"{SLUG}-print.pdf"
    dests = pdf_dest_pages(path)
    texts = pdf_page_texts(path)
    for ident, title in CHAPTERS.items():
        index = dests[ident]
        assert index % 2 == 0, f"{ident} opens on page {index + 1}, a left-hand page"
        assert title in texts[index]
    assert dests["first"] < dests["second"]


def test_print_text_has_the_book_content(cli_tiny):
    text = searchable("\n".join(pdf_page_texts(cli_tiny[1] / f"{SLUG}-print.pdf")))
    for needle in ("The winter town is quiet now", "Editor’s note: The town is now called Almaty.",
                   "A Study of Small Things", "Letters from a Quiet Town", "Image: drawn for the tests",
                   "The town was quiet that winter"):
        assert searchable(needle) in text, needle
    assert "???" not in text and "notfound" not in text


def test_first_note_of_each_chapter_is_1_in_print(cli_tiny):
    texts = pdf_page_texts(cli_tiny[1] / f"{SLUG}-print.pdf")
    dests = pdf_dest_pages(cli_tiny[1] / f"{SLUG}-print.pdf")
    for ident in CHAPTERS:
        page = texts[dests[ident]]
        assert re.search(r"^1 ", page, re.M), f"no note 1 at the foot of the {ident} opener"


def test_epub_has_the_figure_and_editor_note(cli_tiny):
    files = read_epub(cli_tiny[1] / f"{SLUG}.epub")
    assert "OEBPS/images/shapes.png" in files
    first = files["OEBPS/first.xhtml"].decode()
    # set at the resolution its file declares (never enlarged past it: issue 11)
    assert re.search(r'<img src="images/shapes.png" alt="A grey square beside a black circle above a black line\."'
                     r'( style="image-resolution: \d+dpi")?/>', first)
    assert "Editor’s note:" in first
    assert '<p class="verse"' in files["OEBPS/second.xhtml"].decode()
    assert "<blockquote>" in first


# --- other CLI behaviour ----------------------------------------------------

def test_new_book_builds(tmp_path):
    proc = octavo("new", "fresh", "--title", "A Fresh Book", "--author", "Sam Writer", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "fresh" / "book.yaml").is_file()
    proc = octavo("build", "--book", "fresh", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    built = sorted(p.name for p in (tmp_path / "fresh" / "build").iterdir() if not p.name.startswith("."))
    slug = "a-fresh-book"
    assert built == sorted([f"{slug}.epub", f"{slug}.pdf", f"{slug}-print.pdf", f"{slug}-cover.pdf", f"{slug}-print.json"])


def test_new_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file.txt").write_text("x")
    proc = octavo("new", "taken", cwd=tmp_path)
    assert proc.returncode == 2
    assert "U001" in proc.stderr and "'taken' exists and is not empty." in proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_error_exits_1_without_a_traceback(tmp_path):
    book = tmp_path / "bad"
    (book / "chapters").mkdir(parents=True)
    (book / "chapters" / "01.md").write_text("# One\n\nText.\n")
    (book / "book.yaml").write_text(
        "titel: Bad\nauthors: [A]\npublisher: P\nrights: R\ndescription: D\nchapters:\n  - chapters/01.md\n")
    proc = octavo("build", "--book", "bad", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "bad/book.yaml:1:1: error C103: Config key 'titel': unknown key. Did you mean 'title'?" in proc.stderr
    assert "error C104: Config key 'title': required, but not set." in proc.stderr
    assert "Build failed: 2 errors." in proc.stderr
    assert not (tmp_path / "out").exists()


def test_missing_book_folder_exits_1(tmp_path):
    proc = octavo("build", "--book", "nowhere", cwd=tmp_path)
    assert proc.returncode == 1
    assert "C100" in proc.stderr and "No book.yaml in 'nowhere'." in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_format_is_a_usage_error(tmp_path):
    proc = octavo("build", "--format", "docx", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "--help"], ["new", "--help"], ["--version"]])
def test_help_exits_0(tmp_path, args):
    proc = octavo(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    if args == ["build", "--help"]:
        assert "--book" in proc.stdout and "--format" in proc.stdout and "--release" in proc.stdout


# --- the API (prepare errors, tiny_build) -----------------------------------

def test_unknown_citation_key_stops_the_build_with_every_error(copy_book, in_tmp):
    from octavo.errors import BookError
    from octavo.prepare import prepare
    from octavo.project import Book

    root = copy_book("tiny")
    first = root / "chapters" / "01-first.md"
    first.write_text(first.read_text().replace("@doe-small-things, 12", "@doe-small-thing, 12"))
    second = root / "chapters" / "02-second.md"
    second.write_text(second.read_text() + "\nAnd a [leak](../../../etc/passwd).\n")
    with pytest.raises(BookError) as exc:
        prepare(Book.load(root, in_tmp / "out"))
    assert [str(d) for d in exc.value.diagnostics] == [
        "tiny/chapters/01-first.md:5: error R301: Citation key '@doe-small-thing' is not in the bibliography. "
        "Closest keys: doe-small-things.",
        "tiny/chapters/02-second.md:14: error S602: '../../../etc/passwd' leads outside the book folder. "
        "Link to a web address (https://...) or to a place in the book (#id); a book cannot link to files.",
    ]


def test_release_build_refuses_missing_artwork(copy_book, in_tmp):
    from octavo.errors import BookError
    from octavo.prepare import prepare
    from octavo.project import Book

    root = copy_book("tiny")
    (root / "images" / "shapes.png").unlink()
    book = Book.load(root, in_tmp / "out")
    _doc, report = prepare(book)  # a draft build: a warning and a placeholder
    assert [d.code for d in report.warnings] == ["I401"]
    with pytest.raises(BookError) as exc:
        prepare(book, release=True)
    assert [(d.code, d.file, d.line) for d in exc.value.diagnostics] == [("I401", "tiny/chapters/01-first.md", 15)]


# --- the API build (tiny_build) ---------------------------------------------

def test_tiny_build_api(tiny_build):
    book, result = tiny_build
    assert [p.name for p in result.outputs] == sorted(OUTPUTS)
    assert not result.report.items, [str(d) for d in result.report.items]
    with pikepdf.open(book.output("print")) as pdf:
        assert result.pages == len(pdf.pages)
    assert book.config.print.trim == "6x9in"


def test_tiny_build_screen_checks_pass(tiny_build):
    assert [str(d) for d in check_screen(tiny_build.book)] == []


def test_tiny_build_print_preflight_passes(tiny_build):
    findings = [str(d) for d in check_print(tiny_build.book)]
    assert findings == []


def test_tiny_build_figure_resolution_is_measured_at_its_placed_size(tiny_build):
    with pikepdf.open(tiny_build.book.output("print")) as pdf:
        assert low_resolution_images(pdf) == []


def test_contents_page_numbers_are_the_chapter_folios(tiny_build):
    path = tiny_build.book.output("print")
    dests = pdf_dest_pages(path)
    texts = pdf_page_texts(path)
    contents = texts[dests["contents"]]
    first_body = dests["first"]
    # the page numbers are floated right, so text extraction gives them before the titles
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\s*$", contents, flags=re.M)]
    expected = [dests[ident] - first_body + 1 for ident in CHAPTERS]
    assert numbers[:len(expected)] == expected, contents
    for title in CHAPTERS.values():
        assert title in contents


def test_cli_and_api_builds_agree(tiny_build, cli_tiny):
    """Same sources, same SOURCE_DATE_EPOCH, two book folders: the EPUB is byte-identical; the PDFs
    have the same pages and text (WeasyPrint names image resources after their file URL, so PDF
    bytes depend on where the book folder is)."""
    out = cli_tiny[1]
    assert (out / f"{SLUG}.epub").read_bytes() == tiny_build.book.output("epub").read_bytes()
    for kind in ("pdf", "print", "cover"):
        path = tiny_build.book.output(kind)
        assert pdf_page_texts(out / path.name) == pdf_page_texts(path), path.name
