"""Codes of the author's loop: house-style lint (L001–L099), the live preview and page diffs (V001–V019).

Takes: nothing. Gives: ``CODES``, collected into ``octavo.codes.REGISTRY``.
Lint codes are warnings: ``octavo lint`` exits 1 while any is left that the
book's ignore file does not list with a reason.
"""
from __future__ import annotations

from octavo.codes.base import Code

_W = "warning"

CODES = [
    Code("L001", _W, "A straight quote (' or \") in the text.", "Use the typographic mark (‘ ’ “ ”); --fix does.",
         "chapters/01.md:3:10: warning L001: Straight quote \" in the text. Use the typographic mark “."),
    Code("L002", _W, "Two or more spaces between words.", "Use one space; --fix does.",
         "chapters/01.md:3:12: warning L002: 2 spaces between words. Use one space."),
    Code("L003", _W, "A spaced hyphen ' - ' used as a dash.", "Use the house dash; --fix does.",
         "chapters/01.md:3:8: warning L003: A spaced hyphen used as a dash. Use the house dash '—' (em-closed)."),
    Code("L004", _W, "A dash set otherwise than house_style.dash.", "Set it as the house style says; --fix does.",
         "chapters/01.md:3:8: warning L004: Dash set as ' — '. Set dashes as '—' (house_style.dash: em-closed)."),
    Code("L005", _W, "A word repeated ('the the').", "Delete one of them.",
         "chapters/01.md:3:5: warning L005: Word repeated: 'the the'. Delete one of them."),
    Code("L006", _W, "-our and -or spellings mixed, or against house_style.spelling.", "Write the house spelling.",
         "chapters/01.md:3:5: warning L006: 'labor' is spelt -or; the book spells -our (house_style.spelling: en-GB). "
         "Write 'labour' (...)."),
    Code("L007", _W, "-ise and -ize spellings mixed, or against house_style.ize.", "Write the house spelling.",
         "chapters/01.md:3:5: warning L007: 'organise' is spelt -ise; the book spells -ize (...). Write 'organize' (...)."),
    Code("L008", _W, "An ellipsis written as three full stops or spaced otherwise than the house style.",
         "Use … spaced as house_style.ellipsis says; --fix does.",
         "chapters/01.md:3:5: warning L008: Ellipsis set '…' (closed); the book sets them spaced. Set it '␣…␣' "
         "(house_style.ellipsis)."),
    Code("L009", _W, "A bracket not closed (or not opened) within its paragraph.", "Add its partner or delete it.",
         "chapters/01.md:3:5: warning L009: '(' is never closed in its paragraph. Add the closing ')' or delete this one."),
    Code("L010", _W, "A double quotation mark not closed (or not opened) within its paragraph.",
         "Add its partner where the quotation ends (or begins).",
         "chapters/01.md:3:5: warning L010: '“' is never closed in its paragraph. Add the closing '”' where the quotation ends."),
    Code("L011", _W, "A sentence that opens with a numeral.", "Spell the number out or recast the sentence.",
         "chapters/01.md:3:40: warning L011: Sentence opens with the numeral '940'. Spell the number out or recast ..."),
    Code("L012", _W, "A note call before a comma, semicolon, colon or full stop (note styles).",
         "Put the punctuation before the note call; --fix does.",
         "chapters/01.md:3:40: warning L012: Note call before the ','. Put the ',' before the note call."),
    Code("L013", _W, "A name spelled two ways (one letter apart, or capitalised and not).",
         "Spell it one way throughout.",
         "chapters/01.md:3:40: warning L013: 'Krushchev' is also spelt 'Khrushchev' (references.yaml:141). Spell ..."),
    Code("L014", _W, "A quotation cited from a book, chapter or article without a page.",
         "Add the page after the key: [@key, page].",
         "chapters/01.md:3:40: warning L014: Quotation cited from '@doe-book' (book) without a page. Add the page after the key ..."),
    Code("L090", _W, "An entry of the ignore file matches no finding (stale).",
         "Delete it, or correct its line if the text moved.",
         "lint-ignore.yaml:4: warning L090: Ignore entry L006 at chapters/01.md:3 matches no finding (stale). Delete ..."),
    Code("L091", _W, "An entry of the ignore file cannot be used (not a mapping, a key missing, no reason).",
         "Give each entry code, file, line and reason.",
         "lint-ignore.yaml:4: warning L091: Entry without a reason. Say why the finding is right as it is."),
    Code("V001", "error", "octavo diff: a file cannot be read as a PDF.", "Give the paths of two PDFs octavo built.",
         "old.pdf: error V001: Cannot read 'old.pdf' as a PDF: no such file. Give the path of a PDF that octavo built ..."),
    Code("V002", "error", "octavo diff --since: no git repository, or an unknown ref.",
         "Give a commit, tag or branch of the book's repository, or compare two PDFs.",
         "error V002: Unknown git ref 'v9'. Give a commit, tag or branch, e.g. --since HEAD~1 or --since v1.0."),
    Code("V003", "error", "octavo diff --since: the book did not build at that ref.",
         "Build that revision by hand to see its errors, or pick another ref.",
         "error V003: The book at 'HEAD~3' did not build: ... Build that revision by hand to see every error ..."),
    Code("V010", "error", "octavo serve: the preview could not read the book (shown in the page, the last good "
         "version kept).", "Save the file again once it is complete; report it if it persists.",
         "error V010: The preview could not read the book: ... Save again once the file is complete ..."),
    Code("V011", "error", "octavo serve: the port cannot be listened on.", "Choose another port with --port.",
         "error V011: Cannot listen on 127.0.0.1:8008: Address already in use. Choose another port with --port, ..."),
    Code("V012", "warning", "octavo serve --host: the preview is reachable from the network.",
         "Leave out --host to keep it on this machine.",
         "warning V012: Listening on 0.0.0.0: anyone who can reach this machine can read the book. Leave out --host ..."),
]
