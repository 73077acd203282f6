"""`octavo diff` end to end: real PDFs (laid out by WeasyPrint), the CLI's lines, exit codes and report,
and --since building the old interior from a git worktree."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from helpers import REPO, copy_book_to

PARA = "<p>" + " ".join(f"word{n}" for n in range(180)) + "</p>"


def pdf(path, body: str, css: str = ""):
    from weasyprint import HTML

    style = "@page{size:A6;margin:10mm;@bottom-center{content:counter(page)}} body{font:10pt serif}" + css
    HTML(string=f"<html><style>{style}</style><body>{body}</body></html>").write_pdf(path)
    return path


def octavo(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "octavo", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    d = tmp_path_factory.mktemp("pdfs")
    body = PARA * 4
    out = {
        "old": pdf(d / "old.pdf", body),
        "same": pdf(d / "same.pdf", body),
        "word": pdf(d / "word.pdf", body.replace("word100 ", "changed100 ", 1)),
        "design": pdf(d / "design.pdf", body, "p{color:#333}"),
    }
    sections = [f"<section style='break-after:page'><p>Section {n}. {' '.join(f'w{n}x{k}' for k in range(60))}</p>"
                "</section>" for n in range(6)]
    out["paged"] = pdf(d / "paged.pdf", "".join(sections))
    out["inserted"] = pdf(d / "inserted.pdf", "".join(sections[:3] + ["<section style='break-after:page'>"
                                                                     "<p>A new page.</p></section>"] + sections[3:]))
    return out


@pytest.mark.slow
def test_identical_pdfs_exit_0_and_say_so(pdfs, tmp_path):
    proc = octavo("diff", str(pdfs["old"]), str(pdfs["same"]), "--report", str(tmp_path / "r.html"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and "No page changed" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("new, lines", [
    ("word", ["page 1 (folio 1): text changed"]),
    ("design", ["page 1 (folio 1): layout changed", "page 2 (folio 2): layout changed"]),
])
def test_changed_pages_one_line_each_and_a_report(pdfs, tmp_path, new, lines):
    report = tmp_path / "r.html"
    proc = octavo("diff", str(pdfs["old"]), str(pdfs[new]), "--report", str(report), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[:len(lines)] == lines
    text = report.read_text(encoding="utf-8")
    assert text.count("<h2>") == len(proc.stdout.splitlines()) and "data:image/png;base64," in text
    assert "http" not in text.replace("http-equiv", "")  # nothing fetched by the report


@pytest.mark.slow
def test_an_inserted_page_is_one_change_not_every_later_page(pdfs, tmp_path):
    proc = octavo("diff", str(pdfs["paged"]), str(pdfs["inserted"]), "--report", str(tmp_path / "r.html"),
                  cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    # the later pages moved by one (their folios changed), none of them counts as changed text
    assert lines == ["page 4 (folio 4): page added", "page 5 (folio 5): page moved (was page 4, folio 4)",
                     "page 6 (folio 6): page moved (was page 5, folio 5)",
                     "page 7 (folio 7): page moved (was page 6, folio 6)"]


@pytest.mark.slow
def test_since_builds_the_old_interior_from_git(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    book = copy_book_to("tiny", tmp_path)
    git = lambda *a: subprocess.run(["git", *a], cwd=book, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@e", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "first")
    chapter = book / "chapters" / "01-first.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("It says little", "It says hardly anything"),
                       encoding="utf-8")
    proc = octavo("diff", "--since", "HEAD", cwd=book)
    assert proc.returncode == 1, proc.stderr
    assert any(line.endswith("text changed") for line in proc.stdout.splitlines()), proc.stdout
    assert (book / "build" / "diff.html").is_file()
    assert "worktree" not in subprocess.run(["git", "worktree", "list"], cwd=book, capture_output=True,
                                             text=True).stdout.split("\n", 1)[-1]  # the temporary one is gone
    bad = octavo("diff", "--since", "no-such-ref", cwd=book)
    assert bad.returncode == 1 and "error V002: Unknown git ref 'no-such-ref'." in bad.stderr
