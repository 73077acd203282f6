"""The full-wrap cover (print) and the front-panel cover image (EPUB).

Takes: the book and the interior's page count. Gives: ``CoverSpec`` (the
dimensions from the print-on-demand formula), the cover PDF (PDF/X, CMYK, with
bleed; spine text from 80 pages; an EAN-13 barcode of the print ISBN drawn
in CMYK black, or a reserved white area without one) and a PNG of the front
panel at 1600 x 2560 pixels for the EPUB.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from octavo.builders.base import book_context, fetcher_for, render_template, finish_pdf
from octavo.builders.bindings import HARDCOVERS, LULU_SPINE_MIN_PAGES, LULU_SPINE_UPPER
from octavo.config import isbn_digits
from octavo.project import Book

SPINE_TEXT_MIN_PAGES = 80
SAFE = 0.25  # inches kept clear of the trim on every panel
FRAME_INSET = 0.375  # the front's frame and rules stand this far inside the trim (cutting drift)
FOLD_CLEARANCE = 0.0625  # inches kept clear each side of the spine folds


@dataclass(frozen=True)
class CoverSpec:
    """The cover sheet, in inches. Across: bleed | flap | back panel | spine | front panel |
    flap | bleed; down: bleed | panel | bleed. For a paperback the panels are the trim and
    ``bleed`` the cutting bleed; for a case the panels are the boards (the trim plus the
    overhang) and ``bleed`` the wrap turned in over them; for a dust jacket the panels are the
    boards, with a flap each side. The PDF's TrimBox is the part seen on the finished book
    (flaps included), its BleedBox and MediaBox the whole sheet."""

    pages: int
    trim_w: float  # the interior's trim
    trim_h: float
    bleed: float  # beyond the seen part on every outer edge: the bleed, or a case's wrap
    spine: float
    width: float  # the whole sheet
    height: float
    binding: str = "paperback"
    panel_w: float = 0.0  # the front (and back) as seen: the trim, or a board
    panel_h: float = 0.0
    flap: float = 0.0  # a jacket flap's width
    overhang: float = 0.0  # the boards beyond the pages
    safe: float = SAFE  # text this far inside every edge and fold of a panel

    @classmethod
    def compute(cls, book: Book, pages: int) -> "CoverSpec":
        p = book.config.print
        w, h = p.size
        if p.binding == "paperback":
            spine = round(pages * p.thickness, 4)
            return cls(pages, round(w, 4), round(h, 4), p.bleed, spine,
                       round(p.bleed + w + spine + w + p.bleed, 4), round(p.bleed + h + p.bleed, 4),
                       panel_w=round(w, 4), panel_h=round(h, 4))
        table = HARDCOVERS[p.binding]
        spine = table.spine(pages)
        if spine is None:
            from octavo.errors import BookError, Diagnostic

            raise BookError(Diagnostic(
                "N020", f"A {p.binding} hardcover takes {LULU_SPINE_MIN_PAGES} to {LULU_SPINE_UPPER[-1]} pages "
                f"({table.printer}'s spine table); the interior has {pages}.", file=book.yaml,
                hint="Use 'print.binding: paperback', or a book within the range."))
        panel_w, panel_h = round(w + table.overhang, 4), round(h + 2 * table.overhang, 4)
        out = table.outer
        return cls(pages, round(w, 4), round(h, 4), out, spine,
                   round(out + table.flap + panel_w + spine + panel_w + table.flap + out, 4),
                   round(out + panel_h + out, 4), p.binding, panel_w, panel_h, table.flap, table.overhang,
                   table.safe)

    @property
    def seen_width(self) -> float:
        """The TrimBox's width: the panels, the spine and any flaps."""
        return round(2 * (self.flap + self.panel_w) + self.spine, 4)

    def as_dict(self) -> dict:
        return asdict(self)


def ean13_bars(isbn: str, module: float) -> tuple[list[tuple[float, float]], float]:
    """Bars of the ISBN's EAN-13 as (x, width) in inches, and the symbol width."""
    import barcode

    code = barcode.get("ean13", isbn)
    modules = code.build()[0]
    bars, i = [], 0
    while i < len(modules):
        j = i
        while j < len(modules) and modules[j] == modules[i]:
            j += 1
        if modules[i] == "1":
            bars.append((round(i * module, 4), round((j - i) * module, 4)))
        i = j
    return bars, round(len(modules) * module, 4)


@dataclass(frozen=True)
class ArtBox:
    """Where the front artwork is placed on the front panel, in inches from the trim's top left."""

    left: float
    top: float
    width: float
    height: float


ART_UNDER_HEIGHT = 0.5  # the artwork's share of the panel height when the title block is under it
ART_MIN_DPI = 300


