"""The index machinery on tiny inputs: key parsing, marks, Chicago ranges, collation,
the index's HTML, cross-references and index.yaml (octavo.index)."""
from __future__ import annotations

import pytest

from octavo.ast import Para, Span, Str, Div, Space
from octavo.document import Document, Section
from octavo.errors import Report
from octavo.index import marks as ix_marks, xref
from octavo.index.collate import Collation
from octavo.index.config import load_index_config
from octavo.index.marks import KeyProblem, Mark, parse_key
from octavo.index.model import IndexSource, Locator, build_entries, chicago_range, locator_text, merge
from octavo.index.render import index_html


# --- keys -------------------------------------------------------------------

@pytest.mark.parametrize("key, terms", [
    ("Canal Board", (("Canal Board",),)),
    ("Telford, Thomas!as engineer", (("Telford, Thomas", "as engineer"),)),
    ("tolls; Canal Board!and tolls", (("tolls",), ("Canal Board", "and tolls"))),
    ("  locks  !  the  middle flight ", (("locks", "the middle flight"),)),
    ("a; a", (("a",),)),
])
def test_keys_give_headwords_and_subentries(key, terms):
    assert parse_key(key) == terms


@pytest.mark.parametrize("key, offset, words", [
    ("", 0, "empty term"),
    ("a;;b", 2, "empty term"),
    ("a!b!c", 3, "3 levels"),  # at the second "!"
    ("!sub", 0, "empty headword"),
    ("Head!", 5, "empty subentry"),
    ("ok; !x", 3, "empty headword"),
])
def test_malformed_keys_say_what_and_where(key, offset, words):
    with pytest.raises(KeyProblem) as problem:
        parse_key(key)
    assert words in str(problem.value)
    assert problem.value.offset == offset


def _section(tmp_path, source: str, blocks: list, ident: str = "one") -> Section:
    path = tmp_path / f"{ident}.md"
    path.write_text(source, encoding="utf-8")
    return Section("chapter", path, blocks, id=ident)


def test_marks_get_ids_and_a_passage_its_end_marker(tmp_path):
    source = '# One\n\n[Ada]{.ix} met [the board]{ix="Board!meetings"}.\n\n::: {ix="locks"}\nText.\n:::\n'
    para = Para([Span([Str("Ada")], classes=["ix"]), Space(), Str("met"), Space(),
                 Span([Str("the board")], attrs=[["ix", "Board!meetings"]])])
    div = Div([Para([Str("Text.")])], attrs=[["ix", "locks"]])
    section = _section(tmp_path, source, [para, div])
    report = Report()
    found = ix_marks.collect(Document([section]), report)
    assert not report.items
    assert [m.terms for m in found] == [(("Ada",),), (("Board", "meetings"),), (("locks",),)]
    assert [m.id for m in found] == ["ix-1", "ix-2", "ix-3"]
    assert found[2].end_id == "ix-3-end" and found[0].end_id is None
    assert [m.line for m in found] == [3, 3, 5]
    span = section.blocks[0]["c"][0]
    assert span["c"][0][0] == "ix-1" and "ix" in span["c"][0][1]
    assert section.blocks[1]["c"][1][-1]["t"] == "RawBlock" and 'id="ix-3-end"' in section.blocks[1]["c"][1][-1]["c"][1]


def test_a_malformed_key_is_a_located_error(tmp_path):
    source = '# One\n\nSee [him]{ix="Lenz!!speeches"} here.\n'
    section = _section(tmp_path, source, [Para([Span([Str("him")], attrs=[["ix", "Lenz!!speeches"]])])])
    report = Report()
    assert ix_marks.collect(Document([section]), report) == []
    (d,) = report.errors
    assert d.code == "X801" and d.line == 3
    assert d.column == source.splitlines()[2].index("Lenz!!") + 1 + len("Lenz!")  # the stray '!'


# --- ranges -----------------------------------------------------------------

@pytest.mark.parametrize("first, last, text", [  # The Chicago Manual of Style, 9.64
    (3, 10, "3–10"), (71, 72, "71–72"), (96, 117, "96–117"), (100, 104, "100–104"),
    (1100, 1113, "1100–1113"), (101, 108, "101–8"), (808, 833, "808–33"), (1103, 1104, "1103–4"),
    (321, 328, "321–28"), (498, 532, "498–532"), (1087, 1089, "1087–89"), (1496, 1500, "1496–1500"),
    (11564, 11615, "11564–615"), (12991, 13001, "12991–3001"), (2787, 2816, "2787–2816"), (42, 42, "42"),
])
def test_chicago_ranges(first, last, text):
    assert chicago_range(first, last) == text


