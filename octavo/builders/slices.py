"""A PDF edition as slices: the front matter, each section, the sources, the index and the
colophon, each laid out by WeasyPrint as a document of its own.

Takes: the prepared ``Document``, a profile ("print" or "screen"), the page geometry, the
typesetter's decisions (``Passes``) and where each slice sits in the book (``Cut``: its first
folio, the side its first page falls on, the folios of what it links to in other slices).
Gives: ``plan``, the slices of a book in reading order (``SliceSpec``), and ``lay_out_slice``,
a job for the pool that composes one slice's HTML, lays it out, lets the typesetter's passes
look at it (re-laying it out while they change something), writes its PDF and returns a
``SliceOut``: the PDF, its pages, the ids on each page, where pages begin mid-paragraph, the
lines left faulty and WeasyPrint's warnings.

A slice's result is kept in build/.cache by a key over its HTML (which holds every decision,
its first folio and side and the folios it cites) and the files that HTML shows, so a
chapter that did not change is not laid out again, whatever happened to the others.
``octavo.builders.assemble`` joins the slices' PDFs into the edition.
"""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from urllib.parse import unquote

from octavo.atomic import write_atomic
from octavo.builders.assemble import REF_SCHEME, ref
from octavo.document import Document, Section
from octavo.layout import ENGINE_MENDS
from octavo.project import Book


@dataclass(frozen=True)
class SliceSpec:
    """One slice of an edition: what it holds and the side its first page must take."""

    name: str  # "front", a section's id, "sources", "index" or "colophon"
    sections: tuple[str, ...] = ()
    front: bool = False
    sources: bool = False
    index: bool = False
    colophon: bool = False
    opens: str | None = None  # "right" or "left": the side its first page must fall on (print)
    then: str | None = None  # the side the next slice must open on (after a part's title page)
    review: bool = True  # the typesetter's passes look at it
    nest: bool = False  # its bookmarks go under the part before it


@dataclass(frozen=True)
class Cut:
    """Where a slice sits in the book, for ``octavo.builders.pdf.compose``."""

    sections: tuple[str, ...] = ()
    front: bool = False
    sources: bool = False
    colophon: bool = False
    first_body: str = ""  # the book's first section: its opening page starts the arabic folios
    folio: int | None = None  # the page counter on the slice's first page
    side: str | None = None  # the side its first page falls on
    lead_blank: bool = False  # a blank page first (the slice must open on the other side)
    refs: dict[str, str] = field(default_factory=dict)  # id in another slice -> its page's folio

    def css(self) -> str:
        rules = []
        if self.side:  # WeasyPrint takes the first page's side from the root element's break
            rules.append(f"html {{ break-before: {self.side}; }}")
        if self.folio is not None:
            rules.append(f"@page :first {{ counter-reset: page {self.folio}; }}")
        return "".join("\n" + r for r in rules)

    def link(self, html: str) -> str:
        """Links to ids laid out in another slice as ``octavo-ref:`` links (the assembly makes
        them internal again) carrying that page's folio, which the print CSS shows where it
        would otherwise ask WeasyPrint for a target's page number."""
        here = set(re.findall(r'\sid="([^"]+)"', html))

        def elsewhere(m: re.Match) -> str:
            if m.group(1) in here:
                return m.group(0)
            ident = unescape(m.group(1))
            folio = self.refs.get(ident)
            page = f' data-page="{escape(folio)}"' if folio else ""
            return f'href="{escape(ref(ident))}"{page}'

        # the typesetter's rules for other slices' blocks (one "#id { ... }" a line) stay out: a
        # slice's HTML, and so its key, changes only with what it holds
        html = re.sub(r"(?m)^#([A-Za-z][\w-]*) \{[^\n}]*\}\n?",
                      lambda m: m.group(0) if m.group(1) in here else "", html)
        return re.sub(r'href="#([^"]+)"', elsewhere, html)


