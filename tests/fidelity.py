"""Fidelity: does a built output carry everything its Markdown says?

Takes: a book's chapters (read to pandoc's AST with octavo's own Markdown
reader) and one of its outputs (the EPUB, the screen PDF or the print PDF).
Gives: for each check, a list of problems (plain sentences; empty means it
passed):

- ``words``: every word of the source appears in the output, in order. The
  source is three streams, each checked on its own against the whole output
  text: the body (every Str, inline code and code block, in reading order),
  the notes (footnotes and editor's notes, which move to page feet or chapter
  ends) and the floats (figure captions, which the typesetter may move past a
  paragraph). Citations are left out (citeproc rewrites them), and so are
  inline images' descriptions (alt text is not shown) and math.
- ``faces``: bold, italic, bold italic, small caps and monospace words are set
  in a face of that weight and style. In a PDF the face is read from the
  embedded font program (pikepdf -> FontFile* -> fontTools), never from its
  name; in the EPUB from the element the word is in, the CSS that styles it and
  the @font-face programs the CSS names.
- ``markers``: ordered lists show the markers written (``c)``, ``iv.``,
  ``(A)``, a start of 6...).
- ``alignments``: table columns keep their alignment (XHTML: style, align or
  class; PDF: the x positions of a column's cells).
- ``bounds``: no character or image runs outside the text block (PDFs only):
  the block is the extent of the body's justified lines on pages of the same
  hand, measured inside the TrimBox.
- ``tex``: no TeX source in the output (math typeset, raw TeX not printed);
  in the EPUB each formula is a MathML element.

Words are compared folded (NFKC, case-folded, soft hyphens removed, split at
anything that is not a letter or digit), so typographic quotes, dashes and
apostrophes never matter; a word split at a line end or joined to its
neighbour (a note call, a hyphenated compound) still matches.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

CORPUS = Path(__file__).resolve().parent / "books" / "corpus"
CORPUS_BOOKS = sorted(p.name for p in CORPUS.iterdir() if (p / "book.yaml").is_file())  # the conformance corpus

# --- words ------------------------------------------------------------------

_SPLIT = re.compile(r"[^\W_]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
HYPHENS = ("-", "\u2010", "\u2011", "\u00ad")
X_TOLERANCE = 1.5  # pt: a gap wider than this between two chars separates words


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded for comparison."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    return _SPLIT.findall(text)


def _glued(out: str, word: str) -> bool:
    """``out`` is ``word`` with a note call's digits glued before or after it."""
    if out.startswith(word):
        rest = out[len(word):]
    elif out.endswith(word):
        rest = out[: -len(word)]
    else:
        return False
    return rest.isdigit() and not word.isdigit()


def _match_at(src: list[str], i: int, out: list[str], j: int) -> tuple[int, int] | None:
    """If source word ``i`` matches the output at ``j``: the positions after the match."""
    w, o = src[i], out[j]
    if o == w:
        return i + 1, j + 1
    # a word split in the output (an unjoined line-end hyphen, a wrapped code line)
    joined = o
    for k in range(j + 1, min(j + 4, len(out))):
        joined += out[k]
        if joined == w:
            return i + 1, k + 1
        if not w.startswith(joined):
            break
    # words joined in the output (a compound hyphenated at its own hyphen, a superscript)
    joined = w
    for k in range(i + 1, min(i + 4, len(src))):
        joined += src[k]
        if joined == o or _glued(o, joined):
            return k + 1, j + 1
        if not o.startswith(joined):
            break
    if _glued(o, w):
        return i + 1, j + 1
    return None


@dataclass
class Missing:
    index: int  # position in the source stream
    word: str
    elsewhere: bool  # the word is in the output, but not where the text around it is (out of order)


def match_stream(src: list[str], out: list[str]) -> list[Missing]:
    """The words of ``src`` not found in order in ``out``.

    The long runs the two have in common are aligned first (difflib, no junk
    heuristic); the words between two aligned runs are then looked for, in order,
    only in the output between the same two runs, where a word may be split (a
    line-end hyphen not joined), joined to its neighbour or carry a note call."""
    from difflib import SequenceMatcher

    missing: list[Missing] = []
    present = set(out)
    a0 = b0 = 0
    for a, b, size in SequenceMatcher(None, src, out, autojunk=False).get_matching_blocks():
        i, j = a0, b0
        while i < a:
            found = None
            for k in range(j, b):
                found = _match_at(src, i, out, k)
                if found and found[0] <= a:
                    break
                found = None
            if found:
                i, j = found
            else:
                missing.append(Missing(i, src[i], src[i] in present))
                i += 1
        a0, b0 = a + size, b + size
    return missing


def word_problems(name: str, src: list[str], out: list[str], limit: int = 8) -> list[str]:
    """Sentences naming the first missing or out-of-order words of stream ``name``."""
    missing = match_stream(src, out)
    problems = []
    for m in missing[:limit]:
        before = " ".join(src[max(0, m.index - 6): m.index])
        after = " ".join(src[m.index + 1: m.index + 5])
        how = "out of place (it appears elsewhere)" if m.elsewhere else "missing"
        problems.append(f"{name}: word {m.index + 1} '{m.word}' is {how}: …{before} [{m.word}] {after}…")
    if len(missing) > limit:
        problems.append(f"{name}: … and {len(missing) - limit} more words not found")
    return problems


