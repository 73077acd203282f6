"""The screen and print PDFs, laid out in slices and joined.

Takes: the prepared ``Document`` and a profile name ("print" or "screen").
Gives: ``PdfResult``: the PDF bytes, the page count, and for every block id
the index of the page it starts on, plus each page's printed folio, so the
EPUB can carry the print edition's page numbers without a second layout.

Each edition is laid out in slices (``octavo.builders.slices``: the front matter,
each section, the sources, the index, the colophon), each its own WeasyPrint
document on the pool, kept in build/.cache between builds; ``_lay_out_book`` places
them (first folio, side, a blank page before one that must open on a recto) in
rounds until every slice sits where the pages before it put it, then joins them
(``octavo.builders.assemble``). ``compose`` writes the HTML of the whole book or
of one slice.

Profiles are data (``PROFILES``): page geometry, PDF variant and template.
The print interior chooses its gutter from the page count (print-on-demand
table), pads to an even count of at least 24 pages, and writes PDF/X with a
CMYK output intent; the screen PDF is tagged PDF/UA-1.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from html import escape
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from octavo.atomic import write_atomic, write_with
from octavo.builders.contents import entry as contents_entry, nest_parts
from octavo.builders.base import book_context, fetcher_for, finish_pdf, place_url, render_template, to_cmyk
from octavo.document import Document
from octavo.errors import Diagnostic
from octavo.project import Book
from octavo.render.code import CodeMeasure, measure, mono_scale, token_css
from octavo.builders.typeset import Passes, css_id, section_keys
from octavo.builders.geometry import GUTTER_TABLE, min_gutter, print_geometry as trim_geometry  # noqa: F401 (GUTTER_TABLE: re-exported)
from octavo.builders import paratext
from octavo.builders.linefaults import join_words
from octavo.hyphenate import Hyphenator
from octavo.render.html import RenderOptions, render_blocks, render_section
from octavo.index.render import illustrations as figure_list
from octavo.render.smallcaps import smcp_coverage

MIN_PAGES = 24

if TYPE_CHECKING:
    from octavo.builders.slices import Cut


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
    laid_out: list[str] = field(default_factory=list)  # the slices laid out by this build (the rest were kept)
    slices: int = 0  # how many slices the edition has


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
                     joins: dict[str, set[tuple[str, str]]] | None = None, lines: dict[str, dict] | None = None,
                     splits: dict[str, dict[str, int]] | None = None):
    """The renderer's paragraph hook for the PDFs: octavo's soft hyphens, less the words the
    typesetter's passes took out of each paragraph, the no-break spaces they put in, the
    line breaks they chose for a whole paragraph (only on the text they were chosen for), and
    the notes they carry over a page turn, cut in two."""
    hyphenator = Hyphenator(book.config.language, book.config.hyphenation.exceptions,
                            book.design["typesetter"]["hyphenation"])
    nohyphen, joins, lines, splits = nohyphen or {}, joins or {}, lines or {}, splits or {}

    def hook(ident: str, html: str, lang: str | None) -> str:
        html = join_words(hyphenator.html(html, nohyphen.get(ident, frozenset()), lang), joins.get(ident, frozenset()))
        chosen = lines.get(ident)
        if chosen and paratext.fingerprint(html) == chosen["fp"]:
            html = paratext.with_spacing(html, chosen["ends"], chosen["spacing"])
        for note, words in sorted(splits.get(ident, {}).items()):
            html = paratext.split_note(html, note, words)
        return html
    return hook


def compose(book: Book, doc: Document, profile: Profile, geometry: dict, pad_pages: int = 0,
            tight: dict[str, int] | None = None, breaks: set[str] | None = None,
            nohyphen: dict[str, set[str]] | None = None, joins: dict | None = None, extra_css: str = "",
            index: str = "", cut: "Cut | None" = None, lines: dict | None = None,
            splits: dict | None = None) -> str:
    """The book's HTML for WeasyPrint: the whole book, or with ``cut`` the part of it one slice
    holds (``octavo.builders.slices``), placed where it sits in the book."""
    if profile.name == "print":
        image = lambda src: place_url(book, print_image(book, src))  # noqa: E731
    else:
        image = lambda src: place_url(book, book.root / src)  # noqa: E731
    opts = RenderOptions(notes="foot", image=image, code=code_measure(book, geometry), math="svg", ink=profile_ink(profile),
                         paragraph=hyphenation_hook(book, nohyphen, joins, lines, splits), lang=book.config.language,
                         small_caps=smcp_coverage(book.fonts.regular))
    shown = [s for s in doc.sections if cut is None or s.id in cut.sections]
    sections = [render_section(s, opts) for s in shown]
    front = cut is None or cut.front
    bibliography = ""
    if doc.bibliography_html and (cut is None or cut.sources):
        bibliography = render_blocks(doc.bibliography_html, opts, "sources")
    ctx = book_context(book)
    css = compose_css(book, profile, geometry)
    if extra_css:  # paragraphs the typesetter's passes re-set
        css += "\n" + extra_css
    if breaks:  # blocks the typesetter's passes start on a new page
        css += "".join(f"\n#{ident} {{ break-before: page; }}" for ident in sorted(breaks)
                       if css_id(ident))
    if cut is not None:
        css += cut.css()
    isbn = book.config.identifiers.print if profile.name == "print" else book.config.identifiers.pdf
    entries = []
    if front:  # the contents lists every section: their titles alone are rendered for it
        titled = {s.id: s for s in sections}
        for s in doc.sections:
            r = titled.get(s.id) or render_section(dataclasses.replace(s, blocks=[]), opts)
            entries.append(contents_entry(f"#{s.id}", s, r.title_plain_html))
        if doc.bibliography_html:
            entries.append({"href": "#sources", "number": None, "title_html": escape(ctx["t"]("sources")), "kind": "back"})
        if doc.index is not None and (index or cut is not None):
            entries.append({"href": "#index", "number": None, "title_html": escape(ctx["t"]("index")), "kind": "back"})
    entries = nest_parts(entries)
    html = render_template(book, "book.html.j2", css=css, sections=sections, bibliography=bibliography, entries=entries,
                           index=index, illustrations=figure_list(doc, opts) if doc.illustrations and front else [],
                           profile=profile.name, isbn=isbn, tight=tight or {},
                           contents_close=contents_close(entries, geometry, book.design["contents"]), isbn_key="isbn_print" if profile.name == "print" else "isbn_pdf",
                           show_front=front, show_colophon=cut is None or cut.colophon,
                           first_body=cut.first_body if cut is not None else doc.sections[0].id if doc.sections else "", lead_blank=cut is not None and cut.lead_blank,
                           **ctx)
    if pad_pages:
        pad = '<div class="pad-page"></div>' * pad_pages
        html = html.replace('<section class="colophon"', pad + '<section class="colophon"', 1)
    return cut.link(html) if cut is not None else html


def contents_close(entries: list[dict], geometry: dict, contents: dict) -> bool:
    """Whether the contents are too many to fit on their first page with the theme's
    ``contents.entry_space`` (em) between entries, under their heading (``heading_size`` em of
    the body, at the body's leading, and ``heading_space`` em of the heading under it: the
    values pdf.css.j2 sets it in): they are then set at the body's leading (``.contents.close``),
    a long list on as few pages as it can and none spaced as if each were a paragraph of its own."""
    def count(items: list[dict]) -> int:
        return sum(1 + count(e.get("children") or []) for e in items)

    size = float(str(geometry.get("body_size", "0")).removesuffix("pt") or 0)
    if not size or not geometry.get("text_h"):
        return False
    leading = geometry["leading"]
    head = contents["heading_size"] * (leading + contents["heading_space"]) / leading  # in body lines
    lines = geometry["text_h"] * 72 / (size * leading) - head
    return count(entries) * (1 + contents["entry_space"] / leading) > lines


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

    from octavo.layout import mend_engine

    mend_engine()
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


def build_pdf(book: Book, doc: Document, profile_name: str, executor: Executor | None = None,
              reuse: bool = True) -> PdfResult:
    """Lay out and write one PDF, its slices on ``executor`` (here, in turn, without one), the
    slices an earlier build laid out kept unless ``reuse`` is false; WeasyPrint's warnings
    come back as diagnostics."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    if not reuse:
        from octavo.builders.slices import forget_other_slices

        forget_other_slices(book, profile_name, set())
    result, geometry, messages = _lay_out_book(book, doc, profile_name, executor)
    result.warnings = weasyprint_warnings(messages, css_parts(book, PROFILES[profile_name], geometry), profile_name)
    return result


