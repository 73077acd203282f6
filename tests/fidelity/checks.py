"""The six checks, each a ``Source`` against one output (``EpubOutput`` or ``PdfOutput``).

Takes: what the chapters say and a built output. Gives: per check, a list of
problems (sentences naming what is lost and where); an empty list is a pass.
``CHECKS`` names them for the tests: words, faces, markers, alignments, bounds, tex
(the package docstring says what each one asks).
"""
from __future__ import annotations

import re
from collections import Counter

from .fonts import Face
from .outputs import (XHTML, EpubOutput, PdfOutput, PdfWord, counter_styles, css_rules, declarations, local_name,
                      shown_text)
from .source import ListSpec, Source
from .words import tokens, word_problems

def check_words(src: Source, out) -> list[str]:
    problems = []
    for name, stream in src.streams().items():
        problems += word_problems(name, stream, out.tokens)
    return problems


def check_faces(src: Source, out) -> list[str]:
    return _epub_faces(src, out) if out.kind == "epub" else _pdf_faces(src, out)


def _wanted(src: Source) -> dict[tuple[str, str], int]:
    """Each (word, style) once: a word set in a face somewhere must be found in it somewhere."""
    return {k: 1 for k in src.styled if k[0] and not k[0].isdigit()}


def _letters(word: PdfWord) -> list[dict]:
    """The chars of a PDF word that carry its letters (not punctuation, not a note call set smaller)."""
    chars = [c for c in word.chars if c["text"].isalnum()]
    if not chars:
        return []
    size = max(c["size"] for c in chars)
    return [c for c in chars if c["size"] >= size * 0.8]


def _pdf_faces(src: Source, out: PdfOutput) -> list[str]:
    faces = out.faces
    by_token: dict[str, list[tuple[int, PdfWord]]] = {}
    for k, w in enumerate(out.words):
        for t in w.tokens:
            by_token.setdefault(t, []).append((k, w))
    normal_adv = _normal_advances(out)
    problems = []
    for word, style in _wanted(src):
        hits = by_token.get(word, [])
        if not hits:
            problems.append(f"'{word}' ({style}): not found in the PDF text")
            continue
        seen = []
        ok = False
        for k, hit in hits:
            chars = _letters(hit)
            got = [faces.get(c["fontname"]) for c in chars]
            if style == "smallcaps":  # every letter, the ones set smaller too
                chars = [c for c in hit.chars if c["text"].isalpha()]
                good = bool(chars) and _small_caps(chars, normal_adv, _running_size(out.words, k))
            else:
                good = bool(got) and all(f is not None and f.satisfies(style) for f in got)
            if good:
                ok = True
                break
            seen.append(", ".join(sorted({_describe(f) for f in got})))
        if not ok:
            problems.append(f"'{word}' should be {style} but is set in {' / '.join(sorted(set(seen)))}")
    return problems


def _describe(face: Face | None) -> str:
    if face is None:
        return "a font without an embedded program"
    return (f"{face.family or 'a face'} (weight {face.weight}{', italic' if face.italic else ''}"
            f"{', fixed pitch' if face.mono else ''})")


def _normal_advances(out: PdfOutput) -> dict[tuple[str, str], float]:
    """(font, letter) -> its most common advance per point of size: the letter as body text sets it."""
    counts: dict[tuple[str, str], Counter] = {}
    for w in out.words:
        for c in w.chars:
            if c["text"].isalpha() and c["size"]:
                counts.setdefault((c["fontname"], c["text"]), Counter())[round(c["adv"] / c["size"], 3)] += 1
    return {k: v.most_common(1)[0][0] for k, v in counts.items()}


def _running_size(words: list[PdfWord], k: int, reach: int = 4) -> float:
    """The size of the running text around word ``k``: the largest letter of the words up to
    ``reach`` before and after it on its page (a run of small caps is set smaller than its
    neighbours, so a word wholly in synthesised small capitals is measured against them)."""
    near = [c["size"] for w in words[max(0, k - reach):k + reach + 1] if w.page == words[k].page
            for c in w.chars if c["text"].isalpha()]
    return max(near, default=0.0)


def _small_caps(chars: list[dict], normal: dict, running: float = 0.0) -> bool:
    """Lower-case letters set as small capitals: either capitals at a reduced size (synthesised:
    smaller than the running text around them) or glyphs of another width than the same letter
    in running text (the font's smcp glyphs)."""
    lower = [c for c in chars if c["text"].isalpha()]
    if not lower:
        return False
    size = max([c["size"] for c in chars] + [running])
    for c in lower:
        if c["text"].isupper() and c["size"] < size * 0.95:
            continue  # a synthesised small capital
        if c["text"].islower() and round(c["adv"] / c["size"], 3) != normal.get((c["fontname"], c["text"])):
            continue  # a glyph other than the running text's letter
        if c is lower[0] and c["text"].isupper():
            continue  # an initial capital stays a capital
        return False
    return True


