"""The screen and print PDFs: one HTML document, laid out by WeasyPrint.

Takes: the prepared ``Document`` and a profile name ("print" or "screen").
Gives: ``PdfResult``: the PDF bytes, the page count, and for every block id
the index of the page it starts on, plus each page's printed folio, so the
EPUB can carry the print edition's page numbers without a second layout.

Profiles are data (``PROFILES``): page geometry, PDF variant and template.
The print interior chooses its gutter from the page count (print-on-demand
table), pads to an even count of at least 24 pages, and writes PDF/X with a
CMYK output intent; the screen PDF is tagged PDF/UA-1.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from octavo.atomic import write_atomic, write_with
from octavo.builders.contents import entry as contents_entry, nest_parts
from octavo.builders.base import book_context, fetcher_for, finish_pdf, place_url, render_template, to_cmyk
from octavo.document import Document
from octavo.errors import BookError, Diagnostic
from octavo.project import Book
from octavo.render.code import CodeMeasure, measure, mono_scale, token_css
from octavo.builders.typeset import MAX_EXTRA_PASSES, Passes, defer_figures, hyphen_faults, page_starts, section_keys
from octavo.builders.geometry import GUTTER_TABLE, min_gutter, print_geometry as trim_geometry  # noqa: F401 (GUTTER_TABLE: re-exported)
from octavo.builders.linefaults import join_words, lines, stranded
from octavo.hyphenate import Hyphenator
from octavo.layout import capture_warnings
from octavo.render.html import RenderOptions, render_blocks, render_section
from octavo.index.render import illustrations as figure_list
from octavo.render.smallcaps import smcp_coverage

MIN_PAGES = 24


@dataclass
class Profile:
    name: str
    css: str
    variant: str | None
    dpi: int | None = None


PROFILES = {
    "print": Profile("print", "print.css.j2", None),  # variant from book.yaml
    "screen": Profile("screen", "screen.css.j2", "pdf/ua-1", dpi=150),
}


@dataclass
class PdfResult:
    pdf: bytes
    pages: int
    anchors: dict[str, int] = field(default_factory=dict)  # block id -> page index (0-based)
    labels: list[str] = field(default_factory=list)  # printed folio of each page
    inner_margin: float = 0.0
    refused: list[str] = field(default_factory=list)
    layouts: int = 1  # how many times the book was laid out (the typesetter's passes)
    starts: list = field(default_factory=list)  # per page: (block id, characters before) when it begins mid-block
    reasons: list[str] = field(default_factory=list)  # why each further layout was made
    line_faults: list[str] = field(default_factory=list)  # lines no typesetter would set, left in the last layout
    warnings: list[Diagnostic] = field(default_factory=list)  # WeasyPrint's, as diagnostics (W710)


def to_roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def print_image(book: Book, src: str) -> Path:
    """The image as the interior prints it: greyscale for black ink, CMYK through the output
    intent for a colour interior (as JPEG: PNG holds no CMYK); alpha flattened on white
    (PDF/X-1a allows no transparency and no RGB); cached by content in build/.cache."""
    from PIL import Image

    path = (book.root / src).resolve()
    if path.suffix.lower() == ".svg" or not path.is_file():
        return path
    data = path.read_bytes()
    colour = book.config.print.colour
    key = hashlib.sha256(data + (str(book.cmyk_profile).encode() if colour else b"")).hexdigest()[:24]
    lossless = path.suffix.lower() in (".png", ".gif") and not colour
    out = book.cache_dir / "print-images" / f"{key}.{'png' if lossless else 'jpg'}"
    if not out.is_file():
        with Image.open(path) as im:
            im.load()
            if im.mode in ("RGBA", "LA", "P"):
                im = im.convert("RGBA")
                flat = Image.new("RGBA", im.size, "white")
                flat.alpha_composite(im)
                im = flat
            grey = to_cmyk(im, book.cmyk_profile) if colour else im.convert("L")
            write_with(out, lambda tmp: grey.save(tmp, format="PNG" if lossless else "JPEG", quality=92,
                                                  dpi=im.info.get("dpi", (300, 300))))
    return out


def profile_ink(profile: Profile) -> str:
    """The text colour: black ink only in print (PDF/X, no RGB), a soft black on screen."""
    return "device-cmyk(0 0 0 1)" if profile.name == "print" else "#1a1a1a"


def css_parts(book: Book, profile: Profile, geometry: dict) -> list[tuple[str, str]]:
    """The print or screen stylesheet as (template name, rendered text) in the order it applies:
    the shared page design, the profile's pages, the theme's own additions over them."""
    fonts = [(w, s, f.as_uri()) for w, s, f in book.fonts.faces()]
    mono = [(w, s, f.as_uri()) for w, s, f in book.mono.faces()]
    ink = profile_ink(profile)
    from octavo.i18n import messages

    t = messages(book.config.language)
    return [
        ("pdf.css.j2", render_template(book, "pdf.css.j2", font_faces=fonts, body_size=geometry["body_size"],
                                       leading=geometry["leading"], ink=ink, mono_faces=mono,
                                       mono_scale=mono_scale(book.fonts.regular, book.mono.regular),
                                       code_css=token_css(grey=profile.name == "print"),
                                       note_scale=book.design["notes"]["scale"], note_hang=book.design["notes"]["hang"], t=t, design=book.design)),
        (profile.css, render_template(book, profile.css, ink=ink, cmyk_profile=book.cmyk_profile.as_uri(), t=t,
                                      design=book.design, note_rule=NOTE_RULE_IMAGE,
                                      note_rule_width=book.design["notes"]["rule_width"], **geometry)),
        ("theme.css.j2", render_template(book, "theme.css.j2", ink=ink, t=t, design=book.design,
                                         medium=profile.name, **geometry)),
    ]


def compose_css(book: Book, profile: Profile, geometry: dict) -> str:
    return "".join(text for _name, text in css_parts(book, profile, geometry))


def css_origin(parts: list[tuple[str, str]], line: int) -> tuple[str, int] | None:
    """The template and its rendered line that line ``line`` of the composed stylesheet comes
    from (``None`` past the templates: the typesetter's own additions)."""
    for name, text in parts:
        count = text.count("\n")
        if line <= count:
            return name, line
        line -= count
    return None


def weasyprint_warnings(messages: list[str], parts: list[tuple[str, str]], profile: str) -> list[Diagnostic]:
    """WeasyPrint's warnings during a layout as diagnostics (W710), each once, located in the
    template the offending declaration was rendered from when WeasyPrint gives a position."""
    out = []
    for message in dict.fromkeys(messages):
        where = ""
        m = re.search(r" at (\d+):(\d+)", message)
        # the stylesheet sits in a <style> element after one newline: its line 1 is WeasyPrint's line 2
        origin = css_origin(parts, int(m.group(1)) - 1) if m else None
        if origin:
            where = f" (in {origin[0]}, rendered line {origin[1]})"
            message = message.replace(m.group(0), "")
        out.append(Diagnostic("W710", f"WeasyPrint, laying out the {profile} PDF: {message}{where}",
                              severity="warning",
                              hint="Remove or change the declaration: WeasyPrint does not apply it, so the page "
                                   "does not look as the stylesheet says."))
    return out


# The short rule over the notes: one black pixel of a grey image, stretched (a CSS
# gradient cannot be drawn in device-cmyk by WeasyPrint 70, and grey is allowed in PDF/X).
NOTE_RULE_IMAGE = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB"
                   "SK+kcQAAAABJRU5ErkJggg==")


