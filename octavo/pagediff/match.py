"""Which page of the old PDF became which page of the new one, and what changed on it.

Takes: two lists of ``Page``. Gives: ``Change``s, one per page that differs:
pages matched by their text (identical texts first, then the most similar
within each run that differs), so a page inserted or removed does not make
every later page "changed". Each matched pair is classed:

- ``text changed``: the words differ;
- ``text reflowed``: the same words, broken into lines differently;
- ``layout changed``: the same lines of words, set differently (position,
  size, face, ornaments: a design change);
- ``page moved``: the same page under another folio (a page inserted or
  removed before it);
- ``page added`` / ``page removed``.

The folio is not part of the words compared (``pages.read_pages`` sets it apart).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from octavo.pagediff.pages import Page

# Two pages are the "same page" when this much of their text agrees.
SIMILAR = 0.5


@dataclass
class Change:
    kind: str
    old: Page | None
    new: Page | None

    def describe(self) -> str:
        page = self.new or self.old
        folio = f" (folio {page.folio})" if page.folio else ""
        side = "" if self.new is not None else " of the old PDF"
        return f"page {page.index + 1}{side}{folio}: {self.kind}"


def _similarity(a: Page, b: Page) -> float:
    return difflib.SequenceMatcher(None, a.words, b.words, autojunk=False).ratio()


def _align(old: list[Page], new: list[Page]) -> list[tuple[Page | None, Page | None]]:
    """Needleman–Wunsch over a run of differing pages: pair pages that are similar enough."""
    n, m = len(old), len(new)
    sim = [[_similarity(a, b) for b in new] for a in old]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            pair = sim[i][j] + score[i + 1][j + 1] if sim[i][j] >= SIMILAR else -1.0
            score[i][j] = max(pair, score[i + 1][j], score[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= SIMILAR and score[i][j] == sim[i][j] + score[i + 1][j + 1]:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    pairs += [(p, None) for p in old[i:]] + [(None, p) for p in new[j:]]
    return pairs


def match_pages(old: list[Page], new: list[Page]) -> list[tuple[Page | None, Page | None]]:
    matcher = difflib.SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    pairs: list[tuple[Page | None, Page | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += list(zip(old[i1:i2], new[j1:j2]))
        else:
            pairs += _align(old[i1:i2], new[j1:j2])
    return pairs


def _same_pixels(a: Page, b: Page) -> bool:
    from PIL import ImageChops

    if a.image is None or b.image is None:
        return True
    if a.image.size != b.image.size:
        return False
    return ImageChops.difference(a.image, b.image).getbbox() is None


def classify(old: Page | None, new: Page | None) -> str | None:
    """What changed between two matched pages (None: nothing)."""
    if old is None:
        return "page added"
    if new is None:
        return "page removed"
    if old.words != new.words:
        return "text changed"
    if old.lines != new.lines:
        return "text reflowed"
    if old.folio != new.folio:
        return f"page moved (was page {old.index + 1}" + (f", folio {old.folio})" if old.folio else ")")
    if not _same_pixels(old, new):
        return "layout changed"
    return None


def changes(old: list[Page], new: list[Page]) -> list[Change]:
    found = []
    for a, b in match_pages(old, new):
        kind = classify(a, b)
        if kind:
            found.append(Change(kind, a, b))
    return found
