"""Diagnostic codes of the design layer: themes, design overrides, languages, series and contributors.

Takes: nothing. Gives: ``CODES`` (C110-C139 for book.yaml keys of this area, H001-H029 for
themes and their templates), collected into ``octavo.codes.REGISTRY``.
"""
from __future__ import annotations

from octavo.codes.base import Code

CODES = [
    Code("H001", "error", "octavo's templates folder is missing: the installation is incomplete.",
         "Reinstall octavo (pip install --force-reinstall octavo), or run from a full source checkout.",
         "error H001: octavo's templates are missing at '/venv/lib/python3.12/site-packages/octavo/templates'. "
         "Reinstall octavo (pip install --force-reinstall octavo), or run from a full source checkout."),
]
