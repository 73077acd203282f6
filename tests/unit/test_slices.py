"""A PDF edition as slices (octavo.builders.slices): which slices a book has, where each
falls (first page, folio, side, a blank page before it), the ids each page holds, what a
slice's HTML keeps of the rest of the book, and how a slice's typesetting decisions come back."""
from __future__ import annotations

from pathlib import Path

from octavo.builders.assemble import REF_SCHEME
from octavo.builders.slices import Cut, SliceOut, SliceSpec, book_anchors, place, plan, section_of, slice_document
from octavo.builders.typeset import Passes
from octavo.document import Document, Section

DESIGN_RECTO = {"chapters": {"opening": "recto"}}
DESIGN_ANY = {"chapters": {"opening": "page"}}


def _doc(*kinds: str, sources: bool = False) -> Document:
    sections = []
    part = None
    for n, kind in enumerate(kinds, 1):
        ident = f"s{n}"
        if kind == "part":
            part = ident
        sections.append(Section(kind, Path(f"{ident}.md"), [{"t": "Para", "c": [{"t": "Str", "c": "x"}]}], id=ident,
                                part=part if kind == "chapter" else None))
    return Document(sections, bibliography_html=[{"t": "Para", "c": []}] if sources else None)


def test_plan_in_reading_order_with_front_and_back_matter():
    specs = plan(_doc("chapter", "chapter", sources=True), "print", DESIGN_RECTO)
    assert [s.name for s in specs] == ["front", "s1", "s2", "sources", "colophon"]
    assert [s.opens for s in specs] == ["right", "right", "right", "right", "left"]
    assert not specs[0].review and specs[1].review and not specs[-1].review


def test_a_part_opens_on_a_recto_keeps_its_verso_blank_and_nests_its_chapters():
    specs = plan(_doc("part", "chapter", "chapter"), "print", DESIGN_ANY)
    part, first, second = specs[1:4]
    assert (part.opens, part.then, part.nest) == ("right", "right", False)
    assert first.opens is None and first.nest and second.nest  # any page, but after the part's blank verso


def test_the_screen_edition_has_no_sides():
    assert all(s.opens is None and s.then is None for s in plan(_doc("part", "chapter"), "screen", DESIGN_RECTO))


def test_place_recto_chapters_with_blank_versos_and_arabic_folios_from_the_first():
    specs = plan(_doc("chapter", "chapter", "chapter"), "print", DESIGN_RECTO)
    counts = {"front": 5, "s1": 3, "s2": 4, "s3": 1, "colophon": 1}
    places = place(specs, counts, printing=True, first_body="s1", pads=0)
    # the front matter ends on page 5 (a recto): a blank verso, then chapter 1 on page 7 as folio 1
    assert (places["s1"].start, places["s1"].lead_blank, places["s1"].folio) == (5, True, 0)
    # chapter 1 takes folios 1-3; folio 4 is a verso: left blank, chapter 2 opens on folio 5
    assert places["s2"].lead_blank and places["s2"].folio == 4
    assert not places["s3"].lead_blank and places["s3"].folio == 9 and places["s3"].side == "right"
    assert places["colophon"].side == "left" and not places["colophon"].lead_blank  # the verso after it


def test_the_colophon_gets_a_blank_recto_before_it_when_it_would_fall_on_one():
    specs = plan(_doc("chapter"), "print", DESIGN_RECTO)
    places = place(specs, {"front": 4, "s1": 2, "colophon": 1}, printing=True, first_body="s1", pads=0)
    assert places["colophon"].side == "right" and places["colophon"].lead_blank


def test_place_on_any_page_follows_the_page_before():
    specs = plan(_doc("chapter", "chapter"), "print", DESIGN_ANY)
    places = place(specs, {"front": 4, "s1": 3, "s2": 2, "colophon": 1}, printing=True, first_body="s1", pads=0)
    assert places["s1"].side == "right" and not places["s1"].lead_blank and places["s1"].folio == 1
    assert places["s2"].side == "left" and not places["s2"].lead_blank and places["s2"].folio == 4


