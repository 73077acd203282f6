"""Raw HTML in Markdown: keep harmless markup, drop what could run, submit or fetch.

Takes: a section. Gives: the section with its raw HTML rewritten token by token
(an HTML tokenizer, not patterns, so split, nested or disguised tags cannot
slip through; what is written out is exactly what was checked):

- ``script``, ``iframe``, ``object``, ``embed``, ``form`` (and what they
  enclose), ``style``, ``link``, ``meta``, ``base``, frames and SVG animation
  elements are removed, and so are event-handler attributes (``on*=``) and
  ``javascript:``/``vbscript:``/``data:`` URLs: a warning each (S601), an
  error in release builds. Event handlers pandoc parsed into a span's or a
  div's attributes are removed the same way.
- a resource URL (``src``, ``srcset``, ``poster``, ``data``, ``xlink:href``,
  CSS ``url()`` in a ``style`` attribute) that is remote is an error (S603)
  and one that leads outside the book folder an error (S602), as for
  Markdown images: octavo never fetches anything.
- comments, declarations and processing instructions are dropped silently.
- ids are namespaced book-wide (``RawIds``: ``id="x"`` -> ``raw-x``, ``raw-x-2``...) so
  they never collide; a colour (a ``style`` declaration, a ``color`` attribute) is kept
  for the EPUB and the screen PDF, marked ``data-octavo-colour`` so the print interior
  sets it in black (its ink), with a warning (S608).

Raw content for other formats (LaTeX...) is reported and dropped by ``rawformats``.
"""
from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from octavo.ast import attr_of, walk
from octavo.document import Section

DANGEROUS = ("script", "iframe", "object", "embed", "form", "style", "link", "meta", "base", "frame", "frameset",
             "applet", "noembed", "portal", "animate", "animatemotion", "animatetransform", "set", "handler",
             "listener")
# Removed with what they enclose (when the end tag is in the same piece of raw HTML).
_CONTAINERS = {"script", "iframe", "object", "form", "style", "frameset", "applet", "noembed", "portal", "handler",
               "listener"}
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "base",
         "param", "frame"}
# Attributes whose value is a URL the reader follows (a link) or the renderer loads (a resource).
_LINK_ATTRS = {"href", "action", "formaction", "cite", "longdesc", "usemap", "ping", "profile", "manifest",
               "codebase", "classid", "archive"}
_RESOURCE_ATTRS = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc"}
_LINKING_ELEMENTS = {"a", "area"}
_BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9_.:]*\Z")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
_CSS_UNSAFE = re.compile(r"\\|expression\s*\(|behavior\s*:|-moz-binding|image-set\s*\(|\bimage\s*\(|cross-fade\s*\(|"
                         r"element\s*\(|@import", re.I)
_SPACE_CTRL = re.compile(r"[\x00-\x20\x7f]+")


def _local(name: str) -> str:
    """An element or attribute name without its namespace prefix (svg:script -> script)."""
    return name.rsplit(":", 1)[-1].lower()


