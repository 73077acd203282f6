"""``octavo serve``: run the preview: the server, the watcher, the paged layouts.

Takes: a book folder, a host, a port. Gives: a running uvicorn server (until
Ctrl-C) over ``app.create_app``; a watcher thread (watchfiles) that refreshes
the ``Preview`` when a file of the book changes (the build folder excepted),
so open pages reload; the print pages of a chapter laid out on demand and kept
until that chapter changes. Listens on 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import ipaddress
import threading
from pathlib import Path

from octavo.serve.preview import Preview

LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class PageCache:
    """A chapter's laid-out pages, kept per (chapter, content): laid out again only after an edit."""

    def __init__(self, preview: Preview):
        self.preview = preview
        self.kept: dict[tuple[str, str], list] = {}
        self.lock = threading.Lock()

    def __call__(self, ident: str) -> list:
        from octavo.serve.layout import lay_out_chapter

        with self.preview.lock:
            chapter, book, doc = self.preview.chapter(ident), self.preview.book, self.preview.doc
        if chapter is None or book is None:
            return []
        key = (ident, chapter.key)
        with self.lock:  # one layout at a time: WeasyPrint is busy enough with one
            if key not in self.kept:
                try:
                    self.kept[key] = lay_out_chapter(book, doc, ident)
                except Exception:  # noqa: BLE001 - a layout failure leaves the reading view working
                    return [p for (i, _k), pages in self.kept.items() if i == ident for p in pages]
                for old in [k for k in self.kept if k[0] == ident and k != key]:
                    del self.kept[old]
            return self.kept[key]


def watch(preview: Preview, stop: threading.Event, on_change=None) -> None:
    """Refresh the preview after each change to the book's files (debounced by watchfiles)."""
    from watchfiles import watch as changes

    root = preview.root.resolve()
    ignored = {root / "build"}

    def relevant(change, path: str) -> bool:
        p = Path(path)
        return not any(p.is_relative_to(i) for i in ignored) and not p.name.startswith((".", "#")) \
            and not p.name.endswith(("~", ".swp", ".tmp"))

    for _batch in changes(root, watch_filter=relevant, stop_event=stop, debounce=150, step=50, rust_timeout=500,
                          yield_on_timeout=False):
        if preview.refresh() and on_change is not None:
            on_change()


def serve(root: Path, host: str = LOOPBACK, port: int = 8008, open_browser: bool = False,
          say=print) -> None:
    import uvicorn

    from octavo.serve.app import create_app

    preview = Preview(Path(root).resolve())
    preview.refresh()
    app = create_app(preview, PageCache(preview))
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, stop), name="octavo-watch", daemon=True)
    watcher.start()
    url = f"http://{host if ':' not in host else '[' + host + ']'}:{port}/"
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    if open_browser:
        import webbrowser

        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    say(f"Previewing {root} at {url} (Ctrl-C stops).")
    try:
        server.run()
    finally:
        stop.set()
