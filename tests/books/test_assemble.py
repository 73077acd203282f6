"""Joining slice PDFs into one book PDF (octavo.builders.assemble), checked as a reader sees it.

Three tiny HTML slices are written by WeasyPrint as tagged PDF/UA-1 and as PDF/X (with the
default CMYK output intent), joined, and the result read back with pikepdf and pdfplumber:
pages and text in order, every link landing on the page its anchor is on, the dangling
cross-slice reference gone and reported, the outline (with a nested slice), one structure
tree with a consistent parent tree, the output intent and the first slice's metadata, and
the same bytes twice. Everything expected is derived from the slices' own PDFs.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache

import pdfplumber
import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from octavo.builders.assemble import REF_SCHEME, Assembled, Dangling, Slice, assemble, ref
from octavo.config import OUTPUT_INTENTS

PRINT_CSS = """@color-profile device-cmyk {{ src: url("{icc}"); components: cyan, magenta, yellow, black; }}
@page {{ size: 5in 8in; bleed: 9pt; }}
body {{ color: device-cmyk(0 0 0 1); }}"""
BREAK = '<div style="break-before: page"></div>'


def _html(title: str, body: str, css: str) -> str:
    return (f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="author" content="Ann Author"><style>{css}</style></head><body>{body}</body></html>')


# Each word in capitals is a marker for the text-order check; each slice has a heading per page.
SLICES = [
    ("The Book", f"""<h1 id="one">Chapter One</h1>
<p id="dup">ALPHA first page, <a href="#one-b">a link inside the slice</a> and
<a href="{ref('two-b')}">one to the second page of the next slice</a>.</p>
<table><tr><th>Head A</th></tr><tr><td>cell a</td></tr></table>
{BREAK}<h2 id="one-b">One, Second Part</h2><p>BRAVO second page.</p>""", False),
    ("Another Title", f"""<h1 id="part">Part Two</h1>
<p>CHARLIE with <a href="{ref('nowhere')}">a reference to nothing</a>.</p>
{BREAK}<h2 id="two-b">Part Two, Second Page</h2><p>DELTA.</p>""", False),
    ("Another Title", f"""<h1 id="three">Chapter Three é</h1>
<p id="dup">ECHO back to <a href="{ref('one')}">chapter one</a>, to <a href="{ref('one-b')}">its second part</a>,
to <a href="#three-b">a later heading here</a>, and to <a href="#dup">a name two slices define</a>.</p>
<table><tr><th>Head C</th></tr><tr><td>cell c</td></tr></table>
<h2 id="three-b">Three, Later</h2><p>FOXTROT.</p>""", True),
]
MARKERS = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT"]
VARIANTS = ("pdf/ua-1", "pdf/x-4", "pdf/x-1a")


@cache
def slice_pdfs(variant: str) -> tuple[bytes, ...]:
    import weasyprint

    css = "" if variant.startswith("pdf/ua") else PRINT_CSS.format(icc=OUTPUT_INTENTS["ghostscript-default"].as_uri())
    return tuple(weasyprint.HTML(string=_html(title, body, css)).write_pdf(pdf_variant=variant, pdf_identifier=b"0" * 32)
                 for title, body, _nest in SLICES)


@cache
def joined(variant: str) -> Assembled:
    return assemble([Slice(pdf, nest) for pdf, (_t, _b, nest) in zip(slice_pdfs(variant), SLICES)])


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def _dests(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.String, pikepdf.Object]]:
    """The flat name tree's (name, destination) pairs, in stored order."""
    names = pdf.Root.Names.Dests.Names
    return [(names[i], names[i + 1]) for i in range(0, len(names), 2)]


def _page_index(pdf: pikepdf.Pdf) -> dict:
    return {page.objgen: i for i, page in enumerate(pdf.pages)}


def expected_anchor_pages(variant: str) -> dict[str, int]:
    """Where each anchor is: its page in its own slice, plus the pages before that slice
    (the first slice that defines a name keeps it)."""
    pages: dict[str, int] = {}
    offset = 0
    for data in slice_pdfs(variant):
        with _open(data) as pdf:
            index = _page_index(pdf)
            for name, dest in _dests(pdf):
                pages.setdefault(str(name), offset + index[dest[0].objgen])
            offset += len(pdf.pages)
    return pages


def slice_starts(variant: str) -> list[int]:
    starts, offset = [], 0
    for data in slice_pdfs(variant):
        with _open(data) as pdf:
            starts.append(offset)
            offset += len(pdf.pages)
    return starts


