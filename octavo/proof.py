"""``octavo build --proof``: a proof of the print interior for editors.

Takes: the built print interior (``build/<slug>-print.pdf``) and the book
folder. Gives: ``build/<slug>-proof.pdf``, the same pages with, on each, a
light diagonal PROOF watermark, a line at the foot with the build date and the
revision (``git describe`` when the book is in a git repository), and a number
in the margin beside every line of text, at the line's position as laid out
(read back from the interior with pypdfium2, so the numbers sit where the
lines are, notes and headings included). Written atomically.
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

from octavo.builders.base import write_atomic

WATERMARK = "PROOF"
_LINE_TOLERANCE = 2.5  # points: text runs whose baselines are this close are one line


def revision(root: Path) -> str:
    """``git describe`` of the book's repository (tags, else the commit; '-dirty' with edits), or ''."""
    try:
        proc = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=root, capture_output=True,
                              text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def line_positions(pdf_path: Path) -> list[list[tuple[float, float, float]]]:
    """Per page, each text line as (left, bottom, height) in PDF points, top to bottom."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = []
    try:
        for page in pdf:
            text = page.get_textpage()
            rects = [text.get_rect(i) for i in range(text.count_rects())]
            lines: list[list[float]] = []  # [left, bottom, top]
            # tallest runs first: a line's full-size text sets its extent, and a note call or a
            # small-capital run whose middle falls inside it belongs to that line
            for left, bottom, right, top in sorted(rects, key=lambda r: r[1] - r[3]):
                if right - left < 0.5:
                    continue
                middle = (bottom + top) / 2
                for line in lines:
                    if line[1] - _LINE_TOLERANCE <= middle <= line[2] + _LINE_TOLERANCE \
                            and abs(line[1] - bottom) <= (line[2] - line[1]):
                        line[0] = min(line[0], left)
                        break
                else:
                    lines.append([left, bottom, top])
            pages.append([(left, bottom, top - bottom) for left, bottom, top in sorted(lines, key=lambda l: -l[1])])
    finally:
        pdf.close()
    return pages


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1", "replace").decode("latin-1")


def _overlay(box: tuple[float, float, float, float], lines, stamp: str, recto: bool) -> bytes:
    """The content stream drawn over one page: watermark, stamp, line numbers."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    size = min(width, height) / 4
    advance = 3.556 * size  # Helvetica's widths of P, R, O, O, F
    cx, cy = x0 + width / 2, y0 + height / 2
    # the watermark: large, at 45 degrees, its middle at the middle of the trimmed page
    sx = cx - 0.7071 * advance / 2 + 0.7071 * 0.36 * size
    sy = cy - 0.7071 * advance / 2 - 0.7071 * 0.36 * size
    ops = ["q /OctavoProofGS gs 0.55 0.1 0.1 rg",
           f"BT /OctavoProofF {size:.1f} Tf 0.7071 0.7071 -0.7071 0.7071 {sx:.1f} {sy:.1f} Tm ({WATERMARK}) Tj ET Q"]
    ops.append(f"q 0.35 g BT /OctavoProofF 6 Tf {x0 + 12:.1f} {y0 + 8:.1f} Td ({_escape(stamp)}) Tj ET Q")
    ops.append("q 0.45 g")
    for n, (left, bottom, h) in enumerate(lines, 1):
        # in the outer margin: right of a recto's text, left of a verso's; on the line's baseline
        # (a text run's box reaches below it by the descender, about a fifth of its height)
        x = x1 - 14 if recto else x0 + 6
        ops.append(f"BT /OctavoProofF 6 Tf {x:.1f} {bottom + 0.2 * h:.1f} Td ({n}) Tj ET")
    ops.append("Q")
    return "\n".join(ops).encode("latin-1")


def make_proof(print_pdf: Path, proof_pdf: Path, book_root: Path, when: float | None = None) -> int:
    """Write the proof; return its page count."""
    import io

    import pikepdf

    stamp_date = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(when if when is not None else time.time()))
    rev = revision(book_root)
    positions = line_positions(print_pdf)
    with pikepdf.open(print_pdf) as pdf:
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica,
                                                    Encoding=pikepdf.Name.WinAnsiEncoding))
        gs = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.12, CA=0.12))
        total = len(pdf.pages)
        for i, page in enumerate(pdf.pages):
            box = [float(v) for v in (page.obj.get("/TrimBox") or page.mediabox)]
            stamp = f"Proof - {stamp_date} - " + (f"revision {rev}" if rev else "not under version control") \
                    + f" - page {i + 1} of {total}"
            if "/Resources" not in page.obj:
                page.obj.Resources = pikepdf.Dictionary()
            resources = page.obj.Resources
            for key, name, value in (("/Font", "/OctavoProofF", font), ("/ExtGState", "/OctavoProofGS", gs)):
                if key not in resources:
                    resources[key] = pikepdf.Dictionary()
                resources[key][name] = value
            page.contents_coalesce()
            page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + _overlay(tuple(box), positions[i], stamp, i % 2 == 0)))
        # a proof is not a print file: drop the PDF/X output intent so nobody sends it to press
        if "/OutputIntents" in pdf.Root:
            del pdf.Root["/OutputIntents"]
        buf = io.BytesIO()
        pdf.save(buf)
    write_atomic(proof_pdf, buf.getvalue())
    return total
