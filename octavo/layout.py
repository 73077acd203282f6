"""The one adapter to WeasyPrint's laid-out pages.

Takes: a rendered ``weasyprint.Document``. Gives: ``pages(document)``, typed pages
(``LaidPage``) of the main flow's lines (``LaidLine``: the id of the block each
belongs to, its text, position, width and justification), the top of the page's
note area, the bottom of its content area, its anchors, its side and bottom margin;
``note_lines(document)``: the lines of each note in each page's note area; and ``capture_warnings``,
which turns WeasyPrint's log warnings (an ignored CSS declaration) into records the
builder reports as diagnostics instead of muting them; and ``mend_engine``, octavo's mends to
WeasyPrint (an emptied note area that still held back a line, a note sent over the page for
one line, a ligature written with no text), applied before every layout.

WeasyPrint has no public API for lines: this module alone reads its page boxes
(``page._page_box``) and box class names, and alone replaces one of its layout methods. WeasyPrint is pinned in pyproject.toml,
and ``tests/books/test_layout_contract.py`` lays out a three-page document and pins
what is read here, so an upgrade that moves these internals fails there first.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

# blocks whose id names the lines inside them (the typesetter's passes act per block)
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "pre", "div", "li", "dd", "dt"})
# boxes whose width is the measure of the lines directly inside them
_CONTAINERS = frozenset({"BlockBox", "BlockContainerBox", "BlockReplacedBox", "InlineBlockBox", "TableCellBox"})


@dataclass(frozen=True)
class LaidLine:
    owner: str | None  # id of the nearest block with an id
    verse: bool  # that block is verse (its short lines are the poet's)
    justified: bool  # set justified (a short line in ragged text, an index entry's, is by design)
    text: str  # the line's text as set (soft hyphens kept, the engine's hyphen U+2010 added)
    top: float  # px from the page's top edge
    bottom: float
    left: float  # where the line box starts
    right: float  # where its last glyph ends
    measure: float  # width of the block container the line is set in
    container: int  # which container (lines of one container follow each other)
    spacing: float  # px added to each space by justification (0 when not stretched)
    spaces: int  # spaces and no-break spaces on the line (the engine stretches both)
    font_size: float  # px, of the line's first text
    forced: bool  # the line ends at a line break the author set (<br/>)
    first_run: tuple[str, float]  # the text and width of the line's first run (to size its first word)
    added_space: float = 0.0  # px the style adds to the line's spaces on average (word- and letter-spacing)


@dataclass(frozen=True)
class LaidPage:
    index: int
    lines: list[LaidLine] = field(default_factory=list)  # the main flow's line boxes, notes apart, in reading order
    note_top: float | None = None  # top of the footnote area, if the page has notes
    content_bottom: float = 0.0  # bottom of the page's content area
    anchors: dict = field(default_factory=dict)  # id -> (x, y), WeasyPrint's public page.anchors
    side: str | None = None  # "left" (verso) or "right" (recto): the page type WeasyPrint matched
    margin_bottom: float = 0.0  # px, the page's bottom margin as its @page rules set it


_cache: "WeakKeyDictionary[object, list[LaidPage]]" = WeakKeyDictionary()


def pages(document) -> list[LaidPage]:
    """Every page of ``document`` as ``LaidPage``; read once per document."""
    if document not in _cache:
        _cache[document] = [_page(index, page) for index, page in enumerate(document.pages)]
    return _cache[document]


_notes_cache: "WeakKeyDictionary[object, list[dict[str, list[LaidLine]]]]" = WeakKeyDictionary()


def note_lines(document) -> list[dict[str, list[LaidLine]]]:
    """Per page, each note set in its note area (by the id of the note's element) with its
    lines in order; read once per document."""
    if document not in _notes_cache:
        found = []
        for page in document.pages:
            notes: dict[str, list[LaidLine]] = {}
            for area in page._page_box.children:
                if type(area).__name__ != "FootnoteAreaBox":
                    continue
                for note in area.children:
                    element = getattr(note, "element", None)
                    ident = element.get("id") if element is not None else None
                    if ident:
                        _collect(note, ident, False, note.width, 0, notes.setdefault(ident, []))
            found.append(notes)
        _notes_cache[document] = found
    return _notes_cache[document]


def _page(index: int, page) -> LaidPage:
    box = page._page_box
    root = box.children[0] if box.children else None  # the html element's box: the main flow
    lines: list[LaidLine] = []
    if root is not None:
        _collect(root, None, False, None, 0, lines)
    notes = [b.position_y for b in box.descendants() if type(b).__name__ == "FootnoteAreaBox"]
    return LaidPage(index, lines, min(notes) if notes else None, box.content_box_y() + box.height,
                    dict(page.anchors), box.page_type.side, box.margin_bottom)


def _collect(box, owner, verse, measure, container, out: list[LaidLine], justified: bool = False) -> None:
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) in BLOCK_TAGS and element.get("id"):
        owner = element.get("id")
        verse = "verse" in (element.get("class") or "").split()
    kind = type(box).__name__
    if kind == "LineBox":
        out.append(_line(box, owner, verse, measure, container, justified))
        return
    if kind in _CONTAINERS:
        measure, container = box.width, id(box)
        justified = box.style["text_align_all"] == "justify"
    for child in getattr(box, "children", []):
        _collect(child, owner, verse, measure, container, out, justified)


def _line(box, owner, verse, measure, container, justified) -> LaidLine:
    """One line box; a line without text (an inline image alone) is kept with empty text, since
    it still takes its place on the page and between the lines around it."""
    runs = [t for t in box.descendants() if type(t).__name__ == "TextBox"]
    return LaidLine(
        owner=owner, verse=verse, justified=justified, text="".join(_text(t) for t in runs),
        top=box.position_y, bottom=box.position_y + box.height, left=box.position_x,
        right=max((t.position_x + t.width for t in runs), default=box.position_x), measure=measure or box.width, container=container,
        spacing=max(((getattr(t, "justification_spacing", 0) or 0) for t in runs), default=0),
        spaces=sum(t.text.count(" ") + t.text.count("\u00a0") for t in runs),
        font_size=runs[0].style["font_size"] if runs else 0.0,
        forced=any(getattr(d, "element_tag", None) == "br" for d in box.descendants()),
        first_run=(_text(runs[0]), runs[0].width) if runs else ("", 0.0),
        added_space=_added_space(runs))


def _text(run) -> str:
    """A text box's text as the reader has it: WeasyPrint 70 sets a space that has a word-spacing
    of its own (a re-set paragraph's, ``paratext.with_spacing``) as space + U+200B, a zero-width
    space the manuscript never had; it is dropped (a word read from the line then matches the
    paragraph's HTML)."""
    return run.text.replace(" \u200b", " ")


def _added_space(runs) -> float:
    """The px the runs' styles add to each of their spaces, on average over the line: word-spacing
    and letter-spacing (Pango spaces every character, the space too); ``normal`` adds none."""
    total = count = 0
    for run in runs:
        n = run.text.count(" ") + run.text.count("\u00a0")
        if n:
            total += n * sum(float(run.style[k]) for k in ("word_spacing", "letter_spacing")
                             if isinstance(run.style[k], (int, float)))
            count += n
    return total / count if count else 0.0


# --- mends to WeasyPrint's layout ----------------------------------------------------------

# Names the mends ``mend_engine`` makes: part of every layout's cache key (``slices.slice_key``,
# ``build.tool_versions``), so pages laid out before a mend changed are never reused as current.
ENGINE_MENDS = "note-area-1,notes-stay-1,ligature-text-1"
# The line of WeasyPrint 70's ``layout.block._linebox_layout`` that sends notes to the next page
# to make room for one more line at a page's foot where its widows or orphans forbid the break
# before it; mend_engine makes it never so (a note stays on its call's page; the page breaks
# where the paragraph may break, and the typesetter's passes fill it).
_REPORT_FOR_A_LINE = "report = not context.in_column and can_break_now and not could_break_before"


def mend_engine() -> None:
    """Mend WeasyPrint 70's notes before a layout (idempotent, process-wide): two mends.

    When the last note on a page does not fit and is carried over to the next page (the print
    edition's ``footnote-policy: auto``), WeasyPrint empties the page's note area but still holds
    back its margin and padding (the space above the note rule, about a line) from the text: the
    page then ends a line short with nothing at its foot, or, when the paragraph cannot then
    break within its orphans and widows, the whole paragraph moves to the next page and the page
    ends many lines short (Kozea/WeasyPrint#1924 reports the symptom). Mended: an emptied area
    reserves nothing, as a page that never had a note. The multi-column path is left as it is.
    And a note is no longer sent over the page to make room for a line (``_keep_notes_for_a_line``);
    and a ligature's glyph carries its letters in the PDF's text (``_ligatures_keep_their_text``).
    """
    from weasyprint.layout import LayoutContext

    original = LayoutContext._update_footnote_area
    if getattr(original, "octavo_mend", False):
        return
    _keep_notes_for_a_line()
    _ligatures_keep_their_text()

    def update_footnote_area(self):
        area = self.current_footnote_area
        if self.current_page_footnotes or self.in_column:
            return original(self)
        if area.height != "auto":  # give back what the area held while it had notes
            self.page_bottom += area.margin_height()
        area.children = self.current_page_footnotes
        area.height = "auto"
        return False

    update_footnote_area.octavo_mend = True
    update_footnote_area.original = original
    LayoutContext._update_footnote_area = update_footnote_area


def _keep_notes_for_a_line() -> None:
    """Where a paragraph may not break before the line that overflows a page (its orphans or
    widows) but may after it, WeasyPrint 70 sends the page's notes to the next page, the last
    first, until that line fits: a note then stands a page after its call to save one line.
    Mended (the one line of ``_linebox_layout`` named by ``_REPORT_FOR_A_LINE``, set to False,
    the function compiled again in its own module): the page breaks where the paragraph may,
    a line or two short, its notes with their calls, and the typesetter's passes fill it."""
    import inspect

    from weasyprint.layout import block

    source = inspect.getsource(block._linebox_layout)
    if _REPORT_FOR_A_LINE not in source:
        raise RuntimeError("WeasyPrint's _linebox_layout is not the one octavo.layout mends (see tests/books/"
                           "test_layout_contract.py)")
    indent = source[:source.index(_REPORT_FOR_A_LINE)].rsplit("\n", 1)[1]
    mended = source.replace(indent + _REPORT_FOR_A_LINE, indent + "report = False  # octavo.layout: notes stay")
    original = block._linebox_layout
    exec(compile(mended, block.__file__, "exec"), block.__dict__)  # noqa: S102 (WeasyPrint's own source, one line changed)
    block._linebox_layout.original = original


def _ligatures_keep_their_text() -> None:
    """WeasyPrint 70 gives each glyph the text of its cluster, as the glyph after it begins;
    a ligature formed across a soft hyphen (*of\u00adfi\u00adcers*: octavo hyphenates every
    long word) shares its cluster with the hidden hyphen after it, so its text is empty, and a
    glyph keeps the first text it was given: the PDF's text then reads "o cers" (search, copy,
    a screen reader and text extraction all lose the letters). Mended as the PDF's fonts are
    written: a glyph left with no text is given its letters from the font's own ligature and
    alternate substitutions (``ligature_text``); soft hyphens and joiners are dropped from a
    glyph's text."""
    from weasyprint import pdf as weasy_pdf

    original = weasy_pdf.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            if getattr(font, "bitmap", False) or not font.to_unicode:
                continue
            known = None
            for glyph, text in list(font.to_unicode.items()):
                clean = "".join(ch for ch in text if ch not in _HIDDEN)
                if not clean:
                    known = known if known is not None else ligature_text(font.file_content, font.index)
                    clean = known.get(glyph, "")
                if clean != text:
                    font.to_unicode[glyph] = clean
        return original(pdf, fonts, *args, **kwargs)

    build_fonts_dictionary.original = original
    weasy_pdf.build_fonts_dictionary = build_fonts_dictionary


# in a glyph's text these only say where a line may break or must not: not letters a reader reads
_HIDDEN = frozenset("\u00ad\u200b\u2060")


_ligature_cache: dict[tuple[str, int], dict[int, str]] = {}


def ligature_text(font_file: bytes, index: int = 0) -> dict[int, str]:
    """Glyph id -> the text it draws, for every glyph the font's cmap or its substitutions
    (single, alternate, ligature: GSUB types 1, 3, 4, through extensions) reach from a
    character: a ligature's text is its components' in order."""
    import hashlib
    import io

    from fontTools.ttLib import TTFont

    key = (hashlib.sha256(font_file).hexdigest(), index)
    if key in _ligature_cache:
        return _ligature_cache[key]
    font = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
    text: dict[str, str] = {}
    for code, name in sorted((font.getBestCmap() or {}).items()):
        text.setdefault(name, chr(code))
    rules: list[tuple[str, list[str]]] = []  # glyph -> the glyphs it stands for
    if "GSUB" in font and font["GSUB"].table.LookupList:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                kind = lookup.LookupType
                if kind == 7:
                    kind, sub = sub.ExtSubTable.LookupType, sub.ExtSubTable
                if kind == 1:
                    rules += [(target, [source]) for source, target in sub.mapping.items()]
                elif kind == 3:
                    rules += [(target, [source]) for source, targets in sub.alternates.items() for target in targets]
                elif kind == 4:
                    rules += [(lig.LigGlyph, [first, *lig.Component]) for first, ligs in sub.ligatures.items() for lig in ligs]
    changed = True
    while changed:  # a substitution may stand for glyphs that are themselves substitutes
        changed = False
        for glyph, parts in rules:
            if glyph not in text and all(p in text for p in parts):
                text[glyph] = "".join(text[p] for p in parts)
                changed = True
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    _ligature_cache[key] = found = {order[name]: value for name, value in text.items() if name in order}
    return found


@contextmanager
def capture_warnings():
    """Collect WeasyPrint's warnings while the block runs (a list of their messages); its
    informational chatter stays muted. The caller turns them into diagnostics."""
    logger = logging.getLogger("weasyprint")
    seen: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                seen.append(record.getMessage())

    handler = _Collect(logging.WARNING)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # the builder reports them: no stray line on the terminal
    logger.addHandler(handler)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


# --- what a trial layout of single paragraphs needs (octavo.builders.trial) ---------------

def element_root(document):
    """The root element of the tree ``document`` was laid out from (None for an empty one)."""
    return document.pages[0]._page_box.children[0].element if document.pages and document.pages[0]._page_box.children else None


@dataclass(frozen=True)
class BlockGeometry:
    width: float  # px: the measure of its lines
    indent: float  # px: its first line's indent
    font_size: float  # px
    orphans: int = 2  # lines it must leave at a page's foot, if it breaks there
    widows: int = 2  # lines it must carry to the next page


def block_geometry(document, wanted: set[str]) -> dict[str, BlockGeometry]:
    """For each wanted id, the first block box laid out for it: its measure, indent, size and the
    lines it keeps together at a page break."""
    found: dict[str, BlockGeometry] = {}

    def walk(box):
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None else None
        if ident in wanted and ident not in found and type(box).__name__ in ("BlockBox", "BlockContainerBox"):
            value, unit = box.style["text_indent"]
            indent = value * box.width / 100 if unit == "%" else float(value)  # computed lengths are in px
            found[ident] = BlockGeometry(box.width, indent, box.style["font_size"], box.style["orphans"],
                                         box.style["widows"])
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found


def inline_marks(document, separator: str = "~") -> dict[str, tuple[float, float]]:
    """id -> (x, width) of every inline box whose element id holds ``separator`` (the marks a
    trial layout puts at each place a line may end)."""
    found: dict[str, tuple[float, float]] = {}

    def walk(box):
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None else None
        if ident and separator in ident and type(box).__name__ == "InlineBox" and ident not in found:
            found[ident] = (box.position_x, box.width)
        for child in getattr(box, "children", []):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return found