# --- the source: pandoc's AST ----------------------------------------------

STYLES = ("bold", "italic", "bolditalic", "smallcaps", "mono")


@dataclass
class ListSpec:
    start: int
    style: str  # pandoc's ListNumberStyle
    delim: str  # pandoc's ListNumberDelim
    items: list[list[str]]  # each item's first words (folded)

    def marker(self, n: int) -> str:
        """The marker of item ``n`` (0-based) as written: ``c)``, ``(iv)``, ``7.``."""
        num = self.start + n
        style = {"DefaultStyle": "Decimal", "Example": "Decimal"}.get(self.style, self.style)
        label = {"Decimal": str(num), "LowerAlpha": _alpha(num), "UpperAlpha": _alpha(num).upper(),
                 "LowerRoman": _roman(num), "UpperRoman": _roman(num).upper()}[style]
        return {"OneParen": f"{label})", "TwoParens": f"({label})"}.get(self.delim, f"{label}.")

    @property
    def css_type(self) -> str:
        return {"LowerAlpha": "lower-alpha", "UpperAlpha": "upper-alpha", "LowerRoman": "lower-roman",
                "UpperRoman": "upper-roman"}.get(self.style, "decimal")


def _alpha(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


@dataclass
class TableSpec:
    aligns: list[str]  # per column: AlignLeft, AlignRight, AlignCenter, AlignDefault
    rows: list[list[list[str]]]  # header and body rows: each cell's words (folded)


@dataclass
class Source:
    """What the chapters say, in the shape the checks need."""

    body: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    floats: list[str] = field(default_factory=list)
    styled: list[tuple[str, str]] = field(default_factory=list)  # (word, one of STYLES)
    lists: list[ListSpec] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    math: int = 0

    def streams(self) -> dict[str, list[str]]:
        return {"body": self.body, "notes": self.notes, "floats": self.floats}


def _inline_text(inlines) -> str:
    """Plain text of inlines (for list items and table cells)."""
    out = []

    def go(node):
        if isinstance(node, list):
            for n in node:
                go(n)
        elif isinstance(node, dict):
            t, c = node.get("t"), node.get("c")
            if t == "Str":
                out.append(c)
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t in ("Code", "CodeBlock"):
                out.append(c[1])
            elif t in ("Note", "Cite", "Image", "Math", "RawInline", "RawBlock"):
                return
            elif t == "Span" and "ednote" in c[0][1]:
                return
            else:
                go(c)
    go(inlines)
    return "".join(out)


class _Reader:
    """Walks one chapter's AST and fills a ``Source``."""

    def __init__(self, src: Source):
        self.s = src

    def blocks(self, blocks, stream: list[str], styles: frozenset = frozenset(), heading=False):
        for b in blocks:
            self.block(b, stream, styles, heading)

    def block(self, b, stream, styles, heading):
        t, c = b["t"], b.get("c")
        if t in ("Para", "Plain"):
            if len(c) == 1 and c[0]["t"] == "Image":  # an image alone: a figure, its caption floats
                self.inlines(c[0]["c"][1], self.s.floats, styles, heading)
            else:
                self.inlines(c, stream, styles, heading)
        elif t == "Header":
            self.inlines(c[2], stream, styles, heading=True)
        elif t == "LineBlock":
            for line in c:
                self.inlines(line, stream, styles, heading)
        elif t == "CodeBlock":
            self.words(c[1], stream, styles | {"mono"}, heading)
        elif t == "BlockQuote":
            self.blocks(c, stream, styles, heading)
        elif t == "OrderedList":
            (start, style, delim), items = c
            self.s.lists.append(ListSpec(start, style["t"], delim["t"],
                                         [tokens(_inline_text(item[0]["c"]))[:3] if item and item[0]["t"] in ("Plain", "Para")
                                          else [] for item in items]))
            for item in items:
                self.blocks(item, stream, styles, heading)
        elif t == "BulletList":
            for item in c:
                self.blocks(item, stream, styles, heading)
        elif t == "DefinitionList":
            for term, defs in c:
                self.inlines(term, stream, styles, heading)
                for d in defs:
                    self.blocks(d, stream, styles, heading)
        elif t == "Div":
            self.blocks(c[1], stream, styles, heading)
        elif t == "Figure":
            self.blocks(c[1][1], self.s.floats, styles, heading)
            self.blocks(c[2], stream, styles, heading)
        elif t == "Table":
            self.table(c, stream, styles)
        # RawBlock (a warning at most: never counted as text), HorizontalRule: no words

    def table(self, c, stream, styles):
        _attr, caption, colspecs, head, bodies, foot = c
        self.blocks(caption[1], stream, styles)
        rows = []
        for _rattr, cells in head[1] + [r for body in bodies for r in body[2] + body[3]] + foot[1]:
            row = []
            for cell in cells:
                row.append(tokens(_inline_text(cell[4])))
                self.blocks(cell[4], stream, styles)
            rows.append(row)
        self.s.tables.append(TableSpec([spec[0]["t"] for spec in colspecs], rows))

    def inlines(self, inlines, stream, styles, heading=False):
        for node in inlines:
            self.inline(node, stream, styles, heading)

    def inline(self, node, stream, styles, heading):
        t, c = node["t"], node.get("c")
        if t == "Str":
            self.words(c, stream, styles, heading)
        elif t == "Code":
            self.words(c[1], stream, styles | {"mono"}, heading)
        elif t == "Emph":
            self.inlines(c, stream, styles | {"italic"}, heading)
        elif t == "Strong":
            self.inlines(c, stream, styles | {"bold"}, heading)
        elif t == "SmallCaps":
            self.inlines(c, stream, styles | {"smallcaps"}, heading)
        elif t in ("Underline", "Strikeout", "Superscript", "Subscript"):
            self.inlines(c, stream, styles, heading)
        elif t == "Quoted":
            self.inlines(c[1], stream, styles, heading)
        elif t == "Link":
            self.inlines(c[1], stream, styles, heading)
        elif t == "Span":
            (_, classes, _), inner = c
            if "ednote" in classes:
                self.inlines(inner, self.s.notes, frozenset(), heading)
            else:
                self.inlines(inner, stream, styles | ({"smallcaps"} if "smallcaps" in classes else set()), heading)
        elif t == "Note":
            self.blocks(c, self.s.notes, frozenset(), heading)
        elif t == "Math":
            self.s.math += 1
        # Cite: rewritten by citeproc; Image inline: alt text; RawInline, breaks: no words

    def words(self, text, stream, styles, heading):
        found = tokens(text)
        stream.extend(found)
        style = _style_of(styles)
        if style and not heading:  # a heading's own face is the design's choice
            self.s.styled.extend((w, style) for w in found)


def _style_of(styles) -> str | None:
    if "mono" in styles:
        return "mono"
    if "bold" in styles and "italic" in styles:
        return "bolditalic"
    for s in ("bold", "italic", "smallcaps"):
        if s in styles:
            return s
    return None


def source_of(asts: list[dict]) -> Source:
    """The ``Source`` of chapters given as pandoc JSON ASTs, in reading order."""
    src = Source()
    for ast in asts:
        reader = _Reader(src)
        reader.blocks(ast["blocks"], src.body)
    return src


def read_source(book) -> Source:
    """The ``Source`` of a loaded ``octavo.project.Book`` (front matter, chapters, back matter)."""
    from octavo.parse import parse_markdown

    files = [*book.front_files, *book.chapter_files, *book.back_files]
    return source_of([parse_markdown(f) for f in files])


# --- faces: what a font program is ------------------------------------------

@dataclass(frozen=True)
class Face:
    weight: int
    italic: bool
    mono: bool
    family: str = ""
    covers: frozenset = frozenset()  # code points the program has glyphs for (OpenType programs)

    def satisfies(self, style: str) -> bool:
        bold = self.weight >= 600
        return {"bold": bold and not self.italic, "italic": self.italic and not bold,
                "bolditalic": bold and self.italic, "mono": self.mono,
                "smallcaps": True}[style]  # small caps are judged from the glyphs, not the face


def face_of_program(data: bytes, subtype: str = "") -> Face:
    """Weight, italic and fixed pitch of a font program (an OpenType/TrueType file, or a
    bare CFF as PDFs embed it with FontFile3 /Type1C or /CIDFontType0C)."""
    if subtype in ("/Type1C", "/CIDFontType0C") or data[:1] == b"\x01":
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        top = cff[cff.fontNames[0]]
        weight_name = str(getattr(top, "Weight", "") or "").lower()
        weight = 700 if any(k in weight_name for k in ("bold", "black", "heavy", "semibold")) else 400
        return Face(weight, float(getattr(top, "ItalicAngle", 0) or 0) != 0, bool(getattr(top, "isFixedPitch", 0)),
                    str(getattr(top, "FamilyName", "") or ""))
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    weight, italic = 400, False
    if "OS/2" in font:
        weight = font["OS/2"].usWeightClass
        italic = bool(font["OS/2"].fsSelection & 1)
    if "head" in font:
        italic = italic or bool(font["head"].macStyle & 2)
        if "OS/2" not in font and font["head"].macStyle & 1:
            weight = 700
    mono = False
    if "post" in font:
        italic = italic or font["post"].italicAngle != 0
        mono = bool(font["post"].isFixedPitch)
    if not mono and "OS/2" in font and font["OS/2"].panose.bProportion == 9:
        mono = True
    if not mono and "hmtx" in font:  # a subset may lose the flag: letters all one width means fixed pitch
        widths = {w for name, (w, _) in font["hmtx"].metrics.items() if name not in (".notdef",) and w > 0}
        mono = len(widths) == 1
    family = font["name"].getDebugName(1) or "" if "name" in font else ""
    covers = frozenset(font.getBestCmap() or ()) if "cmap" in font else frozenset()
    return Face(weight, italic, mono, family, covers)


# --- outputs ----------------------------------------------------------------

@dataclass
class PdfWord:
    text: str
    tokens: list[str]
    chars: list[dict]
    page: int
    top: float
    x0: float
    x1: float


class PdfOutput:
    """A PDF's words in content order (line-end hyphens joined), its fonts and pages."""

    kind = "pdf"

    def __init__(self, path: Path):
        self.path = Path(path)

    @cached_property
    def faces(self) -> dict[str, Face]:
        """BaseFont name (with its subset tag, unique in the file) -> the face of its program."""
        import pikepdf

        found: dict[str, Face] = {}
        with pikepdf.open(self.path) as pdf:
            seen = set()

            def fonts_in(resources):
                if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
                    return
                seen.add(resources.objgen)
                for font in (resources.get("/Font") or {}).values():
                    name = str(font.get("/BaseFont", ""))[1:]
                    if name in found:
                        continue
                    desc_font = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    desc = desc_font.get("/FontDescriptor")
                    if desc is None:
                        continue
                    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                        if key in desc:
                            stream = desc[key]
                            try:
                                found[name] = face_of_program(stream.read_bytes(), str(stream.get("/Subtype", "")))
                            except Exception as exc:  # noqa: BLE001 - an unreadable program is a finding, not a crash
                                found[name] = Face(0, False, False, f"unreadable: {exc}")
                            break
                for xobj in (resources.get("/XObject") or {}).values():
                    if xobj.get("/Subtype") == "/Form":
                        fonts_in(xobj.get("/Resources"))

            for page in pdf.pages:
                fonts_in(page.obj.get("/Resources"))
        return found

    @cached_property
    def pages(self) -> list[dict]:
        """Per page: its words, chars, images and TrimBox (pdfplumber's coordinates)."""
        import pdfplumber

        pages = []
        with pdfplumber.open(self.path) as pdf:
            for n, page in enumerate(pdf.pages):
                # a tight x tolerance: table cells set without a gap are still two words
                raw = page.extract_words(use_text_flow=True, keep_blank_chars=False, return_chars=True,
                                         x_tolerance=X_TOLERANCE)
                pages.append({
                    "words": [PdfWord(w["text"], tokens(w["text"]), w["chars"], n, w["top"], w["x0"], w["x1"])
                              for w in raw],
                    "images": [dict(x0=i["x0"], x1=i["x1"], top=i["top"], bottom=i["bottom"]) for i in page.images],
                    "trim": page.trimbox,
                    "box": page.bbox,
                })
        return pages

    @cached_property
    def words(self) -> list[PdfWord]:
        """All words in order, a word broken at a line end by a hyphen joined again."""
        out: list[PdfWord] = []
        for page in self.pages:
            ws = page["words"]
            k = 0
            while k < len(ws):
                w = ws[k]
                nxt = ws[k + 1] if k + 1 < len(ws) else None
                if (nxt is not None and len(w.text) > 1 and w.text.endswith(HYPHENS)
                        and nxt.top > w.top + 2 and w.text[-2].isalpha()):
                    text = w.text[:-1] + nxt.text
                    out.append(PdfWord(text, tokens(text), w.chars[:-1] + nxt.chars, w.page, w.top, w.x0, nxt.x1))
                    k += 2
                    continue
                out.append(w)
                k += 1
        return out

    @cached_property
    def tokens(self) -> list[str]:
        return [t for w in self.words for t in w.tokens]

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


_BLOCKS = {"p", "div", "li", "ol", "ul", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "figure", "figcaption", "aside", "section", "nav", "table", "tr", "td", "th", "caption",
           "br", "hr", "header", "footer", "body", "math"}
XHTML = "{http://www.w3.org/1999/xhtml}"


def shown_text(el) -> str:
    """The text an XHTML element shows: a space after each block, no style, script or TeX annotation."""
    out: list[str] = []

    def walk(el, top=False):
        name = _local(el.tag)
        if name not in ("script", "style", "annotation", "annotation-xml", "head"):
            if el.text:
                out.append(el.text)
            for child in el:
                walk(child)
            if name in _BLOCKS:
                out.append(" ")
        if el.tail and not top:
            out.append(el.tail)

    walk(el, top=True)
    return "".join(out)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class EpubOutput:
    """An EPUB's XHTML documents in spine order, their text, CSS and embedded fonts."""

    kind = "epub"

    def __init__(self, path: Path):
        self.path = Path(path)
        from lxml import etree

        with zipfile.ZipFile(self.path) as z:
            self.files = {n: z.read(n) for n in z.namelist()}
        container = etree.fromstring(self.files["META-INF/container.xml"])
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(self.files[opf_path])
        base = PurePosixPath(opf_path).parent
        manifest = {i.get("id"): str(base / i.get("href")) for i in opf.iter("{*}item")}
        self.spine = [manifest[r.get("idref")] for r in opf.iter("{*}itemref")]
        self.docs = [etree.fromstring(self.files[p]) for p in self.spine]
        self.css = "\n".join(self.files[p].decode("utf-8", "replace") for p in manifest.values() if p.endswith(".css"))
        self.doc_paths = self.spine

    @cached_property
    def text(self) -> str:
        return " ".join(shown_text(doc) for doc in self.docs)

    @cached_property
    def tokens(self) -> list[str]:
        return tokens(self.text)

    def font_faces(self) -> list[dict]:
        """Each @font-face rule: family, weight, style and the face of the program it names."""
        rules = []
        css_dir = next((PurePosixPath(p).parent for p in self.files if p.endswith(".css")), PurePosixPath("."))
        for body in re.findall(r"@font-face\s*{([^}]*)}", self.css):
            decl = _declarations(body)
            url = re.search(r"url\(\s*['\"]?([^'\")]+)", decl.get("src", ""))
            face = None
            if url:
                path = _normpath(css_dir / url.group(1))
                if path in self.files:
                    face = face_of_program(self.files[path])
            rules.append({"family": decl.get("font-family", "").strip("'\" "),
                          "weight": decl.get("font-weight", "normal"), "style": decl.get("font-style", "normal"),
                          "face": face})
        return rules


def _normpath(p: PurePosixPath) -> str:
    parts: list[str] = []
    for part in p.parts:
        if part == "..":
            parts and parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _declarations(body: str) -> dict[str, str]:
    out = {}
    for decl in body.split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip().lower()] = v.strip()
    return out


