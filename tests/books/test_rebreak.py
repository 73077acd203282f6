"""A paragraph broken as a whole, through WeasyPrint itself (no book built): the trial layout
measures it, the line breaker chooses its breaks, the word-spacing spans make the engine take
them, and the lines come out with the word spaces the plan predicted, looser lines mended.
Then the renderer's hook applies a plan only to the text it was made for.

The paragraph is set in the face octavo packages (EB Garamond) at a few measures around a
usual book's 60-68 characters."""
from __future__ import annotations

from pathlib import Path

import pytest

from octavo.builders import linebreak, linefaults, paratext, trial
from octavo.fonts import packaged_font
from octavo.hyphenate import Hyphenator

TEXT = ("In the spring the committee, which had met in secret for many months, published its long-awaited "
        "report on the administration of the provinces, recommending that the council abolish the old "
        "departments altogether and entrust their responsibilities to elected commissions answerable to "
        "the assembly; the government, embarrassed by its candour, promised only to study it at leisure "
        "and said nothing of the elections the commissioners had asked for.")
SIZE = 15  # px


@pytest.fixture(scope="module")
def face() -> Path:
    return packaged_font("EB Garamond").regular


def lay_out(inner: str, width: int, face: Path):
    from weasyprint import HTML

    css = (f"@font-face {{ font-family: Body; src: url('{face.as_uri()}'); }}"
           f"@page {{ size: {width + 80}px 900px; margin: 40px }}"
           f"p {{ font: {SIZE}px Body; text-align: justify; text-indent: 1.5em; margin: 0; hyphens: manual }}")
    return HTML(string=f"<html><head><style>{css}</style></head><body><p id='para'>{inner}</p></body></html>").render()


def spaces_of(document, face: Path) -> tuple[list[float], int]:
    lines = [line for line in linefaults.lines(document, face) if line.owner == "para"]
    return [line.word_space for line in lines if not line.last_in_block and line.word_space], len(lines)


@pytest.mark.parametrize("width", [390, 420, 450, 480])  # about 55 to 70 characters a line
def test_the_engine_takes_the_chosen_breaks_and_the_spaces_are_as_planned(width, face):
    html = Hyphenator("en").html(TEXT, frozenset(), "en")
    greedy, lines = spaces_of(lay_out(html, width, face), face)
    tried = trial.measure(lay_out(html, width, face), {"para"}, [""], face)["para"]
    plan = linebreak.plans(tried.measured, [lines]).get(lines)
    assert plan is not None
    limits = linebreak.Limits()
    assert linebreak.badness(plan.spaces, limits) <= linebreak.badness(greedy, limits)
    got, count = spaces_of(lay_out(paratext.with_spacing(html, plan.ends, plan.spacing), width, face), face)
    assert count == lines
    assert got == pytest.approx(plan.spaces, abs=0.02)


def test_the_renderers_hook_applies_a_plan_only_to_the_text_it_was_made_for(tmp_path):
    from types import SimpleNamespace

    from octavo.builders.pdf import hyphenation_hook
    from octavo.themes import default_design

    book = SimpleNamespace(config=SimpleNamespace(language="en", hyphenation=SimpleNamespace(exceptions=[])),
                           design=default_design())
    html = Hyphenator("en").html(TEXT, frozenset(), "en")
    chosen = {"fp": paratext.fingerprint(html), "ends": [3, 9], "spacing": [1.0, -0.5, 0.0]}
    applied = hyphenation_hook(book, lines={"para": chosen})("para", TEXT, "en")
    assert 'class="oc-ws"' in applied and paratext.plain(applied) == html
    # a word the passes took a break out of: other text, the plan is not applied
    word = next(w for w in html.split() if "\u00ad" in w).replace("\u00ad", "").strip(",.;")
    changed = hyphenation_hook(book, nohyphen={"para": {word.lower()}}, lines={"para": chosen})("para", TEXT, "en")
    assert 'class="oc-ws"' not in changed
