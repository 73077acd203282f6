"""The conformance corpus really does use every element it claims to (so the fidelity
test, tests/books/test_fidelity.py, measures them all): every block and inline
type of pandoc's AST as octavo's Markdown reader gives it, every ordered-list
style and delimiter, the four table syntaxes, several scripts and languages, a
note and an author-date citation style. Reads the chapters only (no build)."""
from __future__ import annotations

import re

import pytest

from fidelity import CORPUS, CORPUS_BOOKS

BLOCKS = {"Para", "Plain", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList", "BulletList",
          "DefinitionList", "Header", "HorizontalRule", "Table", "Div"}
INLINES = {"Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Quoted",
           "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link", "Image", "Note", "Span"}


@pytest.fixture(scope="module")
def corpus_asts():
    from octavo.project import Book
    from octavo.parse import parse_markdown

    out = {}
    for name in CORPUS_BOOKS:
        book = Book.load(CORPUS / name)
        out[name] = (book, {f: parse_markdown(f) for f in book.chapter_files})
    return out


def _walk(node, seen: set, ctx: tuple = ()):
    """Collect (feature, detail) pairs of every node under ``node``."""
    if isinstance(node, list):
        for n in node:
            _walk(n, seen, ctx)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    t, c = node["t"], node.get("c")
    seen.add((t, None))
    if "Note" in ctx:
        seen.add(("in-note", t))
    if t == "Header":
        seen.add(("Header", c[0]))
    elif t in ("RawBlock", "RawInline"):
        seen.add((t, c[0]))
    elif t == "OrderedList":
        (start, style, delim), _ = c
        seen |= {("list-style", style["t"]), ("list-delim", delim["t"]), ("list-start", start != 1)}
    elif t == "Math":
        seen.add(("Math", c[0]["t"]))
    elif t == "Quoted":
        seen.add(("Quoted", c[0]["t"]))
    elif t == "Span":
        seen |= {("Span-class", "ednote" if cls == "ednote" else "other") for cls in c[0][1]}
        seen |= {("lang", v) for k, v in c[0][2] if k == "lang"}
    elif t == "Div":
        seen |= {("Div-class", bool(c[0][1]))}
        seen |= {("lang", v) for k, v in c[0][2] if k == "lang"}
    elif t == "Link":
        target = c[2][0]
        seen.add(("Link", "internal" if target.startswith("#") else "site-root" if target.startswith("/")
                  else "web" if target.startswith("http") else "other"))
    elif t == "Para" and len(c) == 1 and c[0]["t"] == "Image":
        seen.add(("Figure", None))
    elif t == "Image":
        if ctx[-1:] != ("Para-alone",):
            seen.add(("Image", "inline"))
    if isinstance(c, (list, dict)):
        inner = ctx + ((t,) if t == "Note" else ()) + (("Para-alone",) if t == "Para" and len(c) == 1 else ())
        _walk(c, seen, inner)


def test_the_corpus_uses_every_element(corpus_asts):
    seen: set = set()
    for _book, asts in corpus_asts.values():
        for ast in asts.values():
            _walk(ast["blocks"], seen)
    wanted = {(t, None) for t in BLOCKS | INLINES} | {("Figure", None), ("Image", "inline")}
    wanted |= {("Header", n) for n in range(1, 7)} | {("RawBlock", "html"), ("RawBlock", "tex"),
                                                       ("RawInline", "html"), ("RawInline", "tex")}
    wanted |= {("list-style", s) for s in ("Decimal", "LowerAlpha", "UpperAlpha", "LowerRoman", "UpperRoman", "Example")}
    wanted |= {("list-delim", d) for d in ("Period", "OneParen", "TwoParens")} | {("list-start", True)}
    wanted |= {("Math", "InlineMath"), ("Math", "DisplayMath"), ("Quoted", "SingleQuote"), ("Quoted", "DoubleQuote")}
    wanted |= {("Span-class", "ednote"), ("Span-class", "other"), ("Div-class", True)}  # [x]{.smallcaps}: SmallCaps
    wanted |= {("Link", k) for k in ("internal", "web", "site-root")} | {("lang", "el")}
    wanted |= {("in-note", t) for t in ("Para", "OrderedList", "BulletList", "CodeBlock", "BlockQuote")}
    assert sorted(wanted - seen, key=str) == []


def test_the_corpus_uses_every_table_syntax_and_reference_links(corpus_asts):
    text = "\n".join(f.read_text(encoding="utf-8") for _book, asts in corpus_asts.values() for f in asts)
    forms = {
        "pipe": r"^\|[ :]*-{3,}",
        "grid": r"^\+[-=:]{3,}\+",
        "simple": r"^ *-{3,}( +-{3,})+ *$",
        "multiline": r"^-{20,}\n.*\n.*\n-{3,} ",
        "reference link": r"\]\[[^\]]*\]",
        "link definition": r"^\[[^\]]+\]: ",
        "table caption": r"^(Table)?: \S",
    }
    assert [k for k, rx in forms.items() if not re.search(rx, text, re.M)] == []


def test_the_corpus_covers_scripts_languages_and_citation_styles(corpus_asts):
    from lxml import etree

    languages = {book.config.language.split("-")[0] for book, _ in corpus_asts.values()}
    assert {"en", "de", "ru", "fr"} <= languages
    text = "".join(f.read_text(encoding="utf-8") for _b, asts in corpus_asts.values() for f in asts)
    scripts = {"Cyrillic": "\u0400-\u04ff", "Greek": "\u0370-\u03ff\u1f00-\u1fff", "Latin-1": "\u00c0-\u00ff"}
    assert [s for s, rng in scripts.items() if not re.search(f"[{rng}]", text)] == []
    formats = set()
    for book, _ in corpus_asts.values():
        if book.config.bibliography:
            category = etree.parse(str(book.csl)).find(".//{*}category[@citation-format]")
            formats.add(category.get("citation-format"))
    assert {"note", "author-date"} <= formats
