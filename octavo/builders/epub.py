"""The EPUB 3 edition.

Takes: the prepared ``Document``, the print layout's page map (block id ->
print page, with folios) and the cover image. Gives: the ``.epub`` bytes:
one XHTML file per part (cover, title page, copyright, contents, each
chapter, sources, colophon), popup footnotes, a nav with toc, landmarks and
a page-list of the print edition, accessibility metadata, the book face
embedded, and zip entries with fixed times so a rebuild is byte-identical.
Steps read top to bottom in ``build_epub``: parts, nav, package, zip.
"""
from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from octavo.atomic import write_atomic
from octavo import a11y
from octavo.builders.base import book_context, render_template
from octavo.builders.contents import entry as contents_entry, nest_parts
from octavo.config import isbn_digits
from octavo.document import Document
from octavo.filters.figures import SUPPORTED
from octavo.metadata import publication_date
from octavo.project import Book, source_date
from markupsafe import Markup

from octavo.render.code import mono_scale, token_css
from octavo.render.html import Note, RenderOptions, render_blocks, render_section
from octavo.index.render import illustrations as figure_list

ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass
class Item:
    id: str
    href: str
    media_type: str
    properties: str = ""
    linear: bool = True
    data: bytes = b""


@dataclass
class PageMap:
    """Where each print page begins: ``starts[i]`` is the first block id on page i;
    ``inside[i]`` is (block id, characters before) when page i begins inside a block
    begun on an earlier page (characters counted as ``octavo.builders.typeset.text_count``)."""
    labels: list[str]
    starts: list[str | None]
    inside: list[tuple[str, int] | None] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # index marks: id -> print page index

    @classmethod
    def from_layout(cls, anchors: dict[str, int], labels: list[str], order: list[str],
                    inside: list | None = None, marks: list[str] | None = None) -> "PageMap":
        starts: list[str | None] = [None] * len(labels)
        for ident in order:  # document order: the first id seen on a page starts it
            page = anchors.get(ident)
            if page is not None and starts[page] is None:
                starts[page] = ident
        inside = [tuple(x) if x else None for x in (inside or [])]
        return cls(labels, starts, inside + [None] * (len(labels) - len(inside)),
                   {ident: anchors[ident] for ident in marks or [] if ident in anchors})


def _page(book: Book, title: str, content: str, body_type: str = "") -> bytes:
    return render_template(book, "epub/page.xhtml.j2", lang=book.config.language, title=title,
                           content=content, body_type=body_type).encode("utf-8")


def notes_html(book: Book, rs, ctx: dict | None = None) -> str:
    """A chapter's notes as the EPUB sets them after its text (the notes partial, each note
    linked back to its call); the preview's reading view uses it too."""
    if not rs.notes:
        return ""
    ctx = ctx if ctx is not None else book_context(book)
    return render_template(book, "partials/notes.html.j2", **{**ctx, "epub": True,
                                                               "notes": [_with_backlink(n) for n in rs.notes]})


def _with_backlink(note: Note) -> Note:
    """The note with its number, linking back to its call, at the start of its first paragraph."""
    html = note.html.replace("<p>", f'<p><a href="#{note.call_id}" role="doc-backlink">{note.number}.</a> ', 1)
    return replace(note, html=html)


_BLOCK_START = re.compile(r'<(p|h[1-6]|figure|pre|div|li)( [^>]*)? id="([^"]+)"([^>]*)>')


def _pagebreak(label: str) -> str:
    return f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{label}" aria-label="{label}"></span>'


def _insert_pagebreaks(html: str, marks: dict[str, list[str]],
                       inner: dict[str, list[tuple[int, str]]] | None = None) -> str:
    """Put a page-break marker at the start of each block where a print page begins, and
    inside a block at the character where a page begins in the middle of it."""
    def add(m: re.Match) -> str:
        labels = marks.get(m.group(3))
        if not labels:
            return m.group(0)
        spans = "".join(_pagebreak(l) for l in labels)
        if m.group(1) == "figure":
            return spans.replace("<span", '<div class="pb"').replace("</span>", "</div>") + m.group(0)
        return m.group(0) + spans
    html = _BLOCK_START.sub(add, html)
    for block, points in (inner or {}).items():
        html = _insert_within(html, block, sorted(points))
    return html


_TOKEN = re.compile(r"(<[^>]+>)")
_CHAR = re.compile(r"&[#\w]+;|.", re.S)


