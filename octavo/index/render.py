"""The index as HTML, for the PDFs and the EPUB.

Takes: the ``IndexSource``, where each id landed (``{id: page index}``) and each
page's folio, the book's language, and how to link an id (``href``). Gives: the
index's inner HTML: its heading, then one group per letter, entries and subentries
in the language's order (``octavo.index.collate``), each locator a link to the
marked place, *see* and *see also* references linked to their headwords. In the
EPUB the elements carry the EPUB Indexes vocabulary (``epub:type="index-entry"``...).
"""
from __future__ import annotations

from html import escape
from typing import Callable

from octavo.index.collate import Collation
from octavo.index.model import Entry, IndexSource, locator_text


def entry_id(n: int) -> str:
    """The id of the index's ``n``-th headword (from 1, in the index's order)."""
    return f"index-entry-{n}"


def entry_ids(source: IndexSource) -> list[str]:
    """The ids of the index's headwords in reading order: where the print pages of the index
    begin, for the EPUB's page list."""
    return [entry_id(n) for n in range(1, len(source.headwords) + 1)]


def index_html(source: IndexSource, pages: dict[str, int], labels: list[str], lang: str,
               href: Callable[[str], str] = lambda ident: "#" + ident, epub: bool = False) -> str:
    from octavo.i18n import messages

    t = messages(lang)
    order = Collation(lang)
    tree = source.entries(pages)
    heads = order.sort(tree)
    anchor = {head: entry_id(n) for n, head in enumerate(heads, 1)}

    def ep(kind: str) -> str:
        return f' epub:type="{kind}"' if epub else ""

    def locators(entry: Entry) -> str:
        # the first number is tied to the term's last word: a page number never stands alone on a line
        return "".join(f',{" " if n else chr(0xa0)}<a class="index-loc" href="{escape(href(loc.target))}"'
                       f'{ep("index-locator")}>{escape(locator_text(loc, labels))}</a>'
                       for n, loc in enumerate(entry.locators))

    def refs(targets: list[str], kind: str) -> str:
        return "; ".join(f'<a href="{escape(href(anchor[x]))}"{ep(kind)}>{escape(x)}</a>' if x in anchor
                         else f"<span{ep(kind)}>{escape(x)}</span>" for x in targets)

    def word(key: str) -> str:
        w = t(key)
        return w[:1].upper() + w[1:]

    out = [f'<h1 class="chapter-title" id="index-title"><span class="chapter-name">{escape(t("index"))}</span></h1>\n'
           '<div class="index-body">\n']
    groups: list[tuple[str, list[str]]] = []
    for head in heads:
        letter = order.letter(head)
        if not groups or groups[-1][0] != letter:
            groups.append((letter, []))
        groups[-1][1].append(head)
    for n, (letter, members) in enumerate(groups, 1):
        out.append(f'<section class="index-group"{ep("index-group")} aria-labelledby="index-group-{n}">'
                   f'<h2 class="index-letter" id="index-group-{n}">{escape(letter)}</h2>\n'
                   f'<ul class="index-entries"{ep("index-entry-list")}>\n')
        for head in members:
            entry = tree[head]
            line = (f'<li class="index-entry" id="{anchor[head]}"{ep("index-entry")}>'
                    f'<span class="index-term"{ep("index-term")}>{escape(head)}</span>{locators(entry)}')
            if entry.see:
                line += f'. <em class="index-see">{escape(word("see"))}</em> {refs([entry.see], "index-xref-preferred")}'
            also = ""
            if entry.see_also:
                also = (f'<em class="index-see">{escape(word("see_also"))}</em> '
                        f'{refs(entry.see_also, "index-xref-related")}')
            if entry.subentries:
                line += f'\n<ul class="index-entries index-sub"{ep("index-entry-list")}>\n'
                for sub in order.sort_subentries(entry.subentries):
                    line += (f'<li class="index-subentry"{ep("index-entry")}><span class="index-term"{ep("index-term")}>'
                             f'{escape(sub)}</span>{locators(entry.subentries[sub])}</li>\n')
                line += "</ul>\n"
                if also:  # after the subentries, on a line of its own (Chicago 16.20)
                    line += f'<p class="index-also">{also}</p>\n'
            elif also:
                line += ". " + also
            out.append(line + "</li>\n")
        out.append("</ul></section>\n")
    out.append("</div>\n")
    return "".join(out)


def illustrations(doc, opts, href: Callable[[str], str] = lambda ident: "#" + ident) -> list[dict]:
    """The list of illustrations (book.yaml list_of_illustrations): each figure's number, link
    and caption as HTML, without its notes, links or ids (the caption is set again at the figure)."""
    import re

    from markupsafe import Markup

    from octavo.index.xref import figures
    from octavo.render.html import Renderer

    if not doc.sections:
        return []
    r = Renderer(doc.sections[0], opts)
    return [{"href": href(ident), "number": number,
             "caption_html": Markup(re.sub(r'</?a\b[^>]*>| id="[^"]*"', "", r.without_notes(caption)))}
            for ident, number, caption, _section in figures(doc)]


def placeholder_pages(source: IndexSource) -> tuple[dict[str, int], list[str]]:
    """Pages for an index laid out before its numbers are known: every mark on its own page,
    numbered from 100, so the index takes about the room it will need."""
    ids = [m.id for m in source.marks]
    return {ident: 2 * n for n, ident in enumerate(ids)}, [str(100 + n) for n in range(2 * len(ids) + 1)]
