"""Diagnostic codes of the design layer: themes, design overrides, languages, series and contributors.

Takes: nothing. Gives: ``CODES`` (C110-C139 for book.yaml keys of this area, H001-H029 for
themes and their templates), collected into ``octavo.codes.REGISTRY``.
"""
from __future__ import annotations

from octavo.codes.base import Code

CODES = [
    Code("H001", "error", "octavo's templates folder is missing: the installation is incomplete.",
         "Reinstall octavo (pip install --force-reinstall octavo), or run from a full source checkout.",
         "error H001: octavo's templates are missing at '/venv/lib/python3.12/site-packages/octavo/templates'. "
         "Reinstall octavo (pip install --force-reinstall octavo), or run from a full source checkout."),
]

CODES += [
    Code("H002", "error", "The theme named in book.yaml (or the one a theme extends) is not installed.",
         "Name an installed theme (octavo themes lists them).",
         "book.yaml:14:8: error H002: Theme 'modrn' is not installed. Did you mean 'modern'? Installed themes: classic, modern (octavo themes)."),
    Code("H003", "error", "A theme's theme.yaml is not a mapping.", "Write theme.yaml as keys and values.",
         "templates/themes/mine/theme.yaml: error H003: theme.yaml must be a mapping of keys to values."),
    Code("H004", "error", "Themes extend each other in a loop.", "Remove the loop of 'extends' in the themes' theme.yaml.",
         "templates/themes/a/theme.yaml: error H004: Theme 'a' extends itself through ['a', 'b']."),
    Code("C110", "error", "A design: key that the theme has no value for.",
         "Use a key of the theme's theme.yaml (the hint names the closest).",
         "book.yaml:16:5: error C110: Config key 'design.print.gutter_extr': the theme has no such design value. Did you mean 'gutter_extra'?"),
    Code("C111", "error", "A design: value of another kind than the theme's (text for a number, a list of another length).",
         "Write a value of the same kind as the theme's.",
         "book.yaml:16:19: error C111: Config key 'design.print.gutter_extra': expected a number like the theme's 0.1, got 'wide'. Write a value of the same kind as the theme's."),
]

CODES += [
    Code("H005", "warning", "A class in the manuscript that no stylesheet of the theme or the book styles.",
         "Use a class the theme styles (README: Classes), or style it in the book's templates/theme.css.j2.",
         "chapters/01-first.md:7: warning H005: Class '.epigrah' is styled by no stylesheet of the theme or the book. "
         "Use a class the theme styles (README: Classes), or style it in the book's templates/theme.css.j2."),
]

CODES += [
    Code("C112", "warning", "No message catalogue for the book's language: octavo's own words stay English.",
         "Translate octavo/messages/en.yaml into the language's file, or use a language octavo has.",
         "book.yaml:7:11: warning C112: octavo has no message catalogue for language 'ja': the words it adds "
         "(contents, notes, sources...) will be in English. Translate octavo/messages/en.yaml into "
         "octavo/messages/ja.yaml, or use one of: de, en, es, fr, it, nl, pl, pt, pt-BR, ru."),
]
