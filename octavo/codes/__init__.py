"""The one registry of diagnostic codes octavo emits.

Takes: the ``CODES`` lists of every module in this package (one module per
area: ``core`` for config, manuscript, references, images, fonts, safety,
output and checks; other modules for later areas). Gives: ``REGISTRY``, a
mapping from code to ``Code`` (level, summary, fix, example), from which the
README's table is generated and against which a test checks every code the
package emits.
"""
from __future__ import annotations

import importlib
import pkgutil

from octavo.codes.base import Code


def _collect() -> dict[str, Code]:
    registry: dict[str, Code] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for entry in getattr(module, "CODES", []):
            if entry.code in registry:
                raise RuntimeError(f"diagnostic code {entry.code} registered twice ({info.name})")
            registry[entry.code] = entry
    return dict(sorted(registry.items()))


REGISTRY: dict[str, Code] = _collect()

__all__ = ["Code", "REGISTRY"]