def css_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of each plain rule (at-rules' own blocks skipped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@font-face\s*{[^}]*}", "", css)
    return [(sel.strip(), _declarations(body)) for sel, body in re.findall(r"([^{}@]+){([^{}]*)}", css)]


def open_output(path: Path):
    return EpubOutput(path) if Path(path).suffix == ".epub" else PdfOutput(path)


# --- checks -----------------------------------------------------------------

def check_words(src: Source, out) -> list[str]:
    problems = []
    for name, stream in src.streams().items():
        problems += word_problems(name, stream, out.tokens)
    return problems


def check_faces(src: Source, out) -> list[str]:
    return _epub_faces(src, out) if out.kind == "epub" else _pdf_faces(src, out)


def _wanted(src: Source) -> dict[tuple[str, str], int]:
    """Each (word, style) once: a word set in a face somewhere must be found in it somewhere."""
    return {k: 1 for k in src.styled if k[0] and not k[0].isdigit()}


def _letters(word: PdfWord) -> list[dict]:
    """The chars of a PDF word that carry its letters (not punctuation, not a note call set smaller)."""
    chars = [c for c in word.chars if c["text"].isalnum()]
    if not chars:
        return []
    size = max(c["size"] for c in chars)
    return [c for c in chars if c["size"] >= size * 0.8]


def _pdf_faces(src: Source, out: PdfOutput) -> list[str]:
    faces = out.faces
    by_token: dict[str, list[PdfWord]] = {}
    for w in out.words:
        for t in w.tokens:
            by_token.setdefault(t, []).append(w)
    normal_adv = _normal_advances(out)
    problems = []
    for word, style in _wanted(src):
        hits = by_token.get(word, [])
        if not hits:
            problems.append(f"'{word}' ({style}): not found in the PDF text")
            continue
        seen = []
        ok = False
        for hit in hits:
            chars = _letters(hit)
            got = [faces.get(c["fontname"]) for c in chars]
            if style == "smallcaps":
                good = bool(chars) and _small_caps(chars, normal_adv)
            else:
                good = bool(got) and all(f is not None and f.satisfies(style) for f in got)
            if good:
                ok = True
                break
            seen.append(", ".join(sorted({_describe(f) for f in got})))
        if not ok:
            problems.append(f"'{word}' should be {style} but is set in {' / '.join(sorted(set(seen)))}")
    return problems


def _describe(face: Face | None) -> str:
    if face is None:
        return "a font without an embedded program"
    return (f"{face.family or 'a face'} (weight {face.weight}{', italic' if face.italic else ''}"
            f"{', fixed pitch' if face.mono else ''})")


def _normal_advances(out: PdfOutput) -> dict[tuple[str, str], float]:
    """(font, letter) -> its most common advance per point of size: the letter as body text sets it."""
    counts: dict[tuple[str, str], Counter] = {}
    for w in out.words:
        for c in w.chars:
            if c["text"].isalpha() and c["size"]:
                counts.setdefault((c["fontname"], c["text"]), Counter())[round(c["adv"] / c["size"], 3)] += 1
    return {k: v.most_common(1)[0][0] for k, v in counts.items()}


def _small_caps(chars: list[dict], normal: dict) -> bool:
    """Lower-case letters set as small capitals: either capitals at a reduced size (synthesised)
    or glyphs of another width than the same letter in running text (the font's smcp glyphs)."""
    lower = [c for c in chars if c["text"].isalpha()]
    if not lower:
        return False
    size = max(c["size"] for c in chars)
    for c in lower:
        if c["text"].isupper() and c["size"] < size * 0.95:
            continue  # a synthesised small capital
        if c["text"].islower() and round(c["adv"] / c["size"], 3) != normal.get((c["fontname"], c["text"])):
            continue  # a glyph other than the running text's letter
        if c is lower[0] and c["text"].isupper():
            continue  # an initial capital stays a capital
        return False
    return True


_STYLE_TAGS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "code": "mono", "pre": "mono",
               "kbd": "mono", "samp": "mono", "tt": "mono"}


