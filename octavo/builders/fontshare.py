"""One embedded font program per face in a PDF joined from slices.

Takes: an open ``pikepdf.Pdf`` whose pages come from several WeasyPrint documents (the
slices of ``octavo.builders.assemble``), each embedding its own subset of the same faces.
Gives: the same PDF with the subsets of each TrueType face (``CIDFontType2`` with an
identity CID-to-glyph map and a ``/FontFile2``) replaced by one program holding the glyphs
of all of them, shared by every slice's font dictionary; ``share_fonts`` returns how many
bytes of font programs that saved.

WeasyPrint subsets with the glyph ids of the original font kept (HarfBuzz's RETAIN_GIDS) for
the glyphs its text draws (those its ``/W`` widths list), so such a glyph has the same id in
every subset of a face, and no content stream changes. The parts a composite glyph is built
from (the dot of a *j*, the accent of an *é*) are not kept so: a subset numbers them after the
last glyph it draws, where another subset has a glyph of its own. So the union places every
drawn glyph at its id, then each composite's parts where they are the same glyph or free, and
else in new slots after all the others, the composite pointing at them there; a drawn glyph
that two subsets disagree on leaves the face unshared. The character maps are merged as well.
Each font dictionary keeps its own widths and ToUnicode map (they describe the glyphs its
pages use, all of which the shared program holds). Faces of other kinds (CFF outlines) are
left as they are.
"""
from __future__ import annotations

import copy
import hashlib
import io
import re
import zlib
from pathlib import Path

import pikepdf

from octavo.atomic import write_atomic


UNION_FORM = b"union 2"  # in the cache key: unions made before composites' parts were placed are not recalled


def share_fonts(pdf: pikepdf.Pdf, cache: Path | None = None) -> int:
    """Share one program per face; ``cache``, a folder, keeps each union made by the digests of
    the subsets it joins (an edit that draws no new glyph finds its union there), and only
    the unions this PDF uses."""
    groups: dict[tuple, list[tuple[pikepdf.Dictionary, set[int] | None]]] = {}
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        for _name, font in fonts.items():
            descriptor = _truetype_descriptor(font)
            if descriptor is None or descriptor.objgen in seen:
                continue
            seen.add(descriptor.objgen)
            groups.setdefault(_face(font, descriptor), []).append((descriptor, _drawn_ids(font.DescendantFonts[0])))
    saved, used = 0, set()
    for entries in groups.values():
        if any(ids is None for _, ids in entries):
            continue  # a subset whose drawn glyphs are not listed: nothing tells its own glyphs from its parts
        programs: dict[tuple[int, int], tuple[pikepdf.Stream, set[int]]] = {}  # a program, the ids its fonts draw
        for d, ids in entries:
            programs.setdefault(d.FontFile2.objgen, (d.FontFile2, set()))[1].update(ids)
        if len(programs) < 2:
            continue
        before = sum(len(p.read_raw_bytes()) for p, _ in programs.values())
        datas = [p.read_bytes() for p, _ in programs.values()]
        drawn = [ids for _, ids in programs.values()]
        key = hashlib.sha256(UNION_FORM + b"".join(sorted(
            hashlib.sha256(d + ",".join(map(str, sorted(ids))).encode()).digest() for d, ids in zip(datas, drawn)))
        ).hexdigest()[:32]
        merged = _recall(cache, key)
        if merged is None:
            merged = _union(datas, drawn)
            if merged is None:
                continue
            if cache is not None:
                write_atomic(cache / f"{key}.ttf", merged)
        used.add(f"{key}.ttf")
        shared = pikepdf.Stream(pdf, zlib.compress(merged, 9))
        shared.Filter = pikepdf.Name.FlateDecode
        shared.Length1 = len(merged)
        for d, _ in entries:
            d.FontFile2 = shared
        saved += before - len(shared.read_raw_bytes())
    if cache is not None and cache.is_dir():
        for path in cache.glob("*.ttf"):
            if path.name not in used:
                path.unlink(missing_ok=True)
    return saved


