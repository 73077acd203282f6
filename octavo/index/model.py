"""The index as entries: headwords, subentries, locators merged into page ranges.

Takes: the marks (``octavo.index.marks``), the page each id landed on in a layout
(``{id: page index}``) and each page's printed folio, plus see / see also from
``index.yaml``. Gives: ``Entry`` trees whose locators are ``Locator`` groups: the
mentions on one page merged into one, consecutive pages merged into a range,
each written the Chicago way (``chicago_range``: 112–14, 101–8, 1496–1504).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Locator:
    first: int  # page index (0-based) where the mention or passage begins
    last: int  # page index where it ends (== first for a mention)
    target: str  # the id a link goes to: the first mark on the first page


@dataclass
class Entry:
    term: str
    locators: list[Locator] = field(default_factory=list)
    subentries: dict[str, "Entry"] = field(default_factory=dict)
    see: str | None = None  # "GPU, see OGPU": the headword to look under instead
    see_also: list[str] = field(default_factory=list)


def build_entries(marks, pages: dict[str, int], see: dict[str, str] | None = None,
                  see_also: dict[str, list[str]] | None = None) -> dict[str, Entry]:
    """Headword -> Entry with its subentries; locators in page order, merged. A mark whose
    page is unknown (a layout that did not place it) is left out."""
    tree: dict[str, Entry] = {}
    for mark in marks:
        first = pages.get(mark.id)
        if first is None:
            continue
        last = max(first, pages.get(mark.end_id, first)) if mark.end_id else first
        for term in mark.terms:
            entry = tree.setdefault(term[0], Entry(term[0]))
            if len(term) > 1:
                entry = entry.subentries.setdefault(term[1], Entry(term[1]))
            entry.locators.append(Locator(first, last, mark.id))
    for source, target in (see or {}).items():
        tree.setdefault(source, Entry(source)).see = target
    for source, targets in (see_also or {}).items():
        tree.setdefault(source, Entry(source)).see_also = list(targets)
    for entry in tree.values():
        entry.locators = merge(entry.locators)
        for sub in entry.subentries.values():
            sub.locators = merge(sub.locators)
    return tree


def merge(locators: list[Locator]) -> list[Locator]:
    """Mentions on the same page become one locator, and runs of consecutive or overlapping
    pages one range (linked to where the run begins)."""
    out: list[Locator] = []
    for loc in sorted(locators, key=lambda l: (l.first, l.last)):
        if out and loc.first <= out[-1].last + 1:
            out[-1] = Locator(out[-1].first, max(out[-1].last, loc.last), out[-1].target)
        else:
            out.append(Locator(loc.first, loc.last, loc.target))
    return out


def chicago_range(first: int, last: int) -> str:
    """A page range abbreviated as The Chicago Manual of Style does (9.64): all digits under
    100 and from a multiple of 100; only the changed part after x01-x09; at least two digits
    after x10-x99, but all four when three of four digits change."""
    if first == last:
        return str(first)
    a, b = str(first), str(last)
    if first < 100 or first % 100 == 0 or len(a) != len(b):
        return f"{a}–{b}"
    changed = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
    if first % 100 < 10:
        return f"{a}–{b[changed:]}"
    keep = max(len(b) - changed, 2)
    if len(b) == 4 and keep >= 3:
        return f"{a}–{b}"
    return f"{a}–{b[-keep:]}"


def locator_text(loc: Locator, labels: list[str]) -> str:
    """The printed form of a locator: a folio, or a range of folios (arabic ranges
    abbreviated; roman ones written in full)."""
    first, last = labels[loc.first], labels[min(loc.last, len(labels) - 1)]
    if first == last:
        return first
    if first.isdigit() and last.isdigit():
        return chicago_range(int(first), int(last))
    return f"{first}–{last}"


@dataclass
class IndexSource:
    """What the index is made from, fixed before layout: the marks and index.yaml's references."""
    marks: list
    see: dict[str, str] = field(default_factory=dict)
    see_also: dict[str, list[str]] = field(default_factory=dict)

    def entries(self, pages: dict[str, int]) -> dict[str, Entry]:
        return build_entries(self.marks, pages, self.see, self.see_also)

    @property
    def headwords(self) -> set[str]:
        """Every headword the index will list (marked, or the source of a see reference)."""
        return {term[0] for m in self.marks for term in m.terms} | set(self.see) | set(self.see_also)

    @property
    def ids(self) -> list[str]:
        """Every id the layout must place for the index: marks and passage ends."""
        return [i for m in self.marks for i in (m.id, m.end_id) if i]
