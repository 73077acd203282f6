"""One golden case per lint rule: tests/unit/lint/<code>/input.md and its expected.txt
(the findings, then the text after --fix). Optional style.yaml (house style) and
works.yaml (citation key -> CSL type). Rewrite with --save-golden-files, then review."""
from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from octavo.errors import Diagnostic
from octavo.lint import lint_text
from octavo.lint.base import RULES, HouseStyle
from octavo.lint.fix import apply_fixes
from octavo.lint.source import Source

CASES = Path(__file__).parent / "lint"


def _yaml(path: Path) -> dict:
    return dict(YAML(typ="safe").load(path.read_text(encoding="utf-8"))) if path.is_file() else {}


def render(case: Path, tmp_path: Path) -> str:
    text = (case / "input.md").read_text(encoding="utf-8")
    style = HouseStyle(**_yaml(case / "style.yaml"))
    found = lint_text(text, style, "input.md", works=_yaml(case / "works.yaml"))
    lines = [str(Diagnostic(f.code, f.message, file="input.md", line=f.position[0], column=f.position[1],
                            hint=f.fix, severity="warning")) for f in found]
    work = tmp_path / "input.md"
    work.write_text(text, encoding="utf-8")
    source = Source("input.md", text, path=work)
    fixable = [f for f in lint_text(text, style, "input.md", works=_yaml(case / "works.yaml"))
               if f.replacement is not None]
    apply_fixes([type(f)(**{**f.__dict__, "source": source}) for f in fixable])
    fixed = work.read_text(encoding="utf-8")
    return "\n".join(lines) + "\n" + ("--- after --fix ---\n" + fixed if fixed != text else "--- no safe fix ---\n")


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_golden_case(code, tmp_path, request):
    case = CASES / code
    assert (case / "input.md").is_file(), f"no golden case for {code}"
    actual = render(case, tmp_path)
    expected = case / "expected.txt"
    if request.config.getoption("--save-golden-files") or not expected.exists():
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
    assert f"warning {code}:" in actual  # each case shows its own rule at work