def test_same_page_and_consecutive_pages_merge():
    locs = [Locator(5, 5, "b"), Locator(3, 3, "a"), Locator(5, 5, "c"), Locator(4, 4, "x"), Locator(9, 11, "r"),
            Locator(10, 10, "in-range"), Locator(20, 20, "far")]
    assert [(l.first, l.last, l.target) for l in merge(locs)] == [(3, 5, "a"), (9, 11, "r"), (20, 20, "far")]


def test_locator_text_abbreviates_arabic_and_spells_out_roman():
    labels = ["i", "ii", "iii"] + [str(n) for n in range(1, 130)]
    assert locator_text(Locator(3 + 111, 3 + 113, "x"), labels) == "112–14"
    assert locator_text(Locator(0, 2, "x"), labels) == "i–iii"
    assert locator_text(Locator(4, 4, "x"), labels) == "2"


def test_entries_from_marks_and_pages():
    marks = [Mark("ix-1", (("A",),), "s"), Mark("ix-2", (("A", "sub"), ("B",)), "s"),
             Mark("ix-3", (("C",),), "s", end_id="ix-3-end"), Mark("ix-4", (("A",),), "s")]
    pages = {"ix-1": 2, "ix-2": 2, "ix-3": 4, "ix-3-end": 6, "ix-4": 3}
    tree = build_entries(marks, pages, {"D": "A"}, {"A": ["B"]})
    assert [(l.first, l.last) for l in tree["A"].locators] == [(2, 3)]
    assert [(l.first, l.last) for l in tree["A"].subentries["sub"].locators] == [(2, 2)]
    assert [(l.first, l.last) for l in tree["C"].locators] == [(4, 6)]
    assert tree["D"].see == "A" and tree["A"].see_also == ["B"] and not tree["D"].locators


# --- collation --------------------------------------------------------------

def test_english_order_accents_case_and_mc():
    words = ["Zola", "McAdam, John", "Mabel", "Mackenzie, Ross", "Écluse, Marie", "Eady, Ruth", "eel", "Eel"]
    assert Collation("en").sort(words) == ["Eady, Ruth", "Écluse, Marie", "eel", "Eel", "Mabel",
                                           "Mackenzie, Ross", "McAdam, John", "Zola"]


def test_german_umlauts_sort_with_their_base_letter():
    words = ["Zoll", "Ufer", "Übersetzer", "Ostbahn", "Ölmühle", "Özdemir", "Arbeiter", "Ärztin", "Straße", "Strassenbau"]
    c = Collation("de")
    assert c.sort(words) == ["Arbeiter", "Ärztin", "Ölmühle", "Ostbahn", "Özdemir", "Straße", "Strassenbau",
                             "Übersetzer", "Ufer", "Zoll"]
    assert [c.letter(w) for w in ("Ärztin", "Übersetzer", "straße", "1917")] == ["A", "U", "S", "#"]


def test_languages_with_letters_of_their_own():
    sv = Collation("sv-SE")
    assert sv.sort(["Öl", "Åre", "Zebra", "Ärla", "Apa"]) == ["Apa", "Zebra", "Åre", "Ärla", "Öl"]
    assert sv.letter("Åre") == "Å"
    assert Collation("es").sort(["oso", "ñandú", "nube"]) == ["nube", "ñandú", "oso"]


def test_subentries_pass_over_leading_small_words_in_english():
    assert Collation("en").sort_subentries(["as engineer", "and the survey", "in debt"]) == \
        ["in debt", "as engineer", "and the survey"]


# --- the index's HTML --------------------------------------------------------

def test_index_html_groups_links_and_references():
    marks = [Mark("ix-1", (("labourers",),), "s"), Mark("ix-2", (("Écluse, Marie",),), "s"),
             Mark("ix-3", (("Eady, Ruth",), ("labourers", "as navigators")), "s")]
    source = IndexSource(marks, {"navvies": "labourers"}, {"Eady, Ruth": ["labourers"]})
    html = index_html(source, {"ix-1": 0, "ix-2": 1, "ix-3": 1}, ["1", "2"], "en",
                      href=lambda i: "f.xhtml#" + i, epub=True)
    term = lambda word: html.index(f'epub:type="index-term">{word}</span>')  # noqa: E731
    assert term("Eady, Ruth") < term("Écluse, Marie") < term("labourers") < term("navvies")
    assert [h for h in ("E", "L", "N") if f'class="index-letter" id="index-group-' in html and f">{h}</h2>" in html] == \
        ["E", "L", "N"]
    assert ',\u00a0<a class="index-loc" href="f.xhtml#ix-1" epub:type="index-locator">1</a>' in html  # tied to its term
    assert 'navvies</span>. <em class="index-see">See</em> <a href="f.xhtml#index-entry-' in html
    assert 'epub:type="index-xref-related">labourers</a>' in html
    assert 'epub:type="index-entry-list"' in html and 'epub:type="index-term"' in html
    plain = index_html(source, {"ix-1": 0}, ["1"], "de")
    assert "epub:type" not in plain and ">Register<" in plain and "Siehe" in plain


