"""The tiny fixture book (``tests/books/tiny``) end to end: through the CLI,
as a user runs it, and through the API (``tiny_build``, once per session).

Checks the print geometry (TrimBox, BleedBox, page count, recto openers), the
cover's full-wrap width from the spine formula, embedded fonts, and the CLI's
exit codes and messages. Every expectation about the book (trim, paper, slug,
chapters, ISBN, what it cites) is read from its own book.yaml, chapters and
references, so an edit to the fixture changes the expectations with it; the
print facts (bleed, paper thickness) are the print-on-demand services'
published figures (design.md, "Print facts")."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from helpers import (BOOKS, chapter_asts, cli_env, copy_book_to, pdf_dest_pages, pdf_page_texts, plain_csl_title,
                     read_epub, references_of, searchable)
from octavo.ast import iter_nodes, text
from octavo.config import isbn_digits
from octavo.paths import output_names
from octavo.preflight.pdf import check_print, check_screen, fonts_not_embedded, low_resolution_images
from octavo.project import Book

# Published print facts (KDP paperback; design.md "Print facts"), independent of octavo's tables.
BLEED = 0.125
PAPER_IN = {"white": 0.002252, "cream": 0.0025}


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory) -> Book:
    """The fixture book as octavo loads it (nothing built): the source of every expectation here."""
    return Book.load(BOOKS / "tiny", tmp_path_factory.mktemp("tiny-loaded"))


@pytest.fixture(scope="module")
def outputs(tiny_book) -> list[str]:
    slug = tiny_book.config.book_slug
    return output_names(slug)  # the EPUB, both PDFs, the cover, the order spec and payloads, the ONIX and its JPEG


@pytest.fixture(scope="module")
def chapters(tiny_book) -> dict[str, str]:
    """Each chapter's id -> title, from the level-one heading that opens it."""
    out = {}
    for ast in chapter_asts(tiny_book):
        head = next(b for b in ast["blocks"] if b["t"] == "Header")
        out[head["c"][1][0]] = text(head["c"][2])
    return out


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
def print_pdf(cli_tiny, tiny_book):
    _proc, out = cli_tiny
    with pikepdf.open(out / tiny_book.output("print").name) as pdf:
        yield pdf


def _box(page, name: str) -> list[float]:
    return [float(v) for v in page.obj[name]]


# --- the CLI build (slow: it builds the book) ----------------------------------

@pytest.mark.slow
def test_cli_build_exits_0_and_writes_every_output(cli_tiny, outputs):
    proc, out = cli_tiny
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(outputs)
    for name in outputs:
        assert (out / name).stat().st_size > 0
        assert re.search(rf"^wrote \S*{re.escape(name)}$", proc.stderr, re.M), name
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]  # staging folder cleaned up


@pytest.mark.slow
def test_cli_build_reports_no_warnings(cli_tiny):
    proc, _out = cli_tiny
    assert "warning" not in proc.stderr.lower(), proc.stderr


@pytest.mark.slow
def test_print_trimbox_is_the_trim_on_every_page(print_pdf, tiny_book):
    width, height = tiny_book.config.print.size
    for number, page in enumerate(print_pdf.pages, 1):
        x0, y0, x1, y1 = _box(page, "/TrimBox")
        assert (round(x1 - x0, 2), round(y1 - y0, 2)) == (width * 72, height * 72), f"page {number}"


@pytest.mark.slow
def test_print_bleedbox_on_the_three_outer_edges(print_pdf):
    b = BLEED * 72
    for index, page in enumerate(print_pdf.pages):
        tx0, ty0, tx1, ty1 = _box(page, "/TrimBox")
        recto = index % 2 == 0  # page 1 is a right-hand page
        expected = [tx0, ty0 - b, tx1 + b, ty1 + b] if recto else [tx0 - b, ty0 - b, tx1, ty1 + b]
        assert _box(page, "/BleedBox") == pytest.approx(expected, abs=0.01), f"page {index + 1}"
        assert _box(page, "/MediaBox") == pytest.approx(expected, abs=0.01), f"page {index + 1}"


