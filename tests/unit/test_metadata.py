"""The trade metadata in book.yaml (contributors, series, publication): types, defaults,
codes checked against the ONIX code lists, and every error located at once."""
from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from octavo.codelists import bisac_problem, onix_codes, thema_problem
from octavo.config import load_config
from octavo.errors import BookError
from octavo.metadata import AUDIENCES, ROLES, inverted

BASE = """\
title: A Book
authors:
  - Jane Q. Doe
publisher: Test Press
rights: © Jane Doe.
description: A book.
chapters:
  - one.md
"""


def write(tmp_path: Path, extra: str) -> Path:
    (tmp_path / "one.md").write_text("# One\n\nText.\n", encoding="utf-8")
    path = tmp_path / "book.yaml"
    path.write_text(BASE + textwrap.dedent(extra), encoding="utf-8")
    return path


def errors(tmp_path: Path, extra: str) -> list[str]:
    with pytest.raises(BookError) as exc:
        load_config(write(tmp_path, extra))
    return [str(d) for d in exc.value.diagnostics]


def test_defaults_when_absent(in_tmp):
    c = load_config(write(in_tmp, ""))
    assert c.publication.date is None and c.publication_year is None
    assert c.publication.audience_code == "01"
    assert c.publication.thema == [] and c.publication.prices.epub == []
    assert [(p.name, p.role, p.sort) for p in c.credits] == [("Jane Q. Doe", "author", "Doe, Jane Q.")]
    assert c.series is None


def test_empty_values_are_absent(in_tmp):
    c = load_config(write(in_tmp, """\
        publication:
          date:
          thema:
          bisac:
          prices:
            epub:
        identifiers:
          hardcover:
        """))
    assert c.publication.date is None and c.publication.thema == [] and c.publication.prices.epub == []
    assert c.identifiers.hardcover is None


def test_full_metadata(in_tmp):
    c = load_config(write(in_tmp, """\
        contributors:
          - name: Jane Q. Doe
          - name: Max Mustermann
            role: Translator
            sort_name: Mustermann, Max
        series:
          title: Small Books
          number: 3
        publication:
          date: 2025-03-01
          edition_number: 2
          audience: professional
          thema: [NHD, 1DTA, 3MPBF]
          bisac: HIS032000 HIS037070
          prices:
            print:
              - {amount: 12.99, currency: gbp, territory: GB}
              - {amount: 16, currency: USD, territory: [US, CA], tax_included: false}
        """))
    p = c.publication
    assert p.date == dt.date(2025, 3, 1) and c.publication_year == 2025
    assert p.thema == ["NHD", "1DTA", "3MPBF"] and p.bisac == ["HIS032000", "HIS037070"]
    assert p.audience_code == AUDIENCES["professional"]
    gbp, usd = p.prices.print
    assert (gbp.amount, gbp.currency, gbp.territory, gbp.tax_included) == (Decimal("12.99"), "GBP", ["GB"], True)
    assert usd.countries == ["US", "CA"] and usd.regions == []
    assert [(x.role, x.onix_role, x.marc_role, x.sort) for x in c.credits] == [
        ("author", "A01", "aut", "Doe, Jane Q."), ("translator", "B06", "trl", "Mustermann, Max")]
    assert (c.series.title, c.series.number) == ("Small Books", "3")


def test_every_error_at_once_with_key_and_line(in_tmp):
    found = errors(in_tmp, """\
        contributors:
          - name: Jane Q. Doe
            role: ghost
        publication:
          date: 1 March 2025
          audience: everyone
          thema: [NHD, nhd9]
          bisac: [HIS32000]
          prices:
            epub:
              - {amount: 5, currency: XXY}
              - {amount: 5, currency: EUR, territory: [DE, ZZ]}
        identifiers:
          hardcover: 978-0-306-40615-8
        """)
    text = "\n".join(found)
    assert "book.yaml:11:5: error C105: Config key 'contributors.0.role': unknown role 'ghost'" in text
    assert "book.yaml:13:3: error C105: Config key 'publication.date': '1 March 2025' is not a date written YYYY-MM-DD" in text
    assert "Config key 'publication.audience': unknown audience 'everyone'" in text
    assert "Config key 'publication.thema.1': 'nhd9' is not of the form of a Thema code" in text
    assert "Config key 'publication.bisac.0': 'HIS32000' is not of the form of a BISAC code" in text
    assert "Config key 'publication.prices.epub.0.currency': 'XXY' is not an ISO 4217 currency code" in text
    assert "Config key 'publication.prices.epub.1.territory.1': 'ZZ' is not an ISO 3166-1 country code" in text
    assert "Config key 'identifiers.hardcover': ISBN 978-0-306-40615-8 has a wrong check digit" in text
    assert len(found) == 8


def test_unknown_metadata_key_is_suggested(in_tmp):
    assert any("Config key 'publication.dat': unknown key. Did you mean 'date'?" in e
               for e in errors(in_tmp, "publication:\n  dat: 2025-01-01\n"))


def test_year_and_date_must_agree(in_tmp):
    [found] = errors(in_tmp, "year: 2024\npublication:\n  date: 2025-03-01\n")
    assert found.startswith("book.yaml:11:3: error C105: Config key 'publication.date': 2025-03-01 is not in year 2024.")


def test_authors_must_be_contributors(in_tmp):
    [found] = errors(in_tmp, "contributors:\n  - name: Someone Else\n    role: editor\n")
    assert found.startswith("book.yaml:3:5: error C105: Config key 'authors.0': 'Jane Q. Doe' is not in contributors")


@pytest.mark.parametrize("name, sort", [("Ada Tester", "Tester, Ada"), ("Plato", "Plato"),
                                        ("Tester, Ada", "Tester, Ada"), ("  Ada   Lovelace ", "Lovelace, Ada")])
def test_inverted(name, sort):
    assert inverted(name) == sort


@pytest.mark.parametrize("code", ["A", "NHD", "NHWR7", "JPFF", "1DTA", "3MPBF", "1DDU-GB-S", "1KBC-CA-A", "5AB"])
def test_thema_form_accepted(code):
    assert thema_problem(code) is None


@pytest.mark.parametrize("code", ["", "nhd", "NHDABCDEF", "7AB", "N H", "NH-", "1"])
def test_thema_form_refused(code):
    assert thema_problem(code)


@pytest.mark.parametrize("code, ok", [("HIS032000", True), ("HIS03200", False), ("his032000", False), ("HISX32000", False)])
def test_bisac_form(code, ok):
    assert (bisac_problem(code) is None) is ok


def test_friendly_codes_exist_in_the_onix_code_lists():
    # the tables map to codes the schema accepts: list 17 (roles), list 28 (audiences)
    assert {onix for onix, _marc in ROLES.values()} <= set(onix_codes(17))
    assert set(AUDIENCES.values()) <= set(onix_codes(28))


def test_thema_code_not_in_the_list_is_an_error_with_the_closest_codes(tmp_path):
    from octavo.codelists import thema_heading, thema_problem

    assert thema_problem("FBA") is None and thema_heading("FBA") == "Modern & contemporary fiction"
    problem = thema_problem("NHDZ")
    assert "not in the Thema list" in problem and "'NHD'" in problem
    assert "form" in thema_problem("nhd")
