"""Loose paragraphs of a laid-out slice broken again as a whole.

Takes: a laid-out WeasyPrint document, its lines (``linefaults.lines``), the paragraphs
with a loose line (id -> widest word space, em) and the theme's ``typesetter:`` values.
Gives: for each paragraph a better setting was found for, what the renderer needs to set
it so (``chosen``: the fingerprint of the text it was measured on, the stops ending its
lines, the word-spacing per line, the loosest space it gives). The paragraphs are
measured in one trial layout (``trial``), in each letter-spacing of the theme's spacing
variants, and broken by ``linebreak.plan`` into as many lines as they have now or one
fewer or more (at a cost: the page moves); the setting is kept only when a reader would
see it better spaced than the one set now (fewer gaping lines, fewer loose lines, then a
tighter loosest line).
"""
from __future__ import annotations

from octavo.builders import linebreak, linefaults, trial


RUN_ON = 2.0  # a paragraph a line longer or shorter than now moves the page: worth it only for a loose line


def limits(rules: dict) -> linebreak.Limits:
    space = rules["word_space"]
    return linebreak.Limits(ideal=space["ideal"], floor=space["floor"], squeeze=space["squeeze"], loose=rules["loose_limit"],
                            max_stack=rules["hyphenation"]["max_stack"], runt=rules["min_last_line"])


def choose(document, laid: list, wanted: set[str], rules: dict, face=None,
           same: bool = False) -> tuple[dict[str, dict], set[str]]:
    """For each wanted paragraph with a better setting than now: ``{"variant": k}`` when the
    engine's own breaks in spacing variant k are best, or the chosen breaks (``fp``, ``ends``,
    ``spacing``, ``variant``: the letter-spacing they were measured in, ``worst``, ``spaces``),
    chosen so that no line ending a page now ends in a hyphen; and the paragraphs that could be
    tried at all. ``same``: only settings in as many lines as now (no page after it moves), and
    for a paragraph over a page only chosen breaks (where the engine's own would break a word
    cannot be told from the trial)."""
    if not wanted:
        return {}, set()
    count, now, tried = _tried(document, laid, wanted, rules, face)
    variants = rules["spacing_variants"]
    feet = page_ends(laid)
    out: dict[str, dict] = {}
    bounds = limits(rules)
    for block, t in tried.items():
        lines = count[block]
        counts = [lines] if same else [c for c in (lines, lines - 1, lines + 1) if c > 1]
        # the engine's own breaks in each variant, then breaks chosen whole in each letter-spacing
        best = min(((linebreak.badness(spaces, bounds), RUN_ON * abs(n - lines), {"variant": k})
                    for k, (spaces, n, stack) in enumerate(zip(t.broken, t.lines, t.stacks))
                    if n in counts and _no_word_spacing(variants[k]) and stack <= bounds.max_stack
                    and not (same and feet.get(block))), key=_rank, default=None)
        for n, k, found in _plans(t, counts, variants, bounds, feet.get(block, frozenset())):
            candidate = (linebreak.badness(found.spaces, bounds), found.cost + RUN_ON * abs(n - lines),
                         _chosen(t, k, found))
            if best is None or _rank(candidate) < _rank(best):
                best = candidate
        if best is not None and best[0] < linebreak.badness(now.get(block, []), bounds):
            out[block] = best[2]
    return out, set(tried)


def relength(document, laid: list, wanted: set[str], rules: dict, face=None) -> dict[int, dict[str, dict]]:
    """For each wanted paragraph that can be set one line longer (+1) or shorter (-1) with no
    loose line, no line under the floor and a last line no shorter than the theme's
    ``min_last_line`` (a share of the measure, under which a last line is a runt): its chosen
    breaks, as ``choose`` gives them, the most evenly spaced first. A page that ends short of
    the foot is filled so (``typeset.Passes``)."""
    out: dict[int, dict[str, dict]] = {+1: {}, -1: {}}
    bounds = limits(rules)
    natural = linefaults.space_em(face)
    lines_of: dict[str, list] = {}
    for line in laid:
        if line.owner in wanted:
            lines_of.setdefault(line.owner, []).append(line)
    ways = {block: [by for by in (+1, -1) if _possible(lines, by, bounds, natural)] for block, lines in lines_of.items()}
    wanted = {block for block, by in ways.items() if by}  # a trial layout costs far more than this bound
    if not wanted:
        return out
    count, _, tried = _tried(document, laid, wanted, rules, face, greedy=False)
    # no page-end constraint here: a paragraph set a line longer or shorter moves page breaks (it
    # may pull a chapter's last lines back, so no page ends in it at all); the next review takes a
    # break out of a word left over a page
    for block, t in tried.items():
        for by in ways[block]:
            fits = [(found.worst, found.cost, k, found)
                    for n, k, found in _plans(t, [count[block] + by] if count[block] + by > 0 else [],
                                              rules["spacing_variants"], bounds)
                    if linebreak.badness(found.spaces, bounds)[:2] == (0, 0) and found.last >= bounds.runt]
            if fits:
                _, _, k, found = min(fits, key=lambda f: f[:2])
                out[by][block] = _chosen(t, k, found)
    return out