def art_box(position: str, panel_w: float, panel_h: float, bleed: float) -> ArtBox:
    """'over': the whole front panel to the bleed (outer, top, bottom edges); 'under': the top
    half inside the frame, the title block below."""
    if position == "over":
        return ArtBox(0.0, -bleed, panel_w + bleed, panel_h + 2 * bleed)
    inset = SAFE + 0.2
    return ArtBox(inset, inset, panel_w - 2 * inset, panel_h * ART_UNDER_HEIGHT)


def art_dpi(size_px: tuple[int, int], box: ArtBox) -> float:
    """Resolution of an image scaled to cover ``box`` (cropped, never distorted)."""
    return min(size_px[0] / box.width, size_px[1] / box.height)


def artwork_problems(book: Book, spec: CoverSpec) -> list:
    """A warning (an error with --release, as for interior artwork) when the front artwork
    prints under 300 dpi at its placed size."""
    from PIL import Image

    from octavo.errors import Diagnostic

    name = book.config.cover.image
    if not name or not (book.root / name).is_file():
        return []
    with Image.open(book.root / name) as im:
        size = im.size
    box = art_box(book.config.cover.title_position, spec.trim_w, spec.trim_h, spec.bleed)
    dpi = art_dpi(size, box)
    if dpi >= ART_MIN_DPI:
        return []
    need = (round(box.width * ART_MIN_DPI), round(box.height * ART_MIN_DPI))
    return [Diagnostic("N011", f"Cover artwork '{name}' is {size[0]} x {size[1]} px: {dpi:.0f} dpi at its placed size "
                       f"({box.width:.2f} x {box.height:.2f} in); print needs {ART_MIN_DPI}.", file=book.yaml,
                       severity="warning", hint=f"Use an image of at least {need[0]} x {need[1]} px.")]


def cover_art(book: Book, cmyk: bool) -> str | None:
    """The front artwork's URL: for print, converted to the output intent's CMYK (a JPEG cached
    by content in build/.cache; PDF/X-1a allows no RGB and no transparency), else the file."""
    import os

    from PIL import Image

    from octavo.builders.base import to_cmyk

    name = book.config.cover.image
    if not name:
        return None
    path = (book.root / name).resolve()
    if not cmyk or not path.is_file():
        return path.as_uri()
    data = path.read_bytes()
    key = hashlib.sha256(data + str(book.cmyk_profile).encode()).hexdigest()[:24]
    out = book.cache_dir / "cover-art" / f"{key}.jpg"
    if not out.is_file():
        with Image.open(path) as im:
            im.load()
            if im.mode in ("RGBA", "LA", "P"):
                flat = Image.new("RGBA", im.size, "white")
                flat.alpha_composite(im.convert("RGBA"))
                im = flat.convert("RGB")
            art = to_cmyk(im, book.cmyk_profile)
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_suffix(f".{os.getpid()}.tmp")
            art.save(tmp, format="JPEG", quality=95)
            os.replace(tmp, out)
    return out.as_uri()


def print_isbn(book: Book) -> str | None:
    """The ISBN the printed cover carries: the hardcover's for a hardcover binding."""
    ids = book.config.identifiers
    return ids.print if book.config.print.binding == "paperback" else ids.hardcover


