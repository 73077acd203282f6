"""What every builder shares: the template environment, the fetcher that keeps
WeasyPrint inside the book, the book-wide template values, atomic writes.

Takes: a ``Book``. Gives: Jinja2 rendering of ``templates/``, ``SafeFetcher``
for WeasyPrint, ``book_context`` values, ``to_cmyk`` (an image in the print
output intent's CMYK) and ``write_atomic``.
"""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import jinja2

from octavo import __version__
from octavo.atomic import write_atomic  # noqa: F401  (re-exported for the builders)
from octavo.config import OUTPUT_INTENTS
from octavo.project import Book, source_date

CMYK_PROFILE = OUTPUT_INTENTS["ghostscript-default"]  # the default output intent (book.cmyk_profile is the book's)


def css_string(value: str) -> str:
    """Text as a quoted CSS string (bookmark labels, running heads written into a stylesheet)."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def numeral(number: str, style: str = "arabic") -> str:
    """A chapter number as the theme sets it: ``16`` or, with ``roman``, ``XVI`` (a number that
    is not all digits, such as ``16a``, is left as written)."""
    if style != "roman" or not str(number).isdigit() or int(number) == 0:
        return str(number)
    from octavo.builders.pdf import to_roman

    return to_roman(int(number)).upper()


@lru_cache(maxsize=None)
def _env(templates: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(t) for t in templates]), autoescape=lambda name: not (name or "").endswith(".css.j2"),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["css_string"] = css_string
    env.filters["numeral"] = numeral
    return env


def render_template(owner: Book, name: str, **values) -> str:
    return _env(owner.template_path).get_template(name).render(**values)


def book_context(book: Book) -> dict:
    """The values every template of the apparatus reads: the config, the words in the book's
    language (``t``), everyone credited, the series line, the edition statement (only when
    book.yaml gives one: octavo never invents "First edition")."""
    from octavo.contributors import credit_lines, people
    from octavo.i18n import messages

    c = book.config
    t = messages(c.language)
    date = datetime.fromtimestamp(source_date(), tz=timezone.utc)
    credited = people(c.authors, c.contributors)
    authors = [p.name for p in credited if p.role == "author"]
    return {
        "book": c,
        "design": book.design,
        "theme": book.theme.name,
        "t": t,
        "lang": c.language,
        "authors_line": t.names(authors),
        "people": credited,
        "credit_lines": credit_lines(credited, t),
        "series_line": t("series_line", name=c.series.title, number=c.series.number) if c.series and c.series.number
        else (c.series.title if c.series else None),
        "version": __version__,
        "date_iso": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "font_family": book.fonts.family,
        "edition_line": (f"{c.edition}, {c.publication_year}." if c.publication_year else f"{c.edition}.") if c.edition else None,
        "editorial": None,
        # every edition's ISBN, for the copyright page of each
        "isbns": [(key, value) for key, value in (("isbn_print", c.identifiers.print), ("isbn_epub", c.identifiers.epub),
                                                  ("isbn_pdf", c.identifiers.pdf)) if value],
        "printing_line": printing_line(c.printing),
    }


def printing_line(printing: int) -> str:
    """The copyright page's printing line: the lowest number standing is this printing (a
    printer drops the last number at each reprint)."""
    top = max(10, printing)
    return " ".join(str(n) for n in range(top, printing - 1, -1))


def to_cmyk(im, profile: Path):
    """An image's colours as the printer's CMYK (relative colorimetric, from sRGB or its own profile)."""
    import io

    from PIL import ImageCms

    if im.mode == "CMYK":
        return im
    icc = im.info.get("icc_profile")
    im = im.convert("RGB")
    source = ImageCms.createProfile("sRGB")  # what an image without a profile is taken to be
    if icc:
        try:
            own = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if own.profile.xcolor_space.strip() == "RGB":
                source = own
        except ImageCms.PyCMSError:
            pass
    return ImageCms.profileToProfile(im, source, str(profile), outputMode="CMYK",
                                     renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


class SafeFetcher:
    """A WeasyPrint URL fetcher that serves only files under the allowed folders
    (the book, the templates, the fonts and colour profile in use) and data: URLs.
    Everything else (http, ftp, other files) is refused and recorded."""

    _fail_on_errors = False  # read by WeasyPrint when a fetch fails

    def __init__(self, allowed: list[Path], places: dict[str, Path] | None = None):
        from weasyprint.urls import URLFetcher

        self._inner = URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.allowed = [p.resolve() for p in allowed]
        self.places = places or {}  # scheme -> folder (see ``place_url``)
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def _file_url(self, url: str) -> str:
        """A place URL (``octavo-book:images/a.png``) as the file URL it stands for."""
        scheme, _, rest = url.partition(":")
        folder = self.places.get(scheme)
        return (folder / unquote(rest)).as_uri() if folder is not None and rest else url

    def _ok(self, url: str) -> bool:
        parsed = urlparse(url)
        if parsed.scheme == "data":
            return True
        if parsed.scheme != "file":
            return False
        target = Path(unquote(parsed.path)).resolve()
        return any(target == a or target.is_relative_to(a) for a in self.allowed)

    def fetch(self, url, headers=None):
        url = self._file_url(url)
        if not self._ok(url):
            with self._lock:
                self.refused.append(url)
            raise ValueError(f"octavo refuses to fetch {url}")
        return self._inner.fetch(url, headers)

    def __call__(self, url):
        return self.fetch(url)


def _places(book: Book) -> dict[str, Path]:
    return {"octavo-cache": book.cache_dir, "octavo-book": book.root}


def place_url(book: Book, path: Path) -> str:
    """A file of the book or of its cache as a URL that does not say where the book lies
    (``octavo-book:images/a.png``): WeasyPrint names an image in the PDF after its URL, so a
    book built in two folders (or with its cache elsewhere) gives the same bytes."""
    from urllib.parse import quote

    for scheme, folder in _places(book).items():  # the cache first: it may lie inside the book
        try:
            return f"{scheme}:{quote(path.resolve().relative_to(folder.resolve()).as_posix())}"
        except ValueError:
            continue
    return path.resolve().as_uri()


def fetcher_for(book: Book) -> SafeFetcher:
    allowed = [book.root, *book.template_path, book.cmyk_profile, book.cache_dir]
    allowed += book.font_files()
    return SafeFetcher(allowed, _places(book))


def finish_pdf(data: bytes, seed: str, body_start: int | None = None, stamp: int | None = None) -> bytes:
    """The PDF with the random parts WeasyPrint's PDF/X writer adds (the XMP
    DocumentID, the trailer /ID) made deterministic, so two builds of the same
    book with the same SOURCE_DATE_EPOCH are byte for byte identical; and, given
    the index of the first text page, page labels (roman, then arabic from 1)
    so a PDF viewer shows the printed folios; given a time (seconds since the epoch), that as
    the document's creation and modification dates (a PDF joined from slices laid out in
    earlier builds carries the dates of its first slice's layout otherwise)."""
    import io
    import re
    import time
    import uuid

    import pikepdf

    did = f"xmp.did:{uuid.uuid5(uuid.NAMESPACE_URL, 'octavo:' + seed)}".encode()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.Root.get("/Metadata")
        if meta is not None:
            xmp = re.sub(rb"xmp\.did:[0-9a-f-]{36}", did, meta.read_bytes())
            if stamp is not None:
                iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(stamp)).encode()
                xmp = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*", rb"\g<1>" + iso, xmp)
            meta.write(xmp)
        if stamp is not None:
            when = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(stamp))
            for entry in ("/CreationDate", "/ModDate"):
                if entry in pdf.docinfo:
                    pdf.docinfo[entry] = pikepdf.String(when)
        if body_start is not None:
            nums = []
            if body_start > 0:
                nums += [0, pikepdf.Dictionary(S=pikepdf.Name.r)]
            nums += [body_start, pikepdf.Dictionary(S=pikepdf.Name.D)]
            pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
        # both halves of the /ID from the content: the first would otherwise be kept from the
        # input, which for a joined edition was computed before the DocumentID above was fixed
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve,
                 compress_streams=True)
        return out.getvalue()
