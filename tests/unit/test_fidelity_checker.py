"""The fidelity checker (the package tests/fidelity/) on tiny synthetic inputs: it must fail
when a word is missing or out of place, a face is of the wrong weight or style,
a list marker, an alignment or the text block is wrong, or TeX leaks; and pass
when an output differs only in ways that lose nothing (hyphenation, note calls,
running heads)."""
from __future__ import annotations

import io
import zipfile

import pytest

import fidelity as fid
from fidelity import Face, PdfOutput, PdfWord


# --- words --------------------------------------------------------------------

def test_tokens_fold_case_quotes_dashes_and_soft_hyphens():
    assert fid.tokens("“Quiet” — he said: ‘don’t’ Straße ﬁne ex\u00adample") == \
        ["quiet", "he", "said", "don", "t", "strasse", "fine", "example"]


def test_same_words_in_the_same_order_match():
    src = fid.tokens("the stones remember every chisel")
    out = fid.tokens("Chapter 2 running head the stones remember every chisel 17")
    assert fid.match_stream(src, out) == []


def test_a_missing_word_is_reported_with_its_place():
    src = fid.tokens("the stones remember every chisel and the walls")
    out = fid.tokens("the stones remember chisel and the walls")
    missing = fid.match_stream(src, out)
    assert [(m.word, m.index, m.elsewhere) for m in missing] == [("every", 3, False)]
    problems = fid.word_problems("body", src, out)
    assert problems == ["body: word 4 'every' is missing: …the stones remember [every] chisel and the walls…"]


def test_a_word_out_of_order_is_reported():
    src = fid.tokens("one two three four five six seven eight")
    out = fid.tokens("one two three five six seven eight four")
    missing = fid.match_stream(src, out)
    assert [(m.word, m.elsewhere) for m in missing] == [("four", True)]
    assert "out of place" in fid.word_problems("body", src, out)[0]


def test_hyphenation_note_calls_and_joined_compounds_still_match():
    src = fid.tokens("an example from New York far to the north-west of sandstone 230")
    out = ["an", "exam", "ple", "from", "new", "york3", "far", "to", "the", "northwest", "of", "sandstone230"]
    assert fid.match_stream(src, out) == []


def test_a_stream_of_notes_is_found_past_the_body_words():
    src = fid.source_of([_doc(_para(_str("body words here"), _note(_para(_str("a note about sloes")))),
                              _para(_str("more body text")))])
    assert src.body == ["body", "words", "here", "more", "body", "text"]
    assert src.notes == ["a", "note", "about", "sloes"]
    out = _Fake(tokens=fid.tokens("body words here more body text 1 a note about sloes"))
    assert fid.check_words(src, out) == []
    out = _Fake(tokens=fid.tokens("body words here more body text 1 a note about"))
    assert fid.check_words(src, out) == ["notes: word 4 'sloes' is missing: …a note about [sloes] …"]


# --- the source ----------------------------------------------------------------

def test_source_streams_styles_lists_and_tables():
    doc = _doc(
        _para(_str("plain"), {"t": "Strong", "c": [_str("heavy"), {"t": "Emph", "c": [_str("both")]}]},
              {"t": "Code", "c": [["", [], []], "fixed_width"]},
              {"t": "Span", "c": [["", ["smallcaps"], []], [_str("Capitals")]]},
              {"t": "Span", "c": [["", ["ednote"], []], [_str("editor")]]},
              {"t": "Cite", "c": [[], [_str("[@key]")]]}, {"t": "Math", "c": [{"t": "InlineMath"}, "x^2"]}),
        {"t": "OrderedList", "c": [[3, {"t": "LowerAlpha"}, {"t": "OneParen"}],
                                   [[{"t": "Plain", "c": [_str("gamma ilex")]}], [{"t": "Plain", "c": [_str("delta")]}]]]},
        {"t": "Header", "c": [2, ["", [], []], [{"t": "Strong", "c": [_str("Heading")]}]]},
        _para({"t": "Image", "c": [["", [], []], [_str("A caption")], ["x.png", ""]]}),
    )
    src = fid.source_of([doc])
    assert src.body == ["plain", "heavy", "both", "fixed", "width", "capitals", "gamma", "ilex", "delta", "heading"]
    assert src.notes == ["editor"]
    assert src.floats == ["a", "caption"]
    assert src.math == 1
    assert src.styled == [("heavy", "bold"), ("both", "bolditalic"), ("fixed", "mono"), ("width", "mono"),
                          ("capitals", "smallcaps")]  # a heading's words are the design's to style
    assert [src.lists[0].marker(n) for n in range(2)] == ["c)", "d)"]


