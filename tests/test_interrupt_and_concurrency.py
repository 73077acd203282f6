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

from helpers import cli_env, copy_book_to
from octavo.paths import output_names
from build_checks import leftovers, place_good_outputs, snapshot

OUTPUTS = output_names("tiny-book")


def start_build(base: Path, *args: str, new_session: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "octavo", "build", "--book", "tiny", "--out", "out", *args],
                            cwd=base, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=new_session)


def wait_until_laying_out(out: Path, proc: subprocess.Popen, settle: float = 1.0) -> None:
    """The manuscript has been parsed (its AST is cached), then a moment more: the
    layout processes are at work."""
    deadline = time.monotonic() + 60
    while not list((out / ".cache" / "ast").glob("*.json")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the build never started parsing"
        time.sleep(0.05)
    time.sleep(settle)
    assert proc.poll() is None, "the build finished before it could be interrupted"


@pytest.mark.parametrize("how", ["the build process alone", "the whole process group (Ctrl-C)"])
def test_an_interrupted_build_leaves_the_previous_outputs(tmp_path, tiny_build, how):
    copy_book_to("tiny", tmp_path)
    out = tmp_path / "out"
    before = place_good_outputs(tiny_build, out)
    group = how.startswith("the whole")
    # the group variant builds only the screen PDF, so one layout process sits idle when Ctrl-C comes
    proc = start_build(tmp_path, *(["--format", "pdf"] if group else []), new_session=group)
    try:
        wait_until_laying_out(out, proc)
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
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted(OUTPUTS)
    assert leftovers(out) == []
    with zipfile.ZipFile(out / "tiny-book.epub") as epub:
        assert epub.testzip() is None
        assert epub.namelist()[0] == "mimetype" and epub.read("mimetype") == b"application/epub+zip"
        assert "OEBPS/package.opf" in epub.namelist()
    for name in ("tiny-book.pdf", "tiny-book-print.pdf", "tiny-book-cover.pdf"):
        with pikepdf.open(out / name) as pdf:
            assert len(pdf.pages) >= 1
            pdf.check_pdf_syntax() if hasattr(pdf, "check_pdf_syntax") else pdf.check()
    spec = json.loads((out / "tiny-book-print.json").read_text())
    assert spec["page_count"] >= 24
    json.loads((out / ".cache" / "manifest.json").read_text())  # the cache's record is whole too
    for cached in (out / ".cache" / "ast").glob("*.json"):
        json.loads(cached.read_text())
