"""The command line: argument parsing and reporting only.

``octavo build``, ``octavo check`` and ``octavo new``. Errors the user can
cause print one clear message each and exit 1 (book errors) or 2 (usage);
anything unexpected exits 3 with a request to report it. Never a traceback.
"""
from __future__ import annotations

import errno
import os
import signal
import sys
import tempfile
import traceback
from pathlib import Path

import click

from octavo import __version__
from octavo.errors import EXIT_BOOK, EXIT_INTERNAL, Diagnostic, OctavoError, rel
from octavo.cache import nothing_to_do
from octavo.launch import UP_TO_DATE
from octavo.paths import FORMATS

FORMAT_CHOICES = (*FORMATS, "all")  # (octavo.launch accepts the same)


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _line(d: Diagnostic):
    """One diagnostic as rich Text: ``file:line:col: error CODE: message hint``. Built from
    parts, never parsed as markup, so brackets in a message print as they are."""
    from rich.text import Text

    style = "bold red" if d.severity == "error" else "yellow"
    loc = d.location()
    return Text.assemble(f"{loc}: " if loc else "", (f"{d.severity} {d.code}", style),
                         f": {d.message}" + (f" {d.hint}" if d.hint else ""))


def _show(diags: list[Diagnostic]) -> None:
    con = _console()
    for d in diags:
        con.print(_line(d))


def _say(*parts) -> None:
    """Print plain text and (text, style) pairs to stderr, without markup parsing."""
    from rich.text import Text

    _console().print(Text.assemble(*parts))


# --- interrupts ---------------------------------------------------------------

_MAIN_PID = os.getpid()
_interrupted = False


def _on_sigint(signum, frame) -> None:
    """Ctrl-C: the command stops where it is (nothing is committed; temporary files are removed on
    the way out). A process the build forked to lay out pages stops at once and silently: only the
    main process reports, so no worker prints a traceback."""
    global _interrupted
    if os.getpid() != _MAIN_PID:
        os._exit(130)
    _interrupted = True
    _stop_workers()
    raise KeyboardInterrupt


def _stop_workers() -> None:
    """Pass the interrupt on to the layout processes (when it was sent to this process alone,
    as by ``kill -INT``), so the build stops now rather than after the current layout."""
    try:
        import multiprocessing

        for child in multiprocessing.active_children():
            try:
                os.kill(child.pid, signal.SIGINT)
            except OSError:
                pass
    except Exception:  # noqa: BLE001 - stopping sooner is a courtesy; the interrupt itself goes on
        pass


def _quiet_unraisable(unraisable) -> None:
    """Python raises the interrupt wherever the main thread is, which may be a finaliser (a pool
    pipe's ``__del__``); Python then prints it as "Exception ignored" with a traceback and goes
    on, and the build stops on the next step anyway. After Ctrl-C such reports are noise."""
    if _interrupted or isinstance(unraisable.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)


def _install_interrupt_handler() -> None:
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    sys.unraisablehook = _quiet_unraisable
    try:
        signal.signal(signal.SIGINT, _on_sigint)
        # a terminated build (kill, a CI timeout, a closed service) cleans up like an interrupted one
        signal.signal(signal.SIGTERM, _on_sigint)
    except ValueError:  # not the main thread (an embedding application): keep its handling
        pass


# --- running a command ----------------------------------------------------------

