#!/usr/bin/env python3
"""Benchmark octavo's builds on this machine, in one run, and print the ratios
issue 13 states its targets in.

Rows (each build runs as a subprocess on a copy of the book in a temporary
folder, so the repository's build/ is untouched):

1. the naive peer: pandoc to EPUB, then pandoc + WeasyPrint to one PDF, both
   with ``--citeproc`` and the book's bibliography, and a plain print CSS of
   the peer's own (``PEER_CSS``: the trim, margins and a serif body, no
   octavo template);
2. the same peer with octavo's own print CSS (the peer ``make bench`` used
   before);
3. ``octavo build`` of all outputs from a cold cache, ÷ rows 1 and 2;
4. a no-op rebuild;
5. a one-sentence edit of one chapter in a medium book (the book repeated to
   about 56 chapters) ÷ that book's cold build;
6. a long book (the book repeated to about 1,000 print pages): cold time ÷ the
   linear estimate from the 1 x book, and peak memory: the largest process and
   the whole process tree (the build and its workers), sampled from /proc.

Usage: python scripts/bench.py [--book DIR] [--medium N] [--copies N] [--skip-long]
       python scripts/bench.py --catalogue N   (a publisher's list: scripts/bench_catalogue.py)
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
OCTAVO = [sys.executable, "-m", "octavo"]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1"}

# The peer's own print stylesheet: what a competent user of pandoc + WeasyPrint writes in
# five minutes. {width} and {height} are the trim in inches.
PEER_CSS = """
@page {{ size: {width}in {height}in; margin: 0.75in 0.6in 0.8in 0.6in;
        @bottom-center {{ content: counter(page); font-size: 9pt; }} }}
