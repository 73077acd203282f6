"""The codes of octavo's core areas, as emitted before the registry existed.

Takes: nothing. Gives: ``CODES``, one ``Code`` per diagnostic code emitted by
the config (C1xx), the manuscript (M2xx), references (R3xx), images (I4xx),
fonts (F5xx), safety (S6xx), layout (W7xx), output folder (O8xx), the
external checks (E8xx EPUBCheck, A8xx DAISY Ace, P7xx print preflight, D9xx
screen PDF), missing tools (T0xx) and usage (U0xx). Each entry says what is
wrong, how a user fixes it, and shows one line as the user sees it; the
README's table is generated from these (scripts/codes_table.py).
"""
from __future__ import annotations

from octavo.codes.base import Code

CODES = [
    # --- config: book.yaml (octavo/config.py, octavo/project.py) ---------------------------------
    Code("C100", "error", "No book.yaml in the book folder given.",
         "Pass the book folder with --book, or create a book with 'octavo new DIR'.",
         "error C100: No book.yaml in 'nowhere'. Pass the book folder with --book, or create one with 'octavo new DIR'."),
    Code("C101", "error", "book.yaml is not valid YAML (the line and column of the mistake).",
         "Fix the YAML at that place: the message says what is wrong (an unclosed quote, indentation).",
         "book.yaml:10:11: error C101: YAML syntax error: the quoted value that starts here is never closed. "
         "Add the closing quote."),
    Code("C102", "error", "book.yaml is not a mapping of keys to values.",
         "Write book.yaml as 'key: value' lines (see `octavo new`).",
         "book.yaml:1: error C102: book.yaml must be a mapping of keys to values."),
    Code("C103", "error", "An unknown key in book.yaml (every one is reported at once).",
         "Correct the spelling (the closest key is suggested) or remove the key.",
         "book.yaml:3:1: error C103: Config key 'titel': unknown key. Did you mean 'title'?"),
    Code("C104", "error", "A required key of book.yaml is not set.",
         "Add the key; the message says what it holds.",
         "book.yaml:1: error C104: Config key 'title': required, but not set. Add it: The book's title."),
    Code("C105", "error", "A value of book.yaml has the wrong type or form (a trim, an ISBN, a number).",
         "Write the value as the message asks (a list, a number, a known trim, a valid ISBN-13).",
         "book.yaml:13:3: error C105: Config key 'print.trim': unknown trim '6x9'; did you mean '6x9in'?"),
    Code("C106", "error", "A file listed in book.yaml (chapter, bibliography, style) does not exist.",
         "Correct the path (the closest file name is suggested) or add the file.",
         "book.yaml:12:5: error C106: Config key 'chapters[1]': file 'chapters/02-secnod.md' not found. "
         "Did you mean 'chapters/02-second.md'?"),
    Code("C107", "error", "The citation style is neither a file of the book nor an installed CSL style.",
         "Use an installed style's name (the closest is suggested) or a .csl file in the book folder.",
         "book.yaml: error C107: Config key 'citation_style': no installed CSL style 'chicago-notes-bibliography-17th'. "
         "Did you mean 'chicago-notes-bibliography-17th-edition'?"),
    Code("C108", "error", "A file is listed twice in book.yaml (chapters, front or back matter).",
         "List each file once.",
         "book.yaml:13:5: error C108: Config key 'chapters[2]': file 'chapters/01-first.md' is already listed as "
         "'chapters[0]' (line 11). List each file once."),

    # --- manuscript (octavo/parse.py, octavo/sources.py, octavo/filters/structure.py, octavo/prepare.py) ---
    Code("M201", "error", "pandoc could not read a chapter.",
         "Fix the line pandoc names, or report it if the input looks right.",
         "chapters/01-first.md: error M201: pandoc could not read chapters/01-first.md: exit status 64 "
         "Fix the line pandoc names, or report it if the input looks right."),
    Code("M202", "error", "A chapter or the bibliography is not UTF-8 (the byte and where).",
         "Save the file as UTF-8 (most editors: 'Save with encoding').",
         "chapters/01-first.md:3:30: error M202: Not valid UTF-8: byte 0xe9 at byte offset 59. "
         "Save the file as UTF-8 (most editors: 'Save with encoding')."),
    Code("M203", "error", "A chapter is empty, or has a heading but no text.",
         "Write the chapter or remove it from book.yaml.",
         "chapters/02-second.md:1: error M203: The file is empty: a chapter needs a heading and text. "
         "Write the chapter or remove it from book.yaml."),
    Code("M204", "error", "A chapter does not begin with a level-one heading.",
         "Add '# Chapter title' as its first line.",
         "chapters/01-first.md:1: error M204: The file must begin with a level-one heading (# Title). "
         "Add '# Chapter title' as its first line."),
    Code("M205", "error", "An identifier ({#id}) is used twice in the book.",
         "Give each heading, figure and span its own {#id}.",
         "chapters/01-first.md:5: error M205: Identifier '#first' is used twice (also at line 1). "
         "Give each heading, figure and span its own {#id}."),
    Code("M206", "error", "A section id cannot name a file (it must start with a letter; letters, digits, - _ . only).",
         "Give the heading an id such as {#chapter-one}.",
         "chapters/01-first.md:1: error M206: Section id '1st' must start with a letter and hold only letters, "
         "digits, '-', '_' or '.'. Give the heading an id such as {#chapter-one}."),
    Code("M207", "error", "A chapter listed in book.yaml cannot be read any more (permissions, removed).",
         "Check that it exists and that you may read it.",
         "chapters/01-first.md: error M207: The file cannot be read: Permission denied. "
         "Check that it exists and that you may read it."),

    # --- references (octavo/filters/citations.py, octavo/cite.py, octavo/prepare.py) ---------------
    Code("R301", "error", "A citation key is not in the bibliography.",
         "Correct the key (the closest keys are suggested) or add the entry to the bibliography.",
         "chapters/01-first.md:3: error R301: Citation key '@doe-small-thing' is not in the bibliography. "
         "Closest keys: doe-small-things."),
    Code("R302", "warning", "A bibliography entry is never cited; it is left out of the sources.",
         "Cite it, or remove it from the bibliography.",
         "warning R302: Bibliography entry 'roe-unused' is never cited; it is left out of the sources."),
    Code("R303", "error", "The bibliography is not a list of CSL entries, or an entry has no id.",
         "Write CSL YAML: a 'references:' list whose entries each have an 'id'.",
         "references.yaml:1: error R303: The bibliography must be a list of CSL entries (under 'references:')."),
    Code("R304", "error", "The bibliography cannot be read (not valid JSON, unreadable).",
         "Fix the JSON at that place (a missing comma or quote), or use CSL YAML.",
         "references.json:4:7: error R304: The bibliography is not valid JSON: Expecting ',' delimiter. "
         "Fix the JSON at that place (a missing comma or quote), or use CSL YAML."),

    # --- images (octavo/filters/figures.py) ----------------------------------------------------------
    Code("I401", "error|warning", "An image is missing: a warning and a marked placeholder in a draft, "
         "an error with --release.",
         "Add the file at the path given.",
         "chapters/01-first.md:5: error I401: Image 'images/shapes.png' not found; a release build needs all "
         "artwork. Add the file at images/shapes.png."),
    Code("I402", "error", "An image has an unsupported format, or its content does not match its name.",
         "Use JPEG, PNG, GIF, SVG or WebP, saved with the matching extension.",
         "chapters/01-first.md:5: error I402: Image 'images/shapes.bmp' has an unsupported format '.bmp'. "
         "Use JPEG, PNG, GIF, SVG or WebP."),
    Code("I403", "warning", "A figure has no alt text.",
         'Add {alt="what the picture shows"} to the image.',
         'chapters/01-first.md:5: warning I403: Figure \'A square and a circle\' has no alt text. '
         'Add {alt="what the picture shows"}.'),

    # --- fonts (octavo/fonts.py) ------------------------------------------------------------------
    Code("F501", "error", "fontconfig's fc-list is not installed, so no font can be found.",
         "Run scripts/setup.sh (make book does this).",
         "error F501: fontconfig's fc-list is not installed, so fonts cannot be found. "
         "Run scripts/setup.sh (make book does this)."),
    Code("F502", "error", "The body font (or its italic) is not installed: never a silent substitute.",
         "Install the family, or set fonts.body to an installed one (fc-list : family).",
         "book.yaml:13:3: error F502: Font 'No Such Typeface Pro' not found: it is not installed. Install it "
         "(scripts/setup.sh installs EB Garamond) or set fonts.body to an installed family (fc-list : family)."),

    # --- safety (octavo/filters/rawhtml.py, octavo/filters/links.py, octavo/build.py, octavo/config.py) ---
    Code("S601", "error|warning", "Raw HTML that could run or submit (script, iframe, object, embed, form, "
         "event handlers, javascript: URLs) is removed: a warning, an error with --release.",
         "Delete it from the manuscript.",
         "chapters/01-first.md:5: warning S601: Raw HTML removed (script): scripts, frames, forms and event "
         "handlers never reach an output. Delete it from the manuscript."),
    Code("S602", "error", "A link or image path leads outside the book folder (../, an absolute path, a file: "
         "URL, a symlink) or uses a scheme a book may not link to.",
         "Put the file inside the book folder and use a relative path.",
         "chapters/01-first.md:5: error S602: '../../secret.png' leads outside the book folder. "
         "Put the file inside the book folder and use a relative path."),
    Code("S603", "error", "A remote image (in Markdown or raw HTML, CSS url() included): never downloaded.",
         "Download the image into images/ and point to it there.",
         "chapters/01-first.md:5: error S603: Remote image 'https://example.org/x.png': octavo never downloads "
         "anything while building. Download the image into images/ and point to it there."),
    Code("S604", "warning", "The layout asked for a resource outside the book, and it was refused.",
         "Remove the reference from the manuscript or the templates.",
         "warning S604: A resource outside the book was requested and refused: https://example.org/font.woff"),
    Code("S605", "error", "A file listed in book.yaml (chapter, bibliography, style) leads or links outside the book.",
         "Copy the file into the book folder and list it there; octavo reads nothing outside the book.",
         "book.yaml:12:5: error S605: Config key 'chapters[1]': 'chapters/02-second.md' is a symlink to a file "
         "outside the book folder. Copy the file into the book folder and list it there; octavo reads nothing "
         "outside the book."),

    # --- layout (octavo/builders/pdf.py) ------------------------------------------------------------
    Code("W701", "error", "WeasyPrint could not write a PDF (a colour-profile problem in the templates).",
         "Check the @color-profile rule of the print templates; report it if they are octavo's own.",
         "error W701: WeasyPrint could not write the print PDF: 'NoneType' object is not iterable"),

    # --- output folder (octavo/cli.py) --------------------------------------------------------------
    Code("O801", "error", "The output folder cannot be made or written.",
         "Check that the folder exists, that you may write to it and that the disk has space, "
         "or choose another folder with --out.",
         "error O801: Cannot use '/mnt/ro/build': Read-only file system. Check that the folder exists, that you "
         "may write to it and that the disk has space, or choose another folder with --out."),

    # --- octavo check: EPUBCheck (octavo/preflight/epub.py) --------------------------------------------
    Code("E800", "error", "The EPUB to check does not exist.",
         "Build it first: octavo build --format epub.",
         "error E800: build/tiny-book.epub does not exist: build it first (octavo build --format epub)."),
    Code("E801", "error", "EPUBCheck: a fatal error (the EPUB cannot be read).",
         "Fix what EPUBCheck's message (its own id quoted) names; report it: octavo's EPUBs should pass.",
         "build/tiny-book.epub!/OEBPS/package.opf: error E801: EPUBCheck PKG-008: Unable to read file."),
    Code("E802", "error", "EPUBCheck: an error (retailers reject the EPUB).",
         "Fix what EPUBCheck's message (its own id quoted) names; report it: octavo's EPUBs should pass.",
         "build/tiny-book.epub!/OEBPS/first.xhtml:12: error E802: EPUBCheck RSC-005: Error while parsing file."),
    Code("E803", "warning", "EPUBCheck: a warning.",
         "Read EPUBCheck's message (its own id quoted); most are worth fixing.",
         "build/tiny-book.epub!/OEBPS/package.opf: warning E803: EPUBCheck OPF-053: Date value is not valid."),
    Code("E804", "info", "EPUBCheck: a usage note or information (never shown).",
         "Nothing to do.",
         "build/tiny-book.epub: info E804: EPUBCheck ACC-009 (not shown)"),

    # --- octavo check: DAISY Ace (octavo/preflight/ace.py) ----------------------------------------------
    Code("A801", "error", "DAISY Ace found an accessibility violation in the EPUB.",
         "Fix what the rule names (alt text, contrast, structure); report it if the markup is octavo's.",
         "build/tiny-book.epub!/OEBPS/first.xhtml: error A801: Ace Images must have alternate text (critical): "
         "Ensures <img> elements have alternate text."),

    # --- octavo check: print preflight (octavo/preflight/pdf.py) -------------------------------------------
    Code("P700", "error", "The print interior or cover to check does not exist.",
         "Build it first: octavo build --format print.",
         "error P700: build/tiny-book-print.pdf does not exist: build it first (octavo build --format print)."),
    Code("P701", "error", "The interior has an odd page count.",
         "Rebuild with octavo (it pads to an even count); print-on-demand needs one.",
         "build/tiny-book-print.pdf: error P701: The interior has 25 pages: print-on-demand needs an even count."),
    Code("P702", "error", "The interior's page count is outside what KDP accepts (24 to 828).",
         "Shorten or lengthen the book, or choose another trim.",
         "build/tiny-book-print.pdf: error P702: The interior has 900 pages: KDP accepts 24 to 828."),
    Code("P703", "error", "A page (or the cover) has no TrimBox or BleedBox.",
         "Rebuild with octavo; report it if the file is octavo's.",
         "build/tiny-book-print.pdf: error P703: Page 3 has no TrimBox."),
    Code("P704", "error", "A page's TrimBox is not the trim of book.yaml.",
         "Rebuild with octavo; report it if the file is octavo's.",
         "build/tiny-book-print.pdf: error P704: Page 1 TrimBox is 5.500 x 8.500 in, not the trim 6.000 x 9.000 in."),
    Code("P705", "error", "A page's BleedBox is not the trim plus the bleed on the three outer edges.",
         "Rebuild with octavo; report it if the file is octavo's.",
         "build/tiny-book-print.pdf: error P705: Page 1 BleedBox is 6.000 x 9.000 in; expected 6.125 x 9.250 in "
         "(bleed on the three outer edges)."),
    Code("P706", "error", "The print file has no PDF/X output intent.",
         "The print CSS must declare a CMYK @color-profile.",
         "build/tiny-book-print.pdf: error P706: No PDF/X output intent. "
         "The print CSS must declare a CMYK @color-profile."),
    Code("P707", "error", "A font of the print interior or cover is not embedded.",
         "Use an installed font whose licence allows embedding; rebuild.",
         "build/tiny-book-print.pdf: error P707: Font /Helvetica is not embedded."),
    Code("P708", "error", "An image is under 300 dpi at its placed size.",
         "Supply the artwork at 300 dpi or more at the size it is printed.",
         "build/tiny-book-print.pdf: error P708: Image /Im1 on page 9 is 150 dpi at its placed size; print needs 300."),
    Code("P709", "error", "RGB colour in a print file (print files are CMYK or grey).",
         "Use device-cmyk() colours in the print templates; artwork is converted to grey.",
         "build/tiny-book-print.pdf: error P709: RGB colour ('rg' operator) on page 3: print files are CMYK or grey. "
         "Use device-cmyk() colours in the print templates; artwork is converted to grey."),
    Code("P710", "error", "The cover's size is not the formula's (trim, spine from the page count, bleed) "
         "within 0.01 in.",
         "Rebuild the cover after the interior (octavo build does both).",
         "build/tiny-book-cover.pdf: error P710: Cover is 12.300 x 9.250 in; the formula gives 12.304 x 9.250 in "
         "(24 pages x 0.002252 in spine)."),
    Code("P711", "error", "The order spec's page count disagrees with the interior.",
         "Rebuild the print files together (octavo build --format print).",
         "build/tiny-book-print.json: error P711: The order spec says 24 pages; the interior has 26."),

    # --- octavo check: screen PDF (octavo/preflight/pdf.py) -----------------------------------------------
    Code("D900", "error", "The screen PDF to check does not exist.",
         "Build it first: octavo build --format pdf.",
         "error D900: build/tiny-book.pdf does not exist: build it first (octavo build --format pdf)."),
    Code("D901", "error", "The screen PDF is not tagged.",
         "Rebuild with octavo (it writes PDF/UA); report it if the file is octavo's.",
         "build/tiny-book.pdf: error D901: The screen PDF is not tagged."),
    Code("D902", "error", "The screen PDF has no structure tree.",
         "Rebuild with octavo; report it if the file is octavo's.",
         "build/tiny-book.pdf: error D902: The screen PDF has no structure tree."),
    Code("D903", "error", "The screen PDF has no document language.",
         "Set language in book.yaml and rebuild.",
         "build/tiny-book.pdf: error D903: The screen PDF has no document language."),
    Code("D904", "error", "The screen PDF has no title.",
         "Set title in book.yaml and rebuild.",
         "build/tiny-book.pdf: error D904: The screen PDF has no title."),
    Code("D905", "error", "The screen PDF has no outline (bookmarks).",
         "Rebuild with octavo; report it if the file is octavo's.",
         "build/tiny-book.pdf: error D905: The screen PDF has no outline (bookmarks)."),
    Code("D906", "error", "A font of the screen PDF is not embedded.",
         "Use an installed font whose licence allows embedding; rebuild.",
         "build/tiny-book.pdf: error D906: Font /Helvetica is not embedded."),

    # --- tools (octavo/parse.py, octavo/preflight/epub.py, octavo/preflight/ace.py) -------------------------
    Code("T001", "error", "pandoc is not available or could not be run.",
         "Run 'make setup' (pandoc comes with pypandoc-binary).",
         "error T001: pandoc is not available (No pandoc was found). Run 'make setup'."),
    Code("T002", "error", "Java is not installed; EPUBCheck needs it.",
         "Run scripts/setup.sh.",
         "error T002: Java is not installed; EPUBCheck needs it. Run scripts/setup.sh."),
    Code("T003", "error", "EPUBCheck did not run.",
         "Run scripts/setup.sh; the message quotes what Java said.",
         "error T003: EPUBCheck did not run: Error: Unable to access jarfile epubcheck.jar"),
    Code("T004", "error", "DAISY Ace or Chromium is not installed.",
         "Run scripts/setup.sh, or skip the check with --no-ace.",
         "error T004: DAISY Ace or Chromium is not installed. Run scripts/setup.sh."),
    Code("T005", "error", "DAISY Ace did not produce a report.",
         "Run scripts/setup.sh; the message quotes what Ace said.",
         "error T005: DAISY Ace did not produce a report: Error: Failed to launch the browser process!"),

    # --- usage (octavo/scaffold.py) ---------------------------------------------------------------
    Code("U001", "error", "'octavo new' was given a folder that exists and is not empty (exit 2).",
         "Choose a new folder.",
         "error U001: 'taken' exists and is not empty. Choose a new folder."),
]