_STYLE_TAGS = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "code": "mono", "pre": "mono",
               "kbd": "mono", "samp": "mono", "tt": "mono"}


def _epub_faces(src: Source, out: EpubOutput) -> list[str]:
    """Each styled word sits in an element that the CSS sets in that style, and the
    @font-face program for that weight and style really is of that weight and style."""
    rules = css_rules(out.css)
    problems = []
    # 1. each style's words are inside an element that gives them the style
    located: dict[tuple[str, str], bool] = {}
    for doc in out.docs:
        for el in doc.iter():
            style = _element_style(el, rules)
            if not style:
                continue
            for t in tokens(shown_text(el)):
                located[(t, style)] = True
                if style in ("bold", "italic"):  # nested strong/em
                    parent = el.getparent()
                    while parent is not None:
                        other = _element_style(parent, rules)
                        if other and {style, other} == {"bold", "italic"}:
                            located[(t, "bolditalic")] = True
                        parent = parent.getparent()
    for word, style in _wanted(src):
        if not located.get((word, style)):
            problems.append(f"'{word}' ({style}): not inside an element styled {style}")
    # 2. the embedded faces are what their @font-face rules say they are
    fonts = out.font_faces()
    for rule in fonts:
        bold = rule["weight"].lower() in ("bold", "bolder") or (rule["weight"].isdigit() and int(rule["weight"]) >= 600)
        italic = rule["style"].lower() in ("italic", "oblique")
        face = rule["face"]
        if face is None:
            continue
        if (face.weight >= 600) != bold or face.italic != italic:
            problems.append(f"@font-face '{rule['family']}' {rule['weight']} {rule['style']} names a program of "
                            f"{_describe(face)}")
    # 3. the face for a style has glyphs for the words set in it (else the reading system substitutes)
    for word, style in _wanted(src):
        want = {"bold": (True, False), "italic": (False, True), "bolditalic": (True, True)}.get(style)
        for rule in fonts:
            face = rule["face"]
            if want and face is not None and face.covers and (face.weight >= 600, face.italic) == want:
                lacking = sorted({ch for ch in word if ch.isalpha() and ord(ch) not in face.covers
                                  and ord(ch.upper()) not in face.covers})
                if lacking:
                    problems.append(f"'{word}' ({style}): the embedded {style} face has no glyph for "
                                    f"{' '.join(lacking)}")
    # 4. each style the book uses has an embedded face for the body family (bold, italic and
    # bold italic words are body text: a word in code is "mono", so the code family needs no bold)
    families = {r["family"] for r in fonts if r["face"] is not None}
    body = _body_families(out.css) & families
    families = body or families
    used = {style for _, style in _wanted(src)}
    for family in families:
        have = {(r["weight"].lower() in ("bold", "700", "600", "800", "900"), r["style"].lower() == "italic")
                for r in fonts if r["family"] == family and r["face"] is not None}
        for style, key in (("bold", (True, False)), ("italic", (False, True)), ("bolditalic", (True, True))):
            if style in used and key not in have:
                problems.append(f"no embedded {style} face for '{family}': a reading system must fake it")
    return problems


def _element_style(el, rules) -> str | None:
    name = local_name(el.tag)
    if name in _STYLE_TAGS:
        return _STYLE_TAGS[name]
    classes = (el.get("class") or "").split()
    inline = declarations(el.get("style") or "")
    decls = dict(inline)
    for sel, d in rules:
        last = sel.split(",")[-1].strip().split()[-1] if sel.strip() else ""
        if any(last == f".{c}" or last.endswith(f"{name}.{c}") for c in classes):
            decls.update(d)
    if "small-caps" in decls.get("font-variant", "") + decls.get("font-variant-caps", ""):
        return "smallcaps"
    return None


def check_markers(src: Source, out) -> list[str]:
    return _epub_markers(src, out) if out.kind == "epub" else _pdf_markers(src, out)


