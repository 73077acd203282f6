"""The words octavo adds to a book, in the book's language.

Takes: a BCP 47 tag (``de``, ``pt-BR``, ``fr-CA``). Gives: ``Messages``: ``t(key, **values)``
returns the phrase for that key in the language, with ``{placeholders}`` filled in;
``quotes`` gives the language's quotation marks; ``names()`` joins a list of names.
The catalogue is ``octavo/messages/<tag>.yaml``, one file per language, each with the
same keys; a regional file (``pt-BR.yaml``) holds only what differs from its language,
and a key a catalogue lacks falls back to English. Nothing here knows any book.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MESSAGES = Path(__file__).resolve().parent / "messages"
FALLBACK = "en"


def _load(name: str) -> dict[str, object]:
    from ruamel.yaml import YAML

    path = MESSAGES / f"{name}.yaml"
    if not path.is_file():
        return {}
    return dict(YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {})


def chain(lang: str) -> list[str]:
    """Catalogues to consult, most specific first: ``pt-BR`` -> pt-BR, pt, en."""
    parts = lang.replace("_", "-").split("-")
    names = []
    for i in range(len(parts), 0, -1):
        name = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:i]])
        names.append(name)
    return names + ([FALLBACK] if FALLBACK not in names else [])


def has_catalogue(lang: str) -> bool:
    """The language (or its base language) has a catalogue of its own."""
    return any((MESSAGES / f"{name}.yaml").is_file() for name in chain(lang)[:-1]) or \
        lang.split("-")[0].lower() == FALLBACK


def languages() -> list[str]:
    """The languages with a catalogue of their own."""
    return sorted(p.stem for p in MESSAGES.glob("*.yaml"))


@dataclass(frozen=True)
class Messages:
    lang: str
    table: tuple[tuple[str, object], ...]

    def __call__(self, key: str, **values) -> str:
        return str(dict(self.table)[key]).format(**values)

    @property
    def quotes(self) -> tuple[str, str, str, str]:
        """Primary open and close, secondary (a quotation inside a quotation) open and close."""
        return tuple(dict(self.table)["quotes"])  # type: ignore[return-value]

    def names(self, names: list[str]) -> str:
        """``A``, ``A and B``, ``A, B and C`` in the language."""
        if len(names) <= 1:
            return "".join(names)
        return f"{', '.join(names[:-1])} {self('and')} {names[-1]}"

    def has_own(self, key: str) -> bool:
        """The key is translated for this language (not filled in from English)."""
        return any(key in _load(name) for name in chain(self.lang) if name != FALLBACK) or \
            self.lang.split("-")[0].lower() == FALLBACK


@lru_cache(maxsize=None)
def messages(lang: str) -> Messages:
    table: dict[str, object] = {}
    for name in reversed(chain(lang)):  # English first, the most specific last wins
        table.update(_load(name))
    return Messages(lang, tuple(table.items()))
