"""Sort headwords in the order of the book's language, and name their letter groups.

Takes: a BCP 47 language tag. Gives: ``Collation`` with ``key(term)`` (a sort key)
and ``letter(term)`` (the group a headword is listed under). Built on pyuca, the
Unicode Collation Algorithm with its default table (DUCET), which is already the
order of English, German (DIN 5007-1: ä with a), French, Italian, Dutch,
Portuguese and Russian: accents and case break ties only. Languages whose
alphabet has letters of their own (Spanish ñ, Swedish å ä ö, Danish æ ø å,
Polish ą ć ę ł ń ó ś ź ż) are tailored here: such a letter sorts after its base
letter (or after z) and heads a group of its own. "Mc" and "Mac" are sorted
letter by letter, as spelled (Chicago 16.71), which is what UCA does.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

# letters that are letters of their own in a language: letter -> the letter it follows
TAILORING: dict[str, dict[str, str]] = {
    "es": {"ñ": "n"},
    "sv": {"å": "z", "ä": "å", "ö": "ä"},
    "fi": {"å": "z", "ä": "å", "ö": "ä"},
    "da": {"æ": "z", "ø": "æ", "å": "ø"},
    "nb": {"æ": "z", "ø": "æ", "å": "ø"},
    "nn": {"æ": "z", "ø": "æ", "å": "ø"},
    "no": {"æ": "z", "ø": "æ", "å": "ø"},
    "pl": {"ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "ź"},
}
# words a subentry's sort passes over (Chicago 16.69: "and the survey" sorts as "survey")
PASSED_OVER: dict[str, tuple[str, ...]] = {
    "en": ("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with"),
}
AFTER = "\uffff"  # a noncharacter: its implicit UCA weight sorts after every letter


@lru_cache(maxsize=1)
def _collator():
    from pyuca import Collator

    return Collator()


class Collation:
    def __init__(self, lang: str):
        base_lang = lang.replace("_", "-").split("-")[0].lower()
        table = TAILORING.get(base_lang, {})
        self.own = table
        self.passed_over = PASSED_OVER.get(base_lang, ())
        # each own letter becomes its base and enough AFTER marks to follow the letters before it
        self.spelled: dict[str, str] = {}
        for letter in table:
            base, marks = letter, ""
            while base in table:
                base, marks = table[base], marks + AFTER
            self.spelled[letter] = base + marks
            self.spelled[letter.upper()] = base.upper() + marks

    def key(self, term: str) -> tuple:
        spelled = "".join(self.spelled.get(ch, ch) for ch in unicodedata.normalize("NFC", term))
        return tuple(_collator().sort_key(spelled)) + (term,)  # the term itself: a total, stable order

    def letter(self, term: str) -> str:
        """The letter group: the first letter without its accents, a language's own letter as
        itself, "#" for a headword beginning with a digit or a sign."""
        first = unicodedata.normalize("NFC", term.lstrip())[:1]
        if not first:
            return "#"
        if first.lower() in self.own:
            return first.upper()
        base = unicodedata.normalize("NFD", first)[0]
        return base.upper() if base.isalpha() else "#"

    def sort(self, terms) -> list[str]:
        return sorted(terms, key=self.key)

    def sort_subentries(self, terms) -> list[str]:
        """Subentries in order of their first significant word."""
        def significant(term: str) -> str:
            words = term.split()
            while len(words) > 1 and words[0].lower() in self.passed_over:
                words = words[1:]
            return " ".join(words)
        return sorted(terms, key=lambda term: self.key(significant(term)) + (term,))
