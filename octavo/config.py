"""The book.yaml schema: every option typed, defaulted and documented.

Takes: the path of a ``book.yaml``. Gives: a validated ``BookConfig``, or raises
``BookError`` listing every problem at once (unknown key, wrong type, missing
value, missing file), each with the key, the file and line, and a suggestion
where one exists.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from octavo.errors import BookError, Diagnostic, Report, rel, suggest

# Trim sizes print-on-demand services offer, in inches (width, height).
TRIMS: dict[str, tuple[float, float]] = {
    "5x8in": (5.0, 8.0),
    "5.25x8in": (5.25, 8.0),
    "5.5x8.5in": (5.5, 8.5),
    "6x9in": (6.0, 9.0),
    "6.14x9.21in": (6.14, 9.21),
    "7x10in": (7.0, 10.0),
    "8.5x11in": (8.5, 11.0),
    "a5": (148 / 25.4, 210 / 25.4),
    "b-format": (129 / 25.4, 198 / 25.4),
}

# Paper thickness per page (inches), from KDP's spine-width formula.
PAPER_THICKNESS = {"white": 0.002252, "cream": 0.0025}

SCREEN_PAGES: dict[str, tuple[float, float]] = {
    "a5": (148 / 25.4, 210 / 25.4),
    "a4": (210 / 25.4, 297 / 25.4),
    "letter": (8.5, 11.0),
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identifiers(Strict):
    """One identifier per edition; an ISBN-13 where the edition has one."""

    epub: str | None = Field(None, description="ISBN of the EPUB edition.")
    pdf: str | None = Field(None, description="ISBN of the screen PDF edition.")
    print: str | None = Field(None, description="ISBN of the paperback; printed as an EAN-13 barcode on the cover.")

    @field_validator("epub", "pdf", "print", mode="before")
    @classmethod
    def _isbn(cls, value: Any) -> Any:
        if value in (None, ""):
            return None
        digits = re.sub(r"[\s-]", "", str(value))
        if not re.fullmatch(r"97[89]\d{10}", digits):
            raise ValueError("an ISBN-13 has 13 digits and starts with 978 or 979")
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        if (10 - total % 10) % 10 != int(digits[12]):
            raise ValueError(f"ISBN {value} has a wrong check digit")
        return digits


class PrintOptions(Strict):
    """The print-on-demand interior and cover."""

    trim: str = Field("5.5x8.5in", description="Trim size: one of " + ", ".join(TRIMS) + ".")
    paper: Literal["white", "cream"] = Field("cream", description="Paper stock; sets the page thickness.")
    paper_thickness: float | None = Field(None, gt=0, lt=0.01, description="Inches per page; overrides the paper's.")
    binding: Literal["paperback"] = Field("paperback", description="Binding; perfect-bound paperback.")
    bleed: float = Field(0.125, ge=0, le=0.25, description="Bleed in inches on the outer edges.")
    pdf_variant: Literal["pdf/x-4", "pdf/x-1a"] = Field("pdf/x-4", description="PDF/X flavour of the print files.")
    crop_marks: bool = Field(False, description="Crop marks in the bleed (offset printers only; not for KDP/IngramSpark).")
    cover_color: str = Field("device-cmyk(0.85 0.55 0.10 0.45)", description="Cover background, a CSS device-cmyk() colour.")

    @field_validator("trim")
    @classmethod
    def _trim(cls, value: str) -> str:
        key = value.strip().lower().replace(" ", "")
        if key not in TRIMS:
            hint = suggest(key, TRIMS)
            raise ValueError(f"unknown trim '{value}'" + (f"; did you mean '{hint[0]}'?" if hint else f"; choose one of {', '.join(TRIMS)}"))
        return key

    @property
    def size(self) -> tuple[float, float]:
        return TRIMS[self.trim]

    @property
    def thickness(self) -> float:
        return self.paper_thickness or PAPER_THICKNESS[self.paper]


class ScreenOptions(Strict):
    """The screen PDF for download."""

    page: Literal["a5", "a4", "letter"] = Field("a5", description="Page size of the screen PDF.")

    @property
    def size(self) -> tuple[float, float]:
        return SCREEN_PAGES[self.page]


class Fonts(Strict):
    """Typefaces, by fontconfig family name; each must be installed."""

    body: str = Field("EB Garamond 12", description="Text face; needs regular and italic.")


class BookConfig(Strict):
    """Everything octavo needs to know about a book, from ``book.yaml``."""

    title: str = Field(description="The book's title.")
    subtitle: str | None = Field(None, description="Subtitle, shown on the title page and cover.")
    slug: str | None = Field(None, description="File-name stem of the outputs; derived from the title when absent.")
    authors: list[str] = Field(min_length=1, description="Authors, in the order credited.")
    language: str = Field("en", description="BCP 47 language tag, e.g. en-GB.")
    publisher: str = Field(description="Publisher's name.")
    rights: str = Field(description="Copyright or licence statement.")
    edition: str | None = Field(None, description="Edition statement, e.g. 'First edition'.")
    year: int | None = Field(None, description="Year of publication.")
    description: str = Field(description="The publisher's description: metadata and back cover.")
    subjects: list[str] = Field(default_factory=list, description="Subject keywords.")
    identifiers: Identifiers = Field(default_factory=Identifiers, description="ISBN per edition; may be empty.")
    chapters: list[str] = Field(min_length=1, description="Chapter files in reading order, relative to the book folder.")
    front: list[str] = Field(default_factory=list, description="Extra front matter files (dedication, preface).")
    back: list[str] = Field(default_factory=list, description="Extra back matter files (afterword, about the author).")
    bibliography: str | None = Field(None, description="CSL YAML or JSON file of works cited.")
    citation_style: str = Field("chicago-notes-bibliography-17th-edition", description="CSL style name from the installed collection, or a path to a .csl file.")
    accessibility_summary: str | None = Field(None, description="EPUB accessibility summary; a default is written from the content.")
    print: PrintOptions = Field(default_factory=PrintOptions)
    screen: ScreenOptions = Field(default_factory=ScreenOptions)
    fonts: Fonts = Field(default_factory=Fonts)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
            raise ValueError("a slug is lower-case letters and digits joined by single hyphens")
        return value

    @field_validator("language")
    @classmethod
    def _lang(cls, value: str) -> str:
        if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", value):
            raise ValueError(f"'{value}' is not a BCP 47 language tag such as 'en' or 'en-GB'")
        return value

    @property
    def book_slug(self) -> str:
        return self.slug or slugify(self.title)


def slugify(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "book"


# --- loading ---------------------------------------------------------------

def _position(node: Any, loc: tuple) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest key in ``loc`` that exists in the YAML."""
    line = col = None
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            ln, cl = node.lc.key(part)
            line, col = ln + 1, cl + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            ln, cl = node.lc.item(part)
            line, col = ln + 1, cl + 1
            node = node[part]
        else:
            break
    return line, col


