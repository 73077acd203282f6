"""HTML for the constructs whose pandoc attributes carry meaning: ordered lists, tables,
block content inside a floated footnote.

Takes: pandoc AST pieces (a list's ``ListAttributes``, a table's colspecs and cells)
and, for content, the ``Renderer`` that owns the section. Gives: HTML fragments that
keep what the author wrote in every output:

- an ordered list keeps its numbering scheme (HTML ``type``), its start (``start``)
  and its delimiter: ``1.`` is the browser default; ``1)`` and ``(1)`` are classes
  (``delim-one-paren``, ``delim-two-parens``) drawn by ``@counter-style`` rules in
  ``templates/constructs.css.j2``, since HTML ``type`` cannot say them;
- a table keeps its column alignments (``text-align`` on each cell, a cell's own
  alignment winning over its column's) and pandoc's relative widths (``<col>`` with a
  percentage, the table then set to the full measure); a caption is set above the
  table as a ``figcaption`` so it wraps at the text's measure, not the table's width;
- an image keeps the width and height the author gave (checked as CSS lengths by the
  figures filter) and is set at the resolution its file declares (``image-resolution``,
  which WeasyPrint honours): the default CSS may shrink it to the measure, never enlarge
  it; an inline image whose file is missing is a marked placeholder, as a figure's is;
- a footnote floated from inside a paragraph can only hold inline markup (a ``<p>``
  cannot contain a ``<ul>``), so its paragraphs, lists, quotations and verse are
  written as spans that the CSS displays as blocks (``.fn-block``, ``.fn-li``...).
"""
from __future__ import annotations

from html import escape

from octavo.ast import text

# pandoc ListNumberStyle -> HTML ``type``; Example lists (@) and the default count 1, 2, 3
LIST_TYPE = {"Decimal": "1", "LowerAlpha": "a", "UpperAlpha": "A", "LowerRoman": "i", "UpperRoman": "I",
             "DefaultStyle": "1", "Example": "1"}
# pandoc ListNumberDelim -> class; Period and DefaultDelim are HTML's own "1."
LIST_DELIM = {"OneParen": "delim-one-paren", "TwoParens": "delim-two-parens"}
ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}


def ordered_list_attrs(list_attributes) -> str:
    """` type="a" start="6" class="..."` for an ``<ol>``: scheme, start and delimiter as written."""
    start, style, delim = list_attributes
    kind = LIST_TYPE.get(style["t"], "1")
    out = f' type="{kind}"' if kind != "1" else ""
    # WeasyPrint reads no presentational attributes: the start is also the list's counter
    out += f' start="{start}" style="counter-reset: list-item {start - 1}"' if start != 1 else ""
    classes = [LIST_DELIM[delim["t"]]] if delim["t"] in LIST_DELIM else []
    if kind != "1" or classes:
        classes.append("scheme-" + {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman",
                                    "I": "upper-roman"}[kind])
    return out + (f' class="{" ".join(classes)}"' if classes else "")


def table_html(r, c) -> str:
    """A pandoc Table as HTML (``r`` is the Renderer, for cell content)."""
    (ident, classes, _kv), caption, colspecs, head, bodies, foot = c
    aligns = [ALIGN.get(spec[0]["t"]) for spec in colspecs]
    widths = [spec[1]["c"] if spec[1]["t"] == "ColWidth" else None for spec in colspecs]
    sized = any(w for w in widths)
    cols = ""
    if sized:
        total = sum(w for w in widths if w) or 1.0
        scale = 1.0 if total <= 1.0 else 1.0 / total  # pandoc's fractions of the measure; never more than it
        cols = "<colgroup>" + "".join(
            f'<col style="width: {w * scale * 100:.1f}%"/>' if w else "<col/>" for w in widths) + "</colgroup>"
    cls = ["sized"] if sized else []
    cls += [f"cols-{min(len(colspecs), 8)}"]  # wide tables are set smaller (constructs.css.j2)

    def rows(rs, cell_tag):
        html = []
        for _rattr, cells in rs:
            html.append("<tr>")
            col = 0
            for _cattr, align, rowspan, colspan, blocks in cells:
                span = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
                a = ALIGN.get(align["t"]) or (aligns[col] if col < len(aligns) else None)
                style = f' style="text-align: {a}"' if a else ""
                scope = ' scope="col"' if cell_tag == "th" else ""
                html.append(f"<{cell_tag}{scope}{span}{style}>{r.blocks(blocks, tight=True)}</{cell_tag}>")
                col += colspan
            html.append("</tr>")
        return "".join(html)

    out = [f'<table class="{" ".join(cls)}">{cols}']
    if head[1]:
        out.append(f"<thead>{rows(head[1], 'th')}</thead>")
    for _battr, _rhc, bhead, body in bodies:
        out.append(f"<tbody>{rows(bhead, 'th')}{rows(body, 'td')}</tbody>")
    if foot[1]:
        out.append(f"<tfoot>{rows(foot[1], 'td')}</tfoot>")
    table = "".join(out) + "</table>"
    cap = caption[1] if caption else None
    ident_attr = r._id_attr(ident)
    extra = (" " + " ".join(escape(x) for x in classes)) if classes else ""
    if cap:
        return (f'<figure class="table-figure{extra}"{ident_attr}><figcaption>{r.blocks(cap, tight=True)}</figcaption>'
                f"{table}</figure>\n")
    return f'<div class="table-wrap{extra}"{ident_attr}>{table}</div>\n'


