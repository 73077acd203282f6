"""Order payloads from the order spec: Lulu's print-job body with its pod_package_id,
and the IngramSpark title set-up row."""
from __future__ import annotations

import csv
import io
import json
import textwrap

import pytest

from octavo.builders.cover import CoverSpec
from octavo.builders.orders import INGRAM_FIELDS, ingram_title_row, lulu_print_job, lulu_trim, pod_package_id
from octavo.config import TRIMS, load_config
from octavo.project import Book

BASE = """\
title: A Book
subtitle: Sub
authors: [Jane Doe]
publisher: Test Press
rights: © Jane Doe.
description: |
  A book.

  In two paragraphs.
chapters: [one.md]
"""


def book(tmp_path, extra=""):
    (tmp_path / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(BASE + textwrap.dedent(extra), encoding="utf-8")
    return Book(root=tmp_path, config=load_config(tmp_path / "book.yaml"), build_dir=tmp_path / "build")


def spec_for(b: Book, pages=120) -> CoverSpec:
    return CoverSpec.compute(b, pages)


@pytest.mark.parametrize("trim, code", [("6x9in", "0600X0900"), ("5.5x8.5in", "0550X0850"), ("a5", "0583X0827"),
                                        ("6.14x9.21in", "0614X0921"), ("8.5x11in", "0850X1100")])
def test_lulu_trim_codes(trim, code):
    assert lulu_trim(*TRIMS[trim]) == code


def test_pod_package_id_from_the_print_options(tmp_path):
    b = book(tmp_path, "print:\n  trim: 6x9in\n  paper: white\n  finish: gloss\n")
    code = pod_package_id(b, spec_for(b))
    assert code == "0600X0900BWSTDPB060UW444GXX" and len(code) == 27
    c = book(tmp_path, "print:\n  trim: a5\n")  # defaults: cream, matte
    assert pod_package_id(c, spec_for(c)) == "0583X0827BWSTDPB060UC444MXX"


def test_lulu_print_job_body(tmp_path):
    b = book(tmp_path, "identifiers:\n  print: 978-0-306-40615-7\nslug: a-book\n")
    body = json.loads(lulu_print_job(b, spec_for(b)))
    [item] = body["line_items"]
    assert item["title"] == "A Book: Sub" and item["quantity"] == 1 and item["external_id"] == "9780306406157"
    assert item["printable_normalization"] == {"pod_package_id": pod_package_id(b, spec_for(b)),
                                               "interior": {"source_url": "a-book-print.pdf"},
                                               "cover": {"source_url": "a-book-cover.pdf"}}
    assert set(body) == {"external_id", "line_items", "shipping_level", "contact_email", "shipping_address"}


def test_ingram_row(tmp_path):
    b = book(tmp_path, """\
        publication:
          date: 2025-02-03
          bisac: [HIS032000, POL045000, HIS037070, HIS000000]
          prices:
            print: [{amount: 15, currency: USD, territory: US}]
        """)
    rows = list(csv.DictReader(io.StringIO(ingram_title_row(b, spec_for(b, 200)))))
    assert len(rows) == 1 and list(rows[0]) == INGRAM_FIELDS
    row = rows[0]
    assert row["Page Count"] == "200" and row["Trim Size (in)"] == "5.5 x 8.5" and row["Paper"] == "Cream"
    assert row["Contributors"] == "Doe, Jane (author)" and row["Publication Date"] == "2025-02-03"
    assert row["BISAC Subjects"] == "HIS032000; POL045000; HIS037070"  # IngramSpark takes three
    assert row["Description"] == "A book. In two paragraphs." and row["List Prices"] == "15 USD (US)"
    assert row["ISBN"] == ""  # none given: left empty, never invented


@pytest.mark.parametrize("ink, code, interior", [
    ("standard-colour", "0600X0900FCSTDPB060UW444MXX", "Standard Color"),
    ("premium-colour", "0600X0900FCPREPB080CW444MXX", "Premium Color"),
])
def test_colour_interiors(tmp_path, ink, code, interior):
    b = book(tmp_path, f"print:\n  trim: 6x9in\n  ink: {ink}\n")
    assert b.config.print.paper == "white"  # a colour interior prints on white paper
    assert pod_package_id(b, spec_for(b)) == code
    row = next(csv.DictReader(io.StringIO(ingram_title_row(b, spec_for(b)))))
    assert row["Interior Color"] == interior
