"""The command line: argument parsing and reporting only.

``octavo build``, ``octavo check`` and ``octavo new``. Errors the user can
cause print one clear message each and exit 1 (book errors) or 2 (usage);
anything unexpected exits 3 with a request to report it. Never a traceback.
"""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from octavo import __version__
from octavo.errors import EXIT_INTERNAL, Diagnostic, OctavoError

FORMAT_CHOICES = ("epub", "pdf", "print", "cover", "all")


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _show(diags: list[Diagnostic]) -> None:
    con = _console()
    for d in diags:
        style = "bold red" if d.severity == "error" else "yellow"
        con.print(f"[{style}]{d.severity}[/] " + str(d).replace(f"{d.severity} ", "", 1) if not d.location()
                  else f"{d.location()}: [{style}]{d.severity} {d.code}[/]: {d.message}" + (f" {d.hint}" if d.hint else ""),
                  markup=True)


def _run(fn):
    """Call ``fn`` and turn octavo errors into messages and exit codes."""
    try:
        return fn()
    except OctavoError as exc:
        _show(exc.diagnostics)
        n = len([d for d in exc.diagnostics if d.severity == "error"])
        _console().print(f"[bold red]Build failed[/]: {n} error{'s' if n != 1 else ''}. Earlier outputs in build/ were left as they were.")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _console().print("Interrupted. Earlier outputs in build/ were left as they were.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        log = Path.cwd() / "octavo-crash.log"
        try:
            log.write_text(traceback.format_exc())
        except OSError:
            log = None
        _console().print(f"[bold red]internal error[/]: {type(exc).__name__}: {exc}\n"
                         f"This is a bug in octavo {__version__}. Please report it"
                         + (f" with the details in {log}." if log else "."))
        sys.exit(EXIT_INTERNAL)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="octavo")
def cli() -> None:
    """octavo builds a book written in Markdown into an EPUB 3, a screen PDF,
    and a print-ready interior and cover for print-on-demand."""


@cli.command()
@click.option("--format", "formats", type=click.Choice(FORMAT_CHOICES), multiple=True, default=("all",),
              show_default=True, help="Output(s) to build; repeat the option for several.")
@click.option("--book", "book_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("manuscript"),
              show_default=True, help="The book folder (holding book.yaml).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: build/ beside the book folder].")
@click.option("--release", is_flag=True, help="Refuse to build with missing artwork or unsafe raw HTML.")
@click.option("--force", is_flag=True, help="Rebuild every output, ignoring the build cache.")
def build(formats, book_dir: Path, out_dir: Path | None, release: bool, force: bool) -> None:
    """Build the book's outputs into build/ (only those whose inputs changed)."""
    wanted = ("epub", "pdf", "print", "cover") if "all" in formats else tuple(dict.fromkeys(formats))
    if not force and not release and _nothing_to_do(book_dir, out_dir, wanted):
        _console().print("Everything is up to date (use --force to rebuild).")
        return

    from octavo.build import build as run_build
    from octavo.project import Book

    def go():
        book = Book.load(book_dir, out_dir)
        from octavo.progress import BuildProgress

        con = _console()
        with BuildProgress(con) as progress:  # live rows on a terminal, silent otherwise
            result = run_build(book, wanted, release=release, force=force, progress=progress)
        _show(result.report.warnings)
        for path in result.outputs:
            con.print(f"[green]wrote[/] {_shown(path)}")
        for path in result.kept:
            con.print(f"[dim]kept[/] {_shown(path)} (up to date)")
        timing = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
        con.print(f"[dim]{timing}[/]")

    _run(go)


def _shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


def _nothing_to_do(book_dir: Path, out_dir: Path | None, kinds: tuple[str, ...]) -> bool:
    """The no-op check: no config parsing and no heavy imports, so it answers fast."""
    from octavo.cache import up_to_date
    from octavo.paths import PACKAGE_TEMPLATES, default_build_dir

    if not (book_dir / "book.yaml").is_file():
        return False
    build_dir = out_dir or default_build_dir(book_dir)
    return up_to_date(book_dir, build_dir, PACKAGE_TEMPLATES, __version__, kinds)


@cli.command()
@click.option("--book", "book_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("manuscript"),
              show_default=True, help="The book folder (holding book.yaml).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: build/ beside the book folder].")
@click.option("--no-epubcheck", is_flag=True, help="Skip EPUBCheck (needs Java).")
@click.option("--no-ace", is_flag=True, help="Skip DAISY Ace (needs Node.js and Chromium).")
def check(book_dir: Path, out_dir: Path | None, no_epubcheck: bool, no_ace: bool) -> None:
    """Check the built outputs: EPUBCheck, DAISY Ace, print preflight, screen-PDF checks."""
    from octavo.preflight import run_checks
    from octavo.project import Book

    def go():
        book = Book.load(book_dir, out_dir)
        findings = run_checks(book, epubcheck=not no_epubcheck, ace=not no_ace)
        con = _console()
        for f in findings:
            con.print(str(f), markup=False)
        errors = [f for f in findings if f.severity == "error"]
        con.print(f"{len(errors)} errors, {len(findings) - len(errors)} warnings")
        if errors:
            sys.exit(1)

    _run(go)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Untitled Book", show_default=True, help="The new book's title.")
@click.option("--author", default="Anonymous", show_default=True, help="The new book's author.")
def new(directory: Path, title: str, author: str) -> None:
    """Create a new minimal book in DIRECTORY that builds as it is."""
    from octavo.scaffold import create_book

    def go():
        path = create_book(directory, title, author)
        _console().print(f"Created {path}. Build it with: octavo build --book {directory}")

    _run(go)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(2)
    except SystemExit:
        raise
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