def _epub_faces(src: Source, out: EpubOutput) -> list[str]:
    """Each styled word sits in an element that the CSS sets in that style, and the
    @font-face program for that weight and style really is of that weight and style."""
    rules = css_rules(out.css)
    problems = []
    # 1. each style's words are inside an element that gives them the style
    located: dict[tuple[str, str], bool] = {}
    for doc in out.docs:
        for el in doc.iter():
            style = _element_style(el, rules)
            if not style:
                continue
            for t in tokens(shown_text(el)):
                located[(t, style)] = True
                if style in ("bold", "italic"):  # nested strong/em
                    parent = el.getparent()
                    while parent is not None:
                        other = _element_style(parent, rules)
                        if other and {style, other} == {"bold", "italic"}:
                            located[(t, "bolditalic")] = True
                        parent = parent.getparent()
    for word, style in _wanted(src):
        if not located.get((word, style)):
            problems.append(f"'{word}' ({style}): not inside an element styled {style}")
    # 2. the embedded faces are what their @font-face rules say they are
    fonts = out.font_faces()
    for rule in fonts:
        bold = rule["weight"].lower() in ("bold", "bolder") or (rule["weight"].isdigit() and int(rule["weight"]) >= 600)
        italic = rule["style"].lower() in ("italic", "oblique")
        face = rule["face"]
        if face is None:
            continue
        if (face.weight >= 600) != bold or face.italic != italic:
            problems.append(f"@font-face '{rule['family']}' {rule['weight']} {rule['style']} names a program of "
                            f"{_describe(face)}")
    # 3. the face for a style has glyphs for the words set in it (else the reading system substitutes)
    for word, style in _wanted(src):
        want = {"bold": (True, False), "italic": (False, True), "bolditalic": (True, True)}.get(style)
        for rule in fonts:
            face = rule["face"]
            if want and face is not None and face.covers and (face.weight >= 600, face.italic) == want:
                lacking = sorted({ch for ch in word if ch.isalpha() and ord(ch) not in face.covers
                                  and ord(ch.upper()) not in face.covers})
                if lacking:
                    problems.append(f"'{word}' ({style}): the embedded {style} face has no glyph for "
                                    f"{' '.join(lacking)}")
    # 4. each style the book uses has an embedded face for the body family
    families = {r["family"] for r in fonts if r["face"] is not None}
    used = {style for _, style in _wanted(src)}
    for family in families:
        have = {(r["weight"].lower() in ("bold", "700", "600", "800", "900"), r["style"].lower() == "italic")
                for r in fonts if r["family"] == family and r["face"] is not None}
        for style, key in (("bold", (True, False)), ("italic", (False, True)), ("bolditalic", (True, True))):
            if style in used and key not in have:
                problems.append(f"no embedded {style} face for '{family}': a reading system must fake it")
    return problems


