"""Hyphenation points chosen by octavo, as soft hyphens in the PDFs' HTML.

Takes: a paragraph's rendered HTML (its text runs between tags), the book's
language, the exceptions (shipped per language plus the book's own), and the words
the typesetter's passes forbid in that paragraph. Gives: the same HTML with U+00AD
at every break octavo allows; the PDF CSS sets ``hyphens: manual`` so WeasyPrint
breaks words there and nowhere else.

The rules (numbers in the theme's ``typesetter.hyphenation``, theme.yaml):
- patterns per language from ``PATTERNS`` below (for English Liang's TeX
  patterns, pyphen's en_US, whatever the region);
- an exception list overrides the patterns: ``ta-ble`` allows only the marked
  breaks, a word written without a hyphen is never broken;
- no break in a capitalised word (names, sentence openings, acronyms), in a word
  with a digit, or in a word that already holds a hyphen; a capitalised compound
  (Kai-shek) is kept from breaking at its hyphen too (``span.nobreak``);
- at least ``min_left`` letters before a break and ``min_right`` after it;
- never the paragraph's last word (a fragment alone on the last line);
- a passage marked ``lang="xx"`` uses that language's patterns.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources


SHY = "\u00ad"
# a word: letters, possibly joined by an apostrophe (neighbour's); digits and
# hyphens make a token that is left alone
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_TOKEN = re.compile(r"[\w'’\-\u2010\u2011]+")
_TAG = re.compile(r"(<[^>]*>)")
_LANG = re.compile(r"""\blang=["']([^"']+)["']""")
# The pyphen dictionary used for each language (BCP 47 primary tag, or a full tag
# where the region changes the patterns). English: Liang's TeX patterns (pyphen's
# en_US) for every English, because pyphen's en_GB patterns break badly
# (bur-eaucracy, presen-ted, des-troyed). Other languages use the LibreOffice/TeX
# patterns pyphen ships for the language's main region. A language missing here
# falls back to pyphen's own lookup; one pyphen lacks is not hyphenated at all.
PATTERNS = {
    "en": "en_US",
    "de": "de_DE", "de-AT": "de_AT", "de-CH": "de_CH",
    "fr": "fr", "es": "es", "it": "it_IT", "ca": "ca", "gl": "gl", "eu": "eu",
    "pt": "pt_PT", "pt-BR": "pt_BR",
    "nl": "nl_NL", "da": "da_DK", "sv": "sv", "nb": "nb_NO", "no": "nb_NO", "nn": "nn_NO", "is": "is",
    "pl": "pl_PL", "cs": "cs_CZ", "sk": "sk_SK", "sl": "sl_SI", "hr": "hr_HR", "sr": "sr_Latn",
    "hu": "hu_HU", "ro": "ro_RO", "et": "et_EE", "lv": "lv_LV", "lt": "lt",
    "ru": "ru_RU", "uk": "uk_UA", "be": "be_BY", "bg": "bg_BG", "el": "el_GR",
    "id": "id_ID", "af": "af_ZA", "eo": "eo", "sq": "sq_AL",
}

# elements whose text is never hyphenated (code, maths, small caps of acronyms)
_NO_HYPHENS = {"code", "pre", "kbd", "samp", "var"}
_VOID = {"br", "img", "hr", "wbr"}


def dictionary_name(lang: str) -> str | None:
    """The pyphen dictionary for a BCP 47 tag: the full tag's row, else its language's, else
    pyphen's own fallback; None when pyphen has none."""
    import pyphen

    tag = lang.replace("_", "-")
    parts = tag.split("-")
    for key in (tag, "-".join(parts[:2]), parts[0].lower()):
        if key in PATTERNS:
            return PATTERNS[key]
    return pyphen.language_fallback(tag.replace("-", "_"))


@lru_cache(maxsize=None)
def _pyphen(name: str, left: int, right: int):
    import pyphen

    return pyphen.Pyphen(lang=name, left=left, right=right)