class _Cleaner(HTMLParser):
    """Tokenize a piece of raw HTML and write back only what is safe."""

    def __init__(self, check_url=None, ids=None):
        super().__init__(convert_charrefs=True)
        self.check_url = check_url  # (url, resource) -> (code, message) | None
        self.ids = ids  # RawIds: the book's namespace of raw HTML ids (None: ids kept as written)
        self.colours: list[str] = []  # colour declarations found (the print interior sets them in black)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.problems: list[tuple[str, str]] = []
        self._skip: list[str] = []  # open removed containers whose content is dropped

    # --- tags -------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs, closed: bool) -> None:
        local = _local(tag)
        if self._skip:
            if local == self._skip[-1] and not closed:
                self._skip.append(local)
            return
        if local in DANGEROUS:
            self.removed.append(local)
            if local in _CONTAINERS and not closed:
                self._skip.append(local)
            return
        if not _NAME.match(tag):
            return
        pairs = list(self._attrs(local, attrs))
        if self.ids is not None:
            pairs = [(name, self.ids.attribute(_local(name), value)) for name, value in pairs]
        colour = [value for name, value in pairs if _is_colour(_local(name), value)]
        if colour:
            self.colours += colour
            pairs.append(("data-octavo-colour", "1"))  # the print CSS sets it in black ink
        kept = [f" {name}=\"{escape(value, quote=True)}\"" for name, value in pairs]
        void = closed or local in _VOID
        self.out.append(f"<{tag}{''.join(kept)}{'/' if void else ''}>")

    def _attrs(self, element: str, attrs):
        for name, value in attrs:
            local = _local(name)
            value = name if value is None else value
            if not _NAME.match(name):
                continue
            if local.startswith("on"):
                self.removed.append(name.lower())
                continue
            squeezed = _SPACE_CTRL.sub("", value).lower()
            is_url = local in _LINK_ATTRS or local in _RESOURCE_ATTRS
            if is_url and squeezed.startswith(_BAD_SCHEMES) and not (
                    squeezed.startswith("data:image/") and local in _RESOURCE_ATTRS):
                self.removed.append(squeezed.split(":", 1)[0] + ": URL")
                continue
            if local == "style":
                if _CSS_UNSAFE.search(value):
                    self.removed.append("style with CSS escapes, imports or image functions")
                    continue
                urls = ["".join(m.groups(default="")) for m in _CSS_URL.finditer(value)]
                if not self._urls_ok(urls, resource=True):
                    continue
            elif local in _RESOURCE_ATTRS or (local == "href" and element not in _LINKING_ELEMENTS):
                urls = [c.strip().split()[0] for c in value.split(",") if c.strip()] if local == "srcset" else [value]
                if not self._urls_ok(urls, resource=True):
                    continue
            elif local in _LINK_ATTRS:
                if not self._urls_ok([value], resource=False):
                    continue
            yield name, value

    def _urls_ok(self, urls: list[str], resource: bool) -> bool:
        ok = True
        for url in urls:
            if resource and url.strip().lower().startswith("data:"):
                continue  # inline data, nothing to fetch
            problem = self.check_url(url.strip(), resource) if self.check_url else None
            if problem:
                self.problems.append(problem)
                ok = False
        return ok

    def handle_endtag(self, tag):
        local = _local(tag)
        if self._skip:
            if local == self._skip[-1]:
                self._skip.pop()
            return
        if local in DANGEROUS:
            self.removed.append(local)
            return
        if _NAME.match(tag) and local not in _VOID:
            self.out.append(f"</{tag}>")

    # --- everything else --------------------------------------------------
    def handle_data(self, data):
        if not self._skip:
            self.out.append(escape(data, quote=False))

    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass


_COLOUR_CSS = re.compile(r"(?:^|;)\s*(?:color|background(?:-color|-image)?|border(?:-[a-z]+)*|outline(?:-color)?|"
                         r"text-decoration(?:-color)?|fill|stroke|box-shadow|text-shadow)\s*:", re.I)
_ID_REFS = {"for", "headers", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "list", "form"}


def _is_colour(name: str, value: str) -> bool:
    """A colour set in raw HTML: a style declaration or a presentational attribute."""
    if name in ("color", "bgcolor", "text", "link", "vlink", "alink"):
        return True
    return name == "style" and bool(_COLOUR_CSS.search(value))


class RawIds:
    """The ids raw HTML defines, namespaced book-wide: ``<span id="x">`` is written ``raw-x``,
    a second ``id="x"`` anywhere in the book ``raw-x-2``, so no two elements share an id (an
    EPUB with one id twice is invalid: RSC-005) and none collides with octavo's own ids.
    References to them (``href="#x"``, ``for``, ``aria-labelledby``..., Markdown ``[..](#x)``)
    lead to the first element that defined the id."""

    def __init__(self):
        self.table: dict[str, str] = {}  # as written -> the first namespaced id
        self.used: set[str] = set()

    def define(self, ident: str) -> str:
        base = "raw-" + re.sub(r"[^\w.-]", "-", ident, flags=re.ASCII).strip("-") if ident else "raw"
        new, n = base, 1
        while new in self.used:
            n += 1
            new = f"{base}-{n}"
        self.used.add(new)
        self.table.setdefault(ident, new)
        return new

    def attribute(self, name: str, value: str) -> str:
        if name == "id":
            return self.define(value)
        if name == "href" and value.startswith("#") and value[1:] in self.table:
            return "#" + self.table[value[1:]]
        if name in _ID_REFS:
            return " ".join(self.table.get(token, token) for token in value.split())
        return value


def relink(doc, ctx) -> None:
    """Markdown links to an id that only raw HTML defines follow it to its namespaced id."""
    from octavo.ast import iter_nodes as _iter

    ids = getattr(ctx, "raw_ids", None)
    if ids is None or not ids.table:
        return
    table = ids.table
    markdown_ids = {s.id for s in doc.sections} | {a[0] for s in doc.sections for n in _iter(s.blocks)
                                                   if (a := attr_of(n)) and a[0]}

    def fix(node):
        if node["t"] == "Link" and node["c"][2][0].startswith("#"):
            target = node["c"][2][0][1:]
            if target in table and target not in markdown_ids:
                c = list(node["c"])
                c[2] = ["#" + table[target], c[2][1]]
                return {**node, "c": c}
        return None

    for s in doc.sections:
        s.blocks = walk(s.blocks, fix)