@pytest.mark.slow
def test_print_page_count_is_even_and_at_least_24(print_pdf, cli_tiny, tiny_book):
    n = len(print_pdf.pages)
    assert n % 2 == 0 and n >= 24
    spec = json.loads((cli_tiny[1] / tiny_book.output("spec").name).read_text())
    assert spec["page_count"] == n


@pytest.mark.slow
def test_cover_width_from_the_spine_formula(print_pdf, cli_tiny, tiny_book):
    pages = len(print_pdf.pages)
    trim_w, trim_h = tiny_book.config.print.size
    spine = pages * PAPER_IN[tiny_book.config.print.paper]
    with pikepdf.open(cli_tiny[1] / tiny_book.output("cover").name) as cover:
        assert len(cover.pages) == 1
        x0, y0, x1, y1 = _box(cover.pages[0], "/MediaBox")
        assert abs((x1 - x0) / 72 - (2 * trim_w + spine + 2 * BLEED)) <= 0.01
        assert abs((y1 - y0) / 72 - (trim_h + 2 * BLEED)) <= 0.01
        tx0, ty0, tx1, ty1 = _box(cover.pages[0], "/TrimBox")
        assert abs((tx1 - tx0) / 72 - (2 * trim_w + spine)) <= 0.01
        assert abs((ty1 - ty0) / 72 - trim_h) <= 0.01


@pytest.mark.slow
def test_order_spec_matches_the_files(cli_tiny, print_pdf, tiny_book):
    import hashlib

    out = cli_tiny[1]
    config = tiny_book.config
    spec = json.loads((out / tiny_book.output("spec").name).read_text())
    pages = len(print_pdf.pages)
    width, height = config.print.size
    assert spec["trim"] == {"name": config.print.trim, "width_in": width, "height_in": height}
    assert spec["paper"] == config.print.paper and spec["paper_thickness_in"] == PAPER_IN[config.print.paper]
    assert spec["spine_width_in"] == pytest.approx(pages * PAPER_IN[config.print.paper], abs=1e-4)
    assert spec["cover"]["width_in"] == pytest.approx(2 * width + pages * PAPER_IN[config.print.paper] + 2 * BLEED,
                                                      abs=0.01)
    assert spec["isbn"] == isbn_digits(config.identifiers.print)
    for kind in ("print", "cover"):
        name = tiny_book.output(kind).name
        data = (out / name).read_bytes()
        assert spec["files"][name] == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["print", "pdf", "cover"])
def test_fonts_embedded(cli_tiny, tiny_book, kind):
    with pikepdf.open(cli_tiny[1] / tiny_book.output(kind).name) as pdf:
        assert fonts_not_embedded(pdf) == set()


@pytest.mark.slow
def test_chapter_openers_on_recto_pages(cli_tiny, tiny_book, chapters):
    path = cli_tiny[1] / tiny_book.output("print").name
    dests = pdf_dest_pages(path)
    texts = pdf_page_texts(path)
    for ident, title in chapters.items():
        index = dests[ident]
        assert index % 2 == 0, f"{ident} opens on page {index + 1}, a left-hand page"
        assert title in texts[index]
    openings = [dests[ident] for ident in chapters]
    assert openings == sorted(openings)


@pytest.mark.slow
def test_print_text_has_the_book_content(cli_tiny, tiny_book, chapters):
    """Every chapter title, every work cited, every editor's note (labelled) and every
    figure credit of the book's sources is printed; no unresolved citation."""
    text_ = searchable("\n".join(pdf_page_texts(cli_tiny[1] / tiny_book.output("print").name)))
    needles = list(chapters.values())
    needles += [plain_csl_title(ref.get("title") or ref["container-title"]) for ref in references_of(tiny_book)]
    for ast in chapter_asts(tiny_book):
        for node in iter_nodes(ast["blocks"]):
            if node["t"] == "Span" and "ednote" in node["c"][0][1]:
                needles.append(f"Editor’s note: {text(node['c'][1])}")
            if node["t"] == "Image" and dict(node["c"][0][2]).get("credit"):
                needles.append(dict(node["c"][0][2])["credit"])
    assert len(needles) > len(chapters)
    for needle in needles:
        assert searchable(needle) in text_, needle
    assert "???" not in text_ and "notfound" not in text_


