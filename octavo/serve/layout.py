"""The paged view: a chapter laid out as the print interior lays it out, as page images.

Takes: the preview's ``Book`` and ``Document`` and a chapter id. Gives: the
chapter's pages as PNG bytes with their folios, laid out alone (the whole
print pipeline's CSS and geometry, only this chapter's section) so that an
edit lays out one chapter, not the book. Laid out alone, a chapter's folios
count from 1 (the printed folio and the label agree); the full build numbers
the book through.
"""
from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass
class LaidOutPage:
    folio: str
    png: bytes


def lay_out_chapter(book, doc, ident: str, resolution: float = 80) -> list[LaidOutPage]:
    import pypdfium2 as pdfium

    from octavo.builders.pdf import PROFILES, _anchors, _layout, compose, estimate_pages, print_geometry
    from octavo.document import Document

    section = next(s for s in doc.sections if s.id == ident)
    alone = Document([section], api_version=doc.api_version)
    geometry = print_geometry(book, estimate_pages(book, doc))
    html = compose(book, alone, PROFILES["print"], geometry)
    document, _fetcher = _layout(book, html, PROFILES["print"])
    anchors = _anchors(document)
    first = anchors.get(ident, 0)
    ends = [i for name, i in anchors.items() if name in ("sources", "colophon") and i > first]
    last = min(ends) if ends else len(document.pages)
    pages = document.copy(document.pages[first:last])
    pdf = pdfium.PdfDocument(pages.write_pdf())
    out = []
    try:
        for n, page in enumerate(pdf, 1):
            buf = io.BytesIO()
            page.render(scale=resolution / 72).to_pil().save(buf, "PNG", optimize=True)
            out.append(LaidOutPage(str(n), buf.getvalue()))
    finally:
        pdf.close()
    return out