def hyphenation_hook(book: Book, nohyphen: dict[str, set[str]] | None = None,
                     joins: dict[str, set[tuple[str, str]]] | None = None):
    """The renderer's paragraph hook for the PDFs: octavo's soft hyphens, less the words the
    typesetter's passes took out of each paragraph, and the no-break spaces they put in."""
    hyphenator = Hyphenator(book.config.language, book.config.hyphenation.exceptions,
                            book.design["typesetter"]["hyphenation"])
    nohyphen, joins = nohyphen or {}, joins or {}
    return lambda ident, html, lang: join_words(hyphenator.html(html, nohyphen.get(ident, frozenset()), lang),
                                                joins.get(ident, frozenset()))


def compose(book: Book, doc: Document, profile: Profile, geometry: dict, pad_pages: int = 0,
            tight: dict[str, int] | None = None, breaks: set[str] | None = None,
            nohyphen: dict[str, set[str]] | None = None, joins: dict | None = None, extra_css: str = "",
            index: str = "") -> str:
    if profile.name == "print":
        image = lambda src: place_url(book, print_image(book, src))  # noqa: E731
    else:
        image = lambda src: place_url(book, book.root / src)  # noqa: E731
    opts = RenderOptions(notes="foot", image=image, code=code_measure(book, geometry), math="svg", ink=profile_ink(profile),
                         paragraph=hyphenation_hook(book, nohyphen, joins), lang=book.config.language,
                         small_caps=smcp_coverage(book.fonts.regular))
    sections = [render_section(s, opts) for s in doc.sections]
    bibliography = render_blocks(doc.bibliography_html, opts, "sources") if doc.bibliography_html else ""
    ctx = book_context(book)
    css = compose_css(book, profile, geometry)
    if extra_css:  # paragraphs the typesetter's passes re-set
        css += "\n" + extra_css
    if breaks:  # blocks the typesetter's passes start on a new page
        css += "".join(f"\n#{ident} {{ break-before: page; }}" for ident in sorted(breaks)
                       if re.fullmatch(r"[A-Za-z][\w-]*", ident))
    isbn = book.config.identifiers.print if profile.name == "print" else book.config.identifiers.pdf
    entries = [contents_entry(f"#{s.id}", s.section, s.title_plain_html) for s in sections]
    if bibliography:
        entries.append({"href": "#sources", "number": None, "title_html": escape(ctx["t"]("sources")), "kind": "back"})
    if index:
        entries.append({"href": "#index", "number": None, "title_html": escape(ctx["t"]("index")), "kind": "back"})
    entries = nest_parts(entries)
    html = render_template(book, "book.html.j2", css=css, sections=sections, bibliography=bibliography, entries=entries,
                           index=index, illustrations=figure_list(doc, opts) if doc.illustrations else [],
                           profile=profile.name, isbn=isbn, tight=tight or {}, isbn_key="isbn_print" if profile.name == "print" else "isbn_pdf",
                           **ctx)
    if pad_pages:
        pad = '<div class="pad-page"></div>' * pad_pages
        html = html.replace('<section class="colophon"', pad + '<section class="colophon"', 1)
    return html