def _drawn_ids(cid: pikepdf.Dictionary) -> set[int] | None:
    """The glyph ids a CID font's ``/W`` widths list (the glyphs its pages draw); None without one."""
    widths = cid.get("/W")
    if widths is None:
        return None
    items, ids, k = list(widths), set(), 0
    while k < len(items):
        first = int(items[k])
        if isinstance(items[k + 1], pikepdf.Array):
            ids.update(range(first, first + len(items[k + 1])))
            k += 2
        else:
            ids.update(range(first, int(items[k + 1]) + 1))
            k += 3
    return ids


def _recall(cache: Path | None, key: str) -> bytes | None:
    try:
        return (cache / f"{key}.ttf").read_bytes() if cache is not None else None
    except OSError:
        return None


def _truetype_descriptor(font) -> pikepdf.Dictionary | None:
    if font.get("/Subtype") != "/Type0" or "/DescendantFonts" not in font:
        return None
    cid = font.DescendantFonts[0]
    if cid.get("/Subtype") != "/CIDFontType2" or cid.get("/CIDToGIDMap") != "/Identity":
        return None
    descriptor = cid.get("/FontDescriptor")
    if descriptor is None or "/FontFile2" not in descriptor:
        return None
    return descriptor


def _face(font, descriptor) -> tuple:
    """What tells one face from another: its name without the subset tag, and the creation and
    revision its program's head table carries from the original file."""
    name = re.sub(r"^/?[A-Z]{6}\+", "", str(font.get("/BaseFont", "")))
    head = _head(descriptor.FontFile2.read_bytes())
    return name, head


def _table(data: bytes, tag: bytes) -> bytes | None:
    """A table of an sfnt program, found through its table directory (no parsing of the rest)."""
    count = int.from_bytes(data[4:6], "big") if len(data) >= 12 else 0
    for k in range(count):
        record = data[12 + 16 * k:28 + 16 * k]
        if record[:4] == tag:
            offset, length = int.from_bytes(record[8:12], "big"), int.from_bytes(record[12:16], "big")
            return data[offset:offset + length]
    return None


def _head(data: bytes) -> bytes:
    """The head table's revision, units per em and dates (each subset keeps the original's)."""
    head = _table(data, b"head")
    return head[4:8] + head[18:36] if head else repr(id(data)).encode()  # no head: grouped with nothing


def _union(programs: list[bytes], drawn: list[set[int]]) -> bytes | None:
    """The glyphs of every subset in one program (None when one cannot be read, or two draw
    different glyphs at one id): each glyph a subset draws (``drawn``) at its id; each part of a
    composite at its own id where that holds the same glyph or nothing any subset draws, else
    in a new slot; nothing recalculated from the outlines."""
    from fontTools.ttLib import TTFont

    def load(data: bytes):
        return TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)

    try:
        # the subset with the most glyphs holds the union; the others are read one at a time (a
        # long book has hundreds of slices: their fonts all decompiled at once took gigabytes)
        first = max(range(len(programs)), key=lambda k: _glyph_count(programs[k]))
        base = load(programs[first])
        union = _Union(base, set().union(*drawn))
        for k in [first] + [k for k in range(len(programs)) if k != first]:
            other = base if k == first else load(programs[k])
            if not union.take(other, drawn[k], k):
                return None
            if k != first:
                _merge_cmap(base, other)
        return union.save()
    except Exception:  # a program fontTools cannot read or write is left as the slices have it
        return None


