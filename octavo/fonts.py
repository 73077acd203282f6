"""Find the files of a configured typeface through fontconfig.

Takes: a family name from book.yaml. Gives: ``FontFiles`` (regular, italic,
bold when present) as OpenType/TrueType paths, or a BookError when the family
or its regular/italic face is not installed: never a silent fallback.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from octavo.errors import BookError, Diagnostic


@dataclass(frozen=True)
class FontFiles:
    family: str
    regular: Path
    italic: Path
    bold: Path | None

    def faces(self) -> list[tuple[str, str, Path]]:
        """(weight, style, file) for each face, for @font-face rules."""
        faces = [("normal", "normal", self.regular), ("normal", "italic", self.italic)]
        if self.bold:
            faces.append(("bold", "normal", self.bold))
        return faces


@lru_cache(maxsize=None)
def find_font(family: str, where: str = "book.yaml") -> FontFiles:
    if not shutil.which("fc-list"):
        raise BookError(Diagnostic("F501", "fontconfig's fc-list is not installed, so fonts cannot be found.",
                                   hint="Run scripts/setup.sh (make book does this)."))
    out = subprocess.run(["fc-list", f"{family}", "file", "family", "slant", "weight"],
                         capture_output=True, text=True, check=False).stdout
    faces: dict[str, list[Path]] = {"regular": [], "italic": [], "bold": []}
    weights: dict[Path, int] = {}
    for line in out.splitlines():
        file, _, props = line.partition(": ")
        fams = props.split(":")[0].split(",")
        if family not in fams:
            continue
        slant = int(_prop(props, "slant") or 0)
        weight = int(_prop(props, "weight") or 80)
        kind = "italic" if slant > 0 and weight < 150 else "bold" if weight >= 150 and slant == 0 else "regular" if slant == 0 else None
        if kind and Path(file).suffix.lower() in (".otf", ".ttf"):
            faces[kind].append(Path(file))
            weights[Path(file)] = weight
    # the face nearest the weight asked for (a family with Medium, SemiBold and Black faces
    # has one Regular and one Bold), then OpenType CFF first: the smaller, better-hinted files
    target = {"regular": 80, "italic": 80, "bold": 200}
    for kind in faces:
        faces[kind].sort(key=lambda p: (abs(weights[p] - target[kind]), p.suffix.lower() != ".otf", str(p)))
    missing = [k for k in ("regular", "italic") if not faces[k]]
    if missing:
        line, col = _where_set(where)
        near = _near_families(family)
        raise BookError(Diagnostic(
            "F502", f"Font '{family}' not found: " + ("it is not installed." if len(missing) == 2 or not any(faces.values())
                                                     else f"no {missing[0]} face is installed."),
            file=where, line=line, column=col,
            hint=(f"Did you mean '{near[0]}'? " if near else "")
            + "Install it (scripts/setup.sh installs EB Garamond) or set fonts.body to an installed family (fc-list : family)."))
    return FontFiles(family, faces["regular"][0], faces["italic"][0], faces["bold"][0] if faces["bold"] else None)


def _where_set(where: str) -> tuple[int | None, int | None]:
    """Line and column of ``fonts.body`` in the book.yaml named by ``where``, when it is set there."""
    try:
        from octavo.config import _position, read_yaml

        data = read_yaml(Path(where))
        return _position(data, ("fonts", "body")) if "body" in (data.get("fonts") or {}) else (None, None)
    except Exception:  # noqa: BLE001 - only a better location is lost
        return None, None


def _near_families(family: str) -> list[str]:
    from octavo.errors import suggest

    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=False).stdout
    names = {n.strip() for line in out.splitlines() for n in line.split(",") if n.strip()}
    return suggest(family, sorted(names), n=1)


def _prop(props: str, name: str) -> str | None:
    for part in props.split(":"):
        if part.startswith(name + "="):
            return part.split("=", 1)[1]
    return None