def _pdf_markers(src: Source, out: PdfOutput) -> list[str]:
    """The word before each list item's first words, on the same line, is its marker."""
    problems = []
    lines = _lines(out)
    pos = 0
    for spec in src.lists:
        for n, first in enumerate(spec.items):
            if not first:
                continue
            want = spec.marker(n)
            found = None
            for li in range(pos, len(lines)):
                at = _find_seq(lines[li], first, 0)
                if at is not None:
                    found = li, at
                    break
            if found is None:
                problems.append(f"list item '{' '.join(first)}' (marker {want}): not found")
                continue
            pos, at = found
            got = lines[pos][at - 1].text if at else "(none)"
            if got != want:
                problems.append(f"list item '{' '.join(first)}': marker '{got}', written '{want}'")
    return problems


def _find_seq(words: list[PdfWord], toks: list[str], start: int) -> int | None:
    """Index of the word where the token sequence ``toks`` begins, from ``start`` on."""
    flat = [(k, t) for k, w in enumerate(words[start:], start) for t in w.tokens]
    for i in range(len(flat) - len(toks) + 1):
        if [t for _, t in flat[i:i + len(toks)]] == toks:
            return flat[i][0]
    return None


_TYPE_ATTR = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}


def _body_families(css: str) -> set[str]:
    """The first family the CSS names for ``body`` (or ``html``): the face of body text."""
    found = set()
    for sel, d in css_rules(css):
        if "font-family" in d and any(p.strip() in ("body", "html") for p in sel.split(",")):
            found = {d["font-family"].split(",")[0].strip().strip("\"'")}
    return found


def _epub_markers(src: Source, out: EpubOutput) -> list[str]:
    """Each <ol> in order: its start and counter style (attributes, inline style or a class
    the CSS styles), its delimiter (a ::marker or ::before rule, or the marker written out)."""
    rules = css_rules(out.css)
    ols = [el for doc in out.docs for el in doc.iter(f"{XHTML}ol") if not _in_nav(el)]
    problems = []
    k = 0
    for spec in src.lists:
        # the <ol> whose first item starts with this list's first words
        first = next((f for f in spec.items if f), [])
        while k < len(ols) and tokens(shown_text(ols[k]))[:len(first)] != first \
                and not _starts_with_marker(ols[k], spec):
            k += 1
        if k >= len(ols):
            problems.append(f"list '{' '.join(first)}': no <ol> found")
            k = 0
            continue
        ol = ols[k]
        k += 1
        if _starts_with_marker(ol, spec):
            continue
        items = [li for li in ol if local_name(li.tag) == "li"]
        start = int(items[0].get("value") or ol.get("start") or (len(items) if ol.get("reversed") is not None else 1)) \
            if items else 1
        css = _ol_css(ol, rules)
        counters = counter_styles(out.css)
        # an author's CSS wins over the presentational type="a" (CSS 2.1, 6.4.4)
        shorthand = (css.get("list-style") or "").split()
        ctype = css.get("list-style-type") or (shorthand[0] if shorthand else None) or _TYPE_ATTR.get(
            ol.get("type") or "", "decimal")
        content = css.get("content", "")
        while ctype in counters:  # @counter-style NAME { system: extends BASE; prefix; suffix }
            style = counters.pop(ctype)
            content = content or " ".join(style.get(k, "") for k in ("prefix", "suffix"))
            ctype = style.get("system", "").removeprefix("extends").strip() or "decimal"
        ctype = {"lower-latin": "lower-alpha", "upper-latin": "upper-alpha"}.get(ctype, ctype)
        literal = "".join(a or b for a, b in re.findall(r'"([^"]*)"|\'([^\']*)\'', content))
        delim = ("TwoParens" if "(" in literal else "OneParen") if ")" in literal else "Period"
        want_delim = {"DefaultDelim": "Period"}.get(spec.delim, spec.delim)
        got = f"start {start}, {ctype}, {delim}"
        want = f"start {spec.start}, {spec.css_type}, {want_delim}"
        if got != want:
            problems.append(f"list '{' '.join(first)}': {got}; written {spec.marker(0)} ({want})")
    return problems


def _in_nav(el) -> bool:
    while el is not None:
        if local_name(el.tag) == "nav":
            return True
        el = el.getparent()
    return False


def _starts_with_marker(ol, spec: ListSpec) -> bool:
    """The markers are written out in the items' text."""
    items = [li for li in ol if local_name(li.tag) == "li"]
    return bool(items) and all(shown_text(li).strip().startswith(spec.marker(n)) for n, li in enumerate(items))


def _ol_css(ol, rules) -> dict[str, str]:
    decls: dict[str, str] = {}
    classes = (ol.get("class") or "").split()
    for sel, d in rules:
        for part in sel.split(","):
            part = part.strip()
            if _names_ol(part, classes):
                if "::marker" in part or "::before" in part or ":before" in part:
                    decls.update({"content": d.get("content", "")} if "content" in d else {})
                else:
                    decls.update({k: v for k, v in d.items() if k.startswith("list-style")})
    decls.update({k: v for k, v in declarations(ol.get("style") or "").items() if k.startswith("list-style")})
    return decls


