"""Print preflight and screen-PDF checks, read from the PDFs with pikepdf.

Takes: the book and its built PDFs. Gives: one coded ``Diagnostic`` per
finding. Print (P7xx): TrimBox and BleedBox on every page and of the
configured size, a PDF/X output intent, every font embedded, images at
least 300 dpi at their placed size, an even page count within 24-828, the
cover's size equal to the formula within 0.01 in, no RGB colour (P709). Screen (D9xx): tagged,
language, title, outline, fonts embedded.
"""
from __future__ import annotations

import json
import pikepdf

from octavo.builders.cover import CoverSpec
from octavo.errors import Diagnostic, rel
from octavo.preflight.locate import image_place
from octavo.project import Book

TOLERANCE_IN = 0.01
MAX_PAGES = 828


def _box(page, name) -> tuple[float, float, float, float] | None:
    box = page.obj.get(name)
    return tuple(float(v) for v in box) if box is not None else None


def _size_in(box) -> tuple[float, float]:
    return ((box[2] - box[0]) / 72, (box[3] - box[1]) / 72)


def fonts_not_embedded(pdf: pikepdf.Pdf) -> set[str]:
    missing = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources", {})
        for _name, font in (resources.get("/Font") or {}).items():
            fonts = [font] + list(font.get("/DescendantFonts", []))
            embedded = False
            for f in fonts:
                desc = f.get("/FontDescriptor")
                if desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded = True
            if not embedded and font.get("/Subtype") != "/Type3":
                missing.add(str(font.get("/BaseFont", "?")))
    return missing


def low_resolution_images(pdf: pikepdf.Pdf, minimum: int = 300) -> list[tuple[int, str, int]]:
    """(page number, image name, effective dpi) of images placed below ``minimum`` dpi.

    The placed size comes from the full transformation matrix at the ``Do``
    operator (every ``cm`` since the page began, through ``q``/``Q``)."""
    low = []
    for number, page in enumerate(pdf.pages, 1):
        images = {str(k): v for k, v in (page.obj.get("/Resources", {}).get("/XObject") or {}).items()
                  if v.get("/Subtype") == "/Image"}
        if not images:
            continue
        ctm, stack = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "q":
                stack.append(ctm)
            elif op == "Q" and stack:
                ctm = stack.pop()
            elif op == "cm":
                a, b, c, d, e, f = (float(x) for x in operands)
                A, B, C, D, E, F = ctm
                ctm = [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]
            elif op == "Do" and str(operands[0]) in images:
                image = images[str(operands[0])]
                width_pt = (ctm[0] ** 2 + ctm[1] ** 2) ** 0.5
                if width_pt:
                    dpi = int(image.Width) / (width_pt / 72)
                    if dpi < minimum:
                        low.append((number, str(operands[0]), round(dpi)))
    return low


def _xobject(pdf: pikepdf.Pdf, page_no: int, name: str):
    """The image XObject ``name`` of page ``page_no`` (1-based), or None."""
    images = pdf.pages[page_no - 1].obj.get("/Resources", {}).get("/XObject") or {}
    return images.get(name)


RGB_SPACES = {"/DeviceRGB", "/CalRGB"}


