"""A built output opened for reading: a PDF's words, chars, fonts and pages (pdfplumber,
pikepdf), an EPUB's XHTML in spine order, its CSS and its embedded fonts (lxml).

Takes: the path of an EPUB or a PDF. Gives: ``EpubOutput`` or ``PdfOutput``,
each read once (cached properties).
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from .fonts import Face, face_of_program
from .words import HYPHENS, tokens

X_TOLERANCE = 1.5  # pt: a gap wider than this between two chars separates words


@dataclass
class PdfWord:
    text: str
    tokens: list[str]
    chars: list[dict]
    page: int
    top: float
    x0: float
    x1: float


class PdfOutput:
    """A PDF's words in content order (line-end hyphens joined), its fonts and pages."""

    kind = "pdf"

    def __init__(self, path: Path):
        self.path = Path(path)

    @cached_property
    def faces(self) -> dict[str, Face]:
        """BaseFont name (with its subset tag, unique in the file) -> the face of its program."""
        import pikepdf

        found: dict[str, Face] = {}
        with pikepdf.open(self.path) as pdf:
            seen = set()

            def fonts_in(resources):
                if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
                    return
                seen.add(resources.objgen)
                for font in (resources.get("/Font") or {}).values():
                    name = str(font.get("/BaseFont", ""))[1:]
                    if name in found:
                        continue
                    desc_font = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    desc = desc_font.get("/FontDescriptor")
                    if desc is None:
                        continue
                    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                        if key in desc:
                            stream = desc[key]
                            try:
                                found[name] = face_of_program(stream.read_bytes(), str(stream.get("/Subtype", "")))
                            except Exception as exc:  # noqa: BLE001 - an unreadable program is a finding, not a crash
                                found[name] = Face(0, False, False, f"unreadable: {exc}")
                            break
                for xobj in (resources.get("/XObject") or {}).values():
                    if xobj.get("/Subtype") == "/Form":
                        fonts_in(xobj.get("/Resources"))

            for page in pdf.pages:
                fonts_in(page.obj.get("/Resources"))
        return found

    @cached_property
    def pages(self) -> list[dict]:
        """Per page: its words, chars, images and TrimBox (pdfplumber's coordinates)."""
        import pdfplumber

        pages = []
        with pdfplumber.open(self.path) as pdf:
            for n, page in enumerate(pdf.pages):
                # a tight x tolerance: table cells set without a gap are still two words
                raw = page.extract_words(use_text_flow=True, keep_blank_chars=False, return_chars=True,
                                         x_tolerance=X_TOLERANCE)
                pages.append({
                    "words": [PdfWord(w["text"], tokens(w["text"]), w["chars"], n, w["top"], w["x0"], w["x1"])
                              for w in raw],
                    "images": [dict(x0=i["x0"], x1=i["x1"], top=i["top"], bottom=i["bottom"]) for i in page.images],
                    "trim": page.trimbox,
                    "box": page.bbox,
                })
        return pages

    @cached_property
    def words(self) -> list[PdfWord]:
        """All words in order, a word broken at a line end by a hyphen joined again."""
        out: list[PdfWord] = []
        for page in self.pages:
            ws = page["words"]
            k = 0
            while k < len(ws):
                w = ws[k]
                nxt = ws[k + 1] if k + 1 < len(ws) else None
                if (nxt is not None and len(w.text) > 1 and w.text.endswith(HYPHENS)
                        and nxt.top > w.top + 2 and w.text[-2].isalpha()):
                    text = w.text[:-1] + nxt.text
                    out.append(PdfWord(text, tokens(text), w.chars[:-1] + nxt.chars, w.page, w.top, w.x0, nxt.x1))
                    k += 2
                    continue
                out.append(w)
                k += 1
        return out

    @cached_property
    def tokens(self) -> list[str]:
        return [t for w in self.words for t in w.tokens]

    @cached_property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


_BLOCKS = {"p", "div", "li", "ol", "ul", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "figure", "figcaption", "aside", "section", "nav", "table", "tr", "td", "th", "caption",
           "br", "hr", "header", "footer", "body", "math"}
XHTML = "{http://www.w3.org/1999/xhtml}"


def shown_text(el) -> str:
    """The text an XHTML element shows: a space after each block, no style, script or TeX annotation."""
    out: list[str] = []

    def walk(el, top=False):
        name = local_name(el.tag)
        if name not in ("script", "style", "annotation", "annotation-xml", "head"):
            if el.text:
                out.append(el.text)
            for child in el:
                walk(child)
            if name in _BLOCKS:
                out.append(" ")
        if el.tail and not top:
            out.append(el.tail)

    walk(el, top=True)
    return "".join(out)


def local_name(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class EpubOutput:
    """An EPUB's XHTML documents in spine order, their text, CSS and embedded fonts."""

    kind = "epub"

    def __init__(self, path: Path):
        self.path = Path(path)
        from lxml import etree

        with zipfile.ZipFile(self.path) as z:
            self.files = {n: z.read(n) for n in z.namelist()}
        container = etree.fromstring(self.files["META-INF/container.xml"])
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(self.files[opf_path])
        base = PurePosixPath(opf_path).parent
        manifest = {i.get("id"): str(base / i.get("href")) for i in opf.iter("{*}item")}
        self.spine = [manifest[r.get("idref")] for r in opf.iter("{*}itemref")]
        self.docs = [etree.fromstring(self.files[p]) for p in self.spine]
        self.css = "\n".join(self.files[p].decode("utf-8", "replace") for p in manifest.values() if p.endswith(".css"))

    @cached_property
    def text(self) -> str:
        return " ".join(shown_text(doc) for doc in self.docs)

    @cached_property
    def tokens(self) -> list[str]:
        return tokens(self.text)

    def font_faces(self) -> list[dict]:
        """Each @font-face rule: family, weight, style and the face of the program it names."""
        rules = []
        css_dir = next((PurePosixPath(p).parent for p in self.files if p.endswith(".css")), PurePosixPath("."))
        for body in re.findall(r"@font-face\s*{([^}]*)}", self.css):
            decl = declarations(body)
            url = re.search(r"url\(\s*['\"]?([^'\")]+)", decl.get("src", ""))
            face = None
            if url:
                path = _normpath(css_dir / url.group(1))
                if path in self.files:
                    face = face_of_program(self.files[path])
            rules.append({"family": decl.get("font-family", "").strip("'\" "),
                          "weight": decl.get("font-weight", "normal"), "style": decl.get("font-style", "normal"),
                          "face": face})
        return rules


def _normpath(p: PurePosixPath) -> str:
    parts: list[str] = []
    for part in p.parts:
        if part == "..":
            parts and parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def declarations(body: str) -> dict[str, str]:
    out = {}
    for decl in body.split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip().lower()] = v.strip()
    return out


def css_rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of each plain rule (at-rules' own blocks skipped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@font-face\s*{[^}]*}", "", css)
    return [(sel.strip(), declarations(body)) for sel, body in re.findall(r"([^{}@]+){([^{}]*)}", css)]


def counter_styles(css: str) -> dict[str, dict[str, str]]:
    """Each ``@counter-style NAME { ... }`` of the CSS: its name -> its declarations."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return {name: declarations(body) for name, body in re.findall(r"@counter-style\s+([\w-]+)\s*{([^{}]*)}", css)}


def open_output(path: Path):
    return EpubOutput(path) if Path(path).suffix == ".epub" else PdfOutput(path)