def _names_ol(selector: str, classes: list[str]) -> bool:
    """A selector (one of a comma list) styles this <ol> or its items: one of its compound
    selectors is ``ol`` or bare, with classes all of which the <ol> has (``ol.a.b`` needs
    both a and b)."""
    for compound in re.split(r"\s*[>+~]\s*|\s+", selector.strip()):
        base = re.split(r"::?", compound)[0]
        tag = re.match(r"[A-Za-z]*", base).group()
        wanted = re.findall(r"\.([\w-]+)", base)
        if wanted and tag in ("", "ol") and set(wanted) <= set(classes):
            return True
    return False


def check_alignments(src: Source, out) -> list[str]:
    return _epub_alignments(src, out) if out.kind == "epub" else _pdf_alignments(src, out)


_ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}


def _epub_alignments(src: Source, out: EpubOutput) -> list[str]:
    rules = css_rules(out.css)
    tables = [el for doc in out.docs for el in doc.iter(f"{XHTML}table")]
    problems = []
    for n, spec in enumerate(src.tables):
        if n >= len(tables):
            problems.append(f"table {n + 1}: not in the EPUB")
            continue
        rows = [tr for tr in tables[n].iter(f"{XHTML}tr")]
        for col, align in enumerate(spec.aligns):
            want = _ALIGN.get(align)
            if not want:
                continue
            for r, tr in enumerate(rows):
                cells = [c for c in tr if local_name(c.tag) in ("td", "th")]
                if col >= len(cells):
                    continue
                got = _cell_align(cells[col], rules)
                if got != want:
                    problems.append(f"table {n + 1} column {col + 1} row {r + 1}: aligned {got or 'by default'}, "
                                    f"written {want}")
                    break
    return problems


def _cell_align(cell, rules) -> str | None:
    style = declarations(cell.get("style") or "").get("text-align")
    if style:
        return style.strip()
    if cell.get("align"):
        return cell.get("align")
    classes = (cell.get("class") or "").split()
    for sel, d in rules:
        if "text-align" in d and any(re.search(rf"\.{re.escape(c)}\b", sel) for c in classes):
            return d["text-align"].strip()
    return None


def _pdf_alignments(src: Source, out: PdfOutput, tol: float = 1.5) -> list[str]:
    """A column's cells share their left edge, right edge or centre as written (judged only
    where the cells differ in width). A row is found as its cells' words in content order,
    left to right; a cell's extent is its first line (cells of one row may sit on different
    baselines)."""
    problems = []
    words = out.words
    flat = [(k, t) for k, w in enumerate(words) for t in w.tokens]
    toks = [t for _, t in flat]
    pos = 0
    for n, spec in enumerate(src.tables):
        extents: list[list[tuple[float, float] | None]] = []  # per row: per column (x0, x1)
        for row in spec.rows:
            seq = [t for cell in row for t in cell]
            at = _index(toks, seq, pos)
            if not seq or at is None:
                continue
            pos = at + len(seq)
            cells, offset = [], at
            for cell in row:
                if not cell:
                    cells.append(None)
                    continue
                first = words[flat[offset][0]]
                line = [words[flat[i][0]] for i in range(offset, offset + len(cell))
                        if words[flat[i][0]].page == first.page and abs(words[flat[i][0]].top - first.top) < 2]
                cells.append((first.x0, max(w.x1 for w in line)))
                offset += len(cell)
            extents.append(cells)
        if len(extents) < 2:
            problems.append(f"table {n + 1}: its rows were not found in the PDF")
            continue
        for col, align in enumerate(spec.aligns):
            want = _ALIGN.get(align)
            if not want:
                continue
            xs = [row[col] for row in extents if col < len(row) and row[col] is not None]
            if len(xs) < 2 or max(x1 - x0 for x0, x1 in xs) - min(x1 - x0 for x0, x1 in xs) < 2 * tol:
                continue
            spread = {"left": lambda a, b: a, "right": lambda a, b: b, "center": lambda a, b: (a + b) / 2}
            edges = {k: max(f(*x) for x in xs) - min(f(*x) for x in xs) for k, f in spread.items()}
            if edges[want] > tol:
                got = min(edges, key=edges.get)
                problems.append(f"table {n + 1} column {col + 1}: cells aligned {got}, written {want} "
                                f"(their {want} edges differ by {edges[want]:.1f} pt)")
    return problems


