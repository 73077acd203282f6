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

Raw content for other formats (LaTeX...) is dropped silently: no output uses it.
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

    def __init__(self, check_url=None):
        super().__init__(convert_charrefs=True)
        self.check_url = check_url  # (url, resource) -> (code, message) | None
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
        kept = [f" {name}=\"{escape(value, quote=True)}\"" for name, value in self._attrs(local, attrs)]
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


def clean(html: str) -> tuple[str, list[str]]:
    """The HTML without dangerous elements or attributes, and what was removed."""
    cleaned, removed, _problems = _clean(html)
    return cleaned, removed


def _clean(html: str, check_url=None) -> tuple[str, list[str], list[tuple[str, str]]]:
    """``clean`` plus URL checks: ``check_url(url, resource)`` returns a (code, message)
    problem for a URL that may not be used (the attribute is then dropped)."""
    cleaner = _Cleaner(check_url)
    try:
        cleaner.feed(html)
        cleaner.close()
    except Exception:  # noqa: BLE001 - markup the tokenizer cannot follow is dropped whole
        return "", ["unreadable markup"], []
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

    def fix(node):
        t = node["t"]
        if t in ("RawBlock", "RawInline"):
            fmt, content = node["c"]
            if fmt.lower() not in ("html", "html5", "html4"):
                return []
            cleaned, removed, problems = _clean(content, check_url)
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


def _without_attrs(node: dict, keys: set[str]) -> dict:
    c = list(node["c"])
    index = 1 if node["t"] == "Header" else 0
    ident, classes, kv = c[index]
    c[index] = [ident, classes, [[k, v] for k, v in kv if k not in keys]]
    return {**node, "c": c}
