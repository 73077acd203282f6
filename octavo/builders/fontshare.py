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

import io
import re
import zlib

import pikepdf


def share_fonts(pdf: pikepdf.Pdf) -> int:
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
    saved = 0
    for descriptors in groups.values():
        programs = {d.FontFile2.objgen: d.FontFile2 for d in descriptors}
        if len(programs) < 2:
            continue
        before = sum(len(p.read_raw_bytes()) for p in programs.values())
        merged = _union([p.read_bytes() for p in programs.values()])
        if merged is None:
            continue
        shared = pikepdf.Stream(pdf, zlib.compress(merged, 9))
        shared.Filter = pikepdf.Name.FlateDecode
        shared.Length1 = len(merged)
        for d in descriptors:
            d.FontFile2 = shared
        saved += before - len(shared.read_raw_bytes())
    return saved


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


def _head(data: bytes) -> bytes:
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        h = font["head"]
        return f"{h.created}:{h.modified}:{h.fontRevision}:{h.unitsPerEm}".encode()
    except Exception:  # a program fontTools cannot read is grouped with nothing
        return repr(id(data)).encode()


def _union(programs: list[bytes]) -> bytes | None:
    """The glyphs of every subset in one program (None when one cannot be read)."""
    from fontTools.ttLib import TTFont

    try:
        fonts = [TTFont(io.BytesIO(p)) for p in programs]
    except Exception:
        return None
    base = max(fonts, key=lambda f: len(f.getGlyphOrder()))
    order = base.getGlyphOrder()
    glyf, hmtx = base["glyf"], base["hmtx"]
    for other in fonts:
        if other is base:
            continue
        theirs = other.getGlyphOrder()
        rename = dict(zip(theirs, order))
        for index, name in enumerate(theirs):
            glyph = other["glyf"][name]
            if glyph.numberOfContours == 0 or glyf[order[index]].numberOfContours != 0:
                continue
            if glyph.isComposite():
                for component in glyph.components:
                    component.glyphName = rename.get(component.glyphName, component.glyphName)
            glyf[order[index]] = glyph
            hmtx[order[index]] = other["hmtx"][name]
        # the program's own character map too (PDF readers map through the CIDs, but a text
        # extractor or a checker reads it)
        extra = {cp: rename.get(name, name) for cp, name in (other.getBestCmap() or {}).items()}
        for table in base["cmap"].tables:
            if table.isUnicode():
                for cp, name in extra.items():
                    if cp not in table.cmap and (table.format != 4 or cp <= 0xFFFF):
                        table.cmap[cp] = name
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()