def clean(html: str) -> tuple[str, list[str]]:
    """The HTML without dangerous elements or attributes, and what was removed."""
    cleaned, removed, _problems = _clean(html)
    return cleaned, removed


def _clean(html: str, check_url=None, ids=None, colours=None) -> tuple[str, list[str], list[tuple[str, str]]]:
    """``clean`` plus URL checks: ``check_url(url, resource)`` returns a (code, message)
    problem for a URL that may not be used (the attribute is then dropped). With ``ids``
    (a ``RawIds``), ids are namespaced; colour declarations found are added to ``colours``."""
    cleaner = _Cleaner(check_url, ids)
    try:
        cleaner.feed(html)
        cleaner.close()
    except Exception:  # noqa: BLE001 - markup the tokenizer cannot follow is dropped whole
        return "", ["unreadable markup"], []
    if colours is not None:
        colours += cleaner.colours
    return "".join(cleaner.out), [r.lower() for r in cleaner.removed], cleaner.problems


def _report_removed(section: Section, ctx, removed: list[str], needle: str) -> None:
    what = ", ".join(sorted(set(removed)))
    line = section.line_of(needle.strip().splitlines()[0][:40]) if needle.strip() else None
    add = ctx.report.error if ctx.release else ctx.report.warn
    add("S601", f"Raw HTML removed ({what}): scripts, frames, forms and event handlers never reach an output.",
        file=section.where, line=line, hint="Delete it from the manuscript.")


def sanitize(section: Section, ctx) -> None:
    from octavo.filters.links import target_problem

    def check_url(url: str, resource: bool):
        return target_problem(Path(ctx.root), Path(ctx.root), url, image=resource)

    if getattr(ctx, "raw_ids", None) is None and hasattr(ctx, "raw_ids"):
        ctx.raw_ids = RawIds()  # one namespace for the whole book
    ids = getattr(ctx, "raw_ids", None)

    def fix(node):
        t = node["t"]
        if t in ("RawBlock", "RawInline"):
            fmt, content = node["c"]
            if fmt.lower() not in ("html", "html5", "html4"):
                return []
            written = _split_paragraph_as_div(content) if t == "RawBlock" else content
            colours: list[str] = []
            cleaned, removed, problems = _clean(written, check_url, ids, colours)
            if colours:
                line = section.line_of(content.strip().splitlines()[0][:40]) if content.strip() else None
                ctx.report.warn("S608", f"Raw HTML colour '{colours[0][:50]}' is printed in black: the print interior "
                                "has black ink only.", file=section.where, line=line,
                                hint="Keep colour out of the text, or accept that print sets it in black.")
            if removed:
                _report_removed(section, ctx, removed, content)
            for code, msg in problems:
                line = section.line_of(content.strip().splitlines()[0][:40]) if content.strip() else None
                ctx.report.error(code, f"Raw HTML: {msg}", file=section.where, line=line,
                                 hint="Put the file inside the book folder and use a relative path." if code == "S602"
                                 else "Download the file into images/ and point to it there.")
            return {"t": t, "c": [fmt, cleaned]}
        attr = attr_of(node)
        if attr and any(_local(k).startswith("on") for k in attr[2]):
            # pandoc read <span onclick=...> or <div onload=...> as a span or div with attributes
            keys = [k for k in attr[2] if _local(k).startswith("on")]
            _report_removed(section, ctx, [k.lower() for k in keys], keys[0] + "=")
            return _without_attrs(node, set(keys))
        return None

    section.blocks = walk(section.blocks, fix)


def _split_paragraph_as_div(content: str) -> str:
    """pandoc reads ``<p id=x>Text</p>`` over lines as a raw ``<p ...>``, a paragraph and a raw
    ``</p>``: a paragraph inside a paragraph, which no HTML allows (EPUBCheck RSC-005). The
    raw pair becomes a div around the paragraph."""
    if re.fullmatch(r"\s*<p(\s[^>]*)?>\s*", content, re.I):
        return re.sub(r"<p", "<div", content, count=1, flags=re.I)
    if re.fullmatch(r"\s*</p\s*>\s*", content, re.I):
        return "</div>"
    return content


def _without_attrs(node: dict, keys: set[str]) -> dict:
    c = list(node["c"])
    index = 1 if node["t"] == "Header" else 0
    ident, classes, kv = c[index]
    c[index] = [ident, classes, [[k, v] for k, v in kv if k not in keys]]
    return {**node, "c": c}
