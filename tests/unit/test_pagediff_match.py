"""Page matching and classing of `octavo diff`, on pages made in memory (no PDF, no layout)."""
from __future__ import annotations

from PIL import Image, ImageDraw

from octavo.pagediff.match import changes, classify, match_pages
from octavo.pagediff.pages import Page, _folio


def page(i: int, text: str, mark: int = 0) -> Page:
    """A page whose lines are the text's lines; ``mark`` draws something at a different place."""
    image = Image.new("RGB", (40, 60), "white")
    ImageDraw.Draw(image).rectangle([mark, mark, mark + 4, mark + 4], fill="black")
    return Page(i, [tuple(line.split()) for line in text.splitlines()], str(i + 1), image)


BOOK = [f"chapter {n} words of page {n} here and there\nmore text on page {n} of the book" for n in range(6)]


def test_identical_pages_are_no_change():
    assert changes([page(i, t) for i, t in enumerate(BOOK)], [page(i, t) for i, t in enumerate(BOOK)]) == []


def test_an_inserted_page_shifts_nothing_else():
    old = [page(i, t) for i, t in enumerate(BOOK)]
    new_text = BOOK[:3] + ["an entirely new page of figures\nwith its own caption"] + BOOK[3:]
    new = [page(i, t) for i, t in enumerate(new_text)]
    found = changes(old, new)
    assert [(c.kind, c.new.index) for c in found] == [
        ("page added", 3), ("page moved (was page 4, folio 4)", 4), ("page moved (was page 5, folio 5)", 5),
        ("page moved (was page 6, folio 6)", 6)]


def test_a_removed_page_is_reported_once():
    old = [page(i, t) for i, t in enumerate(BOOK)]
    new = [page(i, t) for i, t in enumerate(BOOK[:2] + BOOK[3:])]
    assert [(c.kind, c.old.index) for c in changes(old, new)][:2] == [
        ("page removed", 2), ("page moved (was page 4, folio 4)", 3)]


def test_changed_words_reflow_and_design_are_told_apart():
    base = page(0, "one two three four\nfive six")
    assert classify(base, page(0, "one two three four\nfive seven")) == "text changed"
    assert classify(base, page(0, "one two three\nfour five six")) == "text reflowed"
    assert classify(base, page(0, "one two three four\nfive six", mark=20)) == "layout changed"
    assert classify(base, page(0, "one two three four\nfive six")) is None


def test_an_edited_page_is_matched_to_its_old_self():
    old = [page(i, t) for i, t in enumerate(BOOK)]
    edited = BOOK.copy()
    edited[4] = edited[4].replace("here and there", "here, there and everywhere")
    pairs = match_pages(old, [page(i, t) for i, t in enumerate(edited)])
    assert [(a.index, b.index) for a, b in pairs] == [(i, i) for i in range(6)]
    assert [c.describe() for c in changes(old, [page(i, t) for i, t in enumerate(edited)])] == [
        "page 5 (folio 5): text changed"]


def test_folio_is_the_number_standing_at_the_head_or_foot():
    assert _folio([("12", "The", "Running", "Head"), ("text",)]) == "12"
    assert _folio([("Chapter", "title"), ("text",), ("xiv",)]) == "xiv"
    assert _folio([("no", "number")]) is None
