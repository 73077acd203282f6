"""Section titles, numbers and identifiers.

Takes: a section whose Markdown opens with one level-one heading
(``# Title {#id number="16"}``; ``.unnumbered`` for an unnumbered one; ``.part`` for
a part's or volume's title page, whose chapters are those that follow it; a role class
``.prologue``, ``.epilogue``, ``.foreword``, ``.preface``, ``.introduction`` or
``.afterword`` for such an unnumbered section: any other chapter is a chapter, numbered
or not). Gives: the section's title, number, id and role (``epub_type``: the EPUB
``epub:type``, and the DPUB-ARIA ``doc-`` role of the same name), the heading removed
from the body; parts numbered and labelled in the book's language ("Part One");
errors for a missing heading (M204), an empty section (M203) and identifiers
used twice in the book (M205).
"""
from __future__ import annotations

import re

from octavo.ast import attr_of, iter_nodes, text
from octavo.builders.base import numeral
from octavo.config import slugify
from octavo.document import Document, Section

# Classes that mark a section's role (DPUB-ARIA doc-<role>, EPUB epub:type <role>); such a
# section is not numbered. Without one a chapter is a chapter, whether numbered or not.
ROLE_CLASSES = ("prologue", "epilogue", "foreword", "preface", "introduction", "afterword")
PART_CLASS = "part"


def take_title(section: Section, ctx) -> None:
    blocks = section.blocks
    if not blocks:
        ctx.report.error("M203", "The file is empty: a chapter needs a heading and text.", file=section.where, line=1,
                         hint="Write the chapter or remove it from book.yaml.")
        return
    first = blocks[0]
    if first["t"] != "Header" or first["c"][0] != 1:
        ctx.report.error("M204", "The file must begin with a level-one heading (# Title).", file=section.where, line=1,
                         hint="Add '# Chapter title' as its first line.")
        return
    ident, classes, attrs = attr_of(first)
    section.title = first["c"][2]
    section.id = ident or slugify(text(section.title))
    section.blocks = blocks[1:]
    if section.kind == "chapter" and PART_CLASS in classes:  # a part's title page: it may hold no text
        section.kind, section.epub_type = "part", "part"
        section.number = attrs.get("number", "")  # "" is filled in by number_parts
        return
    role = next((c for c in classes if c in ROLE_CLASSES), None)
    if section.kind == "chapter" and "unnumbered" not in classes and not role:
        section.number = attrs.get("number", "")  # "" is filled in by number_chapters
    default_type = {"front": "preface", "back": "afterword"}.get(section.kind, "chapter")
    section.epub_type = attrs.get("epub-type", role or default_type)
    if not any(b["t"] not in ("Header",) for b in section.blocks):
        ctx.report.error("M203", f"Chapter '{text(section.title)}' has a heading but no text.",
                         file=section.where, line=_heading_line(section), hint="Write the chapter or remove it from book.yaml.")


def _heading_line(section: Section) -> int | None:
    for n, line in enumerate(section.source_text().splitlines(), 1):
        if line.startswith("#"):
            return n
    return None


def number_chapters(doc: Document) -> None:
    """Chapters without an explicit number are numbered after the previous one."""
    last = 0
    for s in doc.chapters:
        if s.number == "":
            s.number = str(last + 1)
        if s.number and s.number.isdigit():
            last = int(s.number)


def roles_from_titles(doc: Document, t) -> None:
    """An unnumbered chapter with no role class whose title or label is a role's name in the
    book's language or in English (catalogue ``title_<role>``: "Prologue", "Épilogue",
    "Nachwort") takes that role; any other chapter stays a chapter."""
    from octavo.i18n import messages

    names = {}
    for table in (messages("en"), t):
        for role in ROLE_CLASSES:
            for name in dict(table.table).get(f"title_{role}") or []:
                names[str(name).casefold()] = role
    for s in doc.chapters:
        if s.epub_type == "chapter" and not s.number:
            for said in (s.label, text(s.title)):
                role = names.get((said or "").strip().rstrip(":.").casefold())
                if role:
                    s.epub_type = role
                    break


