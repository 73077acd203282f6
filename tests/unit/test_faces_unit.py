"""Faces and special text on tiny inputs: the packaged faces are real weights, code is
highlighted, wrapped and kept in notes, math is MathML or vector art, bad TeX and characters
a face lacks are reported at their line."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from fontTools.ttLib import TTFont

from octavo.config import Fonts
from octavo.coverage import Style, check_coverage, missing_characters, styled_text
from octavo.document import Document, Section
from octavo.errors import Report
from octavo.fonts import find_font
from octavo.render.code import CodeMeasure, code_html, mono_scale, token_css, token_lines, wrap_line
from octavo.render.html import RenderOptions, render_section
from octavo.render.math import check_math, check_tex, mathml, svg_img

BODY = find_font("EB Garamond")  # the classic theme's text face, packaged with octavo
MONO = find_font(Fonts().mono, key="mono", need=("regular",))


def para(*inlines):
    return {"t": "Para", "c": list(inlines)}


def s(text):
    return {"t": "Str", "c": text}


def section(blocks, tmp_path=None, source_text=""):
    src = (tmp_path / "01-x.md") if tmp_path else None
    if src is not None:
        src.write_text(source_text, encoding="utf-8")
    return Section("chapter", src, blocks, id="x", title=[s("T")])


# --- the default faces -------------------------------------------------------------

@pytest.mark.parametrize("fonts", [BODY, MONO], ids=["body", "mono"])
def test_default_faces_are_four_real_weights_and_styles(fonts):
    faces = {(w, st): TTFont(p) for w, st, p in fonts.faces()}
    assert set(faces) == {("normal", "normal"), ("normal", "italic"), ("bold", "normal"), ("bold", "italic")}
    for (weight, style), font in faces.items():
        assert font["OS/2"].usWeightClass == (700 if weight == "bold" else 400)
        assert "fvar" not in font  # static: what WeasyPrint and e-readers embed is this weight
        assert bool(font["OS/2"].fsSelection & 1) == (style == "italic")
    # the bold draws another outline than the regular (not the regular under another name)
    reg, bold = faces[("normal", "normal")], faces[("bold", "normal")]
    g = reg.getBestCmap()[ord("n")]
    assert reg["hmtx"][g] != bold["hmtx"][bold.getBestCmap()[ord("n")]] or \
        reg["glyf"][g].coordinates != bold["glyf"][g].coordinates


@pytest.mark.parametrize("fonts", [BODY, MONO], ids=["body", "mono"])
def test_every_face_covers_latin_extended_cyrillic_and_greek(fonts):
    sample = "ÄäÜüßŁłŐőĀāЖжЁёЩщΑαΩωΛλ"
    for _w, _s, path in fonts.faces():
        cmap = TTFont(path).getBestCmap()
        assert [ch for ch in sample if ord(ch) not in cmap] == [], path.name


def test_body_face_keeps_small_caps_and_old_style_figures():
    for _w, _s, path in BODY.faces():
        feats = {r.FeatureTag for r in TTFont(path)["GSUB"].table.FeatureList.FeatureRecord}
        assert {"smcp", "onum", "liga"} <= feats


def test_mono_is_sized_to_the_body_x_height():
    def x_height(path):
        f = TTFont(path)
        return f["OS/2"].sxHeight / f["head"].unitsPerEm

    scale = mono_scale(BODY.regular, MONO.regular)
    assert scale * x_height(MONO.regular) == pytest.approx(x_height(BODY.regular), rel=0.01)


# --- code ----------------------------------------------------------------------------

def test_a_language_class_highlights_and_no_class_does_not():
    lines = token_lines("def f():\n    return 1\n", ["python"])
    assert ("k", "def") in lines[0] and any(c == "nf" for c, _t in lines[0])
    assert token_lines("def f():\n", []) == [[("", "def f():")]]
    assert 'class="language-python"' in code_html("x = 1", ["python"])


def test_long_lines_wrap_at_the_measure_with_a_mark_and_keep_every_character():
    line = [("", "word " * 30)]
    segments = wrap_line(line, 40)
    assert len(segments) > 1
    assert all(len("".join(t for _c, t in seg)) <= 40 for seg in segments)
    assert "".join(t for seg in segments for _c, t in seg) == "word " * 30
    html = code_html("x" * 100, [], columns=30)
    assert html.count('class="code-cont"') == 3  # 30 + 28 + 28 + 14
    assert code_html("x" * 100, [], columns=None).count("code-cont") == 0  # EPUB: the reader wraps


def test_columns_shrink_in_quotes_and_grow_in_smaller_notes():
    m = CodeMeasure(width_em=30.0, char_em=0.44)
    assert m.columns(inset_em=2.6) < m.columns() < m.columns(scale=0.8)


def test_print_code_colours_are_greys_in_cmyk_and_screen_colours_are_rgb():
    grey = token_css(grey=True)
    assert "color:" in grey and "#" not in grey and "device-cmyk(0 0 0 " in grey
    assert "#" in token_css(grey=False)
    epub = token_css(colour=False)  # reader themes own the colours: weight and slant only
    assert "color" not in epub and "font-weight: bold" in epub


def test_a_code_block_in_a_footnote_is_in_the_pdf_note():
    note = {"t": "Note", "c": [para(s("See:")), {"t": "CodeBlock", "c": [["", [], []], "print('in a note')"]}]}
    html = render_section(section([para(s("Text"), note)]), RenderOptions(notes="foot")).body
    foot = html.split('class="footnote"', 1)[1]
    assert "print(&#x27;in a note&#x27;)" in foot or "print('in a note')" in foot
    assert 'class="code-block"' in foot


def test_code_blocks_in_quotes_and_lists_render():
    code = {"t": "CodeBlock", "c": [["", [], []], "quoted()"]}
    blocks = [{"t": "BlockQuote", "c": [code]}, {"t": "BulletList", "c": [[{**code, "c": [["", [], []], "listed()"]}]]}]
    html = render_section(section(blocks), RenderOptions(code=CodeMeasure(30, 0.44))).body
    assert "quoted()" in html and "listed()" in html and html.count('<pre class="code"') == 2


# --- math ----------------------------------------------------------------------------

def math(tex, display=False):
    return {"t": "Math", "c": [{"t": "DisplayMath" if display else "InlineMath"}, tex]}


@pytest.mark.parametrize("tex", [r"\frac{a}{b", r"x^", r"\left( x", r"\nosuchcommand{x}", r"a}", r"\begin{matrix} a"])
def test_bad_tex_is_refused(tex):
    assert check_tex(tex)


@pytest.mark.parametrize("tex", [r"E = mc^2", r"\frac{d}{dx} e^{x}", r"\sum_{n=0}^{\infty} \frac{x^n}{n!}", r"\{a, b\}"])
def test_good_tex_passes(tex):
    assert check_tex(tex) is None


def test_math_is_mathml_with_alttext_in_the_epub_and_never_raw_tex():
    html = render_section(section([para(s("So"), math(r"\frac{d}{dx}"))]), RenderOptions(epub=True)).body
    assert '<math alttext="\\frac{d}{dx}"' in html and "<mfrac>" in html
    assert mathml("x", True).count('display="block"') == 1


def test_math_is_vector_art_with_alt_text_in_the_pdfs_in_the_profile_ink():
    opts = RenderOptions(math="svg", ink="device-cmyk(0 0 0 1)")
    html = render_section(section([para(s("So"), math("x^2"), math("y", display=True))]), opts).body
    assert html.count('<img class="math') == 2 and 'alt="x^2"' in html and 'class="math-display"' in html
    import base64
    import re
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", svg_img("x^2", False, "device-cmyk(0 0 0 1)")).group(1)).decode()
    assert "<path" in svg and "device-cmyk(0 0 0 1)" in svg and "<text" not in svg


def test_bad_tex_is_reported_at_its_line(tmp_path):
    sec = section([para(s("ok")), para(s("bad:"), math(r"\frac{a}{b"))], tmp_path, "# T\n\nok\n\nbad: $\\frac{a}{b$\n")
    report = Report()
    check_math(sec, report)
    (d,) = report.errors
    assert (d.code, d.line) == ("F504", 5) and "never closed" in d.message and d.hint


# --- characters the faces lack -------------------------------------------------------

def test_runs_carry_the_style_that_sets_them():
    blocks = [para(s("a"), {"t": "Strong", "c": [s("b"), {"t": "Emph", "c": [s("c")]}]}, {"t": "Code", "c": [["", [], []], "d"]},
                   {"t": "Note", "c": [para(s("e"))]}, math("f"))]
    assert list(styled_text(blocks)) == [("a", Style()), ("b", Style(bold=True)), ("c", Style(True, True)),
                                         ("d", Style(mono=True)), ("e", Style())]


def test_missing_characters_are_named_per_face():
    faces = lambda st: (MONO.family, MONO.regular) if st.mono else (BODY.family, BODY.face(st.bold, st.italic))  # noqa: E731
    runs = [("Жар 字", Style(bold=True)), ("ok \u00ad\u200d", Style()), ("☃", Style(mono=True))]
    out = missing_characters(runs, faces)
    assert out == {(BODY.family, Style(bold=True)): ["字"], (MONO.family, Style(mono=True)): ["☃"]}


@pytest.mark.parametrize("release,severity", [(False, "warning"), (True, "error")])
def test_uncovered_text_is_located_a_warning_in_a_draft_an_error_in_a_release(tmp_path, release, severity):
    (tmp_path / "book.yaml").write_text("title: T\n", encoding="utf-8")
    sec = section([para(s("Fine")), para(s("Kanji"), s("字"))], tmp_path, "# T\n\nFine\n\nKanji 字\n")
    book = SimpleNamespace(fonts=BODY, mono=MONO, root=tmp_path, bibliography=None,
                           config=SimpleNamespace(title="T", subtitle=None, authors=["A"], publisher="P"))
    report = Report()
    check_coverage(Document([sec]), book, report, release)
    (d,) = report.items
    assert (d.code, d.severity, d.line) == ("F503", severity, 5)
    assert "'字' U+5B57" in d.message and "fonts.body" in d.hint


def test_table_header_rows_are_checked_in_bold():
    cell = lambda text: [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": [s(text)]}]]  # noqa: E731
    table = {"t": "Table", "c": [["", [], []], [None, []], [], [["", [], []], [[["", [], []], [cell("Head")]]]],
                                 [[["", [], []], 0, [], [[["", [], []], [cell("body")]]]]], [["", [], []], []]]}
    assert list(styled_text([table])) == [("Head", Style(bold=True)), ("body", Style())]