def test_padding_pages_take_the_colophon_to_its_verso_without_a_lead_blank():
    specs = plan(_doc("chapter"), "print", DESIGN_RECTO)
    places = place(specs, {"front": 4, "s1": 3, "colophon": 7}, printing=True, first_body="s1", pads=6)
    assert not places["colophon"].lead_blank


def test_book_anchors_offset_each_slice_and_label_front_matter_in_roman():
    specs = plan(_doc("chapter", "chapter"), "screen", DESIGN_RECTO)
    cut = Cut()
    results = {
        "front": SliceOut("front", b"", 2, {"contents": 1}, [], [], [], [], {}, cut),
        "s1": SliceOut("s1", b"", 3, {"s1": 0, "s1-4": 2}, [], [], [], [], {}, cut),
        "s2": SliceOut("s2", b"", 1, {"s2": 0}, [], [], [], [], {}, cut),
        "colophon": SliceOut("colophon", b"", 1, {"colophon": 0}, [], [], [], [], {}, cut),
    }
    anchors, labels = book_anchors(specs, results, {}, "s1")
    assert anchors["contents"] == 1 and anchors["s1-4"] == 4 and anchors["s2"] == 5 and anchors["@s2"] == 5
    assert labels == ["i", "ii", "1", "2", "3", "4", "5"]


def test_links_to_other_slices_become_references_with_their_folio():
    html = ('<style>\n#s1-2 { letter-spacing: 0; }\n#s9-1 { word-spacing: 0; }\n</style>'
            '<section id="s1"><p id="s1-2"><a href="#s1-2">here</a> <a class="xref" href="#fig-x">there</a>'
            ' <a href="#nowhere">gone</a></p></section>')
    out = Cut(refs={"fig-x": "42"}).link(html)
    assert '<a href="#s1-2">' in out  # within the slice: as it was
    assert f'href="{REF_SCHEME}fig-x" data-page="42"' in out
    assert f'href="{REF_SCHEME}nowhere"' in out and 'nowhere" data-page' not in out
    assert "#s1-2 { letter-spacing" in out and "#s9-1" not in out  # another slice's rule is not its business


def test_cut_css_places_the_first_page():
    css = Cut(folio=7, side="left").css()
    assert "html { break-before: left; }" in css and "counter-reset: page 7" in css
    assert Cut().css() == ""


def test_slice_document_holds_only_its_section():
    doc = _doc("chapter", "chapter", sources=True)
    specs = {s.name: s for s in plan(doc, "print", DESIGN_RECTO)}
    assert [s.id for s in slice_document(doc, specs["s2"]).sections] == ["s2"]
    assert slice_document(doc, specs["s2"]).bibliography_html is None
    assert slice_document(doc, specs["sources"]).bibliography_html is not None
    front = slice_document(doc, specs["front"])  # the contents reads every title, not the text
    assert [s.id for s in front.sections] == ["s1", "s2"] and all(not s.blocks for s in front.sections)
    assert front.bibliography_html is not None  # its contents lists the sources


def test_a_slices_decisions_replace_only_its_own():
    owner = {"s1-1": "s1", "s2-1": "s2"}
    ours = Passes(spacing={"s1-1": 1, "s2-1": 1}, tight={"s2": 1}, breaks={"s1-1", "s2-1"})
    theirs = Passes(spacing={"s1-1": 2, "s2-1": 9}, tight={"s1": 1, "s2": 2}, breaks={"s2-1"}, reasons=["s2-1: x"])
    spec = SliceSpec("s2", sections=("s2",))
    ours.adopt(theirs, section_of(spec, owner))
    assert ours.spacing == {"s1-1": 1, "s2-1": 9}
    assert ours.tight == {"s2": 2}
    assert ours.breaks == {"s1-1", "s2-1"}
    assert ours.reasons == ["s2-1: x"]
