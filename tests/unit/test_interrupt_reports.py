"""After Ctrl-C the command prints one line, never a traceback: an interrupt that Python raised
inside a finaliser (it prints those as "Exception ignored" with a traceback) is kept quiet, while
any other unraisable error is still reported."""
from __future__ import annotations

import sys
from types import SimpleNamespace

from octavo import cli


def _unraisable(exc: BaseException) -> SimpleNamespace:
    return SimpleNamespace(exc_type=type(exc), exc_value=exc, exc_traceback=None, err_msg=None, object=None)


def test_an_interrupt_inside_a_finaliser_is_not_reported(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_interrupted", False)
    cli._quiet_unraisable(_unraisable(KeyboardInterrupt()))
    assert capsys.readouterr().err == ""


def test_after_an_interrupt_nothing_unraisable_is_reported(monkeypatch, capsys):
    monkeypatch.setattr(cli, "_interrupted", True)
    cli._quiet_unraisable(_unraisable(OSError(9, "Bad file descriptor")))
    assert capsys.readouterr().err == ""


def test_other_unraisable_errors_are_still_reported(monkeypatch):
    monkeypatch.setattr(cli, "_interrupted", False)
    seen = []
    monkeypatch.setattr(sys, "__unraisablehook__", seen.append)
    report = _unraisable(ValueError("a real bug"))
    cli._quiet_unraisable(report)
    assert seen == [report]