def _html(book: Book, spec: CoverSpec, front_only: bool, cmyk: bool) -> str:
    c = book.config
    ctx = book_context(book)
    if front_only:
        width, height, bleed, panel_w, flap = spec.trim_w, spec.trim_w * 1.6, 0.0, spec.trim_w, 0.0
    else:
        width, height, bleed, panel_w, flap = spec.seen_width, spec.panel_h, spec.bleed, spec.panel_w, spec.flap
    scale = min(spec.trim_w / 5.5, height / 8.5)
    d = book.design["cover"]
    background = c.print.cover_color or d["background"]

    def screen(value: str) -> str:
        return _rgb(value, book.cmyk_profile)

    colour = background if cmyk else screen(background)
    barcode, bars_w, isbn_display = None, 0.0, ""
    isbn = print_isbn(book)
    digits = isbn_digits(isbn)
    if digits and not front_only:
        barcode, bars_w = ean13_bars(digits, 0.0133)
        isbn_display = isbn
    safe = spec.safe if not front_only else SAFE
    css = render_template(
        book, "cover.css.j2", cmyk=cmyk, cmyk_profile=book.cmyk_profile.as_uri(),
        font_faces=[(w, s, f.as_uri()) for w, s, f in book.fonts.faces()],
        width=round(width, 4), height=round(height, 4), bleed=bleed, crop_marks=c.print.crop_marks and not front_only,
        panel_w=panel_w, spine=spec.spine, flap=flap, back_x=flap, spine_x=round(flap + panel_w, 4),
        front_x=0 if front_only else round(flap + panel_w + spec.spine, 4),
        flap_front_x=round(flap + 2 * panel_w + spec.spine, 4),
        safe=safe, frame_inset=max(FRAME_INSET, safe), scale=round(scale, 3), bg=colour,
        fg=d["foreground"] if cmyk else screen(d["foreground"]),
        accent=d["accent"] if cmyk else screen(d["accent"]), design=book.design,
        colour=(lambda value: value) if cmyk else screen,  # a theme's own cover colours, for print or screen
        white="device-cmyk(0 0 0 0)" if cmyk else "#ffffff", black="device-cmyk(0 0 0 1)" if cmyk else "#000000",
        bars_x=round((2 - bars_w) / 2, 4), bars_w=bars_w,
        spine_font=round(min(11.0, max(6.0, (spec.spine - 2 * FOLD_CLEARANCE) * 72 * 0.6)), 2),
        art=art_box(c.cover.title_position, panel_w, height, bleed) if c.cover.image else None,
        art_position=c.cover.title_position,
    )
    description = [p.strip() for p in c.description.split("\n\n") if p.strip()]
    # a jacket's flaps: the description on the front flap, the contributors' notes on the back
    biographies = [(p.name, p.biography) for p in c.credits if getattr(p, "biography", None)]
    return render_template(book, "cover.html.j2", css=css, front_only=front_only, description=description,
                           barcode=barcode, isbn_display=isbn_display,
                           isbn_digits=f"{digits[0]} {digits[1:7]} {digits[7:]}" if barcode else "",
                           spine_text=spec.pages >= SPINE_TEXT_MIN_PAGES and not front_only,
                           flaps=bool(flap), biographies=biographies,
                           artwork=cover_art(book, cmyk), art_position=c.cover.title_position, **ctx)


def _rgb(cmyk: str, profile: Path) -> str:
    """The screen (sRGB) equivalent of a device-cmyk() colour, converted through the print
    CMYK profile, so the EPUB and retailer images show the colour the printer will print."""
    nums = [float(v) for v in cmyk[cmyk.index("(") + 1:cmyk.index(")")].replace(",", " ").split()[:4]]
    return "#%02x%02x%02x" % _cmyk_to_srgb(tuple(round(255 * v) for v in nums), str(profile))


@lru_cache(maxsize=64)
def _cmyk_to_srgb(cmyk: tuple[int, int, int, int], profile: str) -> tuple[int, int, int]:
    from PIL import Image, ImageCms

    transform = ImageCms.buildTransform(ImageCms.getOpenProfile(profile), ImageCms.createProfile("sRGB"),
                                        "CMYK", "RGB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    return ImageCms.applyTransform(Image.new("CMYK", (1, 1), cmyk), transform).getpixel((0, 0))


def build_cover_pdf(book: Book, spec: CoverSpec) -> bytes:
    from weasyprint import HTML

    from octavo.layout import mend_engine

    mend_engine()  # the cover's text is written as the interior's (a ligature keeps its letters)
    html = _html(book, spec, front_only=False, cmyk=True)
    doc = HTML(string=html, base_url=book.root.as_uri() + "/", url_fetcher=fetcher_for(book)).render()
    identifier = hashlib.md5(f"{book.slug}-cover".encode()).hexdigest().encode()
    pdf = doc.write_pdf(pdf_variant=book.config.print.pdf_variant, pdf_identifier=identifier)
    if spec.binding != "paperback":
        pdf = _whole_sheet_bleed(pdf)
    return finish_pdf(pdf, f"{book.slug}-cover")


def _whole_sheet_bleed(pdf: bytes) -> bytes:
    """A hardcover's BleedBox is the whole sheet: the wrap turned in over the boards (or the
    jacket's bleed) is printed to the edge; WeasyPrint clips the BleedBox to a few points."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            page.obj.BleedBox = pikepdf.Array(list(page.obj.MediaBox))
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def build_cover_png(book: Book, spec: CoverSpec, width_px: int = 1600) -> bytes:
    """The front panel as a PNG for the EPUB (1600 x 2560 px)."""
    import pypdfium2 as pdfium
    from weasyprint import HTML

    html = _html(book, spec, front_only=True, cmyk=False)
    pdf = HTML(string=html, base_url=book.root.as_uri() + "/", url_fetcher=fetcher_for(book)).write_pdf()
    page = pdfium.PdfDocument(pdf)[0]
    scale = width_px / page.get_width()
    image = page.render(scale=scale).to_pil().convert("RGB")
    image = image.resize((width_px, round(width_px * 1.6)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
