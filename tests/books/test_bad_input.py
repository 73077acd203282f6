"""Bad input gets one clear error and loses nothing.

Each folder of ``tests/bad/`` is a small book with one problem. It is built
through the CLI (``python -m octavo build``) into an output folder that
already holds good outputs of the same slug (the tiny book's, built once per
session by ``tiny_build``). Each case checks the exit code, the error code
with its file:line[:column], that no traceback is printed, and that the good
outputs are byte for byte as they were, with no staging folder or temporary
file left behind.

The CLI runs of all cases start together (two at a time) in a module
fixture; the parametrised tests then check one result each. Those, and the
draft builds, are slow (marked by tests/conftest.py through ``tiny_build``,
or here); the usage and exit-code checks stop before any layout and are quick.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from build_checks import leftovers, octavo, place_good_outputs, snapshot
from helpers import TESTS, cli_env, pdf_page_texts, read_epub
from octavo.codes import REGISTRY

BAD = TESTS / "bad"
SECRET = "SECRET-MARKER root:x:0:0"


# --- the cases ----------------------------------------------------------------

def _outside_file(base: Path, name: str, text: str) -> Path:
    outside = base / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_text(text, encoding="utf-8")
    return path


def _link_chapter(book: Path, base: Path) -> None:
    (book / "chapters" / "02-second.md").symlink_to(_outside_file(base, "secret.md", f"# Secret\n\n{SECRET}\n"))


def _link_bibliography(book: Path, base: Path) -> None:
    (book / "references.yaml").symlink_to(_outside_file(
        base, "references.yaml", f"- id: doe-small-things\n  type: book\n  title: {SECRET}\n"))


def _link_image(book: Path, base: Path) -> None:
    (book / "images").mkdir(exist_ok=True)
    (book / "images" / "shapes.png").symlink_to(_outside_file(base, "secret.png", SECRET))


@dataclass
class Case:
    name: str
    errors: list[tuple[str, str]]  # (file:line[:col] inside the book folder, code)
    says: list[str] = field(default_factory=list)  # phrases the messages must hold
    args: tuple[str, ...] = ()
    setup: Callable[[Path, Path], None] | None = None


CASES = [
    Case("yaml-syntax", [("book.yaml:10:11", "C101")], ["the quoted value that starts here is never closed", "Add the closing quote."]),
    Case("config-schema", [("book.yaml:1", "C104"), ("book.yaml:3:1", "C103"), ("book.yaml:5:1", "C105"),
                           ("book.yaml:9:1", "C105"), ("book.yaml:13:3", "C105")],
         ["Config key 'titel': unknown key. Did you mean 'title'?", "Write a whole number", "did you mean '6x9in'?",
          "Build failed: 5 errors."]),
    Case("missing-chapter", [("book.yaml:12:5", "C106")],
         ["file 'chapters/02-secnod.md' not found. Did you mean 'chapters/02-second.md'?"]),
    Case("invalid-utf8", [("chapters/01-first.md:3:30", "M202")], ["byte 0xe9 at byte offset 59", "Save the file as UTF-8"]),
    Case("missing-citation", [("chapters/01-first.md:3", "R301")], ["'@doe-small-thing'", "Closest keys: doe-small-things."]),
    Case("missing-image", [("chapters/01-first.md:5", "I401")], ["a release build needs all artwork", "Add the file at images/shapes.png."],
         args=("--release",)),
    Case("image-outside", [("chapters/01-first.md:5", "S602"), ("chapters/01-first.md:7", "S602")],
         ["'../../secret.png' leads outside the book folder", "'/etc/passwd' is an absolute path outside the book folder"]),
    Case("image-symlink", [("chapters/01-first.md:5", "S602")], ["'images/shapes.png' is a symlink to a file outside the book folder"],
         setup=_link_image),
    Case("remote-image", [("chapters/01-first.md:5", "S603")], ["octavo never downloads anything while building"]),
    Case("unsupported-format", [("chapters/01-first.md:5", "I402")], ["unsupported format '.bmp'", "Use JPEG, PNG, GIF, SVG or WebP."]),
    Case("empty-chapter", [("chapters/02-second.md:1", "M203")], ["The file is empty", "Write the chapter or remove it from book.yaml."]),
    Case("heading-only-chapter", [("chapters/02-second.md:1", "M203")], ["has a heading but no text"]),
    Case("no-heading", [("chapters/01-first.md:1", "M204")], ["must begin with a level-one heading"]),
    Case("duplicate-ids", [("chapters/01-first.md:5", "M205"), ("chapters/02-second.md:3", "M205")],
         ["Identifier '#first' is used twice (also at line 1).", "Give each heading, figure and span its own {#id}."]),
    Case("missing-font", [("book.yaml:13:3", "F502")], ["Font 'No Such Typeface Pro' not found", "fc-list"]),
    Case("raw-html", [("chapters/01-first.md:3", "S601"), ("chapters/01-first.md:5", "S601"),
                      ("chapters/01-first.md:7", "S601"), ("chapters/01-first.md:9", "S601")],
         ["(onclick)", "(script)", "(iframe)", "(form)"], args=("--release",)),
    Case("chapter-symlink", [("book.yaml:12:5", "S605")],
         ["'chapters/02-second.md' is a symlink to a file outside the book folder"], setup=_link_chapter),
    Case("bibliography-symlink", [("book.yaml:12:1", "S605")],
         ["'references.yaml' is a symlink to a file outside the book folder"], setup=_link_bibliography),
    Case("chapter-outside", [("book.yaml:12:5", "S605")], ["'../secret.md' leads outside the book folder"]),
]


def test_every_corpus_folder_has_a_case():
    folders = sorted(p.name for p in BAD.iterdir() if p.is_dir())
    assert folders == sorted(c.name for c in CASES)


@dataclass
class Run:
    proc: subprocess.CompletedProcess
    out: Path
    before: dict[str, str]
    base: Path


@pytest.fixture(scope="module")
def runs(tiny_build, tmp_path_factory) -> dict[str, Run]:
    """Every case copied, set up and built through the CLI (two builds at a time)."""
    def one(case: Case) -> Run:
        base = tmp_path_factory.mktemp(case.name)
        book = base / case.name
        shutil.copytree(BAD / case.name, book, symlinks=True)
        if case.setup:
            case.setup(book, base)
        out = base / "out"
        before = place_good_outputs(tiny_build, out)
        proc = octavo("build", "--book", case.name, "--out", "out", *case.args, cwd=base, timeout=120)
        return Run(proc, out, before, base)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([c.name for c in CASES], pool.map(one, CASES)))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_one_clear_error_and_loses_nothing(case: Case, runs):
    run = runs[case.name]
    err, out = run.proc.stderr, run.proc.stdout
    assert run.proc.returncode == 1, err
    assert "Traceback" not in err + out
    for where, code in case.errors:
        assert f"{case.name}/{where}: error {code}: " in err, err
    for phrase in case.says:
        assert phrase in err, err
    n = len(case.errors)
    assert f"Build failed: {n} error{'s' if n != 1 else ''}. Earlier outputs in out/ were left as they were." in err
    # every error is located (file:line) and carries a code
    found = re.findall(r"^(.*?)error ([A-Z]\d{3}): ", err, re.M)
    assert len(found) == n, err
    assert all(re.fullmatch(rf"{re.escape(case.name)}/\S+:\d+(:\d+)?: ", where) for where, _code in found), err
    assert all(code in REGISTRY for _where, code in found), err  # documented in the README's table
    assert snapshot(run.out) == run.before  # the good outputs, byte for byte
    assert leftovers(run.out) == []
    for path in run.out.rglob("*"):  # nothing read from outside the book is kept, even in the cache
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


# --- draft builds: warnings, placeholders, nothing unsafe in the outputs ------

@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path, Path]:
    """The missing-image and raw-html cases together, as a draft build of the screen PDF."""
    base = tmp_path_factory.mktemp("draft")
    book = base / "draft"
    shutil.copytree(BAD / "missing-image", book)
    raw = (BAD / "raw-html" / "chapters" / "01-first.md").read_text(encoding="utf-8")
    (book / "chapters" / "02-second.md").write_text(raw.replace("{#first}", "{#second}"), encoding="utf-8")
    yaml = (book / "book.yaml").read_text(encoding="utf-8")
    (book / "book.yaml").write_text(yaml + "  - chapters/02-second.md\n", encoding="utf-8")
    proc = octavo("build", "--book", "draft", "--out", "out", "--format", "pdf", cwd=base)
    return proc, book, base / "out"


@pytest.mark.slow
def test_draft_build_warns_and_shows_a_placeholder(draft):
    proc, _book, out = draft  # noqa: F841 - _book names the outputs below
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "draft/chapters/01-first.md:5: warning I401: Image 'images/shapes.png' not found; " \
           "a marked placeholder is shown instead." in proc.stderr
    for line, what in ((3, "onclick"), (5, "script"), (7, "iframe"), (9, "form")):
        assert f"draft/chapters/02-second.md:{line}: warning S601: Raw HTML removed ({what})" in proc.stderr
    from octavo.project import Book

    text = "\n".join(pdf_page_texts(out / Book.load(_book, out).output("pdf").name))
    assert "Artwork to come" in text and "images/shapes.png" in text
    assert "alert" not in text and "steal" not in text
    assert "The town is quiet." in " ".join(text.split())
    assert leftovers(out) == []


@pytest.mark.slow
def test_epub_of_raw_html_is_not_scripted(draft, tmp_path):
    """Whatever raw HTML a chapter holds, the EPUB has no script, frame, form or event handler,
    and neither its OPF nor EPUBCheck calls it scripted."""
    from octavo.builders.epub import build_epub
    from octavo.prepare import prepare
    from octavo.project import Book

    _proc, book_dir, _out = draft
    book = Book.load(book_dir, tmp_path / "out")
    doc, report = prepare(book)
    assert {d.code for d in report.warnings} >= {"S601", "I401"}
    epub = tmp_path / "draft.epub"
    epub.write_bytes(build_epub(book, doc, None, None))
    files = read_epub(epub)
    opf = files["OEBPS/package.opf"].decode()
    assert "scripted" not in opf
    for name, data in files.items():
        if name.endswith(".xhtml"):
            html = data.decode().lower()
            for bad in ("<script", "<iframe", "<form", "<object", "<embed", "onclick", "javascript:", "alert("):
                assert bad not in html, (name, bad)
    import shutil as _shutil

    if not _shutil.which("java"):
        pytest.skip("Java is not installed: EPUBCheck cannot run")
    from octavo.preflight.epub import run_epubcheck

    result = run_epubcheck(epub)
    assert result["publication"]["isScripted"] is False


# --- exit codes ------------------------------------------------------------------

@pytest.mark.parametrize("args", [["frobnicate"], ["build", "--frob"], ["build", "--format", "docx"],
                                  ["build", "--book", "book.yaml"], ["new"]])
def test_wrong_usage_exits_2(tmp_path, args):
    (tmp_path / "book.yaml").write_text("title: x\n")
    proc = octavo(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "Error:" in proc.stderr


def test_internal_error_exits_3_with_the_report_request(tmp_path):
    """A bug (here: the scaffold raising ZeroDivisionError) is exit 3, one message, the
    traceback saved to a file for the report and never printed."""
    code = ("import sys, octavo.scaffold as s, octavo.cli as c\n"
            "def boom(*a, **k):\n    return 1 / 0\n"
            "s.create_book = boom\nsys.argv = ['octavo', 'new', 'x']\nc.main()\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=cli_env(), capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "internal error: ZeroDivisionError: division by zero" in proc.stderr
    assert "Please report it with the details saved in octavo-crash.log." in proc.stderr
    assert "Traceback" in (tmp_path / "octavo-crash.log").read_text()


def test_brackets_in_a_message_print_as_they_are(tmp_path):
    """Rich markup once crashed on a message holding '[/x]' (an unknown key)."""
    book = tmp_path / "book"
    shutil.copytree(BAD / "missing-chapter", book)
    (book / "book.yaml").write_text((book / "book.yaml").read_text().replace("chapters/02-secnod.md", "chapters/02-second.md")
                                    + '"[/x]": 1\n"[bold]": 2\n')
    proc = octavo("build", "--book", "book", "--out", "out", cwd=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "error C103: Config key '[/x]': unknown key." in proc.stderr
    assert "error C103: Config key '[bold]': unknown key." in proc.stderr


def test_unwritable_output_folder_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        target = "/proc/octavo-cannot-write-here"  # even root cannot create folders in /proc
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = str(locked / "out")
    book = tmp_path / "book"
    shutil.copytree(BAD / "missing-chapter", book)
    (book / "book.yaml").write_text((book / "book.yaml").read_text().replace("chapters/02-secnod.md", "chapters/02-second.md"))
    proc = octavo("build", "--book", "book", "--out", target, "--format", "epub", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "error O801: Cannot use" in proc.stderr
