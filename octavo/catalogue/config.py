"""The catalogue.yaml schema: the books of a list and the settings they share.

Takes: the path of a ``catalogue.yaml``. Gives: a validated ``Catalogue`` (each
book folder resolved, the shared settings checked against book.yaml's own
schema, the cluster's TLS files resolved), or raises ``BookError`` listing
every problem at once, each with the key, the file and the line.

Shared settings are book.yaml keys that hold for every book of the list (theme,
publisher, rights, print, publication prices...). A book's own book.yaml wins:
mappings merge key by key (``octavo.config.merge_settings``), any other value
of the book replaces the shared one. Paths inside shared settings (a .csl
style, an .icc profile) are read relative to each book's folder, as in book.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from octavo.config import BookConfig, _position, _TYPE_HINTS, _plain, read_yaml
from octavo.errors import BookError, Diagnostic, Report, rel, suggest

# book.yaml keys that describe one book: never shared by a list
OWN_KEYS = frozenset({
    "title", "subtitle", "slug", "authors", "contributors", "description", "subjects", "identifiers", "chapters",
    "front", "back", "bibliography", "series", "edition", "original_publication", "text_source", "year",
    "accessibility_summary", "publication_history", "printing", "opening_label", "cover",
})
SHAREABLE = tuple(k for k in BookConfig.model_fields if k not in OWN_KEYS)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ClusterSettings(_Strict):
    """Where a list is built when not on this machine's processes alone."""

    scheduler: str | None = Field(None, description="Address of a running Dask scheduler (tcp://host:8786 or "
                                                     "tls://host:8786); --scheduler overrides it.")
    tls_ca_file: str | None = Field(None, description="For tls://: the CA certificate that signed the cluster's "
                                                      "certificates (PEM), relative to catalogue.yaml.")
    tls_cert: str | None = Field(None, description="For tls://: this client's certificate (PEM).")
    tls_key: str | None = Field(None, description="For tls://: this client's private key (PEM); may be in tls_cert's file.")


class CatalogueConfig(_Strict):
    """Everything octavo needs to know about a list, from ``catalogue.yaml``."""

    books: list[str] = Field(min_length=1, description="Book folders (each holding book.yaml), relative to catalogue.yaml.")
    shared: dict[str, Any] = Field(default_factory=dict, description="book.yaml settings every book gets unless its "
                                   "own book.yaml sets them: " + ", ".join(SHAREABLE) + ".")
    sender: str | None = Field(None, description="Sender of the list's ONIX message; the shared publisher when unset.")
    cluster: ClusterSettings = Field(default_factory=ClusterSettings)


