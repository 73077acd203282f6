"""Line breaks chosen for a whole paragraph at once, as Knuth and Plass choose them, and the
word spacing that makes WeasyPrint's line-by-line breaker take exactly those breaks.

Takes: ``Measured``: where each place a line may end (``octavo.builders.paratext`` stops)
falls in one unbroken line of the paragraph (a trial layout measures it), the measure of
its first and other lines, its font size, and the typesetter's limits (the ideal, floor
and loosest word space, the longest run of hyphenated line ends). Gives: ``plans(...)``,
for each number of lines asked for that can be had: the stop ending each line and, per
line, the ``word-spacing`` (px) under which the greedy breaker fills the line exactly to
that stop: more spacing on a line the plan ends early, less on one it fills past the
natural spaces. Justification then gives each line the space the plan computed, whatever
the added spacing, since it stretches every line to the measure. ``letter_spaced``: the
same measurements in another letter-spacing; ``badness``: how a reader ranks two settings.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from octavo.builders.paratext import HARD, SOFT, SPACE

MARGIN = 0.6  # px each break must be clear of the next by: the trial's measurements are not exact
INF_SPACING = 1e6  # no bound


@dataclass(frozen=True)
class Stop:
    kind: str  # paratext.SPACE, SOFT, HARD or AFTER
    x: float  # where it falls in the unbroken line (a space's start)
    width: float  # a space's natural width; 0 for the others
    ties: int = 0  # no-break spaces in the text since the stop before (stretched, never a line end)


@dataclass(frozen=True)
class Measured:
    start: float  # x of the text's first letter (after the first line's indent)
    end: float  # x after its last
    stops: list[Stop]
    first: float  # the first line's measure (px, less the indent)
    measure: float  # the other lines' measure
    size: float  # font size (px)
    hyphen: float  # width of the hyphen the engine adds at a soft hyphen


def letter_spaced(m: Measured, letters: list[int], spacing: float) -> Measured:
    """``m`` as it would measure with ``spacing`` px of letter-spacing: every character, space
    and added hyphen a little wider (``letters``: ``paratext.letters``, the characters before
    each stop and after the last)."""
    shift, stops = 0.0, []
    for count, stop in zip(letters, m.stops):
        shift += count * spacing
        if stop.kind == SPACE:
            stops.append(Stop(stop.kind, stop.x + shift, stop.width + spacing, stop.ties))
            shift += spacing
        else:
            stops.append(Stop(stop.kind, stop.x + shift, 0.0, stop.ties))
    end = m.end + shift + letters[-1] * spacing
    return Measured(m.start, end, stops, m.first, m.measure, m.size, m.hyphen + spacing)


@dataclass(frozen=True)
class Limits:
    ideal: float = 0.3  # em
    floor: float = 0.2  # em: tighter is a fault (it costs as a loose line does)
    squeeze: float = 0.04  # em under the floor a line may still go, when the other way a line gapes
    loose: float = 0.45  # em: looser costs much more
    max_stack: int = 2  # hyphenated line ends in a row
    hyphen_cost: float = 0.02
    runt: float = 0.15  # a last line filling less of the measure than this costs (and never fills a page)


@dataclass
class Plan:
    ends: list[int]  # stop numbers ending each line but the last
    spacing: list[float]  # px of word-spacing per line (the last line's is 0)
    spaces: list[float] = field(default_factory=list)  # the word space each justified line gets (em)
    cost: float = 0.0
    last: float = 1.0  # how much of the measure the last line fills

    @property
    def worst(self) -> float:
        return max(self.spaces, default=0.0)


class _Sums:
    """Running totals over a paragraph's stops, so any line's widths are found in constant time."""

    def __init__(self, m: Measured):
        self.m = m
        self.spaces = [0]  # spaces among the stops before stop i
        self.width = [0.0]  # their natural width
        self.ties = [0]  # no-break spaces in the text before stop i
        for s in m.stops:
            self.spaces.append(self.spaces[-1] + (s.kind == SPACE))
            self.width.append(self.width[-1] + (s.width if s.kind == SPACE else 0.0))
            self.ties.append(self.ties[-1] + s.ties)
        n = self.spaces[-1]
        self.tie_width = self.width[-1] / n if n else 0.25 * m.size  # a tie is as wide as the usual space

    def natural(self, k: int, e: int | None) -> tuple[float, int, float]:
        """Natural width, number of spaces and their natural width of the text from after stop
        ``k`` (-1: the start) to stop ``e`` (None: the end), the engine's hyphen included at a
        soft hyphen."""
        m = self.m
        begin = m.start if k < 0 else m.stops[k].x + m.stops[k].width
        last = len(m.stops) if e is None else e
        if e is None:
            end = m.end
        else:
            end = m.stops[e].x + (m.hyphen if m.stops[e].kind == SOFT else 0.0)
        return end - begin, self.spaces[last] - self.spaces[k + 1], self.width[last] - self.width[k + 1]

    def space(self, k: int, e: int, measure: float) -> float:
        """The word space (em) justification gives the line from after stop ``k`` to stop ``e``:
        the room left shared by its spaces and no-break spaces."""
        width, n, sw = self.natural(k, e)
        ties = self.ties[e + 1] - self.ties[k + 1]
        return (measure - width + sw + ties * self.tie_width) / (n + ties) / self.m.size


LOOSE_LINE = 10.0  # a line over the loosest space costs more than any spread of spaces within it
GAPING = 0.6  # em: a line this loose is a fault a reader sees at once (and costs more again)


def _cost(space: float, hyphenated: bool, limits: Limits) -> float:
    over = max(0.0, space - limits.loose)
    under = max(0.0, limits.floor - space)
    return ((space - limits.ideal) ** 2 + (LOOSE_LINE + 50 * over ** 2 if over else 0.0)
            + (LOOSE_LINE + 50 * under ** 2 if under else 0.0)
            + (3 * LOOSE_LINE if space > GAPING else 0.0) + (limits.hyphen_cost if hyphenated else 0.0))


def badness(spaces: list[float], limits: Limits) -> tuple[int, int, float]:
    """How a reader sees a paragraph's spacing: first how many lines gape, then how many are too
    loose or too tight, then the loosest."""
    return (sum(1 for s in spaces if s > GAPING),
            sum(1 for s in spaces if s > limits.loose or s < limits.floor - 0.005),
            round(max(spaces, default=0.0), 2))


def plan(m: Measured, lines: int, limits: Limits = Limits(), plain: frozenset[int] = frozenset()) -> Plan | None:
    """The breaks of least cost that set the paragraph in ``lines`` lines, each line's word space
    no tighter than the floor (a little tighter only rather than a gaping line) and no more than
    ``max_stack`` hyphenated line ends in a row, and the lines ``plain`` numbers (from 0: those
    ending a page) not ending in a hyphen; None when there are none (or the greedy breaker could
    not be made to take them)."""
    return plans(m, [lines], limits, plain).get(lines)


def plans(m: Measured, counts: list[int], limits: Limits = Limits(), plain: frozenset[int] = frozenset()) -> dict[int, Plan]:
    """``plan`` for each number of lines in ``counts``, found in one pass."""
    sums = _Sums(m)
    count = len(m.stops)
    most = max(counts)
    INF = float("inf")
    # state: (stop ending the line before; -1 at the start), lines set, hyphens in a row
    best: dict[tuple[int, int, int], tuple[float, tuple | None]] = {(-1, 0, 0): (0.0, None)}
    done: dict[int, tuple[float, tuple]] = {}
    for k in range(-1, count):
        states = [(line, run) for line in range(most) for run in range(limits.max_stack + 1) if (k, line, run) in best]
        if not states:
            continue
        lines_after: dict[bool, list] = {}  # first line or not -> the lines that may follow stop k
        for line, run in states:
            state = (k, line, run)
            cost0 = best[state][0]
            measure = m.first if line == 0 else m.measure
            if line + 1 in counts:  # the rest of the text as the last line, unstretched
                width, _, _ = sums.natural(k, None)
                if width <= measure:
                    cost = cost0 + (1.0 if width < limits.runt * measure else 0.0)  # a runt last line costs
                    if cost < done.get(line + 1, (INF,))[0]:
                        done[line + 1] = (cost, state)
            if line + 1 >= most:
                continue
            first = line == 0
            if first not in lines_after:
                lines_after[first] = _next_lines(m, sums, k, measure, limits)
            for e, hyphenated, cost in lines_after[first]:
                nrun = run + 1 if hyphenated else 0
                if nrun > limits.max_stack or (hyphenated and line in plain):
                    continue
                key = (e, line + 1, nrun)
                if cost0 + cost < best.get(key, (INF, None))[0]:
                    best[key] = (cost0 + cost, state)
    out: dict[int, Plan] = {}
    for lines, (cost, state) in done.items():
        ends: list[int] = []
        while state is not None and state[0] >= 0:
            ends.append(state[0])
            state = best[state][1]
        ends.reverse()
        found = _spacing(m, ends, sums)
        if found is not None:
            found.cost = cost
            found.last = sums.natural(ends[-1] if ends else -1, None)[0] / (m.measure if ends else m.first)
            out[lines] = found
    return out


def _next_lines(m: Measured, sums: _Sums, k: int, measure: float, limits: Limits) -> list[tuple[int, bool, float]]:
    """(stop, ends on a soft hyphen, cost) for each justified line that may follow stop ``k``."""
    out = []
    for e in range(k + 1, len(m.stops)):
        stop = m.stops[e]
        if stop.kind == HARD:  # the engine does not always take a compound's hyphen
            continue
        width, n, _ = sums.natural(k, e)
        if n == 0:
            if width > measure:
                break
            continue  # nothing to stretch: never a justified line
        space = sums.space(k, e, measure)
        if space < limits.floor - limits.squeeze:
            break  # later stops are tighter still
        hyphenated = stop.kind == SOFT
        out.append((e, hyphenated, _cost(space, hyphenated, limits)))
    return out


def _spacing(m: Measured, ends: list[int], sums: "_Sums | None" = None) -> Plan | None:
    """The word-spacing per line that makes the greedy breaker end each line at ``ends``, and the
    space each line gets; None when a break cannot be told apart from the next stop."""
    sums = sums or _Sums(m)
    spacing, spaces = [], []
    k = -1
    for line, e in enumerate(ends):
        measure = m.first if line == 0 else m.measure
        width, n, sw = sums.natural(k, e)
        high = (measure - width) / n  # the line still fits with at most this much added per space
        low = -INF_SPACING  # and no later stop may fit: more than this added per space
        for f in range(e + 1, len(m.stops) + 1):
            fw, fn, _ = sums.natural(k, f if f < len(m.stops) else None)
            if fw > 2 * measure:
                break  # no later stop comes near fitting
            if fn == 0:
                if fw <= measure + MARGIN:
                    return None
                continue
            low = max(low, (measure - fw) / fn)
        delta = (low + high) / 2
        if n * (high - delta) < MARGIN or (low > -INF_SPACING and (delta - low) * n < MARGIN):
            return None
        spacing.append(round(delta, 2))
        spaces.append(sums.space(k, e, measure))
        k = e
    spacing.append(0.0)
    return Plan(ends, spacing, spaces)

