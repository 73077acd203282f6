"""What a book's chapters say, read from pandoc's AST in the shape the checks need.

Takes: chapters' pandoc JSON ASTs (or a loaded ``octavo.project.Book``, read with
octavo's own Markdown reader). Gives: a ``Source``: the body, notes and floats
word streams, the styled words, the ordered lists and the tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .words import tokens

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
