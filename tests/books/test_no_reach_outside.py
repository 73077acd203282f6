"""A build never reaches outside the book: no file outside its folder is read,
no URL is fetched.

A local HTTP server (127.0.0.1, in a thread) records every request it gets;
each test asserts it got none. Checked at three levels: the manuscript's
paths (the filters refuse them before anything is read), WeasyPrint's URL
fetcher (``SafeFetcher``) on its own, and a real layout fed raw HTML that
asks for remote and outside resources.
"""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from build_checks import octavo

SECRET = "SECRET-MARKER-7f3a"
PASSWD = "root:x:0:0"
PNG_1PX = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

BOOK_YAML = """\
title: A Tiny Book
slug: tiny-book
authors: [Ada Tester]
publisher: Test Press
rights: © Ada Tester.
description: A book that asks for things outside itself.
chapters:
  - chapters/01-first.md
"""


class _Recorder(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG_1PX)))
        self.end_headers()
        self.wfile.write(PNG_1PX)

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """``server.url`` on 127.0.0.1; ``server.requests`` lists every path asked for."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    httpd.requests = []
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_server_records_requests(server):
    """The recorder works, so 'zero requests' below means something."""
    import urllib.request

    with urllib.request.urlopen(server.url + "/probe.png", timeout=5) as r:
        assert r.read() == PNG_1PX
    assert server.requests == ["/probe.png"]
    server.requests.clear()


def make_book(base: Path, chapter: str) -> Path:
    """A book folder two levels down in ``base`` with one chapter; ``base/secret.txt``
    (reached from the book as ../../secret.txt) holds a marker that must never appear."""
    book = base / "shelf" / "row" / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "book.yaml").write_text(BOOK_YAML, encoding="utf-8")
    (book / "chapters" / "01-first.md").write_text(chapter, encoding="utf-8")
    (base / "shelf" / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return book


def assert_nothing_leaked(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data and PASSWD.encode() not in data, path


# --- the manuscript --------------------------------------------------------------

def test_a_manuscript_pointing_outside_reads_and_requests_nothing(tmp_path, server):
    book = make_book(tmp_path, f"""\
# The first chapter {{#first}}

See [the passwords](/etc/passwd) and [the secret](../../secret.txt).

![The passwords](/etc/passwd){{alt="x"}}

![The secret](../../secret.txt){{alt="y"}}

![A remote picture]({server.url}/remote.png){{alt="z"}}

