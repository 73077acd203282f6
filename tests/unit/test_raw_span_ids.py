"""A ``<span>`` written in a chapter is raw HTML, not a pandoc span: its id is namespaced
book-wide (so the same id in two chapters is no M205 and no EPUB RSC-005) and its colour
is found for print (S608), as for any other raw HTML element."""
from __future__ import annotations

from octavo.ast import iter_nodes
from octavo.document import Document, Section
from octavo.errors import Report
from octavo.filters import FilterContext, rawhtml
from octavo.filters.structure import check_unique_ids
from octavo.parse import parse_markdown


def _chapter(root, name, text):
    path = root / name
    path.write_text(text, encoding="utf-8")
    section = Section("chapter", path, parse_markdown(path)["blocks"])
    section.id = path.stem
    return section


def _raw(section):
    return "".join(n["c"][1] for n in iter_nodes(section.blocks) if n["t"] == "RawInline")


def test_the_same_span_id_in_two_chapters_is_namespaced_not_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = _chapter(tmp_path, "one.md", 'Text <span id="seal">first</span> here.\n')
    two = _chapter(tmp_path, "two.md", 'Text <span id="seal">second</span> here.\n')
    ctx = FilterContext(root=tmp_path, release=True, report=Report())
    for s in (one, two):
        rawhtml.sanitize(s, ctx)
    doc = Document([one, two])
    rawhtml.relink(doc, ctx)
    check_unique_ids(doc, ctx)
    assert [str(d) for d in ctx.report.items] == []
    assert 'id="raw-seal"' in _raw(one) and 'id="raw-seal-2"' in _raw(two)


def test_a_span_colour_is_reported_for_print(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = _chapter(tmp_path, "one.md", 'Text <span style="color: #c00000">red</span> here.\n')
    ctx = FilterContext(root=tmp_path, release=False, report=Report())
    rawhtml.sanitize(one, ctx)
    assert [d.code for d in ctx.report.items] == ["S608"]
    assert "data-octavo-colour" in _raw(one)


def test_a_div_id_used_twice_is_reported_at_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    one = _chapter(tmp_path, "one.md", 'Text.\n\n<div id="box">\nfirst\n</div>\n')
    two = _chapter(tmp_path, "two.md", 'Text.\n\n\n<div id="box">\nsecond\n</div>\n')
    ctx = FilterContext(root=tmp_path, release=False, report=Report())
    check_unique_ids(Document([one, two]), ctx)
    assert [(d.code, d.file, d.line) for d in ctx.report.items] == [("M205", "two.md", 4)]
