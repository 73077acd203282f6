"""The one registry of diagnostic codes (``octavo/codes/``) against the code that
emits them and the README that documents them:

- every code-shaped literal ("X000") in octavo's source is registered, and
  every registered code is emitted somewhere (no stale entries);
- a code emitted as a warning (``report.warn``, ``severity="warning"``) or an
  error (``report.error``, ``Diagnostic`` without a severity) is registered
  with that level;
- each entry is complete and its example is a diagnostic line of its own code
  and level, as ``Diagnostic.__str__`` writes one;
- every registered code is in README.md, and README.md's table is the one
  scripts/codes_table.py generates (so a new code without a regenerated
  README fails here).

The source is read with ``ast``: string constants only, so a code built at run
time (an f-string) would escape the scan; octavo has none, and must not.
"""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest

from helpers import REPO
from octavo.codes import REGISTRY, Code

PACKAGE = REPO / "octavo"
CODE_SHAPE = re.compile(r"[A-Z]\d{3}")
# a line holding a code-shaped value from someone else's code list (ONIX's E101, say) says so
NOT_DIAGNOSTIC = "# not a diagnostic code"
LEVELS = {"error", "warning", "error|warning", "info"}
# A diagnostic line as Diagnostic.__str__ writes it: [file[:line[:col]]: ]level CODE: message
LINE = re.compile(r"(?:(?P<file>[^\s:][^:]*?)(?::\d+(?::\d+)?)?: )?(?P<level>error|warning|info) "
                  r"(?P<code>[A-Z]\d{3}): \S.*")


def _sources() -> list[Path]:
    """octavo's modules, the registry itself left out (it names every code by definition)."""
    return sorted(p for p in PACKAGE.rglob("*.py") if (PACKAGE / "codes") not in p.parents)


def _literals(tree: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and CODE_SHAPE.fullmatch(n.value)}


def emitted_codes() -> dict[str, list[str]]:
    """Every code-shaped string constant in octavo's source -> where it occurs (file:line)."""
    found: dict[str, list[str]] = {}
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text, filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_SHAPE.fullmatch(node.value) \
                    and NOT_DIAGNOSTIC not in lines[node.lineno - 1]:
                found.setdefault(node.value, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def emitted_levels() -> dict[str, set[str]]:
    """For each code emitted through a call whose level is written at the call
    (``x.error("C", ...)``, ``x.warn("C", ...)``, ``Diagnostic("C", ..., severity=...)``),
    the levels it is emitted with."""
    levels: dict[str, set[str]] = {}
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str) and CODE_SHAPE.fullmatch(node.args[0].value)):
                continue
            code, func = node.args[0].value, node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "error":
                level = "error"
            elif name == "warn":
                level = "warning"
            elif name == "Diagnostic":
                severity = next((k.value for k in node.keywords if k.arg == "severity"), None)
                if severity is None:
                    level = "error"  # Diagnostic's default
                elif isinstance(severity, ast.Constant):
                    level = severity.value
                else:
                    continue  # chosen at run time (e.g. from EPUBCheck's severity table)
            else:
                continue
            levels.setdefault(code, set()).add(level)
    return levels


# --- the source against the registry ------------------------------------------------

def test_the_scan_finds_the_codes_it_should():
    """The scan itself works: a code emitted by each kind of call in a snippet is found."""
    snippet = ast.parse('report.error("Q101", "x")\nreport.warn("Q102", "y")\nDiagnostic("Q103", "z", severity="warning")\n'
                        'SEVERITY = {"FATAL": ("Q104", "error")}\nname = "Q10"\n')
    assert _literals(snippet) == {"Q101", "Q102", "Q103", "Q104"}


def test_every_code_emitted_is_registered():
    emitted = emitted_codes()
    assert len(emitted) >= 10, "the scan found too few codes to be looking at the right source"
    missing = {code: where for code, where in emitted.items() if code not in REGISTRY}
    assert missing == {}, "register these in octavo/codes/<area>.py, then run scripts/codes_table.py"


def test_every_registered_code_is_emitted():
    emitted = emitted_codes()
    stale = sorted(code for code in REGISTRY if code not in emitted)
    assert stale == [], "registered but emitted nowhere in octavo/: remove them or emit them"


def test_each_code_is_emitted_at_a_level_it_is_registered_with():
    wrong = {code: sorted(levels) for code, levels in emitted_levels().items()
             if code in REGISTRY and not levels <= set(REGISTRY[code].level.split("|"))}
    assert wrong == {}, "emitted at a level its registry entry does not give"


# --- each entry -----------------------------------------------------------------------

@pytest.mark.parametrize("entry", list(REGISTRY.values()), ids=list(REGISTRY))
def test_entry_is_complete_and_its_example_is_its_own_line(entry: Code):
    assert CODE_SHAPE.fullmatch(entry.code), entry.code
    assert entry.level in LEVELS, entry.level
    assert entry.summary.strip() and entry.fix.strip(), "say what is wrong and how to fix it"
    assert "\n" not in entry.summary + entry.fix + entry.example
    m = LINE.fullmatch(entry.example)
    assert m, f"the example is not a diagnostic line: {entry.example!r}"
    assert m["code"] == entry.code
    assert m["level"] in entry.level.split("|")


# --- the README -------------------------------------------------------------------------

def _table_script():
    spec = importlib.util.spec_from_file_location("codes_table", REPO / "scripts" / "codes_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_registered_code_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [code for code in REGISTRY if not re.search(rf"\b{code}\b", readme)] == []


def test_the_readme_table_is_generated_from_the_registry():
    script = _table_script()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert script.replace_table(readme, script.render(REGISTRY)) == readme, \
        "README.md's code table is out of date: run python scripts/codes_table.py"


def test_the_generated_table_has_one_row_per_code_and_escapes_pipes():
    script = _table_script()
    extra = dict(REGISTRY, Z999=Code("Z999", "warning", "A summary | with a pipe.", "Fix it.",
                                     "a.md:1: warning Z999: Odd `tick` | pipe."))
    table = script.render(extra)
    rows = [line for line in table.splitlines() if re.match(r"\| [A-Z]\d{3} \|", line)]
    assert [row.split(" | ")[0][2:] for row in rows] == list(extra)
    row = rows[-1]
    assert "A summary \\| with a pipe." in row and "``a.md:1: warning Z999: Odd `tick` \\| pipe.``" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five columns, whatever the cells hold