def _insert_within(html: str, block: str, points: list[tuple[int, str]]) -> str:
    """Insert markers into the block with id ``block`` after the given counts of its characters
    (counted as the print layout counts them: no spaces, no hyphenation marks)."""
    from html import unescape

    from octavo.builders.typeset import text_count

    m = re.search(r'<(\w+)\b[^>]*\bid="%s"[^>]*>' % re.escape(block), html)
    if not m:
        return html
    tag, pos = m.group(1), m.end()
    out, depth, count, pending = [html[:pos]], 0, 0, list(points)
    for token in _TOKEN.split(html[pos:]):
        if not pending or not token:
            out.append(token)
            continue
        if token.startswith("<"):
            if re.match(r"<%s\b" % tag, token) and not token.endswith("/>"):
                depth += 1
            elif token.startswith(f"</{tag}"):
                if depth == 0:  # the block ends: anything left goes at its end
                    out.extend(_pagebreak(label) for _, label in pending)
                    pending = []
                else:
                    depth -= 1
            out.append(token)
            continue
        for ch in _CHAR.findall(token):
            if pending and text_count(unescape(ch)) and count >= pending[0][0]:
                while pending and count >= pending[0][0]:
                    out.append(_pagebreak(pending.pop(0)[1]))
            count += text_count(unescape(ch))
            out.append(ch)
    return "".join(out)


