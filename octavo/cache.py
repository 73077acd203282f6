"""The build cache: what each output was made from, so unchanged outputs are kept.

Takes: the book folder, the templates and the build folder. Gives:

- ``quick_fingerprint``: a hash of every file in the book folder and the
  templates, cheap enough (no config parsing, no heavy imports) for the
  no-op check ``up_to_date`` that the CLI runs before anything else;
- ``input_keys``: per-output keys over exactly what each output depends on
  (content, the templates it uses, tool versions), for partial rebuilds;
- ``Manifest``: ``build/.cache/manifest.json``, the keys and the stat of each
  output written, plus the print layout's page map for the EPUB.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from octavo.i18n import MESSAGES

MANIFEST = "manifest.json"
SCHEMA = 2


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
    for folder in book.template_path:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            if name.startswith("themes/"):
                continue  # other themes: a theme in use is on the path itself
            kinds = next((v for k, v in _TEMPLATE_OUTPUTS.items() if name.startswith(k) or name == k), _ALL)
            for kind in kinds:
                hashes[kind].update(f"{folder}\0{name}\0{_file_digest(path)}\0".encode())
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


def input_keys(book, tool_versions: str) -> dict[str, str]:
    """Keys of what each output depends on. The cover's and the EPUB's keys
    also depend on the print layout; the build adds that when it is known."""
    templates = _templates_digests(book)
    fonts = "".join(f"{p}:{_stat(p)}" for _w, _s, p in book.fonts.faces())
    images = "".join(f"{p}:{os.readlink(p) if p.is_symlink() else _file_digest(p)}"  # links are not followed
                     for p in sorted((book.root / "images").rglob("*")) if p.is_file() or p.is_symlink()) \
        if (book.root / "images").is_dir() else ""
    content = digest(
        tool_versions, _file_digest(book.root / "book.yaml"), fonts, images,
        *[_file_digest(p) for p in book.front_files + book.chapter_files + book.back_files],
        _file_digest(book.bibliography) if book.bibliography else "", _file_digest(book.csl),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
    )
    cover = digest(tool_versions, _file_digest(book.root / "book.yaml"), fonts, templates["cover"],
                   os.environ.get("SOURCE_DATE_EPOCH", ""))
    epub = digest(content, templates["epub"])
    return {
        "print": digest(content, templates["print"]),
        "pdf": digest(content, templates["pdf"]),
        "cover": cover,
        "epub": epub,
    }


@dataclass
class Manifest:
    path: Path
    fingerprint: str = ""
    keys: dict[str, str] = field(default_factory=dict)  # output kind -> key it was built from
    outputs: dict[str, dict] = field(default_factory=dict)  # output kind -> {"path", "stat"}
    layout: dict = field(default_factory=dict)  # the print layout: pages, anchors, labels, inner margin

    @classmethod
    def load(cls, build_dir: Path) -> "Manifest":
        path = build_dir / ".cache" / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("schema") != SCHEMA:
                raise ValueError
            return cls(path, data["fingerprint"], data["keys"], data["outputs"], data.get("layout", {}))
        except (OSError, ValueError, KeyError):
            return cls(path)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"schema": SCHEMA, "fingerprint": self.fingerprint, "keys": self.keys,
                                   "outputs": self.outputs, "layout": self.layout}), encoding="utf-8")
        os.replace(tmp, self.path)

    def fresh(self, kind: str, key: str) -> bool:
        """The output was built from ``key`` and is on disk as it was written."""
        out = self.outputs.get(kind)
        if self.keys.get(kind) != key or not out:
            return False
        path = Path(out["path"])
        try:
            return _stat(path) == out["stat"]
        except OSError:
            return False

    def record(self, kind: str, key: str, path: Path) -> None:
        self.keys[kind] = key
        self.outputs[kind] = {"path": str(path), "stat": _stat(path)}


def up_to_date(book_dir: Path, build_dir: Path, templates: Path, version: str, kinds: tuple[str, ...]) -> bool:
    """True when nothing in the book or templates changed since every output in
    ``kinds`` was written, and those files are untouched: nothing to do."""
    manifest = Manifest.load(build_dir)
    if not manifest.fingerprint or not all(manifest.outputs.get(k) for k in kinds):
        return False
    if quick_fingerprint(book_dir, templates, build_dir, version) != manifest.fingerprint:
        return False
    for kind in kinds:
        try:
            if _stat(Path(manifest.outputs[kind]["path"])) != manifest.outputs[kind]["stat"]:
                return False
        except OSError:
            return False
    return True
