"""Names spelled two ways (L013): close variants of capitalised words in one book.

Takes: a ``Context`` (its linted sources and, read for names only, the
bibliography). Gives: a ``Finding`` at each use, in a linted file, of a
capitalised word that has a close variant elsewhere in the book: one letter
added, dropped, changed or two swapped (Krushchev/Khrushchev), or the same
word in lower case in mid-sentence (Nepman/nepman). Inflections are not
variants: words that differ only in their last two letters (Darwinist,
Darwinism; Puritan, Puritans) are left alone.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from octavo.lint.base import Context, Finding, rule
from octavo.lint.source import Source

_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*(?![A-Za-z-])")
_ANY_WORD = re.compile(r"[A-Za-z]+")
_LOWER = re.compile(r"(?<![\w’'-])[a-z]+(?![\w-])")


def _distance_one(a: str, b: str) -> bool:
    """One edit apart (insert, delete, substitute, or swap two neighbours)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
                                           and a[i + 2:] == b[i + 2:])
    return a[i:] == b[i + 1:]


def _inflection(a: str, b: str) -> bool:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return common >= min(len(a), len(b)) - 2


def _mid_sentence(source: Source, start: int) -> bool:
    """False for a paragraph's or a sentence's first word (capitalised whatever it is)."""
    before = source.prose[max(0, start - 300):start]
    gap = re.search(r"[\s\x00*_“‘\"'(\[>]*$", before)
    lead = before[:gap.start()]
    if not lead or re.search(r"\n[ \t\x00>]*\n", gap.group()):
        return False
    line_start = source.text.rfind("\n", 0, start) + 1
    if "\n" in gap.group() and re.match(r"[ \t>]*\|", source.text[line_start:start]):
        return False  # a line of a poem (a line block) begins with a capital
    return not re.search(r"[.!?:][”’\"')\]*_]*$", lead)


_TITLES = {"Mr", "Mrs", "Ms", "Dr", "St", "Sir", "Lord", "Lady", "General", "Comrade", "President", "King", "Queen"}


def _standalone(text: str, start: int, end: int) -> bool:
    """Neither neighbouring word is a capitalised word in mid-sentence: a name on its own
    (Nepman, Mr Krushchev), not one word of a title-case run (Central Committee, The
    Revolution Betrayed) whose other uses are ordinary words."""
    prev = re.search(r"([A-Za-z]+)([^A-Za-z]*)$", text[max(0, start - 60):start])
    if prev and prev.group(1)[0].isupper() and prev.group(1) not in _TITLES \
            and not re.search(r"[.!?:;,\n—–(“‘\"]", prev.group(2)):
        before_prev = text[max(0, start - 60):start][:prev.start()]
        if before_prev.rstrip(" *_\x00") and not re.search(r"[.!?:][”’\"')\]*_]*[\s\x00*_“‘\"'(\[>]*$", before_prev):
            return False  # the previous word is capitalised in mid-sentence: a title-case run
    nxt = re.match(r"([^A-Za-z]*)([A-Za-z]+)", text[end:end + 60])
    if nxt and nxt.group(2)[0].isupper() and not re.search(r"[.!?:;,\n—–)”’\"]", nxt.group(1)):
        return False
    return True


@rule("L013", "name-spelled-two-ways")
def names_two_ways(ctx: Context) -> Iterable[Finding]:
    uses: dict[str, list[tuple[Source, int]]] = defaultdict(list)  # capitalised mid-sentence word -> uses
    for source in ctx.sources:
        for m in _CAPITALISED.finditer(source.prose):
            if len(m.group()) >= 4 and _mid_sentence(source, m.start()) \
                    and _standalone(source.prose, m.start(), m.end()) \
                    and source.position(m.start())[0] not in source.headings:
                uses[m.group()].append((source, m.start()))
    elsewhere: dict[str, list[tuple[Source, int]]] = defaultdict(list)
    for source in ctx.vocabulary:
        for m in _CAPITALISED.finditer(source.text):
            if len(m.group()) >= 4 and _standalone(source.text, m.start(), m.end()):
                elsewhere[m.group()].append((source, m.start()))
    names = sorted(set(uses) | set(elsewhere))
    variants: dict[str, set[str]] = defaultdict(set)
    by_length: dict[int, list[str]] = defaultdict(list)
    for name in names:
        by_length[len(name)].append(name)
    for name in names:
        if len(name) < 5:
            continue
        for n in (len(name) - 1, len(name), len(name) + 1):
            for other in by_length.get(n, ()):
                if other != name and other[0] == name[0] and _distance_one(name, other) \
                        and not _inflection(name, other):
                    variants[name].add(other)
    for name, others in variants.items():
        for source, start in uses.get(name, ()):
            shown = []
            for other in sorted(others):
                where = (uses.get(other) or elsewhere.get(other))[0]
                shown.append(f"'{other}' ({where[0].name}:{where[0].position(where[1])[0]})")
            yield Finding("L013", source, start, start + len(name),
                          f"'{name}' is also spelt {', '.join(shown)}.",
                          "Spell the name one way throughout.")
    # the same word capitalised and in lower case, both in mid-sentence, where the capitalised
    # form is the usual one (a name: Nepman twice, nepman once), not a word capitalised in a title
    lower: dict[str, list] = defaultdict(list)
    for source in ctx.sources:
        for m in _LOWER.finditer(source.prose):
            lower[m.group()].append((source, m))
    for word, found in lower.items():
        cap = word[0].upper() + word[1:]
        if len(cap) < 5 or cap not in uses or len(uses[cap]) < len(found):
            continue
        for source, m in found:
            if source.position(m.start())[0] not in source.headings:
                first = uses[cap][0]
                yield Finding("L013", source, m.start(), m.end(),
                              f"'{m.group()}' is capitalised elsewhere: '{cap}' "
                              f"({first[0].name}:{first[0].position(first[1])[0]}).",
                              "Capitalise it the same way throughout (or list a deliberate difference in the ignore file).")