html {{ font-family: serif; font-size: 11pt; line-height: 1.35; }}
body {{ hyphens: auto; text-align: justify; }}
h1 {{ break-before: recto; font-size: 18pt; margin: 1.5in 0 0.5in; }}
p {{ margin: 0; text-indent: 1em; }}
blockquote {{ font-size: 10pt; margin: 0.5em 1.5em; }}
img {{ max-width: 100%; }}
.footnotes, section.footnotes {{ font-size: 9pt; }}
"""


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled every 50 ms
    from /proc (Linux): the sum over the tree, and the largest single process."""

    def __init__(self, pid: int):
        self.pid, self.tree_peak, self.process_peak = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            sizes = [_rss(p) for p in _tree(self.pid)]
            if sizes:
                self.tree_peak = max(self.tree_peak, sum(sizes))
                self.process_peak = max(self.process_peak, max(sizes))
            self._stop.wait(0.05)


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree(pid: int) -> list[int]:
    kids, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _rss(pid: int) -> int:
    """Resident set in bytes (0 when the process is gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, TreeMemory]:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(proc.pid) as memory:
        _out, err = proc.communicate()
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{err[-2000:]}")
    return seconds, memory


def octavo_build(book: Path, out: Path, *extra: str) -> tuple[float, TreeMemory]:
    return run([*OCTAVO, "build", "--book", str(book), "--out", str(out), *extra], REPO)


def page_count(out: Path) -> int:
    spec = next(out.glob("*-print.json"))
    return json.loads(spec.read_text(encoding="utf-8"))["page_count"]


def _load(book: Path):
    sys.path.insert(0, str(REPO))
    from octavo.project import Book

    return Book.load(book)


def peer_css(book: Path, work: Path, own: bool) -> Path:
    b = _load(book)
    if own:
        width, height = b.config.print.size
        css = PEER_CSS.format(width=width, height=height)
    else:  # octavo's own print stylesheet, composed as the print build composes it
        from octavo.builders.pdf import PROFILES, compose_css, print_geometry

        css = compose_css(b, PROFILES["print"], print_geometry(b, 40))
    path = work / ("peer.css" if own else "octavo.css")
    path.write_text(css, encoding="utf-8")
    return path


def naive(book: Path, work: Path, css: Path) -> float:
    """pandoc to EPUB, then pandoc + WeasyPrint to one PDF, both with citeproc."""
    from octavo.parse import pandoc_path

    b = _load(book)
    cite = ["--citeproc", "--bibliography", str(b.bibliography), "--csl", str(b.csl)] if b.bibliography else []
    common = [pandoc_path(), "-f", "markdown+smart", *cite, "--metadata", f"title={b.config.title}",
              "--metadata", f"lang={b.config.language}", *[str(p) for p in b.chapter_files]]
    env = {**ENV, "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
    t = time.perf_counter()
    for cmd in ([*common, "-o", str(work / "naive.epub")],
                [*common, "--pdf-engine=weasyprint", "--css", str(css), "-o", str(work / "naive.pdf")]):
        run(cmd, book, env)
    return time.perf_counter() - t


def repeated_book(src: Path, dest: Path, copies: int) -> Path:
    """The book with its chapters repeated ``copies`` times, ids and numbers made unique."""
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("build"))
    config = (dest / "book.yaml").read_text(encoding="utf-8")
    chapters = re.findall(r"^\s*-\s+(chapters/\S+\.md)\s*$", config, flags=re.M)
    listed, number = [], 1
    for n in range(copies):
        for ch in chapters:
            text = (src / ch).read_text(encoding="utf-8")
            text = re.sub(r"\{#([\w-]+)", lambda m: "{#%s-r%d" % (m.group(1), n), text)
            text = re.sub(r"\]\(#([\w-]+)\)", lambda m: "](#%s-r%d)" % (m.group(1), n), text)
            if 'number="' in text:
                text = re.sub(r'number="[^"]*"', f'number="{number}"', text)
                number += 1
            name = f"chapters/r{n:02d}-{Path(ch).name}"
            (dest / name).write_text(text, encoding="utf-8")
            listed.append(name)
    block = "".join(f"  - {c}\n" for c in listed)
    config = re.sub(r"^chapters:\s*\n(?:\s*-\s+.*\n)+", "chapters:\n" + block, config, flags=re.M)
    (dest / "book.yaml").write_text(config, encoding="utf-8")
    return dest


def edit_one_sentence(book: Path) -> Path:
    """Add a word to the first sentence of body text in the middle chapter."""
    config = (book / "book.yaml").read_text(encoding="utf-8")
    chapters = re.findall(r"^\s*-\s+(chapters/\S+\.md)\s*$", config, flags=re.M)
    chapter = book / chapters[len(chapters) // 2]
    lines = chapter.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        if re.match(r"[A-Z][a-z]+ [a-z]", line) and ". " in line:
            lines[i] = line.replace(". ", ", indeed. ", 1)
            break
    else:
        sys.exit(f"bench: no sentence to edit in {chapter}")
    chapter.write_text("\n".join(lines), encoding="utf-8")
    return chapter


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--book", type=Path, default=REPO / "manuscript", help="the book to measure (default: manuscript/)")
    ap.add_argument("--medium", type=int, default=8, help="repetitions for the one-sentence-edit book (8 x 7 = 56 chapters)")
    ap.add_argument("--copies", type=int, default=31, help="repetitions for the long book (about 1,000 pages)")
    ap.add_argument("--skip-long", action="store_true", help="skip the long-book measurement")
    ap.add_argument("--catalogue", type=int, metavar="N", help="instead: a list of N synthetic books on one process, "
                    "the local pool and a local Dask cluster (scripts/bench_catalogue.py)")
    a = ap.parse_args()
    if a.catalogue:
        from bench_catalogue import run

        return run(a.catalogue)
    r: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="octavo-bench-") as tmp:
        tmp = Path(tmp)
        book = tmp / "book"
        shutil.copytree(a.book, book, ignore=shutil.ignore_patterns("build"))
        (tmp / "naive").mkdir()
        r["peer"] = naive(book, tmp / "naive", peer_css(book, tmp / "naive", own=True))
        print(f"1. naive peer (pandoc EPUB + pandoc/WeasyPrint PDF, citeproc, its own CSS): {r['peer']:.2f} s", flush=True)
        r["peer_octavo_css"] = naive(book, tmp / "naive", peer_css(book, tmp / "naive", own=False))
        print(f"2. the same peer with octavo's print CSS: {r['peer_octavo_css']:.2f} s", flush=True)

        out = tmp / "out"
        r["cold"], _ = octavo_build(book, out)
        pages = page_count(out)
        print(f"3. octavo build, all outputs, cold cache: {r['cold']:.2f} s ({pages} print pages)", flush=True)
        r["noop"] = min(octavo_build(book, out)[0] for _ in range(3))
        print(f"4. no-op rebuild: {r['noop']:.3f} s", flush=True)

        medium = repeated_book(book, tmp / "medium", a.medium)
        r["medium_cold"], _ = octavo_build(medium, tmp / "medium-out")
        medium_pages = page_count(tmp / "medium-out")
        edited = edit_one_sentence(medium)
        r["medium_edit"], _ = octavo_build(medium, tmp / "medium-out")
        print(f"5. one-sentence edit of {edited.name} in a {medium_pages}-page book: {r['medium_edit']:.2f} s "
              f"(cold {r['medium_cold']:.2f} s)", flush=True)

        if not a.skip_long:
            big = repeated_book(book, tmp / "long", a.copies)
            r["long"], memory = octavo_build(big, tmp / "long-out")
            r["long_pages"] = page_count(tmp / "long-out")
            r["long_tree"], r["long_process"] = memory.tree_peak / 2**30, memory.process_peak / 2**30
            print(f"6. long book ({r['long_pages']} print pages): {r['long']:.1f} s, peak memory "
                  f"{r['long_tree']:.2f} GiB (process tree), {r['long_process']:.2f} GiB (largest process)", flush=True)

    print("\nissue 13's table (targets in brackets)")
    print(f"  cold ÷ naive peer, its own CSS        {r['cold'] / r['peer']:.2f} x  [<= 1.0]")
    print(f"  cold ÷ naive peer, octavo's CSS       {r['cold'] / r['peer_octavo_css']:.2f} x  [<= 1.0]")
    print(f"  one-sentence edit ÷ cold ({medium_pages} pages) {r['medium_edit'] / r['medium_cold']:.2f}  [<= 0.15]")
    if "long" in r:
        linear = r["cold"] * r["long_pages"] / pages
        print(f"  long book ÷ linear estimate           {r['long'] / linear:.2f} x  [<= 1.0] (linear {linear:.1f} s)")
        print(f"  long book peak memory, process tree   {r['long_tree']:.2f} GiB  [<= 1 GiB]")
    print(f"  no-op rebuild                         {r['noop']:.3f} s  [<= 0.1 s]")


if __name__ == "__main__":
    main()
