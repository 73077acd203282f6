"""`octavo serve`: a real server on 127.0.0.1 and a free port, a real browser (Debian's Chromium,
headless, driven by Playwright): an edit and an error show without a manual reload; nothing outside
the book's rendered pages, images and octavo's assets is served."""
from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import REPO, copy_book_to

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    """A request with the path sent exactly as written (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture
def server(tmp_path):
    """The tiny book served from a copy; yields (book folder, port); stopped (Ctrl-C) after."""
    book = copy_book_to("tiny", tmp_path)
    (tmp_path / "secret.png").write_bytes(b"\x89PNG outside the book")
    (book / "images" / "out.png").symlink_to(tmp_path / "secret.png")
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "octavo", "serve", "--book", str(book), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):  # the first read of the book (pandoc, citeproc) before it listens
            if proc.poll() is not None:
                pytest.fail(f"the server stopped: {proc.stderr.read()}")
            try:
                if get(port, "/status.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        yield book, port
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def status(port: int) -> dict:
    return json.loads(get(port, "/status.json")[1])


@pytest.mark.slow
def test_only_the_books_pages_images_and_assets_are_served(server):
    book, port = server
    assert get(port, "/book/images/shapes.png")[0] == 200
    assert get(port, "/read/first")[0] == 200 and get(port, "/assets/preview.js")[0] == 200
    for path in ["/book/../book.yaml", "/book/%2e%2e/book.yaml", "/book/images/%2e%2e/%2e%2e/secret.png",
                 "/book/%2E%2E/%2E%2E/etc/passwd", "/book//etc/passwd", "/book/%2Fetc%2Fpasswd",
                 f"/book/{book}/images/shapes.png", "/book/images/out.png", "/book/chapters/01-first.md",
                 "/book/book.yaml", "/book/images/", "/book/", "/assets/", "/assets/../book.yaml",
                 "/assets/fonts/../../book.yaml", "/read/nothing", "/chapters/", "/..%2fbook.yaml"]:
        code, body = get(port, path)
        assert code == 404, (path, code)
        assert b"PNG outside" not in body and b"title:" not in body


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (scripts/setup.sh)")
def test_an_edit_and_an_error_appear_without_a_manual_reload(server):
    from playwright.sync_api import expect, sync_playwright

    book, port = server
    chapter = book / "chapters" / "01-first.md"
    good = chapter.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/read/first")
            expect(page.locator("main")).to_contain_text("very small book")
            # an edit: the open page shows it by itself
            chapter.write_text(good.replace("very small book", "remarkably tiny volume"), encoding="utf-8")
            expect(page.locator("main")).to_contain_text("remarkably tiny volume", timeout=30_000)
            # a bad save: the error, located, with its fix, over the last good version
            chapter.write_text(good.replace("[@doe-small-things, 12]", "[@no-such-work, 12]")
                               .replace("very small book", "remarkably tiny volume"), encoding="utf-8")
            problems = page.locator(".octavo-problems")
            expect(problems).to_contain_text("error R301", timeout=30_000)
            expect(problems).to_contain_text("01-first.md:")
            expect(page.locator("main")).to_contain_text("remarkably tiny volume")
            # a save that is not even UTF-8 does not stop the server either
            chapter.write_bytes(b"# Broken \xff\xfe\n")
            expect(problems).to_contain_text("M202", timeout=30_000)
            # fixed again: the problems go, the text is back
            chapter.write_text(good, encoding="utf-8")
            expect(page.locator(".octavo-problems")).to_have_count(0, timeout=30_000)
            expect(page.locator("main")).to_contain_text("very small book")
        finally:
            browser.close()
    assert status(port)["diagnostics"] == []


@pytest.mark.slow
def test_the_paged_view_shows_the_chapters_print_pages(server):
    _book, port = server
    code, body = get(port, "/pages/second")
    assert code == 200 and b'class="octavo-spread"' in body
    code, png = get(port, "/pages/second/1.png")
    assert code == 200 and png.startswith(b"\x89PNG")
    assert get(port, "/pages/second/99.png")[0] == 404


@pytest.mark.slow
def test_the_preview_cites_a_changed_chapter_as_the_build_does(tmp_path):
    """Citeproc over only the changed chapter (the others as bare citations) gives the build's notes."""
    from octavo.builders.epub import notes_html
    from octavo.prepare import prepare
    from octavo.project import Book
    from octavo.render.html import RenderOptions, render_section
    from octavo.serve.preview import Preview

    book_dir = copy_book_to("tiny", tmp_path)
    preview = Preview(book_dir)
    assert preview.refresh() and preview.changed == ["first", "second"]
    second = book_dir / "chapters" / "02-second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert preview.refresh() and preview.changed == ["second"]
    book = Book.load(book_dir)
    doc, _report = prepare(book)
    for section in doc.sections:
        rs = render_section(section, RenderOptions(notes="popup", image=lambda src: "/book/" + src,
                                                   href=lambda f: f"#{f}", lang=book.config.language))
        notes = notes_html(book, rs)
        assert notes and notes in preview.chapter(section.id).html
