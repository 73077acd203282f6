"""What a font program is: its weight, italic, fixed pitch and coverage, read with fontTools.

Takes: the bytes of a font program (an OpenType/TrueType file, or a bare CFF as a
PDF embeds it). Gives: a ``Face``; never judged by the font's name.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

@dataclass(frozen=True)
class Face:
    weight: int
    italic: bool
    mono: bool
    family: str = ""
    covers: frozenset = frozenset()  # code points the program has glyphs for (OpenType programs)

    def satisfies(self, style: str) -> bool:
        bold = self.weight >= 600
        return {"bold": bold and not self.italic, "italic": self.italic and not bold,
                "bolditalic": bold and self.italic, "mono": self.mono,
                "smallcaps": True}[style]  # small caps are judged from the glyphs, not the face


def face_of_program(data: bytes, subtype: str = "") -> Face:
    """Weight, italic and fixed pitch of a font program (an OpenType/TrueType file, or a
    bare CFF as PDFs embed it with FontFile3 /Type1C or /CIDFontType0C)."""
    if subtype in ("/Type1C", "/CIDFontType0C") or data[:1] == b"\x01":
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        top = cff[cff.fontNames[0]]
        weight_name = str(getattr(top, "Weight", "") or "").lower()
        weight = 700 if any(k in weight_name for k in ("bold", "black", "heavy", "semibold")) else 400
        return Face(weight, float(getattr(top, "ItalicAngle", 0) or 0) != 0, bool(getattr(top, "isFixedPitch", 0)),
                    str(getattr(top, "FamilyName", "") or ""))
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    weight, italic = 400, False
    if "OS/2" in font:
        weight = font["OS/2"].usWeightClass
        italic = bool(font["OS/2"].fsSelection & 1)
    if "head" in font:
        italic = italic or bool(font["head"].macStyle & 2)
        if "OS/2" not in font and font["head"].macStyle & 1:
            weight = 700
    mono = False
    if "post" in font:
        italic = italic or font["post"].italicAngle != 0
        mono = bool(font["post"].isFixedPitch)
    if not mono and "OS/2" in font and font["OS/2"].panose.bProportion == 9:
        mono = True
    if not mono and "hmtx" in font:  # a subset may lose the flag: letters all one width means fixed pitch
        widths = {w for name, (w, _) in font["hmtx"].metrics.items() if name not in (".notdef",) and w > 0}
        mono = len(widths) == 1
    family = font["name"].getDebugName(1) or "" if "name" in font else ""
    covers = frozenset(font.getBestCmap() or ()) if "cmap" in font else frozenset()
    return Face(weight, italic, mono, family, covers)