def _run(fn, failed: str = "Build failed", out: Path | None = None):
    """Call ``fn`` and turn octavo errors into messages and exit codes (never a traceback).
    ``out``: the output folder, named in the closing line only when it holds earlier outputs."""
    from octavo.paths import has_outputs

    kept = f" Earlier outputs in {_shown(out)}/ were left as they were." if has_outputs(out) else ""
    try:
        return fn()
    except OctavoError as exc:
        _show(getattr(exc, "warnings", []) + exc.diagnostics)
        n = len([d for d in exc.diagnostics if d.severity == "error"])
        _say((failed, "bold red"), f": {n} error{'s' if n != 1 else ''}.{kept}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _interrupt_exit(kept)
    except OSError as exc:
        if _interrupted:
            _interrupt_exit(kept)
        if exc.errno in _ENVIRONMENT_ERRNOS:
            where = rel(exc.filename) if exc.filename else None
            _show([Diagnostic("O801", f"Cannot use '{where}': {exc.strerror}." if where else f"{exc.strerror}.",
                              hint="Check that the folder exists, that you may write to it and that the disk has "
                                   "space, or choose another folder with --out.")])
            _say((failed, "bold red"), f": 1 error.{kept}")
            sys.exit(EXIT_BOOK)
        _internal_error(exc)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if _interrupted:  # e.g. the layout pool broke because Ctrl-C stopped its processes
            _interrupt_exit(kept)
        _internal_error(exc)


_ENVIRONMENT_ERRNOS = {errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.ENAMETOOLONG,
                       errno.ENOTDIR, errno.EISDIR, errno.ENOENT}


def _interrupt_exit(kept: str) -> None:
    _say("Interrupted.", kept)
    sys.exit(130)


def _internal_error(exc: BaseException) -> None:
    """Exit 3: a bug. The details go to a log file, to be reported; stderr gets one message."""
    text = "".join(traceback.format_exception(exc))
    log: Path | None = Path.cwd() / "octavo-crash.log"
    try:
        log.write_text(text, encoding="utf-8")
    except OSError:
        try:
            fd, name = tempfile.mkstemp(prefix="octavo-crash-", suffix=".log")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            log = Path(name)
        except OSError:
            log = None
    _say(("internal error", "bold red"), f": {type(exc).__name__}: {exc}\n"
         f"This is a bug in octavo {__version__}, not a problem with your book. Please report it"
         + (f" with the details saved in {_shown(log)}." if log else "."))
    sys.exit(EXIT_INTERNAL)


def _where_book(ctx, param, value: Path | None) -> Path | None:
    """--book when given; else the book found from the working folder (None: there is none)."""
    from octavo.paths import find_book

    return value if value is not None else find_book()


def book_option(command):
    """--book: the book folder; by default found from where the command runs."""
    return click.option("--book", "book_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=None, callback=_where_book,
                        help="The book folder (holding book.yaml) [default: the nearest book.yaml in this folder "
                             "or above, else manuscript/ beside one of those].")(command)


def book_options(command):
    """The --book and --out options every command that reads a book takes."""
    command = click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                           help="Output folder [default: build/ beside the book folder].")(command)
    return book_option(command)


def _load_book(book_dir: Path | None, out_dir: Path | None = None):
    """The Book, or C100 saying where octavo looked."""
    from octavo.errors import BookError
    from octavo.project import Book

    if book_dir is None:
        raise BookError(Diagnostic("C100", "No book.yaml in this folder, any folder above it, or a manuscript/ "
                                           "folder beside them.",
                                   hint="Run octavo inside the book folder, pass it with --book DIR, or create "
                                        "one with 'octavo new DIR'."))
    return Book.load(book_dir, out_dir)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="octavo")
def cli() -> None:
    """octavo builds a book written in Markdown into an EPUB 3, a screen PDF,
    and a print-ready interior and cover for print-on-demand."""


def catalogue_options(command):
    """--catalogue and where its books' jobs run (octavo.catalogue)."""
    for option in reversed((
        click.option("--catalogue", "catalogue", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="A publisher's list (catalogue.yaml): every book in it, instead of --book."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="With --catalogue: a Dask scheduler (tcp://host:8786, tls://host:8786) to run the jobs on "
                          "[default: local processes]."),
        click.option("--jobs", type=click.IntRange(1, 512), default=None,
                     help="Local layout processes, for a book or a --catalogue [default: one per CPU]."),
        click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="With --catalogue: a shared cache folder holding each book's cache "
                          "[default: each book's build/.cache]."),
        click.option("--tls-ca-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="For a tls:// scheduler: the CA certificate (PEM)."),
        click.option("--tls-cert", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="For a tls:// scheduler: this client's certificate (PEM)."),
        click.option("--tls-key", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="For a tls:// scheduler: this client's key (PEM)."),
    )):
        command = option(command)
    return command


def _run_list(action: str, catalogue: Path, scheduler, jobs, cache_dir, tls_ca_file, tls_cert, tls_key, **kw) -> None:
    from octavo.catalogue.command import run_list

    tls = {k: v for k, v in (("ca_file", tls_ca_file), ("cert", tls_cert), ("key", tls_key)) if v is not None}
    status = _run(lambda: run_list(catalogue, action, _console(), scheduler, jobs, cache_dir, tls, **kw),
                  "Build failed" if action == "build" else "Check failed")
    if status:
        sys.exit(status)


@cli.command()
@click.option("--format", "formats", type=click.Choice(FORMAT_CHOICES), multiple=True, default=("all",),
              show_default=True, help="Output(s) to build; repeat the option for several.")
