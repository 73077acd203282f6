"""Themes: a book's design as data, and where its templates are looked up.

Takes: the theme name and the ``design:`` overrides from book.yaml. Gives: ``Theme``
(its folder, its description, every design number from its ``theme.yaml`` with the
book's overrides applied) and ``search_path()``: the folders a template is looked up
in, first found wins: the book's own ``templates/`` (shadowing file by file), the
theme, the theme it extends, then octavo's shared templates (the page shell, the
apparatus partials, the EPUB package). ``installed()`` lists the themes.

A theme is a folder ``templates/themes/<name>/`` holding ``theme.yaml`` (``description``,
optionally ``extends: <theme>``, and the design numbers) and the templates it changes.
``design:`` overrides are checked against the theme's own values: a key the theme does
not have, or a value of another kind (a number for a text), is an error located in
book.yaml.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from octavo.errors import BookError, Diagnostic, Report, rel, suggest
from octavo.paths import PACKAGE_TEMPLATES

THEMES = PACKAGE_TEMPLATES / "themes"
DEFAULT_THEME = "classic"


@dataclass(frozen=True)
class Theme:
    name: str
    folders: tuple[Path, ...]  # this theme's folder, then the folders of the themes it extends
    description: str
    values: dict[str, Any] = field(hash=False, compare=False)

    @property
    def folder(self) -> Path:
        return self.folders[0]

    @property
    def files(self) -> list[Path]:
        """The theme.yaml files this theme's values come from."""
        return [f / "theme.yaml" for f in self.folders]


def _read(folder: Path) -> dict:
    from octavo.config import read_yaml

    data = read_yaml(folder / "theme.yaml")
    if not isinstance(data, dict):
        raise BookError(Diagnostic("H003", "theme.yaml must be a mapping of keys to values.",
                                   file=rel(folder / "theme.yaml"), line=1))
    return _plain(data)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def installed() -> list[tuple[str, str]]:
    """(name, description) of every installed theme."""
    out = []
    for folder in sorted(p for p in THEMES.iterdir() if (p / "theme.yaml").is_file()) if THEMES.is_dir() else []:
        out.append((folder.name, str(_read(folder).get("description", "")).strip()))
    return out


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load_theme(name: str, design: dict | None = None, yaml_path: Path | None = None, yaml_data: Any = None) -> Theme:
    """The named theme with the book's ``design:`` overrides applied; a BookError names every
    unknown theme, unknown key or value of the wrong kind, located in book.yaml."""
    where = rel(yaml_path) if yaml_path else None
    chain: list[Path] = []
    values: dict = {}
    current: str | None = name
    while current:
        folder = THEMES / current
        if not (folder / "theme.yaml").is_file():
            names = [n for n, _ in installed()]
            close = suggest(current, names)
            line, col = _locate(yaml_data, ("theme",))
            raise BookError(Diagnostic(
                "H002", f"Theme '{current}' is not installed." if current == name else
                f"Theme '{chain[-1].name}' extends '{current}', which is not installed.",
                file=where if current == name else rel(chain[-1] / "theme.yaml"), line=line, column=col,
                hint=(f"Did you mean '{close[0]}'? " if close else "") + f"Installed themes: {', '.join(names)} (octavo themes)."))
        if folder in chain:
            raise BookError(Diagnostic("H004", f"Theme '{current}' extends itself through {[f.name for f in chain]}.",
                                       file=rel(folder / "theme.yaml"), hint="Remove the loop of 'extends'."))
        chain.append(folder)
        data = _read(folder)
        values = _merge(data, values)  # the theme nearer the book wins
        current = data.get("extends")
    values.pop("extends", None)
    description = str(values.pop("description", "")).strip()
    report = Report()
    _check_design(design or {}, values, (), report, where, yaml_data)
    report.raise_if_errors()
    return Theme(name, tuple(chain), description, _merge(values, design or {}))


@lru_cache(maxsize=None)
def _default_values() -> dict:
    return load_theme(DEFAULT_THEME).values