Inline ![remote]({server.url}/inline.png) and ![file](file:///etc/passwd) too.
""")
    proc = octavo("build", "--book", str(book.relative_to(tmp_path)), "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    where = "shelf/row/book/chapters/01-first.md"
    for expected in (f"{where}:3: warning S607: Link '/etc/passwd' is a path on a web site",  # never a file link
                     f"{where}:3: error S602: '../../secret.txt' leads outside the book folder.",
                     f"{where}:5: error S602: '/etc/passwd'",
                     f"{where}:7: error S602: '../../secret.txt'",
                     f"{where}:9: error S603: Remote image '{server.url}/remote.png'",
                     f"{where}:11: error S603: Remote image '{server.url}/inline.png'",
                     f"{where}:11: error S602: 'file:///etc/passwd' uses the 'file:' scheme"):
        assert expected in proc.stderr, proc.stderr
    assert server.requests == []
    assert not [p for p in (tmp_path / "out").glob("*") if p.is_file()]  # no output was written
    assert_nothing_leaked(tmp_path / "out")


@pytest.mark.slow
def test_raw_html_asking_for_remote_things_requests_nothing(tmp_path, server):
    """Raw HTML images, CSS url() in style attributes, a stylesheet link and an
    @import: a draft build refuses the remote ones (S603) or removes them (S601)
    and the server sees nothing. (The styled div is read by pandoc as a div whose
    attributes no output writes.)"""
    book = make_book(tmp_path, f"""\
# The first chapter {{#first}}

The town was quiet.

<img src="{server.url}/raw.png" alt="raw">

<p style="background: url({server.url}/bg.png)">A styled paragraph.</p>

<div style="background-image: url('{server.url}/div.png')">A styled div.</div>

<link rel="stylesheet" href="{server.url}/style.css">

<style>@import url({server.url}/import.css); p {{ background: url({server.url}/style-bg.png) }}</style>

<img srcset="{server.url}/one.png 1x, {server.url}/two.png 2x" alt="set">

<svg><image href="{server.url}/svg.png" width="10" height="10"/></svg>
""")
    proc = octavo("build", "--book", str(book.relative_to(tmp_path)), "--out", "out", "--format", "pdf",
                  cwd=tmp_path)
    assert "Traceback" not in proc.stderr + proc.stdout
    assert server.requests == []
    where = "shelf/row/book/chapters/01-first.md"
    assert proc.returncode == 1, proc.stderr
    for line, name in ((5, "raw.png"), (7, "bg.png"), (15, "one.png"), (15, "two.png"), (17, "svg.png")):
        assert f"{where}:{line}: error S603: Raw HTML: Remote image '{server.url}/{name}'" in proc.stderr, proc.stderr
    assert f"{where}:11: warning S601: Raw HTML removed (link)" in proc.stderr
    assert f"{where}:13: warning S601: Raw HTML removed (style)" in proc.stderr


# --- WeasyPrint's fetcher ---------------------------------------------------------

def test_safe_fetcher_serves_only_what_is_allowed(tmp_path, server):
    from octavo.builders.base import SafeFetcher

    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    (book / "images" / "ok.png").write_bytes(PNG_1PX)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (book / "images" / "link.png").symlink_to(outside / "secret.txt")
    fetcher = SafeFetcher([book])

    refused = [f"{server.url}/x.png", "file:///etc/passwd", (outside / "secret.txt").as_uri(),
               (book / "images" / "link.png").as_uri(),  # a symlink inside leading out
               book.as_uri() + "/../outside/secret.txt",  # .. in a file URL
               "ftp://127.0.0.1/x.png", f"https://127.0.0.1:{server.server_address[1]}/y.png"]
    for url in refused:
        with pytest.raises(Exception):
            fetcher.fetch(url)
        with pytest.raises(Exception):
            fetcher(url)
    assert server.requests == []
    assert sorted(set(fetcher.refused)) == sorted(set(refused))

    response = fetcher.fetch((book / "images" / "ok.png").as_uri())
    try:
        assert response.read() == PNG_1PX
    finally:
        response.close()
    data = fetcher.fetch("data:text/plain,hello")
    assert data.read() == b"hello"


def test_the_fetcher_of_a_book_allows_its_folder_templates_fonts_and_profile(tmp_path):
    from octavo.builders.base import CMYK_PROFILE, fetcher_for
    from octavo.project import Book

    book_dir = make_book(tmp_path, "# One {#one}\n\nText.\n")
    book = Book.load(book_dir, tmp_path / "out")
    fetcher = fetcher_for(book)
    allowed = [book_dir / "book.yaml", book.templates / "pdf.css.j2", book.fonts.regular]
    if CMYK_PROFILE.is_file():
        allowed.append(CMYK_PROFILE)
    for path in allowed:
        assert fetcher._ok(path.as_uri()), path
    for path in (Path("/etc/passwd"), tmp_path / "shelf" / "secret.txt", book.templates.parent / "README.md"):
        assert not fetcher._ok(path.as_uri()), path


@pytest.mark.slow
def test_a_layout_fed_unsafe_raw_html_fetches_nothing(tmp_path, server):
    """Behind the filters: raw HTML that reached the renderer anyway (here put straight
    into the prepared document) still makes WeasyPrint request nothing and read no
    file outside the book; each refusal is recorded for the S604 warning."""
    from octavo.builders.pdf import build_pdf
    from octavo.prepare import prepare
    from octavo.project import Book

    book_dir = make_book(tmp_path, "# The first chapter {#first}\n\nThe town was quiet.\n")
    book = Book.load(book_dir, tmp_path / "out")
    doc, _report = prepare(book)
    secret = (tmp_path / "shelf" / "secret.txt").as_uri()
    raw = (f'<img src="{server.url}/raw.png" alt="r"/><img src="file:///etc/passwd" alt="p"/>'
           f'<img src="{secret}" alt="s"/><p style="background: url({server.url}/bg.png)">styled</p>'
           f'<object data="{server.url}/object.svg"></object>')
    doc.sections[0].blocks.append({"t": "RawBlock", "c": ["html", raw]})
    result = build_pdf(book, doc, "screen")
    assert server.requests == []
    refused = set(result.refused)
    assert {f"{server.url}/raw.png", "file:///etc/passwd", secret, f"{server.url}/bg.png"} <= refused
    assert SECRET.encode() not in result.pdf and PASSWD.encode() not in result.pdf
