"""Rules about words and sentences: repeated words (L005), a sentence opening with a numeral (L011).

Takes: a ``Context``. Gives: ``Finding``s; neither has a safe automatic fix
("had had" is English; a numeral is spelt out or the sentence recast by a reader).
"""
from __future__ import annotations

import re
from typing import Iterable

from octavo.lint.base import Finding, HouseStyle, per_source, rule
from octavo.lint.source import Source

# Doubled words that are grammatical ("he had had enough", "that that is")
_GRAMMATICAL_DOUBLES = {"had", "that", "is", "do", "bye", "very", "no", "so"}

# A full stop after these does not end a sentence
_ABBREVIATIONS = {"p", "pp", "no", "nos", "vol", "vols", "ch", "chap", "c", "ca", "fig", "cf", "ed", "eds", "art",
                  "sec", "para", "n", "nn", "v", "vs", "st", "mr", "mrs", "ms", "dr", "col", "gen", "lt", "capt", "e.g",
                  "i.e", "no", "op", "cit", "ibid", "approx", "figs", "tab", "l", "ll", "ff"}


@rule("L005", "repeated-word")
@per_source
def repeated_word(source: Source, style: HouseStyle) -> Iterable[Finding]:
    """The same word twice in a row ("the the"), across a line break too."""
    for m in re.finditer(r"\b(\w+)\b([ \t]*\n?[ \t]*)\b(\1)\b", source.prose, re.I):
        word = m.group(1).lower()
        if word in _GRAMMATICAL_DOUBLES or word.isdigit():
            continue
        yield Finding("L005", source, m.start(3), m.end(3), f"Word repeated: '{m.group(1)} {m.group(3)}'.",
                      "Delete one of them.")


@rule("L011", "numeral-opens-sentence")
@per_source
def numeral_opens_sentence(source: Source, style: HouseStyle) -> Iterable[Finding]:
    """A sentence (or paragraph) that begins with a figure: '940 supporters were expelled.'"""
    for offset, para in source.paragraphs():
        for m in re.finditer(r"(?:\A[\s\x00]*|(?<=[.!?])[”’\"')\]]*\s+)([\d][\d,.]*)", para):
            start = offset + m.start(1)
            if source.position(start)[0] in source.headings:
                continue  # a heading is a title, not a sentence
            if m.start() > 0:
                before = para[:m.start()]
                word = re.search(r"([\w.]+)\.\s*$", before.rstrip("”’\"')]"))
                if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
                    continue  # 'p. 45', 'no. 33', initials
            yield Finding("L011", source, start, offset + m.end(1), f"Sentence opens with the numeral '{m.group(1)}'.",
                          "Spell the number out or recast the sentence so that it does not come first.")
