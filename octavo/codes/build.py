"""Codes of the build runner and its external tools."""
from octavo.codes.base import Code

CODES = [
    Code("T050", "error", "An external program (pandoc, fc-list, EPUBCheck, DAISY Ace) did not finish in time and was stopped.",
         "Check the machine's load and the input's size, then run the command again; report it if it keeps happening.",
         "error T050: pandoc reading chapters/01-first.md did not finish within 300 s and was stopped."),
]