@pytest.mark.parametrize("variant", VARIANTS)
def test_pages_and_text_in_order(variant):
    total = sum(len(_open(data).pages) for data in slice_pdfs(variant))
    with pdfplumber.open(io.BytesIO(joined(variant).pdf)) as pdf:
        assert len(pdf.pages) == total
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    positions = [text.find(marker) for marker in MARKERS]
    assert -1 not in positions, text
    assert positions == sorted(positions)


@pytest.mark.parametrize("variant", VARIANTS)
def test_pages_keep_their_boxes(variant):
    boxes = []
    for data in slice_pdfs(variant):
        with _open(data) as pdf:
            boxes += [{key: [float(v) for v in page.obj[key]] for key in ("/MediaBox", "/TrimBox", "/BleedBox")
                       if key in page.obj} for page in pdf.pages]
    with _open(joined(variant).pdf) as pdf:
        assert [{key: [float(v) for v in page.obj[key]] for key in ("/MediaBox", "/TrimBox", "/BleedBox")
                 if key in page.obj} for page in pdf.pages] == boxes


@pytest.mark.parametrize("variant", VARIANTS)
def test_one_sorted_name_tree_pointing_at_the_joined_pages(variant):
    with _open(joined(variant).pdf) as pdf:
        dests = _dests(pdf)
        keys = [bytes(key) for key, _ in dests]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)  # sorted by bytes, as a name tree must be
        index = _page_index(pdf)
        found = {str(key): index[dest[0].objgen] for key, dest in dests}
    assert found == expected_anchor_pages(variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_link_lands_where_its_anchor_is(variant):
    """Links inside a slice and across slices (octavo-ref:) all go to a named destination on
    the page the anchor is on; the reference to nothing is gone and reported."""
    anchors = expected_anchor_pages(variant)
    result = joined(variant)
    with _open(result.pdf) as pdf:
        index = _page_index(pdf)
        names = {bytes(key): dest for key, dest in _dests(pdf)}
        targets = []
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", ()):
                action = annot.get("/A")
                assert not (isinstance(action, Dictionary) and str(action.get("/URI", "")).startswith(REF_SCHEME))
                name = bytes(annot.Dest)
                assert name in names, name
                target = (str(annot.Dest), index[names[name][0].objgen])
                if not targets or targets[-1] != target:  # a link broken over lines has one annotation a line
                    targets.append(target)
    assert targets == [("one-b", anchors["one-b"]), ("two-b", anchors["two-b"]),
                       ("one", anchors["one"]), ("one-b", anchors["one-b"]),
                       ("three-b", anchors["three-b"]), ("dup", anchors["dup"])]
    assert anchors["dup"] < slice_starts(variant)[1]  # the first slice's "dup" won
    assert result.dangling == (Dangling("nowhere", slice_starts(variant)[1]),)


def _outline(pdf: pikepdf.Pdf) -> list:
    index = _page_index(pdf)
    with pdf.open_outline() as outline:
        def tree(items):
            return [(item.title, index[item.destination[0].objgen], tree(item.children)) for item in items]
        return tree(outline.root)


@pytest.mark.parametrize("variant", VARIANTS)
def test_outline_concatenated_and_nested(variant):
    """The third slice nests: its bookmarks go under the second slice's last top-level one."""
    pages = expected_anchor_pages(variant)
    with _open(joined(variant).pdf) as pdf:
        assert _outline(pdf) == [
            ("Chapter One", pages["one"], [("One, Second Part", pages["one-b"], [])]),
            ("Part Two", pages["part"], [
                ("Part Two, Second Page", pages["two-b"], []),
                ("Chapter Three é", pages["three"], [("Three, Later", pages["three-b"], [])]),
            ]),
        ]
        assert int(pdf.Root.Outlines.Count) == 6  # every item open


def test_nesting_without_an_earlier_unnested_slice_stays_on_top():
    pdfs = slice_pdfs("pdf/ua-1")
    with _open(assemble([Slice(pdfs[2], nest=True), Slice(pdfs[0], nest=True)]).pdf) as pdf:
        assert [title for title, _page, _kids in _outline(pdf)] == ["Chapter Three é", "Chapter One"]
    with _open(assemble([Slice(pdfs[0]), Slice(pdfs[1]), Slice(pdfs[2])]).pdf) as pdf:
        assert [title for title, _page, _kids in _outline(pdf)] == ["Chapter One", "Part Two", "Chapter Three é"]


def test_document_entries_come_from_the_first_slice():
    for variant in VARIANTS:
        with _open(slice_pdfs(variant)[0]) as first, _open(joined(variant).pdf) as pdf:
            assert pdf.Root.Metadata.read_bytes() == first.Root.Metadata.read_bytes()
            assert {k: str(v) for k, v in pdf.docinfo.items()} == {k: str(v) for k, v in first.docinfo.items()}
            assert str(pdf.docinfo.Title) == "The Book"
            assert str(pdf.Root.Lang) == "en"
            assert "/PageLabels" not in pdf.Root
            assert pdf.pdf_version == first.pdf_version
            if variant.startswith("pdf/ua"):
                assert bool(pdf.Root.MarkInfo.Marked)
                assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
            else:
                assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root


@pytest.mark.parametrize("variant", ["pdf/x-4", "pdf/x-1a"])
def test_print_output_intent_once(variant):
    with _open(joined(variant).pdf) as pdf:
        intents = pdf.Root.OutputIntents
        assert len(intents) == 1 and intents[0].S == Name.GTS_PDFX
        profile = intents[0].DestOutputProfile.objgen
        # the slices' identical CMYK profiles are one object, the output intent's
        for page in pdf.pages:
            spaces = page.obj.Resources.ColorSpace
            iccs = [spaces[key][1].objgen for key in spaces.keys()
                    if isinstance(spaces[key], Array) and spaces[key][0] == Name.ICCBased]
            assert iccs == [profile]


def test_pdf_x_1a_stays_pdf_1_4_without_object_streams():
    data = joined("pdf/x-1a").pdf
    assert data.startswith(b"%PDF-1.4") and b"/ObjStm" not in data and b"/XRef" not in data


@pytest.mark.parametrize("variant", VARIANTS)
def test_same_bytes_twice(variant):
    again = assemble([Slice(pdf, nest) for pdf, (_t, _b, nest) in zip(slice_pdfs(variant), SLICES)])
    assert again.pdf == joined(variant).pdf


# -- tags -------------------------------------------------------------------------------------

def _walk(root: pikepdf.Object):
    """(element, parent) for every struct element under the root, depth first."""
    stack = [(kid, root) for kid in reversed(list(root.K))]
    while stack:
        elem, parent = stack.pop()
        yield elem, parent
        kids = elem.get("/K")
        kids = [kids] if isinstance(kids, Dictionary) else list(kids or ())
        stack += [(kid, elem) for kid in reversed(kids)
                  if isinstance(kid, Dictionary) and kid.get("/Type") not in (Name.OBJR, Name.MCR)]


def test_one_structure_tree():
    with _open(joined("pdf/ua-1").pdf) as pdf:
        root = pdf.Root.StructTreeRoot
        elements = list(_walk(root))
        assert len(root.K) == 1 and root.K[0].S == Name.Document
        assert [e for e, _ in elements if e.get("/S") == Name.Document] == [root.K[0]]
        for elem, parent in elements:
            assert elem.P.objgen == parent.objgen, elem.get("/S")
        # each slice's top-level elements, in order, under the one /Document
        tops = []
        for data in slice_pdfs("pdf/ua-1"):
            with _open(data) as part:
                tops += [str(kid.S) for kid in part.Root.StructTreeRoot.K[0].K]
        assert [str(kid.S) for kid in root.K[0].K] == tops
        pages = set(_page_index(pdf))
        assert all(e.Pg.objgen in pages for e, _ in elements if "/Pg" in e)


def test_parent_tree_covers_every_page_and_link():
    with _open(joined("pdf/ua-1").pdf) as pdf:
        root = pdf.Root.StructTreeRoot
        reachable = {e.objgen for e, _ in _walk(root)} | {root.K[0].objgen}
        nums = root.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert keys == sorted(set(keys))
        assert int(root.ParentTreeNextKey) > max(keys)
        tree = dict(zip(keys, (nums[i + 1] for i in range(0, len(nums), 2))))
        for value in tree.values():
            for elem in (value if isinstance(value, Array) else [value]):
                assert elem.objgen in reachable
        links = 0
        for number, page in enumerate(pdf.pages):
            assert int(page.obj.StructParents) in tree
            page_elems = tree[int(page.obj.StructParents)]
            assert all(e.Pg.objgen == page.obj.objgen for e in page_elems if "/Pg" in e), number
            for annot in page.obj.get("/Annots", ()):
                links += 1
                elem = tree[int(annot.StructParent)]
                assert elem.S == Name.Link
                assert any(isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR
                           and kid.Obj.objgen == annot.objgen for kid in elem.K)
        # every link element's object reference is an annotation on a page (none to the dropped link)
        annots = {a.objgen for page in pdf.pages for a in page.obj.get("/Annots", ())}
        objrs = [kid.Obj.objgen for e, _ in _walk(root) for kid in (e.K if isinstance(e.K, Array) else [])
                 if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR]
        assert sorted(objrs) == sorted(annots) and len(annots) == links > 0


def test_table_header_ids_unique_across_slices():
    with _open(joined("pdf/ua-1").pdf) as pdf:
        elements = [e for e, _ in _walk(pdf.Root.StructTreeRoot)]
        ids = [str(e.ID) for e in elements if "/ID" in e]
        assert len(ids) == 2 and len(set(ids)) == 2
        headers = [str(h) for e in elements if isinstance(e.get("/A"), Dictionary) and "/Headers" in e.A
                   for h in e.A.Headers]
        assert headers and set(headers) <= set(ids) and len(set(headers)) == 2


def test_mixed_tagging_is_refused():
    with pytest.raises(ValueError, match="tagged"):
        assemble([Slice(slice_pdfs("pdf/ua-1")[0]), Slice(slice_pdfs("pdf/x-4")[1])])


def test_ref_reaches_any_id():
    """Ids with non-ASCII letters and URI delimiters come back exactly from WeasyPrint's URI."""
    import weasyprint

    idents = ["ümlaut", "sec:a/b?c", "50%"]
    links = "".join(f'<p><a href="{ref(ident)}">to {ident}</a></p>' for ident in idents)
    targets = "".join(f'<h2 id="{ident}">{ident}</h2>' for ident in idents)
    pdfs = [weasyprint.HTML(string=_html("t", body, "")).write_pdf() for body in (links, targets)]
    result = assemble([Slice(pdf) for pdf in pdfs])
    assert result.dangling == ()
    with _open(result.pdf) as pdf:
        names = {bytes(key) for key, _ in _dests(pdf)}
        annots = list(pdf.pages[0].obj.Annots)
        assert [str(a.Dest) for a in annots] == idents
        assert all(bytes(a.Dest) in names for a in annots)


@pytest.mark.skipif(shutil.which("verapdf") is None, reason="veraPDF is not installed")
def test_verapdf_ua1(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(joined("pdf/ua-1").pdf)
    run = subprocess.run(["verapdf", "--flavour", "ua1", "--format", "text", str(path)],
                         capture_output=True, text=True, timeout=300)
    assert run.stdout.startswith("PASS"), run.stdout[-2000:]


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/x-4"])
def test_each_font_subset_has_its_own_tag_and_each_face_one_program(variant):
    """Every slice's font dictionary keeps a tag of its own (one file may not give two subsets one
    tag), and the slices' subsets of one face become one program holding all their glyphs
    (octavo.builders.fontshare)."""
    from fontTools.ttLib import TTFont

    data = joined(variant).pdf
    with _open(data) as pdf:
        tags, programs, program_of = {}, {}, {}
        for page in pdf.pages:
            fonts = page.obj.Resources.Font
            for key in fonts.keys():
                for cid in fonts[key].get("/DescendantFonts", [fonts[key]]):
                    descriptor = cid.FontDescriptor
                    program = next(descriptor[k] for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor)
                    tags[descriptor.objgen] = str(cid.BaseFont)
                    face = str(cid.BaseFont).split("+", 1)[-1]
                    programs.setdefault(face, set()).add(program.objgen)
                    program_of[str(cid.BaseFont).lstrip("/")] = program.objgen
                    assert str(cid.BaseFont) == str(descriptor.FontName)
        assert len(tags) > 3  # a body face in three slices, at least
        assert len(set(tags.values())) == len(tags)
        assert all(len(objs) == 1 for objs in programs.values()), programs
        cmaps = {objgen: TTFont(io.BytesIO(pdf.get_object(objgen).read_bytes())).getBestCmap()
                 for objgen in program_of.values()}
    with pdfplumber.open(io.BytesIO(data)) as reader:  # the shared program has every character of every slice
        chars = [c for page in reader.pages for c in page.chars if len(c["text"].strip()) == 1]  # (not ligatures)
    assert len({program_of[c["fontname"]] for c in chars}) < len({c["fontname"] for c in chars})  # shared
    for c in chars:
        assert ord(c["text"]) in cmaps[program_of[c["fontname"]]], (c["text"], c["fontname"])


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/x-4"])
def test_another_reader_follows_the_links_and_bookmarks(variant):
    """PDFium (the reader in Chrome) resolves every link and bookmark to the page pikepdf says."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    anchors = expected_anchor_pages(variant)
    with _open(joined(variant).pdf) as pdf:
        expected_links = [(i, anchors[str(annot.Dest)]) for i, page in enumerate(pdf.pages)
                          for annot in page.obj.get("/Annots", ())]
        expected_toc = []

        def flat(items, level=0):
            for title, page, kids in items:
                expected_toc.append((title, page, level))
                flat(kids, level + 1)
        flat(_outline(pdf))
    doc = pdfium.PdfDocument(joined(variant).pdf)
    try:
        links = []
        for i in range(len(doc)):
            page = doc[i]  # held: its handle must outlive the enumeration
            position, link = ctypes.c_int(0), raw.FPDF_LINK()
            while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
                dest = raw.FPDFLink_GetDest(doc.raw, link)
                links.append((i, raw.FPDFDest_GetDestPageIndex(doc.raw, dest) if dest else None))
        toc = [(item.get_title(), item.get_dest().get_index(), item.level) for item in doc.get_toc()]
    finally:
        doc.close()
    assert links == expected_links and len(links) >= 6
    assert toc == expected_toc


def _outlines_drawn(pdf: pikepdf.Pdf) -> list[dict[str, dict[int, tuple]]]:
    """For each page, each TrueType font it uses (by resource name): each glyph id its widths
    list (the glyphs its pages draw) and the outline its program draws there, parts in place."""
    from fontTools.ttLib import TTFont

    from octavo.builders.fontshare import _drawn_ids, _outline

    programs: dict[tuple[int, int], TTFont] = {}
    pages = []
    for page in pdf.pages:
        fonts = {}
        for key, font in page.obj.Resources.Font.items():
            cid = font.DescendantFonts[0]
            stream = cid.FontDescriptor.get("/FontFile2")
            if stream is None:
                continue
            program = programs.setdefault(stream.objgen, TTFont(io.BytesIO(stream.read_bytes())))
            glyf, order = program["glyf"], program.getGlyphOrder()
            fonts[str(key)] = {gid: _outline(glyf, order[gid]) for gid in _drawn_ids(cid)}
        pages.append(fonts)
    return pages


def test_a_shared_font_draws_every_glyph_as_its_slice_did():
    """Slices in the packaged face whose subsets number a composite's parts differently: one
    draws a j and an é (their dot and accent are parts its subset numbers after its last glyph,
    the ©), another draws the glyphs that really have those numbers (® ™) and no j, the third a
    j of its own. Joined, the face is one program, and every glyph every page draws has the
    outline its own slice gave it (a j was drawn with the ® for its dot)."""
    import weasyprint

    from octavo.fonts import packaged_font

    face = packaged_font("EB Garamond").regular
    css = f"@font-face {{ font-family: Body; src: url('{face.as_uri()}'); }} body {{ font: 14pt Body; }}"
    texts = ("just a café ©", "uvwxyz ® ™ °", "a jug and a jar")
    slices = [weasyprint.HTML(string=_html("T", f"<p>{t}</p>", css)).write_pdf(pdf_variant="pdf/ua-1",
                                                                            pdf_identifier=b"0" * 32)
              for t in texts]
    expected = []
    for data in slices:
        with _open(data) as pdf:
            expected += _outlines_drawn(pdf)
    with _open(assemble([Slice(data, False) for data in slices]).pdf) as pdf:
        got = _outlines_drawn(pdf)
        shared = {cid.FontDescriptor.FontFile2.objgen for page in pdf.pages for font in page.obj.Resources.Font.values()
                  for cid in font.DescendantFonts}
    assert len(shared) == 1  # the three subsets of the face are one program
    assert [page.keys() for page in got] == [page.keys() for page in expected]
    for page, (theirs, ours) in enumerate(zip(expected, got)):
        for key, glyphs in theirs.items():
            wrong = [gid for gid, outline in glyphs.items() if ours[key][gid] != outline]
            assert not wrong, (page, key, wrong)