def _element_style(el, rules) -> str | None:
    name = _local(el.tag)
    if name in _STYLE_TAGS:
        return _STYLE_TAGS[name]
    classes = (el.get("class") or "").split()
    inline = _declarations(el.get("style") or "")
    decls = dict(inline)
    for sel, d in rules:
        last = sel.split(",")[-1].strip().split()[-1] if sel.strip() else ""
        if any(last == f".{c}" or last.endswith(f"{name}.{c}") for c in classes):
            decls.update(d)
    if "small-caps" in decls.get("font-variant", "") + decls.get("font-variant-caps", ""):
        return "smallcaps"
    return None


def check_markers(src: Source, out) -> list[str]:
    return _epub_markers(src, out) if out.kind == "epub" else _pdf_markers(src, out)


def _pdf_markers(src: Source, out: PdfOutput) -> list[str]:
    """The word before each list item's first words, on the same line, is its marker."""
    problems = []
    lines = _lines(out)
    pos = 0
    for spec in src.lists:
        for n, first in enumerate(spec.items):
            if not first:
                continue
            want = spec.marker(n)
            found = None
            for li in range(pos, len(lines)):
                at = _find_seq(lines[li], first, 0)
                if at is not None:
                    found = li, at
                    break
            if found is None:
                problems.append(f"list item '{' '.join(first)}' (marker {want}): not found")
                continue
            pos, at = found
            got = lines[pos][at - 1].text if at else "(none)"
            if got != want:
                problems.append(f"list item '{' '.join(first)}': marker '{got}', written '{want}'")
    return problems


