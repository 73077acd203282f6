"""octavo.hyphenate: where the PDFs may break words, and the passes' reading of broken lines."""
from octavo.builders.typeset import broken_word, is_hyphenated
from octavo.hyphenate import SHY, Hyphenator, dictionary_name, parse_exceptions


def breaks(html: str) -> str:
    return html.replace(SHY, "-")


def test_english_uses_liangs_patterns_for_every_region():
    assert dictionary_name("en-GB") == dictionary_name("en-US") == "en_US"
    assert Hyphenator("en-GB").word("bureaucracy") == SHY.join(["bu", "reau", "cracy"])
    assert breaks(Hyphenator("en-GB").word("destroyed")) == "de-stroyed"


def test_other_languages_get_their_own_dictionary():
    assert dictionary_name("de") == "de_DE"
    assert dictionary_name("de-CH") == "de_CH"
    assert dictionary_name("pt-BR") == "pt_BR"
    assert dictionary_name("xx") is None
    assert Hyphenator("xx").word("anything") == "anything"


def test_no_break_in_capitalised_words_or_with_digits():
    h = Hyphenator("en")
    assert h.word("Revolutionary") == "Revolutionary"
    assert h.word("USSR") == "USSR"
    assert h.word("1920s") == "1920s"


def test_two_letters_before_and_three_after_every_break():
    h = Hyphenator("en")
    for word in ["revolutionary", "acknowledged", "inevitable", "government", "abandoned"]:
        pieces = h.word(word).split(SHY)
        assert len(pieces[0]) >= 2 and len(pieces[-1]) >= 3


def test_exceptions_shipped_and_from_the_book():
    assert parse_exceptions(["ta-ble", "London"]) == {"table": (2,), "london": ()}
    assert breaks(Hyphenator("en").word("table")) == "ta-ble"
    assert Hyphenator("en").word("project") == "project"  # shipped: never broken
    assert breaks(Hyphenator("en", ["gov-ernment"]).word("government")) == "gov-ernment"


def test_last_word_of_a_paragraph_and_of_a_note_stay_whole():
    h = Hyphenator("en")
    html = ('the bureaucracy<a class="noteref" href="#n">1</a><span class="footnote" id="n">'
            '<a class="note-number" href="#r">1</a> about government</span> restoration.')
    out = breaks(h.html(html))
    assert "bu-reau-cracy" in out
    assert "government</span>" in out and out.endswith("restoration.")


def test_a_passage_in_another_language_uses_its_patterns():
    h = Hyphenator("en")
    out = breaks(h.html('<span lang="de">schifffahrt dampfer</span> restoration'))
    assert "schiff-fahrt" in out


def test_forbidden_words_and_code_are_left_alone():
    h = Hyphenator("en")
    out = h.html("bureaucracy <code>bureaucracy</code> end", forbid={"bureaucracy"})
    assert SHY not in out
    assert SHY not in h.html("<code>bureaucracy</code> end")


def test_entities_are_not_words():
    assert Hyphenator("en").html("AT&amp;T and restoration") == "AT&amp;T and restoration"


def test_a_broken_line_is_read_back_as_its_word():
    assert is_hyphenated("and the bu\u00adreau\u00ad\u2010")
    assert not is_hyphenated("a well-known")
    assert broken_word("and the \u201cbu\u00adreau\u00ad\u2010", "cracy,\u201d said") == "bureaucracy"


def test_a_capitalised_compound_does_not_break_at_its_hyphen():
    out = Hyphenator("en").html("Chiang Kai-shek and a well-known end")
    assert '<span class="nobreak">Kai-shek</span>' in out
    assert "well-known" in out and "nobreak\">well" not in out


def test_a_note_call_after_the_last_word_does_not_expose_it():
    out = Hyphenator("en").html('the end of the or\u00adganisation.<a class="noteref" href="#n">2</a>'.replace("\u00ad", ""))
    assert out.startswith("the end of the organisation.")


def test_a_word_in_single_quotes_or_with_a_plurals_apostrophe_still_breaks():
    """British quotation marks and plural possessives stand outside the word: ‘revolutionary’
    and workers’ break like revolutionary and workers (they never did: the closing mark made
    the token no word), and a forbidden word is matched without its quotes."""
    h = Hyphenator("en")
    out = breaks(h.html("the ‘revolutionary’ workers’ ’tis end"))
    assert "‘rev-o-lu-tion-ary’" in out and "work-ers’" in out and "’tis" in out
    assert SHY not in h.html("the ‘revolutionary’ end", forbid={"revolutionary"})
    assert broken_word("the \u2018rev\u00adolu\u2010", "tionary\u2019 end") == "revolutionary"
