"""Words: the folded tokens of a text, and a source stream found in order in an output's.

Takes: lists of words. Gives: the words of the source not found in order, and
sentences naming them with their context.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPLIT = re.compile(r"[^\W_]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
HYPHENS = ("-", "\u2010", "\u2011", "\u00ad")


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded for comparison."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    return _SPLIT.findall(text)


def _glued(out: str, word: str) -> bool:
    """``out`` is ``word`` with a note call's digits glued before or after it."""
    if out.startswith(word):
        rest = out[len(word):]
    elif out.endswith(word):
        rest = out[: -len(word)]
    else:
        return False
    return rest.isdigit() and not word.isdigit()


def _match_at(src: list[str], i: int, out: list[str], j: int) -> tuple[int, int] | None:
    """If source word ``i`` matches the output at ``j``: the positions after the match."""
    w, o = src[i], out[j]
    if o == w:
        return i + 1, j + 1
    # a word split in the output (an unjoined line-end hyphen, a wrapped code line)
    joined = o
    for k in range(j + 1, min(j + 4, len(out))):
        joined += out[k]
        if joined == w:
            return i + 1, k + 1
        if not w.startswith(joined):
            break
    # words joined in the output (a compound hyphenated at its own hyphen, a superscript)
    joined = w
    for k in range(i + 1, min(i + 4, len(src))):
        joined += src[k]
        if joined == o or _glued(o, joined):
            return k + 1, j + 1
        if not o.startswith(joined):
            break
    if _glued(o, w):
        return i + 1, j + 1
    return None


@dataclass
class Missing:
    index: int  # position in the source stream
    word: str
    elsewhere: bool  # the word is in the output, but not where the text around it is (out of order)


def match_stream(src: list[str], out: list[str]) -> list[Missing]:
    """The words of ``src`` not found in order in ``out``.

    The long runs the two have in common are aligned first (difflib, no junk
    heuristic); the words between two aligned runs are then looked for, in order,
    only in the output between the same two runs, where a word may be split (a
    line-end hyphen not joined), joined to its neighbour or carry a note call."""
    from difflib import SequenceMatcher

    missing: list[Missing] = []
    present = set(out)
    a0 = b0 = 0
    for a, b, size in SequenceMatcher(None, src, out, autojunk=False).get_matching_blocks():
        i, j = a0, b0
        while i < a:
            found = None
            for k in range(j, b):
                found = _match_at(src, i, out, k)
                if found and found[0] <= a:
                    break
                found = None
            if found:
                i, j = found
            else:
                missing.append(Missing(i, src[i], src[i] in present))
                i += 1
        a0, b0 = a + size, b + size
    return missing


def word_problems(name: str, src: list[str], out: list[str], limit: int = 8) -> list[str]:
    """Sentences naming the first missing or out-of-order words of stream ``name``."""
    missing = match_stream(src, out)
    problems = []
    for m in missing[:limit]:
        before = " ".join(src[max(0, m.index - 6): m.index])
        after = " ".join(src[m.index + 1: m.index + 5])
        how = "out of place (it appears elsewhere)" if m.elsewhere else "missing"
        problems.append(f"{name}: word {m.index + 1} '{m.word}' is {how}: …{before} [{m.word}] {after}…")
    if len(missing) > limit:
        problems.append(f"{name}: … and {len(missing) - limit} more words not found")
    return problems
