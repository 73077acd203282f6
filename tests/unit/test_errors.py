"""The error machinery: diagnostics survive the trip back from a layout process,
and the CLI maps every kind of failure to its exit code without a traceback."""
from __future__ import annotations

import errno
import pickle

import pytest

from octavo import cli
from octavo.errors import BookError, Diagnostic, UsageError


def test_an_error_raised_in_a_worker_process_arrives_whole():
    error = BookError([Diagnostic("P701", "WeasyPrint could not write the print PDF.", file="book.yaml", line=3)],
                      warnings=[Diagnostic("S601", "Raw HTML removed (script).", severity="warning")])
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is BookError and back.diagnostics == error.diagnostics and back.warnings == error.warnings
    assert str(back) == "book.yaml:3: error P701: WeasyPrint could not write the print PDF."
    usage = pickle.loads(pickle.dumps(UsageError(Diagnostic("U001", "No."))))
    assert usage.exit_code == 2 and usage.diagnostics[0].code == "U001"


def _raise(exc: BaseException):
    def fn():
        raise exc
    return fn


@pytest.mark.parametrize("exc, code, says", [
    (BookError(Diagnostic("M203", "The file is empty.", file="a.md", line=1)), 1, "a.md:1: error M203: The file is empty."),
    (UsageError(Diagnostic("U001", "'x' exists and is not empty.")), 2, "error U001: 'x' exists and is not empty."),
    (OSError(errno.EROFS, "Read-only file system", "/mnt/ro/build"), 1, "error O801: Cannot use '/mnt/ro/build'"),
    (KeyboardInterrupt(), 130, "Interrupted."),
    (ZeroDivisionError("division by zero"), 3, "internal error: ZeroDivisionError: division by zero"),
])
def test_run_maps_failures_to_exit_codes(tmp_path, monkeypatch, capsys, exc, code, says):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli, "_interrupted", False)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "book.epub").write_bytes(b"earlier")  # the closing line names only outputs that exist
    with pytest.raises(SystemExit) as stop:
        cli._run(_raise(exc), "Build failed", tmp_path / "out")
    assert stop.value.code == code
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    if code in (1, 2):
        assert "Earlier outputs in out/ were left as they were." in err