@book_options
@click.option("--release", is_flag=True, help="Refuse to build with missing artwork or unsafe raw HTML.")
@click.option("--force", is_flag=True, help="Rebuild every output, ignoring the build cache.")
@click.option("--proof", is_flag=True, help="Also write build/<slug>-proof.pdf: the print interior with a "
                                            "watermark, the date and revision, and line numbers.")
@catalogue_options
def build(formats, book_dir: Path, out_dir: Path | None, release: bool, force: bool, proof: bool,
          catalogue: Path | None, **where) -> None:
    """Build the book's outputs into build/ (only those whose inputs changed)."""
    wanted = FORMATS if "all" in formats else tuple(dict.fromkeys(formats))
    if catalogue is not None:
        return _run_list("build", catalogue, formats=wanted, release=release, force=force, **where)
    if proof and "print" not in wanted:
        wanted += ("print",)  # the proof is made from the print interior
    if not force and not release and not proof and nothing_to_do(book_dir, out_dir, wanted):
        _say(UP_TO_DATE)  # (octavo.launch answers the plainest no-op before this module loads)
        return

    from octavo.build import build as run_build

    def go():
        book = _load_book(book_dir, out_dir)
        _check_writable(book.build_dir)  # fail now, not after minutes of layout
        from octavo.progress import BuildProgress

        con = _console()
        with BuildProgress(con) as progress:  # live rows on a terminal, silent otherwise
            result = run_build(book, wanted, release=release, force=force, progress=progress, jobs=where.get("jobs"))
        _show(result.report.warnings)
        if proof:
            from octavo.project import source_date
            from octavo.proof import make_proof

            proof_pdf = book.build_dir / f"{book.slug}-proof.pdf"
            make_proof(book.output("print"), proof_pdf, book.root, when=source_date())
            result.outputs.append(proof_pdf)
        for path in result.outputs:
            _say(("wrote", "green"), f" {_shown(path)}")
        for path in result.kept:
            _say(("kept", "dim"), f" {_shown(path)} (up to date)")
        for path in result.removed:
            _say(("removed", "yellow"), f" {_shown(path)} (an output under the book's earlier name)")
        timing = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
        _say((timing, "dim"))

    from octavo.paths import default_build_dir

    _run(go, "Build failed", out_dir or (default_build_dir(book_dir) if book_dir is not None else None))


