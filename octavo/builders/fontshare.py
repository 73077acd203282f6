"""One embedded font program per face in a PDF joined from slices.

Takes: an open ``pikepdf.Pdf`` whose pages come from several WeasyPrint documents (the
slices of ``octavo.builders.assemble``), each embedding its own subset of the same faces.
Gives: the same PDF with the subsets of each TrueType face (``CIDFontType2`` with an
identity CID-to-glyph map and a ``/FontFile2``) replaced by one program holding the glyphs
of all of them, shared by every slice's font dictionary; ``share_fonts`` returns how many
bytes of font programs that saved.

WeasyPrint subsets with the glyph ids of the original font kept (HarfBuzz's RETAIN_GIDS),
so a glyph has the same id in every subset of a face: the union is made by copying each
subset's outlines into the subset with the most glyphs, id for id, and no content stream
changes (the character maps are merged as well). Each font dictionary keeps its own widths and ToUnicode map (they describe the
glyphs its pages use, all of which the shared program holds). Faces of other kinds (CFF
outlines) are left as they are.
"""
from __future__ import annotations

import hashlib
import io
import re
import zlib
from pathlib import Path

import pikepdf

from octavo.atomic import write_atomic


def share_fonts(pdf: pikepdf.Pdf, cache: Path | None = None) -> int:
    """Share one program per face; ``cache``, a folder, keeps each union made by the digests of
    the subsets it joins (an edit that draws no new glyph finds its union there), and only
    the unions this PDF uses."""
    groups: dict[tuple, list[pikepdf.Dictionary]] = {}
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        for _name, font in fonts.items():
            descriptor = _truetype_descriptor(font)
            if descriptor is None or descriptor.objgen in seen:
                continue
            seen.add(descriptor.objgen)
            groups.setdefault(_face(font, descriptor), []).append(descriptor)
    saved, used = 0, set()
    for descriptors in groups.values():
        programs = {d.FontFile2.objgen: d.FontFile2 for d in descriptors}
        if len(programs) < 2:
            continue
        before = sum(len(p.read_raw_bytes()) for p in programs.values())
        datas = [p.read_bytes() for p in programs.values()]
        key = hashlib.sha256(b"".join(sorted(hashlib.sha256(d).digest() for d in datas))).hexdigest()[:32]
        merged = _recall(cache, key)
        if merged is None:
            merged = _union(datas)
            if merged is None:
                continue
            if cache is not None:
                write_atomic(cache / f"{key}.ttf", merged)
        used.add(f"{key}.ttf")
        shared = pikepdf.Stream(pdf, zlib.compress(merged, 9))
        shared.Filter = pikepdf.Name.FlateDecode
        shared.Length1 = len(merged)
        for d in descriptors:
            d.FontFile2 = shared
        saved += before - len(shared.read_raw_bytes())
    if cache is not None and cache.is_dir():
        for path in cache.glob("*.ttf"):
            if path.name not in used:
                path.unlink(missing_ok=True)
    return saved


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


def _union(programs: list[bytes]) -> bytes | None:
    """The glyphs of every subset in one program (None when one cannot be read). Glyphs are
    moved as the bytes they are stored as (not decompiled: a composite names its parts by
    glyph id, the same in every subset), and nothing is recalculated from the outlines."""
    from fontTools.ttLib import TTFont

    def load(data: bytes):
        return TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)

    try:
        # the subset with the most glyphs is the base; the others are read one at a time (a long
        # book has hundreds of slices: their fonts all decompiled at once took gigabytes)
        first = max(range(len(programs)), key=lambda k: _glyph_count(programs[k]))
        base = load(programs[first])
        order = base.getGlyphOrder()
        glyphs, hmtx = base["glyf"].glyphs, base["hmtx"]
        for k, data in enumerate(programs):
            if k == first:
                continue
            other = load(data)
            theirs = other.getGlyphOrder()
            stored = other["glyf"].glyphs
            for index, name in enumerate(theirs):
                mine = order[index]
                if _drawn(stored[name]) and not _drawn(glyphs[mine]):
                    glyphs[mine] = stored[name]
                    hmtx[mine] = other["hmtx"][name]
            # the program's own character map too (PDF readers map through the CIDs, but a text
            # extractor or a checker reads it)
            rename = dict(zip(theirs, order))
            extra = {cp: rename.get(name, name) for cp, name in (other.getBestCmap() or {}).items()}
            for table in base["cmap"].tables:
                if table.isUnicode():
                    for cp, name in extra.items():
                        if cp not in table.cmap and (table.format != 4 or cp <= 0xFFFF):
                            table.cmap[cp] = name
        out = io.BytesIO()
        base.save(out)
    except Exception:  # a program fontTools cannot read or write is left as the slices have it
        return None
    return out.getvalue()


def _glyph_count(data: bytes) -> int:
    """numGlyphs from the maxp table."""
    maxp = _table(data, b"maxp")
    return int.from_bytes(maxp[4:6], "big") if maxp else 0


def _drawn(glyph) -> bool:
    """A stored glyph with an outline (not decompiled: raw ``data``; else its contour count)."""
    return bool(getattr(glyph, "data", b"")) or getattr(glyph, "numberOfContours", 0) != 0
