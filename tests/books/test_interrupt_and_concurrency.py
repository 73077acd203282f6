"""Nothing lost: an interrupted build leaves the previous good outputs as they
were and no partial file; two builds of the same book at once both finish
and leave only complete, valid files.

The tiny book (``tests/books/tiny``) is built through the CLI in a
subprocess; the good outputs placed beforehand come from the session's
``tiny_build``.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest

from octavo.paths import COMPANIONS, FORMATS
from build_checks import leftovers, place_good_outputs, snapshot
from helpers import cli_env, copy_book_to
from octavo.project import Book

pytestmark = pytest.mark.slow  # every test builds the fixture book through the CLI

KINDS = tuple(k for f in FORMATS for k in (f, *COMPANIONS.get(f, ())))  # every file a full build writes


def _book(base: Path) -> Book:
    """The copied fixture book as octavo loads it (names of outputs, chapters), built into base/out."""
    return Book.load(base / "tiny", base / "out")


def start_build(base: Path, *args: str, new_session: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "octavo", "build", "--book", "tiny", "--out", "out", *args],
                            cwd=base, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=new_session)


def _children(pid: int) -> list[str]:
    """The command names of a process's children (Linux /proc)."""
    names = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        for kid in kids:
            try:
                names.append(Path(f"/proc/{kid}/comm").read_text().strip())
            except OSError:
                pass
    return names


def wait_until_laying_out(book: Book, proc: subprocess.Popen) -> None:
    """Wait (on a condition, not a clock) until the manuscript is read: every chapter's AST
    is in the cache and no pandoc runs any more, while the layout worker processes live.
    The next thing the build does is lay out, which takes seconds for any book."""
    ast = book.build_dir / ".cache" / "ast"
    chapters = len(book.chapter_files)
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the build never finished reading the manuscript"
        kids = _children(proc.pid)
        if len(list(ast.glob("*.json"))) >= chapters and kids and "pandoc" not in kids:
            return
        time.sleep(0.02)


@pytest.mark.parametrize("how", ["the build process alone", "the whole process group (Ctrl-C)"])
def test_an_interrupted_build_leaves_the_previous_outputs(tmp_path, tiny_build, how):
    copy_book_to("tiny", tmp_path)
    out = tmp_path / "out"
    before = place_good_outputs(tiny_build, out)
    group = how.startswith("the whole")
    # the group variant builds only the screen PDF, so one layout process sits idle when Ctrl-C comes
    proc = start_build(tmp_path, *(["--format", "pdf"] if group else []), new_session=group)
    try:
        wait_until_laying_out(_book(tmp_path), proc)
        if group:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stdout + stderr
    assert "Interrupted. Earlier outputs in out/ were left as they were." in stderr
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_two_builds_at_once_leave_complete_valid_files(tmp_path):
    copy_book_to("tiny", tmp_path)
    first = start_build(tmp_path, "--force")
    second = start_build(tmp_path, "--force")
    results = [p.communicate(timeout=300) for p in (first, second)]
    for proc, (stdout, stderr) in zip((first, second), results):
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stdout + stderr
    out = tmp_path / "out"
    book = _book(tmp_path)
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(book.output(k).name for k in KINDS)
    assert leftovers(out) == []
    with zipfile.ZipFile(book.output("epub")) as epub:
        assert epub.testzip() is None
        assert epub.namelist()[0] == "mimetype" and epub.read("mimetype") == b"application/epub+zip"
        assert "OEBPS/package.opf" in epub.namelist()
    for kind in ("pdf", "print", "cover"):
        with pikepdf.open(book.output(kind)) as pdf:
            assert len(pdf.pages) >= 1
            assert pdf.check_pdf_syntax() == [], kind  # qpdf finds nothing damaged or missing
    spec = json.loads(book.output("spec").read_text())
    assert spec["page_count"] >= 24
    json.loads((out / ".cache" / "manifest.json").read_text())  # the cache's record is whole too
    for cached in (out / ".cache" / "ast").glob("*.json"):
        json.loads(cached.read_text())
