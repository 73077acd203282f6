"""A PDF's pages as a comparison sees them.

Takes: a PDF file. Gives: one ``Page`` per page: its image (pypdfium2, at the
resolution asked), its text as lines of words, and its folio (the page label
when the PDF has labels, else the page number printed alone on a line at the
head or foot). A file that is not a readable PDF raises ``BookError`` V001.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from octavo.errors import BookError, Diagnostic, rel


@dataclass
class Page:
    index: int  # 0-based
    lines: list[tuple[str, ...]]  # the words of each text line, top to bottom
    folio: str | None
    image: object = field(repr=False, default=None)  # PIL.Image, RGB

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for line in self.lines for w in line)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _folio_at(lines: list[tuple[str, ...]]) -> tuple[int, int] | None:
    """(line, word) of the page number: a number standing at the edge of the last or first line
    (a folio at the foot, or at the outer end of the running head)."""
    for li in ([len(lines) - 1, 0] if lines else []):
        line = lines[li]
        for wi in (0, len(line) - 1):
            if re.fullmatch(r"\d{1,4}|[ivxlcdm]{1,7}", line[wi]):
                return li, wi
    return None


def _folio(lines: list[tuple[str, ...]]) -> str | None:
    at = _folio_at(lines)
    return lines[at[0]][at[1]] if at else None


def _without_folio(lines: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The page's text without its folio: a page moved by one is not 'text changed'."""
    at = _folio_at(lines)
    if at is None:
        return lines
    li, wi = at
    rest = lines[li][:wi] + lines[li][wi + 1:]
    return lines[:li] + ([rest] if rest else []) + lines[li + 1:]


def read_pages(path: Path, dpi: float = 50) -> list[Page]:
    import pypdfium2 as pdfium

    try:
        if not Path(path).is_file():
            raise FileNotFoundError("no such file")
        pdf = pdfium.PdfDocument(str(path))
    except Exception as exc:  # noqa: BLE001 - pdfium's errors: not found, not a PDF, encrypted
        why = "no such file" if isinstance(exc, FileNotFoundError) else str(exc) or type(exc).__name__
        raise BookError(Diagnostic("V001", f"Cannot read '{rel(path)}' as a PDF: {why}.", file=rel(path),
                                   hint="Give the path of a PDF that octavo built (build/<slug>-print.pdf).")) from None
    pages = []
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            lines = [tuple(ln.split()) for ln in re.split(r"\r\n|\n|\r", text) if ln.split()]
            image = page.render(scale=dpi / 72).to_pil().convert("RGB")
            label = None
            try:
                label = pdf.get_page_label(i) or None
            except Exception:  # noqa: BLE001 - labels are optional
                label = None
            pages.append(Page(i, _without_folio(lines), label or _folio(lines), image))
    finally:
        pdf.close()
    return pages
