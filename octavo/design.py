"""The page's design numbers, in one table.

Takes: nothing. Gives: the numbers the typesetting rules and the PDF geometry read
(hyphenation limits, pattern dictionary per language, page geometry per trim, note
and spacing sizes, the limits the typesetter's passes enforce). Keeping them here,
and nowhere else, lets a theme (theme.yaml) replace them in one move.
"""
from __future__ import annotations

# --- hyphenation -------------------------------------------------------------------
HYPHENATION = {
    "min_left": 2,  # letters left before a break (Bringhurst 2.4.8)
    "min_right": 3,  # letters carried over to the next line
    "max_stack": 2,  # hyphenated line ends in a row
}

# The pyphen dictionary used for each language (BCP 47 primary tag, or a full tag
# where the region changes the patterns). English: Liang's TeX patterns (pyphen's
# en_US) for every English, because pyphen's en_GB patterns break badly
# (bur-eaucracy, presen-ted, des-troyed). Other languages use the LibreOffice/TeX
# patterns pyphen ships for the language's main region. A language missing here
# falls back to pyphen's own lookup; one pyphen lacks is not hyphenated at all.
PATTERNS = {
    "en": "en_US",
    "de": "de_DE", "de-AT": "de_AT", "de-CH": "de_CH",
    "fr": "fr", "es": "es", "it": "it_IT", "ca": "ca", "gl": "gl", "eu": "eu",
    "pt": "pt_PT", "pt-BR": "pt_BR",
    "nl": "nl_NL", "da": "da_DK", "sv": "sv", "nb": "nb_NO", "no": "nb_NO", "nn": "nn_NO", "is": "is",
    "pl": "pl_PL", "cs": "cs_CZ", "sk": "sk_SK", "sl": "sl_SI", "hr": "hr_HR", "sr": "sr_Latn",
    "hu": "hu_HU", "ro": "ro_RO", "et": "et_EE", "lv": "lv_LV", "lt": "lt",
    "ru": "ru_RU", "uk": "uk_UA", "be": "be_BY", "bg": "bg_BG", "el": "el_GR",
    "id": "id_ID", "af": "af_ZA", "eo": "eo", "sq": "sq_AL",
}

# --- page geometry per trim (inches; sizes in pt) ------------------------------------
# One row per trim: body size, leading, and the margins before the binding
# allowance. The gutter (inner margin) is the page-count minimum (GUTTER_TABLE) plus
# "inner"; the outer margin is always wider than the inner, as book pages are
# drawn (the two inner margins read as one across the spread). Body size and text
# width are chosen together so that a line holds 60-68 characters of the book face
# (about 2.1 characters per em of EB Garamond text); 8.5 x 11 in sets two columns.
TRIM_DESIGN = {
    # trim: (body pt, leading, inner extra, outer, top, bottom, columns)
    "5x8in": (10.5, 1.36, 0.12, 0.62, 0.62, 0.72, 1),
    "5.25x8in": (10.5, 1.36, 0.12, 0.68, 0.62, 0.72, 1),
    "5.5x8.5in": (11.0, 1.36, 0.12, 0.78, 0.7, 0.78, 1),
    "a5": (11.0, 1.36, 0.12, 0.78, 0.7, 0.78, 1),
    "b-format": (10.5, 1.36, 0.12, 0.62, 0.62, 0.72, 1),
    "6x9in": (11.5, 1.36, 0.15, 0.9, 0.75, 0.85, 1),
    "6.14x9.21in": (11.5, 1.36, 0.15, 0.95, 0.75, 0.85, 1),
    "7x10in": (12.0, 1.38, 0.2, 1.35, 0.85, 0.95, 1),
    "8.5x11in": (10.5, 1.34, 0.2, 0.9, 0.85, 0.95, 2),
}
COLUMN_GAP = 0.3  # inches between the columns of a two-column page
MEASURE = (60, 68)  # characters a line, the range every trim is drawn for

# --- notes ------------------------------------------------------------------------
NOTE_SIZE_PT = 8.8  # every note the same size, wherever its call stands
NOTE_RULE = "5em"  # the short rule over the notes (not the full measure)

# --- the typesetter's passes --------------------------------------------------------
MIN_CHAPTER_END_LINES = 5  # a chapter's last page holds at least this many lines
STRANDED_FRACTION = 0.6  # a non-final paragraph line shorter than this share of the measure
