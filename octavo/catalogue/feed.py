"""The list's ONIX feed: one ONIX 3.0 message with every edition of every book.

Takes: the list's built books (each with its ``<slug>.onix.xml`` in its build
folder, as ``octavo build`` writes it). Gives: ``build/catalogue.onix.xml``
beside catalogue.yaml, written atomically: the Products of every book's record,
as built (one source: the book's own record), in one message
(``octavo.builders.onix.onix_message``) whose sender is the list's; each
retailer cover image named by its path from the feed's folder.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from lxml import etree

from octavo.atomic import write_atomic
from octavo.builders.onix import NS, onix_message
from octavo.catalogue.config import Catalogue

FEED = "catalogue.onix.xml"


def book_products(record: Path, feed_dir: Path) -> list[etree._Element]:
    """The Products of one book's ONIX record, their cover links made relative to ``feed_dir``."""
    root = etree.fromstring(record.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    products = root.findall(f"{{{NS}}}Product")
    for link in root.iter(f"{{{NS}}}ResourceLink"):
        if link.text and "://" not in link.text:  # a file beside the record
            link.text = Path(os.path.relpath(record.parent / link.text, feed_dir)).as_posix()
    return products


def write_feed(catalogue: Catalogue, books: list, sender: str | None = None) -> Path:
    """Write the feed of ``books`` (loaded ``Book``s whose records are built); return its path."""
    from octavo.project import source_date

    out = catalogue.build_dir / FEED
    products = [p for book in books for p in book_products(book.output("onix"), out.parent)]
    sender = sender or catalogue.sender or (books[0].config.publisher if books else "octavo")
    sent = dt.datetime.fromtimestamp(source_date(), tz=dt.timezone.utc)
    write_atomic(out, onix_message(sender, sent, products))
    return out