@pytest.mark.slow
def test_first_note_of_each_chapter_is_1_in_print(cli_tiny, tiny_book, chapters):
    path = cli_tiny[1] / tiny_book.output("print").name
    texts = pdf_page_texts(path)
    dests = pdf_dest_pages(path)
    for ident in chapters:
        page = texts[dests[ident]]
        assert re.search(r"^1 ", page, re.M), f"no note 1 at the foot of the {ident} opener"


@pytest.mark.slow
def test_epub_has_the_figures_verse_quotes_and_editor_notes(cli_tiny, tiny_book):
    """What each chapter's source holds (a figure with its alt text, verse, a block
    quotation, an editor's note) is in that chapter's EPUB file."""
    files = read_epub(cli_tiny[1] / tiny_book.output("epub").name)
    seen = set()
    for ast in chapter_asts(tiny_book):
        head = next(b for b in ast["blocks"] if b["t"] == "Header")
        xhtml = files[f"OEBPS/{head['c'][1][0]}.xhtml"].decode()
        for node in iter_nodes(ast["blocks"]):
            kind = node["t"]
            if kind == "Image":
                src, alt = node["c"][2][0], dict(node["c"][0][2]).get("alt", "")
                # set at the resolution its file declares, never enlarged past it (issue 11)
                assert f"OEBPS/{src}" in files and re.search(
                    re.escape(f'<img src="{src}" alt="{alt}"') + r'( style="image-resolution: \d+dpi")?/>', xhtml), src
            elif kind == "LineBlock":
                assert '<p class="verse"' in xhtml
            elif kind == "BlockQuote":
                assert "<blockquote>" in xhtml
            elif kind == "Span" and "ednote" in node["c"][0][1]:
                assert "Editor’s note:" in xhtml
            else:
                continue
            seen.add(kind)
    assert seen == {"Image", "LineBlock", "BlockQuote", "Span"}, "the fixture book should hold each of these"


# --- other CLI behaviour ----------------------------------------------------

