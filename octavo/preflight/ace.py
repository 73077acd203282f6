"""DAISY Ace (accessibility checker) over the built EPUB.

Takes: the EPUB path. Gives: one ``Diagnostic`` (A8xx) per Ace violation.
Ace is installed by scripts/setup.sh into ``.tools/ace`` with npm and runs
headless against Debian's Chromium (``PUPPETEER_EXECUTABLE_PATH``).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from octavo.tools import run_tool
from octavo.errors import Diagnostic, ToolMissing, rel

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def ace_command() -> list[str] | None:
    local = REPO / ".tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
    if local.is_file():
        return [str(local)]
    found = shutil.which("ace-puppeteer")
    return [found] if found else None


def chromium() -> str | None:
    return os.environ.get("PUPPETEER_EXECUTABLE_PATH") or next((c for c in CHROMIUM_CANDIDATES if Path(c).is_file()), None)


def run_ace(path: Path) -> dict:
    cmd, browser = ace_command(), chromium()
    if not cmd or not browser:
        raise ToolMissing(Diagnostic("T004", "DAISY Ace or Chromium is not installed.", hint="Run scripts/setup.sh."))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser, "HOME": os.environ.get("HOME", tmp)}
        proc = run_tool([*cmd, "--silent", "-o", f"{tmp}/report", "-f", str(path)], kind="ace",
                        what="DAISY Ace", capture_output=True, text=True, env=env)
        report = Path(tmp) / "report" / "report.json"
        if not report.is_file():
            raise ToolMissing(Diagnostic("T005", f"DAISY Ace did not produce a report: {(proc.stderr or proc.stdout).strip()[-400:]}"))
        return json.loads(report.read_text(encoding="utf-8"))


def ace(path: Path) -> list[Diagnostic]:
    report = run_ace(path)
    findings = []
    for doc in report.get("assertions", []):
        url = doc.get("earl:testSubject", {}).get("url", "")
        for a in doc.get("assertions", []):
            result = a.get("earl:result", {})
            if result.get("earl:outcome") == "pass":
                continue
            test = a.get("earl:test", {})
            findings.append(Diagnostic("A801", f"Ace {test.get('dct:title')} ({test.get('earl:impact')}): "
                                       f"{result.get('dct:description', '').strip()[:300]}",
                                       file=f"{rel(path)}!/{url}"))
    return findings
