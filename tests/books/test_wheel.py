"""The wheel carries octavo and its templates: built, installed into a fresh virtual
environment, and used from another folder to build the tiny book.

To stay fast and offline, the new environment installs only octavo's wheel (``--no-deps``)
and borrows the third-party dependencies from the environment running the tests through
a ``.pth`` line. A ``.pth`` path line adds a folder to ``sys.path`` without running that
folder's own ``.pth`` files, so the test environment's editable octavo is not seen: the
``octavo`` imported is the one the wheel installed, which the test checks.
"""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from helpers import REPO, SOURCE_DATE_EPOCH, copy_book_to

pytestmark = pytest.mark.slow


# no PYTHONPATH: a source checkout on it would look like an installed octavo to pip and python
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def _run(args: list, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(CLEAN_ENV, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def test_wheel_installs_and_builds_the_tiny_book(tmp_path):
    # the wheel, built from the source tree the way `pip install .` would build it
    wheels = tmp_path / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, REPO], cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(wheels.glob("octavo-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    templates = {n.removeprefix("octavo/templates/") for n in names if n.startswith("octavo/templates/")}
    shipped = {p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*") if p.is_file()
               and "__pycache__" not in p.parts}
    assert shipped and shipped <= templates, f"templates missing from the wheel: {sorted(shipped - templates)}"

    # a fresh environment with only octavo installed in it
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path).stdout.strip())
    installed = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel],
                     cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-2000:]
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "zz-test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")

    # the tiny book, in a folder of its own, built by the installed command
    work = tmp_path / "elsewhere"
    book = copy_book_to("tiny", work)
    where = _run([python, "-c", "import octavo; print(octavo.__file__)"], cwd=work)
    assert Path(where.stdout.strip()).is_relative_to(env_dir), where.stdout + where.stderr
    result = _run([env_dir / "bin" / "octavo", "build", "--book", book.name], cwd=work)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    for suffix in (".epub", ".pdf", "-print.pdf", "-cover.pdf", "-print.json"):
        assert (book / "build" / f"tiny-book{suffix}").stat().st_size > 0
