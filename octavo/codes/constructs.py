"""The codes for Markdown constructs octavo keeps, reports or refuses (issue 11, constructs).

Takes: nothing. Gives: ``CODES``: headings whose hierarchy had to be kept (M210, M211) or
that skip a level (M213),
metadata inside a chapter (M212), raw content for other formats (S606), site-root links
without a site (S607), raw HTML made print-safe (S608), image size attributes octavo
cannot use (I404). Inline images share the figures' codes (I401-I403, S602, S603).
"""
from __future__ import annotations

from octavo.codes.base import Code

CODES = [
    Code("M210", "warning", "A second level-one heading inside a chapter: the chapter's headings are set one level "
         "lower, so it stays above its own '##' headings.",
         "Start a new chapter file for it (and list it in book.yaml), or write it as '##'.",
         "chapters/01-first.md:9: warning M210: A second level-one heading 'Part two' inside the section; the "
         "section's headings are set one level lower so it stays above its own '##' headings. Start a new chapter "
         "file for it (and list it in book.yaml), or write it as '##'."),
    Code("M211", "warning", "A heading would fall below level six once the chapter's headings are set lower; it is "
         "set at level six.", "Use fewer heading levels inside the chapter.",
         "chapters/01-first.md:30: warning M211: Heading 'Detail' would be level 7; it is set at level six. "
         "Use fewer heading levels inside the chapter."),
    Code("M213", "warning", "A heading more than one level below the heading before it ('##' then '####'): it is "
         "kept as written, but the levels it skips break the outline a screen reader navigates by, and the EPUB's "
         "accessibility check (DAISY Ace, heading order) fails on them.",
         "Write it one level below the heading before it (or add the levels between).",
         "chapters/01-first.md:14: warning M213: Heading 'Detail' is at level 4 under a level-2 heading: it skips "
         "level 3, which breaks the outline a screen reader navigates by (the EPUB's accessibility check fails on "
         "it). Write it as '###' (or add the levels between)."),
    Code("M212", "error|warning", "A '%' title block or a YAML metadata block inside a chapter: pandoc takes it "
         "out of the text, and no output would show it (a warning in a draft, an error with --release).",
         "Delete it; the book's metadata belongs in book.yaml, a chapter's title in its '# Heading'.",
         "chapters/02-second.md:5: warning M212: A YAML metadata block in a chapter (subtitle) is not used: pandoc "
         "takes it out of the text. Move book-wide settings to book.yaml; write text meant for the reader as "
         "Markdown (a fenced div)."),
    Code("S606", "error|warning", "Raw TeX (or content for another format) is left out: no output of octavo is "
         "made by TeX (a warning in a draft, an error with --release).",
         "Write it in Markdown (a citation as [@key], centred text as a div with a class), or delete it.",
         "chapters/01-first.md:12: warning S606: Raw TeX '\\begin{center}' is left out: octavo's outputs are not "
         "made by TeX. Write it in Markdown (a citation as [@key], centred text as a div with a class), or delete it."),
    Code("S607", "warning", "A site-root link ([x](/about/)) with no 'site' in book.yaml: a book has no web site to "
         "resolve it against, so its words are kept without the link.",
         "Write the full address (https://example.org/about/), or set 'site' in book.yaml.",
         "chapters/01-first.md:7: warning S607: Link '/about/' is a path on a web site, but the book names no site: "
         "its words are kept without the link. Write the full address (https://example.org/about/), or set 'site' "
         "in book.yaml."),
    Code("S608", "warning", "A colour in raw HTML is left out of the print interior, which is black ink only "
         "(the EPUB and the screen PDF keep it).",
         "Keep colour out of the text, or accept that print sets it in black.",
         "chapters/01-first.md:20: warning S608: Raw HTML colour 'color: red' is printed in black: the print "
         "interior has black ink only. Keep colour out of the text, or accept that print sets it in black."),
    Code("I404", "warning", "An image's width or height attribute is not a length octavo can use (a percentage, "
         "or a number with px, in, cm, mm, pt or em); the image is set at its own size.",
         "Write e.g. width=60% or width=2in.",
         "chapters/01-first.md:5: warning I404: Image 'images/x.png' has width 'wide', which is not a length; it is "
         "set at its own size. Write e.g. width=60% or width=2in."),
]
