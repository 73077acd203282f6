"""Find the files of a configured typeface: a packaged family first, then fontconfig.

Takes: a family name from book.yaml (``fonts.body`` or ``fonts.mono``). Gives:
``FontFiles`` (regular, italic, bold, bold italic, each when present) as
OpenType/TrueType paths, or a BookError (F502) when the family or one of its
required faces is missing: never a silent fallback.

Packaged families are Python packages of the ``fontpkg`` kind (pinned in
pyproject.toml: ``fontpkg-eb-garamond``, ``fontpkg-jetbrains-mono``), so a fresh
clone has the same faces on every machine. They ship variable fonts; WeasyPrint
and e-readers need static faces, so each weight is instantiated once with
fontTools and kept in a per-user cache (``$OCTAVO_FONT_CACHE``, else
``$XDG_CACHE_HOME/octavo/fonts``), keyed by the source file's content.
``python -m octavo.fonts`` fills that cache (scripts/setup.sh runs it).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from octavo.errors import BookError, Diagnostic
from octavo.tools import run_tool

REGULAR, BOLD = 400, 700


@dataclass(frozen=True)
class FontFiles:
    family: str
    regular: Path
    italic: Path | None
    bold: Path | None
    bold_italic: Path | None = None

    def faces(self) -> list[tuple[str, str, Path]]:
        """(weight, style, file) for each face present, for @font-face rules."""
        faces = [("normal", "normal", self.regular), ("normal", "italic", self.italic),
                 ("bold", "normal", self.bold), ("bold", "italic", self.bold_italic)]
        return [(w, s, f) for w, s, f in faces if f is not None]

    def face(self, bold: bool = False, italic: bool = False) -> Path:
        """The file a run of this weight and style is set in: the exact face, else the one a
        renderer falls back to (the same style in the other weight, then the regular)."""
        order = {(False, False): [self.regular], (False, True): [self.italic, self.regular],
                 (True, False): [self.bold, self.regular], (True, True): [self.bold_italic, self.italic, self.bold, self.regular]}
        return next(f for f in order[(bold, italic)] if f is not None)


def font_cache_dir() -> Path:
    if os.environ.get("OCTAVO_FONT_CACHE"):
        return Path(os.environ["OCTAVO_FONT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "octavo" / "fonts"


@lru_cache(maxsize=None)
def find_font(family: str, where: str = "book.yaml", key: str = "body",
              need: tuple[str, ...] = ("regular", "italic")) -> FontFiles:
    """The faces of ``family``; ``need`` names the faces that must exist (F502 otherwise)."""
    found = packaged_font(family)
    if found is None:
        found = fontconfig_font(family)
    missing = [k for k in need if found is None or getattr(found, k.replace(" ", "_")) is None]
    if missing:
        line, col = _where_set(where, key)
        near = _near_families(family)
        raise BookError(Diagnostic(
            "F502", f"Font '{family}' not found: " + ("it is not installed." if found is None
                                                     else f"no {' or '.join(missing)} face is installed."),
            file=where, line=line, column=col,
            hint=(f"Did you mean '{near[0]}'? " if near else "")
            + f"Install it (scripts/setup.sh installs EB Garamond and JetBrains Mono) or set fonts.{key} "
              "to an installed family (fc-list : family)."))
    assert found is not None
    return found


# --- packaged families (fontpkg) -------------------------------------------------

def packaged_font(family: str) -> FontFiles | None:
    """Static faces of a family installed as a ``fontpkg`` package, or None."""
    try:
        import fontpkg
    except ImportError:
        return None
    try:
        fam = fontpkg.family(family)
    except Exception:  # noqa: BLE001 - FamilyNotInstalled and friends: not packaged here
        return None
    if fam.name.casefold() != family.casefold():
        return None  # fontpkg matches slugs loosely; a book names its family exactly
    faces: dict[tuple[int, str], Path] = {}
    for weight in (REGULAR, BOLD):
        for style in ("normal", "italic"):
            file = next((f for f in fam.files if f.style == style and f.covers(weight)), None)
            if file is not None:
                faces[(weight, style)] = static_instance(file.path, weight, style == "italic") if file.variable else file.path
    if (REGULAR, "normal") not in faces:
        return None
    return FontFiles(fam.name, faces[(REGULAR, "normal")], faces.get((REGULAR, "italic")),
                     faces.get((BOLD, "normal")), faces.get((BOLD, "italic")))


def static_instance(source: Path, weight: int, italic: bool) -> Path:
    """A static face of a variable font at ``weight``, made once and cached (atomically:
    concurrent builds each write their own temporary file)."""
    import fontTools

    digest = hashlib.sha256(source.read_bytes() + fontTools.version.encode()).hexdigest()[:16]
    out = font_cache_dir() / f"{source.stem.split('[')[0]}-{weight}-{digest}{source.suffix.lower()}"
    if out.is_file():
        return out
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = instancer.instantiateVariableFont(TTFont(source), {"wght": weight}, updateFontNames=True)
    os2 = font["OS/2"]
    os2.usWeightClass = weight
    # style bits as a static face of this weight and slope declares them (renderers read these)
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | (1 << 5 if weight >= BOLD else 0) | (1 if italic else 0) \
        | (1 << 6 if weight < BOLD and not italic else 0)
    font["head"].macStyle = (1 if weight >= BOLD else 0) | (2 if italic else 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        font.save(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


# --- fontconfig ----------------------------------------------------------------

def fontconfig_font(family: str) -> FontFiles | None:
    if not shutil.which("fc-list"):
        raise BookError(Diagnostic("F501", "fontconfig's fc-list is not installed, so fonts cannot be found.",
                                   hint="Run scripts/setup.sh (make book does this)."))
    out = run_tool(["fc-list", f"{family}", "file", "family", "slant", "weight"], kind="fonts",
                   what="fontconfig (fc-list)", capture_output=True, text=True, check=False).stdout
    faces: dict[str, list[tuple[int, Path]]] = {"regular": [], "italic": [], "bold": [], "bold_italic": []}
    for line in out.splitlines():
        file, _, props = line.partition(": ")
        fams = props.split(":")[0].split(",")
        if family not in fams:
            continue
        slant = int(_prop(props, "slant") or 0)
        weight = int(_prop(props, "weight") or 80)  # fontconfig: 75 book, 80 regular, 100 medium, 200 bold
        if 75 <= weight <= 100:
            kind, off = ("italic" if slant > 0 else "regular"), abs(weight - 80)
        elif 195 <= weight <= 205:
            kind, off = ("bold_italic" if slant > 0 else "bold"), abs(weight - 200)
        else:
            continue  # light, semibold, black: not the faces a book's text uses
        if Path(file).suffix.lower() in (".otf", ".ttf"):
            faces[kind].append((off, Path(file)))
    for kind in faces:  # the nearest weight, then OpenType CFF: the smaller, better-hinted files
        faces[kind].sort(key=lambda op: (op[0], op[1].suffix.lower() != ".otf", str(op[1])))
    if not faces["regular"]:
        return None
    first = {k: (v[0][1] if v else None) for k, v in faces.items()}
    return FontFiles(family, first["regular"], first["italic"], first["bold"], first["bold_italic"])


def _where_set(where: str, key: str = "body") -> tuple[int | None, int | None]:
    """Line and column of ``fonts.<key>`` in the book.yaml named by ``where``, when it is set there."""
    try:
        from octavo.config import _position, read_yaml

        data = read_yaml(Path(where))
        return _position(data, ("fonts", key)) if key in (data.get("fonts") or {}) else (None, None)
    except Exception:  # noqa: BLE001 - only a better location is lost
        return None, None


def _near_families(family: str) -> list[str]:
    from octavo.errors import suggest

    out = run_tool(["fc-list", ":", "family"], kind="fonts", what="fontconfig (fc-list)",
                   capture_output=True, text=True, check=False).stdout
    names = {n.strip() for line in out.splitlines() for n in line.split(",") if n.strip()}
    return suggest(family, sorted(names), n=1)


def _prop(props: str, name: str) -> str | None:
    for part in props.split(":"):
        if part.startswith(name + "="):
            return part.split("=", 1)[1]
    return None


def main() -> None:
    """Make the static faces of the default families (run by scripts/setup.sh)."""
    from octavo.config import Fonts

    defaults = Fonts()
    for family in (defaults.body, defaults.mono):
        files = packaged_font(family)
        print(f"octavo fonts: {family}: " + (", ".join(f"{w} {s}" for w, s, _ in files.faces()) if files else "not packaged"))


if __name__ == "__main__":
    main()