def rgb_colour_uses(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(page number, what) for every RGB colour a print file uses: fills and strokes
    (rg/RG, or cs/CS with an RGB space) and images in an RGB space."""
    found = []
    for number, page in enumerate(pdf.pages, 1):
        spaces = {str(k): v for k, v in (page.obj.get("/Resources", {}).get("/ColorSpace") or {}).items()}

        def is_rgb(name: str) -> bool:
            if name in RGB_SPACES:
                return True
            space = spaces.get(name)
            if isinstance(space, pikepdf.Array) and str(space[0]) == "/ICCBased":
                return int(space[1].get("/N", 0)) == 3
            return False

        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("rg", "RG") or (op in ("cs", "CS") and is_rgb(str(operands[0]))):
                found.append((number, f"'{op}' operator"))
        for name, xobj in (page.obj.get("/Resources", {}).get("/XObject") or {}).items():
            if xobj.get("/Subtype") == "/Image" and str(xobj.get("/ColorSpace")) in RGB_SPACES:
                found.append((number, f"image {name}"))
    return found


def check_print(book: Book) -> list[Diagnostic]:
    findings: list[Diagnostic] = []
    interior, cover, spec_path = book.output("print"), book.output("cover"), book.output("spec")
    if not interior.is_file():
        return [Diagnostic("P700", f"{rel(interior)} does not exist: build it first (octavo build --format print).")]
    w, h = book.config.print.size
    bleed = book.config.print.bleed
    with pikepdf.open(interior) as pdf:
        where = rel(interior)
        n = len(pdf.pages)
        if n % 2:
            findings.append(Diagnostic("P701", f"The interior has {n} pages: print-on-demand needs an even count.", file=where))
        if not 24 <= n <= MAX_PAGES:
            findings.append(Diagnostic("P702", f"The interior has {n} pages: KDP accepts 24 to {MAX_PAGES}.", file=where))
        for i, page in enumerate(pdf.pages, 1):
            trim, bleed_box = _box(page, "/TrimBox"), _box(page, "/BleedBox")
            if trim is None or bleed_box is None:
                findings.append(Diagnostic("P703", f"Page {i} has no {'TrimBox' if trim is None else 'BleedBox'}.", file=where))
                continue
            tw, th = _size_in(trim)
            if abs(tw - w) > TOLERANCE_IN or abs(th - h) > TOLERANCE_IN:
                findings.append(Diagnostic("P704", f"Page {i} TrimBox is {tw:.3f} x {th:.3f} in, not the trim {w:.3f} x {h:.3f} in.", file=where))
            bw, bh = _size_in(bleed_box)
            if abs(bw - (w + bleed)) > TOLERANCE_IN or abs(bh - (h + 2 * bleed)) > TOLERANCE_IN:
                findings.append(Diagnostic("P705", f"Page {i} BleedBox is {bw:.3f} x {bh:.3f} in; expected {w + bleed:.3f} x {h + 2 * bleed:.3f} in (bleed on the three outer edges).", file=where))
        findings += _intent(pdf, where)
        for font in sorted(fonts_not_embedded(pdf)):
            findings.append(Diagnostic("P707", f"Font {font} is not embedded.", file=where))
        for page_no, name, dpi in low_resolution_images(pdf):
            image = _xobject(pdf, page_no, name)
            source = image_place(book, int(image.Width), int(image.Height)) if image is not None else None
            if source:  # named as the author wrote it, where the author wrote it
                findings.append(Diagnostic("P708", f"Image '{source[0]}' is {dpi} dpi at its placed size on page {page_no} "
                                           f"of {where}; print needs 300.", file=source[1], line=source[2],
                                           hint="Use a larger image, or set it smaller (width=...)."))
            else:
                findings.append(Diagnostic("P708", f"Image {name} on page {page_no} is {dpi} dpi at its placed size; print needs 300.", file=where))
        findings += _rgb(pdf, where)
    if not cover.is_file():
        findings.append(Diagnostic("P700", f"{rel(cover)} does not exist: build it (octavo build --format cover)."))
        return findings
    spec = CoverSpec.compute(book, n)
    with pikepdf.open(cover) as pdf:
        where = rel(cover)
        page = pdf.pages[0]
        media, trim = _box(page, "/MediaBox"), _box(page, "/TrimBox")
        mw, mh = _size_in(media)
        how = (f"{n} pages x {book.config.print.thickness} in spine" if spec.binding == "paperback"
               else f"{spec.binding}, {n} pages: {spec.spine} in spine from the printer's table")
        if abs(mw - spec.width) > TOLERANCE_IN or abs(mh - spec.height) > TOLERANCE_IN:
            findings.append(Diagnostic("P710", f"Cover is {mw:.3f} x {mh:.3f} in; the formula gives {spec.width:.3f} x {spec.height:.3f} in "
                                       f"({how}).", file=where))
        if trim is None or _box(page, "/BleedBox") is None:
            findings.append(Diagnostic("P703", "The cover has no TrimBox or BleedBox.", file=where))
        else:  # the part seen on the finished book: panels, spine and any flaps; a case's wrap is outside it
            tw, th = _size_in(trim)
            if abs(tw - spec.seen_width) > TOLERANCE_IN or abs(th - spec.panel_h) > TOLERANCE_IN:
                findings.append(Diagnostic("P710", f"The cover's TrimBox is {tw:.3f} x {th:.3f} in; the formula gives "
                                           f"{spec.seen_width:.3f} x {spec.panel_h:.3f} in ({how}).", file=where))
        findings += _intent(pdf, where)
        for font in sorted(fonts_not_embedded(pdf)):
            findings.append(Diagnostic("P707", f"Font {font} is not embedded.", file=where))
        findings += _rgb(pdf, where)
    if not spec_path.is_file():
        findings.append(Diagnostic("P700", f"{rel(spec_path)} does not exist: the print order needs it.",
                                   hint="Build it (octavo build --format print)."))
    else:
        try:
            data = json.loads(spec_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            data = {}
            findings.append(Diagnostic("P711", f"The order spec cannot be read: {exc}.", file=rel(spec_path),
                                       hint="Build it again (octavo build --format print --force)."))
        if data and data.get("page_count") != n:
            findings.append(Diagnostic("P711", f"The order spec says {data.get('page_count')} pages; the interior has {n}.", file=rel(spec_path)))
    return findings


def _rgb(pdf: pikepdf.Pdf, where: str) -> list[Diagnostic]:
    uses = rgb_colour_uses(pdf)
    if not uses:
        return []
    pages = sorted({n for n, _ in uses})
    return [Diagnostic("P709", f"RGB colour ({uses[0][1]}) on page{'s' if len(pages) > 1 else ''} "
                       f"{', '.join(map(str, pages[:8]))}{'…' if len(pages) > 8 else ''}: print files are CMYK or grey.",
                       file=where, hint="Use device-cmyk() colours in the print templates; artwork is converted to grey.")]


def _intent(pdf: pikepdf.Pdf, where: str) -> list[Diagnostic]:
    intents = pdf.Root.get("/OutputIntents")
    if not intents or not any(str(i.get("/S")) == "/GTS_PDFX" for i in intents):
        return [Diagnostic("P706", "No PDF/X output intent.", file=where, hint="The print CSS must declare a CMYK @color-profile.")]
    return []


def check_screen(book: Book) -> list[Diagnostic]:
    path = book.output("pdf")
    if not path.is_file():
        return [Diagnostic("D900", f"{rel(path)} does not exist: build it first (octavo build --format pdf).")]
    findings = []
    where = rel(path)
    with pikepdf.open(path) as pdf:
        if not pdf.Root.get("/MarkInfo", {}).get("/Marked"):
            findings.append(Diagnostic("D901", "The screen PDF is not tagged.", file=where))
        if "/StructTreeRoot" not in pdf.Root:
            findings.append(Diagnostic("D902", "The screen PDF has no structure tree.", file=where))
        if "/Lang" not in pdf.Root:
            findings.append(Diagnostic("D903", "The screen PDF has no document language.", file=where))
        if not pdf.docinfo.get("/Title"):
            findings.append(Diagnostic("D904", "The screen PDF has no title.", file=where))
        if "/Outlines" not in pdf.Root:
            findings.append(Diagnostic("D905", "The screen PDF has no outline (bookmarks).", file=where))
        for font in sorted(fonts_not_embedded(pdf)):
            findings.append(Diagnostic("D906", f"Font {font} is not embedded.", file=where))
    return findings
