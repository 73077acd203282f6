"""The message catalogues, quotation marks, passages in another language, transliterated slugs."""
from __future__ import annotations

import re
import string

import pytest

from octavo.document import Section
from octavo.i18n import _load, chain, languages, messages
from octavo.render.html import RenderOptions, render_section
from octavo.slug import slugify

REQUIRED = {"en", "fr", "de", "es", "it", "pt", "ru", "pl", "nl"}


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_the_required_languages_have_catalogues():
    assert REQUIRED <= set(languages())


@pytest.mark.parametrize("lang", sorted(REQUIRED))
def test_each_catalogue_translates_every_key_with_the_same_placeholders(lang):
    english, own = _load("en"), _load(lang)
    assert set(own) == set(english), f"{lang}: missing {set(english) - set(own)}, extra {set(own) - set(english)}"
    for key, value in english.items():
        if key != "quotes":
            assert _fields(str(own[key])) == _fields(str(value)), key
    assert len(own["quotes"]) == 4


def test_a_regional_tag_falls_back_to_its_language_then_english():
    assert chain("pt-br") == ["pt-BR", "pt", "en"]
    assert messages("pt-BR")("contents") != messages("pt")("contents")  # Sumário, Índice
    assert messages("pt-BR")("notes") == messages("pt")("notes")
    assert messages("fr-CA")("contents") == messages("fr")("contents")
    assert messages("xx")("contents") == messages("en")("contents")


def test_names_are_joined_in_the_language():
    assert messages("de").names(["A", "B", "C"]) == "A, B und C"
    assert messages("ru").names(["A"]) == "A"


def _section(inlines):
    return Section("chapter", None, [{"t": "Para", "c": inlines}], id="c")  # type: ignore[arg-type]


QUOTED = [{"t": "Quoted", "c": [{"t": "DoubleQuote"}, [{"t": "Str", "c": "a"}, {"t": "Space"},
                                                     {"t": "Quoted", "c": [{"t": "SingleQuote"}, [{"t": "Str", "c": "b"}]]}]]}]


@pytest.mark.parametrize("lang, expected", [
    ("en", "“a ‘b’”"), ("de", "„a ‚b‘“"), ("fr", "«\u202fa “b”\u202f»"), ("ru", "«a „b“»"), ("pl", "„a «b»”"),
])
def test_quotations_take_the_languages_marks(lang, expected):
    html = render_section(_section(QUOTED), RenderOptions(lang=lang)).body
    assert expected in html


def test_a_passage_in_another_language_is_marked_for_every_output():
    span = {"t": "Span", "c": [["", [], [["lang", "fr"]]], [{"t": "Str", "c": "texte"}]]}
    html = render_section(_section([span]), RenderOptions(lang="en")).body
    assert '<span lang="fr" xml:lang="fr">texte</span>' in html


def test_a_malformed_lang_attribute_is_not_copied():
    span = {"t": "Span", "c": [["", [], [["lang", 'x" onload="y']]], [{"t": "Str", "c": "t"}]]}
    assert "onload" not in render_section(_section([span]), RenderOptions()).body


def test_the_placeholder_and_editors_label_are_in_the_books_language():
    figure = {"t": "Figure", "c": [["f", [], [["src", "images/x.png"], ["alt", "x"], ["missing", "1"]]],
                                   [None, [{"t": "Plain", "c": [{"t": "Str", "c": "Cap"}]}]], []]}
    section = Section("chapter", None, [figure], id="c")  # type: ignore[arg-type]
    html = render_section(section, RenderOptions(lang="de")).body
    assert messages("de")("artwork_to_come") in html and "Artwork" not in html


@pytest.mark.parametrize("title, slug", [
    ("Восход солнца", "voskhod-solntsa"), ("Щи да каша — пища наша", "shchi-da-kasha-pishcha-nasha"),
    ("Über die Straße", "ueber-die-strasse"), ("Łódź", "lodz"), ("Les Misérables", "les-miserables"),
    ("東京", "dongjing"),  # a script without a table: anyascii, never an empty name
])
def test_titles_in_any_script_give_ascii_file_names(title, slug):
    assert slugify(title) == slug
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slugify(title))


def test_which_languages_have_a_catalogue():
    from octavo.i18n import has_catalogue

    assert has_catalogue("de-AT") and has_catalogue("en-GB") and has_catalogue("pt-BR")
    assert not has_catalogue("ja") and not has_catalogue("sv-SE")
