"""Raw HTML in Markdown: keep harmless markup, drop what could run or submit.

Takes: a section. Gives: the section with ``script``, ``iframe``, ``object``,
``embed``, ``form`` (and what they enclose) and ``on*=`` event attributes
removed from raw HTML, a warning each (S601), an error in release builds.
Raw content for other formats (LaTeX...) is dropped silently: no output uses it.
"""
from __future__ import annotations

import re

from octavo.ast import walk
from octavo.document import Section

DANGEROUS = ("script", "iframe", "object", "embed", "form", "style", "link", "meta", "base", "frame", "frameset", "applet")
_ELEMENT = re.compile(r"<(%s)\b[^>]*>.*?</\1\s*>|<(%s)\b[^>]*/?>|</(%s)\s*>" % (("|".join(DANGEROUS),) * 3), re.I | re.S)
_EVENT = re.compile(r"""\s(on[a-z]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_JS_URL = re.compile(r"""(href|src)\s*=\s*(["']?)\s*javascript:[^"'\s>]*\2""", re.I)


def clean(html: str) -> tuple[str, list[str]]:
    """The HTML without dangerous elements or attributes, and what was removed."""
    removed = [m.group(1) or m.group(2) or m.group(3) for m in _ELEMENT.finditer(html)]
    html = _ELEMENT.sub("", html)
    removed += [m.group(1) for m in _EVENT.finditer(html)]
    html = _EVENT.sub("", html)
    removed += ["javascript: URL" for _ in _JS_URL.finditer(html)]
    html = _JS_URL.sub("", html)
    return html, [r.lower() for r in removed]


def sanitize(section: Section, ctx) -> None:
    def fix(node):
        if node["t"] not in ("RawBlock", "RawInline"):
            return None
        fmt, content = node["c"]
        if fmt.lower() not in ("html", "html5", "html4"):
            return [] if node["t"] == "RawBlock" else []
        cleaned, removed = clean(content)
        if removed:
            what = ", ".join(sorted(set(removed)))
            line = section.line_of(content.strip().splitlines()[0][:40]) if content.strip() else None
            add = ctx.report.error if ctx.release else ctx.report.warn
            add("S601", f"Raw HTML removed ({what}): scripts, frames, forms and event handlers never reach an output.",
                file=section.where, line=line, hint="Delete it from the manuscript.")
        return {"t": node["t"], "c": [fmt, cleaned]}

    section.blocks = walk(section.blocks, fix)
