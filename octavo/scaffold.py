"""``octavo new``: a minimal book that builds as it is.

Takes: a folder (which must not exist or be empty), a title and an author.
Gives: ``book.yaml``, one chapter, a bibliography with one entry cited in
the chapter, and an ``images/`` folder.
"""
from __future__ import annotations

from pathlib import Path

from octavo.config import slugify
from octavo.errors import Diagnostic, UsageError

BOOK_YAML = """\
title: {title}
authors:
  - {author}
language: en
publisher: {author}
rights: © {author}. All rights reserved.
description: >-
  A short description of the book, for the back cover and the catalogue.
subjects: []
identifiers:
  epub:
  pdf:
  print:
chapters:
  - chapters/01-beginning.md
bibliography: references.yaml
print:
  trim: 5.5x8.5in
  paper: cream
"""

CHAPTER = """\
# The beginning {{#beginning}}

The first paragraph of the book. Write in Markdown; cite a work with its key,
like this.[@example-work, 12]

A second paragraph, indented as books indent them.
"""

REFERENCES = """\
references:
  - id: example-work
    type: book
    author:
      - family: Author
        given: Example
    title: An Example Work
    publisher: Example Press
    publisher-place: London
    issued:
      date-parts: [[2020]]
"""


def create_book(directory: Path, title: str, author: str) -> Path:
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(Diagnostic("U001", f"'{directory}' exists and is not empty.", hint="Choose a new folder."))
    (directory / "chapters").mkdir(parents=True, exist_ok=True)
    (directory / "images").mkdir(exist_ok=True)
    quoted_title = '"' + title.replace('"', '\\"') + '"'
    (directory / "book.yaml").write_text(BOOK_YAML.format(title=quoted_title, author=author, slug=slugify(title)), encoding="utf-8")
    (directory / "chapters" / "01-beginning.md").write_text(CHAPTER.format(), encoding="utf-8")
    (directory / "references.yaml").write_text(REFERENCES, encoding="utf-8")
    return directory / "book.yaml"
