"""The book.yaml schema: every option typed, defaulted and documented.

Takes: the path of a ``book.yaml``. Gives: a validated ``BookConfig``, or raises
``BookError`` listing every problem at once (unknown key, wrong type, missing
value, missing file), each with the key, the file and line, and a suggestion
where one exists.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from octavo.errors import BookError, Diagnostic, Report, rel, suggest
from octavo.metadata import Contributor, Publication, Series, disagreements

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

# Paper thickness per page (inches), from KDP's spine-width formula: black ink on white or
# cream paper; colour interiors print on white paper only (standard colour on the same
# stock as black and white, premium colour on a heavier one).
PAPER_THICKNESS = {"white": 0.002252, "cream": 0.0025}
INK_THICKNESS = {"standard-colour": 0.002252, "premium-colour": 0.002347}

# The free CMYK output profiles Debian ships, by name: Ghostscript's SWOP-like profile
# (libgs-common). Its ps_cmyk.icc has no output tables (colours cannot be converted to it)
# and icc-profiles-free holds FOGRA measurement data, not profiles; so a book that must
# match a printer's condition (FOGRA39 for European offset, GRACoL/SWOP in the US) names
# that printer's .icc file, kept in the book folder.
OUTPUT_INTENTS = {
    "ghostscript-default": Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),
}

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
    hardcover: str | None = Field(None, description="ISBN of the hardcover, when there is one.")

    @field_validator("epub", "pdf", "print", "hardcover", mode="before")
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
        # keep the publisher's hyphenation (it follows the registration ranges, which
        # octavo does not know) for print; isbn_digits() gives the bare number
        return re.sub(r"\s+", "-", str(value).strip())


def isbn_digits(isbn: str | None) -> str | None:
    """The 13 digits of an ISBN as written in book.yaml (hyphens removed)."""
    return re.sub(r"\D", "", isbn) if isbn else None


class PrintOptions(Strict):
    """The print-on-demand interior and cover."""

    trim: str = Field("5.5x8.5in", description="Trim size: one of " + ", ".join(TRIMS) + ".")
    ink: Literal["black", "standard-colour", "premium-colour"] = Field(
        "black", description="Interior ink: black (images set in grey) or a colour interior (white paper only).")
    paper: Literal["white", "cream"] = Field("cream", description="Paper stock; sets the page thickness. White for a colour interior.")
    paper_thickness: float | None = Field(None, gt=0, lt=0.01, description="Inches per page; overrides the paper's.")
    binding: Literal["paperback", "case-laminate", "dust-jacket"] = Field(
        "paperback", description="Binding: a perfect-bound paperback, or a hardcover - case-laminate (the cover printed on "
                                 "the case) or dust-jacket (a jacket with flaps) - whose cover follows Lulu's hardcover "
                                 "specification (24 to 800 pages).")
    bleed: float = Field(0.125, ge=0, le=0.25, description="Bleed in inches on the outer edges.")
    pdf_variant: Literal["pdf/x-4", "pdf/x-1a"] = Field("pdf/x-4", description="PDF/X flavour of the print files.")
    finish: Literal["matte", "gloss"] = Field("matte", description="Cover laminate: matte or gloss (the print services' order codes).")
    crop_marks: bool = Field(False, description="Crop marks in the bleed (offset printers only; not for KDP/IngramSpark).")
    cover_color: str | None = Field(None, description="Cover background, a CSS device-cmyk() colour; the theme's when unset.")
    output_intent: str = Field("ghostscript-default", description="CMYK profile of the print files: "
                               + ", ".join(OUTPUT_INTENTS) + ", or a .icc file in the book folder.")

    @model_validator(mode="before")
    @classmethod
    def _colour_paper(cls, data: Any) -> Any:
        # a colour interior prints on white paper: the default stock follows the ink
        if isinstance(data, dict) and str(data.get("ink", "")).endswith("colour") and "paper" not in data:
            data = {**data, "paper": "white"}
        return data

    @field_validator("paper")
    @classmethod
    def _paper(cls, value: str, info) -> str:
        if value == "cream" and str(info.data.get("ink", "")).endswith("colour"):
            raise ValueError("a colour interior prints on white paper only; write 'paper: white' or 'ink: black'")
        return value

    @field_validator("output_intent")
    @classmethod
    def _intent(cls, value: str) -> str:
        if value not in OUTPUT_INTENTS and not value.lower().endswith((".icc", ".icm")):
            raise ValueError(f"unknown output intent '{value}'; choose one of {', '.join(OUTPUT_INTENTS)}, "
                             "or give the path of a CMYK .icc file in the book folder")
        return value

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
        return self.paper_thickness or INK_THICKNESS.get(self.ink) or PAPER_THICKNESS[self.paper]

    @property
    def colour(self) -> bool:
        return self.ink != "black"


class CoverOptions(Strict):
    """The front cover's artwork."""

    image: str | None = Field(None, description="Front artwork, a JPEG or PNG in the book folder; at least 300 dpi at its placed size in print.")
    title_position: Literal["under", "over"] = Field(
        "under", description="The title block under the artwork (which fills the top of the front), or over it (the artwork fills the front to the bleed).")

    @field_validator("image")
    @classmethod
    def _image(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.lower().endswith((".jpg", ".jpeg", ".png")):
            raise ValueError(f"'{value}' is not a JPEG or PNG file")
        return value


class ScreenOptions(Strict):
    """The screen PDF for download."""

    page: Literal["a5", "a4", "letter"] = Field("a5", description="Page size of the screen PDF.")

    @property
    def size(self) -> tuple[float, float]:
        return SCREEN_PAGES[self.page]


class Fonts(Strict):
    """Typefaces, by family name (a packaged family or a fontconfig one); each must be installed."""

    body: str | None = Field(None, description="Text face; needs regular and italic. The theme's when unset.")
    mono: str = Field("JetBrains Mono", description="Code face; needs a regular (bold used when present).")


class HouseStyle(Strict):
    """The house style ``octavo lint`` checks the manuscript against."""

    spelling: Literal["en-GB", "en-US"] | None = Field(
        None, description="British (-our) or American (-or) spellings; default from `language` (en-GB, en-US), "
                          "otherwise only mixing both in one book is reported.")
    ize: Literal["ize", "ise"] | None = Field(
        None, description="-ize (American, and Oxford British) or -ise verbs; default: either, but not both.")
    ellipsis: Literal["closed", "spaced", "space-after", "consistent"] = Field(
        "consistent", description="Ellipsis between words: closed (a…b), spaced (a … b), space-after (a… b), or "
                                  "consistent (the book's most frequent spacing).")
    dash: Literal["em-closed", "em-spaced", "en-spaced"] = Field(
        "em-closed", description="Parenthetical dashes: closed em (a—b), spaced em (a — b) or spaced en (a – b).")
    locators: Literal["quotations", "never"] = Field(
        "quotations", description="Quotations cited from books, chapters and articles need a page (quotations), "
                                  "or no locator is asked for (never).")
    ignore_file: str = Field("lint-ignore.yaml", description="Findings kept on purpose (code, file, line, reason), "
                                                             "relative to the book folder.")


class Hyphenation(Strict):
    """Where the PDFs may break words, beyond the language's patterns and octavo's list."""

    exceptions: list[str] = Field(default_factory=list, description=(
        "Words with their allowed breaks marked by hyphens (ta-ble); a word written whole is never broken."))

    @field_validator("exceptions")
    @classmethod
    def _words(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", entry):
                raise ValueError(f"'{entry}' is not a word with breaks marked by single hyphens, such as 'ta-ble'")
        return value


class BookConfig(Strict):
    """Everything octavo needs to know about a book, from ``book.yaml``."""

    title: str = Field(description="The book's title.")
    subtitle: str | None = Field(None, description="Subtitle, shown on the title page and cover.")
    slug: str | None = Field(None, description="File-name stem of the outputs; derived from the title when absent.")
    authors: list[str] = Field(min_length=1, description="Authors, in the order credited.")
    language: str = Field("en", description="BCP 47 language tag, e.g. en-GB.")
    publisher: str = Field(description="Publisher's name.")
    rights: str = Field(description="Copyright or licence statement.")
    contributors: list[Contributor] = Field(default_factory=list, description="Other people credited (editor, translator, introduction...), and authors' sort names.")
    series: Series | None = Field(None, description="The series the book belongs to: name and number.")
    edition: str | None = Field(None, description="Edition statement, e.g. 'First edition'; none is printed unless given.")
    original_publication: str | None = Field(None, description="For a reprint: where and when the text first appeared.")
    text_source: str | None = Field(None, description="For a reprint: the edition the text is taken from.")
    year: int | None = Field(None, description="Year of publication.")
    description: str = Field(description="The publisher's description: metadata and back cover.")
    subjects: list[str] = Field(default_factory=list, description="Subject keywords.")
    identifiers: Identifiers = Field(default_factory=Identifiers, description="ISBN per edition; may be empty.")
    chapters: list[str] = Field(min_length=1, description="Chapter files in reading order, relative to the book folder.")
    front: list[str] = Field(default_factory=list, description="Extra front matter files (dedication, preface).")
    back: list[str] = Field(default_factory=list, description="Extra back matter files (afterword, about the author).")
    bibliography: str | None = Field(None, description="CSL YAML or JSON file of works cited.")
    citation_style: str = Field("chicago-notes-bibliography-17th-edition", description="CSL style name from the installed collection, or a path to a .csl file.")
    site: str | None = Field(None, description="The book's web address (https://...): site-root links in the chapters, "
                             "such as [x](/about/), are made absolute against it.")
    list_of_illustrations: bool = Field(False, description="A list of the figures (with their captions and, in print, "
                                        "pages) in the front matter, after the contents.")
    accessibility_summary: str | None = Field(None, description="EPUB accessibility summary; a default is written from the content.")
    theme: str = Field("classic", description="The design: an installed theme (octavo themes lists them).")
    design: dict[str, Any] = Field(default_factory=dict, description="Overrides of the theme's design values (theme.yaml), same keys.")
    print: PrintOptions = Field(default_factory=PrintOptions)
    screen: ScreenOptions = Field(default_factory=ScreenOptions)
    cover: CoverOptions = Field(default_factory=CoverOptions)
    fonts: Fonts = Field(default_factory=Fonts)
    house_style: HouseStyle = Field(default_factory=HouseStyle, description="The house style `octavo lint` checks.")
    contributors: list[Contributor] = Field(default_factory=list, description="Everyone credited, with roles and sort names; the authors as authors when absent.")
    series: Series | None = Field(None, description="The series the book belongs to.")
    publication: Publication = Field(default_factory=Publication, description="Publication date, edition number, audience, subject codes, prices.")

    @property
    def credits(self) -> list[Contributor]:
        """Everyone credited: ``contributors`` when given, else the authors as authors."""
        return list(self.contributors) or [Contributor(name=a) for a in self.authors]

    @property
    def publication_year(self) -> int | None:
        return self.publication.date.year if self.publication.date else self.year
    hyphenation: Hyphenation = Field(default_factory=Hyphenation)
    publication_history: list[str] = Field(default_factory=list, description=(
        "Earlier publication, one line each, for the copyright page (e.g. 'First published in 1989 by Fortress Books.')."))
    printing: int = Field(1, ge=1, le=20, description="Which printing this is; the copyright page's printing line ends with it.")
    opening_label: str | None = Field(None, description=(
        "Label set over the title of an unnumbered section that opens the text (e.g. 'Prologue'), where a chapter has its number."))

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
            raise ValueError("a slug is lower-case letters and digits joined by single hyphens")
        return value

    @field_validator("site")
    @classmethod
    def _site(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
            raise ValueError(f"'{value}' is not a web address such as 'https://example.org'")
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


from octavo.slug import slugify  # noqa: E402  (re-exported: section ids and output names)


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
        raise BookError(_yaml_diagnostic(exc, path)) from None
    except YAMLError as exc:  # the reader's errors (control characters) carry a position, not a mark
        pos = getattr(exc, "position", None)
        line = col = None
        if isinstance(pos, int):
            line = text.count("\n", 0, pos) + 1
            col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = getattr(exc, "character", None)
        what = f"character U+{ord(char):04X} is not allowed in YAML" if isinstance(char, str) and char else str(exc).split("\n")[0]
        raise BookError(Diagnostic("C101", f"YAML syntax error: {what}.", file=rel(path), line=line, column=col,
                                   hint="Delete the invisible control character from that line.")) from None


def _yaml_diagnostic(exc: MarkedYAMLError, path: Path) -> Diagnostic:
    """C101 at the most useful place: where an unclosed quote opens, else where parsing stopped."""
    problem, context = (exc.problem or "").strip(), (exc.context or "").strip()
    mark, ctx_mark = exc.problem_mark, exc.context_mark
    hint = "Check indentation and quoting on that line."
    if "quoted scalar" in context and ctx_mark is not None and "end of stream" in problem:
        mark = ctx_mark
        message = "the quoted value that starts here is never closed"
        hint = "Add the closing quote."
    elif "duplicate key" in problem:
        message = problem
        hint = "Keep one of them: a key may appear only once in a mapping."
    else:
        message = problem or context or "the file cannot be read as YAML"
        if context and ctx_mark is not None and mark is not None and ctx_mark.line != mark.line:
            message += f" ({context} that starts at line {ctx_mark.line + 1}, column {ctx_mark.column + 1})"
        if "\\t" in problem:
            hint = "Indent with spaces, not tabs."
    if mark is None:
        mark = ctx_mark
    return Diagnostic("C101", f"YAML syntax error: {message}.", file=rel(path),
                      line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None, hint=hint)


def load_config(path: Path, shared: dict | None = None) -> BookConfig:
    """Read and validate ``book.yaml``; raise one BookError naming every problem. ``shared``:
    settings a publisher's list gives every book (``octavo.catalogue``), under the book's own."""
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise BookError(Diagnostic("C102", "book.yaml must be a mapping of keys to values.", file=rel(path), line=1))
    report = Report()
    try:
        config = BookConfig.model_validate(merge_settings(shared or {}, _plain(data)))
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
                report.error("C105", f"Config key '{key}': {msg}", file=rel(path), line=line, column=col,
                             hint=_TYPE_HINTS.get(err["type"]))
        _check_files(_plain(data), path, data, report)  # missing files are reported with the rest
        report.raise_if_errors()
        raise  # unreachable: every validation error is reported above
    _check_files(config.model_dump(), path, data, report)
    for loc, message, hint in disagreements(config):  # values valid one by one that contradict each other
        line, col = _position(data, loc)
        report.error("C105", f"Config key '{'.'.join(str(p) for p in loc)}': {message}.", file=rel(path),
                     line=line, column=col, hint=hint)
    report.raise_if_errors()
    return config


# How to fix a value of the wrong type, by pydantic's error type.
_TYPE_HINTS = {
    "list_type": "Write it as a list: one '- item' a line below the key, or [a, b].",
    "string_type": "Write it as text; quote it if it looks like a number, a date or true/false.",
    "int_type": "Write a whole number, e.g. 2024.",
    "int_parsing": "Write a whole number, e.g. 2024.",
    "int_from_float": "Write a whole number, e.g. 2024.",
    "float_type": "Write a number, e.g. 0.125.",
    "float_parsing": "Write a number, e.g. 0.125.",
    "bool_type": "Write true or false.",
    "bool_parsing": "Write true or false.",
    "dict_type": "Write it as a mapping: its keys indented below it.",
    "model_type": "Write it as a mapping: its keys indented below it.",
    "too_short": "Add at least one item.",
}


def BookConfig_doc(loc: tuple) -> str | None:
    field = BookConfig.model_fields.get(loc[0]) if len(loc) == 1 else None
    return f"Add it: {field.description}" if field and field.description else None


def _listed_paths(values: dict) -> list[tuple[str, tuple, str]]:
    """(key as shown, key path in the YAML, value) of every file book.yaml names."""
    found = []
    for key in ("chapters", "front", "back"):
        names = values.get(key) or []
        for i, name in enumerate(names if isinstance(names, list) else []):
            if isinstance(name, str):
                found.append((f"{key}[{i}]", (key, i), name))
    for key in ("bibliography", "citation_style"):
        name = values.get(key)
        if isinstance(name, str) and name and (key == "bibliography" or name.endswith(".csl")):
            found.append((key, (key,), name))
    intent = (values.get("print") or {}).get("output_intent") if isinstance(values.get("print"), dict) else None
    if isinstance(intent, str) and intent.lower().endswith((".icc", ".icm")):
        found.append(("print.output_intent", ("print", "output_intent"), intent))
    art = (values.get("cover") or {}).get("image") if isinstance(values.get("cover"), dict) else None
    if isinstance(art, str) and art:
        found.append(("cover.image", ("cover", "image"), art))
    return found


def _outside(root: Path, name: str) -> str | None:
    """Why ``name`` (relative to the book folder) is not allowed, or None when it stays inside."""
    from octavo.sources import inside

    if os.path.isabs(name) or name.startswith("\\"):
        return "is an absolute path; paths in book.yaml are relative to the book folder"
    lexical = os.path.normpath(os.path.join(root.resolve(), name))
    if not Path(lexical).is_relative_to(root.resolve()):
        return "leads outside the book folder"
    if not inside(root, root / name):
        return "is a symlink to a file outside the book folder"
    return None


def _check_files(values: dict, path: Path, data: Any, report: Report) -> None:
    """Every listed file exists, lies inside the book folder (symlinks followed) and is
    listed once; ``values`` may be unvalidated, so skip what is not a path."""
    root = path.parent
    seen: dict[Path, tuple[str, int | None]] = {}
    for shown, loc, name in _listed_paths(values):
        line, col = _position(data, loc)
        where = dict(file=rel(path), line=line, column=col)
        if "\0" in name:
            report.error("C105", f"Config key '{shown}': {name!r} holds a NUL character.", **where,
                         hint="Remove it from the file name.")
            continue
        why = _outside(root, name)
        if why:
            report.error("S605", f"Config key '{shown}': '{name}' {why}.", **where,
                         hint="Copy the file into the book folder and list it there; octavo reads nothing outside the book."
                         if "symlink" in why else "Move the file into the book folder and give its path relative to it.")
            continue
        target = root / name
        if loc[0] == "citation_style":
            continue  # a missing style file is reported with the style lookup (C107)
        if not target.is_file():
            parent = target.parent
            near = suggest(Path(name).name, [p.name for p in parent.glob("*.md")]) if parent.is_dir() and loc[0] not in ("bibliography", "print", "cover") else []
            report.error("C106", f"Config key '{shown}': file '{name}' not found.", **where,
                         hint=f"Did you mean '{str(Path(name).parent / near[0])}'?" if near else None)
            continue
        if loc[0] in ("chapters", "front", "back"):
            real = target.resolve()
            if real in seen:
                first, first_line = seen[real]
                report.error("C108", f"Config key '{shown}': file '{name}' is already listed as '{first}'"
                             + (f" (line {first_line})." if first_line else "."), **where, hint="List each file once.")
            else:
                seen[real] = (shown, line)


def merge_settings(shared: dict, own: dict) -> dict:
    """``own`` over ``shared``: mappings merge key by key, any other value (a list too) of ``own`` wins."""
    merged = dict(shared)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            value = merge_settings(merged[key], value)
        merged[key] = value
    return merged


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