def _fields_at(loc: tuple) -> list[str]:
    model: Any = BookConfig
    for part in loc:
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            break
        model = field.annotation
    return list(getattr(model, "model_fields", {}))


def read_yaml(path: Path) -> Any:
    """Parse YAML keeping line numbers; a syntax error becomes a located BookError."""
    from octavo.sources import read_text

    text = read_text(path)
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise BookError(Diagnostic(
            "C101", f"YAML syntax error: {exc.problem or exc.context}.",
            file=rel(path), line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
            hint="Check indentation and quoting on that line.")) from None


def load_config(path: Path) -> BookConfig:
    """Read and validate ``book.yaml``; raise one BookError naming every problem."""
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise BookError(Diagnostic("C102", "book.yaml must be a mapping of keys to values.", file=rel(path), line=1))
    report = Report()
    try:
        config = BookConfig.model_validate(_plain(data))
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc)
            line, col = _position(data, loc)
            if err["type"] == "extra_forbidden":
                close = suggest(str(loc[-1]), _fields_at(loc[:-1]))
                report.error("C103", f"Config key '{key}': unknown key.", file=rel(path), line=line, column=col,
                             hint=f"Did you mean '{close[0]}'?" if close else None)
            elif err["type"] == "missing":
                report.error("C104", f"Config key '{key}': required, but not set.", file=rel(path),
                             line=line or 1, hint=BookConfig_doc(loc))
            else:
                msg = err["msg"].removeprefix("Value error, ")
                msg += "" if msg.endswith((".", "?")) else "."
                report.error("C105", f"Config key '{key}': {msg}", file=rel(path), line=line, column=col)
        _check_files(_plain(data), path, data, report)  # missing files are reported with the rest
        report.raise_if_errors()
        raise  # unreachable: every validation error is reported above
    _check_files(config.model_dump(), path, data, report)
    report.raise_if_errors()
    return config


def BookConfig_doc(loc: tuple) -> str | None:
    field = BookConfig.model_fields.get(loc[0]) if len(loc) == 1 else None
    return f"Add it: {field.description}" if field and field.description else None


def _check_files(values: dict, path: Path, data: Any, report: Report) -> None:
    """Every listed file exists; ``values`` may be unvalidated, so skip what is not a path."""
    root = path.parent
    for key in ("chapters", "front", "back"):
        names = values.get(key) or []
        for i, name in enumerate(names if isinstance(names, list) else []):
            if not isinstance(name, str):
                continue
            if not (root / name).is_file():
                line, col = _position(data, (key, i))
                near = suggest(Path(name).name, [p.name for p in (root / name).parent.glob("*.md")]) if (root / name).parent.is_dir() else []
                report.error("C106", f"Config key '{key}[{i}]': file '{name}' not found.", file=rel(path),
                             line=line, column=col,
                             hint=f"Did you mean '{str(Path(name).parent / near[0])}'?" if near else None)
    bibliography = values.get("bibliography")
    if isinstance(bibliography, str) and bibliography and not (root / bibliography).is_file():
        line, col = _position(data, ("bibliography",))
        report.error("C106", f"Config key 'bibliography': file '{bibliography}' not found.",
                     file=rel(path), line=line, column=col)


def _plain(node: Any) -> Any:
    """ruamel's round-trip types as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if node is not None and type(node).__module__.startswith("ruamel"):
        for base in (bool, int, float, str):
            if isinstance(node, base):
                return base(node)
    return node
