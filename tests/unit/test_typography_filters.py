"""octavo.filters.typography: note calls after punctuation, acronyms in small capitals."""
from octavo.ast import Para, Space, Str
from octavo.filters.typography import acronyms, notes_after_punctuation

NOTE = {"t": "Note", "c": [Para([Str("A note.")])]}


def words(inlines):
    out = []
    for n in inlines:
        out.append(n["c"] if n["t"] == "Str" else "^" if n["t"] == "Note" else " " if n["t"] == "Space"
                   else "[" + "".join(words(n["c"][1])) + "]")
    return out


def test_note_call_moves_after_a_comma():
    assert "".join(words(notes_after_punctuation([Str("Siberia"), NOTE, Str(","), Space(), Str("then")]))) == "Siberia,^ then"


def test_note_call_moves_after_closing_quote_and_full_stop():
    out = notes_after_punctuation([Str("“exile"), NOTE, Str(".”"), Space(), Str("Then")])
    assert "".join(words(out)) == "“exile.”^ Then"


def test_note_call_before_a_dash_stays():
    out = notes_after_punctuation([Str("exile"), NOTE, Str("—then")])
    assert "".join(words(out)) == "exile^—then"


def test_two_calls_move_together():
    out = notes_after_punctuation([Str("a"), NOTE, NOTE, Str(";")])
    assert "".join(words(out)) == "a;^^"


def test_acronyms_of_two_or_more_capitals():
    out = acronyms([Str("the"), Space(), Str("USSR,"), Space(), Str("MPs"), Space(), Str("I"), Space(), Str("Louis"),
                    Space(), Str("XIV")])
    assert "".join(words(out)) == "the [USSR], [MP]s I Louis XIV"


def test_capitalised_words_are_not_acronyms():
    assert "".join(words(acronyms([Str("London"), Space(), Str("A")]))) == "London A"


def test_a_paragraph_after_a_quotation_continues_only_in_lower_case():
    from octavo.ast import Para
    from octavo.filters.typography import continuations

    quote = {"t": "BlockQuote", "c": [Para([Str("Quoted.")])]}
    out = continuations([Para([Str("Before:")]), quote, Para([Str("which"), Space(), Str("he")]), quote,
                         Para([Str("New")])])
    assert [b["t"] for b in out] == ["Para", "BlockQuote", "Div", "BlockQuote", "Para"]
    assert out[2]["c"][0][1] == ["continues"]


def test_sources_file_under_the_word_after_a_leading_article():
    from octavo.ast import Div
    from octavo.filters.typography import sort_key, sort_sources

    assert sort_key("The Times. London.", "en-GB") == "times. london."
    assert sort_key("Der Spiegel", "de") == "spiegel"
    assert sort_key("L’Humanité", "fr") == sort_key("Humanité", "fr")
    entry = lambda s: Div([Para([Str(s)])], classes=["csl-entry"])  # noqa: E731
    out = sort_sources([entry("Carr, E. H."), entry("The Times."), entry("———. Later."), entry("Deutscher, I.")], "en")
    assert [b["c"][1][0]["c"][0]["c"] for b in out] == ["Carr, E. H.", "Deutscher, I.", "The Times.", "———. Later."]
    numbered = [entry("[2] B"), entry("[1] A")]
    assert sort_sources(numbered, "en") == numbered


def test_a_compound_on_an_acronym_stays_whole():
    out = acronyms([Str("GPU-dictated")])
    assert out[0]["t"] == "Span" and out[0]["c"][0][1] == ["nobreak"]
    assert "".join(words(out)) == "[[GPU]-dictated]"


def test_a_book_without_sources_passes_through():
    from pathlib import Path

    from octavo.document import Document, Section
    from octavo.filters.typography import apply

    doc = Document(sections=[Section("chapter", Path("c.md"), [Para([Str("The"), Space(), Str("USSR")])], id="c")])
    apply(doc, "en")
    assert doc.bibliography_html is None
    assert doc.sections[0].blocks[0]["c"][2]["t"] == "Span"
