"""Fixtures for the whole-book tests under tests/books/.

- ``corpus``: the conformance corpus (``tests/books/corpus/<name>/``), each book
  copied and built at most ONCE per test session, on first use; then its
  source (``fidelity.Source``), its outputs opened for reading
  (``fidelity.EpubOutput`` / ``PdfOutput``, each read once) and its
  ``octavo check`` findings (run once: EPUBCheck and Ace are slow).

A book whose build fails is remembered as failed, so each test of it fails at
once with the build's diagnostics instead of building it again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from helpers import copy_book_to


@dataclass
class CorpusBook:
    name: str
    book: Any = None  # octavo.project.Book
    result: Any = None  # octavo.build.BuildResult
    failure: str = ""  # the build's diagnostics when it failed
    _source: Any = None
    _outputs: dict = field(default_factory=dict)
    _findings: Any = None

    def built(self) -> "CorpusBook":
        if self.failure:
            pytest.fail(f"corpus book '{self.name}' did not build:\n{self.failure}", pytrace=False)
        return self

    @property
    def source(self):
        from fidelity import read_source

        if self._source is None:
            self._source = read_source(self.book)
        return self._source

    def output(self, kind: str):
        from fidelity import open_output

        self.built()
        if kind not in self._outputs:
            self._outputs[kind] = open_output(self.book.output(kind))
        return self._outputs[kind]

    def findings(self) -> list:
        """``octavo check`` over the built outputs: EPUBCheck, Ace, print and screen preflight."""
        from octavo.preflight import run_checks

        self.built()
        if self._findings is None:
            self._findings = run_checks(self.book)
        return self._findings


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, source_date_epoch):
    """``corpus("blocks")`` -> the built ``CorpusBook`` (built on first use, once a session)."""
    from octavo.build import build
    from octavo.errors import OctavoError
    from octavo.project import Book

    books: dict[str, CorpusBook] = {}

    def get(name: str) -> CorpusBook:
        if name not in books:
            entry = CorpusBook(name)
            base = tmp_path_factory.mktemp(f"corpus-{name}")
            root = copy_book_to(f"corpus/{name}", base)
            try:
                entry.book = Book.load(root, base / "build")
                entry.result = build(entry.book)
            except OctavoError as exc:
                entry.failure = "\n".join(str(d) for d in [*exc.warnings, *exc.diagnostics])
            books[name] = entry
        return books[name]

    return get


@pytest.fixture
def copy(built, tmp_path):
    """A copy of the module's ``built`` folder (book, build folder, templates), times kept as
    ``cp -a`` does: the manifest compares them."""
    import shutil

    target = tmp_path / "copy"
    shutil.copytree(built, target, symlinks=True)
    return target
