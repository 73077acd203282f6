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
# One row per trim (octavo.builders.geometry derives the margins): body size and
# leading, the inner margin (at least; the gutter minimum for the page count plus
# GUTTER_EXTRA when that is more), top and bottom margins, columns, and characters a line (the measure, 60-68). The
# text width follows from the measure and the face's widths; the outer margin takes
# the rest and is never narrower than the inner. 8.5 x 11 in sets two columns.
TRIM_DESIGN = {
    # trim: (body pt, leading, inner margin at least, top, bottom, columns, characters a line)
    "5x8in": (10.5, 1.36, 0.55, 0.62, 0.72, 1, 63),
    "5.25x8in": (10.5, 1.36, 0.6, 0.62, 0.72, 1, 64),
    "b-format": (10.5, 1.36, 0.55, 0.62, 0.72, 1, 63),
    "5.5x8.5in": (11.5, 1.36, 0.62, 0.7, 0.78, 1, 64),
    "a5": (11.5, 1.36, 0.62, 0.7, 0.78, 1, 64),
    "6x9in": (12.0, 1.36, 0.7, 0.75, 0.85, 1, 65),
    "6.14x9.21in": (12.0, 1.36, 0.72, 0.75, 0.85, 1, 65),
    "7x10in": (13.0, 1.38, 0.85, 0.85, 0.95, 1, 66),
    "8.5x11in": (10.0, 1.34, 0.7, 0.85, 0.95, 2, 60),
}
BODY_MIN_PT = 9.5  # the smallest body a narrow trim with a thick book's gutter is set in
GUTTER_EXTRA = 0.1  # inches the inner margin adds to the binding's minimum for the page count
JUSTIFIED_SPACE_EM = 0.29  # a justified line's usual word space, for measuring a face
COLUMN_GAP = 0.3  # inches between the columns of a two-column page
MEASURE = (60, 68)  # characters a line, the range every trim is drawn for

# --- notes ------------------------------------------------------------------------
NOTES = {
    "scale": 0.8,  # of the body size (rem), for every note wherever its call stands
    "hang": "1.4em",  # the note number hangs in this width
    "rule_width": "6em",  # the short rule over the notes (not the full measure)
}

# --- the typesetter's passes --------------------------------------------------------
MIN_CHAPTER_END_LINES = 5  # a chapter's last page holds at least this many lines
STRANDED_FRACTION = 0.6  # a non-final paragraph line shorter than this share of the measure
LOOSE_LIMIT_EM = 0.5  # a justified line with wider word spaces sends its paragraph to be re-set
# the settings a loose paragraph is tried in, in order: (letter-spacing, word-spacing);
# at most +-1 % of a letter's width (about 0.004 em) and a little less word space
SPACING_VARIANTS = [("0", "0"), ("-0.004em", "-0.03em"), ("0.004em", "0"), ("-0.004em", "0")]