def plan(doc: Document, profile: str, design: dict) -> list[SliceSpec]:
    """The slices of an edition in reading order. In print a section opens on a recto when the
    theme says so, a part's title page always does and keeps its verso blank, and the colophon
    falls on the last verso; the screen edition has no sides."""
    printing = profile == "print"
    opening = "right" if printing and design["chapters"]["opening"] == "recto" else None
    out = [SliceSpec("front", front=True, opens="right" if printing else None, review=False)]
    for s in doc.sections:
        part = s.kind == "part"
        out.append(SliceSpec(s.id, sections=(s.id,), opens="right" if printing and part else opening,
                             then="right" if printing and part else None, nest=bool(s.part)))
    if doc.bibliography_html:
        out.append(SliceSpec("sources", sources=True, opens=opening))
    if doc.index is not None:
        out.append(SliceSpec("index", index=True, opens=opening, review=False))
    out.append(SliceSpec("colophon", colophon=True, opens="left" if printing else None, review=False))
    return out


def slice_document(doc: Document, spec: SliceSpec) -> Document:
    """The part of the document a slice's job needs (the front matter's contents and list of
    illustrations read every section; other slices only their own)."""
    if spec.front:
        sections = doc.sections if doc.illustrations else [dataclasses.replace(s, blocks=[]) for s in doc.sections]
        return dataclasses.replace(doc, sections=sections)  # (the sources are listed, not set, there)
    return Document([s for s in doc.sections if s.id in spec.sections],
                    bibliography_html=doc.bibliography_html if spec.sources else None,
                    api_version=doc.api_version, index=doc.index if spec.front else None)


@dataclass
class SliceOut:
    """A slice as laid out (or as kept from an earlier build)."""

    name: str
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # id -> page of the slice it is on (0-based)
    starts: list  # per page: (block id, characters before) when it begins mid-block
    faults: list  # lines no typesetter would set, left in the last layout: [page of the slice or None, what]
    refused: list[str]
    warnings: list[str]  # WeasyPrint's messages
    refs_used: dict[str, str | None]  # ids in other slices it links to -> the folio it was set with
    cut: Cut
    key: str = ""
    index_html: str = ""
    pads: int = 0
    layouts: int = 0  # 0: kept from an earlier build
    reasons: list[str] = field(default_factory=list)
    passes: object = None  # octavo.builders.typeset.Passes after its passes (None: not reviewed)


_KEPT = ("pages", "anchors", "starts", "faults", "refused", "warnings", "refs_used")


def _folder(book: Book, profile: str) -> Path:
    return book.cache_dir / f"slices-{profile}"


_FILES: dict[tuple[str, int, int], str] = {}