def _find_seq(words: list[PdfWord], toks: list[str], start: int) -> int | None:
    """Index of the word where the token sequence ``toks`` begins, from ``start`` on."""
    flat = [(k, t) for k, w in enumerate(words[start:], start) for t in w.tokens]
    for i in range(len(flat) - len(toks) + 1):
        if [t for _, t in flat[i:i + len(toks)]] == toks:
            return flat[i][0]
    return None


def _epub_markers(src: Source, out: EpubOutput) -> list[str]:
    """Each <ol> in order: its start and counter style (attributes, inline style or a class
    the CSS styles), its delimiter (a ::marker or ::before rule, or the marker written out)."""
    rules = css_rules(out.css)
    ols = [el for doc in out.docs for el in doc.iter(f"{XHTML}ol") if not _in_nav(el)]
    problems = []
    k = 0
    for spec in src.lists:
        # the <ol> whose first item starts with this list's first words
        first = next((f for f in spec.items if f), [])
        while k < len(ols) and tokens(shown_text(ols[k]))[:len(first)] != first \
                and not _starts_with_marker(ols[k], spec):
            k += 1
        if k >= len(ols):
            problems.append(f"list '{' '.join(first)}': no <ol> found")
            k = 0
            continue
        ol = ols[k]
        k += 1
        if _starts_with_marker(ol, spec):
            continue
        items = [li for li in ol if _local(li.tag) == "li"]
        start = int(items[0].get("value") or ol.get("start") or (len(items) if ol.get("reversed") is not None else 1)) \
            if items else 1
        css = _ol_css(ol, rules)
        ctype = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}.get(
            ol.get("type") or "", None) or css.get("list-style-type") or css.get("list-style", "decimal").split()[0]
        ctype = {"lower-latin": "lower-alpha", "upper-latin": "upper-alpha"}.get(ctype, ctype)
        literal = "".join(a or b for a, b in re.findall(r'"([^"]*)"|\'([^\']*)\'', css.get("content", "")))
        delim = ("TwoParens" if "(" in literal else "OneParen") if ")" in literal else "Period"
        want_delim = {"DefaultDelim": "Period"}.get(spec.delim, spec.delim)
        got = f"start {start}, {ctype}, {delim}"
        want = f"start {spec.start}, {spec.css_type}, {want_delim}"
        if got != want:
            problems.append(f"list '{' '.join(first)}': {got}; written {spec.marker(0)} ({want})")
    return problems


