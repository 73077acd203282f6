"""The build cache: what each output was made from, so unchanged outputs are kept.

Takes: the book folder, the templates and the build folder. Gives:

- ``quick_fingerprint``: a hash of every file in the book folder and the
  templates, cheap enough (no config parsing, no heavy imports) for the
  no-op check ``up_to_date`` that the CLI runs before anything else;
- ``input_keys``: per-output keys over exactly what each output depends on
  (content, the templates it uses, tool versions), for partial rebuilds;
- ``Manifest``: ``build/.cache/manifest.json``, the keys and the stat of each
  output written (and its SHA-256), the results the runner remembers by target (the print
  layout's page map for the EPUB) and the targets the last build ran.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from octavo.atomic import write_atomic
from octavo.i18n import MESSAGES

MANIFEST = "manifest.json"
SCHEMA = 4  # 3: outputs by name in the build folder; recorded dependencies. 4: keys and results by target, digests, ran


def _hash_files(h, root: Path, skip: Path | None = None) -> None:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and (skip is None or Path(dirpath, d) != skip))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            h.update(str(path.relative_to(root)).encode() + b"\0")
            try:
                if path.is_symlink():  # never read through a link: it may lead out of the book
                    h.update(b"link:" + os.readlink(path).encode() + str(path.stat().st_mtime_ns).encode())
                else:
                    h.update(path.read_bytes())
            except OSError:
                h.update(b"<unreadable>")


def quick_fingerprint(book_dir: Path, templates: Path, build_dir: Path, version: str) -> str:
    h = hashlib.sha256(f"octavo {version}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    _hash_files(h, book_dir.resolve(), skip=build_dir.resolve())
    h.update(b"\0templates\0")
    _hash_files(h, templates)
    h.update(b"\0messages\0")
    _hash_files(h, MESSAGES)
    return h.hexdigest()


# Which outputs a template file feeds, by its name under a template folder; anything else
# (theme.yaml, theme.css.j2, the apparatus partials) feeds them all.
_TEMPLATE_OUTPUTS = {
    "epub/": ("epub",), "cover.": ("cover",), "print.css.j2": ("print",), "screen.css.j2": ("pdf",),
    "pdf.css.j2": ("print", "pdf"), "book.html.j2": ("print", "pdf"),
}
_ALL = ("print", "pdf", "epub", "cover")


def _templates_digests(book) -> dict[str, str]:
    """Per output, a digest of every template file it can reach (the book's own templates,
    the theme and the themes it extends, octavo's shared templates) and of the message
    catalogues: an edit rebuilds the outputs that use the file, and only those."""
    hashes = {kind: hashlib.sha256() for kind in _ALL}
    for place, folder in enumerate(book.template_path):  # by place, never by absolute path: a moved book keeps its keys
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            if name.startswith("themes/"):
                continue  # other themes: a theme in use is on the path itself
            kinds = next((v for k, v in _TEMPLATE_OUTPUTS.items() if name.startswith(k) or name == k), _ALL)
            for kind in kinds:
                hashes[kind].update(f"{place}\0{name}\0{_file_digest(path)}\0".encode())
    messages = hashlib.sha256()
    _hash_files(messages, MESSAGES)
    return {kind: digest(h.hexdigest(), messages.hexdigest()) for kind, h in hashes.items()}


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _stat(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


# book.yaml sections that only one output reads: a change there rebuilds only that output
_ONLY_FOR = {"print": ("print",), "screen": ("pdf",)}
# what the cover never reads: the text of the book and the screen edition
_NOT_ON_COVER = ("chapters", "front", "back", "bibliography", "citation_style", "accessibility_summary", "screen")


def config_slice(book, drop: tuple[str, ...] = (), keep: tuple[str, ...] = ()) -> str:
    """The validated config as canonical JSON, without the keys in ``drop`` and without the
    one-output sections (``_ONLY_FOR``) other than those in ``keep``: comments, layout and
    key order in book.yaml change nothing, and a key invalidates only the outputs that read it."""
    data = book.config.model_dump(mode="json")
    for key in list(data):
        if key in drop or (key in _ONLY_FOR and key not in keep):
            del data[key]
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def input_keys(book, tool_versions: str, dependencies: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """Keys of what each output depends on: the config keys it reads, the manuscript, the
    files the last build recorded as read (``dependencies``, book-relative: images wherever
    they are), the templates it uses and the tool versions. The cover's and the EPUB's keys
    also depend on the print layout; the build adds that when it is known."""
    templates = _templates_digests(book)
    fonts = "".join(f"{p}:{_stat(p)}" for p in book.font_files())
    deps = "".join(f"{d}:{_dep_digest(book.root / d)}" for d in sorted(dependencies))
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    content = digest(
        tool_versions, config_slice(book), fonts, deps,
        *[_file_digest(p) for p in book.front_files + book.chapter_files + book.back_files],
        _file_digest(book.bibliography) if book.bibliography else "", _file_digest(book.csl), epoch,
    )
    intent = _file_digest(book.cmyk_profile)  # the print files' output intent (and the cover's screen colours)
    art = book.config.cover.image
    cover = digest(tool_versions, config_slice(book, drop=_NOT_ON_COVER, keep=("print",)), fonts, intent,
                   _file_digest(book.root / art) if art else "", templates["cover"], epoch)
    epub = digest(content, templates["epub"])
    return {
        # the ONIX record: the metadata, and (added by the build) the page count and cover
        "onix": digest(tool_versions, config_slice(book, keep=("print",)), epoch),  # trim and paper; not the screen page
        "print": digest(content, config_slice(book, keep=("print",)), templates["print"], intent),
        "pdf": digest(content, config_slice(book, keep=("screen",)), templates["pdf"]),
        "cover": cover,
        "epub": epub,
    }


def _dep_digest(path: Path) -> str:
    """A recorded dependency's state; a link is not followed (it may lead out of the book)."""
    return f"link:{os.readlink(path)}" if path.is_symlink() else _file_digest(path)


@dataclass
class Manifest:
    """``build/.cache/manifest.json``. Outputs are recorded by name inside the build folder,
    never by absolute path, so a copied or moved book answers for its own files."""

    path: Path
    fingerprint: str = ""
    keys: dict[str, str] = field(default_factory=dict)  # output kind -> key it was built from
    outputs: dict[str, dict] = field(default_factory=dict)  # output kind -> {"name", "stat"}
    results: dict[str, dict] = field(default_factory=dict)  # target -> {"key", "value"}: remembered results
    deps: list[str] = field(default_factory=list)  # book-relative files the last build read besides the text
    ran: list[str] = field(default_factory=list)  # the targets the last build ran, in the order they finished

    @property
    def layout(self) -> dict:
        """The print layout as last made: pages, anchors, labels, inner margin."""
        kept = self.results.get("print-layout")
        return kept.get("value") or {} if isinstance(kept, dict) else {}

    @property
    def build_dir(self) -> Path:
        return self.path.parent.parent

    @classmethod
    def load(cls, build_dir: Path) -> "Manifest":
        path = build_dir / ".cache" / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA:
                raise ValueError
            return cls(path, data["fingerprint"], data["keys"], data["outputs"], data.get("results", {}),
                       list(data.get("deps", [])), list(data.get("ran", [])))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def save(self) -> None:
        write_atomic(self.path, json.dumps({"schema": SCHEMA, "fingerprint": self.fingerprint, "keys": self.keys,
                                            "outputs": self.outputs, "results": self.results, "deps": self.deps,
                                            "ran": self.ran}))

    def output_path(self, kind: str) -> Path | None:
        out = self.outputs.get(kind)
        name = out.get("name") if isinstance(out, dict) else None
        # a recorded name is a plain file name: never a path that could point elsewhere
        return self.build_dir / name if isinstance(name, str) and name and Path(name).name == name else None

    def present(self, kind: str) -> bool:
        """The output is on disk in this build folder, as it was written."""
        path = self.output_path(kind)
        try:
            return path is not None and _stat(path) == self.outputs[kind]["stat"]
        except OSError:
            return False

    def fresh(self, kind: str, key: str) -> bool:
        """The output was built from ``key`` and is on disk as it was written."""
        return self.keys.get(kind) == key and self.present(kind)

    def record(self, kind: str, key: str, path: Path, sha: str = "") -> None:
        self.keys[kind] = key
        self.outputs[kind] = {"name": path.name, "stat": _stat(path), "sha": sha}

    def stale_files(self, current: dict[str, Path]) -> list[tuple[str, Path]]:
        """Outputs recorded under another name than the one they have now (a retitled book
        without a slug): files this build folder holds that no longer belong to the book."""
        stale = []
        for kind, path in current.items():
            old = self.output_path(kind)
            if old is not None and old.name != path.name and self.present(kind):
                stale.append((kind, old))
        return stale


def kinds_with_spec(kinds: tuple[str, ...] | set[str]) -> set[str]:
    """The outputs a build of ``kinds`` leaves: print and cover go together, and each format
    brings the files it writes besides its own (``COMPANIONS``: the order spec and payloads...)."""
    from octavo.paths import COMPANIONS

    kinds = set(kinds) | ({"print", "cover"} if set(kinds) & {"print", "cover"} else set())
    return kinds | {c for k in kinds for c in COMPANIONS.get(k, ())}


def up_to_date(book_dir: Path, build_dir: Path, templates: Path, version: str, kinds: tuple[str, ...]) -> bool:
    """True when nothing in the book or templates changed since every output in
    ``kinds`` was written, and those files are on disk untouched: nothing to do."""
    manifest = Manifest.load(build_dir)
    wanted = kinds_with_spec(kinds)
    if not manifest.fingerprint or not all(manifest.present(k) for k in wanted):
        return False
    return quick_fingerprint(book_dir, templates, build_dir, version) == manifest.fingerprint


def nothing_to_do(book_dir: Path | None, out_dir: Path | None, kinds: tuple[str, ...]) -> bool:
    """The no-op check the command line runs first: no config parsing and no heavy imports, so
    it answers fast. Any doubt (no book, an unreadable manifest) answers False: the build decides."""
    from octavo import __version__
    from octavo.paths import PACKAGE_TEMPLATES, default_build_dir

    try:
        if book_dir is None or not (book_dir / "book.yaml").is_file():
            return False
        build_dir = out_dir or default_build_dir(book_dir)
        return up_to_date(book_dir, build_dir, PACKAGE_TEMPLATES, __version__, kinds)
    except Exception:  # noqa: BLE001 - when in doubt, build: the build reports any real problem
        return False
