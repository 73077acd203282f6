"""Render pandoc AST nodes as HTML (well-formed XHTML, so EPUB can use it too).

Takes: a filtered ``Section`` and ``RenderOptions``. Gives: ``RenderedSection``
with the body HTML and the section's notes. Every block gets a stable id
(``<section>-<n>``, the same in every format) so that a print page can be
mapped back to the place in the text where it begins.

Notes are numbered per section. ``notes="foot"`` writes each note right after
its call as a ``span.footnote`` for CSS ``float: footnote`` (PDF); ``"popup"``
writes the calls only, and the builder places the notes as asides (EPUB).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Callable

from octavo.ast import text
from octavo.document import Section
from octavo.render.code import CodeMeasure, code_block, code_context, code_in_note
from octavo.render.math import check_tex, mathml, svg_img
from octavo.render import constructs
from octavo.render.smallcaps import synthesize


def esc(s: str) -> str:
    return escape(s, quote=True)


def text_run(s: str) -> str:
    """A run of text: escaped, with a word joiner (U+2060) before each em dash so that
    no line begins with a dash (the Standard Ebooks convention)."""
    return escape(s, quote=False).replace("—", "\u2060—").replace("\u2060\u2060", "\u2060")


@dataclass
class RenderOptions:
    notes: str = "foot"  # "foot" or "popup"
    href: Callable[[str], str] = lambda fragment: "#" + fragment  # id -> link target
    image: Callable[[str], str] = lambda src: src  # book-relative path -> URL in the output
    epub: bool = False  # add epub:type attributes
    code: CodeMeasure | None = None  # the PDFs' measure for code lines; None: the reader wraps (EPUB)
    math: str = "mathml"  # "mathml" (EPUB) or "svg" (PDFs: vector drawings in the ink below)
    ink: str = "black"
    # a hook given each body paragraph's id, inner HTML and language (None: the book's),
    # returning the HTML to write (the PDFs' soft hyphens, octavo.hyphenate); None
    # writes the text as it is
    paragraph: Callable[[str, str, str | None], str] | None = None
    lang: str = "en"  # the book's language: quotation marks and the words octavo adds
    # the code points the body face sets as real small capitals (octavo.render.smallcaps);
    # None: the reader synthesises the rest (EPUB reading systems do, CSS Fonts 3 6.3)
    small_caps: frozenset[int] | None = None

    @property
    def t(self):
        from octavo.i18n import messages

        return messages(self.lang)


@dataclass
class Note:
    number: int
    id: str
    call_id: str
    html: str  # the note's content as block HTML
    editor: bool


@dataclass
class RenderedSection:
    section: Section
    body: str
    notes: list[Note] = field(default_factory=list)
    title_html: str = ""
    block_ids: list[str] = field(default_factory=list)
    title_plain_html: str = ""  # the title without its notes: contents, nav, running heads, bookmarks

    @property
    def id(self) -> str:
        return self.section.id

    @property
    def title_text(self) -> str:
        return text(self.section.title)


class Renderer:
    def __init__(self, section: Section, opts: RenderOptions):
        self.s = section
        self.o = opts
        self.notes: list[Note] = []
        self.block_ids: list[str] = []
        self._n = 0
        self._in_note = False
        self._skip_notes = False  # True while writing a title for contents, nav and running heads
        self._lang: str | None = None  # the language of an enclosing Div marked lang="..."

    # --- entry point ------------------------------------------------------
    def render(self) -> RenderedSection:
        title = self.inlines(self.s.title)  # first: a note in the title is the section's note 1
        body = self.blocks(self.s.blocks)
        return RenderedSection(self.s, body, self.notes, title, self.block_ids, self.without_notes(self.s.title))

    def without_notes(self, inl: list) -> str:
        """Inline HTML with note calls left out (a title where it is listed or repeated)."""
        was, self._skip_notes = self._skip_notes, True
        try:
            return self.inlines(inl)
        finally:
            self._skip_notes = was

    def _next_id(self, given: str = "") -> str:
        if given:
            self.block_ids.append(given)
            return given
        self._n += 1
        ident = f"{self.s.id}-{self._n}"
        self.block_ids.append(ident)
        return ident

    def _epub(self, value: str) -> str:
        return f' epub:type="{value}"' if self.o.epub else ""

    # --- blocks -----------------------------------------------------------
    def blocks(self, blocks: list, tight: bool = False) -> str:
        out = []
        for i, b in enumerate(blocks):
            html = self.block(b, tight)
            if b["t"] == "Para" and i + 1 < len(blocks) and _introduces(b, blocks[i + 1]):
                html = html.replace("<p", '<p class="lead-in"', 1)  # kept on the page of what it introduces
            out.append(html)
        return "".join(out)

    def _id_attr(self, given: str = "") -> str:
        return "" if self._in_note else f' id="{esc(self._next_id(given))}"'

    def block(self, b: dict, tight: bool = False) -> str:
        with code_context(self, b["t"]):  # code inside quotations and lists has a narrower measure
            return self._block(b, tight)

    def _block(self, b: dict, tight: bool = False) -> str:
        t, c = b["t"], b.get("c")
        if t == "Para":
            return self.paragraph(c)
        if t == "Plain":
            return self.inlines(c) if tight else self.paragraph(c)
        if t == "Header":
            return self.heading(c)
        if t == "BlockQuote":
            return f"<blockquote>\n{self.blocks(c)}</blockquote>\n"
        if t == "LineBlock":
            lines = "".join(f'<span class="line">{self.inlines(line)}</span><br/>\n' for line in c)
            return f'<p class="verse"{self._id_attr()}>{lines}</p>\n'
        if t == "BulletList":
            items = "".join(f"<li>{self.blocks(item, tight=True)}</li>\n" for item in c)
            return f"<ul>\n{items}</ul>\n"
        if t == "OrderedList":
            attrs, items = c
            return (f"<ol{constructs.ordered_list_attrs(attrs)}>\n"
                    + "".join(f"<li>{self.blocks(i, tight=True)}</li>\n" for i in items) + "</ol>\n")
        if t == "DefinitionList":
            out = ["<dl>\n"]
            for term, defs in c:
                out.append(f"<dt>{self.inlines(term)}</dt>\n")
                out += [f"<dd>{self.blocks(d, tight=True)}</dd>\n" for d in defs]
            return "".join(out) + "</dl>\n"
        if t == "CodeBlock":
            return self.code_block(c)
        if t == "RawBlock":
            return c[1] + "\n" if c[0].lower() in ("html", "html5") else ""
        if t == "HorizontalRule":
            return '<hr class="break"/>\n'
        if t == "Div":
            (ident, classes, kv), inner = c
            if "editor-note" in classes:
                return self.blocks(inner)
            was, self._lang = self._lang, dict(kv).get("lang") or self._lang
            body = self.blocks(inner)
            self._lang = was
            return f"<div{_attrs(ident, classes, kv)}>\n{body}</div>\n"
        if t == "Figure":
            return self.figure(c)
        if t == "Table":
            return constructs.table_html(self, c)
        return ""

    def heading(self, c) -> str:
        """A heading inside a section: pandoc level n is ``<hn>`` (the section's title is the
        one ``<h1>``; the headings filter has shifted the levels when a chapter holds a second
        level-one heading). ``data-label`` is its text without notes, for the PDF outline."""
        level, (ident, classes, _), inl = c
        level = min(max(level, 2), 6)
        cls = f' class="{esc(" ".join(classes))}"' if classes else ""
        label = text([{"t": "Para", "c": inl}]).strip()
        return f'<h{level}{self._id_attr(ident)}{cls} data-label="{esc(label)}">{self.inlines(inl)}</h{level}>\n'

    def paragraph(self, inl: list) -> str:
        """A paragraph; its text passes through the options' paragraph hook when one is set."""
        if self._in_note or self.o.paragraph is None:
            return f"<p{self._id_attr()}>{self.inlines(inl)}</p>\n"
        ident = self._next_id()
        return f'<p id="{esc(ident)}">{self.o.paragraph(ident, self.inlines(inl), self._lang)}</p>\n'

    def figure(self, c) -> str:
        (ident, classes, kv), caption, _ = c
        a = dict(kv)
        cap = self.blocks(caption[1], tight=True) if caption and caption[1] else ""
        credit = f' <span class="credit">{esc(a["credit"])}</span>' if a.get("credit") else ""
        if a.get("missing"):
            img = (f'<div class="placeholder" role="img" aria-label="{esc(a.get("alt") or text(caption[1]))}">'
                   f'<span class="placeholder-label">{esc(self.o.t("artwork_to_come"))}</span> <span class="placeholder-path">{esc(a["src"])}</span></div>')
        else:
            img = f'<img src="{esc(self.o.image(a["src"]))}" alt="{esc(a.get("alt", ""))}"{constructs.image_style(a)}/>'
        return f'<figure{self._id_attr(ident)}>{img}<figcaption>{cap}{credit}</figcaption></figure>\n'

    # --- inlines ----------------------------------------------------------
    def inlines(self, inl: list) -> str:
        return "".join(self.inline(i) for i in inl)

    def inline(self, i: dict) -> str:
        t, c = i["t"], i.get("c")
        if t == "Str":
            return text_run(c)
        if t == "Space":
            return " "
        if t == "SoftBreak":
            return " "  # a line end in the source is a space: never a line break in any output
        if t == "LineBreak":
            return "<br/>"
        if t == "Emph":
            return f"<em>{self.inlines(c)}</em>"
        if t == "Strong":
            return f"<strong>{self.inlines(c)}</strong>"
        if t == "Underline":
            return f'<span class="underline">{self.inlines(c)}</span>'
        if t == "Strikeout":
            return f"<del>{self.inlines(c)}</del>"
        if t == "Superscript":
            return f"<sup>{self.inlines(c)}</sup>"
        if t == "Subscript":
            return f"<sub>{self.inlines(c)}</sub>"
        if t == "SmallCaps":
            inner = self.inlines(c)
            if self.o.small_caps is not None:  # WeasyPrint does not synthesise: octavo does
                inner = synthesize(inner, self.o.small_caps)
            return f'<span class="smallcaps">{inner}</span>'
        if t == "Quoted":  # the language's marks: "..." are the primary pair, '...' the secondary
            marks = self.o.t.quotes
            opening, closing = marks[:2] if c[0]["t"] == "DoubleQuote" else marks[2:]
            return opening + self.inlines(c[1]) + closing
        if t == "Cite":
            return self.inlines(c[1])
        if t == "Code":
            return f"<code>{esc(c[1])}</code>"
        if t == "Math":
            return self.math(c)
        if t == "RawInline":
            return c[1] if c[0].lower() in ("html", "html5") else ""
        if t == "Link":
            (ident, classes, _), inl, (target, title) = c
            href = self.o.href(target[1:]) if target.startswith("#") else target
            ttl = f' title="{esc(title)}"' if title else ""
            cls = f' class="{esc(" ".join(classes))}"' if classes else ""
            return f'<a href="{esc(href)}"{ttl}{cls}>{self.inlines(inl)}</a>'
        if t == "Image":
            return constructs.inline_image(self, c)
        if t == "Span":
            (ident, classes, kv), inl = c
            if "csl-no-punct" in classes:
                return self.inlines(inl)
            return f"<span{_attrs(ident, classes, kv)}>{self.inlines(inl)}</span>"
        if t == "Note":
            return "" if self._skip_notes else self.note(c)
        return ""

    def note(self, blocks: list) -> str:
        n = len(self.notes) + 1
        nid, cid = f"fn-{self.s.id}-{n}", f"fnref-{self.s.id}-{n}"
        editor = any(b["t"] == "Div" and "editor-note" in b["c"][0][1] for b in blocks)
        was, self._in_note = self._in_note, True
        with code_context(self, "Note"):
            body = self.blocks(blocks)
            was_inline = constructs.note_inline(self, blocks, lambda b: self._note_inline([b])) \
                if self.o.notes == "foot" else ""
        self._in_note = was
        label = f'<span class="ed-label">{esc(self.o.t("editor_note"))}</span> ' if editor else ""
        if label:
            body = body.replace("<p>", "<p>" + label, 1)
            was_inline = was_inline.replace('<span class="fn-block">', '<span class="fn-block">' + label, 1) \
                if was_inline.startswith('<span class="fn-block">') else label + was_inline
        self.notes.append(Note(n, nid, cid, body, editor))
        call = (f'<a class="noteref" href="{esc(self.o.href(nid))}" id="{cid}"{self._epub("noteref")} role="doc-noteref">{n}</a>')
        if self.o.notes == "foot":
            cls = "footnote editor" if editor else "footnote"
            # no space after the number: its box is the hang, so the note's first line begins
            # under its turnovers (a space would be stretched with the others on a justified line)
            return (f'{call}<span class="{cls}" id="{nid}"><a class="note-number" href="#{cid}">{n}</a>'
                    f"{was_inline}</span>")
        return call

    def _note_inline(self, blocks: list) -> str:
        """Note content as inline HTML (a floated footnote lives inside a paragraph)."""
        parts = []
        for b in blocks:
            if b["t"] == "Div":
                parts.append(self._note_inline(b["c"][1]))
            elif b["t"] in ("Para", "Plain"):
                parts.append(self.inlines(b["c"]))
            elif b["t"] == "CodeBlock":
                parts.append(code_in_note(b["c"][1], b["c"][0][1], self._code_columns()))
            else:
                parts.append(text([b]))
        return ' <span class="note-break"></span>'.join(parts)


    # --- math (octavo/render/math.py) ---------------------------------------
    def math(self, c) -> str:
        display, tex = c[0]["t"] == "DisplayMath", c[1]
        if check_tex(tex) is not None:  # reported (F504) before rendering; shown as written
            return f'<code class="math-tex">{esc(tex)}</code>'
        if self.o.math == "svg":
            html = svg_img(tex, display, self.o.ink)
        else:
            html = mathml(tex, display)
        return f'<span class="math-display">{html}</span>' if display else html

    # --- code (octavo/render/code.py) ---------------------------------------
    def _code_columns(self) -> int | None:
        """Characters a code line may hold here; None in the EPUB (the reader wraps)."""
        if self.o.code is None:
            return None
        return self.o.code.columns(getattr(self, "_code_inset", 0.0), getattr(self, "_code_scale", 1.0))

    def code_block(self, c) -> str:
        (ident, classes, _kv), code = c
        return code_block(code, self._id_attr(ident), classes, self._code_columns())