def number_parts(doc: Document, t) -> None:
    """Parts without an explicit number are numbered after the previous one and labelled in
    the book's language (``t``: its messages; "Part One", "Deuxième partie"); each chapter
    after a part, up to the next part, the back matter or a section with a role (an epilogue),
    belongs to it (``Section.part``)."""
    last, current = 0, None
    for s in doc.sections:
        if s.kind == "part":
            if s.number == "":
                s.number = str(last + 1)
            if s.number.isdigit():
                last = int(s.number)
            # the label says the number; no other number is set over the part's title
            s.label, s.number, current = part_label(t, s.number), None, s.id
        elif s.kind == "chapter" and s.epub_type == "chapter":
            s.part = current
        else:  # the back matter, or an epilogue or afterword: the book's, not the last part's
            current = None


def part_label(t, number: str) -> str:
    """"Part One" in the book's language: the catalogue's ordinal names (``part_names``) for
    the first parts, else its ``part`` phrase with the number in roman numerals."""
    names = dict(t.table).get("part_names") or []
    if number.isdigit() and 1 <= int(number) <= len(names):
        return str(names[int(number) - 1])
    return t("part", number=numeral(number, "roman"))


def label_opening(doc: Document, label: str | None) -> None:
    """The unnumbered sections before the first numbered chapter get ``label`` over their
    title, so that an opening section does not look like a chapter with its number missing."""
    if not label:
        return
    for s in doc.chapters:
        if s.number:
            break
        s.label = label


def check_unique_ids(doc: Document, ctx) -> None:
    seen: dict[str, tuple[str, int | None]] = {}
    reserved = {"contents", "sources", "colophon", "title-page", "half-title", "copyright", "cover", "notes"}
    for section in doc.sections:
        ids = ([section.id] if section.id else []) + \
            [attr_of(n)[0] for n in iter_nodes(section.blocks) if attr_of(n) and attr_of(n)[0]]
        count: dict[str, int] = {}
        for ident in ids:
            count[ident] = count.get(ident, 0) + 1
            line = _id_line(section, ident, count[ident])
            if ident in seen or ident in reserved:
                if ident not in seen:
                    also = " (octavo reserves it)."
                elif seen[ident][0] == section.where:
                    also = f" (also at line {seen[ident][1]})." if seen[ident][1] else "."
                else:
                    also = f" (also in {seen[ident][0]})."
                ctx.report.error("M205", f"Identifier '#{ident}' is used twice" + also,
                                 file=section.where, line=line,
                                 hint="Give each heading, figure and span its own {#id}.")
            seen.setdefault(ident, (section.where, line))
        # section ids are also used as file names in the EPUB; a section without a heading is reported already
        if section.id and not re.fullmatch(r"[A-Za-z][\w.-]*", section.id):
            ctx.report.error("M206", f"Section id '{section.id}' must start with a letter and hold only letters, digits, '-', '_' or '.'.",
                             file=section.where, line=_heading_line(section) or 1,
                             hint="Give the heading an id such as {#chapter-one}.")


def _id_line(section: Section, ident: str, nth: int) -> int | None:
    """The line of the ``nth`` place ``ident`` is set in the source: an explicit ``{#ident}`` or ``id="ident"``,
    or a heading whose text pandoc turns into that id; else its first mention."""
    # {#ident} in Markdown, or id="ident" on an HTML element pandoc read as a div
    explicit = re.compile(r"\{[^}]*#" + re.escape(ident) + r"(?=[\s}])|\bid=[\"']" + re.escape(ident) + r"[\"']")
    lines = []
    for n, line in enumerate(section.source_text().splitlines(), 1):
        if explicit.search(line):
            lines.append(n)
        elif re.match(r"#{1,6}\s", line) and "{" not in line and slugify(line.lstrip("#").strip()) == ident:
            lines.append(n)
    if lines:
        return lines[min(nth, len(lines)) - 1]
    return section.line_of("#" + ident)
