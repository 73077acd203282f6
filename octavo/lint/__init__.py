"""House-style lint of a book's manuscript: ``octavo lint``.

Takes: a ``Book`` (its chapters, front and back matter; the bibliography for
names and work types; book.yaml's ``house_style``; the ignore file). Gives:
``LintResult``: one warning ``Diagnostic`` per finding left after the ignore
file (``file:line:col: warning Lnnn: what. Fix.``), the ignore file's own
problems (L090 stale entry, L091 unusable entry), and with ``fix=True`` the
safe fixes written into the files first (each file atomically).

The rules live one per function in the modules of this package, registered
under stable codes (``octavo.lint.base.RULES``); their codes are documented in
``octavo/codes/author.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from octavo.errors import Diagnostic, rel
from octavo.lint import balance, names, notes, spelling, typography, words  # noqa: F401  (registers the rules)
from octavo.lint.base import RULES, Context, Finding, HouseStyle
from octavo.lint.ignore import load_ignores, stale
from octavo.lint.source import Source


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: int = 0  # findings fixed by --fix
    files_fixed: list[Path] = field(default_factory=list)
    ignored: int = 0


def house_style(book) -> HouseStyle:
    """The settled choices: book.yaml's house_style, its language for the spelling default, and
    the citation style's class (a note style puts its citations in notes)."""
    hs = book.config.house_style
    lang = book.config.language.lower()
    spelling_default = "en-GB" if lang.startswith("en-gb") else "en-US" if lang.startswith("en-us") else None
    try:
        note_style = 'class="note"' in book.csl.read_text(encoding="utf-8")[:4000]
    except Exception:  # noqa: BLE001 - an unknown style is the build's error (C107); lint assumes notes
        note_style = True
    return HouseStyle(spelling=hs.spelling or spelling_default, ize=hs.ize, ellipsis=hs.ellipsis, dash=hs.dash,
                      locators=hs.locators, note_style=note_style)


def _works(path: Path | None) -> dict[str, str]:
    """Citation key -> CSL type, from a CSL YAML or JSON bibliography (empty when unreadable)."""
    if path is None or not path.is_file():
        return {}
    try:
        from ruamel.yaml import YAML

        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - the build reports a bad bibliography (R304); lint goes on without types
        return {}
    if isinstance(data, dict):
        data = data.get("references", [])
    return {str(w["id"]): str(w.get("type", "")) for w in data or [] if isinstance(w, dict) and "id" in w}


def _sources(book) -> list[Source]:
    from octavo.sources import read_text

    files = [*book.front_files, *book.chapter_files, *book.back_files]
    return [Source(str(p.relative_to(book.root)), read_text(p), path=p) for p in files]


def findings(ctx: Context) -> list[Finding]:
    """Every rule's findings, in file order then position; one finding per code and place."""
    order = {s.name: i for i, s in enumerate(ctx.sources)}
    found: dict[tuple, Finding] = {}
    for _code, (_name, fn) in sorted(RULES.items()):
        for f in fn(ctx):
            found.setdefault((f.code, f.source.name, f.start), f)
    return sorted(found.values(), key=lambda f: (order.get(f.source.name, 0), f.start, f.code))


def lint_book(book, fix: bool = False) -> LintResult:
    result = LintResult()
    ctx = Context(sources=_sources(book), style=house_style(book),
                  vocabulary=[Source(book.config.bibliography, book.bibliography.read_text(encoding="utf-8"),
                                     path=book.bibliography)]
                  if book.bibliography and book.bibliography.is_file() else [],
                  works=_works(book.bibliography))
    ignore_path = book.root / book.config.house_style.ignore_file
    entries, problems = load_ignores(ignore_path)
    found = findings(ctx)
    kept: list[Finding] = []
    for f in found:
        line, _col = f.position
        flagged = f.source.text[f.start:f.end]
        matching = [e for e in entries if e.matches(f.code, f.source.name, line, flagged)]
        for entry in matching:  # one entry covers the same words twice on a line
            entry.used = True
        if matching:
            result.ignored += 1
        else:
            kept.append(f)
    if fix:
        from octavo.lint.fix import apply_fixes

        result.fixed, result.files_fixed = apply_fixes(kept)
        if result.fixed:
            again = lint_book(book, fix=False)
            again.fixed, again.files_fixed = result.fixed, result.files_fixed
            return again
    result.diagnostics = [as_diagnostic(f) for f in kept] + problems + stale(entries, ignore_path)
    return result


def as_diagnostic(f: Finding) -> Diagnostic:
    line, col = f.position
    where = rel(f.source.path) if f.source.path is not None else f.source.name
    return Diagnostic(f.code, f.message, file=where, line=line, column=col, hint=f.fix, severity="warning")


def lint_text(text: str, style: HouseStyle | None = None, name: str = "chapter.md",
              works: dict[str, str] | None = None, vocabulary: list[Source] | None = None) -> list[Finding]:
    """Lint one Markdown text (for tests and the live preview)."""
    return findings(Context([Source(name, text)], style or HouseStyle(), vocabulary or [], works or {}))


__all__ = ["LintResult", "lint_book", "lint_text", "findings", "RULES", "HouseStyle"]