@lru_cache(maxsize=None)
def shipped_exceptions(lang: str) -> dict[str, tuple[int, ...]]:
    """The exceptions octavo ships for a language (``octavo/data/hyphenation/<lang>.txt``)."""
    primary = lang.replace("_", "-").split("-")[0].lower()
    try:
        data = resources.files("octavo").joinpath("data", "hyphenation", f"{primary}.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return parse_exceptions(line.split("#", 1)[0] for line in data.splitlines())


def parse_exceptions(entries) -> dict[str, tuple[int, ...]]:
    """``ta-ble`` -> {"table": (2,)}: the breaks written with hyphens; none means never break."""
    out: dict[str, tuple[int, ...]] = {}
    for entry in entries:
        entry = entry.strip()
        if not entry:
            continue
        positions, letters = [], 0
        for ch in entry:
            if ch == "-":
                positions.append(letters)
            else:
                letters += 1
        out[entry.replace("-", "").lower()] = tuple(positions)
    return out


class Hyphenator:
    """Break points for words of one book: its language, its exceptions."""

    def __init__(self, lang: str, exceptions: list[str] | tuple[str, ...] = (), limits: dict | None = None):
        """``limits``: the theme's ``typesetter.hyphenation`` (min_left, min_right); the
        default theme's when not given."""
        if limits is None:
            from octavo.themes import default_design

            limits = default_design()["typesetter"]["hyphenation"]
        self.lang = lang
        self.extra = parse_exceptions(exceptions)
        self.left, self.right = int(limits["min_left"]), int(limits["min_right"])

    def positions(self, word: str, lang: str | None = None) -> list[int]:
        """Where ``word`` may break (letters before each break), after every rule that
        concerns the word alone."""
        lang = lang or self.lang
        if len(word) < self.left + self.right:
            return []
        if word[0].isupper() or not word.isalpha() and not re.fullmatch(r"[^\W\d_]+['’][^\W\d_]+", word):
            return []  # names, acronyms and sentence openings stay whole; so do odd tokens
        key = word.lower()
        if key in self.extra:
            found = list(self.extra[key])
        elif key in shipped_exceptions(lang):
            found = list(shipped_exceptions(lang)[key])
        else:
            name = dictionary_name(lang)
            if name is None:
                return []
            stem = re.split(r"['’]", word)[0]  # break in the word, not in its 's or 'll
            found = list(_pyphen(name, self.left, self.right).positions(stem))
        left, right = self.left, self.right
        letters = len(re.split(r"['’]", word)[0])
        return [p for p in found if p >= left and letters - p >= right]

    def word(self, word: str, lang: str | None = None) -> str:
        cuts = self.positions(word, lang)
        if not cuts:
            return word
        out, last = [], 0
        for p in cuts:
            out.append(word[last:p])
            last = p
        out.append(word[last:])
        return SHY.join(out)

    def html(self, html: str, forbid: frozenset[str] | set[str] = frozenset(), lang: str | None = None) -> str:
        """Soft hyphens in the text of a paragraph's HTML (in ``lang``, else the book's
        language). ``forbid`` holds words (lower case) the typesetter's passes have taken
        the breaks out of in this paragraph."""
        pieces = _TAG.split(html)
        stack: list[tuple[str, str | None]] = []  # (tag, lang) of open elements
        # the paragraph's last word, outside its notes, is never broken
        last = _last_words(pieces)
        out = []
        for index, piece in enumerate(pieces):
            if index % 2:  # a tag
                _track(piece, stack)
                out.append(piece)
                continue
            if not piece or any(tag in _NO_HYPHENS for tag, _ in stack):
                out.append(piece)
                continue
            lang_here = next((lg for _, lg in reversed(stack) if lg), lang)
            # an escaped entity (&amp;) is not a word
            parts = re.split(r"(&[#\w]+;)", piece)
            done = []
            for part in parts:
                if part.startswith("&") and part.endswith(";"):
                    done.append(part)
                    continue
                spans = list(_TOKEN.finditer(part))
                text, pos = [], 0
                for k, m in enumerate(spans):
                    text.append(part[pos:m.start()])
                    token = m.group(0)
                    # a closing quotation mark or a plural's apostrophe (‘progressive’, workers’)
                    # stands outside the word: the word between may still break
                    lead, core, trail = _quoted(token)
                    whole = _WORD.fullmatch(core)
                    keep = (not whole or core.lower() in forbid
                            or (index in last and part is parts[-1] and k == len(spans) - 1))
                    if not whole and "-" in token and any(p[:1].isupper() for p in token.split("-")):
                        # a capitalised compound (Kai-shek, GPU-dictated) breaks at its hyphen
                        # no more than a name breaks anywhere else
                        text.append(f'<span class="nobreak">{token}</span>')
                    else:
                        text.append(lead + (core if keep else self.word(core, lang_here)) + trail)
                    pos = m.end()
                text.append(part[pos:])
                done.append("".join(text))
            out.append("".join(done))
        return "".join(out)


def _quoted(token: str) -> tuple[str, str, str]:
    """A token split into the apostrophes or single quotation marks before it, the word, and
    those after it (``’tis``, ``‘progressive’``, ``workers’``)."""
    core = token.strip("'’")
    start = len(token) - len(token.lstrip("'’"))
    return token[:start], core, token[start + len(core):]


def _track(tag: str, stack: list[tuple[str, str | None]]) -> None:
    m = re.match(r"<\s*(/)?\s*([A-Za-z][\w:-]*)", tag)
    if not m or tag.endswith("/>"):
        return
    name = m.group(2).lower()
    if name in _VOID:
        return
    if m.group(1):
        while stack:
            if stack.pop()[0] == name:
                break
        return
    lang = _LANG.search(tag)
    stack.append((name, lang.group(1) if lang else None))


def _last_words(pieces: list[str]) -> set[int]:
    """The indexes of the text pieces that hold a last word: the paragraph's, outside its
    notes (a floated footnote stands inline in the PDF's HTML), and each note's own."""
    stack: list[tuple[str, str | None]] = []
    note_depth: int | None = None
    last_body = last_note = None
    found: set[int] = set()
    for index, piece in enumerate(pieces):
        if index % 2:
            # a note, and a note call's number, are not the paragraph's words
            opening = note_depth is None and re.match(r'<(span[^>]*class="footnote|a[^>]*class="noteref)', piece)
            _track(piece, stack)
            if opening:
                note_depth, last_note = len(stack), None
            elif note_depth is not None and len(stack) < note_depth:
                note_depth = None
                if last_note is not None:
                    found.add(last_note)
            continue
        if piece and _TOKEN.search(re.split(r"&[#\w]+;", piece)[-1]):
            if note_depth is None:
                last_body = index
            else:
                last_note = index
    if last_body is not None:
        found.add(last_body)
    return found
