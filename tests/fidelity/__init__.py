"""Fidelity: does a built output carry everything its Markdown says?

Takes: a book's chapters (read to pandoc's AST with octavo's own Markdown
reader) and one of its outputs (the EPUB, the screen PDF or the print PDF).
Gives: for each check, a list of problems (plain sentences; empty means it
passed):

- ``words``: every word of the source appears in the output, in order. The
  source is three streams, each checked on its own against the whole output
  text: the body (every Str, inline code and code block, in reading order),
  the notes (footnotes and editor's notes, which move to page feet or chapter
  ends) and the floats (figure captions, which the typesetter may move past a
  paragraph). Citations are left out (citeproc rewrites them), and so are
  inline images' descriptions (alt text is not shown) and math.
- ``faces``: bold, italic, bold italic, small caps and monospace words are set
  in a face of that weight and style. In a PDF the face is read from the
  embedded font program (pikepdf -> FontFile* -> fontTools), never from its
  name; in the EPUB from the element the word is in, the CSS that styles it and
  the @font-face programs the CSS names.
- ``markers``: ordered lists show the markers written (``c)``, ``iv.``,
  ``(A)``, a start of 6...).
- ``alignments``: table columns keep their alignment (XHTML: style, align or
  class; PDF: the x positions of a column's cells).
- ``bounds``: no character or image runs outside the text block (PDFs only):
  the block is the extent of the body's justified lines on pages of the same
  hand, measured inside the TrimBox.
- ``tex``: no TeX source in the output (math typeset, raw TeX not printed);
  in the EPUB each formula is a MathML element.

Words are compared folded (NFKC, case-folded, soft hyphens removed, split at
anything that is not a letter or digit), so typographic quotes, dashes and
apostrophes never matter; a word split at a line end or joined to its
neighbour (a note call, a hyphenated compound) still matches.
"""
from __future__ import annotations

from pathlib import Path

from .checks import CHECKS, check_alignments, check_bounds, check_faces, check_markers, check_tex, check_words
from .fonts import Face, face_of_program
from .outputs import EpubOutput, PdfOutput, PdfWord, open_output
from .source import ListSpec, Source, TableSpec, read_source, source_of
from .words import Missing, match_stream, tokens, word_problems

CORPUS = Path(__file__).resolve().parent.parent / "books" / "corpus"
CORPUS_BOOKS = sorted(p.name for p in CORPUS.iterdir() if (p / "book.yaml").is_file())  # the conformance corpus

__all__ = ["CHECKS", "CORPUS", "CORPUS_BOOKS", "EpubOutput", "Face", "ListSpec", "Missing", "PdfOutput", "PdfWord",
           "Source", "TableSpec", "check_alignments", "check_bounds", "check_faces", "check_markers", "check_tex",
           "check_words", "face_of_program", "match_stream", "open_output", "read_source", "source_of", "tokens",
           "word_problems"]