def build_epub(book: Book, doc: Document, page_map: PageMap | None, cover_png: bytes | None,
               release: bool = False) -> bytes:
    c = book.config
    ctx = book_context(book)
    files: dict[str, str] = {}  # id -> file name, for links across files
    for s in doc.sections:
        files[s.id] = f"{s.id}.xhtml"
    parts: list[Item] = []

    # where every id lives: chapters' block ids are known after rendering, so render once to learn them
    def href(fragment: str) -> str:
        owner = id_file.get(fragment)
        return f"{owner}#{fragment}" if owner else f"#{fragment}"

    id_file: dict[str, str] = {}
    images: dict[str, str] = {}

    def image(src: str) -> str:
        name = f"images/{Path(src).name}"
        images[src] = name
        return name

    opts = RenderOptions(notes="popup", href=href, image=image, epub=True, lang=c.language)
    rendered = [render_section(s, opts) for s in doc.sections]
    for rs in rendered:
        fname = files[rs.id]
        id_file[rs.id] = fname
        for ident in rs.block_ids:
            id_file[ident] = fname
        for n in rs.notes:
            id_file[n.id] = fname
            id_file[n.call_id] = fname
    for mark in doc.index.marks if doc.index is not None else []:  # index marks are spans: not among the block ids
        id_file[mark.id] = files[mark.section]
    bib_html = render_blocks(doc.bibliography_html, opts, "sources") if doc.bibliography_html else ""
    for m in re.finditer(r'id="(ref-[^"]+)"', bib_html):
        id_file[m.group(1)] = "sources.xhtml"
    if doc.index is not None:
        from octavo.index.render import entry_ids

        id_file.update({ident: "index.xhtml" for ident in entry_ids(doc.index)})
    rendered = [render_section(s, opts) for s in doc.sections]  # second pass: cross-file links resolved

    # page-break markers from the print layout
    marks: dict[str, list[str]] = {}
    inner_marks: dict[str, list[tuple[int, str]]] = {}
    page_list: list[tuple[str, str]] = []
    if page_map:
        special = {"title-page": "titlepage.xhtml", "copyright": "copyright.xhtml", "contents": "nav.xhtml",
                   "sources": "sources.xhtml", "colophon": "colophon.xhtml", "illustrations": "nav.xhtml", "index": "index.xhtml"}
        known = lambda ident: ident in id_file or ident in special
        # a page on which no block begins (a blank verso, a page inside one long paragraph) is
        # marked with the next page that has one, so the page-list lists every print page
        targets: list[str | None] = [s if s and known(s) else None for s in page_map.starts]
        within = [w if w and w[0] in id_file else None for w in page_map.inside]
        following = None
        for i in range(len(targets) - 1, -1, -1):
            if within[i]:  # the page begins inside a paragraph: its marker goes at that very word
                following = None
                continue
            targets[i] = following = targets[i] or following
        for label, target, inner in zip(page_map.labels, targets, within):
            if inner:
                block, offset = inner
                inner_marks.setdefault(block, []).append((offset, label))
                page_list.append((label, f"{id_file[block]}#page-{label}"))
                continue
            if target is None:
                continue
            if target in special:
                id_file.setdefault(target, special[target])
            marks.setdefault(target, []).append(label)
            page_list.append((label, f"{id_file[target]}#page-{label}"))

    def marked(html: str, container_id: str) -> str:
        labels = marks.get(container_id, [])
        head = "".join(_pagebreak(l) for l in labels)
        return head + _insert_pagebreaks(html, marks, inner_marks)

    # the apparatus: the same Jinja partials as the PDFs (templates/partials/), in EPUB wrappers
    t = ctx["t"]

    def partial(name: str, **values) -> str:
        return render_template(book, f"partials/{name}.html.j2", **{**ctx, "epub": True, **values})

    def page(ident: str, href: str, title: str, content: str, matter: str, properties: str = "") -> None:
        parts.append(Item(ident, href, "application/xhtml+xml", properties, data=_page(book, title, content, matter)))

    full_title = f"{c.title}: {c.subtitle}" if c.subtitle else c.title
    if cover_png:
        alt = t("cover_alt", title=full_title, authors=ctx["authors_line"])
        page("cover", "cover.xhtml", c.title, f'<section class="cover-page" epub:type="cover"><img role="doc-cover" '
             f'src="images/cover.png" alt="{escape(alt)}"/></section>', "frontmatter")
    page("titlepage", "titlepage.xhtml", c.title,
         f'<section class="title-page" epub:type="titlepage" aria-label="{escape(t("title_page"))}">'
         f'{marked("", "title-page")}{partial("title_page")}</section>', "frontmatter")
    page("copyright", "copyright.xhtml", t("copyright"),
         f'<section class="copyright" epub:type="copyright-page" aria-label="{escape(t("copyright"))}">'
         f'{marked("", "copyright")}{partial("copyright", isbn=c.identifiers.epub, isbn_key="isbn_epub")}</section>',
         "frontmatter")

    # nav: contents (in the spine), landmarks, page-list
    entries = [contents_entry(files[rs.id], rs.section, _strip_links(rs.title_plain_html)) for rs in rendered]
    if bib_html:
        entries.append({"href": "sources.xhtml", "number": None, "title_html": escape(t("sources")), "kind": "back"})
    if doc.index is not None:
        entries.append({"href": "index.xhtml", "number": None, "title_html": escape(t("index")), "kind": "back"})
    entries.append({"href": "colophon.xhtml", "number": None, "title_html": escape(t("colophon")), "kind": "back"})
    entries = nest_parts(entries)
    first = rendered[0].id if rendered else None
    landmarks = [("cover", "cover.xhtml", t("cover"))] if cover_png else []
    landmarks += [("titlepage", "titlepage.xhtml", t("title_page")), ("toc", "nav.xhtml", t("contents"))]
    landmarks += [("bodymatter", files[first], t("start_of_text"))] if first else []
    landmarks += [("bibliography", "sources.xhtml", t("sources"))] if bib_html else []
    landmarks += [("index", "index.xhtml", t("index"))] if doc.index is not None else []
    figures = figure_list(doc, opts, href) if doc.illustrations else []
    landmarks += [("loi", "nav.xhtml#loi", t("illustrations"))] if figures else []
    landmark_items = "".join(f'<li><a epub:type="{kind}" href="{h}">{escape(label)}</a></li>\n' for kind, h, label in landmarks)
    pages_nav = "".join(f'<li><a href="{h}">{l}</a></li>\n' for l, h in page_list)
    nav = (f'{marked("", "contents")}<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">'
           f'{partial("contents", entries=entries, heading_id="toc-title")}</nav>\n'
           + (f'{marked("", "illustrations")}<nav epub:type="loi" id="loi" aria-labelledby="loi-title">'
              f'{partial("illustrations", figures=figures, heading_id="loi-title")}</nav>\n' if figures else "")
           + f'<nav epub:type="landmarks" id="landmarks" aria-label="{escape(t("landmarks"))}" hidden="hidden"><ol>\n{landmark_items}</ol></nav>\n'
           + (f'<nav epub:type="page-list" id="page-list" aria-label="{escape(t("page_list"))}" hidden="hidden"><ol>\n{pages_nav}</ol></nav>\n'
              if pages_nav else ""))
    page("nav", "nav.xhtml", t("contents"), nav, "frontmatter", "nav")

    # chapters with their notes
    for rs in rendered:
        s = rs.section
        role = {"chapter": "doc-chapter", "part": "doc-part", "prologue": "doc-prologue", "preface": "doc-preface", "afterword": "doc-afterword",
                "epilogue": "doc-epilogue", "introduction": "doc-introduction", "foreword": "doc-foreword"}.get(s.epub_type, "region")
        aria = f' aria-labelledby="{s.id}-title"' if role == "region" else ""
        notes = notes_html(book, rs, ctx)
        body = (f'<section id="{s.id}" epub:type="{s.epub_type}" role="{role}"{aria}>{marked("", s.id)}'
                f'{partial("chapter_head", s=rs)}'
                f"{_insert_pagebreaks(rs.body, marks, inner_marks)}{notes}</section>")
        matter = {"front": "frontmatter", "back": "backmatter"}.get(s.kind, "bodymatter")
        page(s.id, files[s.id], rs.title_text, body, matter)
    if bib_html:
        page("sources", "sources.xhtml", t("sources"),
             f'<section id="sources" epub:type="bibliography" role="doc-bibliography" aria-labelledby="sources-title">'
             f'{marked("", "sources")}{partial("sources", bibliography=Markup(_insert_pagebreaks(bib_html, marks, inner_marks)))}'
             f'</section>', "backmatter")
    if doc.index is not None:  # the index in a file of its own, its section epub:type="index" (role doc-index)
        page("index", "index.xhtml", t("index"),
             _insert_pagebreaks(index_page(book, doc, page_map, href, lead=marked("", "index")), marks, inner_marks),
             "backmatter")
    page("colophon", "colophon.xhtml", t("colophon"),
         f'<section class="colophon" epub:type="colophon" role="doc-colophon" aria-label="{escape(t("colophon"))}">'
         f'{marked("", "colophon")}{partial("colophon", medium="epub")}</section>', "backmatter")

    for item in parts:  # EPUB 3: a content document with MathML says so in the manifest
        if b"<math" in item.data:
            item.properties = " ".join(filter(None, [item.properties, "mathml"]))

    # resources: stylesheet, fonts, images
    resources: list[Item] = []
    font_faces = []
    used = used_characters(parts) + book.design["ornament"] + book.design["scene_break"]
    bold = any(re.search(rb"<(strong|b|th)\b", item.data) for item in parts)
    code = any(b"<code" in item.data for item in parts)
    highlighted = any(b'<code class="language-' in item.data for item in parts)
    faces = [("Octavo Body", w, s, p) for w, s, p in book.fonts.faces()]
    if code:  # the code face only when the book has code; its bold and italic only for highlighted code
        faces += [("Octavo Mono", w, s, p) for w, s, p in book.mono.faces() if highlighted or (w, s) == ("normal", "normal")]
    for family, weight, style, path in faces:
        if weight == "bold" and not bold and family == "Octavo Body":
            continue  # nothing is set in bold: the face would only add weight to the file
        href_f = f"fonts/{path.name}"
        font_faces.append((family, weight, style, f"../{href_f}"))
        resources.append(Item(f"font-{len(font_faces)}", href_f, "font/otf" if path.suffix.lower() == ".otf" else "font/ttf",
                              data=subset_font(book, path, used)))
    css = epub_css(book, font_faces, t)
    resources.append(Item("css", "css/book.css", "text/css", data=css.encode("utf-8")))
    if cover_png:
        resources.append(Item("cover-image", "images/cover.png", "image/png", "cover-image", data=cover_png))
    for i, (src, name) in enumerate(sorted(images.items()), 1):
        path = book.root / src
        if path.is_file():
            resources.append(Item(f"img-{i}", name, SUPPORTED[path.suffix.lower()], data=path.read_bytes()))

    # package
    # dc:date is when the book is published; dcterms:modified when this file was made
    # (SOURCE_DATE_EPOCH, so builds stay reproducible; EPUBCheck requires it)
    date = datetime.fromtimestamp(source_date(), tz=timezone.utc)
    published = publication_date(c)  # unknown: no dc:date rather than the build date
    identifier = f"urn:isbn:{isbn_digits(c.identifiers.epub)}" if c.identifiers.epub else \
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'octavo:' + book.slug)}"
    page_source = f"urn:isbn:{isbn_digits(c.identifiers.print)}" if c.identifiers.print else f"{full_title}, print edition ({c.publisher})"
    has_images = any(r.media_type.startswith("image/") and r.id != "cover-image" for r in resources)
    conforms = claims_conformance(doc, release)
    summary = c.accessibility_summary or a11y.summary(a11y.features(doc, bool(page_list)), t, conforms)
    opf = render_template(book, "epub/package.opf.j2", book=c, lang=c.language, identifier=identifier, people=ctx["people"],
                          date=published, modified=date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          page_source=page_source, has_images=has_images, a11y_summary=summary, conforms=conforms,
                          manifest=parts + resources, spine=parts)
    return _zip(book, opf, parts + resources)