def note_inline(r, blocks: list, fallback) -> str:
    """A note's blocks as inline-safe HTML: each block a span displayed as a block.
    ``fallback(block)`` writes a block this module does not handle (e.g. code)."""
    parts = []
    for b in blocks:
        t, c = b["t"], b.get("c")
        if t == "Div":
            parts.append(note_inline(r, c[1], fallback))
        elif t in ("Para", "Plain"):
            parts.append(f'<span class="fn-block">{r.inlines(c)}</span>')
        elif t == "BlockQuote":
            parts.append(f'<span class="fn-block fn-quote">{note_inline(r, c, fallback)}</span>')
        elif t == "LineBlock":
            lines = "".join(f'<span class="fn-line">{r.inlines(line)}</span>' for line in c)
            parts.append(f'<span class="fn-block fn-verse">{lines}</span>')
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            if t == "OrderedList":
                start, style, delim = c[0]
                markers = [list_marker(start + i, style["t"], delim["t"]) for i in range(len(items))]
            else:
                markers = ["•"] * len(items)
            lis = "".join(f'<span class="fn-li"><span class="fn-marker">{m}</span> {note_inline(r, item, fallback)}</span>'
                          for m, item in zip(markers, items))
            parts.append(f'<span class="fn-block fn-list">{lis}</span>')
        elif t == "DefinitionList":
            for term, defs in c:
                parts.append(f'<span class="fn-block fn-dt">{r.inlines(term)}</span>')
                parts += [f'<span class="fn-block fn-dd">{note_inline(r, d, fallback)}</span>' for d in defs]
        elif t == "HorizontalRule":
            continue
        else:
            parts.append(fallback(b))
    return "".join(parts)


def list_marker(n: int, style: str, delim: str) -> str:
    """The marker an ordered list item shows, as text (for lists set inside a floated note,
    where no list box exists): ``6.``, ``c)``, ``(iv)``."""
    kind = LIST_TYPE.get(style, "1")
    if kind in "aA":
        s, k = "", n
        while k > 0:
            k, rem = divmod(k - 1, 26)
            s = chr(ord("a") + rem) + s
        s = s or str(n)
    elif kind in "iI":
        s = roman(n)
    else:
        s = str(n)
    if kind in "AI":
        s = s.upper()
    return {"OneParen": f"{s})", "TwoParens": f"({s})"}.get(delim, f"{s}.")


def roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def image_style(attrs: dict) -> str:
    """` style="..."` for an image: its declared resolution and the author's width and height."""
    rules = []
    if attrs.get("dpi"):
        rules.append(f"image-resolution: {attrs['dpi']}dpi")
    for key in ("width", "height"):
        if attrs.get(key):
            rules.append(f"{key}: {attrs[key]}")
    return f' style="{escape("; ".join(rules))}"' if rules else ""


def inline_image(r, c) -> str:
    """An image inside text: its file as the output names it, or a placeholder when missing."""
    (_ident, _classes, kv), alt, (target, _title) = c
    attrs = dict(kv)
    description = attrs.get("alt") or text(alt)
    if attrs.get("missing"):
        return (f'<span class="placeholder-inline" role="img" aria-label="{escape(description)}">'
                f"[Artwork to come: {escape(target)}]</span>")
    return f'<img class="inline" src="{escape(r.o.image(target))}" alt="{escape(description)}"{image_style(attrs)}/>'
