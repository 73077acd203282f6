"""Rules about note calls and citations: a note call before punctuation (L012), a
quotation cited without a page (L014).

Takes: a ``Context`` (the citation style's class decides whether a citation is a
note call; the bibliography gives each work's type). Gives: ``Finding``s; L012's
fix (the punctuation moved before the call) is safe, L014 needs the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from octavo.lint.base import Context, Finding, rule
from octavo.lint.source import Source

_KEY = re.compile(r"(?:^|[\s;\[(])-?@\{?([\w][\w:.#$%&+?<>~/-]*?)\}?(?=[\s,;\]]|$)")
# a locator: a number (a page), or one of CSL's locator terms
_LOCATOR = re.compile(r"^\s*,?\s*(?:[\w.]*\s*)?\d|^\s*,\s*(?:p|pp|page|pages|chap|ch|chapter|col|fig|l|n|no|op|"
                      r"para|pt|sec|sect|s\.v|v|vol|vols|book|bk|part|line|note|verse|section)\b\.?", re.I)
# Works cited by page: a quotation from one of these needs a locator.
PAGED_TYPES = {"book", "chapter", "article-journal", "article-magazine", "paper-conference", "thesis", "report",
               "entry-encyclopedia", "entry-dictionary", "manuscript", "collection"}


@dataclass(frozen=True)
class Call:
    kind: str  # "citation", "footnote", "ednote"
    start: int  # offset of the call in the source (its '[' or '^')
    end: int  # just after the call
    inner: str  # the text between the brackets


def _matching(prose: str, text: str, i: int) -> int | None:
    """Offset of the ']' closing the '[' at ``i`` (escaped brackets are text, not markup)."""
    depth = 0
    for j in range(i, len(prose)):
        ch = prose[j]
        if ch in "[]" and j and text[j - 1] == "\\":
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return j
        elif ch == "\n" and prose[j + 1:j + 2] == "\n":
            return None  # a bracket never closes across a paragraph
    return None


def note_calls(source: Source) -> Iterable[Call]:
    text, prose = source.text, source.prose
    i = 0
    while True:
        i = prose.find("[", i)
        if i < 0:
            return
        if i and text[i - 1] == "\\":
            i += 1
            continue
        j = _matching(prose, text, i)
        if j is None:
            i += 1
            continue
        inner = text[i + 1:j]
        end = j + 1
        after = text[end:end + 1]
        if i and text[i - 1] == "^":
            yield Call("footnote", i - 1, end, inner)
        elif inner.startswith("^") and after != ":":
            yield Call("footnote", i, end, inner)
        elif after == "{":
            close = text.find("}", end)
            if close > 0 and re.search(r"(?:^|\s)\.ednote\b", text[end + 1:close]):
                yield Call("ednote", i, close + 1, inner)
        elif after not in ("(", "[", ":") and _KEY.search("[" + inner):
            yield Call("citation", i, end, inner)
            i = j  # nested brackets inside a citation are its prefix or locator
        i += 1


@rule("L012", "note-call-before-punctuation")
def call_before_punctuation(ctx: Context) -> Iterable[Finding]:
    """A note call followed by , ; : or . — the call goes after the punctuation."""
    for source in ctx.sources:
        text = source.text
        for call in note_calls(source):
            if call.kind == "citation" and not ctx.style.note_style:
                continue  # an author-date citation stands before the punctuation
            punct = text[call.end:call.end + 1]
            if punct not in (",", ";", ":", ".") or text[call.end:call.end + 3] == "...":
                continue
            start = call.start
            space = start > 0 and text[start - 1] == " "
            if space:
                start -= 1
            fixed = punct + text[call.start:call.end]  # the call follows the punctuation directly
            yield Finding("L012", source, call.end, call.end + 1, f"Note call before the '{punct}'.",
                          f"Put the '{punct}' before the note call.", fixed, fix_span=(start, call.end + 1))


def _items(inner: str) -> list[tuple[str, str]]:
    """(key, what follows the key) of each item of a citation; ``\\;`` does not split items."""
    found = []
    for part in re.split(r"(?<!\\);", inner):
        m = _KEY.search(part if part[:1] in " -@" else " " + part)
        if m:
            rest = (part if part[:1] in " -@" else " " + part)[m.end():]
            found.append((m.group(1), rest))
    return found


def _quoted(source: Source, call: Call) -> bool:
    """The call follows a quotation: a closing quote mark, or it stands in a block quote."""
    before = source.text[:call.start].rstrip(" *_")
    if before.endswith(("”", "’", '"')) or before.endswith(("”.", "”,", "’.", "’,")):
        return True
    line_start = source.text.rfind("\n", 0, call.start) + 1
    return source.text[line_start:call.start].lstrip().startswith(">")


@rule("L014", "citation-without-locator")
def citation_without_locator(ctx: Context) -> Iterable[Finding]:
    """A quotation cited from a paged work (book, chapter, article) with no page: every
    citation style octavo ships cites a quotation by its page (house_style.locators: quotations)."""
    if ctx.style.locators == "never":
        return
    for source in ctx.sources:
        for call in note_calls(source):
            if call.kind != "citation" or not _quoted(source, call):
                continue
            for key, rest in _items(call.inner):
                kind = ctx.works.get(key)
                if kind in PAGED_TYPES and not _LOCATOR.search(rest):
                    yield Finding("L014", source, call.start, call.end,
                                  f"Quotation cited from '@{key}' ({kind}) without a page.",
                                  f"Add the page after the key: [@{key}, page].")