@pytest.mark.parametrize("start,style,delim,marker", [
    (1, "Decimal", "Period", "1."), (6, "DefaultStyle", "DefaultDelim", "6."), (4, "LowerRoman", "Period", "iv."),
    (1, "UpperAlpha", "TwoParens", "(A)"), (3, "LowerAlpha", "OneParen", "c)"), (14, "UpperRoman", "Period", "XIV."),
    (27, "LowerAlpha", "Period", "aa."), (1, "Example", "TwoParens", "(1)"),
])
def test_list_markers_as_written(start, style, delim, marker):
    assert fid.ListSpec(start, style, delim, [[]]).marker(0) == marker


# --- faces -----------------------------------------------------------------------

def _font(weight=400, italic=False, mono=False, cff=False) -> bytes:
    """A tiny font program with the given OS/2 weight, italic bit and fixed pitch."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "a", "b"]
    fb = FontBuilder(1000, isTTF=not cff)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({ord("a"): "a", ord("b"): "b"})
    if cff:
        charstrings = {}
        for n in names:
            pen = T2CharStringPen(500, None)
            pen.moveTo((0, 0)); pen.lineTo((0, 500)); pen.lineTo((400, 0)); pen.closePath()
            charstrings[n] = pen.getCharString()
        fb.setupCFF("Test", {"Weight": "Bold" if weight >= 600 else "Regular", "ItalicAngle": -12 if italic else 0,
                             "isFixedPitch": int(mono)}, charstrings, {})
    else:
        pen = TTGlyphPen(None)
        pen.moveTo((0, 0)); pen.lineTo((0, 500)); pen.lineTo((400, 0)); pen.closePath()
        fb.setupGlyf({n: pen.glyph() for n in names})
    widths = {".notdef": 500, "a": 500, "b": 500 if mono else 620}
    fb.setupHorizontalMetrics({n: (w, 0) for n, w in widths.items()})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test", "styleName": "Bold" if weight >= 600 else "Regular"})
    fb.setupOS2(usWeightClass=weight, fsSelection=(1 if italic else 0) | (0 if italic or weight >= 600 else 64))
    fb.setupPost(isFixedPitch=int(mono), italicAngle=-12 if italic else 0)
    buf = io.BytesIO()
    fb.save(buf)
    data = buf.getvalue()
    if cff:  # a PDF embeds the bare CFF table (FontFile3 /Type1C), not the OpenType file
        from fontTools.ttLib import TTFont

        return TTFont(io.BytesIO(data)).getTableData("CFF ")
    return data


@pytest.mark.parametrize("cff", [False, True], ids=["opentype", "bare-cff"])
def test_faces_are_read_from_the_font_program(cff):
    assert fid.face_of_program(_font(700, cff=cff), "/Type1C" if cff else "").weight >= 600
    regular = fid.face_of_program(_font(400, cff=cff), "/Type1C" if cff else "")
    assert (regular.weight, regular.italic, regular.mono) == (400, False, False)
    assert fid.face_of_program(_font(400, italic=True, cff=cff), "/Type1C" if cff else "").italic
    assert fid.face_of_program(_font(400, mono=True, cff=cff), "/Type1C" if cff else "").mono


@pytest.mark.parametrize("face,style,ok", [
    (Face(700, False, False), "bold", True), (Face(400, False, False), "bold", False),
    (Face(400, True, False), "italic", True), (Face(700, True, False), "italic", False),
    (Face(700, True, False), "bolditalic", True), (Face(400, True, False), "bolditalic", False),
    (Face(400, False, True), "mono", True), (Face(400, False, False), "mono", False),
])
def test_a_face_satisfies_a_style(face, style, ok):
    assert face.satisfies(style) is ok


def _char(text, font="F+Body", size=10.0, adv=5.0, x=0.0):
    return {"text": text, "fontname": font, "size": size, "adv": adv, "x0": x, "x1": x + adv}


def _pdf(lines, faces=None, trim=(0, 0, 400, 600), box=(0, 0, 400, 600), images=()):
    """A PdfOutput over made-up pages: ``lines`` is, per page, a list of (top, [(text, x0, x1, chars)])."""
    out = PdfOutput("made-up.pdf")
    pages = []
    for n, page in enumerate(lines):
        words = []
        for top, ws in page:
            for text, x0, x1, *chars in ws:
                chars = chars[0] if chars else [_char(c) for c in text]
                words.append(PdfWord(text, fid.tokens(text), chars, n, top, x0, x1))
        pages.append({"words": words, "images": list(images), "trim": trim, "box": box})
    out.__dict__["pages"] = pages
    out.__dict__["faces"] = faces or {}
    return out


def test_pdf_bold_in_a_regular_program_fails_and_in_a_bold_one_passes():
    src = fid.source_of([_doc(_para(_str("plain "), {"t": "Strong", "c": [_str("heavy")]}))])
    faces = {"F+Body": Face(400, False, False, "Body"), "F+Bold": Face(700, False, False, "Body")}
    bold = [_char(c, font="F+Bold") for c in "heavy"]
    assert fid.check_faces(src, _pdf([[(10, [("plain", 0, 20), ("heavy", 25, 50, bold)])]], faces)) == []
    wrong = fid.check_faces(src, _pdf([[(10, [("plain", 0, 20), ("heavy", 25, 50)])]], faces))
    assert wrong == ["'heavy' should be bold but is set in Body (weight 400)"]


def test_pdf_small_caps_are_judged_by_the_glyphs():
    src = fid.source_of([_doc(_para({"t": "SmallCaps", "c": [_str("Vauban")]}))])
    running = [(w, 0, 20, [_char(c, adv=5.0) for c in w]) for w in ("pave", "blue", "van", "banana", "nun")]
    smcp = [_char("V", adv=7.0)] + [_char(c, adv=6.2) for c in "auban"]  # small-cap glyphs: wider than a, u, b, n
    plain = [_char("V", adv=7.0)] + [_char(c, adv=5.0) for c in "auban"]
    synthetic = [_char("V", adv=7.0)] + [_char(c, size=8.0, adv=5.5) for c in "AUBAN"]
    for chars, ok in ((smcp, True), (synthetic, True), (plain, False)):
        out = _pdf([[(10, running), (30, [("Vauban" if chars is not synthetic else "VAUBAN", 0, 40, chars)])]])
        assert (fid.check_faces(src, out) == []) is ok


def test_pdf_small_caps_of_a_lower_case_word_are_judged_against_the_running_text():
    """A word wholly in synthesised small capitals has no full-size letter of its own: its
    capitals must be smaller than the words around it; capitals at their size are not small caps."""
    src = fid.source_of([_doc(_para(_str("plain "), {"t": "SmallCaps", "c": [_str("имён")]}, _str(" after")))])
    before = [_char(c) for c in "plain"]
    after = [_char(c) for c in "after"]
    for size, ok in ((7.8, True), (10.0, False)):
        word = [_char(c, size=size, adv=5.5) for c in "ИМЁН"]
        out = _pdf([[(10, [("plain", 0, 20, before), ("ИМЁН", 25, 45, word), ("after", 50, 70, after)])]])
        assert (fid.check_faces(src, out) == []) is ok
    lower = [_char(c, adv=5.0) for c in "имён"]  # left in lower case: not small caps
    out = _pdf([[(10, [("plain", 0, 20, before), ("имён", 25, 45, lower), ("after", 50, 70, after)])]])
    assert fid.check_faces(src, out) == ["'имён' should be smallcaps but is set in a font without an embedded program"]


def test_a_word_broken_at_a_line_end_is_joined():
    out = _pdf([[(10, [("an", 0, 10), ("exam\u2010", 15, 40)]), (25, [("ple", 0, 15), ("ends", 20, 40)])]])
    assert [w.text for w in out.words] == ["an", "example", "ends"]


# --- markers, alignments, bounds, TeX ---------------------------------------------

def _list_doc(start, style, delim, items):
    return _doc({"t": "OrderedList", "c": [[start, {"t": style}, {"t": delim}],
                                           [[{"t": "Plain", "c": [_str(i)]}] for i in items]]})


def test_pdf_list_markers_must_be_the_ones_written():
    src = fid.source_of([_list_doc(3, "LowerAlpha", "OneParen", ["gamma ilex", "gamma juniper"])])
    good = _pdf([[(10, [("c)", 0, 8), ("gamma", 12, 40), ("ilex", 45, 60)]),
                  (25, [("d)", 0, 8), ("gamma", 12, 40), ("juniper", 45, 70)])]])
    assert fid.check_markers(src, good) == []
    bad = _pdf([[(10, [("1.", 0, 8), ("gamma", 12, 40), ("ilex", 45, 60)]),
                 (25, [("2.", 0, 8), ("gamma", 12, 40), ("juniper", 45, 70)])]])
    assert fid.check_markers(src, bad) == ["list item 'gamma ilex': marker '1.', written 'c)'",
                                           "list item 'gamma juniper': marker '2.', written 'd)'"]


def _table_doc(aligns, rows):
    cell = lambda text: [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": [_str(text)]}]]
    body = [[["", [], []], [cell(t) for t in row]] for row in rows]
    return _doc({"t": "Table", "c": [["", [], []], [None, []], [[{"t": a}, {"t": "ColWidthDefault"}] for a in aligns],
                                     [["", [], []], []], [[["", [], []], 0, [], body]], [["", [], []], []]]})


def test_pdf_table_alignment_is_judged_by_x_positions():
    src = fid.source_of([_table_doc(["AlignLeft", "AlignRight"], [["pier", "12"], ["plinth", "1234"]])])
    right = _pdf([[(10, [("pier", 0, 20), ("12", 90, 100)]), (25, [("plinth", 0, 30), ("1234", 80, 100)])]])
    assert fid.check_alignments(src, right) == []
    left = _pdf([[(10, [("pier", 0, 20), ("12", 80, 90)]), (25, [("plinth", 0, 30), ("1234", 80, 100)])]])
    assert fid.check_alignments(src, left) == [
        "table 1 column 2: cells aligned left, written right (their right edges differ by 10.0 pt)"]


def _body_lines(n=6, right=300.0):
    return [(20 + 15 * k, [("word", 50, 80), ("more", 90, 120), ("text", 130, 160), ("here", right - 30, right)])
            for k in range(n)]


def test_a_line_past_the_text_block_is_found():
    assert fid.check_bounds(_pdf([_body_lines()])) == []
    overrun = _pdf([_body_lines() + [(200, [("return", 50, 100), ("stone.is_square()", 110, 360)])]])
    assert fid.check_bounds(overrun) == ["page 1: 'stone.is_square()' runs 59.5 pt past the right edge of the text block"]
    wide_image = _pdf([_body_lines()], images=[{"x0": 40.0, "x1": 380.0, "top": 0, "bottom": 10}])
    assert len(fid.check_bounds(wide_image)) == 1


def _two_hands(verso_lines):
    """A recto of full justified lines and a verso (its block 20 pt further right, as mirrored
    margins put it) given as ``verso_lines``."""
    recto = _pdf([_body_lines()], box=(0, 0, 409, 600))
    verso = _pdf([verso_lines], trim=(9, 0, 409, 600), box=(0, 0, 409, 600))
    verso.pages[0]["words"] = [PdfWord(w.text, w.tokens, w.chars, 1, w.top, w.x0, w.x1) for w in verso.pages[0]["words"]]
    recto.__dict__["pages"] = recto.pages + verso.pages
    return recto


def test_the_text_block_of_a_hand_with_few_justified_lines_is_its_left_edge_plus_the_measure():
    """Mirrored margins move the block, not its width: a verso with only one justified line
    (the others ragged, as a short book's pages are) still has the recto's measure."""
    ragged = [(20 + 15 * k, [("word", 70, 100), ("more", 110, 140 + 20 * k)]) for k in range(5)]
    justified = [(100, [("word", 70, 100), ("here", 290, 320)])]
    assert fid.check_bounds(_two_hands(ragged + justified)) == []
    overrun = [(120, [("word", 70, 100), ("stone.is_square()", 110, 380)])]
    assert fid.check_bounds(_two_hands(ragged + justified + overrun)) == [
        "page 2: 'stone.is_square()' runs 59.5 pt past the right edge of the text block"]


def test_tex_source_in_the_output_is_found():
    src = fid.source_of([_doc(_para({"t": "Math", "c": [{"t": "DisplayMath"}, "\\frac{d}{dx}"]}))])
    assert fid.check_tex(src, _Fake(kind="pdf", text="the derivative d dx")) == []
    assert fid.check_tex(src, _Fake(kind="pdf", text="$$\\frac{d}{dx}$$")) == [
        "TeX source in the output: '$$'", "TeX source in the output: '\\frac'"]


# --- the EPUB ---------------------------------------------------------------------

def _epub(tmp_path, body: str, css: str = "", fonts: dict[str, bytes] | None = None):
    path = tmp_path / "book.epub"
    items = "".join(f'<item id="f{n}" href="fonts/{name}" media-type="font/otf"/>' for n, name in enumerate(fonts or {}))
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("META-INF/container.xml", '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                   '<rootfiles><rootfile full-path="OEBPS/package.opf"/></rootfiles></container>')
        z.writestr("OEBPS/package.opf", '<package xmlns="http://www.idpf.org/2007/opf"><manifest>'
                   '<item id="c1" href="ch.xhtml" media-type="application/xhtml+xml"/>'
                   f'<item id="css" href="css/book.css" media-type="text/css"/>{items}</manifest>'
                   '<spine><itemref idref="c1"/></spine></package>')
        z.writestr("OEBPS/ch.xhtml", f'<html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>')
        z.writestr("OEBPS/css/book.css", css)
        for name, data in (fonts or {}).items():
            z.writestr(f"OEBPS/fonts/{name}", data)
    return fid.EpubOutput(path)


def test_epub_text_in_spine_order_without_tex_annotations(tmp_path):
    out = _epub(tmp_path, "<h1>Title</h1><p>one<em>two</em></p><p>three</p>"
                          '<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x"><mi>x</mi>'
                          '<annotation encoding="application/x-tex">\\sqrt{x}</annotation></math>')
    assert out.tokens == ["title", "onetwo", "three", "x"]
    assert fid.check_tex(fid.Source(math=1), out) == []


def test_epub_bold_face_must_be_a_bold_program(tmp_path):
    src = fid.source_of([_doc(_para({"t": "Strong", "c": [_str("ab")]}))])
    css = ('@font-face { font-family: "Body"; font-weight: bold; font-style: normal; src: url("../fonts/b.otf"); }\n'
           '@font-face { font-family: "Body"; font-weight: normal; font-style: normal; src: url("../fonts/r.otf"); }')
    good = _epub(tmp_path, "<p><strong>ab</strong></p>", css, {"b.otf": _font(700), "r.otf": _font(400)})
    assert fid.check_faces(src, good) == []
    (tmp_path / "book.epub").unlink()
    fake = _epub(tmp_path, "<p><strong>ab</strong></p>", css, {"b.otf": _font(400), "r.otf": _font(400)})
    assert fid.check_faces(src, fake) == [
        "@font-face 'Body' bold normal names a program of Test (weight 400)"]
    (tmp_path / "book.epub").unlink()
    unstyled = _epub(tmp_path, "<p>ab</p>", css, {"b.otf": _font(700), "r.otf": _font(400)})
    assert fid.check_faces(src, unstyled) == ["'ab' (bold): not inside an element styled bold"]


def test_epub_markers_from_attributes_css_or_written_out(tmp_path):
    src = fid.source_of([_list_doc(3, "LowerAlpha", "OneParen", ["gamma ilex", "gamma juniper"])])
    plain = _epub(tmp_path, '<ol start="3"><li>gamma ilex</li><li>gamma juniper</li></ol>')
    assert fid.check_markers(src, plain) == [
        "list 'gamma ilex': start 3, decimal, Period; written c) (start 3, lower-alpha, OneParen)"]
    (tmp_path / "book.epub").unlink()
    styled = _epub(tmp_path, '<ol start="3" type="a" class="one-paren"><li>gamma ilex</li><li>gamma juniper</li></ol>',
                   'ol.one-paren > li::marker { content: counter(list-item, lower-alpha) ") "; }')
    assert fid.check_markers(src, styled) == []
    (tmp_path / "book.epub").unlink()
    written = _epub(tmp_path, '<ol class="plain"><li>c) gamma ilex</li><li>d) gamma juniper</li></ol>')
    assert fid.check_markers(src, written) == []


def test_epub_alignments_from_style_or_class(tmp_path):
    src = fid.source_of([_table_doc(["AlignLeft", "AlignRight"], [["pier", "12"]])])
    lost = _epub(tmp_path, "<table><tr><td>pier</td><td>12</td></tr></table>")
    assert fid.check_alignments(src, lost) == ["table 1 column 1 row 1: aligned by default, written left",
                                               "table 1 column 2 row 1: aligned by default, written right"]
    (tmp_path / "book.epub").unlink()
    kept = _epub(tmp_path, '<table><tr><td style="text-align: left">pier</td><td class="r">12</td></tr></table>',
                 "td.r { text-align: right }")
    assert fid.check_alignments(src, kept) == []


# --- tiny AST builders ---------------------------------------------------------------

class _Fake:
    def __init__(self, kind="pdf", tokens=(), text=""):
        self.kind, self.tokens, self.text = kind, list(tokens), text


def _str(text: str) -> dict:
    """Inlines for ``text``: Str and Space, as pandoc gives them (one dict when one word)."""
    parts = text.split(" ")
    if len(parts) == 1:
        return {"t": "Str", "c": text}
    out = []
    for k, p in enumerate(parts):
        if k:
            out.append({"t": "Space"})
        if p:
            out.append({"t": "Str", "c": p})
    return {"t": "Span", "c": [["", [], []], out]}


def _para(*inlines) -> dict:
    return {"t": "Para", "c": list(inlines)}


def _note(*blocks) -> dict:
    return {"t": "Note", "c": list(blocks)}


def _doc(*blocks) -> dict:
    return {"pandoc-api-version": [1, 23], "meta": {}, "blocks": list(blocks)}


def test_epub_markers_from_a_counter_style_that_all_of_a_rules_classes_select(tmp_path):
    """``ol.scheme-decimal.delim-two-parens`` styles an <ol> with both classes, through an
    @counter-style whose prefix and suffix are the delimiter; a rule naming a class the <ol>
    lacks (``ol.scheme-upper-roman.delim-two-parens``) does not style it."""
    src = fid.source_of([_list_doc(3, "LowerAlpha", "TwoParens", ["gamma ilex", "gamma juniper"])])
    counters = ('@counter-style two-parens-lower-alpha { system: extends lower-alpha; prefix: "("; suffix: ") "; }\n'
                '@counter-style two-parens-upper-roman { system: extends upper-roman; prefix: "("; suffix: ") "; }\n')
    ol = '<ol type="a" start="3" class="delim-two-parens scheme-lower-alpha"><li>gamma ilex</li><li>gamma juniper</li></ol>'
    good = _epub(tmp_path, ol, counters + "ol.scheme-lower-alpha.delim-two-parens { list-style-type: two-parens-lower-alpha; }")
    assert fid.check_markers(src, good) == []
    (tmp_path / "book.epub").unlink()
    other = _epub(tmp_path, ol, counters + "ol.scheme-upper-roman.delim-two-parens { list-style-type: two-parens-upper-roman; }")
    assert fid.check_markers(src, other) == [
        "list 'gamma ilex': start 3, lower-alpha, Period; written (c) (start 3, lower-alpha, TwoParens)"]


def test_epub_bold_is_needed_in_the_body_family_not_in_code(tmp_path):
    src = fid.source_of([_doc(_para({"t": "Strong", "c": [_str("ab")]}, {"t": "Code", "c": [["", [], []], "ab"]}))])
    css = ('@font-face { font-family: "Body"; font-weight: normal; font-style: normal; src: url("../fonts/r.otf"); }\n'
           '@font-face { font-family: "Mono"; font-weight: normal; font-style: normal; src: url("../fonts/m.otf"); }\n'
           'body { font-family: "Body", serif; }\ncode { font-family: "Mono", monospace; }\n'
           'strong { font-weight: bold; }\n')
    fonts = {"r.otf": _font(400), "m.otf": _font(400, mono=True), "b.otf": _font(700)}
    bold = '@font-face { font-family: "Body"; font-weight: bold; font-style: normal; src: url("../fonts/b.otf"); }\n'
    body = "<p><strong>ab</strong> <code>ab</code></p>"
    good = _epub(tmp_path, body, bold + css, fonts)
    assert fid.check_faces(src, good) == []
    (tmp_path / "book.epub").unlink()
    unbold = _epub(tmp_path, body, css, fonts)
    assert fid.check_faces(src, unbold) == ["no embedded bold face for 'Body': a reading system must fake it"]
