"""The per-book ignore file: findings the editor has decided to keep, each with a reason.

Takes: ``lint-ignore.yaml`` in the book folder (a list of entries ``code``,
``file``, ``line``, ``reason``; an optional ``text``, the words flagged, pins
an entry to what it excuses). Gives: the entries, L091 for an entry that
cannot be used (located in the ignore file), and, after matching, L090 for an
entry that no longer matches any finding (stale: the text changed or was fixed).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from octavo.errors import Diagnostic, rel

IGNORE_FILE = "lint-ignore.yaml"
_FIELDS = {"code", "file", "line", "reason", "text"}


@dataclass
class Entry:
    code: str
    file: str
    line: int
    reason: str
    text: str | None
    at: int  # line of the entry in the ignore file
    used: bool = False

    def matches(self, code: str, file: str, line: int, flagged: str) -> bool:
        return (self.code == code and self.file == file and self.line == line
                and (self.text is None or self.text == flagged))


def load_ignores(path: Path) -> tuple[list[Entry], list[Diagnostic]]:
    """The entries of the ignore file (none when it does not exist) and the problems in it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from octavo.config import read_yaml

    if not path.is_file():
        return [], []
    data = read_yaml(path)
    where = rel(path)
    if data is None:
        return [], []
    problems: list[Diagnostic] = []

    def bad(line: int, what: str, fix: str) -> None:
        problems.append(Diagnostic("L091", what, file=where, line=line, hint=fix, severity="warning"))

    if not isinstance(data, CommentedSeq):
        bad(1, "The ignore file must be a list of entries.",
            "Write one '- code: L006' entry per finding, with file, line and reason.")
        return [], problems
    entries = []
    for i, item in enumerate(data):
        line = data.lc.item(i)[0] + 1
        if not isinstance(item, CommentedMap):
            bad(line, "An entry must be a mapping (code, file, line, reason).", "Indent its keys under the '-'.")
            continue
        unknown = sorted(set(map(str, item)) - _FIELDS)
        missing = sorted({"code", "file", "line", "reason"} - set(map(str, item)))
        if unknown or missing:
            bad(line, "Entry " + "; ".join(filter(None, [f"unknown key(s) {', '.join(unknown)}" if unknown else "",
                                                          f"missing {', '.join(missing)}" if missing else ""])) + ".",
                "Give each entry code, file, line and reason (and optionally text).")
            continue
        if not str(item["reason"]).strip():
            bad(line, "Entry without a reason.", "Say why the finding is right as it is.")
            continue
        try:
            number = int(item["line"])
        except (TypeError, ValueError):
            bad(line, f"Entry line '{item['line']}' is not a number.", "Give the line the finding reports.")
            continue
        entries.append(Entry(str(item["code"]), str(item["file"]), number, str(item["reason"]),
                             str(item["text"]) if item.get("text") is not None else None, line))
    return entries, problems


def stale(entries: list[Entry], path: Path) -> list[Diagnostic]:
    """L090 for each entry that matched nothing in this run."""
    return [Diagnostic("L090", f"Ignore entry {e.code} at {e.file}:{e.line} matches no finding (stale).",
                       file=rel(path), line=e.at, severity="warning",
                       hint="Delete the entry, or correct its line if the text moved.")
            for e in entries if not e.used]
