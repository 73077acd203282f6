"""End to end: `octavo new mybook && cd mybook && octavo build` works, from any folder of the book."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import REPO


def octavo(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "octavo", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_no_book_here_names_no_outputs(tmp_path):
    proc = octavo("build", cwd=tmp_path)
    assert proc.returncode == 1
    assert "error C100: No book.yaml in this folder" in proc.stderr
    assert "Earlier outputs" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_a_new_book_builds_from_its_own_chapters_folder(tmp_path):
    assert octavo("new", "mybook", cwd=tmp_path).returncode == 0
    proc = octavo("build", "--format", "epub", cwd=tmp_path / "mybook" / "chapters")
    assert proc.returncode == 0, proc.stderr
    assert list((tmp_path / "mybook" / "build").glob("*.epub"))
