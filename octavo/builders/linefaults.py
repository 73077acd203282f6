"""Lines no typesetter would set, read from a WeasyPrint layout, and their mends.

Takes: a laid-out WeasyPrint document, read through ``octavo.layout`` (the one
adapter to WeasyPrint's page boxes). Gives:
- ``lines(document)``: every text line of the main flow, with the id of the block
  it belongs to, its text, how full it is and how wide its word spaces are;
- ``stranded(...)``: non-final lines of a justified paragraph far shorter than the measure
  whose successor's first word would have fitted (WeasyPrint 70 with Pango 1.50
  sometimes sets one word alone mid-paragraph), and lines that carry only one or
  two letters of a broken word;
- ``loose(...)``: paragraphs with a justified line whose word space is wider than
  the design allows;
- ``join_words(html, pairs)``: the mend for a stranded word: a no-break space ties
  it to a neighbour (``tie_for``), so the two move together at the next layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from octavo import layout


@dataclass
class Line:
    page: int
    owner: str | None  # id of the nearest block with an id
    text: str
    fill: float  # the text's natural width / the line's available width
    word_space: float | None  # em, on a justified line; None when not stretched
    last_in_block: bool = False
    next_word_fits: bool = False  # the next line's first word would have fitted on this one
    font_size: float = 0.0
    forced: bool = False  # ends at a line break the author set (<br/>)
    justified: bool = True  # set justified: in ragged text (an index entry) a short line is by design
    measure: float = 0.0  # px: the width the line is set in
    spaces: int = 0  # spaces justification stretches on it


@lru_cache(maxsize=None)
def space_em(face: Path | None) -> float:
    """The face's own word space, in em (the natural space before justification)."""
    if face is None:
        return 0.25
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(face), lazy=True)
        return font["hmtx"][font.getBestCmap()[32]][0] / font["head"].unitsPerEm
    except Exception:
        return 0.25


def lines(document, face: Path | None = None) -> list[Line]:
    """Every text line of the main flow (notes apart), in reading order."""
    natural_space = space_em(face)
    found = [(page.index, None if line.verse else line.owner, line) for page in layout.pages(document)
             for line in page.lines]
    out: list[Line] = []
    for k, (index, owner, laid) in enumerate(found):
        if not laid.text.strip():
            continue
        size = laid.font_size
        extent = laid.right - laid.left - laid.spacing * laid.spaces
        avail = laid.measure or 1
        line = Line(index, owner, laid.text, extent / avail,
                    (natural_space + (laid.spacing + laid.added_space) / size) if laid.spacing else None,
                    font_size=size, forced=laid.forced, justified=laid.justified, measure=avail, spaces=laid.spaces)
        following = found[k + 1] if k + 1 < len(found) else None
        # a line is its paragraph's last when the next line is in another block (a caption's
        # credit set as a block, the next paragraph); a page turn does not end a paragraph
        line.last_in_block = following is None or following[1] != owner or (
            following[2].container != laid.container and following[0] == index)
        if following and not line.last_in_block:
            run_text, run_width = following[2].first_run
            if run_text.strip():
                first = run_text.lstrip().split(" ")[0]
                width = run_width * len(first) / max(len(run_text), 1)
                line.next_word_fits = extent + natural_space * size + width < avail - 0.5
        out.append(line)
    return out


def stranded(all_lines: list[Line], fraction: float | None = None) -> list[tuple[Line, str]]:
    """(line, why) for each line no typesetter would set; ``fraction``: the theme's
    ``typesetter.stranded_fraction`` (the default theme's when not given)."""
    if fraction is None:
        from octavo.themes import default_design

        fraction = default_design()["typesetter"]["stranded_fraction"]
    faults = []
    for k, line in enumerate(all_lines):
        if line.last_in_block or not line.owner or line.forced:
            continue
        if line.justified and line.fill < fraction and line.next_word_fits and "\u2028" not in line.text:
            faults.append((line, "a short line mid-paragraph whose next word would have fitted"))
        elif k and _carried_fragment(all_lines[k - 1].text, line.text):
            faults.append((line, "one or two letters of a broken word"))
    return faults


def _carried_fragment(before: str, text: str) -> bool:
    """The line begins with only one or two letters of a word broken at the line before."""
    if not before.rstrip().endswith("\u2010"):  # the hyphen the engine adds, not a word's own
        return False
    m = re.match(r"\s*([^\W\d_]+)", text.replace("\u00ad", ""))  # soft hyphens are not word ends
    return bool(m) and len(m.group(1)) <= 2


def loose(all_lines: list[Line], limit: float) -> dict[str, float]:
    """Paragraphs (block id -> widest word space, em) with a justified line looser than ``limit``."""
    out: dict[str, float] = {}
    for line in all_lines:
        if line.owner and line.word_space and line.word_space > limit and not line.last_in_block:
            out[line.owner] = max(out.get(line.owner, 0.0), line.word_space)
    return out


def tie_for(line: Line, before: Line | None, after: Line | None) -> tuple[str, str] | None:
    """The pair of words a no-break space ties to mend a stranded line: the line before's last word
    and the stranded line's first, so that the engine sets them together on the fuller line (with
    Pango 1.50 a tie forward leaves the short line short); the stranded line's last word and the
    next line's first when it opens its paragraph."""
    if before is not None and before.owner == line.owner and before.text.split() and line.text.split() \
            and not before.text.rstrip().endswith("\u2010"):
        return before.text.split()[-1], line.text.split()[0]
    if after is not None and line.text.split() and after.text.split():
        return line.text.split()[-1], after.text.split()[0]
    return None


def join_words(html: str, pairs: set[tuple[str, str]] | frozenset) -> str:
    """``html`` with a no-break space in place of the space between each pair of words (in
    text, not in tags); soft hyphens inside the words are matched too."""
    if not pairs:
        return html
    pieces = re.split(r"(<[^>]*>)", html)
    for a, b in pairs:
        pat = re.compile(_loose_word(a) + r"(\s+)" + _loose_word(b))
        for i in range(0, len(pieces), 2):
            pieces[i] = pat.sub(lambda m: m.group(0).replace(m.group(1), "\u00a0"), pieces[i], count=1)
    return "".join(pieces)


def _loose_word(word: str) -> str:
    """A pattern for a word as it stands in the HTML: soft hyphens anywhere, hyphens removed."""
    letters = [re.escape(ch) for ch in word if ch not in "\u00ad\u2010"]
    return "\u00ad?".join(letters)
