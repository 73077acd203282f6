"""Small capitals for every script: synthesise the ones the body face lacks.

Takes: the body face's file and the inner HTML of a SmallCaps inline. Gives: the
same HTML with each run of lower-case letters that the face's ``smcp`` feature
does not cover wrapped in ``<span class="sc-synth">``; the PDF CSS sets those
as capitals at a reduced size (synthesised small capitals).

Why: ``font-variant-caps: small-caps`` asks the face for its small-capital
glyphs; EB Garamond has them for Latin and Greek but not Cyrillic, and
WeasyPrint does not synthesise the missing ones (CSS Fonts 3 says it should),
so those letters came out as plain lower case. Letters the face covers keep its
real small capitals; capitals stay capitals, as with ``small-caps``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

SYNTH_CLASS = "sc-synth"

# a tag or a character reference: left as they are (their letters are markup, not text)
_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


@lru_cache(maxsize=None)
def smcp_coverage(face: Path) -> frozenset[int]:
    """The code points the face's GSUB ``smcp`` feature maps to small-capital glyphs."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(face), lazy=True)
    if "GSUB" not in font:
        return frozenset()
    gsub = font["GSUB"].table
    if not gsub.FeatureList or not gsub.LookupList:
        return frozenset()
    lookups = {i for rec in gsub.FeatureList.FeatureRecord if rec.FeatureTag == "smcp"
               for i in rec.Feature.LookupListIndex}
    glyphs: set[str] = set()
    for i in lookups:
        for sub in gsub.LookupList.Lookup[i].SubTable:
            sub = getattr(sub, "ExtSubTable", sub)  # type 7 wraps the real subtable
            mapping = getattr(sub, "mapping", None) or getattr(sub, "alternates", None) or {}
            glyphs.update(mapping)
    cmap = font.getBestCmap() or {}
    return frozenset(cp for cp, glyph in cmap.items() if glyph in glyphs)


def synthesize(html: str, covered: frozenset[int]) -> str:
    """Wrap each run of lower-case letters outside ``covered`` in the synthesising span
    (a soft hyphen between two such letters stays inside the run)."""
    def needs(ch: str) -> bool:
        return ch.islower() and ch.upper() != ch and ord(ch) not in covered

    def wrap(text: str) -> str:
        out, cur, synth = [], "", False
        for ch in text:
            s = needs(ch) or (ch == "\u00ad" and synth)
            if cur and s != synth:
                out.append(_emit(cur, synth))
                cur = ""
            cur, synth = cur + ch, s
        return "".join(out) + (_emit(cur, synth) if cur else "")

    return "".join(part if _MARKUP.fullmatch(part) else wrap(part) for part in _MARKUP.split(html) if part)


def _emit(text: str, synth: bool) -> str:
    return f'<span class="{SYNTH_CLASS}">{text}</span>' if synth else text