@dataclass
class Catalogue:
    path: Path  # catalogue.yaml
    config: CatalogueConfig
    books: list[Path] = field(default_factory=list)  # resolved book folders, in the listed order

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def build_dir(self) -> Path:
        """``build/`` beside catalogue.yaml: the list's own outputs (its ONIX feed)."""
        return self.root / "build"

    @property
    def sender(self) -> str | None:
        return self.config.sender or self.config.shared.get("publisher")

    def tls_files(self) -> dict[str, Path]:
        """The cluster's TLS files named in catalogue.yaml, resolved beside it."""
        c = self.config.cluster
        return {k: self.root / v for k, v in (("ca_file", c.tls_ca_file), ("cert", c.tls_cert), ("key", c.tls_key)) if v}


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate ``catalogue.yaml``; raise one BookError naming every problem."""
    path = Path(path).absolute()
    data = read_yaml(path)
    where = rel(path)
    if not isinstance(data, dict):
        raise BookError(Diagnostic("K001", "catalogue.yaml must be a mapping of keys to values.", file=where, line=1,
                                   hint="Write at least 'books:' and the book folders below it, one '- folder' a line."))
    report = Report()
    plain = _plain(data)
    config = None
    try:
        config = CatalogueConfig.model_validate(plain)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            if loc[:1] == ("shared",) and len(loc) > 1:
                continue  # reported by the shared settings' own check below
            key = ".".join(str(p) for p in loc)
            line, col = _position(data, loc)
            if err["type"] == "extra_forbidden":
                fields = CatalogueConfig.model_fields if len(loc) == 1 else ClusterSettings.model_fields
                close = suggest(str(loc[-1]), list(fields))
                report.error("K002", f"Catalogue key '{key}': unknown key.", file=where, line=line, column=col,
                             hint=f"Did you mean '{close[0]}'?" if close else None)
            elif err["type"] == "missing":
                report.error("K002", f"Catalogue key '{key}': required, but not set.", file=where, line=line or 1,
                             hint="Add it: " + (CatalogueConfig.model_fields[loc[0]].description or ""))
            else:
                msg = err["msg"].removeprefix("Value error, ")
                report.error("K002", f"Catalogue key '{key}': {msg}{'' if msg.endswith('.') else '.'}", file=where,
                             line=line, column=col, hint=_TYPE_HINTS.get(err["type"]))
    shared = plain.get("shared")
    if isinstance(shared, dict):
        _check_shared(shared, data, where, report)
    books = _check_books(plain.get("books"), path, data, report) if isinstance(plain.get("books"), list) else []
    if isinstance(plain.get("cluster"), dict):
        _check_tls(plain["cluster"], path, data, report)
    report.raise_if_errors()
    return Catalogue(path, config, books)


def _check_shared(shared: dict, data: Any, where: str, report: Report) -> None:
    """Each shared key is a book.yaml key a list may share, with a value book.yaml's schema takes."""
    for key, value in shared.items():
        line, col = _position(data, ("shared", key))
        if key in OWN_KEYS:
            report.error("K003", f"Shared setting '{key}': each book has its own.", file=where, line=line, column=col,
                         hint="Set it in each book's book.yaml.")
            continue
        if key not in BookConfig.model_fields:
            close = suggest(key, SHAREABLE)
            report.error("K003", f"Shared setting '{key}': not a book.yaml key.", file=where, line=line, column=col,
                         hint=f"Did you mean '{close[0]}'?" if close else "Shared settings are book.yaml keys: "
                         + ", ".join(SHAREABLE) + ".")
            continue
        try:  # the field's own type from BookConfig: one schema for book.yaml and the list
            TypeAdapter(BookConfig.model_fields[key].annotation).validate_python(value)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ("shared", key, *err["loc"])
                line, col = _position(data, loc)
                msg = err["msg"].removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    msg = "unknown key"
                report.error("K003", f"Shared setting '{'.'.join(str(p) for p in loc[1:])}': {msg}"
                             f"{'' if msg.endswith(('.', '?')) else '.'}", file=where, line=line, column=col,
                             hint=_TYPE_HINTS.get(err["type"]))


def _check_books(names: list, path: Path, data: Any, report: Report) -> list[Path]:
    """Every listed folder holds a book.yaml and is listed once."""
    found: list[Path] = []
    seen: dict[Path, tuple[str, int | None]] = {}
    for i, name in enumerate(names):
        line, col = _position(data, ("books", i))
        if not isinstance(name, str) or not name.strip():
            continue  # a wrong type is reported by the schema
        folder = (path.parent / name).resolve()
        if not (folder / "book.yaml").is_file():
            why = "no such folder" if not folder.is_dir() else "no book.yaml in that folder"
            report.error("K004", f"Book '{name}': {why}.", file=rel(path), line=line, column=col,
                         hint="Give the book folder's path relative to catalogue.yaml.")
            continue
        if folder in seen:
            first, first_line = seen[folder]
            report.error("K005", f"Book '{name}' is already listed as '{first}'"
                         + (f" (line {first_line})." if first_line else "."), file=rel(path), line=line, column=col,
                         hint="List each book once.")
            continue
        seen[folder] = (name, line)
        found.append(folder)
    return found


def _check_tls(cluster: dict, path: Path, data: Any, report: Report) -> None:
    """The TLS files named exist (checked with the rest, before any connection is tried)."""
    for key in ("tls_ca_file", "tls_cert", "tls_key"):
        name = cluster.get(key)
        if isinstance(name, str) and name and not (path.parent / name).is_file():
            line, col = _position(data, ("cluster", key))
            report.error("K007", f"Catalogue key 'cluster.{key}': TLS file '{name}' not found.", file=rel(path),
                         line=line, column=col, hint="Give the PEM file's path relative to catalogue.yaml.")