def _attrs(ident: str, classes: list[str], kv: list | None = None) -> str:
    """ id="..." class="..." lang="..." for an element, each only when set. A passage in another
    language (``[texte]{lang=fr}``) carries both ``lang`` and ``xml:lang`` (XHTML wants both):
    readers and WeasyPrint hyphenate and speak it in its own language."""
    lang = next((v for k, v in kv or [] if k == "lang"), "")
    out = (f' id="{esc(ident)}"' if ident else "") + (f' class="{esc(" ".join(classes))}"' if classes else "")
    if lang and _LANG.fullmatch(lang):
        out += f' lang="{lang}" xml:lang="{lang}"'
    return out


_LANG = re.compile(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*")


def _introduces(para: dict, following: dict) -> bool:
    """A paragraph ending with a colon, followed by a block quotation or verse."""
    if following["t"] not in ("BlockQuote", "LineBlock"):
        return False
    last = para["c"][-1] if para["c"] else None
    return bool(last and last["t"] == "Str" and last["c"].endswith(":"))


def block_ids(section: Section) -> list[str]:
    """The ids the renderer gives the section's blocks (the same in every format), rendered
    once per block list: the layout passes and the EPUB's page map both ask for them."""
    cached = section.__dict__.get("_block_ids")
    if cached is None or cached[0] is not section.blocks:
        cached = (section.blocks, Renderer(section, RenderOptions()).render().block_ids)
        section.__dict__["_block_ids"] = cached
    return cached[1]


def render_section(section: Section, opts: RenderOptions) -> RenderedSection:
    return Renderer(section, opts).render()


def render_blocks(blocks: list, opts: RenderOptions, section_id: str = "x") -> str:
    """HTML for loose blocks (the bibliography), without block ids."""
    r = Renderer(Section("back", None, blocks, id=section_id), opts)  # type: ignore[arg-type]
    r._in_note = True  # no generated ids
    return r.blocks(blocks)
