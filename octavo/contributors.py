"""The people a book credits, in the order and words the apparatus credits them.

Takes: ``book.yaml``'s ``authors`` (names) and ``contributors`` (``octavo.metadata.Contributor``:
name, role, sort name; the one model the EPUB, the ONIX record and the title page share).
Gives: ``people()`` (everyone credited, authors first, then the other roles in the title
page's order) and ``credit_lines()`` (the title page's "Edited by ..." lines in the book's
language).
"""
from __future__ import annotations

from octavo.metadata import Contributor

# Roles the title page credits after the authors, in this order; each has a catalogue
# message ``role_<role>`` ("Edited by {names}"). Other roles are credited in the metadata only.
CREDITED = ("editor", "translator", "introduction", "foreword", "afterword", "illustrator")


def people(authors: list[str], contributors: list[Contributor]) -> list[Contributor]:
    """Everyone credited: the authors in order (a ``contributors`` entry with an author's
    name adds that author's sort name), then the other contributors in the title page's order."""
    given = {c.name: c for c in contributors if c.role == "author"}
    out = [given.get(a) or Contributor(name=a) for a in authors]
    out += [c for c in contributors if c.role == "author" and c.name not in authors]
    rank = {role: i for i, role in enumerate(CREDITED)}
    out += sorted((c for c in contributors if c.role != "author"), key=lambda c: rank.get(c.role, len(rank)))
    return out


def credit_lines(credited: list[Contributor], t) -> list[str]:
    """"Edited by A and B", "Translated by C"... in the language of ``t`` (octavo.i18n.Messages)."""
    lines = []
    for role in CREDITED:
        names = [c.name for c in credited if c.role == role]
        if names:
            lines.append(t(f"role_{role}", names=t.names(names)))
    return lines
