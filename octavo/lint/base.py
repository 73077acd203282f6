"""What a lint rule gives and how rules are registered.

Takes: nothing. Gives: ``Finding`` (a code, a place in a ``Source``, what is
wrong, how to fix it, and the replacement text when the fix is safe to make
without a reader), ``HouseStyle`` (the settled choices a rule checks against),
``Context`` (every source of the book plus the house style) and the ``rule``
decorator that lists a rule under its stable code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from octavo.lint.source import Source


@dataclass(frozen=True)
class Finding:
    code: str
    source: Source
    start: int  # offset in source.text
    end: int
    message: str  # what is wrong, ending with a full stop
    fix: str  # how to fix it, one sentence
    replacement: str | None = None  # set only when --fix may write it without a reader
    fix_span: tuple[int, int] | None = None  # what the replacement replaces, when wider than start..end

    @property
    def replaces(self) -> tuple[int, int]:
        return self.fix_span or (self.start, self.end)

    @property
    def position(self) -> tuple[int, int]:
        return self.source.position(self.start)

    def __hash__(self):
        return hash((self.code, self.source.name, self.start, self.end))


@dataclass(frozen=True)
class HouseStyle:
    """The house-style choices, resolved from book.yaml's ``house_style`` and ``language``."""

    spelling: str | None = None  # "en-GB", "en-US" or None (only consistency is checked)
    ize: str | None = None  # "ize", "ise" or None (consistency only)
    ellipsis: str = "consistent"  # "closed", "spaced", "space-after" or "consistent"
    dash: str = "em-closed"  # "em-closed", "em-spaced" or "en-spaced"
    locators: str = "quotations"  # "quotations" or "never"
    note_style: bool = True  # the citation style puts citations in notes


@dataclass
class Context:
    sources: list[Source]  # the files linted (chapters, front and back matter)
    style: HouseStyle
    vocabulary: list[Source] = field(default_factory=list)  # read for names only (the bibliography)
    works: dict[str, str] = field(default_factory=dict)  # citation key -> CSL type


Rule = Callable[[Context], Iterable[Finding]]
RULES: dict[str, tuple[str, Rule]] = {}  # code -> (name, rule)


def rule(code: str, name: str):
    """Register ``fn`` as the rule with this stable code."""
    def register(fn: Rule) -> Rule:
        if code in RULES:
            raise RuntimeError(f"lint rule {code} registered twice")
        RULES[code] = (name, fn)
        return fn
    return register


def per_source(fn: Callable[[Source, HouseStyle], Iterable[Finding]]) -> Rule:
    """A rule that looks at one file at a time."""
    def over_book(ctx: Context) -> Iterable[Finding]:
        for source in ctx.sources:
            yield from fn(source, ctx.style)
    over_book.__name__ = fn.__name__
    over_book.__doc__ = fn.__doc__
    return over_book