@pytest.mark.slow
def test_new_book_builds(tmp_path):
    proc = octavo("new", "fresh", "--title", "A Fresh Book", "--author", "Sam Writer", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "fresh" / "book.yaml").is_file()
    proc = octavo("build", "--book", "fresh", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    built = sorted(p.name for p in (tmp_path / "fresh" / "build").iterdir() if not p.name.startswith("."))
    slug = "a-fresh-book"
    assert built == sorted(output_names(slug))


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

def _line_of(path: Path, needle: str) -> int:
    """The 1-based line of ``path`` where ``needle`` first occurs."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_unknown_citation_key_stops_the_build_with_every_error(copy_book, in_tmp):
    """A misspelt key in one chapter and a path out of the book in another: both reported,
    located, in chapter order (prepare only: no layout)."""
    from octavo.errors import BookError
    from octavo.filters.citations import cited_keys
    from octavo.parse import parse_markdown
    from octavo.prepare import prepare

    root = copy_book("tiny")
    book = Book.load(root, in_tmp / "out")
    first, second = book.chapter_files[:2]
    key = cited_keys(parse_markdown(first)["blocks"])[0]
    typo = key[:-1]  # one letter short: still the closest key
    first.write_text(first.read_text(encoding="utf-8").replace(f"@{key}", f"@{typo}", 1), encoding="utf-8")
    second.write_text(second.read_text(encoding="utf-8") + "\nAnd a [leak](../../../etc/passwd).\n", encoding="utf-8")
    with pytest.raises(BookError) as exc:
        prepare(Book.load(root, in_tmp / "out"))
    first_rel, second_rel = (p.relative_to(in_tmp).as_posix() for p in (first, second))
    r301, s602 = exc.value.diagnostics
    assert str(r301).startswith(f"{first_rel}:{_line_of(first, '@' + typo)}: error R301: Citation key '@{typo}' "
                                "is not in the bibliography. Closest keys: ")
    assert key in r301.hint.removeprefix("Closest keys: ").rstrip(".").split(", ")
    assert str(s602) == (f"{second_rel}:{_line_of(second, 'etc/passwd')}: error S602: '../../../etc/passwd' leads "
                         "outside the book folder. Link to a web address (https://...) or to a place in the book (#id); "
                         "a book cannot link to files.")


def test_release_build_refuses_missing_artwork(copy_book, in_tmp):
    from octavo.errors import BookError
    from octavo.prepare import prepare

    root = copy_book("tiny")
    images = sorted((root / "images").iterdir())
    assert images, "the fixture book should have artwork"
    for image in images:
        image.unlink()
    book = Book.load(root, in_tmp / "out")
    expected = [("I401", path.relative_to(in_tmp).as_posix(), _line_of(path, f"](images/{image.name}"))
                for path in book.chapter_files for image in images
                if f"](images/{image.name}" in path.read_text(encoding="utf-8")]
    _doc, report = prepare(book)  # a draft build: a warning and a placeholder each
    assert [(d.code, d.file, d.line) for d in report.warnings] == expected
    with pytest.raises(BookError) as exc:
        prepare(book, release=True)
    assert [(d.code, d.file, d.line) for d in exc.value.diagnostics] == expected


# --- the API build (tiny_build) ---------------------------------------------

def test_tiny_build_api(tiny_build, outputs, tiny_book):
    book, result = tiny_build
    assert [p.name for p in result.outputs] == sorted(outputs)
    assert not result.report.items, [str(d) for d in result.report.items]
    with pikepdf.open(book.output("print")) as pdf:
        assert result.pages == len(pdf.pages)
    assert book.config.print.trim == tiny_book.config.print.trim


def test_tiny_build_screen_checks_pass(tiny_build):
    assert [str(d) for d in check_screen(tiny_build.book)] == []


def test_tiny_build_print_preflight_passes(tiny_build):
    findings = [str(d) for d in check_print(tiny_build.book)]
    assert findings == []


def test_tiny_build_figure_resolution_is_measured_at_its_placed_size(tiny_build):
    with pikepdf.open(tiny_build.book.output("print")) as pdf:
        assert low_resolution_images(pdf) == []


def test_contents_page_numbers_are_the_chapter_folios(tiny_build, chapters):
    path = tiny_build.book.output("print")
    dests = pdf_dest_pages(path)
    texts = pdf_page_texts(path)
    contents = texts[dests["contents"]]
    first_body = dests[next(iter(chapters))]
    # each entry ends in a dot leader and its page number
    numbers = [int(n) for n in re.findall(r"(?:\.\s*){3,}(\d+)\s*$", contents, flags=re.M)]
    expected = [dests[ident] - first_body + 1 for ident in chapters]
    assert numbers[:len(expected)] == expected, contents
    for title in chapters.values():
        assert title in contents


def test_contents_page_numbers_stand_flush_with_the_text_blocks_right_edge(tiny_build):
    """The leader fills each entry to the measure, one line or several: every page number ends at
    the text block's right edge (a leader WeasyPrint sized without the hanging indent once left
    one-line entries 1.8 em short)."""
    import pdfplumber

    path = tiny_build.book.output("print")
    page = pdf_dest_pages(path)["contents"]
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[page].extract_words()
        body = next(p for p in pdf.pages[page + 1:] if len(p.extract_words()) > 40)
        right = max(w["x1"] for w in body.extract_words()) if page % 2 == pdf.pages.index(body) % 2 else None
    numbers = [w for w in words if re.fullmatch(r"\.*\d+", w["text"]) and w["x0"] > words[0]["x0"] + 100]
    assert len(numbers) >= 2
    ends = [w["x1"] for w in numbers]
    assert max(ends) - min(ends) < 0.5, ends
    if right is not None:  # a page on the same side: the same text block
        assert abs(max(ends) - right) < 1.0, (ends, right)


def test_cli_and_api_builds_agree(tiny_build, cli_tiny):
    """Same sources, same SOURCE_DATE_EPOCH, two book folders: the EPUB is byte-identical; the PDFs
    have the same pages and text (WeasyPrint names image resources after their file URL, so PDF
    bytes depend on where the book folder is)."""
    out = cli_tiny[1]
    assert (out / tiny_build.book.output("epub").name).read_bytes() == tiny_build.book.output("epub").read_bytes()
    for kind in ("pdf", "print", "cover"):
        path = tiny_build.book.output(kind)
        assert pdf_page_texts(out / path.name) == pdf_page_texts(path), path.name