def _in_nav(el) -> bool:
    while el is not None:
        if _local(el.tag) == "nav":
            return True
        el = el.getparent()
    return False


def _starts_with_marker(ol, spec: ListSpec) -> bool:
    """The markers are written out in the items' text."""
    items = [li for li in ol if _local(li.tag) == "li"]
    return bool(items) and all(shown_text(li).strip().startswith(spec.marker(n)) for n, li in enumerate(items))


def _ol_css(ol, rules) -> dict[str, str]:
    decls: dict[str, str] = {}
    classes = (ol.get("class") or "").split()
    for sel, d in rules:
        for part in sel.split(","):
            part = part.strip()
            if any(f".{c}" in part for c in classes) and re.search(r"\bol\b|\bli\b|^\.", part):
                if "::marker" in part or "::before" in part or ":before" in part:
                    decls.update({"content": d.get("content", "")} if "content" in d else {})
                else:
                    decls.update({k: v for k, v in d.items() if k.startswith("list-style")})
    decls.update({k: v for k, v in _declarations(ol.get("style") or "").items() if k.startswith("list-style")})
    return decls


def check_alignments(src: Source, out) -> list[str]:
    return _epub_alignments(src, out) if out.kind == "epub" else _pdf_alignments(src, out)


_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}


def _epub_alignments(src: Source, out: EpubOutput) -> list[str]:
    rules = css_rules(out.css)
    tables = [el for doc in out.docs for el in doc.iter(f"{XHTML}table")]
    problems = []
    for n, spec in enumerate(src.tables):
        if n >= len(tables):
            problems.append(f"table {n + 1}: not in the EPUB")
            continue
        rows = [tr for tr in tables[n].iter(f"{XHTML}tr")]
        for col, align in enumerate(spec.aligns):
            want = _ALIGN.get(align)
            if not want:
                continue
            for r, tr in enumerate(rows):
                cells = [c for c in tr if _local(c.tag) in ("td", "th")]
                if col >= len(cells):
                    continue
                got = _cell_align(cells[col], rules)
                if got != want:
                    problems.append(f"table {n + 1} column {col + 1} row {r + 1}: aligned {got or 'by default'}, "
                                    f"written {want}")
                    break
    return problems


def _cell_align(cell, rules) -> str | None:
    style = _declarations(cell.get("style") or "").get("text-align")
    if style:
        return style.strip()
    if cell.get("align"):
        return cell.get("align")
    classes = (cell.get("class") or "").split()
    for sel, d in rules:
        if "text-align" in d and any(re.search(rf"\.{re.escape(c)}\b", sel) for c in classes):
            return d["text-align"].strip()
    return None


def _pdf_alignments(src: Source, out: PdfOutput, tol: float = 1.5) -> list[str]:
    """A column's cells share their left edge, right edge or centre as written (judged only
    where the cells differ in width). A row is found as its cells' words in content order,
    left to right; a cell's extent is its first line (cells of one row may sit on different
    baselines)."""
    problems = []
    words = out.words
    flat = [(k, t) for k, w in enumerate(words) for t in w.tokens]
    toks = [t for _, t in flat]
    pos = 0
    for n, spec in enumerate(src.tables):
        extents: list[list[tuple[float, float] | None]] = []  # per row: per column (x0, x1)
        for row in spec.rows:
            seq = [t for cell in row for t in cell]
            at = _index(toks, seq, pos)
            if not seq or at is None:
                continue
            pos = at + len(seq)
            cells, offset = [], at
            for cell in row:
                if not cell:
                    cells.append(None)
                    continue
                first = words[flat[offset][0]]
                line = [words[flat[i][0]] for i in range(offset, offset + len(cell))
                        if words[flat[i][0]].page == first.page and abs(words[flat[i][0]].top - first.top) < 2]
                cells.append((first.x0, max(w.x1 for w in line)))
                offset += len(cell)
            extents.append(cells)
        if len(extents) < 2:
            problems.append(f"table {n + 1}: its rows were not found in the PDF")
            continue
        for col, align in enumerate(spec.aligns):
            want = _ALIGN.get(align)
            if not want:
                continue
            xs = [row[col] for row in extents if col < len(row) and row[col] is not None]
            if len(xs) < 2 or max(x1 - x0 for x0, x1 in xs) - min(x1 - x0 for x0, x1 in xs) < 2 * tol:
                continue
            spread = {"left": lambda a, b: a, "right": lambda a, b: b, "center": lambda a, b: (a + b) / 2}
            edges = {k: max(f(*x) for x in xs) - min(f(*x) for x in xs) for k, f in spread.items()}
            if edges[want] > tol:
                got = min(edges, key=edges.get)
                problems.append(f"table {n + 1} column {col + 1}: cells aligned {got}, written {want} "
                                f"(their {want} edges differ by {edges[want]:.1f} pt)")
    return problems


