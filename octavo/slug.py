"""File-name stems from titles in any script.

Takes: a title (``Восход солнца``, ``Über die Grenze``). Gives: ``slugify()``, lower-case
ASCII letters and digits joined by hyphens (``voskhod-solntsa``, ``ueber-die-grenze``):
file names every file system, shell, retailer upload form and URL accepts. Cyrillic is
transliterated (a BGN/PCGN-style table: readable, no diacritics), Latin letters lose
their accents (German umlauts become ae/oe/ue), other scripts fall back to the
decomposed letters, then to anyascii's transliteration; an empty result is ``book``.
"""
from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian, Belarusian, Serbian, Macedonian letters
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c",
    "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}
# Latin letters that do not decompose into a base letter and a mark
_LATIN = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
          "ä": "ae", "ö": "oe", "ü": "ue"}


def transliterate(text: str) -> str:
    """The text in ASCII letters (case is lowered)."""
    out = []
    for ch in text.lower():
        if ch in _CYRILLIC:
            out.append(_CYRILLIC[ch])
        elif ch in _LATIN:
            out.append(_LATIN[ch])
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            out.append(plain if plain or ch.isascii() else anyascii(ch).lower())  # Greek, CJK...: anyascii
    return "".join(out)


def slugify(text: str) -> str:
    text = text.replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", transliterate(text)).strip("-") or "book"
