"""Typographic rules: quotes, spaces, dashes and ellipses (L001–L004, L008).

Takes: a ``Context``. Gives: ``Finding``s, each with a safe replacement where
the right character follows from the house style and its neighbours alone.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from octavo.lint.base import Context, Finding, HouseStyle, per_source, rule
from octavo.lint.source import MASK, Source

_WORDISH = re.compile(r"[\w*_]")


@rule("L001", "straight-quotes")
@per_source
def straight_quotes(source: Source, style: HouseStyle) -> Iterable[Finding]:
    """A straight quote ' or " in prose; its curly form follows from what stands before it."""
    prose = source.prose
    for m in re.finditer(r"[\"']", prose):
        i = m.start()
        before = prose[i - 1] if i else "\n"
        after = prose[i + 1] if i + 1 < len(prose) else "\n"
        opening = before.isspace() or before in "([{—–‘“" + MASK
        if m.group() == '"':
            curly = "“" if opening else "”"
        elif before.isalnum() and (after.isalnum() or not opening):
            curly = "’"  # an apostrophe (don't, workers') or a closing single quote
        else:
            curly = "‘" if opening else "’"
        yield Finding("L001", source, i, i + 1, f"Straight quote {m.group()} in the text.",
                      f"Use the typographic mark {curly}.", curly)


@rule("L002", "double-spaces")
@per_source
def double_spaces(source: Source, style: HouseStyle) -> Iterable[Finding]:
    """Two or more spaces between words (indentation and a line's end are Markdown, not prose)."""
    for m in re.finditer(r"(?<=[^\s\x00]) {2,}(?=[^\s\x00])", source.prose):
        yield Finding("L002", source, m.start(), m.end(), f"{len(m.group())} spaces between words.",
                      "Use one space.", " ")


_DASHES = {"em-closed": "—", "em-spaced": " — ", "en-spaced": " – "}


@rule("L003", "spaced-hyphen")
@per_source
def spaced_hyphen(source: Source, style: HouseStyle) -> Iterable[Finding]:
    """' - ' between words: a hyphen standing for a dash."""
    dash = _DASHES[style.dash]
    for m in re.finditer(r"(?<=[^\s\x00]) +-{1,2} +(?=[^\s\x00])", source.prose):
        yield Finding("L003", source, m.start(), m.end(), "A spaced hyphen used as a dash.",
                      f"Use the house dash '{dash.strip()}' ({style.dash}).", dash)


@rule("L004", "dash-style")
@per_source
def dash_style(source: Source, style: HouseStyle) -> Iterable[Finding]:
    """A parenthetical dash set otherwise than the house style says (closed em, spaced em or spaced en)."""
    want = _DASHES[style.dash]
    prose = source.prose
    # an em dash with its spacing, or a spaced en dash (a closed en dash is a range: 1927–28)
    for m in re.finditer(r"(?<=[^\s\x00])( ?)—( ?)(?=[^\s\x00])|(?<=[^\s\x00]) – (?=[^\s\x00])", prose):
        if m.group() == want:
            continue
        yield Finding("L004", source, m.start(), m.end(), f"Dash set as '{m.group()}'.",
                      f"Set dashes as '{want}' (house_style.dash: {style.dash}).", want)


def _ellipses(source: Source) -> Iterable[tuple[re.Match, str | None]]:
    """Each ellipsis between words with its spacing: 'closed' (a…b), 'spaced' (a … b),
    'space-after' (a… b) or 'space-before' (a …b). At a quotation's or a sentence's edge
    (next to a quote, a bracket, punctuation or a line's end) a side does not count."""
    prose = source.prose
    for m in re.finditer(r" ?(?:…|\.\.\.|\. \. \.)(?! ?\.) ?", prose):
        text = m.group()
        before = prose[m.start() - 1] if m.start() else "\n"
        after = prose[m.end()] if m.end() < len(prose) else "\n"
        left_word = bool(_WORDISH.match(before)) or (text.startswith(" ") and m.start() > 0
                                                      and bool(re.match(r"[\w*_\]”’)]", before)))
        right_word = bool(_WORDISH.match(after)) or (text.endswith(" ") and bool(re.match(r"[\w*_\[“‘(]", after)))
        if not (left_word and right_word):
            yield m, None
            continue
        yield m, {(False, False): "closed", (True, True): "spaced", (False, True): "space-after",
                  (True, False): "space-before"}[(text.startswith(" "), text.endswith(" "))]


_ELLIPSIS_FORMS = {"closed": "…", "spaced": " … ", "space-after": "… "}


@rule("L008", "ellipsis-style")
def ellipsis_style(ctx: Context) -> Iterable[Finding]:
    """Three full stops for an ellipsis, or ellipses spaced in more than one way. With
    house_style.ellipsis 'consistent' the book's most frequent spacing is the house's."""
    found = [(s, m, kind) for s in ctx.sources for m, kind in _ellipses(s)]
    want = ctx.style.ellipsis
    if want == "consistent":
        counts = Counter(kind for _s, _m, kind in found if kind in _ELLIPSIS_FORMS)
        want = counts.most_common(1)[0][0] if counts else "closed"
    for source, m, kind in found:
        text = m.group()
        if kind is None:
            if "." in text:
                yield Finding("L008", source, m.start(), m.end(), f"Ellipsis written as '{text.strip()}'.",
                              "Use the ellipsis character …", text.replace(". . .", "…").replace("...", "…"))
            continue
        if kind != want or "." in text:
            yield Finding("L008", source, m.start(), m.end(),
                          f"Ellipsis set '{text.replace(' ', '␣')}' ({kind}); the book sets them {want}.",
                          f"Set it '{_ELLIPSIS_FORMS[want].replace(' ', '␣')}' (house_style.ellipsis).",
                          _ELLIPSIS_FORMS[want])
