"""The ``octavo`` command's entry point: a no-op build answered before the command line loads.

Takes: ``sys.argv``. Gives: for ``octavo build`` with nothing but ``--book``, ``--out`` and
``--format`` options, when every asked output is up to date (``octavo.cache.nothing_to_do``:
no config parsing, no heavy imports), the "up to date" line and exit 0; for anything else,
the full command line (``octavo.cli``), which loads click and rich and then decides. The
two answer the same question the same way: the CLI runs the same check first.
"""
from __future__ import annotations

import sys
from pathlib import Path

_VALUED = ("--book", "--out", "--format")
UP_TO_DATE = "Everything is up to date (use --force to rebuild)."


def main() -> None:
    if _noop_build(sys.argv[1:]):
        sys.stderr.write(UP_TO_DATE + "\n")
        return
    from octavo.cli import main as cli_main

    cli_main()


def _noop_build(args: list[str]) -> bool:
    """True only when ``args`` are a plain build whose outputs are all current; any other option,
    argument or doubt leaves the answer to the full command line."""
    if not args or args[0] != "build":
        return False
    given: dict[str, list[str]] = {name: [] for name in _VALUED}
    rest = iter(args[1:])
    for arg in rest:
        name, eq, value = arg.partition("=")
        if name not in _VALUED:
            return False
        if not eq:
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return False
        given[name].append(value)
    if len(given["--book"]) > 1 or len(given["--out"]) > 1:
        return False
    from octavo.cache import nothing_to_do
    from octavo.paths import FORMATS, find_book

    formats = given["--format"] or ["all"]
    if any(f not in (*FORMATS, "all") for f in formats):
        return False
    wanted = FORMATS if "all" in formats else tuple(dict.fromkeys(formats))
    book = Path(given["--book"][0]) if given["--book"] else find_book()
    out = Path(given["--out"][0]) if given["--out"] else None
    return nothing_to_do(book, out, wanted)
