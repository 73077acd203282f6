"""The typesetter's passes over a WeasyPrint layout, and what they read from it.

Takes: a laid-out WeasyPrint document and the ``Document`` it was made from.
Gives: ``Passes``: the adjustments for the next layout (figures moved down past
a paragraph, paragraphs re-set so a page or a chapter's last page ends well, notes
cut to go on over a page turn or taken over with their call's line, page breaks that
bring a note onto its call's page), remembered per section between
builds; and ``page_starts``: where each page begins inside a paragraph, for the
EPUB's page list.

The layout is read through ``octavo.layout``, the one adapter to WeasyPrint's
page boxes.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import re

from octavo import layout
from octavo.builders import linefaults
from octavo.atomic import write_atomic
from octavo.document import Document
from octavo.hyphenate import _TOKEN
from octavo.project import Book
from octavo.render.html import block_ids

MAX_EXTRA_PASSES = 7  # layouts after the first; the last review only mends line faults and chapter endings
SHIFT_PASSES = 4  # layouts after those for paragraphs tried a line longer or shorter to even the pages (_shift)
SHIFT_CANDIDATES = 8  # the paragraphs nearest a fault that one search measures for a shift
LATE_PASS = 3  # from this layout on, paragraphs are re-set for their spacing only in as many lines; pages are filled
MAX_FIGURE_MOVES = 2  # blocks a figure may move down from where the author put it


def _default_rules() -> dict:
    """The default theme's ``typesetter:`` values, for passes made without a book."""
    from octavo.themes import default_design

    return default_design()["typesetter"]


