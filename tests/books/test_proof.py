"""`octavo build --proof`: the print interior with a watermark, the date and revision, and line numbers."""
from __future__ import annotations

import subprocess

import pypdfium2 as pdfium
import pytest

from octavo.proof import line_positions, make_proof, revision


def _page_texts(path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


@pytest.mark.slow
def test_every_page_carries_the_watermark_date_revision_and_line_numbers(tiny_build, tmp_path):
    interior = tiny_build.output("print")
    proof = tmp_path / "proof.pdf"
    pages = make_proof(interior, proof, tmp_path, when=1700000000)
    before, after = _page_texts(interior), _page_texts(proof)
    assert pages == len(before) == len(after)
    lines = line_positions(interior)
    for i, text in enumerate(after):
        assert "PROOF" in text
        assert "Proof - 2023-11-14 22:13 UTC - not under version control" in text
        assert f"page {i + 1} of {pages}" in text
    # a page of running text: one number per laid-out line, 1..n, each at its line's height
    page = max(range(pages), key=lambda i: len(lines[i]))
    assert len(lines[page]) >= 10
    doc = pdfium.PdfDocument(str(proof))
    textpage = doc[page].get_textpage()
    numbers = {}
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        word = textpage.get_text_bounded(left, bottom, right, top).strip()
        if word.isdigit():
            numbers.setdefault(int(word), []).append(bottom)
    doc.close()
    for n, (_left, bottom, height) in enumerate(lines[page], 1):
        assert any(abs(b - (bottom + 0.2 * height)) < height for b in numbers.get(n, [])), (n, numbers.get(n))


def test_revision_is_git_describe_inside_a_repository(tmp_path):
    assert revision(tmp_path) == ""
    git = lambda *a: subprocess.run(["git", *a], cwd=tmp_path, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    (tmp_path / "f").write_text("x")
    git("add", "f")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "one")
    git("tag", "v1")
    assert revision(tmp_path) == "v1"
    (tmp_path / "f").write_text("y")
    assert revision(tmp_path) == "v1-dirty"
