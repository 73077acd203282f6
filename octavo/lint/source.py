"""The prose of a Markdown file, with its source positions kept.

Takes: a chapter's text. Gives: ``Source``: the text, and ``prose``, the same
text with everything that is not running prose replaced by ``MASK`` one
character for one (YAML metadata, code blocks and spans, raw HTML, URLs and
link targets, ``{…}`` attributes, citation keys, block-quote, list and heading
markers, the backslash of an escape), so a rule that finds something at offset
``i`` of ``prose`` reports ``line:col`` of the same character in the file.
Newlines are kept, so paragraphs are still separated by blank lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

MASK = "\x00"  # neither a space nor a word character: rules see a "something" they skip

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^([ \t]{0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?[ \t]{0,3}\2[`~]*[ \t]*$|\Z)", re.S | re.M)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto|file):[^>\s]*>|<[^>\s@]+@[^>\s]+>")
_URL = re.compile(r"\b(?:https?|ftp|file)://[^\s<>\]\)]+|\bwww\.[^\s<>\]\)]+")
_RAW_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*)?/?>")
_LINK_TARGET = re.compile(r"(?<=\])\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]+\S.*$", re.M)
_ATTRIBUTES = re.compile(r"\{(?:[#.][^{}\n]*|[^{}\n=]+=[^{}\n]*)\}")
# pandoc's citation key: @ then a letter, digit or _, then those and internal punctuation
_CITE_KEY = re.compile(r"(?<![\w.])-?@\{?[\w][\w:.#$%&+?<>~/-]*\}?")
_LINE_MARKERS = re.compile(r"^(?:[ \t]*>[ \t]?)*(?:[ \t]*(?:[-*+]|\d+[.)]|#\.)[ \t]+|#{1,6}[ \t]+|\|[ \t]?)?", re.M)
_ESCAPE = re.compile(r"\\(?=[\[\]()*_`{}#+\-.!;:'\"|<>@$~^&\\])")
_INDENTED_CODE = re.compile(r"(?:(?<=\n\n)|\A)(?:(?: {4}|\t)[^\n]*\n?)+")


@dataclass
class Source:
    """One Markdown file: ``name`` as reported (relative to the book folder), ``text`` and its prose."""

    name: str
    text: str
    path: Path | None = None
    heading_lines: set[int] = field(default_factory=set)

    @cached_property
    def prose(self) -> str:
        chars = list(self.text)

        def mask(start: int, end: int) -> None:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = MASK

        text = self.text
        for pattern in (_FRONT_MATTER, _FENCE, _HTML_COMMENT, _INDENTED_CODE):
            for m in pattern.finditer(text):
                mask(*m.span())
        done = "".join(chars)  # later patterns must not match inside what is already masked
        for pattern in (_CODE_SPAN, _AUTOLINK, _URL, _LINK_TARGET, _REF_DEFINITION, _ATTRIBUTES, _RAW_TAG,
                        _CITE_KEY, _ESCAPE):
            for m in pattern.finditer(done):
                mask(*m.span())
            done = "".join(chars)
        for m in _LINE_MARKERS.finditer(done):
            mask(*m.span())
        return "".join(chars)

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", self.text))
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of ``offset``."""
        import bisect

        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:end if end >= 0 else len(self.text)]

    @cached_property
    def headings(self) -> set[int]:
        """Lines (1-based) that are ATX headings: their text is a title, not a sentence."""
        return {self.position(m.start())[0] for m in re.finditer(r"^#{1,6}[ \t]", self.text, re.M)}

    def paragraphs(self) -> list[tuple[int, str]]:
        """(offset, prose) of each block: runs of lines between blank (or wholly masked) lines."""
        found: list[tuple[int, str]] = []
        prose = self.prose
        start = None
        pos = 0
        for line in prose.split("\n") + [""]:
            blank = not line.strip(" \t" + MASK)
            if blank and start is not None:
                found.append((start, prose[start:pos - 1] if pos else ""))
                start = None
            elif not blank and start is None:
                start = pos
            pos += len(line) + 1
        return found
