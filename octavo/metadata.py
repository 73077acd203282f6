"""Trade metadata in book.yaml: who made the book, when and how it is sold.

Takes: the ``contributors``, ``series`` and ``publication`` keys of book.yaml
(validated as part of ``BookConfig``). Gives: the typed sub-models, each
option with a type, a default and a description, and the code tables that
turn the friendly values written in book.yaml into the codes ONIX and EPUB
use (contributor roles, audiences). Codes are checked against the ONIX code
lists (``octavo.codelists``), so a value book.yaml accepts is a value the ONIX
record's schema accepts.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from octavo.codelists import bisac_problem, onix_codes, thema_problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# Friendly role -> (ONIX code list 17, MARC relator used by EPUB's dc:creator/dc:contributor).
ROLES: dict[str, tuple[str, str]] = {
    "author": ("A01", "aut"),
    "editor": ("B01", "edt"),
    "translator": ("B06", "trl"),
    "illustrator": ("A12", "ill"),
    "photographer": ("A13", "pht"),
    "preface": ("A15", "wpr"),
    "foreword": ("A23", "wfw"),
    "introduction": ("A24", "aui"),
    "afterword": ("A19", "aft"),
    "notes": ("A20", "ann"),
    "series-editor": ("B09", "edt"),
    "cover-design": ("A36", "cov"),
}

# Friendly audience -> ONIX code list 28.
AUDIENCES: dict[str, str] = {
    "general": "01",
    "children": "02",
    "teenage": "03",
    "school": "04",
    "tertiary": "05",
    "professional": "06",
    "efl": "07",
    "adult-education": "08",
    "second-language": "09",
}


def inverted(name: str) -> str:
    """'Ada Tester' -> 'Tester, Ada': the sort form when none is given. Names of one
    word, or already holding a comma, are kept as they are."""
    name = " ".join(name.split())
    if "," in name or " " not in name:
        return name
    first, last = name.rsplit(" ", 1)
    return f"{last}, {first}"


def _check(problem):
    def check(value: str) -> str:
        value = value.strip()
        why = problem(value)
        if why:
            raise ValueError(why)
        return value
    return check


def _territory_code(value: str) -> str:
    code = value.strip().upper()
    if code not in _codes(91) and code not in _codes(49):
        raise ValueError(f"'{value}' is not an ISO 3166-1 country code (GB, US, DE) or a region (WORLD)")
    return code


# Each item of a list checked on its own, so an error names its index (publication.thema[2]).
ThemaCode = Annotated[str, AfterValidator(_check(thema_problem))]
BisacCode = Annotated[str, AfterValidator(_check(bisac_problem))]
Territory = Annotated[str, AfterValidator(_territory_code)]


def _keyword(value: str, known, what: str) -> str:
    """``value`` as one of ``known``'s keys, written any way a person might ("Series editor",
    "series_editor" -> "series-editor"), or a ValueError naming the choices."""
    key = value.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in known:
        raise ValueError(f"unknown {what} '{value}'; choose one of {', '.join(known)}")
    return key


class Contributor(_Strict):
    """One person credited for the book."""

    name: str = Field(min_length=1, description="Name as printed, e.g. 'Ada Tester'.")
    role: str = Field("author", description="One of " + ", ".join(ROLES) + ".")
    sort_name: str | None = Field(None, description="Name as sorted, e.g. 'Tester, Ada'; inverted from the name when absent.")
    biography: str | None = Field(None, description="A short biographical note (ONIX, retailers' pages).")

    @field_validator("role")
    @classmethod
    def _role(cls, value: str) -> str:
        return _keyword(value, ROLES, "role")

    @property
    def sort(self) -> str:
        return self.sort_name or inverted(self.name)

    @property
    def onix_role(self) -> str:
        return ROLES[self.role][0]

    @property
    def marc_role(self) -> str:
        return ROLES[self.role][1]


class Series(_Strict):
    """The series (collection) the book belongs to."""

    title: str = Field(min_length=1, description="Title of the series.")
    number: str | None = Field(None, description="This book's number in the series, e.g. '3'.")

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


def _codes(number: int) -> dict[str, str]:
    codes = onix_codes(number)
    if not codes:  # the schema files are part of a pinned dependency: missing means a broken install
        raise RuntimeError(f"ONIX code list {number} not found in the installed onixcheck schema")
    return codes


class Price(_Strict):
    """One price of one edition: an amount in a currency, for a territory."""

    amount: Decimal = Field(ge=0, max_digits=12, decimal_places=2, description="Price, e.g. 12.99.")
    currency: str = Field(description="ISO 4217 currency code, e.g. GBP, USD, EUR.")
    territory: list[Territory] = Field(default_factory=lambda: ["WORLD"], min_length=1,
                                 description="ISO 3166-1 country codes where the price applies, or WORLD.")
    tax_included: bool = Field(True, description="The amount includes sales tax / VAT (ONIX price type 02; else 01).")

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in _codes(96):
            raise ValueError(f"'{value}' is not an ISO 4217 currency code such as GBP, USD or EUR")
        return code

    @field_validator("territory", mode="before")
    @classmethod
    def _territory(cls, value: Any) -> Any:
        return value.split() if isinstance(value, str) else value

    @property
    def countries(self) -> list[str]:
        return [c for c in self.territory if c in _codes(91)]

    @property
    def regions(self) -> list[str]:
        return [c for c in self.territory if c not in _codes(91)]


class Prices(_Strict):
    """Prices per edition, like ``identifiers``; an edition with none is 'price to be announced'."""

    epub: list[Price] = Field(default_factory=list, description="Prices of the EPUB.")
    pdf: list[Price] = Field(default_factory=list, description="Prices of the screen PDF.")
    print: list[Price] = Field(default_factory=list, description="Prices of the paperback.")
    hardcover: list[Price] = Field(default_factory=list, description="Prices of the hardcover.")

    @field_validator("epub", "pdf", "print", "hardcover", mode="before")
    @classmethod
    def _empty(cls, value: Any) -> Any:
        return [] if value is None else value


class Publication(_Strict):
    """When and to whom the book is published, and how retailers file it."""

    date: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD; the EPUB's dc:date and ONIX's publishing date.")
    edition_number: int | None = Field(None, ge=1, description="Edition number: 1 for a first edition.")
    audience: str = Field("general", description="Readership: " + ", ".join(AUDIENCES) + ".")
    thema: list[ThemaCode] = Field(default_factory=list, description="Thema subject codes, the main one first (e.g. NHD, 1DTA, 3MPBF).")
    bisac: list[BisacCode] = Field(default_factory=list, description="BISAC subject codes, the main one first (e.g. HIS032000).")
    prices: Prices = Field(default_factory=Prices, description="Prices per edition.")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(f"'{value}' is not a date written YYYY-MM-DD")
        return value

    @field_validator("audience")
    @classmethod
    def _audience(cls, value: str) -> str:
        return _keyword(value, AUDIENCES, "audience")

    @field_validator("thema", "bisac", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        if value is None:
            return []
        return value.split() if isinstance(value, str) else value


    @property
    def audience_code(self) -> str:
        return AUDIENCES[self.audience]


def publication_date(config) -> str | None:
    """The publication date as W3CDTF (the EPUB's dc:date): the day when known, else the year."""
    if config.publication.date:
        return config.publication.date.isoformat()
    return str(config.year) if config.year else None


def disagreements(config) -> list[tuple[tuple, str, str]]:
    """(key path, what, how to fix) for each pair of book.yaml values that contradict each
    other: one source for each fact, so the year and the date, the authors and the
    contributors must agree."""
    found = []
    date = config.publication.date
    if date is not None and config.year is not None and date.year != config.year:
        found.append((("publication", "date"), f"{date.isoformat()} is not in year {config.year}",
                      "Give the date alone (the year is taken from it), or make them agree."))
    if config.contributors:
        named = {c.name for c in config.contributors if c.role == "author"}
        for i, author in enumerate(config.authors):
            if author not in named:
                found.append((("authors", i), f"'{author}' is not in contributors with role author",
                              "List every author under contributors too, with the same name."))
    return found