def _file_digest(path: Path) -> str:
    """A file's content digest, computed once per process for a given size and time."""
    try:
        st = path.stat()
    except OSError:
        return "missing"
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _FILES:
        _FILES[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _FILES[key]


def slice_key(book: Book, html: str, variant: str | None) -> str:
    """What a slice's PDF is made from: its HTML, the PDF variant, WeasyPrint's version and octavo's
    mends to it (``layout.ENGINE_MENDS``), and the content of every file the HTML shows (the
    book's images by place, the fonts by path): an edited image or font file makes a new key
    though the HTML is the same."""
    from importlib.metadata import version

    from octavo.builders.base import _places

    # the creation date in the head is the edition's, set on the joined PDF (base.finish_pdf)
    parts = [re.sub(r'<meta name="dcterms\.(?:created|modified)"[^>]*>', "", html), str(variant), version("weasyprint"),
             ENGINE_MENDS]
    places = _places(book)
    for scheme, name in sorted(set(re.findall(r"(octavo-book|octavo-cache):([^\"')\s]+)", html))):
        parts.append(_file_digest(places[scheme] / unquote(name)))
    for uri in sorted(set(re.findall(r"file://([^\"')\s]+)", html))):
        parts.append(_file_digest(Path(unquote(uri))))
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def recall_slice(book: Book, profile: str, key: str) -> dict | None:
    folder = _folder(book, profile)
    try:
        facts = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        pdf = (folder / f"{key}.pdf").read_bytes()
    except (OSError, ValueError):
        return None
    if not all(k in facts for k in _KEPT):
        return None
    return {**facts, "pdf": pdf}


def keep_slice(book: Book, profile: str, key: str, out: SliceOut) -> None:
    folder = _folder(book, profile)
    write_atomic(folder / f"{key}.pdf", out.pdf)  # the PDF first: the facts name a PDF that is there
    write_atomic(folder / f"{key}.json", json.dumps({k: getattr(out, k) for k in _KEPT}, sort_keys=True))


def forget_other_slices(book: Book, profile: str, keys: set[str]) -> None:
    """Remove the cached slices this build did not use (an earlier text of a chapter)."""
    folder = _folder(book, profile)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.suffix in (".pdf", ".json") and path.stem not in keys:
                path.unlink(missing_ok=True)


def lay_out_slice(book: Book, profile_name: str, geometry: dict, doc: Document, spec: SliceSpec, cut: Cut,
                  passes, index_html: str = "", pads: int = 0, settled: bool = False) -> SliceOut:
    """One slice: composed, looked up in the cache by its key, else laid out while the
    typesetter's passes change something (at most ``MAX_EXTRA_PASSES`` more layouts, and
    ``SHIFT_PASSES`` for paragraphs tried a line longer or shorter to even the pages; none when
    ``settled``: it was set already and has only moved), written as PDF and kept. Runs on the
    pool: module-level, picklable arguments."""
    import logging

    from octavo.builders import pdf as P
    from octavo.builders.linefaults import lines, stranded
    from octavo.builders.typeset import LATE_PASS, MAX_EXTRA_PASSES, SHIFT_PASSES, defer_figures, hyphen_faults, page_starts
    from octavo.errors import BookError, Diagnostic
    from octavo.layout import capture_warnings

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    profile = P.PROFILES[profile_name]
    printing = profile_name == "print"
    variant = book.config.print.pdf_variant if printing else profile.variant
    reviewing = spec.review and passes is not None and not settled
    if passes is not None:  # its own copy: the decisions it makes go back with its result
        passes = copy.deepcopy(passes)
        passes.reasons, passes.remaining = [], []
    layouts = 0
    with capture_warnings() as warned:
        last = MAX_EXTRA_PASSES + SHIFT_PASSES
        for extra in range(last + 1):
            laid_doc = defer_figures(doc, passes.deferred) if passes is not None else doc
            html = P.compose(book, laid_doc, profile, geometry, pad_pages=pads,
                             tight=passes.tight if passes else None, breaks=passes.breaks if passes else None,
                             nohyphen=passes.nohyphen if passes else None, joins=passes.joins if passes else None,
                             extra_css=(passes.spacing_css() + passes.notes_css() + passes.page_css(spec.sections[0] if spec.sections else None,
                                                                               cut.side, cut.lead_blank)) if passes else "",
                             index=index_html, cut=cut,
                             lines=passes.lines if passes else None, splits=passes.splits if passes else None)
            key = slice_key(book, html, variant)
            kept = recall_slice(book, profile_name, key)
            if kept is not None:
                return SliceOut(spec.name, kept["pdf"], kept["pages"], kept["anchors"], kept["starts"], kept["faults"],
                                kept["refused"], kept["warnings"], kept["refs_used"], cut, key, index_html, pads,
                                layouts, passes.reasons if passes else [], passes if reviewing else None)
            document, fetcher = P._layout(book, html, profile)
            layouts += 1
            if not reviewing or extra == last:
                break
            facing = printing and bool(spec.sections) and not spec.front and geometry.get("columns", 1) == 1
            if extra >= MAX_EXTRA_PASSES:  # the passes' own are done: only shifted paragraphs are judged
                if not (facing and passes.review_shift(document, laid_doc, book.fonts.regular, spare=last - 1 - extra)):
                    break
            elif not passes.review(document, laid_doc, final=extra == MAX_EXTRA_PASSES - 1, tighten=printing,
                                   face=book.fonts.regular, late=extra >= LATE_PASS, spare=last - 1 - extra,
                                   facing=facing):
                break
        identifier = hashlib.md5(f"{book.slug}-{profile.name}".encode()).hexdigest().encode()
        try:
            pdf = document.write_pdf(pdf_variant=variant, pdf_identifier=identifier, dpi=profile.dpi,
                                     custom_metadata=True, optimize_images=profile.dpi is not None,
                                     jpeg_quality=85 if profile.dpi else None)
        except TypeError as exc:  # WeasyPrint raises this for colour-profile problems
            raise BookError(Diagnostic("W701", f"WeasyPrint could not write the {profile.name} PDF: {exc}")) from None
    rules = passes.rules if passes is not None else book.design["typesetter"]
    faults = [[line.page, f"'{line.text.replace(chr(0xad), '').strip()[:50]}' ({why})"]
              for line, why in stranded(lines(document, book.fonts.regular), rules["stranded_fraction"])]
    faults += [[None, f"{block}: '{word}' hyphenated ({why})"]
               for block, word, why in hyphen_faults(document, rules["hyphenation"]["max_stack"])]
    used = {i: cut.refs.get(i) for i in (unquote(unescape(h)) for h in re.findall(rf'href="{re.escape(REF_SCHEME)}([^"]+)"', html))}
    out = SliceOut(spec.name, pdf, len(document.pages), P._anchors(document), page_starts(document) if printing else [],
                   faults, sorted(set(fetcher.refused)), list(dict.fromkeys(warned)), used, cut, key, index_html, pads,
                   layouts, passes.reasons if passes else [], passes if reviewing else None)
    keep_slice(book, profile_name, key, out)
    return out


def section_of(spec: SliceSpec, owner: dict[str, str]):
    """Whether a block's decision belongs to this slice (its section's, or the sources')."""
    mine = set(spec.sections) | ({"sources"} if spec.sources else set())
    if spec.sources:
        return lambda ident: owner.get(ident, "sources") in mine
    return lambda ident: owner.get(ident, ident) in mine


def words_in(section: Section) -> int:
    from octavo.ast import text

    return len(text(section.blocks).split())


@dataclass(frozen=True)
class Place:
    """Where a slice falls in its edition."""

    start: int  # index of its first page in the edition
    folio: int | None  # the page counter on that page (None: the front matter counts its own)
    side: str | None  # "right" or "left" (print), None on screen
    lead_blank: bool  # a blank page first, so that it opens on the side it must


def place(specs: list[SliceSpec], counts: dict[str, int], printing: bool, first_body: str,
          pads: int) -> dict[str, Place]:
    """Where each slice falls given the pages of the ones before it (``counts``: each slice's
    pages without a blank page of its own before it). The arabic folios start at the first
    section's first page; padding pages before the colophon take it to its verso themselves."""
    out: dict[str, Place] = {}
    index, body, need = 0, None, None
    for spec in specs:
        here = ("right" if index % 2 == 0 else "left") if printing else None
        want = spec.opens or need
        lead = bool(printing and want and want != here and not (spec.colophon and pads))
        if spec.name == first_body or (body is None and not spec.front):
            body = index + lead
        folio = None if spec.front else index - body + 1
        out[spec.name] = Place(index, folio, here, lead)
        index += counts[spec.name] + lead
        need = spec.then
    return out


def book_anchors(specs: list[SliceSpec], results: dict[str, SliceOut], counts: dict[str, int],
                 first_body: str) -> tuple[dict[str, int], list[str]]:
    """Every id's page in the edition (``@name``: a slice's first page) and each page's folio
    (roman before the first section, arabic from it), from the slices laid out so far; a slice
    not laid out yet counts as ``counts`` says."""
    from octavo.builders.pdf import to_roman

    anchors: dict[str, int] = {}
    index, body = 0, None
    for spec in specs:
        r = results.get(spec.name)
        anchors[f"@{spec.name}"] = index
        if r is not None:
            for ident, page in r.anchors.items():
                anchors.setdefault(ident, index + page)
            if spec.name == first_body:
                body = index + r.cut.lead_blank
            index += r.pages
        else:
            index += counts[spec.name]
    body = body if body is not None else 0
    return anchors, [to_roman(i + 1) if i < body else str(i - body + 1) for i in range(index)]


def guess_pages(doc: Document, spec: SliceSpec) -> int:
    """A slice's pages before it was ever laid out: about 280 words a page."""
    words = sum(words_in(s) for s in doc.sections if s.id in spec.sections)
    return max(1, round(words / 280)) if spec.sections else (4 if spec.front else 1)
