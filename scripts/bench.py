#!/usr/bin/env python3
"""Benchmark octavo's builds on this machine, in one run, and print ratios.

1. the naive way with the same tools: pandoc to EPUB, then pandoc with
   --pdf-engine=weasyprint and the same CSS to one PDF;
2. `octavo build` of all outputs from a cold cache;
3. a no-op rebuild;
4. a rebuild after editing one chapter;
5. a synthetic long book (the manuscript repeated to about 1,000 print pages):
   cold build time and peak memory, against the 1x book.

Every build runs as a subprocess on a copy of the manuscript in a temporary
folder, so the repository's build/ is untouched. Peak memory is the largest
resident set of any child process (getrusage RUSAGE_CHILDREN after each run).
Usage: python scripts/bench.py [--repeat N] [--skip-long]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
OCTAVO = [sys.executable, "-m", "octavo"]
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds taken and the peak RSS (MiB) of the largest child so far."""
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def octavo_build(book: Path, out: Path, *extra: str) -> float:
    return run([*OCTAVO, "build", "--book", str(book), "--out", str(out), *extra], REPO)[0]


def naive(book: Path, work: Path) -> float:
    """pandoc to EPUB, then pandoc + WeasyPrint to one PDF with octavo's print CSS."""
    sys.path.insert(0, str(REPO))
    from octavo.builders.base import CMYK_PROFILE, render_template
    from octavo.builders.pdf import print_geometry
    from octavo.parse import pandoc_path
    from octavo.project import Book

    b = Book.load(book)
    geometry = print_geometry(b, 40)
    fonts = [(w, s, f.as_uri()) for w, s, f in b.fonts.faces()]
    css = render_template(b, "pdf.css.j2", font_faces=fonts, body_size=geometry["body_size"], leading=geometry["leading"],
                          ink="device-cmyk(0 0 0 1)")
    css += render_template(b, "print.css.j2", ink="device-cmyk(0 0 0 1)", cmyk_profile=CMYK_PROFILE.as_uri(), **geometry)
    (work / "book.css").write_text(css, encoding="utf-8")
    chapters = [str(p) for p in b.chapter_files]
    common = [pandoc_path(), "-f", "markdown+smart", "--citeproc", "--bibliography", str(b.bibliography),
              "--csl", str(b.csl), "--metadata", f"title={b.config.title}", "--metadata", f"lang={b.config.language}", *chapters]
    env_path = f"{VENV_BIN}:{os.environ['PATH']}"
    t = time.perf_counter()
    for cmd in ([*common, "-o", str(work / "naive.epub")],
                [*common, "--pdf-engine=weasyprint", "--css", str(work / "book.css"), "-o", str(work / "naive.pdf")]):
        proc = subprocess.run(cmd, cwd=book, env={**ENV, "PATH": env_path}, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"bench: naive run failed: {proc.stderr[-1500:]}")
    return time.perf_counter() - t


def long_book(src: Path, dest: Path, copies: int) -> Path:
    """The manuscript with its chapters repeated ``copies`` times, ids made unique."""
    shutil.copytree(src, dest)
    config = (dest / "book.yaml").read_text(encoding="utf-8")
    chapters = re.findall(r"^  - (chapters/\S+\.md)$", config, flags=re.M)
    listed = []
    number = 16
    for n in range(copies):
        for ch in chapters:
            text = (src / ch).read_text(encoding="utf-8")
            text = re.sub(r"\{#([\w-]+)", lambda m: "{#%s-r%d" % (m.group(1), n), text)
            text = re.sub(r'number="\d+"', lambda m: f'number="{number}"', text)
            if 'number="' in text:
                number += 1
            name = f"chapters/r{n:02d}-{Path(ch).name}"
            (dest / name).write_text(text, encoding="utf-8")
            listed.append(name)
    block = "".join(f"  - {c}\n" for c in listed)
    config = re.sub(r"^chapters:\n(?:  - .*\n)+", "chapters:\n" + block, config, flags=re.M)
    (dest / "book.yaml").write_text(config, encoding="utf-8")
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--copies", type=int, default=31, help="repetitions for the long book (31 x ~33 pages ~ 1,000)")
    ap.add_argument("--skip-long", action="store_true", help="skip the long-book measurement")
    a = ap.parse_args()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="octavo-bench-") as tmp:
        tmp = Path(tmp)
        book = tmp / "book"
        shutil.copytree(REPO / "manuscript", book)
        (tmp / "naive").mkdir()
        results["naive"] = naive(book, tmp / "naive")
        print(f"1. naive pandoc EPUB + pandoc/WeasyPrint PDF: {results['naive']:.2f} s", flush=True)

        out = tmp / "out"
        results["cold"] = octavo_build(book, out)
        pages = json.loads((out / "rise-of-stalinism-part-3-print.json").read_text())["page_count"]
        print(f"2. octavo build, all outputs, cold cache: {results['cold']:.2f} s ({pages} print pages)", flush=True)

        results["noop"] = min(octavo_build(book, out) for _ in range(3))
        print(f"3. no-op rebuild: {results['noop']:.3f} s", flush=True)

        chapter = sorted((book / "chapters").glob("18-*.md"))[0]
        chapter.write_text(chapter.read_text(encoding="utf-8").replace("Foreign policy", "Foreign policy, as ever,", 1),
                           encoding="utf-8")
        results["edit"] = octavo_build(book, out)
        print(f"4. rebuild after editing one chapter: {results['edit']:.2f} s", flush=True)

        if not a.skip_long:
            big = long_book(REPO / "manuscript", tmp / "long", a.copies)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
            seconds, peak = run([*OCTAVO, "build", "--book", str(big), "--out", str(tmp / "long-out")], REPO)
            long_pages = json.loads((tmp / "long-out" / "rise-of-stalinism-part-3-print.json").read_text())["page_count"]
            results["long"], results["long_pages"], results["long_peak_mib"] = seconds, long_pages, peak
            print(f"5. long book ({long_pages} print pages): {seconds:.1f} s, peak memory {peak} MiB"
                  + (" (peak may be an earlier run's)" if peak == before else ""), flush=True)

    print("\nratios (targets in brackets)")
    print(f"  cold octavo / naive           {results['cold'] / results['naive']:.2f}  [<= 1.0]")
    print(f"  no-op rebuild                 {results['noop']:.3f} s  [<= 0.3 s]")
    print(f"  one-chapter edit / cold       {results['edit'] / results['cold']:.2f}  [<= 0.6]")
    if "long" in results:
        linear = results["cold"] * results["long_pages"] / pages
        print(f"  long book / linear estimate   {results['long'] / linear:.2f}  [<= 1.2] (linear: {linear:.1f} s)")
        print(f"  long book peak memory         {results['long_peak_mib'] / 1024:.2f} GiB  [<= 2 GiB]")


if __name__ == "__main__":
    main()
