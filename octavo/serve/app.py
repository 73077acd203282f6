"""The preview's web application: what the server answers, and nothing else.

Takes: a ``Preview`` (and a function that lays out a chapter's pages). Gives:
a Starlette app with

- ``/`` the contents; ``/read/<id>`` a chapter's reading view; ``/pages/<id>``
  its pages laid out for print (spreads, folios), ``/pages/<id>/<n>.png`` a page;
- ``/events``: server-sent events, one message (the version) when the book changed;
- ``/book/<path>``: the book's images, and only them: a path that leads outside
  the book folder (``..``, an encoded ``%2e%2e``, an absolute path, a symlink
  out) or to anything but an image answers 404;
- ``/assets/<name>``: octavo's packaged preview assets, the EPUB stylesheet and the
  book's fonts. No directory listing anywhere.
"""
from __future__ import annotations

import asyncio
import html
import os
from pathlib import Path
from typing import Callable

from starlette.applications import Starlette
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from octavo.serve.preview import Preview

STATIC = Path(__file__).parent / "static"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
FONT_TYPES = {".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2"}
_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'"}


def not_found() -> Response:
    return PlainTextResponse("Not found.", status_code=404, headers=_HEADERS)


def book_file(root: Path, path: str) -> Path | None:
    """The image at ``path`` inside the book folder, or None (outside, a link out, not an image)."""
    if not path or "\0" in path or "\\" in path or path.startswith("/") or os.path.isabs(path):
        return None
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return None
    candidate = root / path
    try:
        real = candidate.resolve(strict=True)
        real.relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError):
        return None
    if not real.is_file() or real.suffix.lower() not in IMAGE_TYPES:
        return None
    return real


def _problems(preview: Preview) -> str:
    if not preview.diagnostics:
        return ""
    errors = any(d.severity == "error" for d in preview.diagnostics)
    lines = "".join(f"<p>{html.escape(str(d))}</p>" for d in preview.diagnostics)
    kept = ('<p class="octavo-kept">The last version that built is shown below.</p>'
            if errors and preview.chapters else "")
    return f'<section class="octavo-problems{"" if errors else " warnings"}" role="alert">{lines}</section>{kept}'


def _shell(preview: Preview, title: str, body: str, here: str, book_css: bool = True) -> HTMLResponse:
    nav = "".join(
        f'<a href="/read/{c.id}"{" class=now" if c.id == here else ""}>{html.escape(c.title)}</a>'
        for c in preview.chapters)
    other = (f'<a href="/pages/{here}">pages</a>' if here and not title.startswith("Pages") else
             f'<a href="/read/{here}">reading</a>' if here else "")
    lang = html.escape(getattr(getattr(preview.book, "config", None), "language", "en"))
    page = (f'<!doctype html><html lang="{lang}" data-version="{preview.version}"><head><meta charset="utf-8">'
            f'<title>{html.escape(title)}</title>'
            + ('<link rel="stylesheet" href="/assets/book.css">' if book_css else "")
            + '<link rel="stylesheet" href="/assets/preview.css"></head><body>'
            f'<nav class="octavo-bar"><a href="/">contents</a>{nav}{other}</nav>{_problems(preview)}{body}'
            '<script src="/assets/preview.js"></script></body></html>')
    return HTMLResponse(page, headers=_HEADERS)


def create_app(preview: Preview, pages_of: Callable[[str], list] | None = None, poll: float = 0.2) -> Starlette:
    async def index(request):
        items = "".join(f'<li><a href="/read/{c.id}">{html.escape(c.title)}</a> · <a href="/pages/{c.id}">pages</a></li>'
                        for c in preview.chapters)
        return _shell(preview, "Preview", f'<main class="octavo-reading"><ul>{items}</ul></main>', "")

    async def read(request):
        chapter = preview.chapter(request.path_params["ident"])
        if chapter is None:
            return not_found()
        return _shell(preview, chapter.title, f'<main class="octavo-reading">{chapter.html}</main>', chapter.id)

    async def pages(request):
        ident = request.path_params["ident"]
        chapter = preview.chapter(ident)
        if chapter is None or pages_of is None:
            return not_found()
        laid = await asyncio.to_thread(pages_of, ident)
        # spreads: a chapter opens on a recto (right), so its first page stands alone on the right
        cells = ['<div class="octavo-blank"></div>'] + [
            f'<figure class="octavo-page"><img src="/pages/{ident}/{n}.png?v={preview.version}" '
            f'alt="page {html.escape(p.folio)}"><figcaption>{html.escape(p.folio)}</figcaption></figure>'
            for n, p in enumerate(laid, 1)]
        spreads = "".join(f'<div class="octavo-spread">{"".join(cells[i:i + 2])}</div>' for i in range(0, len(cells), 2))
        return _shell(preview, f"Pages: {chapter.title}", f'<main class="octavo-spreads">{spreads}</main>', ident,
                      book_css=False)

    async def page_png(request):
        ident, n = request.path_params["ident"], request.path_params["n"]
        if preview.chapter(ident) is None or pages_of is None:
            return not_found()
        laid = await asyncio.to_thread(pages_of, ident)
        if not 1 <= n <= len(laid):
            return not_found()
        return Response(laid[n - 1].png, media_type="image/png", headers=_HEADERS)

    async def events(request):
        seen = request.query_params.get("since", "")

        async def stream():
            nonlocal seen
            waited = 0.0
            while True:
                if str(preview.version) != seen:
                    seen = str(preview.version)
                    yield f"data: {seen}\n\n"
                elif waited >= 15:
                    waited = 0.0
                    yield ": still here\n\n"  # keeps proxies and the browser from closing the stream
                if await request.is_disconnected():
                    return
                await asyncio.sleep(poll)
                waited += poll

        return StreamingResponse(stream(), media_type="text/event-stream", headers=_HEADERS)

    async def book_asset(request):
        found = book_file(preview.root, request.path_params["path"])
        if found is None:
            return not_found()
        return FileResponse(found, media_type=IMAGE_TYPES[found.suffix.lower()], headers=_HEADERS)

    async def asset(request):
        name = request.path_params["name"]
        if name == "book.css":
            return Response(preview.css, media_type="text/css", headers=_HEADERS)
        if name in ("preview.css", "preview.js"):
            kind = "text/css" if name.endswith(".css") else "text/javascript"
            return FileResponse(STATIC / name, media_type=kind, headers=_HEADERS)
        return not_found()

    async def font(request):
        path = preview.fonts.get(request.path_params["name"])
        if path is None or path.suffix.lower() not in FONT_TYPES:
            return not_found()
        return FileResponse(path, media_type=FONT_TYPES[path.suffix.lower()], headers=_HEADERS)

    async def status(request):
        from starlette.responses import JSONResponse

        return JSONResponse({"version": preview.version, "chapters": [c.id for c in preview.chapters],
                             "diagnostics": [str(d) for d in preview.diagnostics]}, headers=_HEADERS)

    routes = [
        Route("/", index), Route("/read/{ident}", read), Route("/pages/{ident}", pages),
        Route("/pages/{ident}/{n:int}.png", page_png), Route("/events", events), Route("/status.json", status),
        Route("/book/{path:path}", book_asset), Route("/assets/fonts/{name}", font), Route("/assets/{name}", asset),
    ]
    async def missing(request, exc):
        return not_found()

    # every unknown path and method answers the same plain 404: nothing to learn from it
    return Starlette(routes=routes, exception_handlers={404: missing, 405: missing})
