"""One registered diagnostic code: what it means and how a user fixes it.

Takes: nothing. Gives: ``Code``, the record each area module lists in ``CODES``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str  # a capital letter and three digits, stable once published
    level: str  # "error", "warning", "error|warning" (a warning in a draft, an error with --release), or "info" (never shown)
    summary: str  # what is wrong, one line
    fix: str  # how to fix it, one line
    example: str = ""  # one diagnostic line as a user sees it