SLACK = 0.03  # em: what the bound below leaves for letter-spacing, hyphens and the indent


def _possible(lines: list, by: int, bounds: linebreak.Limits, natural: float) -> bool:
    """Whether a paragraph set in ``lines`` could be set ``by`` lines longer (+1) or shorter (-1)
    within the limits at all, from its natural width and spaces: one line more stretches the
    spaces of the others by at least the room they leave less the shortest last line; one fewer
    must fit its text with every space at the tightest allowed."""
    size = lines[0].font_size or 1.0
    measure = max(line.measure for line in lines)
    width = sum(line.fill * line.measure for line in lines)
    spaces = sum(line.spaces for line in lines)
    if not spaces:
        return False
    if by > 0:
        stretch = len(lines) * measure - width + bounds.runt * measure
        return natural + stretch / spaces / size <= bounds.loose + SLACK
    squeezed = width - spaces * size * (natural - (bounds.floor - bounds.squeeze) + SLACK)
    return len(lines) > 1 and squeezed <= (len(lines) - 1) * measure


def _tried(document, laid: list, wanted: set[str], rules: dict, face, greedy: bool = True):
    """The wanted paragraphs' line counts and word spaces now, and their trial measurements
    (justified text only, no line the author broke); with ``greedy``, also as the engine breaks
    them in each spacing variant."""
    count: dict[str, int] = {}
    now: dict[str, list[float]] = {}
    plain: set[str] = set(wanted)
    for line in laid:
        if line.owner in wanted:
            count[line.owner] = count.get(line.owner, 0) + 1
            if not line.last_in_block and line.word_space:
                now.setdefault(line.owner, []).append(line.word_space)
            if line.forced or not line.justified:
                plain.discard(line.owner)  # a line the author broke, or ragged text: not for this
    settings = [";".join(f"{name}:{value}" for name, value in (("letter-spacing", letter), ("word-spacing", word))
                         if value not in ("0", 0)) for letter, word in rules["spacing_variants"]]
    return count, now, trial.measure(document, plain, settings if greedy else [], face)


def page_ends(laid: list) -> dict[str, frozenset[int]]:
    """For each paragraph going over a page, its lines (numbered from 0) that end a page: a
    setting of it must not end them in a hyphen (no word broken over a page)."""
    out: dict[str, set[int]] = {}
    number: dict[str, int] = {}
    for line, following in zip(laid, [*laid[1:], None]):
        if not line.owner:
            continue
        n = number[line.owner] = number.get(line.owner, -1) + 1
        if following is not None and following.owner == line.owner and following.page != line.page:
            out.setdefault(line.owner, set()).add(n)
    return {block: frozenset(lines) for block, lines in out.items()}


def _plans(t: trial.Trial, counts: list[int], variants: list, bounds: linebreak.Limits,
           plain: frozenset[int] = frozenset()):
    """(lines, spacing variant, plan) for each count that can be had in each letter-spacing-only
    variant (chosen breaks set each space's own word-spacing); the lines ``plain`` numbers end
    on a whole word."""
    if t.measured is None or not counts:
        return
    for k, (letter, _) in enumerate(variants):
        if not _no_word_spacing(variants[k]):
            continue
        m = linebreak.letter_spaced(t.measured, t.letters, _px(letter, t.measured.size))
        for n, found in linebreak.plans(m, counts, bounds, plain).items():
            yield n, k, found


def _chosen(t: trial.Trial, k: int, found: linebreak.Plan) -> dict:
    """What the renderer needs to set a paragraph in a plan's breaks (kept between builds)."""
    return {"fp": t.fingerprint, "ends": found.ends, "spacing": found.spacing, "variant": k,
            "worst": round(found.worst, 3), "spaces": [round(x, 3) for x in found.spaces]}


def _no_word_spacing(variant) -> bool:
    """A spacing variant that only letter-spaces (the line breaker sets each space's word-spacing)."""
    return variant[1] in ("0", 0)


def _px(value, size: float) -> float:
    """A theme's CSS length (``-0.004em``, ``0.1px``, ``0``) in px at ``size``."""
    value = str(value).strip()
    if value.endswith("em"):
        return float(value[:-2]) * size
    if value.endswith("px"):
        return float(value[:-2])
    return float(value or 0)


def _rank(candidate: tuple) -> tuple:
    return candidate[0], candidate[1]
