"""Typographic corrections to the text, for every output: note calls after the
punctuation, acronyms in small capitals, the indent after a quotation.

Takes: a ``Document`` after citations are resolved (so notes made from citations
are moved too). Gives: the same document with
- each note call that stands before ``. , ; : ? ! ) ”`` moved after it (Chicago
  14.26: "the number follows any punctuation mark except the dash");
- each word of two or more capitals (USSR, TUC, KPD; a plural's s stays lower
  case: MPs) in a ``Span.acronym``, which the PDFs and the EPUB set in the face's
  small capitals (``font-variant-caps: all-small-caps``). Roman numerals (XIV)
  and text in code, links' targets, headings' ids are left alone;
- the sources filed ignoring leading articles of the book's language;
- a paragraph after a block quotation, verse or figure that begins in lower case
  (it goes on with the sentence) in a ``Div.continues``, set flush; any other
  paragraph there begins a new one and is indented.
"""
from __future__ import annotations

import re

from octavo.ast import Div, Span, Str
from octavo.document import Document

CLOSING = ".,;:?!)\u201d"  # what a note call moves after
_ACRONYM = re.compile(r"(?<![\w])([A-Z\u00c0-\u00de]{2,})(?=s?(?![\w]))")
_ROMAN = re.compile(r"[IVXLCDM]+")
_SKIP = {"Code", "CodeBlock", "Math", "RawInline", "RawBlock"}


def notes_after_punctuation(inlines: list) -> list:
    """A list of inlines with every Note followed by closing punctuation moved after it."""
    out = list(inlines)
    i = 0
    while i < len(out):
        node = out[i]
        if node.get("t") == "Note":
            j = i
            while j > 0 and out[j - 1].get("t") == "Note":  # a run of calls moves together
                j -= 1
            follow = out[i + 1] if i + 1 < len(out) else None
            if follow and follow.get("t") == "Str":
                m = re.match(f"[{re.escape(CLOSING)}]+", follow["c"])
                if m:
                    punct, rest = m.group(0), follow["c"][m.end():]
                    if j > 0 and out[j - 1].get("t") == "Str":
                        out[j - 1] = Str(out[j - 1]["c"] + punct)
                    else:
                        out.insert(j, Str(punct))
                        i += 1
                    if rest:
                        out[i + 1] = Str(rest)
                    else:
                        del out[i + 1]
        i += 1
    return out


def acronyms(inlines: list) -> list:
    """A list of inlines with every acronym of 2+ capitals in its own ``Span.acronym``."""
    out: list = []
    for node in inlines:
        if node.get("t") != "Str" or not _ACRONYM.search(node["c"]):
            out.append(node)
            continue
        pos, s = 0, node["c"]
        for m in _ACRONYM.finditer(s):
            if _ROMAN.fullmatch(m.group(1)):
                continue
            if m.start() > pos:
                out.append(Str(s[pos:m.start()]))
            out.append(Span([Str(m.group(1))], classes=["acronym"]))
            pos = m.end()
        if pos < len(s):
            rest = s[pos:]
            compound = re.match(r"-[^\W\d_]+", rest)
            if compound and out and out[-1].get("t") == "Span" and pos:
                # a compound on an acronym (GPU-dictated) does not break at its hyphen, as a
                # capitalised compound never does (octavo.hyphenate)
                out[-1] = Span([out[-1], Str(compound.group(0))], classes=["nobreak"])
                rest = rest[compound.end():]
            if rest:
                out.append(Str(rest))
    return out


_SETS_OFF = {"BlockQuote", "Figure", "LineBlock"}


def continuations(blocks: list) -> list:
    """Blocks with each paragraph that goes on with the sentence after a quotation or figure
    (it begins in lower case) in a ``Div.continues``, which sets it flush; any other paragraph
    after them is a new one and keeps its indent. Applied to every list of blocks."""
    out = []
    for i, b in enumerate(blocks):
        if isinstance(b, dict) and b.get("t") in ("Div", "BlockQuote"):
            inner = b["c"][1] if b["t"] == "Div" else b["c"]
            inner[:] = continuations(inner)
        if (b.get("t") == "Para" and i and blocks[i - 1].get("t") in _SETS_OFF and _begins_lower(b["c"])):
            b = Div([b], classes=["continues"])
        out.append(b)
    return out


