"""Spelling variants (L006 -our/-or, L007 -ise/-ize), from the word lists shipped in ``data/``.

Takes: a ``Context``. Gives: a ``Finding`` at each word spelt against the house
style (``house_style.spelling`` / ``house_style.ize``); without a setting, at
each word spelt the book's less frequent way when the book mixes both. Never
fixed automatically: a quotation keeps its source's spelling.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from octavo.lint.base import Context, Finding, rule

DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[A-Za-z]+")
_OUR_ENDINGS = ("", "s", "ed", "ing", "er", "ers", "ite", "ites", "able", "ably", "ful", "less", "ist", "ists", "ism")
_IZE_ENDINGS = ("e", "es", "ed", "er", "ers", "ing", "ation", "ations", "ational")


def _lines(name: str) -> list[str]:
    return [ln.strip() for ln in (DATA / name).read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def our_words() -> dict[str, tuple[str, str]]:
    """Every listed form, lower case -> (variant 'our' or 'or', the same form in the other spelling)."""
    forms: dict[str, tuple[str, str]] = {}
    for line in _lines("spelling-our.txt"):
        gb, us = line.split()
        for end in _OUR_ENDINGS:
            forms.setdefault(gb + end, ("our", us + end))
            forms.setdefault(us + end, ("or", gb + end))
    return forms


@lru_cache(maxsize=1)
def _ize_pattern() -> re.Pattern:
    stems = "|".join(sorted(_lines("spelling-ize.txt"), key=len, reverse=True))
    return re.compile(rf"^((?:{stems}))i([sz])({'|'.join(sorted(_IZE_ENDINGS, key=len, reverse=True))})$", re.I)


def _same_case(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    return word[0].upper() + word[1:] if model[:1].isupper() else word


def _words(ctx: Context):
    for source in ctx.sources:
        for m in _WORD.finditer(source.prose):
            yield source, m


@rule("L006", "spelling-our-or")
def spelling_our(ctx: Context) -> Iterable[Finding]:
    """labour and labor in one book, or the spelling the house style does not use."""
    forms = our_words()
    hits = [(s, m, *forms[m.group().lower()]) for s, m in _words(ctx) if m.group().lower() in forms]
    want = {"en-GB": "our", "en-US": "or"}.get(ctx.style.spelling or "")
    if want is None:
        counts = Counter(kind for _s, _m, kind, _other in hits)
        if len(counts) < 2:
            return
        want = counts.most_common(1)[0][0]
    why = (f"house_style.spelling: {ctx.style.spelling}" if ctx.style.spelling
           else "the book's more frequent spelling")
    for source, m, kind, other in hits:
        if kind != want:
            fixed = _same_case(m.group(), other)
            yield Finding("L006", source, m.start(), m.end(), f"'{m.group()}' is spelt -{kind}; the book spells -{want} ({why}).",
                          f"Write '{fixed}' (a quotation may keep its source's spelling: then add it to the ignore file).")


@rule("L007", "spelling-ise-ize")
def spelling_ize(ctx: Context) -> Iterable[Finding]:
    """organise and organize in one book, or the form house_style.ize does not use."""
    pattern = _ize_pattern()
    hits = []
    for source, m in _words(ctx):
        w = pattern.match(m.group())
        if w:
            hits.append((source, m, "ize" if w.group(2).lower() == "z" else "ise", w))
    want = ctx.style.ize
    if want is None:
        counts = Counter(kind for *_x, kind, _w in hits)
        if len(counts) < 2:
            return
        want = counts.most_common(1)[0][0]
    why = f"house_style.ize: {ctx.style.ize}" if ctx.style.ize else "the book's more frequent spelling"
    for source, m, kind, w in hits:
        if kind != want:
            z = want[1]
            fixed = w.group(1) + "i" + (z.upper() if w.group(2).isupper() else z) + w.group(3)
            yield Finding("L007", source, m.start(), m.end(), f"'{m.group()}' is spelt -{kind}; the book spells -{want} ({why}).",
                          f"Write '{fixed}' (a quotation may keep its source's spelling: then add it to the ignore file).")