@dataclass
class Passes:
    """What the typesetter's passes decided: the adjustments applied at the next layout."""

    deferred: dict[str, int] = field(default_factory=dict)  # figure id -> blocks moved down
    tight: dict[str, int] = field(default_factory=dict)  # section id -> tightening level (1 or 2)
    breaks: set[str] = field(default_factory=set)  # block ids that start a new page
    nohyphen: dict[str, set[str]] = field(default_factory=dict)  # block id -> words not to break there
    joins: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # block id -> words tied by a no-break space
    spacing: dict[str, int] = field(default_factory=dict)  # block id -> index in rules["spacing_variants"]
    spacing_tried: dict[str, dict[int, float]] = field(default_factory=dict)  # block id -> variant -> widest space
    lines: dict[str, dict] = field(default_factory=dict)  # block id -> its line breaks chosen whole (rebreak)
    unbroken: set[str] = field(default_factory=set)  # blocks whose chosen breaks did not come out as planned
    judged: set[str] = field(default_factory=set)  # blocks the line breaker has judged as they stand now
    filled: set[str] = field(default_factory=set)  # blocks set a line longer to fill a short page (once each)
    # block -> {note id: words its note's first part holds}: a note called in the block begins on
    # its call's page and goes on over the page (paratext.split_note)
    splits: dict[str, dict[str, int]] = field(default_factory=dict)
    # block -> notes called in it whose call's line goes over the page with them (footnote-policy:
    # line) where they can be neither set under their call nor cut
    held: dict[str, list[str]] = field(default_factory=dict)
    # section (a slice's first) -> {"side": its opening page's side, "pages": [[a page counted from
    # the opening (0), its bottom margin in px], ...]}: spreads run a line long or short together
    feet: dict[str, dict] = field(default_factory=dict)
    # section -> {"pages": the pages (from its opening) a spread was just moved on, "score": how
    # uneven its pages were before}: judged at the next layout, kept only if they are now evener
    trying: dict[str, dict] = field(default_factory=dict)
    refused: dict[str, list] = field(default_factory=dict)  # section -> [[pages], lines moved]: moves taken back
    # section -> {"block", "by", "score"}: a paragraph before a page left uneven set a line longer
    # or shorter, moving the text after it (``_shift``): kept at the next layout only if evener
    shifting: dict[str, dict] = field(default_factory=dict)
    unshifted: dict[str, list[int]] = field(default_factory=dict)  # block -> shifts taken back (+1, -1)
    searched: dict[str, list] = field(default_factory=dict)  # section -> [faults, paragraphs] last searched in vain
    reasons: list[str] = field(default_factory=list)  # why each further layout was made
    remaining: list[str] = field(default_factory=list)  # line faults the last layout still has
    rules: dict = field(default_factory=_default_rules)  # the theme's typesetter: values (theme.yaml)

    def review(self, document, doc: Document, final: bool, tighten: bool, face=None, late: bool = False,
               facing: bool = False, spare: int = 0) -> bool:
        """Look at a layout; note what to change. True when the next layout would differ. In the
        ``late`` passes paragraphs are re-set for their spacing only in as many lines as they
        have (another count moves every page after them, and the last layouts are for mending
        what is left at page ends). ``facing``:
        the pages face each other in spreads (print, one column), which may run a line long.
        ``spare``: reviews left after this one (a move tried now is judged at the next)."""
        if self._judge_feet(document, doc) | self._judge_shift(document, doc, face):
            return True  # the move just tried is taken back: the layout before it comes again
        changed = False
        laid = linefaults.lines(document, face)
        changed |= self._mend_lines(laid)
        if not late:
            rebroken, handled = self._rebreak(document, laid, face)
            changed |= rebroken
            changed |= self._respace(laid, skip=handled)
        else:  # a paragraph loose since (a break taken out at a page's foot) keeps its line count
            changed |= self._rebreak(document, laid, face, same=True)[0]
        changed |= self._mend_hyphens(document)
        for call, block in notes_off_their_page(document, doc).items():
            found = _call_and_note(document, call)
            if self._split_note(document, call, *found):  # the note begins under its call and goes on over the page
                changed = True
            elif self._hold_note(*found):  # else the line calling it goes over with it
                changed = True
            elif block and block not in self.breaks:  # else the block goes over with its note
                self.breaks.add(block)
                self.reasons.append(f"{block}: new page, with the note of {call}")
                changed = True
        if not final:  # moving a figure could open a gap no pass is left to close
            for figure in figures_to_defer(document, doc):
                if self.deferred.get(figure, 0) < MAX_FIGURE_MOVES:
                    self.deferred[figure] = self.deferred.get(figure, 0) + 1
                    self.reasons.append(f"{figure}: figure moved down, its page had a gap")
                    changed = True
        if tighten:
            for section, (first, last, held) in short_endings(document, doc, self.rules["min_chapter_end_lines"]).items():
                if section == "sources":  # entries set ragged, not paragraphs: they close up instead
                    if self.tight.get(section, 0) < 2:
                        self.tight[section] = self.tight.get(section, 0) + 1
                        self.reasons.append(f"{section}: set tighter, its last page was short")
                        changed = True
                else:
                    changed |= self._end_section(document, laid, face, section, range(first, last + 1), held)
        if not changed and not final:  # once the text before a page stays put; and a layout is left to check it
            changed = self._fill_pages(document, doc, laid, face, facing)
        if not changed and facing and spare >= 1:  # a layout to judge the shift at, and one to take it back
            changed = self._shift(document, doc, laid, face)
        return changed

    def review_shift(self, document, doc: Document, face=None, spare: int = 0) -> bool:
        """The reviews after the passes' own (``SHIFT_PASSES``): a paragraph shifted to even the
        pages is judged, a word a kept shift left broken over a page loses that break, and
        another shift is tried while a layout is left to judge it."""
        if self._judge_shift(document, doc, face) | self._mend_hyphens(document):
            return True
        return spare >= 1 and self._shift(document, doc, linefaults.lines(document, face), face)

    def _mend_hyphens(self, document) -> bool:
        """Take the break out of each word hyphenated at a page's foot or as one hyphen too many
        in a row (``hyphen_faults``)."""
        changed = False
        for block, word, why in hyphen_faults(document, self.rules["hyphenation"]["max_stack"]):
            if word not in self.nohyphen.setdefault(block, set()):
                self.nohyphen[block].add(word)
                self._text_changed(block)
                self.reasons.append(f"{block}: no break in '{word}' ({why})")
                changed = True
        return changed

    def _faults(self, document, doc: Document, laid: list) -> tuple[int, int, int]:
        """How far the slice's first section is from what a press signs off, worst first: its
        mid-chapter pages two or more lines above the common foot, its spreads whose pages end two
        or more lines apart, a last page under ``min_chapter_end_lines``, and the line faults no
        move may add (a word broken over a page, a stack of hyphens, a stranded line); then
        ``unevenness``; then the lines the last page lacks."""
        pages = layout.pages(document)
        serious = len(_out_two_lines(pages, doc))
        ending = _ending(pages, doc)
        serious += ending is not None and ending < self.rules["min_chapter_end_lines"]
        serious += len(hyphen_faults(document, self.rules["hyphenation"]["max_stack"]))
        serious += len(linefaults.stranded(laid, self.rules["stranded_fraction"]))
        short = max(0, self.rules["min_chapter_end_lines"] - ending) if ending is not None else 0
        return serious, unevenness(pages, doc), short

    def _shift(self, document, doc: Document, laid: list, face=None) -> bool:
        """Where the passes have left a page two or more lines short, a spread two apart or a short
        chapter ending (``_faults``) and nothing nearer can mend it: set a paragraph before the
        fault a line shorter or longer (``rebreak.relength``, its lines no looser than the theme's
        ``shift_loose_limit``), the nearest first, so every page break after it falls a line
        earlier or later. What that does to the pages after it can only be seen in the layout: the next review keeps it if the
        section is now evener, else takes it back (``_judge_shift``); one paragraph at a time.
        Print only, with facing pages (``review``'s ``facing``): the screen edition's pages face none."""
        from octavo.builders import rebreak

        pages = layout.pages(document)
        if not doc.sections or not pages:
            return False
        section = doc.sections[0].id
        score = self._faults(document, doc, laid)
        if not score[0] or section in self.shifting:
            return False
        at_fault = _out_two_lines(pages, doc)
        mine = _pages_of(pages, doc)
        fault = min(at_fault) if at_fault else mine[-1]
        held = _ending(pages, doc) or 0
        # a short ending wants its lines all back (at most half the minimum) or more over; a page or
        # a spread either way (a line pulled back gives a short page room, one pushed on may split a paragraph)
        ways = (-1, +1) if at_fault else (-1,) if held * 2 <= self.rules["min_chapter_end_lines"] else (+1,)
        ends: dict[str, int] = {}
        order: dict[str, int] = {}
        for k, line in enumerate(laid):
            if line.owner and line.page in mine:
                ends[line.owner] = line.page
                order.setdefault(line.owner, k)
        near = [b for b in sorted(ends, key=lambda b: (-ends[b], -order[b]))
                if ends[b] <= fault and b not in self.filled and b not in self.unbroken
                and set(ways) - set(self.unshifted.get(b, []))][:SHIFT_CANDIDATES]
        found: dict[int, dict] = {+1: {}, -1: {}}
        if self.searched.get(section) != [list(score), near]:  # else none of them could change: no trial again
            # a line a little looser than loose_limit is a lesser fault than a page or spread two lines out
            rules = dict(self.rules, loose_limit=self.rules["shift_loose_limit"])
            found = rebreak.relength(document, laid, set(near), rules, face)
            self.searched[section] = [list(score), near]
        for block in near:
            for by in ways:
                if block in found[by] and by not in self.unshifted.get(block, []):
                    chosen = found[by][block]
                    before = {"lines": self.lines.get(block), "spacing": self.spacing.get(block),
                              "filled": block in self.filled, "judged": block in self.judged}
                    self._set(block, chosen, f"{block}: set a line {'shorter' if by < 0 else 'longer'} (word space "
                                             f"{chosen['worst']:.2f} em) to move the page breaks after it: page "
                                             f"{fault + 1} of the slice was left uneven")
                    self.shifting[section] = {"block": block, "by": by, "score": list(score), "before": before}
                    return True
        opening = _opening(pages, doc)
        for by in ways if _line_step(pages) else ():  # else the opening page (apart from the spreads) a line short (+1) or long (-1)
            if (opening is not None and pages[opening].side and by not in self.unshifted.get(section, [])
                    and self._set_feet(pages, doc, opening, [opening], by, trial=False)):
                self.shifting[section] = {"opening": True, "by": by, "score": list(score)}
                self.reasons.append(f"{section}: its opening page run a line {'short' if by > 0 else 'long'} to move "
                                    f"the page breaks after it: page {fault + 1} of the slice was left uneven")
                return True
        return False

    def _judge_shift(self, document, doc: Document, face=None) -> bool:
        """A paragraph set a line longer or shorter at the last review to move the page breaks
        after it (``_shift``) is kept if the section is now nearer what a press signs off
        (``_faults``), else set back as it was (and not shifted so again)."""
        changed = False
        for section, trial in list(self.shifting.items()):
            del self.shifting[section]
            if (not doc.sections or doc.sections[0].id != section
                    or list(self._faults(document, doc, linefaults.lines(document, face))) < trial["score"]):
                continue
            if trial.get("opening"):
                entry = self.feet[section]
                entry["pages"] = [[rel, margin] for rel, margin in entry["pages"] if rel != 0]
                self.unshifted.setdefault(section, []).append(trial["by"])
                self.reasons.append(f"{section}: its opening page set back to the common foot: moving the page "
                                    f"breaks after it left it no evener")
                changed = True
                continue
            block, before = trial["block"], trial["before"]
            for name in ("lines", "spacing"):  # as it was set before the shift
                if before[name] is None:
                    getattr(self, name).pop(block, None)
                else:
                    getattr(self, name)[block] = before[name]
            for name in ("filled", "judged"):
                (getattr(self, name).add if before[name] else getattr(self, name).discard)(block)
            self.unshifted.setdefault(block, []).append(trial["by"])
            self.reasons.append(f"{block}: set back as it was: moving the page breaks after it left "
                                f"{section} no evener")
            changed = True
        return changed

    def _fill_pages(self, document, doc: Document, laid: list, face=None, facing: bool = False) -> bool:
        """A mid-chapter page that ends a line or more above the foot (its next paragraph could not
        be split there without a widow or an orphan, or a note kept it off): set as many
        paragraphs one line longer as it lacks lines, where that spaces them well
        (``rebreak.relength``): first those ending on the page, then those ending on the page
        before (whose last line then comes over); the page then ends at the foot and no text
        after it moves. Where none can be, set one a line shorter if the room that makes lets
        the next paragraph fill the page (the text after it then moves: the pages after it are
        judged again at the next layout). Where no paragraph can be either, and ``facing``, a
        verso and the recto facing it run a line long together (as presses let a spread do; the
        theme's ``spread_lines``) when that one line lets the next paragraph end the verso (an
        opening recto facing no page of its section alone); else a verso a line short and its
        recto run a line short together, where the recto's foot can give a line over."""
        from octavo.builders import rebreak

        short = short_pages(document, doc)
        if not short:
            return False
        ends: dict[str, int] = {}
        begins: dict[str, int] = {}
        count: dict[str, int] = {}
        on: dict[tuple[str, int], int] = {}
        first: dict[int, str | None] = {}
        last: dict[int, str | None] = {}
        for line in laid:
            first.setdefault(line.page, line.owner)
            last[line.page] = line.owner
            if line.owner:
                begins.setdefault(line.owner, line.page)
                ends[line.owner] = line.page
                count[line.owner] = count.get(line.owner, 0) + 1
                on[line.owner, line.page] = on.get((line.owner, line.page), 0) + 1
        keeps = layout.block_geometry(document, {b for b in [*first.values(), *last.values()] if b})
        ending = _ending(layout.pages(document), doc)

        def spare(lines: int) -> bool:
            """Whether the section's last page can give ``lines`` lines back (a line set shorter
            or a spread run long pulls the text after it back) and still hold the theme's
            ``min_chapter_end_lines``, or none."""
            return ending is None or not 0 < ending - lines < self.rules["min_chapter_end_lines"]

        def gives_a_line(page: int, longer: str | None = None) -> bool:
            """Whether the paragraph at the foot of ``page`` can send one line over (when
            ``longer``, on the page, is set a line longer; or the page runs a line short): begun
            on the page, it keeps its orphans there and its widows overleaf (a paragraph ending at
            the foot would leave a widow)."""
            foot = last.get(page)
            if not foot or begins.get(foot) != page or foot not in keeps:
                return False
            lines = count[foot] + (foot == longer)
            room = on[foot, page] - (foot != longer)
            return _lines_placed(lines, room, keeps[foot].orphans, keeps[foot].widows) == room

        near = {page: [(0 if at == page else 1, b) for b, at in ends.items()
                       if (at == page or (at == page - 1 and at not in short and gives_a_line(at, b))) and count[b] > 1
                       and b not in self.filled and b not in self.unbroken] for page in short}
        found = rebreak.relength(document, laid, {b for blocks in near.values() for _, b in blocks}, self.rules, face)
        changed = False
        for page, missing in sorted(short.items()):
            longer = sorted((distance, found[+1][b]["worst"], b) for distance, b in near[page]
                            if b in found[+1] and b not in self.filled)[:missing]
            longer = [c for k, c in enumerate(longer) if c[0] == 0 or k == 0 or longer[k - 1][0] == 0]  # one from before
            for _, worst, block in longer:
                self._set(block, found[+1][block], f"{block}: set a line longer (word space {worst:.2f} em): "
                                                   f"page {page + 1} of the slice ended {missing} line(s) short")
                changed = True
            after = first.get(page + 1)
            if longer:
                continue
            fills = False  # one line more room would let the next paragraph fill the page
            if after in keeps:
                keep = keeps[after]
                room = on.get((after, page), 0) + missing  # lines the next paragraph could have here
                fills = (_lines_placed(count[after], room, keep.orphans, keep.widows) == on.get((after, page), 0)
                         and _lines_placed(count[after], room + 1, keep.orphans, keep.widows) == room + 1)
            shorter = sorted((distance, found[-1][b]["worst"], b) for distance, b in near[page]
                             if b in found[-1] and b not in self.filled and b != after) if fills and spare(1) else []
            if shorter:
                _, worst, block = shorter[0]
                self._set(block, found[-1][block], f"{block}: set a line shorter (word space {worst:.2f} em): "
                                                   f"page {page + 1} of the slice ended {missing} line(s) short "
                                                   f"and {after} fills it so")
                return True  # the text after this page moves: the pages after it are judged at the next layout
            if not (facing and self.rules.get("spread_lines", 0) >= 1 and doc.sections):
                continue
            # a page a line short: its spread a line short first (where it can be, both its pages
            # are sure to end level); else a line long. The next layout judges either (_judge_feet)
            for move in (("short", "long") if missing == 1 else ("long", "short")):
                if move == "short":
                    pages = self._run_short(document, doc, page, gives_a_line)
                    why = f"run a line short: page {page + 1} ended {missing} line(s) short and no paragraph could fill it"
                else:
                    pages = self._run_long(document, doc, page, missing) if fills and spare(2) else []
                    why = f"run a line long: page {page + 1} ended {missing} line(s) short and {after} fills it so"
                if pages:
                    self.reasons.append(f"{doc.sections[0].id}: page(s) {' and '.join(str(p + 1) for p in pages)} "
                                        f"of the slice {why}")
                    return True
        return changed

    @staticmethod
    def _facing(document, page: int) -> int:
        """The index of the page facing ``page`` in its spread: a verso faces the next page."""
        return page + 1 if layout.pages(document)[page].side == "left" else page - 1

    def _run_long(self, document, doc: Document, page: int, missing: int = 1) -> list[int]:
        """Set a verso ``page`` and the recto facing it a line long (their bottom margin less a
        leading); or a recto opening the section alone, when it faces a blank page or the last of
        the section before; or a recto two or more lines short alone. A verso's text stays put
        and it gains the one line (a recto's verso would run long before it and move its text on,
        by a line or none: measured worse). Not a
        spread with the section's opening (its sink sets its lines off the grid of the pages
        after it). The pages set long (indexes in the slice), or none."""
        pages = layout.pages(document)
        other = self._facing(document, page)
        opening = _opening(pages, doc)
        if opening is None or not pages[page].side:
            return []
        if page == opening and pages[page].side == "right" and (other < 0 or not pages[other].lines):
            chosen = [page]
        elif page < other < len(pages) and pages[other].lines and opening not in (page, other):
            chosen = [page, other]
        elif other < page and missing >= 2 and opening != page:
            chosen = [page]  # a recto two or more lines short: a line long alone leaves it one off its verso
        else:
            return []
        return chosen if self._set_feet(pages, doc, opening, chosen, -1) else []

    def _run_short(self, document, doc: Document, page: int, gives_a_line) -> list[int]:
        """Set a verso a line short and the recto facing it too, when the verso ended short and no
        paragraph can fill it: the verso's text then ends a line nearer its foot, and the recto's
        fits as it is where it ended short too, else ends a line sooner where the paragraph at its
        foot can give its last line over (``gives_a_line``, from ``_fill_pages``). Not with notes
        on either (their area would move), nor where the recto ends its section. The two pages
        (indexes in the slice), or none."""
        pages = layout.pages(document)
        other = self._facing(document, page)
        opening = _opening(pages, doc)
        if (opening is None or pages[page].side != "left" or not page < other < len(pages) - 1
                or opening in (page, other) or pages[page].note_top is not None or pages[other].note_top is not None):
            return []
        fits = _text_gaps(document)[other] >= _line_step(pages) or gives_a_line(other)  # short itself, or gives a line
        return [page, other] if fits and self._set_feet(pages, doc, opening, [page, other], +1) else []

    def _set_feet(self, pages: list, doc: Document, opening: int, chosen: list[int], lines: int,
                  trial: bool = True) -> bool:
        """Move the foot of the ``chosen`` pages by ``lines`` leadings (-1: a line long, +1: a
        line short), counted from the section's opening page; not a page already moved, nor past
        the bottom margin. ``trial``: judged at the next layout by ``_judge_feet`` (else by
        whoever moved it)."""
        step = _line_step(pages)
        section = doc.sections[0].id
        entry = self.feet.get(section)
        if entry is None or entry["side"] != pages[opening].side:
            entry = self.feet[section] = {"side": pages[opening].side, "pages": []}
        moved = {rel for rel, _margin in entry["pages"]}
        move = [[p - opening for p in chosen], lines]
        if (any(p - opening in moved for p in chosen) or move in self.refused.get(section, [])
                or any(pages[p].margin_bottom + lines * step <= 0 for p in chosen)):
            return False
        entry["pages"] = sorted(entry["pages"] + [[p - opening, round(pages[p].margin_bottom + lines * step, 2)]
                                                  for p in chosen])
        if trial:
            self.trying[section] = {"pages": [p - opening for p in chosen], "lines": lines, "upto": max(chosen),
                                    "score": unevenness(pages, doc, max(chosen))}
        return True

    def _judge_feet(self, document, doc: Document) -> bool:
        """A spread moved a line at the last review is kept if the section's pages to it are now
        evener (``unevenness``); else it is taken back (and not tried again so): what it does to
        the recto can only be seen in the layout. (A move that leaves the chapter's last page
        under ``min_chapter_end_lines`` is kept all the same: a page or a spread two lines short
        mid-chapter is the worse fault, as the press-pages measures count them.)"""
        changed = False
        for section, trial in list(self.trying.items()):
            del self.trying[section]
            pages = layout.pages(document)
            if not doc.sections or doc.sections[0].id != section or unevenness(pages, doc, trial["upto"]) < trial["score"]:
                continue
            entry = self.feet[section]
            entry["pages"] = [[rel, margin] for rel, margin in entry["pages"] if rel not in trial["pages"]]
            self.refused.setdefault(section, []).append([trial["pages"], trial["lines"]])
            self.reasons.append(f"{section}: the page(s) {' and '.join(str(r) for r in trial['pages'])} after its "
                                f"opening set back to the common foot: moving them left its pages no evener")
            changed = True
        return changed

    def page_css(self, section: str | None, side: str | None, lead_blank: bool = False) -> str:
        """The ``@page`` rules that run a slice's spreads a line long or short (their pages are
        counted from the section's opening page, which a blank page may precede): only while
        the section opens on the side it did when they were chosen, so its pages pair the same way."""
        entry = self.feet.get(section or "")
        if lead_blank and side:
            side = "left" if side == "right" else "right"
        if not entry or entry["side"] != side:
            return ""
        return "".join(f"\n@page :nth({rel + 1 + lead_blank}) {{ margin-bottom: {margin}px; }}"
                       for rel, margin in entry["pages"])

    def _split_note(self, document, call: str, note: str, where: dict[str, int], host) -> bool:
        """A note set on the page after its call (it did not fit under the text): split it so
        that as many of its lines as there is room for under the call's line stand on the call's
        page and the rest go on at the foot of the next, as presses carry a long note over (the
        engine cannot break a note itself). The cut falls at the end of one of its lines as set
        now, never after a hyphen or a dash, with at least two lines before the turn and one
        after it. False where there is room for fewer (the call then goes over with its note).
        ``note``, ``where``, ``host``: as ``_call_and_note`` finds them."""
        if host is None or where.get(note) != where[call] + 1 or note in self.splits.get(host.owner, {}):
            return False
        pages = layout.pages(document)
        page, lines = pages[where[call]], layout.note_lines(document)[where[note]].get(note, [])
        if len(lines) < 3:
            return False
        step = lines[1].top - lines[0].top
        if step <= 0:
            return False
        after = pages[where[note]]
        overhead = lines[0].top - after.note_top if page.note_top is None and after.note_top is not None else 0
        room = (page.note_top if page.note_top is not None else page.content_bottom) - host.bottom - overhead
        if room >= len(lines) * step:  # it fits there: the engine carried it over to keep a line's widows
            return False
        head = min(int(room / step), len(lines) - 1)
        while head >= 2 and lines[head - 1].text.rstrip().endswith(_WORD_GOES_ON):
            head -= 1
        if head < 2:
            return False
        text = ""
        for line in lines[:head]:
            piece = line.text.strip()
            text += piece[:-1] if piece.endswith(("\u2010", "\u00ad")) else piece
            if not piece.endswith(_WORD_GOES_ON):
                text += " "
        words = len([w for w in re.split(r"[ \t\n\r\f]+", text) if w])
        self.splits.setdefault(host.owner, {})[note] = words
        self.reasons.append(f"{host.owner}: the note of {call} begins under its call, {head} of its {len(lines)} "
                            f"lines there, and goes on over the page")
        return True

    def _hold_note(self, note: str, _where: dict[str, int], host) -> bool:
        """A note set on a later page than its call that cannot be cut: the line that calls it
        goes over with it (``footnote-policy: line`` for that note, ``notes_css``), and what the
        paragraph's widows need; the page ends a line or two short, not a block. False when it
        already does. ``note``, ``host``: as ``_call_and_note`` finds them."""
        if host is None or note in self.held.get(host.owner, []):
            return False
        self.held.setdefault(host.owner, []).append(note)
        self.reasons.append(f"{host.owner}: the line calling {note} goes over the page with it")
        return True

    def notes_css(self) -> str:
        """The notes whose call's line goes over the page with them."""
        return "".join(f"\n#{note} {{ footnote-policy: line; }}" for block in sorted(self.held)
                       for note in sorted(self.held[block]) if css_id(note))

    def _end_section(self, document, laid: list, face, section: str, pages: range, held: int) -> bool:
        """A section whose last page holds ``held`` lines, fewer than the theme's
        ``min_chapter_end_lines``: set paragraphs on its last pages a line shorter, one for each
        line the last page holds, so they come back (when it holds at most half the minimum),
        else as many a line longer as it lacks lines, so more go over; each in breaks the line
        breaker chooses within the word-space limits (``rebreak.relength``), nearest the end
        first. Every line of the section keeps the theme's spacing (no chapter is set tighter
        or looser as a whole). The next layout judges the ending again."""
        from octavo.builders import rebreak

        minimum = self.rules["min_chapter_end_lines"]
        count: dict[str, int] = {}
        ends: dict[str, int] = {}
        for line in laid:
            if line.owner and line.page in pages:
                count[line.owner] = count.get(line.owner, 0) + 1
                ends[line.owner] = line.page
        last = pages[-1]
        near = {block: last - page for block, page in ends.items()
                if page >= last - 3 and count[block] > 1 and block not in self.filled and block not in self.unbroken}
        if not near:
            return False
        found = rebreak.relength(document, laid, set(near), self.rules, face)
        ideal = self.rules["word_space"]["ideal"]
        ways = {by: sorted((near[b], abs(f["worst"] - ideal), b) for b, f in found[by].items()) for by in (-1, +1)}
        pull, push = ways[-1][:held], ways[+1][:minimum - held]
        if held * 2 <= minimum and len(pull) == held:
            chosen, by = pull, -1
        elif push and (len(push) == minimum - held or len(pull) < held):
            chosen, by = push, +1  # all the lines it lacks; or, where nothing can come back, what can go over
        elif len(pull) == held:
            chosen, by = pull, -1
        else:
            return False
        for _, _, block in chosen:
            self._set(block, found[by][block], f"{block}: set a line {'shorter' if by < 0 else 'longer'} "
                                               f"(word space {found[by][block]['worst']:.2f} em): the last page "
                                               f"of {section} held {held} line(s)")
        return True

    def _set(self, block: str, chosen: dict, reason: str) -> None:
        """Set a paragraph in breaks chosen to fill a page (once: it is not re-set for that again)."""
        self.lines[block] = chosen
        self.spacing[block] = chosen["variant"]
        self.filled.add(block)
        self.judged.add(block)
        self.reasons.append(reason)

    def _mend_lines(self, laid: list) -> bool:
        """Tie a stranded word to the next with a no-break space, or take the break out of a word
        that leaves one or two letters on a line."""
        changed = False
        self.remaining = []
        for line, why in linefaults.stranded(laid, self.rules["stranded_fraction"]):
            k = laid.index(line)
            pair = linefaults.tie_for(line, laid[k - 1] if k else None, laid[k + 1] if k + 1 < len(laid) else None)
            if "letters" in why:
                word = broken_word(laid[k - 1].text, line.text)
                if word and word not in self.nohyphen.setdefault(line.owner, set()):
                    self.nohyphen[line.owner].add(word)
                    self._text_changed(line.owner)
                    self.reasons.append(f"{line.owner}: no break in '{word}' ({why})")
                    changed = True
                    continue
            elif pair and pair not in self.joins.setdefault(line.owner, set()):
                self.joins[line.owner].add(pair)
                self._text_changed(line.owner)
                self.reasons.append(f"{line.owner}: '{pair[0]} {pair[1]}' tied ({why})")
                changed = True
                continue
            self.remaining.append(f"page {line.page + 1}: {line.owner}: '{line.text.strip()[:40]}' ({why})")
        return changed

    def _text_changed(self, block: str) -> None:
        """A break taken out of the paragraph or a tie put in: breaks chosen for its old text no
        longer apply, and the line breaker judges it again."""
        self.lines.pop(block, None)
        self.judged.discard(block)

    def _rebreak(self, document, laid: list, face=None, same: bool = False) -> tuple[bool, set[str]]:
        """Break each paragraph with a loose line again as a whole (``rebreak``) when that spaces
        it better (``same``: in as many lines as now); a paragraph whose chosen breaks did not
        come out so is left to the spacing variants."""
        from octavo.builders import rebreak

        changed = False
        limit = self.rules["loose_limit"]
        worst = linefaults.loose(laid, limit)
        for block in list(self.lines):
            got = [l.word_space for l in laid if l.owner == block and l.word_space and not l.last_in_block]
            planned = self.lines[block]["spaces"]
            if got and not _breaks_taken(got, planned):
                # the engine broke it otherwise (a measurement the trial got wrong)
                self.unbroken.add(block)
                del self.lines[block]
                self.reasons.append(f"{block}: chosen line breaks not taken (word spaces {[round(x, 2) for x in got]}, "
                                    f"planned {[round(x, 2) for x in planned]})")
                changed = True
        wanted = {b for b in worst if b not in self.lines and b not in self.unbroken and b not in self.judged}
        chosen_all, judged = rebreak.choose(document, laid, wanted, self.rules, face, same)
        self.judged |= judged  # judged again only when its text changes (a break taken out, a tie)
        for block, chosen in chosen_all.items():
            if "ends" in chosen:
                self.lines[block] = chosen
                self.reasons.append(f"{block}: line breaks chosen for the whole paragraph "
                                    f"(word space {worst[block]:.2f} -> {chosen['worst']:.2f} em)")
            else:
                self.reasons.append(f"{block}: re-set in spacing variant {chosen['variant']} "
                                    f"(word space {worst[block]:.2f} em)")
            self.spacing[block] = chosen["variant"]
            changed = True
        return changed, self.judged | set(self.lines)

    def _respace(self, laid: list, skip: set[str] = frozenset()) -> bool:
        """Set each paragraph with a loose line in the next spacing variant; when every variant
        has been tried, keep the one whose widest word space was least."""
        changed = False
        worst = linefaults.loose(laid, self.rules["loose_limit"])
        variants = self.rules["spacing_variants"]
        for block, tried in self.spacing_tried.items():  # paragraphs mended by their variant
            if block not in worst:
                tried[self.spacing.get(block, 0)] = 0.0
        for block, space in worst.items():
            if block in skip:
                continue
            tried = self.spacing_tried.setdefault(block, {})
            tried[self.spacing.get(block, 0)] = space
            untried = [v for v in range(len(variants)) if v not in tried]
            choice = untried[0] if untried else min(tried, key=tried.get)
            if choice != self.spacing.get(block, 0):
                self.spacing[block] = choice
                self.reasons.append(f"{block}: re-set with spacing {tuple(variants[choice])} (word space {space:.2f} em)")
                changed = True
        return changed

    def adopt(self, other: "Passes", mine) -> None:
        """Take the decisions ``other`` (a slice's job, started from a copy of these) made for
        the blocks and sections ``mine(id)`` says are that slice's; keep everyone else's."""
        for f in dataclasses.fields(self):
            ours, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "rules":
                continue
            if isinstance(ours, dict):
                for key in [k for k in ours if mine(k)]:
                    del ours[key]
                ours.update({k: v for k, v in theirs.items() if mine(k)})
            elif isinstance(ours, set):
                setattr(self, f.name, {k for k in ours if not mine(k)} | {k for k in theirs if mine(k)})
            elif isinstance(ours, list):
                ours.extend(theirs)

    def spacing_css(self) -> str:
        rules = []
        variants = self.rules["spacing_variants"]
        for block, v in sorted(self.spacing.items()):
            if not 0 < v < len(variants):  # the first variant is the plain setting; a theme may list fewer
                continue
            letter, word = variants[v]
            if block in self.lines:  # its line breaks were chosen in this letter-spacing; spaces are the plan's
                word = "normal"
            if css_id(block):
                rules.append(f"#{block} {{ letter-spacing: {letter}; word-spacing: {word}; }}")
        return "\n".join(rules)

    # --- memory across builds: decisions stay valid while their section is unchanged ---

    @staticmethod
    def _path(book: Book, profile: str) -> Path:
        return book.cache_dir / f"passes-{profile}.json"

    @classmethod
    def recall(cls, book: Book, profile: str, keys: dict[str, str]) -> "Passes":
        """The decisions of the last build for every section whose key is unchanged."""
        rules = book.design["typesetter"]
        try:
            saved = json.loads(cls._path(book, profile).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(rules=rules)
        passes = cls(rules=rules)
        for section, key in keys.items():
            entry = saved.get(section)
            if entry and entry.get("key") == key:
                passes.deferred.update(entry["deferred"])
                passes.tight.update({section: entry["tight"]} if entry["tight"] else {})
                passes.breaks.update(entry["breaks"])
                for block, words in entry.get("nohyphen", {}).items():
                    passes.nohyphen.setdefault(block, set()).update(words)
                for block, pairs in entry.get("joins", {}).items():
                    passes.joins.setdefault(block, set()).update(tuple(p) for p in pairs)
                passes.spacing.update(entry.get("spacing", {}))
                passes.lines.update(entry.get("lines", {}))
                passes.splits.update(entry.get("splits", {}))
                passes.held.update(entry.get("held", {}))
                if entry.get("feet"):
                    passes.feet[section] = entry["feet"]
        return passes

    def remember(self, book: Book, profile: str, keys: dict[str, str], owner: dict[str, str]) -> None:
        saved = {section: {"key": key, "deferred": {}, "tight": self.tight.get(section, 0), "breaks": [],
                           "nohyphen": {}, "joins": {}, "spacing": {}, "lines": {}, "splits": {}, "held": {},
                           "feet": self.feet.get(section)}
                 for section, key in keys.items()}
        for block, pairs in self.joins.items():
            if owner.get(block) in saved and pairs:
                saved[owner[block]]["joins"][block] = sorted(pairs)
        for block, v in self.spacing.items():
            if owner.get(block) in saved and v:
                saved[owner[block]]["spacing"][block] = v
        for block, chosen in self.lines.items():
            if owner.get(block) in saved:
                saved[owner[block]]["lines"][block] = chosen
        for block, notes in self.splits.items():
            if owner.get(block) in saved and notes:
                saved[owner[block]]["splits"][block] = notes
        for block, notes in self.held.items():
            if owner.get(block) in saved and notes:
                saved[owner[block]]["held"][block] = sorted(notes)
        for block, words in self.nohyphen.items():
            if owner.get(block) in saved and words:
                saved[owner[block]]["nohyphen"][block] = sorted(words)
        for figure, steps in self.deferred.items():
            if owner.get(figure) in saved:
                saved[owner[figure]]["deferred"][figure] = steps
        for block in sorted(self.breaks):
            if owner.get(block) in saved:
                saved[owner[block]]["breaks"].append(block)
        path = self._path(book, profile)
        write_atomic(path, json.dumps(saved, sort_keys=True))


def section_keys(doc: Document, style: str) -> tuple[dict[str, str], dict[str, str]]:
    """A key per section (its content and the style it is set in), and the section each
    block id belongs to, so the typesetter's decisions can be kept per section."""
    keys, owner = {}, {}
    for s in doc.sections:
        keys[s.id] = hashlib.sha256((style + json.dumps(s.blocks, sort_keys=True)).encode()).hexdigest()
        for ident in block_ids(s):
            owner[ident] = s.id
    keys["sources"] = hashlib.sha256((style + json.dumps(doc.bibliography_html, sort_keys=True)).encode()).hexdigest()
    return keys, owner


def notes_off_their_page(document, doc: Document) -> dict[str, str | None]:
    """Note calls whose note WeasyPrint set on a later page (it does so rather than leave a
    paragraph's line alone at the foot), each with the last block that starts on the call's
    page: breaking the page before that block brings call and note together. None when the
    block is the page's only one (nothing can be done)."""
    where: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for ident in page.anchors:
            if ident.startswith(("fn-", "fnref-")):
                where.setdefault(ident, index)
    blocks_of_book = _blocks_of_book(doc)
    off: dict[str, str | None] = {}
    for ident, page in where.items():
        if not ident.startswith("fnref-"):
            continue
        note = where.get("fn-" + ident[len("fnref-"):])
        if note is None or note == page:
            continue
        blocks = sorted((pos[1], b) for b, pos in document.pages[page].anchors.items() if b in blocks_of_book)
        off[ident] = blocks[-1][1] if len(blocks) > 1 else None
    return off


def _breaks_taken(got: list[float], planned: list[float], tolerance: float = 0.06) -> bool:
    """Whether a paragraph's justified lines came out in the breaks planned for them, from their
    word spaces: as many lines, and no line off the plan next to another off it or last (a break
    taken elsewhere changes the lines on both sides of it; one line alone off its plan, between
    lines on it, holds the planned words, only measured otherwise, as a tie or a note call can be)."""
    if len(got) != len(planned):
        return False
    off = [abs(a - b) > tolerance for a, b in zip(got, planned)]
    return not off[-1] and not any(a and b for a, b in zip(off, off[1:]))


def hyphen_faults(document, max_stack: int | None = None) -> list[tuple[str, str, str]]:
    """(block id, word, reason) for each hyphenated line end a typesetter would not leave:
    the last line of a page (a word split across the page turn, the page ending on a
    fragment), and a line that makes more than ``max_stack`` hyphenated ends in a row.
    Taking the word's breaks out of its paragraph mends it at the next layout."""
    if max_stack is None:
        max_stack = _default_rules()["hyphenation"]["max_stack"]
    faults = []
    pages = [[(line.owner, line.text) for line in page.lines] for page in layout.pages(document)]
    for index, lines in enumerate(pages):
        run = 0
        for k, (owner, line) in enumerate(lines):
            if not is_hyphenated(line):
                run = 0
                continue
            run += 1
            following = lines[k + 1] if k + 1 < len(lines) else next(
                (ls[0] for ls in pages[index + 1:] if ls), (None, ""))
            word = broken_word(line, following[1])
            if not owner or not word:
                continue
            if k == len(lines) - 1:
                faults.append((owner, word, "the last line of a page"))
            elif run > max_stack:
                faults.append((owner, word, f"{run} hyphenated lines in a row"))
                run = 0
    return faults


def is_hyphenated(line: str) -> bool:
    """A line WeasyPrint broke at a soft hyphen: it ends with the hyphen it added (U+2010)."""
    return line.rstrip().endswith("\u2010")


def broken_word(line: str, following: str) -> str:
    """The word broken at a line's end, whole and in lower case, as the hyphenator sees it
    (``octavo.hyphenate``): the token that spans the line's last piece and the next line's first."""
    clean = lambda piece: "".join(ch for ch in piece if ch not in "\u00ad\u2010")  # noqa: E731
    head = clean(line.split()[-1]) if line.split() else ""
    tail = clean(following.split()[0]) if following.split() else ""
    joined, junction = head + tail, len(head)
    for m in _TOKEN.finditer(joined):
        if m.start() < junction < m.end():
            return m.group(0).strip("'’").lower()  # as the hyphenator sees it: quotes apart
    return ""


def _blocks_of_book(doc: Document) -> set[str]:
    """The ids a page can begin at: blocks, not the sections that hold them and not inline ids
    (an index mark, an author's span), which a page break cannot be put before."""
    return {b for s in doc.sections for b in block_ids(s)}


def figures_to_defer(document, doc: Document, min_gap: float = 48.0) -> set[str]:
    """Figures pushed whole to the next page while their text left a gap of at least
    ``min_gap`` px (about three lines) at the foot of the page before: a typesetter lets
    the text run on and sets the figure after the next paragraph."""
    figures = {n["c"][0][0] for s in doc.sections for n in _blocks_of(s.blocks) if n["t"] == "Figure"}
    gaps = _text_gaps(document)
    blocks_of_book = _blocks_of_book(doc)
    defer = set()
    for index, page in enumerate(document.pages[1:], 1):
        blocks = [(pos[1], ident) for ident, pos in page.anchors.items() if ident in blocks_of_book]
        first = min(blocks)[1] if blocks else None
        if first in figures and gaps[index - 1] >= min_gap:
            defer.add(first)
    return defer


def short_endings(document, doc: Document, min_lines: int | None = None) -> dict[str, tuple[int, int, int]]:
    """Sections of more than one page whose last page holds fewer than ``min_lines`` lines, each
    with its first and last page (indexes) and the lines on its last: a typesetter brings those
    lines back or sends more over. A section's box is anchored (by its id) on every page it runs
    over, so its pages are known."""
    if min_lines is None:
        min_lines = _default_rules()["min_chapter_end_lines"]
    pages: dict[str, list[int]] = {}
    sections = [s.id for s in doc.sections] + ["sources"]
    for index, page in enumerate(document.pages):
        for ident in sections:
            if ident in page.anchors:
                pages.setdefault(ident, []).append(index)
    short = {}
    for section, indexes in pages.items():
        if len(indexes) < 2:
            continue
        held = _text_lines(layout.pages(document)[indexes[-1]])
        if held < min_lines:
            short[section] = (indexes[0], indexes[-1], held)
    return short


def _lines_placed(lines: int, room: int, orphans: int, widows: int) -> int:
    """How many of a paragraph's ``lines`` the engine sets in ``room`` lines at a page's foot: all
    if they fit, else as many as fit leaving ``orphans`` here and ``widows`` over, else none."""
    if lines <= room:
        return lines
    most = min(room, lines - widows)
    return most if most >= orphans else 0


def short_pages(document, doc: Document) -> dict[int, int]:
    """Pages a section runs on past, whose text ends a whole line or more above the foot of the
    page (or the notes): page index -> lines it could still hold."""
    pages = layout.pages(document)
    step = _line_step(pages)
    if not step:
        return {}
    gaps = _text_gaps(document)
    short = {}
    for index in _running_on(pages, doc):
        missing = int(gaps[index] / step + 0.05)
        if missing >= 1:
            short[index] = missing
    return short


def _running_on(pages: list[layout.LaidPage], doc: Document) -> list[int]:
    """The pages with text that a section (or the sources) runs on past: mid-chapter pages."""
    sections = [s.id for s in doc.sections] + ["sources"]
    return [i for i in range(len(pages) - 1) if pages[i].lines
            and any(ident in pages[i].anchors and ident in pages[i + 1].anchors for ident in sections)]


def unevenness(pages: list[layout.LaidPage], doc: Document, upto: int | None = None) -> int:
    """How far a slice's pages are from level, as the press-pages measures judge them: each
    mid-chapter page is ``d`` lines above the common foot (its text's gap to its notes or foot,
    plus a line for a page run short, less one for a page run long). A page two or more lines
    above it costs 2·d², one line above 1; the two pages of a mid-chapter spread ending apart
    cost 2·(d_verso - d_recto)² (a spread a line long or short together costs nothing more).
    ``upto``: only the pages to that one (the pages after a moved spread are judged by the
    passes after it)."""
    d = _depths(pages, doc, upto)
    score = sum(2 * v * v if v >= 2 else 1 if v == 1 else 0 for v in d.values())
    return score + sum(2 * (d[verso] - d[verso + 1]) ** 2 for verso in _spreads(pages, doc, d))


def _out_two_lines(pages: list[layout.LaidPage], doc: Document) -> list[int]:
    """The mid-chapter pages two or more lines above the common foot, and the versos of the
    spreads whose pages end two or more lines apart: what ``Passes._shift`` mends."""
    d = _depths(pages, doc)
    return [i for i, v in d.items() if v >= 2] + [i for i in _spreads(pages, doc, d) if abs(d[i] - d[i + 1]) >= 2]


def _spreads(pages: list[layout.LaidPage], doc: Document, d: dict[int, int]) -> list[int]:
    """The versos of the mid-chapter spreads among the pages ``d`` (``_depths``) holds, not
    the one with the section's opening (its sink sets it apart)."""
    opening = _opening(pages, doc)
    return [i for i in d if pages[i].side == "left" and i + 1 in d and opening not in (i, i + 1)]


def _depths(pages: list[layout.LaidPage], doc: Document, upto: int | None = None) -> dict[int, int]:
    """For each mid-chapter page (to ``upto``), how many lines above the common foot its text
    ends: its gap to its notes or foot, plus a line for a page run short, less one for a page run
    long (``unevenness``); the section's opening page, above its own foot."""
    from collections import Counter

    step = _line_step(pages)
    if not step:
        return {}
    mid = [i for i in _running_on(pages, doc) if upto is None or i <= upto]
    common = Counter(round(p.content_bottom, 1) for p in pages).most_common(1)[0][0]

    opening = _opening(pages, doc)

    def above(page: layout.LaidPage) -> int:
        limit = page.note_top if page.note_top is not None else page.content_bottom
        gap = int((limit - max(line.bottom for line in page.lines)) / step + 0.05)
        # the opening page (its sink sets it apart from every page) is judged at its own foot
        return gap if page.index == opening else gap + round((common - page.content_bottom) / step)

    return {i: above(pages[i]) for i in mid}


def _pages_of(pages: list[layout.LaidPage], doc: Document) -> list[int]:
    """The pages the slice's first section runs on (its id is anchored on every one)."""
    section = doc.sections[0].id if doc.sections else None
    return [p.index for p in pages if section in p.anchors]


def _opening(pages: list[layout.LaidPage], doc: Document) -> int | None:
    """The page a slice's first section opens on."""
    mine = _pages_of(pages, doc)
    return mine[0] if mine else None


def _line_step(pages: list[layout.LaidPage]) -> float:
    """The most common distance from one line's top to the next's in a container: the leading."""
    from collections import Counter

    steps = Counter(round(b.top - a.top, 1) for page in pages for a, b in zip(page.lines, page.lines[1:])
                    if a.container == b.container and b.top > a.top)
    return steps.most_common(1)[0][0] if steps else 0.0


def css_id(ident: str) -> bool:
    """Whether ``ident`` can stand in a CSS ``#id`` selector as it is (the passes' rules)."""
    return re.fullmatch(r"[A-Za-z][\w-]*", ident) is not None


# a line ending so is inside a word or a compound: a note is not cut after it
_WORD_GOES_ON = ("\u2010", "\u00ad", "-", "\u2013", "\u2014", "/")


def _call_and_note(document, call: str):
    """A note's id, the pages its call and it first stand on (by id), and the main-flow line
    that holds the call (None where the call is not on a line with an owning block)."""
    note = "fn-" + call[len("fnref-"):]
    where: dict[str, int] = {}
    for page in layout.pages(document):
        for ident in (call, note):
            if ident in page.anchors:
                where.setdefault(ident, page.index)
    if call not in where:
        return note, where, None
    page = layout.pages(document)[where[call]]
    y = page.anchors[call][1]
    host = next((line for line in page.lines if line.top - 1 <= y <= line.bottom and line.owner), None)
    return note, where, host


def _ending(pages: list[layout.LaidPage], doc: Document) -> int | None:
    """The lines on the last page of the slice's first section, None when it has one page."""
    mine = _pages_of(pages, doc)
    return _text_lines(pages[mine[-1]]) if len(mine) > 1 else None


def _text_lines(page: layout.LaidPage) -> int:
    """Lines of text on a page: distinct baselines of line boxes that hold text."""
    return len({round(line.top) for line in page.lines if line.text.strip()})


# hyphenation marks and word joiners; and the zero-width space WeasyPrint 70 adds after a space
# set alone in its own word-spacing (a re-set paragraph's: paratext.with_spacing), not in the text
IGNORED_IN_COUNT = {"\u2010", "\u00ad", "\u2060", "\u200b"}


def text_count(text: str) -> int:
    """Characters that count for locating a point in a paragraph: no spaces, no hyphenation marks
    (layout and markup space and hyphenate text differently; the letters are the same)."""
    return sum(1 for ch in text if not ch.isspace() and ch not in IGNORED_IN_COUNT)


def page_starts(document) -> list[tuple[str, int] | None]:
    """For each page that begins inside a paragraph (or other block) begun on an earlier page,
    that block's id and how many characters of it (``text_count``) the earlier pages hold: the
    EPUB's page-break marker then goes at that very point of the paragraph."""
    consumed: dict[str, int] = {}
    started: set[str] = set()
    starts: list[tuple[str, int] | None] = []
    for page in layout.pages(document):
        first: tuple[str, int] | None = None
        seen_line = False
        for owner, text in ((line.owner, line.text) for line in page.lines):
            if not seen_line:
                seen_line = True
                if owner and owner in started:
                    first = (owner, consumed.get(owner, 0))
            if owner:
                started.add(owner)
                consumed[owner] = consumed.get(owner, 0) + text_count(text)
        starts.append(first)
    return starts


def _text_gaps(document) -> list[float]:
    """Per page, the space left between the last line of text and the notes or the page's foot."""
    gaps = []
    for page in layout.pages(document):
        limit = page.note_top if page.note_top is not None else page.content_bottom
        gaps.append(limit - max(line.bottom for line in page.lines) if page.lines else 0.0)
    return gaps


def _blocks_of(blocks):
    for b in blocks:
        yield b
        if b["t"] in ("Div", "BlockQuote"):
            yield from _blocks_of(b["c"][1] if b["t"] == "Div" else b["c"])


def defer_figures(doc: Document, moves: dict[str, int]) -> Document:
    """A copy of the document with each figure moved down past the number of blocks
    ``moves`` gives for it (never past a heading)."""
    import copy

    def move(blocks: list) -> list:
        out = list(blocks)
        for ident, steps in moves.items():
            for i, b in enumerate(out):
                if b["t"] == "Figure" and b["c"][0][0] == ident:
                    j = i
                    while j - i < steps and j + 1 < len(out) and out[j + 1]["t"] != "Header":
                        out[j], out[j + 1] = out[j + 1], out[j]
                        j += 1
                    break
        return out

    moved = copy.copy(doc)
    moved.sections = [copy.copy(s) for s in doc.sections]
    for s in moved.sections:
        s.blocks = move(s.blocks)
    return moved