def index_for(book: Book, doc: Document, anchors: dict[str, int] | None, labels: list[str] | None) -> str:
    """The index's HTML for pages as a layout placed the marks; before any layout, a stand-in
    of about its size (``octavo.index.render.placeholder_pages``)."""
    if doc.index is None:
        return ""
    from octavo.index.render import index_html, placeholder_pages

    if anchors is None:
        anchors, labels = placeholder_pages(doc.index)
    return index_html(doc.index, anchors, labels or [], book.config.language)


def code_measure(book: Book, geometry: dict) -> CodeMeasure:
    """How wide the text block is for code lines, from the page geometry of either profile."""
    if "trim_w" in geometry:
        width = geometry["trim_w"] - geometry["m_inner"] - geometry["m_outer"]
    else:
        width = geometry["page_w"] - 2 * geometry["side_margin"]
    return measure(width, float(geometry["body_size"].removesuffix("pt")), book.fonts.regular, book.mono.regular)


def print_geometry(book: Book, pages: int) -> dict:
    """The print page's geometry: the theme's page design for the trim (theme.yaml ``print:``,
    with the book's ``design:`` overrides; builders/geometry.py draws it: the measure, the
    gutter for the page count, outer margin never under the inner) and the running head's size."""
    w, h = book.config.print.size
    return {
        "trim_w": round(w, 4), "trim_h": round(h, 4), "bleed": book.config.print.bleed,
        "crop_marks": book.config.print.crop_marks,
        "running_title": book.config.title.replace('"', "\\\""), "head_size": book.design["text"]["head_size"],
        **trim_geometry(book.config.print.trim, (w, h), pages, book.fonts.regular, book.design["print"]),
    }