class _Union:
    """The glyph table being built in ``base``'s program: slot -> glyph, advance, and what it draws."""

    def __init__(self, base, fixed: set[int]):
        self.base = base
        self.order = list(base.getGlyphOrder())
        self.fixed = fixed  # ids some subset draws: only that glyph may stand there
        self.slots: dict[int, tuple] = {}  # id -> (glyph, advance, left side bearing, _outline)
        self.placed: dict[tuple[int, int], int] = {}  # (subset's number, its glyph id) -> slot

    def take(self, font, drawn: set[int], number: int) -> bool:
        """Place each glyph ``font`` draws at its id, with its parts; False on a disagreement."""
        order = font.getGlyphOrder()
        for gid in sorted(drawn):
            if gid >= len(order):
                return False
            if gid in self.slots:
                if _outline(font["glyf"], order[gid]) != self.slots[gid][3]:
                    return False
                self.placed[number, gid] = gid
            elif self._put(font, number, gid, gid) is None:
                return False
        return True

    def _put(self, font, number: int, gid: int, at: int | None) -> int | None:
        """Place ``font``'s glyph ``gid`` (its parts first) at ``at``; a part (``at`` None) at its
        own id where that is free of every drawn glyph or holds the same one, else in a new slot."""
        known = self.placed.get((number, gid))
        if known is not None:
            return known
        glyf, name = font["glyf"], font.getGlyphOrder()[gid]
        outline = _outline(glyf, name)
        if at is None:
            held = self.slots.get(gid)
            if held is not None and held[3] == outline:
                self.placed[number, gid] = gid
                return gid
            at = gid if held is None and gid not in self.fixed and gid < len(self.order) else len(self.order)
        glyph = glyf[name]
        if glyph.isComposite():
            glyph = copy.deepcopy(glyph)  # its parts are named by the slots they get here
            for part in glyph.components:
                slot = self._put(font, number, font.getGlyphID(part.glyphName), None)
                if slot is None:
                    return None
                part.glyphName = self.order[slot]
        if at >= len(self.order):
            at = len(self.order)
            self.order.append(f"part{at:05d}")
        advance, lsb = font["hmtx"][name]
        self.slots[at] = (glyph, advance, lsb, outline)
        self.placed[number, gid] = at
        return at

    def save(self) -> bytes:
        from fontTools.ttLib.tables._g_l_y_f import Glyph

        font, order = self.base, self.order
        glyphs, metrics = {}, {}
        for k, name in enumerate(order):
            glyph, advance, lsb = self.slots.get(k, (Glyph(), 0, 0))[:3]
            glyphs[name], metrics[name] = glyph, (advance, lsb)
        font.setGlyphOrder(order)
        font["glyf"].glyphs, font["glyf"].glyphOrder = glyphs, order
        font["hmtx"].metrics = metrics
        if "post" in font:
            font["post"].formatType = 3.0  # no glyph names: the new slots have none to give
        for table in font["cmap"].tables:
            table.cmap = {cp: name for cp, name in table.cmap.items() if name in glyphs}
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()


def _outline(glyf, name: str) -> tuple:
    """What a glyph draws, comparable between subsets: its points, contour ends and on-curve
    flags, a composite's with its parts in place (their ids differ from subset to subset)."""
    coordinates, ends, flags = glyf[name].getCoordinates(glyf)
    return tuple(coordinates), tuple(ends), bytes(f & 1 for f in flags)


def _merge_cmap(base, other) -> None:
    """``other``'s character map into ``base``'s (PDF readers map through the CIDs, but a text
    extractor or a checker reads it): a character maps to a drawn glyph, whose id every subset
    shares."""
    rename = dict(zip(other.getGlyphOrder(), base.getGlyphOrder()))
    extra = {cp: rename.get(name, name) for cp, name in (other.getBestCmap() or {}).items()}
    for table in base["cmap"].tables:
        if table.isUnicode():
            for cp, name in extra.items():
                if cp not in table.cmap and (table.format != 4 or cp <= 0xFFFF):
                    table.cmap[cp] = name


def _glyph_count(data: bytes) -> int:
    """numGlyphs from the maxp table."""
    maxp = _table(data, b"maxp")
    return int.from_bytes(maxp[4:6], "big") if maxp else 0
