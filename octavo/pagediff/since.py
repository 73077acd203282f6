"""``octavo diff --since REF``: the print interior as it was at a git ref.

Takes: the book folder (inside a git repository) and a ref. Gives: the path of
the old print PDF, built by the ref's own octavo and templates from a
temporary ``git worktree`` of the ref (so a template change shows), in a
temporary folder the caller removes. An unknown ref or no repository is V002,
a failed old build V003.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from octavo.errors import BookError, Diagnostic


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def build_at_ref(book_root: Path, ref: str, work: Path) -> Path:
    """Build the print interior of ``book_root`` as of ``ref`` into ``work``; return the PDF's path."""
    top = _git("rev-parse", "--show-toplevel", cwd=book_root)
    if top.returncode != 0:
        raise BookError(Diagnostic("V002", f"'{book_root}' is not in a git repository, so --since has nothing to "
                                           "compare with.", hint="Compare two PDFs instead: octavo diff OLD.pdf NEW.pdf."))
    repo = Path(top.stdout.strip())
    commit = _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=repo)
    if commit.returncode != 0:
        raise BookError(Diagnostic("V002", f"Unknown git ref '{ref}'.",
                                   hint="Give a commit, tag or branch, e.g. --since HEAD~1 or --since v1.0."))
    tree = work / "tree"
    added = _git("worktree", "add", "--detach", str(tree), commit.stdout.strip(), cwd=repo)
    if added.returncode != 0:
        raise BookError(Diagnostic("V002", f"Cannot check out '{ref}': {added.stderr.strip()}.",
                                   hint="Check that the repository is not locked by another git command."))
    try:
        old_root = tree / Path(book_root).resolve().relative_to(repo.resolve())
        out = work / "build"
        # the ref's own octavo and templates when the repository holds octavo itself; else this octavo
        code = tree if (tree / "octavo" / "__init__.py").is_file() else Path(__file__).resolve().parents[2]
        env = dict(os.environ, PYTHONPATH=str(code))
        proc = subprocess.run([sys.executable, "-m", "octavo", "build", "--format", "print", "--book", str(old_root),
                               "--out", str(out)], cwd=tree, env=env, capture_output=True, text=True)
        pdfs = sorted(out.glob("*-print.pdf"))
        if proc.returncode != 0 or not pdfs:
            last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise BookError(Diagnostic("V003", f"The book at '{ref}' did not build: {last}",
                                       hint="Build that revision by hand to see every error, or pick another ref."))
        kept = work / pdfs[0].name
        os.replace(pdfs[0], kept)
        return kept
    finally:
        _git("worktree", "remove", "--force", str(tree), cwd=repo)