# kept in every subset, so a reader's search or a reflowed hyphen never meets a missing glyph
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0\u00ad\u2010\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2766"


def used_characters(parts: list[Item]) -> str:
    """Every character of the text of the XHTML parts, plus ALWAYS."""
    from html import unescape

    chars = set(ALWAYS)
    for item in parts:
        if item.media_type == "application/xhtml+xml":
            body = item.data.decode("utf-8").split("<body", 1)[-1]
            chars.update(unescape(re.sub(r"<[^>]+>", " ", body)))
    return "".join(sorted(chars))


def subset_font(book: Book, path: Path, chars: str) -> bytes:
    """The font with only the glyphs the book uses (all OpenType features kept: small caps,
    old-style figures, ligatures, kerning), cached by font and character set. Makes the EPUB
    about half the size; SIL OFL fonts may be subset (EB Garamond reserves no font name)."""
    import fontTools
    from fontTools import subset
    from fontTools.ttLib import TTFont

    data = path.read_bytes()
    key = hashlib.sha256(data + chars.encode("utf-8") + fontTools.version.encode()).hexdigest()[:32]
    cached = book.cache_dir / "fonts" / f"{key}{path.suffix.lower()}"
    if cached.is_file():
        return cached.read_bytes()
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    font = TTFont(io.BytesIO(data))
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    result = out.getvalue()
    write_atomic(cached, result)
    return result


