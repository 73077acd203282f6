"""The real book is Part Three of The Rise of Stalinism: its EPUB names the series, and its
title page and cover show it."""
from __future__ import annotations

import zipfile

import pytest

from helpers import pdf_page_texts

pytestmark = pytest.mark.slow


def test_the_real_book_names_its_series(real_build):
    with zipfile.ZipFile(real_build.output("epub")) as z:
        opf = z.read("OEBPS/package.opf").decode("utf-8")
        title_page = z.read("OEBPS/titlepage.xhtml").decode("utf-8")
    assert '<meta property="belongs-to-collection" id="series">The Rise of Stalinism</meta>' in opf
    assert '<meta refines="#series" property="group-position">3</meta>' in opf
    assert '<meta refines="#creator1" property="file-as">Collins, George</meta>' in opf
    assert "The Rise of Stalinism · 3" in title_page
    assert "The Rise of Stalinism · 3" in " ".join(pdf_page_texts(real_build.output("print"))[:4])
    assert "The Rise of Stalinism · 3" in " ".join(pdf_page_texts(real_build.output("cover")))
