"""The faces fixture book (tests/books/faces) built end to end, read as a reader would get it:
bold and bold italic set in embedded bold programs, Cyrillic and Greek in the book's faces,
code in a code face, wrapped inside the text block, in notes, quotations and lists; math as
vector art with alt text in the PDFs and MathML in the EPUB; bad TeX and characters the faces
lack reported at their source line."""
from __future__ import annotations

import io
import re
import subprocess
import sys

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from helpers import REPO, cli_env, copy_book_to, read_epub

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory, source_date_epoch):
    from octavo.build import build
    from octavo.project import Book

    base = tmp_path_factory.mktemp("faces-book")
    root = copy_book_to("faces", base)
    book = Book.load(root, base / "build")
    build(book)
    return book


def font_programs(pdf_path) -> dict[str, TTFont]:
    """Each embedded font program of a PDF by its resource's BaseFont (read from its bytes)."""
    out = {}
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for _k, font in page.resources.get("/Font", {}).items():
                desc = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
                data = (desc.get("/FontFile2") or desc.get("/FontFile3") or desc.get("/FontFile")).read_bytes()
                out[str(font.BaseFont).lstrip("/")] = TTFont(io.BytesIO(data))
    return out


def chars_of(pdf_path, phrase):
    """The pdfplumber chars that spell ``phrase`` (first occurrence in the document)."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            text = "".join(c["text"] for c in chars)
            i = text.find(phrase.replace(" ", ""))
            if i >= 0:
                return chars[i:i + len(phrase.replace(" ", ""))]
    raise AssertionError(f"{phrase!r} not in {pdf_path}")


@pytest.mark.parametrize("kind", ["pdf", "print"])
@pytest.mark.parametrize("phrase,weight,italic", [
    ("a phrase in bold weight", 700, False), ("a phrase in bold italic", 700, True), ("Жёлтый город спит", 700, False),
    ("λόγος", 700, True), ("Ελληνικά", 700, False), ("a phrase in italic", 400, True), ("The regular text", 400, False)])
def test_each_style_is_set_in_an_embedded_face_of_that_weight_and_slope(built, kind, phrase, weight, italic):
    programs = font_programs(built.output(kind))
    for ch in chars_of(built.output(kind), phrase):
        font = programs[ch["fontname"]]
        os2 = font["OS/2"]
        assert (os2.usWeightClass, bool(os2.fsSelection & 1)) == (weight, italic), (ch["text"], ch["fontname"])
        assert font["name"].getDebugName(1).startswith(built.fonts.family)  # the book's face, no fallback
        assert ord(ch["text"]) in font.getBestCmap()


@pytest.mark.parametrize("kind", ["pdf", "print"])
def test_code_is_in_the_code_face_and_every_line_stays_inside_the_text_block(built, kind):
    import pdfplumber

    programs = font_programs(built.output(kind))
    for ch in chars_of(built.output(kind), "def greet(name):"):
        assert "post" in programs[ch["fontname"]] and programs[ch["fontname"]]["post"].isFixedPitch
    with pdfplumber.open(built.output(kind)) as pdf, pikepdf.open(built.output(kind)) as pk:
        for page, pkpage in zip(pdf.pages, pk.pages):
            trim = [float(v) for v in (pkpage.obj.get("/TrimBox") or pkpage.obj.MediaBox)]
            for c in page.chars:
                assert trim[0] + 0.4 * 72 <= c["x0"] and c["x1"] <= trim[2] - 0.4 * 72, (c["text"], c["x1"], trim)
        text = "\n".join(p.extract_text() for p in pdf.pages)
    # the continuation mark opens the wrapped line (where the line breaks depends on the measure)
    assert re.search(r"(^|\n)\s*\u2192[\s\u00a0]+\w", text)
    joined = re.sub(r"\s*\n\u2192\s*", " ", text)
    assert "long enough that no page of any trim can hold it on one line, so it must wrap." in " ".join(joined.split())


@pytest.mark.parametrize("kind", ["pdf", "print"])
def test_code_in_a_note_a_quotation_and_a_list_is_printed(built, kind):
    import pdfplumber

    with pdfplumber.open(built.output(kind)) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
    for code in ('print("in a note")', "quoted_call(argument)", "listed_call(argument)"):
        assert code in text


@pytest.mark.parametrize("kind", ["pdf", "print"])
def test_math_is_drawn_not_printed_as_tex(built, kind):
    import pdfplumber

    with pdfplumber.open(built.output(kind)) as pdf:
        text = "\n".join(p.extract_text() for p in pdf.pages)
        math_page = next(p for p in pdf.pages if "Energy is" in (p.extract_text() or ""))
        assert len(math_page.curves) + len(math_page.rects) + len(math_page.lines) > 20  # glyph outlines
    assert "\\frac" not in text and "\\sum" not in text and "$" not in text


def test_the_screen_pdf_gives_each_formula_its_tex_as_alt_text(built):
    alts = []

    def walk(node, depth=0):
        if depth > 80:
            return
        if isinstance(node, pikepdf.Dictionary):
            if "/Alt" in node:
                alts.append(str(node.Alt))
            if "/K" in node:
                walk(node.K, depth + 1)
        elif isinstance(node, pikepdf.Array):
            for x in node:
                walk(x, depth + 1)

    with pikepdf.open(built.output("pdf")) as pdf:
        walk(pdf.Root.StructTreeRoot)
    assert {"E = mc^2", r"\sum_{n=0}^{\infty} \frac{x^n}{n!} = e^{x}"} <= set(alts)


def test_print_stays_free_of_rgb_with_highlighted_code_and_math(built):
    from octavo.preflight.pdf import check_print

    assert [d for d in check_print(built) if d.code in ("P707", "P709")] == []


def test_epub_has_mathml_with_alttext_code_face_and_real_bold(built):
    files = read_epub(built.output("epub"))
    opf = files["OEBPS/package.opf"].decode()
    weights = next(n for n in files if n.endswith("weights.xhtml"))
    code = next(n for n in files if n.endswith("code.xhtml"))
    page = files[weights].decode()
    assert '<math alttext="E = mc^2"' in page and 'display="block"' in page and "\\frac" not in re.sub(r'alttext="[^"]*"', "", page)
    assert re.search(rf'href="{re.escape(weights.removeprefix("OEBPS/"))}"[^>]*properties="mathml"', opf)
    assert not re.search(rf'href="{re.escape(code.removeprefix("OEBPS/"))}"[^>]*properties="mathml"', opf)
    fonts = {n: TTFont(io.BytesIO(d)) for n, d in files.items() if n.startswith("OEBPS/fonts/")}
    css = files["OEBPS/css/book.css"].decode()
    for name, font in fonts.items():
        assert name.removeprefix("OEBPS/") in css
    weights_styles = {(f["OS/2"].usWeightClass, bool(f["OS/2"].fsSelection & 1), bool(f["post"].isFixedPitch)) for f in fonts.values()}
    assert {(400, False, False), (700, False, False), (700, True, False), (400, False, True)} <= weights_styles
    assert 'class="language-python"' in files[code].decode() and 'print("in a note")' in files[code].decode()


def _octavo(*args, cwd):
    return subprocess.run([sys.executable, "-m", "octavo", *args], cwd=cwd, env={**cli_env(), "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=600)


def test_bad_tex_stops_the_build_at_its_line(tmp_path):
    copy_book_to("faces-bad-tex", tmp_path)
    run = _octavo("build", "--book", "faces-bad-tex", "--format", "epub", cwd=tmp_path)
    assert run.returncode == 1
    assert re.search(r"^faces-bad-tex/chapters/01-bad\.md:5: error F504: Math '\\frac\{a\}\{b' cannot be typeset", run.stderr, re.M), run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("release", [False, True])
def test_characters_the_faces_lack_are_named_at_their_line(tmp_path, release):
    from octavo.errors import BookError
    from octavo.prepare import prepare
    from octavo.project import Book

    root = copy_book_to("faces", tmp_path)
    chapter = root / "chapters" / "01-faces.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA word in Japanese: 日本語, and `☃` in code.\n", encoding="utf-8")
    line = len(chapter.read_text(encoding="utf-8").splitlines())
    book = Book.load(root, tmp_path / "build")
    if release:
        with pytest.raises(BookError) as err:
            prepare(book, release=True)
        found = err.value.diagnostics
    else:
        _doc, report = prepare(book, release=False)
        found = report.warnings
    f503 = sorted((d for d in found if d.code == "F503"), key=lambda d: d.message)
    assert [d.severity for d in f503] == ["error" if release else "warning"] * 2
    assert all(d.file.endswith("chapters/01-faces.md") and d.line == line for d in f503)
    assert "'日' U+65E5, '本' U+672C, '語' U+8A9E" in f503[1].message and "regular face of 'EB Garamond'" in f503[1].message
    assert "'☃' U+2603" in f503[0].message and "code face of 'JetBrains Mono'" in f503[0].message
    assert "fonts.mono" in f503[0].hint and "fonts.body" in f503[1].hint


def test_a_missing_code_face_is_f502_at_its_key(tmp_path):
    root = copy_book_to("faces", tmp_path)
    yaml = root / "book.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "fonts:\n  mono: No Such Mono Pro\n", encoding="utf-8")
    line = len(yaml.read_text(encoding="utf-8").splitlines())
    run = _octavo("build", "--book", "faces", "--format", "epub", cwd=tmp_path)
    assert run.returncode == 1
    assert re.search(rf"^faces/book\.yaml:{line}:\d+: error F502: Font 'No Such Mono Pro' not found: it is not installed\..*fonts\.mono",
                     run.stderr, re.M), run.stderr
