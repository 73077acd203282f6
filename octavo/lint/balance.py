"""Rules about pairs: brackets (L009) and double quotation marks (L010), within a paragraph.

Takes: a ``Context``. Gives: ``Finding``s at the mark left without its partner.
A quotation running over several paragraphs opens each with “ and closes only
the last (the printers' convention), so a paragraph left open is accepted when
the next one opens with “.
"""
from __future__ import annotations

from typing import Iterable

from octavo.lint.base import Finding, HouseStyle, per_source, rule
from octavo.lint.source import Source

_PAIRS = {")": "(", "]": "["}


@rule("L009", "unbalanced-brackets")
@per_source
def unbalanced_brackets(source: Source, style: HouseStyle) -> Iterable[Finding]:
    """A ( or [ never closed in its paragraph, or a ) or ] never opened."""
    for offset, para in source.paragraphs():
        stack: list[tuple[str, int]] = []
        for i, ch in enumerate(para):
            if ch in "([":
                stack.append((ch, i))
            elif ch in ")]":
                if stack and stack[-1][0] == _PAIRS[ch]:
                    stack.pop()
                elif ch == ")" and _list_item_or_enumeration(para, i):
                    continue  # "a) ... b) ...": an enumeration, not a bracket
                else:
                    yield Finding("L009", source, offset + i, offset + i + 1, f"'{ch}' closes a bracket never opened.",
                                  f"Add the opening '{_PAIRS[ch]}' or delete this one.")
        for ch, i in stack:
            yield Finding("L009", source, offset + i, offset + i + 1, f"'{ch}' is never closed in its paragraph.",
                          f"Add the closing '{')' if ch == '(' else ']'}' or delete this one.")


def _list_item_or_enumeration(para: str, i: int) -> bool:
    return i >= 1 and para[i - 1].isalnum() and (i == 1 or not para[i - 2].isalnum())


@rule("L010", "unbalanced-quotes")
def unbalanced_quotes(ctx) -> Iterable[Finding]:
    """A “ never closed in its paragraph (unless the next paragraph reopens the quotation), or a ” never opened."""
    for source in ctx.sources:
        paragraphs = source.paragraphs()
        for n, (offset, para) in enumerate(paragraphs):
            open_at: list[int] = []
            for i, ch in enumerate(para):
                if ch == "“":
                    open_at.append(i)
                elif ch == "”":
                    if open_at:
                        open_at.pop()
                    else:
                        yield Finding("L010", source, offset + i, offset + i + 1, "'”' closes a quotation never opened.",
                                      "Add the opening '“' where the quotation begins.")
            if open_at:
                following = paragraphs[n + 1][1].lstrip(" \t\x00") if n + 1 < len(paragraphs) else ""
                if len(open_at) == 1 and following.startswith("“"):
                    continue  # a quotation running on into the next paragraph
                for i in open_at:
                    yield Finding("L010", source, offset + i, offset + i + 1, "'“' is never closed in its paragraph.",
                                  "Add the closing '”' where the quotation ends.")
