"""The build cache never lies (issue 13): a copied book answers for its own files, an
image anywhere in the book is a dependency, a comment in book.yaml rebuilds nothing, a
retitle leaves no stale files, and a failed build leaves no temporary file.

One build of a small book (the tiny fixture with a figure kept outside ``images/``) is
made per module; each test works on its own copy of the built folder."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from helpers import copy_book_to, load_tiny
from octavo.build import build
from octavo.cache import Manifest
from octavo.paths import COMPANIONS, output_names
from octavo.project import PACKAGE_TEMPLATES

pytestmark = pytest.mark.slow

OUTPUTS = ("epub", "pdf", "print", "cover", "spec")


def _mark(path: Path, colour: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (600, 300), colour).save(path, dpi=(300, 300))


@pytest.fixture(scope="module")
def built(tmp_path_factory, source_date_epoch) -> Path:
    """The tiny book plus a figure in ``art/`` (not ``images/``), built once: the base folder."""
    base = tmp_path_factory.mktemp("truth")
    root = copy_book_to("tiny", base)
    _mark(root / "art" / "mark.png", "grey")
    chapter = root / "chapters" / "02-second.md"
    chapter.write_text(chapter.read_text(encoding="utf-8")
                       + '\n![A grey mark](art/mark.png){#fig-mark alt="A grey rectangle."}\n', encoding="utf-8")
    shutil.copytree(PACKAGE_TEMPLATES, base / "templates")
    build(load_tiny(base))
    return base




def _names(paths) -> set[str]:
    return {Path(p).name for p in paths}


def test_copied_book_with_outputs_deleted_rebuilds_them(copy):
    from octavo import __version__
    from octavo.cache import up_to_date

    book = load_tiny(copy)
    book.output("epub").unlink()
    book.output("print").unlink()
    # the CLI's no-op check must not answer "up to date" for the copy
    assert not up_to_date(book.root, book.build_dir, book.templates, __version__, ("epub", "pdf", "print", "cover"))
    result = build(book)
    assert {book.output("epub").name, book.output("print").name} <= _names(result.outputs)
    assert all(book.output(k).is_file() for k in OUTPUTS)


def test_untouched_copy_is_up_to_date(copy):
    result = build(load_tiny(copy))
    assert result.outputs == []


def test_deleted_order_spec_is_rebuilt_and_reported(copy):
    from octavo.preflight.pdf import check_print

    book = load_tiny(copy)
    book.output("spec").unlink()
    assert "P700" in {d.code for d in check_print(book)}
    result = build(book)
    # the order spec is made again with the payloads that restate it; nothing laid out again
    assert _names(result.outputs) == {book.output(k).name for k in COMPANIONS["print"]}
    assert book.output("spec").is_file()


def test_image_outside_images_folder_is_a_dependency(copy):
    book = load_tiny(copy)
    assert "art/mark.png" in Manifest.load(book.build_dir).deps
    before = {k: book.output(k).read_bytes() for k in OUTPUTS}
    _mark(copy / "tiny" / "art" / "mark.png", "black")
    result = build(book)
    written = _names(result.outputs)
    assert {book.output(k).name for k in ("epub", "pdf", "print")} <= written
    assert book.output("cover").name not in written  # the cover does not show the figure
    assert book.output("print").read_bytes() != before["print"]


def test_comment_in_book_yaml_rebuilds_nothing(copy):
    book_yaml = copy / "tiny" / "book.yaml"
    book_yaml.write_text("# a note to the editor\n" + book_yaml.read_text(encoding="utf-8") + "\n# the end\n",
                         encoding="utf-8")
    result = build(load_tiny(copy))
    assert result.outputs == []


def test_screen_option_rebuilds_only_the_screen_pdf(copy):
    book_yaml = copy / "tiny" / "book.yaml"
    book_yaml.write_text(book_yaml.read_text(encoding="utf-8") + "screen:\n  page: a4\n", encoding="utf-8")
    book = load_tiny(copy)
    result = build(book)
    assert _names(result.outputs) == {book.output("pdf").name}


def test_retitle_without_slug_leaves_no_stale_files(copy):
    book_yaml = copy / "tiny" / "book.yaml"
    text = book_yaml.read_text(encoding="utf-8").replace("slug: tiny-book\n", "").replace(
        "title: A Tiny Book", "title: A Smaller Book")
    book_yaml.write_text(text, encoding="utf-8")
    book = load_tiny(copy)
    result = build(book)
    assert book.slug != "tiny-book"
    assert _names(result.removed) == set(output_names("tiny-book"))
    left = {p.name for p in book.build_dir.iterdir() if not p.name.startswith(".")}
    assert left == set(output_names(book.slug))


def test_failed_commit_leaves_no_temporary_file_and_earlier_outputs(copy, monkeypatch):
    book = load_tiny(copy)
    before = {k: book.output(k).read_bytes() for k in OUTPUTS}
    (copy / "tiny" / "chapters" / "01-first.md").write_text(
        (copy / "tiny" / "chapters" / "01-first.md").read_text(encoding="utf-8") + "\nOne more sentence.\n",
        encoding="utf-8")
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the second output moved into place: the disk fills up
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr("octavo.build.os.replace", failing_replace)
    with pytest.raises(OSError):
        build(book)
    leftovers = [p for p in book.build_dir.rglob("*") if p.name.endswith(".tmp") or ".staging" in p.name]
    assert leftovers == []
    changed = [k for k in OUTPUTS if book.output(k).read_bytes() != before[k]]
    assert len(changed) <= 1  # at most the one output moved before the failure