# --- cross-references ---------------------------------------------------------

def test_cross_references_name_figures_chapters_and_headings(tmp_path):
    link = lambda target: {"t": "Link", "c": [["", [], []], [], [target, ""]]}  # noqa: E731
    fig = {"t": "Figure", "c": [["fig-x", [], []], [None, [{"t": "Plain", "c": [Str("A map")]}]], []]}
    head = {"t": "Header", "c": [2, ["sec-a", [], []], [Str("The"), Space(), Str("levels")]]}
    one = _section(tmp_path, "# One\n\nSee [](#fig-x), [](#sec-a), [](#two) and [](#nowhere).\n",
                   [head, fig, Para([link("#fig-x"), link("#sec-a"), link("#two"), link("#nowhere")])])
    two = _section(tmp_path, "# Two\n", [], ident="two")
    two.number = "2"
    report = Report()
    xref.resolve(Document([one, two]), "de", report)
    links = one.blocks[2]["c"]
    assert [x["c"][1] for x in links[:3]] == [[Str("Abbildung 1")], [Str("The"), Space(), Str("levels")], [Str("Kapitel 2")]]
    assert all("xref" in x["c"][0][1] for x in links[:3])
    (d,) = report.errors
    assert d.code == "X804" and d.line == 3 and d.column == one.source_text().splitlines()[2].index("[](#nowhere") + 1
    assert xref.figures(Document([one, two]))[0][:2] == ("fig-x", 1)


# --- index.yaml -----------------------------------------------------------------

def test_index_yaml_problems_are_all_located(tmp_path):
    (tmp_path / "index.yaml").write_text("see:\n  GPU: OGPU\n  X: [a]\nsee_als:\n  A: B\nsee_also:\n  A: [B, Nobody]\n",
                                         encoding="utf-8")
    report = Report()
    load_index_config(tmp_path, {"OGPU", "A", "B"}, report)
    found = sorted((d.code, d.line) for d in report.items)
    assert found == [("X802", 3), ("X802", 4)]
    (tmp_path / "index.yaml").write_text("see:\n  GPU: OGPU\nsee_also:\n  A: [B, Nobody]\n", encoding="utf-8")
    report = Report()
    config = load_index_config(tmp_path, {"OGPU", "A", "B"}, report)
    assert [(d.code, d.line, d.column) for d in report.items] == [("X803", 4, 10)]
    assert config.see == {"GPU": "OGPU"}


def test_a_passage_mark_needs_a_key(tmp_path):
    section = _section(tmp_path, "# One\n\n::: {.ix}\nText.\n:::\n", [Div([Para([Str("Text.")])], classes=["ix"])])
    report = Report()
    assert ix_marks.collect(Document([section]), report) == []
    assert [(d.code, d.line) for d in report.errors] == [("X801", 3)]


def test_the_list_of_illustrations_drops_ids_links_and_notes(tmp_path):
    from octavo.index.render import illustrations
    from octavo.render.html import RenderOptions

    note = {"t": "Note", "c": [Para([Str("A note.")])]}
    caption = [{"t": "Plain", "c": [Span([Str("Lock")], ident="ix-9", classes=["ix"]), Space(), Str("gates"), note]}]
    fig = {"t": "Figure", "c": [["fig-a", [], []], [None, caption], []]}
    section = _section(tmp_path, "# One\n", [fig])
    (item,) = illustrations(Document([section]), RenderOptions(), lambda i: "one.xhtml#" + i)
    assert item["href"] == "one.xhtml#fig-a" and item["number"] == 1
    assert str(item["caption_html"]) == '<span class="ix">Lock</span> gates'


def test_a_mark_in_a_chapter_title_locates_the_chapter_opening(tmp_path):
    section = _section(tmp_path, '# The [Canal]{ix="canals!openings"}\n\nText.\n', [Para([Str("Text.")])])
    section.title = [Str("The"), Space(), Span([Str("Canal")], attrs=[["ix", "canals!openings"]])]
    report = Report()
    (mark,) = ix_marks.collect(Document([section]), report)
    assert mark.id == "one" and mark.terms == (("canals", "openings"),) and not report.items
