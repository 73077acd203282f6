"""Order payloads in the shapes two print services take, made from the order spec.

Takes: the book and its ``CoverSpec`` (the same facts the order spec
``<slug>-print.json`` holds). Gives: the text of

- ``<slug>-lulu.json``: the body of a Lulu Print API ``POST /print-jobs/``
  request (fields as in Lulu's public API reference: ``external_id``,
  ``line_items[]`` with ``title``, ``quantity`` and ``printable_normalization``
  holding the ``pod_package_id`` and the ``interior``/``cover`` ``source_url``,
  ``shipping_level``, ``contact_email``, ``shipping_address``). The product
  code is ``pod_package_id``, 27 characters: trim as width and height in
  hundredths of an inch (``0550X0850``), ink (``BW`` black, ``FC`` full
  colour), print quality (``STD``, ``PRE`` premium), binding (``PB`` perfect
  bound, ``CW`` casewrap for a case-laminate hardcover, ``LW`` linen wrap, Lulu's
  dust-jacket hardcover, bound in linen), paper (``060UC444`` 60# uncoated cream, ``060UW444`` white,
  ``080CW444`` 80# coated white for premium colour; 444 pages an inch), cover finish (``M`` matte,
  ``G`` gloss), linen colour and foil (``X`` none; a linen wrap takes ``N`` navy linen
  and ``G`` gold foil, the spine stamping Lulu's jacketed books carry). The file URLs are the
  output file names, to be replaced by where they are uploaded; the contact
  and address are left empty for the publisher to fill in.
- ``<slug>-ingram.csv``: a header and one row with the fields IngramSpark's
  title set-up asks for (ISBN, title, contributors, binding, trim, interior
  ink and paper, laminate, page count, language, publisher, date,
  description, BISAC, keywords, audience, list prices). IngramSpark has no
  public order API; this is what its form takes, to paste or keep on file.

Nothing is sent anywhere: octavo writes files.
"""
from __future__ import annotations

import csv
import io
import json

from octavo.builders.cover import CoverSpec, print_isbn
from octavo.config import isbn_digits
from octavo.project import Book

LULU_PAPER = {"white": "060UW444", "cream": "060UC444"}
# ink -> (Lulu's ink and print quality, Lulu's paper when the ink decides it, IngramSpark's interior)
INKS = {
    "black": ("BW", "STD", None, "Black & White"),
    "standard-colour": ("FC", "STD", "060UW444", "Standard Color"),
    "premium-colour": ("FC", "PRE", "080CW444", "Premium Color"),  # premium colour on 80# coated white
}
LULU_FINISH = {"matte": "M", "gloss": "G"}
# binding -> (Lulu's binding code, linen colour, foil), IngramSpark's binding type
BINDINGS = {
    "paperback": (("PB", "X", "X"), "Paperback - Perfect Bound"),
    "case-laminate": (("CW", "X", "X"), "Hardcover - Case Laminate"),
    "dust-jacket": (("LW", "N", "G"), "Hardcover - Jacketed Case Laminate"),
}
INGRAM_PAPER = {"white": "White", "cream": "Cream"}


def lulu_trim(width_in: float, height_in: float) -> str:
    """Lulu's trim code: each side in hundredths of an inch, four digits (A5 -> 0583X0827)."""
    return f"{round(width_in * 100):04d}X{round(height_in * 100):04d}"


def pod_package_id(book: Book, spec: CoverSpec) -> str:
    p = book.config.print
    ink, quality, paper, _ingram = INKS[p.ink]
    binding, linen, foil = BINDINGS[p.binding][0]
    return (lulu_trim(spec.trim_w, spec.trim_h) + ink + quality + binding + (paper or LULU_PAPER[p.paper])
            + LULU_FINISH[p.finish] + linen + foil)


def lulu_print_job(book: Book, spec: CoverSpec) -> str:
    c = book.config
    full_title = f"{c.title}: {c.subtitle}" if c.subtitle else c.title
    body = {
        "external_id": book.slug,
        "line_items": [{
            "external_id": isbn_digits(print_isbn(book)) or f"{book.slug}-print",
            "title": full_title[:255],
            "quantity": 1,
            "printable_normalization": {
                "pod_package_id": pod_package_id(book, spec),
                "interior": {"source_url": book.output("print").name},
                "cover": {"source_url": book.output("cover").name},
            },
        }],
        "shipping_level": "MAIL",
        "contact_email": "",
        "shipping_address": {"name": "", "street1": "", "city": "", "postcode": "", "country_code": "",
                             "phone_number": ""},
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


INGRAM_FIELDS = ["ISBN", "Title", "Subtitle", "Contributors", "Binding Type", "Trim Size (in)", "Interior Color",
                 "Paper", "Laminate", "Page Count", "Language", "Publisher", "Publication Date", "Description",
                 "BISAC Subjects", "Keywords", "Audience", "Edition", "Series", "Volume", "List Prices"]


def ingram_title_row(book: Book, spec: CoverSpec) -> str:
    c = book.config
    edition = "print" if c.print.binding == "paperback" else "hardcover"
    prices = "; ".join(f"{p.amount} {p.currency} ({' '.join(p.territory)})"
                       for p in getattr(c.publication.prices, edition))
    row = {
        "ISBN": isbn_digits(print_isbn(book)) or "",
        "Title": c.title,
        "Subtitle": c.subtitle or "",
        "Contributors": "; ".join(f"{p.sort} ({p.role})" for p in c.credits),
        "Binding Type": BINDINGS[c.print.binding][1],
        "Trim Size (in)": f"{spec.trim_w:g} x {spec.trim_h:g}",
        "Interior Color": INKS[c.print.ink][3],
        "Paper": INGRAM_PAPER[c.print.paper],
        "Laminate": c.print.finish.capitalize(),
        "Page Count": spec.pages,
        "Language": c.language,
        "Publisher": c.publisher,
        "Publication Date": c.publication.date.isoformat() if c.publication.date else (str(c.year) if c.year else ""),
        "Description": " ".join(c.description.split()),
        "BISAC Subjects": "; ".join(c.publication.bisac[:3]),
        "Keywords": "; ".join(c.subjects),
        "Audience": c.publication.audience,
        "Edition": c.publication.edition_number or "",
        "Series": c.series.title if c.series else "",
        "Volume": (c.series.number or "") if c.series else "",
        "List Prices": prices,
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=INGRAM_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()