def screen_geometry(book: Book) -> dict:
    d = book.design["screen"]
    w, h = book.config.screen.size
    return {"page_w": round(w, 4), "page_h": round(h, 4),
            "text_h": round(h - d["margin_top"] - d["margin_bottom"] - 0.01, 3), "side_margin": d["margin_side"],
            "head_size": d["head_size"], "body_size": d["size"] if w < 7 else d["size_wide"], "leading": d["leading"]}


def _layout(book: Book, html: str, profile: Profile):
    from weasyprint import HTML

    fetcher = fetcher_for(book)
    document = HTML(string=html, base_url=book.root.as_uri() + "/", url_fetcher=fetcher).render()
    return document, fetcher


def _anchors(document) -> dict[str, int]:
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for ident in page.anchors:
            anchors.setdefault(ident, index)
    return anchors


def _labels(anchors: dict[str, int], doc: Document, pages: int) -> list[str]:
    first = anchors.get(doc.sections[0].id, 0) if doc.sections else 0
    return [to_roman(i + 1) if i < first else str(i - first + 1) for i in range(pages)]


def estimate_pages(book: Book, doc: Document) -> int:
    cached = book.cache_dir / "pagecount.json"
    try:
        return int(json.loads(cached.read_text())[book.config.print.trim])
    except (OSError, ValueError, KeyError):
        from octavo.ast import text

        words = sum(len(text(s.blocks).split()) for s in doc.sections)
        return words // 280 + 12


