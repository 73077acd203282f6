"""Running the external programs octavo needs (pandoc, fc-list, java, node).

Takes: a command, what it is for and how long it may take. Gives: the
finished process; a program that is missing or does not finish in time is a
``ToolMissing`` with a coded, readable message (T050 for a time-out), never a
hang or a traceback.
"""
from __future__ import annotations

import subprocess

from octavo.errors import Diagnostic, ToolMissing

# seconds each kind of run may take before octavo gives up on it
TIMEOUTS = {"version": 30, "fonts": 60, "pandoc": 300, "epubcheck": 900, "ace": 900}


def run_tool(cmd: list[str], *, kind: str, what: str, **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run(cmd, **kwargs)`` with the time limit of ``kind``; ``what`` names the
    program for the user (e.g. "pandoc reading chapters/01.md")."""
    limit = TIMEOUTS[kind]
    try:
        return subprocess.run(cmd, timeout=limit, **kwargs)
    except subprocess.TimeoutExpired:
        raise ToolMissing(Diagnostic(
            "T050", f"{what} did not finish within {limit} s and was stopped.",
            hint="Check that the machine is not overloaded and the input is not unusually large; "
                 "run the command again, and report it if it keeps happening.")) from None