def default_design() -> dict:
    """The default theme's design values (a copy): what code that is given no book's design
    reads (a bare Hyphenator, the page-design tests), so no number is copied into Python."""
    return copy.deepcopy(_default_values())


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _check_design(design: Any, theme: Any, loc: tuple, report: Report, where: str | None, yaml_data: Any) -> None:
    key = ".".join(("design",) + loc)
    line, col = _locate(yaml_data, ("design",) + loc)
    if isinstance(theme, dict):
        if not isinstance(design, dict):
            report.error("C111", f"Config key '{key}': expected a mapping of design values, got {_kind(design)}.",
                         file=where, line=line, column=col, hint="Indent its keys below it, as in the theme's theme.yaml.")
            return
        for name, value in design.items():
            if name not in theme:
                close = suggest(str(name), list(theme))
                kl, kc = _locate(yaml_data, ("design",) + loc + (name,))
                report.error("C110", f"Config key '{key}.{name}': the theme has no such design value.",
                             file=where, line=kl, column=kc,
                             hint=f"Did you mean '{close[0]}'?" if close else f"Its values here: {', '.join(theme)}.")
            else:
                _check_design(value, theme[name], loc + (name,), report, where, yaml_data)
    elif _kind(design) != _kind(theme) or (isinstance(theme, list) and len(design) != len(theme)):
        report.error("C111", f"Config key '{key}': expected {_kind(theme)} like the theme's {theme!r}, got {design!r}.",
                     file=where, line=line, column=col, hint="Write a value of the same kind as the theme's.")


def _locate(data: Any, loc: tuple) -> tuple[int | None, int | None]:
    if data is None:
        return None, None
    from octavo.config import _position

    return _position(data, loc)


def search_path(book_root: Path, theme: Theme, templates: Path = PACKAGE_TEMPLATES) -> tuple[Path, ...]:
    """Where templates are looked up, first found wins; ``templates`` is octavo's templates
    folder (the installed one, or a copy a caller points the book at)."""
    own = Path(book_root) / "templates"
    themes = tuple(templates / "themes" / folder.name for folder in theme.folders)
    return ((own,) if own.is_dir() else ()) + themes + (templates,)


# Classes octavo itself gives meaning to in a manuscript or adds to the tree before rendering.
OCTAVO_CLASSES = {"unnumbered", "unlisted", "ednote", "editor-note", "smallcaps", "underline", "break", "line",
                  "ix", "xref"}  # ix: an index mark (octavo.index.marks); xref: a cross-reference


def styled_classes(template_path: tuple[Path, ...]) -> set[str]:
    """Every class name a stylesheet on the template path mentions (``.name`` in a
    ``*.css.j2`` file: the theme's, the themes it extends, a book's own)."""
    import re

    names: set[str] = set()
    for folder in template_path:
        for css in folder.rglob("*.css.j2"):
            names.update(re.findall(r"\.([A-Za-z_][\w-]*)", css.read_text(encoding="utf-8")))
    return names


def check_classes(doc, template_path: tuple[Path, ...], report: Report) -> None:
    """H005, a located warning: a class in the manuscript (``::: epigraph``, ``[x]{.signature}``)
    that no stylesheet of the theme or the book styles, so it would change nothing on the page."""
    from octavo.ast import attr_of, iter_nodes

    known = styled_classes(template_path) | OCTAVO_CLASSES
    for section in doc.sections:
        seen: set[str] = set()
        for node in iter_nodes(section.blocks):
            attr = attr_of(node) if isinstance(node, dict) and node.get("t") in ("Div", "Span", "Header", "Link", "Figure") else None
            if not attr:
                continue
            for name in attr[1]:
                if name in known or name.startswith("csl-") or name in seen:
                    continue
                seen.add(name)
                line = section.line_of("." + name)
                report.warn("H005", f"Class '.{name}' is styled by no stylesheet of the theme or the book.",
                            file=section.where, line=line,
                            hint="Use a class the theme styles (README: Classes), or style it in the book's "
                                 "templates/theme.css.j2.")