def _index(haystack: list[str], needle: list[str], start: int) -> int | None:
    """Where the run ``needle`` begins in ``haystack`` at or after ``start``."""
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return i
    return None


def _lines(out: PdfOutput) -> list[list[PdfWord]]:
    """The PDF's words grouped into lines (same page, same baseline), each sorted left to right."""
    lines: list[list[PdfWord]] = []
    for page in out.pages:
        rows: dict[int, list[PdfWord]] = {}
        for w in page["words"]:
            key = next((k for k in rows if abs(k - w.top) < 2), round(w.top))
            rows.setdefault(key, []).append(w)
        for k in sorted(rows):
            lines.append(sorted(rows[k], key=lambda w: w.x0))
    return lines


def check_bounds(out: PdfOutput, tol: float = 1.0) -> list[str]:
    """Every char and image inside the text block: the body's left edge and the right edge of its
    justified lines, on pages of the same hand (mirrored margins), within the TrimBox."""
    if out.kind == "epub":
        return []
    problems = []
    blocks = _text_blocks(out)
    for n, page in enumerate(out.pages):
        trim = page["trim"]
        left, right = blocks.get(_hand(page), (trim[0], trim[2]))
        bad = [w for w in page["words"] if w.x0 < left - tol or w.x1 > right + tol]
        for w in bad[:3]:
            side = f"{w.x1 - right:.1f} pt past the right" if w.x1 > right + tol else f"{left - w.x0:.1f} pt before the left"
            problems.append(f"page {n + 1}: '{w.text}' runs {side} edge of the text block")
        for im in page["images"]:
            if im["x0"] < left - tol or im["x1"] > right + tol:
                problems.append(f"page {n + 1}: an image spans x {im['x0']:.1f}–{im['x1']:.1f} pt, outside the "
                                f"text block {left:.1f}–{right:.1f} pt")
    return problems


def _hand(page) -> int:
    """Mirrored pages differ in where the trim sits in the media box (the bleed is on the
    outer edge): group pages by that offset."""
    return round(page["trim"][0] - page["box"][0])


def _text_blocks(out: PdfOutput, repeats: int = 3) -> dict[int, tuple[float, float]]:
    """Per hand: (left, right) of the text block. Unindented lines start on its left edge, so
    a hand's left is the outermost left edge that at least ``repeats`` lines share (a line that
    overruns is alone where it ends). Mirrored margins move the block, not its width, so the
    width is measured over both hands: the widest line (from its hand's left edge) that at
    least ``repeats`` justified lines reach, within half a point (a short book may have too
    few justified lines on one hand's pages to find its right edge alone)."""
    lefts: dict[int, Counter] = {}
    lines: list[tuple[int, float]] = []  # (hand, right edge) per line
    for page in out.pages:
        rows: dict[int, list[PdfWord]] = {}
        for w in page["words"]:
            rows.setdefault(round(w.top), []).append(w)
        hand = _hand(page)
        for ws in rows.values():
            lefts.setdefault(hand, Counter())[round(min(w.x0 for w in ws) * 2) / 2] += 1
            lines.append((hand, max(w.x1 for w in ws)))
    edges = {}
    for hand, counts in lefts.items():
        ls = [x for x, n in counts.items() if n >= repeats]
        if ls:
            edges[hand] = min(ls)
    widths = sorted(x1 - edges[hand] for hand, x1 in lines if hand in edges)
    shared = [w for w in widths if sum(abs(v - w) <= 0.5 for v in widths) >= repeats]
    if not shared:
        return {}
    width = max(shared)
    return {hand: (left - 0.5, left + width + 0.5) for hand, left in edges.items()}


_TEX = re.compile(r"\\[A-Za-z]{2,}|\$\$|\\\[|\\\(")


def check_tex(src: Source, out) -> list[str]:
    problems = [f"TeX source in the output: '{m}'" for m in sorted(set(_TEX.findall(out.text)))]
    if out.kind == "epub":
        formulas = [el for doc in out.docs for el in doc.iter("{http://www.w3.org/1998/Math/MathML}math")]
        if len(formulas) < src.math:
            problems.append(f"{src.math} formulas in the source, {len(formulas)} MathML <math> elements in the EPUB")
        problems += ["a <math> element without alttext" for el in formulas if not el.get("alttext")][:1]
    return problems


CHECKS = {
    "words": check_words,
    "faces": check_faces,
    "markers": check_markers,
    "alignments": check_alignments,
    "bounds": lambda src, out: check_bounds(out),
    "tex": check_tex,
}