def build_pdf(book: Book, doc: Document, profile_name: str) -> PdfResult:
    """Lay out and write one PDF; WeasyPrint's warnings come back as diagnostics."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with capture_warnings() as warned:
        result, geometry = _lay_out_book(book, doc, profile_name)
    result.warnings = weasyprint_warnings(warned, css_parts(book, PROFILES[profile_name], geometry), profile_name)
    return result


def _lay_out_book(book: Book, doc: Document, profile_name: str) -> tuple[PdfResult, dict]:
    profile = PROFILES[profile_name]
    printing = profile.name == "print"
    if printing:
        estimate = estimate_pages(book, doc)
        geometry = print_geometry(book, estimate)
    else:
        geometry = screen_geometry(book)
    original = doc
    # decisions of the last build for unchanged sections: an edit re-lays out once, not four times
    style = json.dumps(geometry, sort_keys=True) + compose_css(book, profile, geometry)
    keys, owner = section_keys(doc, style)
    passes = Passes.recall(book, profile.name, keys)

    layouts = 0
    # the index's page numbers come from a layout; the last build's index is the best first guess
    index = recall_index(book, profile.name, original) or index_for(book, original, None, None)

    latest = None  # the last layout: (document it was made from, WeasyPrint document)

    def lay_out(pad_pages: int = 0):
        nonlocal layouts, index, latest
        layouts += 1
        if latest is not None and original.index is not None:
            # the index set with the numbers of the layout before: the passes move little, so the
            # last pass usually lays out the right numbers and needs no layout of its own after
            anchors = _anchors(latest[1])
            index = index_for(book, original, anchors, _labels(anchors, latest[0], len(latest[1].pages)))
        laid_doc = defer_figures(original, passes.deferred)
        html = compose(book, laid_doc, profile, geometry, pad_pages=pad_pages, tight=passes.tight, breaks=passes.breaks,
                       nohyphen=passes.nohyphen, joins=passes.joins, extra_css=passes.spacing_css(), index=index)
        laid = _layout(book, html, profile)
        latest = (laid_doc, laid[0])
        return laid_doc, *laid

    doc, document, fetcher = lay_out()
    gutter_for = estimate if printing else 0  # the page count the print geometry was made for
    if printing and min_gutter(len(document.pages)) != min_gutter(estimate):
        gutter_for = len(document.pages)
        geometry = print_geometry(book, gutter_for)  # the gutter depends on the page count
        doc, document, fetcher = lay_out()
    # a typesetter's further passes: bring a note onto its call's page, let the text fill a
    # page a figure left half empty, tighten a chapter whose last page holds a line or two
    # (print only: the screen edition has no facing pages). Each pass can open a new gap,
    # so repeat while something changes, at most MAX_EXTRA_PASSES more layouts.
    for extra in range(MAX_EXTRA_PASSES):
        if not passes.review(document, doc, final=extra == MAX_EXTRA_PASSES - 1, tighten=printing,
                             face=book.fonts.regular, late=extra >= MAX_EXTRA_PASSES - 2):
            break
        doc, document, fetcher = lay_out()
    # the index at the back: set again only when the pages its marks landed on differ from the
    # numbers it was set with (or the gutter its length implies differs), at most twice
    for _ in range(2 if original.index is not None else 0):
        anchors = _anchors(document)
        fresh = index_for(book, original, anchors, _labels(anchors, doc, len(document.pages)))
        regutter = printing and min_gutter(len(document.pages)) != min_gutter(gutter_for)
        if fresh == index and not regutter:
            break
        index = fresh
        if regutter:
            gutter_for = len(document.pages)
            geometry = print_geometry(book, gutter_for)
        doc, document, fetcher = lay_out()
    remember_index(book, profile.name, original, index)
    pages = len(document.pages)
    faults = [f"page {line.page + 1}: '{line.text.replace(chr(0xad), '').strip()[:50]}' ({why})"
              for line, why in stranded(lines(document, book.fonts.regular), passes.rules["stranded_fraction"])]
    faults += [f"{block}: '{word}' hyphenated ({why})"
               for block, word, why in hyphen_faults(document, passes.rules["hyphenation"]["max_stack"])]
    keys, owner = section_keys(original, json.dumps(geometry, sort_keys=True) + compose_css(book, profile, geometry))
    passes.remember(book, profile.name, keys, owner)
    if printing:
        pad = MIN_PAGES - pages if pages < MIN_PAGES else 0
        pad += (pages + pad) % 2
        if pad:
            doc, document, fetcher = lay_out(pad_pages=pad)
            pages = len(document.pages)
        _save_estimate(book, pages)
    variant = book.config.print.pdf_variant if printing else profile.variant
    anchors = _anchors(document)
    identifier = hashlib.md5(f"{book.slug}-{profile.name}".encode()).hexdigest().encode()
    try:
        pdf = document.write_pdf(pdf_variant=variant, pdf_identifier=identifier, dpi=profile.dpi, custom_metadata=True,
                                 optimize_images=profile.dpi is not None, jpeg_quality=85 if profile.dpi else None)
    except TypeError as exc:  # WeasyPrint raises this for colour-profile problems
        raise BookError(Diagnostic("W701", f"WeasyPrint could not write the {profile.name} PDF: {exc}")) from None
    body_start = anchors.get(doc.sections[0].id) if doc.sections else None
    pdf = finish_pdf(pdf, f"{book.slug}-{profile.name}", body_start)
    return PdfResult(pdf, pages, anchors, _labels(anchors, doc, pages),
                     geometry.get("m_inner", 0.0), list(fetcher.refused), layouts,
                     page_starts(document) if printing else [], passes.reasons, faults), geometry


def _index_cache(book: Book, profile: str) -> Path:
    return book.cache_dir / f"index-{profile}.json"


def _index_key(doc: Document) -> str:
    """What an index's HTML is made from besides the pages: its marks and references."""
    if doc.index is None:
        return ""
    return hashlib.sha256(repr((doc.index.marks, doc.index.see, doc.index.see_also)).encode()).hexdigest()


def recall_index(book: Book, profile: str, doc: Document) -> str:
    """The index set by the last build of this edition when the marks are the same (its page
    numbers are then most likely right, and no further layout is needed for them)."""
    if doc.index is None:
        return ""
    try:
        data = json.loads(_index_cache(book, profile).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return data.get("html", "") if data.get("key") == _index_key(doc) else ""


def remember_index(book: Book, profile: str, doc: Document, html: str) -> None:
    if doc.index is not None:
        write_atomic(_index_cache(book, profile), json.dumps({"key": _index_key(doc), "html": html}))


def _save_estimate(book: Book, pages: int) -> None:
    path = book.cache_dir / "pagecount.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data[book.config.print.trim] = pages
    write_atomic(path, json.dumps(data))