MAX_ROUNDS = 6  # rounds of slice layouts while placements settle (a cold build needs two or three)


def _lay_out_book(book: Book, doc: Document, profile_name: str,
                  executor: Executor | None) -> tuple[PdfResult, dict, list[str]]:
    """Each slice laid out as its own document (``octavo.builders.slices``) in rounds: all the
    slices whose place in the book or whose cited folios changed since they were laid out go
    to the pool together, until every slice sits where the pages before it put it; then the
    slices are joined into one PDF (``octavo.builders.assemble``)."""
    from octavo.builders.assemble import Slice, assemble
    from octavo.builders.slices import (Cut, book_anchors, forget_other_slices, guess_pages, place, plan,
                                        section_of)

    profile = PROFILES[profile_name]
    printing = profile.name == "print"
    gutter_for = estimate_pages(book, doc) if printing else 0
    geometry = print_geometry(book, gutter_for) if printing else screen_geometry(book)
    style = json.dumps(geometry, sort_keys=True) + compose_css(book, profile, geometry)
    keys, owner = section_keys(doc, style)
    passes = Passes.recall(book, profile.name, keys)
    specs = plan(doc, profile.name, book.design)
    first_body = doc.sections[0].id if doc.sections else ""
    memory = _recall_places(book, profile.name)
    counts = {spec.name: memory["pages"].get(spec.name) or guess_pages(doc, spec) for spec in specs}
    refs: dict[str, str] = dict(memory["refs"])
    index_html = recall_index(book, profile.name, doc) or index_for(book, doc, None, None)
    results: dict = {}
    reasons: list[str] = []
    layouts, laid_out = 0, set()
    for _geometry_try in range(2):
        for _round in range(MAX_ROUNDS):
            places = place(specs, counts, printing, first_body, 0)
            # a print interior has at least MIN_PAGES pages: blank pages before the colophon
            pads = max(0, MIN_PAGES - places["colophon"].start - 1) if printing else 0
            places = place(specs, counts, printing, first_body, pads)
            todo = []
            for spec in specs:
                p = places[spec.name]
                cut = Cut(spec.sections, spec.front, spec.sources, spec.colophon, first_body, p.folio, p.side,
                          p.lead_blank, refs)
                want_index, want_pads = (index_html if spec.index else ""), (pads if spec.colophon else 0)
                r = results.get(spec.name)
                if (r is None or (r.cut.folio, r.cut.side, r.cut.lead_blank) != (p.folio, p.side, p.lead_blank)
                        or any(refs.get(i) != v for i, v in r.refs_used.items())
                        or r.index_html != want_index or r.pads != want_pads):
                    # laid out before and only moved: its typesetting stands (a folio or a side
                    # changes no line), so the typesetter's passes do not look at it again
                    todo.append((spec, cut, want_index, want_pads, r is not None))
            if not todo:
                break
            if any(not (s.front or s.index or s.colophon) for s, *_ in todo):
                # the index and the colophon wait for the text: their numbers come from it (the
                # front matter does not: its pages place the first section)
                todo = [t for t in todo if not (t[0].index or t[0].colophon)] or todo
            for spec, out in _run_slices(book, profile.name, geometry, doc, todo, passes, executor):
                results[spec.name] = out
                counts[spec.name] = out.pages - out.cut.lead_blank
                layouts += out.layouts
                laid_out |= {spec.name} if out.layouts else set()
                reasons += out.reasons
                if out.passes is not None:
                    passes.adopt(out.passes, section_of(spec, owner))
            if len(results) == len(specs) or all(s.name in results for s in specs if not (s.index or s.colophon)):
                anchors, labels = book_anchors(specs, results, counts, first_body)
                refs = {**refs, **{ident: labels[page] for ident, page in anchors.items()}}
                if doc.index is not None:
                    index_html = index_for(book, doc, anchors, labels)
        total = sum(results[s.name].pages for s in specs)
        if not printing or min_gutter(total) == min_gutter(gutter_for):
            break
        gutter_for = total  # the gutter depends on the page count: every slice again, once
        geometry = print_geometry(book, gutter_for)
        results = {}
    anchors, labels = book_anchors(specs, results, counts, first_body)
    pages = sum(results[s.name].pages for s in specs)
    style = json.dumps(geometry, sort_keys=True) + compose_css(book, profile, geometry)
    keys, owner = section_keys(doc, style)
    passes.remember(book, profile.name, keys, owner)
    remember_index(book, profile.name, doc, index_html)
    _remember_places(book, profile.name, {s.name: counts[s.name] for s in specs}, refs)
    forget_other_slices(book, profile.name, {r.key for r in results.values()})
    if printing:
        _save_estimate(book, pages)
    joined = assemble([Slice(results[s.name].pdf, nest=s.nest) for s in specs],
                      font_cache=book.cache_dir / f"slices-{profile.name}" / "fonts")
    body_start = anchors.get(first_body) if first_body else None
    from octavo.project import source_date

    pdf = finish_pdf(joined.pdf, f"{book.slug}-{profile.name}", body_start, stamp=source_date())
    starts, faults, refused, messages = [], [], [], []
    for spec in specs:
        r = results[spec.name]
        start = anchors.get(f"@{spec.name}", 0)
        starts += r.starts
        faults += [f"page {start + page + 1}: {what}" if page is not None else what for page, what in r.faults]
        refused += r.refused
        messages += r.warnings
    result = PdfResult(pdf, pages, {k: v for k, v in anchors.items() if not k.startswith("@")}, labels,
                       geometry.get("m_inner", 0.0), refused, layouts, starts, reasons, faults)
    result.laid_out = [s.name for s in specs if s.name in laid_out]
    result.slices = len(specs)
    return result, geometry, messages