def _check_writable(folder: Path) -> None:
    """The output folder exists (it is made) and takes files; else the OSError says which and why."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(prefix=".octavo-probe-", suffix=".tmp", dir=folder)
    os.close(fd)
    os.unlink(probe)


def _shown(path: Path) -> str:
    path = Path(os.path.abspath(path))
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


@cli.command()
@book_options
@click.option("--no-epubcheck", is_flag=True, help="Skip EPUBCheck (needs Java).")
@click.option("--no-ace", is_flag=True, help="Skip DAISY Ace (needs Node.js and Chromium).")
@catalogue_options
def check(book_dir: Path, out_dir: Path | None, no_epubcheck: bool, no_ace: bool, catalogue: Path | None,
          **where) -> None:
    """Check the built outputs: EPUBCheck, DAISY Ace, print preflight, screen-PDF checks."""
    if catalogue is not None:
        return _run_list("check", catalogue, epubcheck=not no_epubcheck, ace=not no_ace, **where)
    from octavo.preflight import run_checks

    def go():
        book = _load_book(book_dir, out_dir)
        findings = run_checks(book, epubcheck=not no_epubcheck, ace=not no_ace)
        con = _console()
        for f in findings:
            con.print(str(f), markup=False)
        errors = [f for f in findings if f.severity == "error"]
        con.print(f"{len(errors)} errors, {len(findings) - len(errors)} warnings", markup=False)
        if errors:
            sys.exit(EXIT_BOOK)

    _run(go, "Check failed")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="Untitled Book", show_default=True, help="The new book's title.")
@click.option("--author", default="Anonymous", show_default=True, help="The new book's author.")
def new(directory: Path, title: str, author: str) -> None:
    """Create a new minimal book in DIRECTORY that builds as it is."""
    from octavo.scaffold import create_book

    def go():
        path = create_book(directory, title, author)
        _say(f"Created {path}. Build it with: cd {directory} && octavo build")

    _run(go, "octavo new failed")


@cli.command()
@book_option
@click.option("--fix", is_flag=True, help="Apply the safe fixes (quotes, spaces, dashes, ellipses, note calls).")
def lint(book_dir: Path | None, fix: bool) -> None:
    """Check the manuscript against the house style (exit 1 while findings remain)."""
    def go():
        from octavo.lint import lint_book

        book = _load_book(book_dir)
        result = lint_book(book, fix=fix)
        _show(result.diagnostics)
        if result.fixed:
            _say(("fixed", "green"), f" {result.fixed} finding{'s' if result.fixed != 1 else ''} in "
                 f"{len(result.files_fixed)} file{'s' if len(result.files_fixed) != 1 else ''}.")
        n = len(result.diagnostics)
        ignored = f" ({result.ignored} kept on purpose in the ignore file)" if result.ignored else ""
        _say(f"{n} finding{'s' if n != 1 else ''}{ignored}.")
        if n:
            sys.exit(EXIT_BOOK)

    _run(go, "Lint failed")


@cli.command()
@click.argument("pdfs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--since", "ref", default=None, metavar="GIT-REF",
              help="Compare the book's print interior now with the one built at this git ref.")
@book_option
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the HTML report [default: diff.html beside the new PDF].")
def diff(pdfs: tuple[Path, ...], ref: str | None, book_dir: Path | None, report: Path | None) -> None:
    """Show what changed between two PDFs (OLD NEW), or since a git ref (--since REF).

    Prints one line per changed page and writes an HTML report; exits 1 when
    anything changed, 0 when the pages are identical."""
    if (ref is None) == (len(pdfs) != 2) or (ref is not None and pdfs):
        raise click.UsageError("Give two PDFs (octavo diff OLD.pdf NEW.pdf) or --since GIT-REF.")

    def go():
        from octavo.pagediff import diff_pdfs

        if ref is None:
            old, new = pdfs
            found = diff_pdfs(old, new, report or new.parent / "diff.html")
            where = report or new.parent / "diff.html"
        else:
            import shutil

            from octavo.build import build as run_build
            from octavo.pagediff.since import build_at_ref

            book = _load_book(book_dir)
            work = Path(tempfile.mkdtemp(prefix="octavo-diff-"))
            try:
                _say(("building", "dim"), f" the print interior at {ref} …")
                old = build_at_ref(book.root, ref, work)
                _say(("building", "dim"), " the print interior now …")
                run_build(book, ("print",))
                new = book.output("print")
                where = report or book.build_dir / "diff.html"
                found = diff_pdfs(old, new, where)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        for change in found:
            click.echo(change.describe())
        if found:
            _say(f"{len(found)} page{'s' if len(found) != 1 else ''} changed; report: {_shown(where)}")
            sys.exit(EXIT_BOOK)
        _say(f"No page changed; report: {_shown(where)}")

    _run(go, "Diff failed")


@cli.command()
@book_option
@click.option("--port", type=click.IntRange(0, 65535), default=8008, show_default=True, help="The port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but a loopback address shows the book to the network.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the web browser.")
def serve(book_dir: Path | None, port: int, host: str, open_browser: bool) -> None:
    """Preview the book in a web browser, refreshed as you save (reading view and print pages)."""
    def go():
        import socket

        from octavo.errors import BookError
        from octavo.serve.server import is_loopback, serve as run_server

        book = _load_book(book_dir)
        if not is_loopback(host):
            _show([Diagnostic("V012", f"Listening on {host}: anyone who can reach this machine can read the book.",
                              hint="Leave out --host to keep the preview on this machine (127.0.0.1).",
                              severity="warning")])
        try:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
        except OSError as exc:
            raise BookError(Diagnostic("V011", f"Cannot listen on {host}:{port}: {exc.strerror or exc}.",
                                       hint="Choose another port with --port, or stop the program using it.")) from None
        run_server(book.root, host=host, port=port, open_browser=open_browser, say=lambda text: _say(text))

    _run(go, "Preview failed")


@cli.command()
def themes() -> None:
    """List the installed themes, each with a one-line description."""
    from octavo.themes import DEFAULT_THEME, installed

    def go():
        for name, description in installed():
            default = " (default)" if name == DEFAULT_THEME else ""
            _say((name, "bold"), f"{default}: {description}")

    _run(go, "octavo themes failed")


def main() -> None:
    """Exit codes: 0 success, 1 the book has errors, 2 wrong usage, 3 internal error, 130 interrupted."""
    _install_interrupt_handler()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        _interrupt_exit("")
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(2)
    except SystemExit:
        raise
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _interrupt_exit("")
    except Exception as exc:  # noqa: BLE001 - outside a command's own handling (start-up, imports)
        _internal_error(exc)