def index_page(book: Book, doc: Document, page_map: PageMap | None, href, lead: str = "") -> str:
    """The index: each locator a link to the marked place, labelled with the print page it is
    on (the print layout's page map); without a print layout, numbered in reading order."""
    from octavo.index.render import index_html

    if page_map is not None and page_map.pages:
        pages, labels = page_map.pages, page_map.labels
    else:  # every mark apart, numbered as it comes: links still lead to each place
        pages = {m.id: 2 * n for n, m in enumerate(doc.index.marks)}
        labels = [str(n // 2 + 1) for n in range(2 * len(doc.index.marks) + 1)]
    return (f'<section class="index" epub:type="index" role="doc-index" aria-labelledby="index-title">{lead}'
            f'{index_html(doc.index, pages, labels, book.config.language, href, epub=True)}</section>')


def _strip_links(html: str) -> str:
    return re.sub(r"</?a\b[^>]*>", "", html)


def claims_conformance(doc: Document, release: bool) -> bool:
    """Whether the EPUB may declare WCAG 2.1 AA conformance: only a release build (whose checks
    stop it on any error) in which every picture is present and has a description."""
    from octavo.ast import iter_nodes, text

    if not release or doc.missing_images:
        return False
    for section in doc.sections:
        for node in iter_nodes(section.blocks):
            if node["t"] == "Figure":
                (_i, _c, kv), caption, _ = node["c"]
                if not (dict(kv).get("alt") or text(caption[1] if caption else [])).strip():
                    return False
            elif node["t"] == "Image":
                (_i, _c, kv), alt, _ = node["c"]
                if not (dict(kv).get("alt") or text(alt)).strip():
                    return False
    return True


def _zip(book: Book, opf: str, items: list[Item]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        def add(name: str, data: bytes, compress: bool = True) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, data)
        add("mimetype", b"application/epub+zip", compress=False)
        add("META-INF/container.xml", (book.templates / "epub" / "container.xml").read_bytes())
        add("OEBPS/package.opf", opf.encode("utf-8"))
        for item in items:
            add(f"OEBPS/{item.href}", item.data)
    return buf.getvalue()


def epub_css(book: Book, font_faces: list[tuple], t) -> str:
    """The EPUB's stylesheet (also the preview's reading view): the theme's EPUB CSS with the
    faces given as (family, weight, style, url), the code face's scale and its greys, and the
    theme's own additions."""
    css = render_template(book, "epub/book.css.j2", font_faces=font_faces, design=book.design,
                          mono_scale=mono_scale(book.fonts.regular, book.mono.regular), code_css=token_css(colour=False))
    return css + render_template(book, "theme.css.j2", design=book.design, medium="epub", t=t)