def _run_slices(book: Book, profile: str, geometry: dict, doc: Document, todo: list, passes: Passes,
                executor: Executor | None):
    """Lay out slices, on the executor when there is one; results in the order asked."""
    from octavo.builders.slices import lay_out_slice, slice_document

    jobs = [(book, profile, geometry, slice_document(doc, spec), spec, cut, passes, index, pads, settled)
            for spec, cut, index, pads, settled in todo]
    if executor is None:
        return [(spec, lay_out_slice(*args)) for (spec, *_), args in zip(todo, jobs)]
    futures = [executor.submit(lay_out_slice, *args) for args in jobs]
    try:
        return [(spec, future.result()) for (spec, *_), future in zip(todo, futures)]
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def _places_path(book: Book, profile: str) -> Path:
    return book.cache_dir / f"places-{profile}.json"


def _recall_places(book: Book, profile: str) -> dict:
    """The last build's pages per slice and folios per id: a rebuild places its slices right
    at once, and a chapter's references to others carry their numbers at the first layout."""
    try:
        data = json.loads(_places_path(book, profile).read_text(encoding="utf-8"))
        return {"pages": dict(data["pages"]), "refs": dict(data["refs"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {"pages": {}, "refs": {}}


def _remember_places(book: Book, profile: str, pages: dict[str, int], refs: dict[str, str]) -> None:
    write_atomic(_places_path(book, profile), json.dumps({"pages": pages, "refs": refs}, sort_keys=True))


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