def _index(haystack: list[str], needle: list[str], start: int) -> int | None:
    """Where the run ``needle`` begins in ``haystack`` at or after ``start``."""
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return i
    return None


def _lines(out: PdfOutput) -> list[list[PdfWord]]:
    """The PDF's words grouped into lines (same page, same baseline), each sorted left to right."""
    lines: list[list[PdfWord]] = []
    for page in out.pages:
        rows: dict[int, list[PdfWord]] = {}
        for w in page["words"]:
            key = next((k for k in rows if abs(k - w.top) < 2), round(w.top))
            rows.setdefault(key, []).append(w)
        for k in sorted(rows):
            lines.append(sorted(rows[k], key=lambda w: w.x0))
    return lines


def check_bounds(out: PdfOutput, tol: float = 1.0) -> list[str]:
    """Every char and image inside the text block: the body's left edge and the right edge of its
    justified lines, on pages of the same hand (mirrored margins), within the TrimBox."""
    if out.kind == "epub":
        return []
    problems = []
    blocks = _text_blocks(out)
    for n, page in enumerate(out.pages):
        trim = page["trim"]
        left, right = blocks.get(_hand(page), (trim[0], trim[2]))
        bad = [w for w in page["words"] if w.x0 < left - tol or w.x1 > right + tol]
        for w in bad[:3]:
            side = f"{w.x1 - right:.1f} pt past the right" if w.x1 > right + tol else f"{left - w.x0:.1f} pt before the left"
            problems.append(f"page {n + 1}: '{w.text}' runs {side} edge of the text block")
        for im in page["images"]:
            if im["x0"] < left - tol or im["x1"] > right + tol:
                problems.append(f"page {n + 1}: an image spans x {im['x0']:.1f}–{im['x1']:.1f} pt, outside the "
                                f"text block {left:.1f}–{right:.1f} pt")
    return problems


def _hand(page) -> int:
    """Mirrored pages differ in where the trim sits in the media box (the bleed is on the
    outer edge): group pages by that offset."""
    return round(page["trim"][0] - page["box"][0])


def _text_blocks(out: PdfOutput, repeats: int = 3) -> dict[int, tuple[float, float]]:
    """Per hand: (left, right) of the text block. Justified lines all end on the block's right
    edge and unindented lines start on its left edge, so the block is the outermost edges
    that at least ``repeats`` lines share (a line that overruns is alone where it ends)."""
    lefts: dict[int, Counter] = {}
    rights: dict[int, Counter] = {}
    for page in out.pages:
        rows: dict[int, list[PdfWord]] = {}
        for w in page["words"]:
            rows.setdefault(round(w.top), []).append(w)
        hand = _hand(page)
        for ws in rows.values():
            lefts.setdefault(hand, Counter())[round(min(w.x0 for w in ws) * 2) / 2] += 1
            rights.setdefault(hand, Counter())[round(max(w.x1 for w in ws) * 2) / 2] += 1
    blocks = {}
    for hand in lefts:
        ls = [x for x, n in lefts[hand].items() if n >= repeats]
        rs = [x for x, n in rights[hand].items() if n >= repeats]
        if ls and rs:
            blocks[hand] = (min(ls) - 0.5, max(rs) + 0.5)
    return blocks


_TEX = re.compile(r"\\[A-Za-z]{2,}|\$\$|\\\[|\\\(")


def check_tex(src: Source, out) -> list[str]:
    problems = [f"TeX source in the output: '{m}'" for m in sorted(set(_TEX.findall(out.text)))]
    if out.kind == "epub":
        formulas = [el for doc in out.docs for el in doc.iter("{http://www.w3.org/1998/Math/MathML}math")]
        if len(formulas) < src.math:
            problems.append(f"{src.math} formulas in the source, {len(formulas)} MathML <math> elements in the EPUB")
        problems += ["a <math> element without alttext" for el in formulas if not el.get("alttext")][:1]
    return problems


CHECKS = {
    "words": check_words,
    "faces": check_faces,
    "markers": check_markers,
    "alignments": check_alignments,
    "bounds": lambda src, out: check_bounds(out),
    "tex": check_tex,
}
