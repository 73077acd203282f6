"""The people a book credits, with their roles, and the series it belongs to.

Takes: ``book.yaml``'s ``authors`` (names), ``contributors`` (name, role, file_as) and
``series`` (name, number). Gives: the ``Contributor`` and ``Series`` schema models that
config.py uses, ``people()`` (everyone credited, authors first, each with a MARC relator
code and a sort name when one is given) and ``credit_lines()`` (the title page's
"Edited by ..." lines in the book's language). One module, so that the metadata writers
(EPUB OPF here, ONIX elsewhere) and the title page read the same list.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Roles octavo knows, in the order the title page credits them, with their MARC relator
# codes (https://id.loc.gov/vocabulary/relators): what EPUB's role refinement expects.
RELATORS: dict[str, str] = {
    "author": "aut",
    "editor": "edt",
    "translator": "trl",
    "introduction": "aui",  # author of introduction, etc.
    "foreword": "aui",
    "afterword": "aft",
    "illustrator": "ill",
    "contributor": "ctb",
}

Role = Literal["author", "editor", "translator", "introduction", "foreword", "afterword", "illustrator", "contributor"]


class Contributor(BaseModel):
    """One person credited, with a role and the name they sort under."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="The name as credited, e.g. 'George Collins'.")
    role: Role = Field("author", description="author, editor, translator, introduction, foreword, afterword, illustrator or contributor.")
    file_as: str | None = Field(None, description="The name as sorted, e.g. 'Collins, George'.")

    @property
    def relator(self) -> str:
        return RELATORS[self.role]


class Series(BaseModel):
    """The series the book belongs to and its place in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="The series' title.")
    number: int | float | None = Field(None, ge=0, description="The book's number in the series, e.g. 3.")

    @property
    def position(self) -> str | None:
        """The number as written in metadata: 3, not 3.0."""
        if self.number is None:
            return None
        return str(int(self.number)) if float(self.number).is_integer() else str(self.number)


def people(authors: list[str], contributors: list[Contributor]) -> list[Contributor]:
    """Everyone credited: the authors in order (a ``contributors`` entry with an author's
    name adds that author's sort name), then the other contributors in role order."""
    given = {c.name: c for c in contributors if c.role == "author"}
    out = [given.get(a) or Contributor(name=a) for a in authors]
    out += [c for c in contributors if c.role == "author" and c.name not in authors]
    order = list(RELATORS)
    out += sorted((c for c in contributors if c.role != "author"), key=lambda c: order.index(c.role))
    return out


def credit_lines(credited: list[Contributor], t) -> list[str]:
    """"Edited by A and B", "Translated by C"... in the language of ``t`` (octavo.i18n.Messages)."""
    lines = []
    for role in RELATORS:
        if role == "author":
            continue
        names = [c.name for c in credited if c.role == role]
        if names:
            lines.append(t(f"role_{role}", names=t.names(names)))
    return lines