def _begins_lower(inlines: list) -> bool:
    for node in inlines:
        if node["t"] == "Str":
            letter = next((ch for ch in node["c"] if ch.isalpha()), None)
            if letter is not None:
                return letter.islower()
        elif node["t"] not in ("Space", "SoftBreak"):
            return False
    return False


# leading articles a sources list files under the next word, per language
ARTICLES = {
    "en": ("the", "a", "an"), "de": ("der", "die", "das", "ein", "eine"), "fr": ("le", "la", "les", "l'", "l’", "un", "une"),
    "es": ("el", "la", "los", "las", "un", "una"), "it": ("il", "lo", "la", "i", "gli", "le", "l'", "l’", "un", "una"),
    "pt": ("o", "a", "os", "as", "um", "uma"), "nl": ("de", "het", "een"), "sv": ("en", "ett"), "da": ("en", "et"),
}


def sort_key(text: str, lang: str) -> str:
    """The filing form of an entry: case folded, without a leading article of the language
    (The Times files under T, Der Spiegel under S)."""
    words = text.strip().lstrip("“‘\"'(").split(None, 1)
    articles = ARTICLES.get(lang.split("-")[0].lower(), ())
    if not words:
        return ""
    head = words[0].lower()
    if len(words) == 2 and head in articles:
        return words[1].casefold()
    for elided in (a for a in articles if a.endswith(("'", "’"))):
        if head.startswith(elided) and len(head) > len(elided):
            return " ".join([words[0][len(elided):]] + words[1:]).casefold()
    return text.strip().casefold()


def sort_sources(blocks: list, lang: str) -> list:
    """The bibliography's entries (``Div.csl-entry`` in the refs list) filed ignoring leading
    articles. An entry that repeats the author with a dash (———) stays after the one before;
    a numbered list (a numeric style) keeps the style's order."""
    from octavo.ast import text

    entries = [b for b in blocks if b.get("t") == "Div" and "csl-entry" in b["c"][0][1]]
    if len(entries) < 2 or any(re.match(r"\s*\[?\d", text(e["c"][1])) for e in entries):
        return blocks
    groups: list[list] = []
    for e in entries:
        if text(e["c"][1]).lstrip().startswith(("—", "–", "--")) and groups:
            groups[-1].append(e)
        else:
            groups.append([e])
    groups.sort(key=lambda g: sort_key(text(g[0]["c"][1]), lang))
    ordered = iter([e for g in groups for e in g])
    return [next(ordered) if b.get("t") == "Div" and "csl-entry" in b["c"][0][1] else b for b in blocks]


def _inline_lists(node, fn):
    """Apply ``fn`` to every list of inlines under ``node`` (not inside code or raw)."""
    if isinstance(node, list):
        if node and all(isinstance(n, dict) and "t" in n for n in node) and _inline_list(node):
            node[:] = fn(node)
        for item in node:
            _inline_lists(item, fn)
    elif isinstance(node, dict):
        if node.get("t") in _SKIP:
            return
        if node.get("t") == "Span" and "acronym" in node["c"][0][1]:
            return
        for value in ([node["c"]] if "c" in node else node.values()):
            _inline_lists(value, fn)


_INLINE = {"Str", "Space", "SoftBreak", "LineBreak", "Emph", "Strong", "Underline", "Strikeout", "Superscript",
           "Subscript", "SmallCaps", "Quoted", "Cite", "Code", "Math", "RawInline", "Link", "Image", "Note", "Span"}


def _inline_list(nodes: list) -> bool:
    return all(n["t"] in _INLINE for n in nodes)


def apply(doc: Document, lang: str = "en") -> None:
    """Both corrections, in place, over every section's blocks (titles and the sources get
    the small capitals too)."""
    for section in doc.sections:
        section.blocks = continuations(section.blocks)
        _inline_lists(section.blocks, notes_after_punctuation)
        _inline_lists(section.blocks, acronyms)
        if section.title:
            _inline_lists(section.title, acronyms)
    refs = doc.bibliography_html
    if not refs:  # a book without sources
        return
    _inline_lists(refs, acronyms)
    if len(refs) == 1 and refs[0].get("t") == "Div":  # the entries inside one list div
        refs[0]["c"][1] = sort_sources(refs[0]["c"][1], lang)
    else:
        doc.bibliography_html = sort_sources(refs, lang)


__all__ = ["apply", "acronyms", "notes_after_punctuation"]
