"""Math: TeX checked once, then MathML for the EPUB and vector SVG for the PDFs.

Takes: the TeX of a pandoc ``Math`` inline (``InlineMath`` or ``DisplayMath``).
Gives: ``check_tex`` (None, or why the TeX is bad: unbalanced braces, a command
no converter knows, a missing argument), ``mathml`` (a ``<math>`` element with
``alttext`` holding the TeX, for EPUB reading systems and screen readers) and
``svg_img`` (an ``<img>`` whose source is the formula drawn by ziamath as
paths in STIX Two Math, which ziamath ships: WeasyPrint draws it as vectors,
the ``alt`` carries the TeX, and the ink is the profile's, so print stays
CMYK). ``check_math`` reports bad TeX in a section at its source line.
"""
from __future__ import annotations

import base64
import re
from functools import lru_cache
from html import escape

from octavo.ast import iter_nodes

SIZE = 20.0  # ziamath's drawing size; the image is scaled to the text in ems, so only precision depends on it


def _balance(tex: str) -> str | None:
    depth = 0
    for i, ch in enumerate(tex):
        if ch in "{}" and i and tex[i - 1] == "\\":
            continue  # \{ and \} are characters
        depth += 1 if ch == "{" else -1 if ch == "}" else 0
        if depth < 0:
            return "a closing brace '}' has no opening brace"
    return "an opening brace '{' is never closed" if depth else None


@lru_cache(maxsize=4096)
def check_tex(tex: str) -> str | None:
    """Why the TeX cannot be typeset, or None when it can."""
    from latex2mathml.converter import convert

    problem = _balance(tex)
    if problem:
        return problem
    try:
        out = convert(tex)
    except Exception as exc:  # noqa: BLE001 - latex2mathml raises one exception class per mistake
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(exc).__name__).lower().removesuffix(" error")
        return f"{name}{': ' + str(exc) if str(exc) else ''}"
    unknown = sorted(set(re.findall(r"<m[io][^>]*>(\\[A-Za-z]+)</m[io]>", out)))
    if unknown:
        return "unknown command " + ", ".join(unknown)
    return None


@lru_cache(maxsize=4096)
def mathml(tex: str, display: bool) -> str:
    """A MathML ``<math>`` element with the TeX as ``alttext``."""
    from latex2mathml.converter import convert

    out = convert(tex, display="block" if display else "inline")
    return out.replace("<math ", f'<math alttext="{escape(tex, quote=True)}" ', 1)


@lru_cache(maxsize=4096)
def svg_img(tex: str, display: bool, ink: str) -> str:
    """An ``<img>`` of the formula as SVG paths, sized and lowered to sit on the text's baseline."""
    import ziamath

    ziamath.config.svg2 = False  # plain paths, no <symbol>/<use>: every SVG renderer draws them
    formula = ziamath.Latex(tex, size=SIZE, inline=not display, color=ink)
    svg = formula.svg()
    _w, h = formula.getsize()
    drop = formula.getyofst()
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    cls = "math display" if display else "math"
    return (f'<img class="{cls}" src="{src}" alt="{escape(tex, quote=True)}" '
            f'style="height: {h / SIZE:.3f}em; vertical-align: {drop / SIZE:.3f}em"/>')


def is_display(node: dict) -> bool:
    return node["c"][0]["t"] == "DisplayMath"


def check_math(section, report) -> None:
    """Report each bad formula of a section (F504) at the line of the source that holds it."""
    seen: set[str] = set()
    for node in iter_nodes(section.blocks):
        if node.get("t") != "Math":
            continue
        tex = node["c"][1]
        problem = check_tex(tex)
        if problem is None or tex in seen:
            continue
        seen.add(tex)
        first = next((ln.strip() for ln in tex.splitlines() if ln.strip()), tex)
        report.error("F504", f"Math '{_short(tex)}' cannot be typeset: {problem}.", file=section.where,
                     line=section.line_of(first),
                     hint="Correct the TeX (braces in pairs, commands as in LaTeX's amsmath), or put it in "
                          "backticks if it is meant as code.")


def _short(tex: str, n: int = 40) -> str:
    flat = " ".join(tex.split())
    return flat if len(flat) <= n else flat[: n - 1] + "…"
