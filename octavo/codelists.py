"""The ONIX 3.0 code lists and the form of Thema and BISAC subject codes.

Takes: nothing but the schema files of the ``onixcheck`` package (EDItEUR's
ONIX 3.0 XSD and its code lists, pinned as a dependency). Gives:

- ``onix_codes(n)``: the codes of ONIX code list ``n`` with their labels, read
  from the same XSD that validates the ONIX record, so book.yaml is checked
  against exactly what the record will be checked against (currencies: list
  96, countries: list 91, regions: list 49, contributor roles: list 17, ...);
- ``thema_problem``: why a code is not a Thema code (not of the scheme's form,
  or not in EDItEUR's list, with the closest codes), or None; ``thema_heading``
  its English heading. The list ships in ``octavo/data/thema/`` (EDItEUR's
  Thema codes with their headings; see the NOTICE there).
- ``bisac_problem``: why a BISAC code is not of the scheme's form, or None.
  BISAC is a licensed list (BISG); its codes are checked for form only.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

XS = "{http://www.w3.org/2001/XMLSchema}"


def schema_dir() -> Path:
    import onixcheck

    return Path(onixcheck.__file__).parent / "schema" / "xsd3.0"


@lru_cache(maxsize=None)
def _code_lists() -> dict[int, dict[str, str]]:
    from lxml import etree

    tree = etree.parse(str(schema_dir() / "ONIX_BookProduct_CodeLists.xsd"))
    lists: dict[int, dict[str, str]] = {}
    for simple in tree.getroot().iter(f"{XS}simpleType"):
        name = simple.get("name") or ""
        if not name.startswith("List") or not name[4:].isdigit():
            continue
        codes = {}
        for enum in simple.iter(f"{XS}enumeration"):
            doc = enum.find(f"{XS}annotation/{XS}documentation")
            codes[enum.get("value")] = (doc.text or "").strip() if doc is not None else ""
        lists[int(name[4:])] = codes
    return lists


def onix_codes(number: int) -> dict[str, str]:
    """Code -> label of ONIX code list ``number`` (the issue the bundled XSD carries)."""
    return _code_lists().get(number, {})


# Thema: subject categories (A-Z, then letters and digits: NHD, NHWR7), qualifiers (1-6, then
# letters and digits), national extensions joined by hyphens (1DDU-GB-S, 1KBC-CA-A).
_THEMA = re.compile(r"(?:[A-Z][A-Z0-9]{0,7}|[1-6][A-Z0-9]{1,7})(?:-[A-Z]{2}(?:-[A-Z0-9]{1,5})*)?")
# BISAC: three capital letters and six digits (HIS032000).
_BISAC = re.compile(r"[A-Z]{3}\d{6}")


THEMA_FILE = Path(__file__).parent / "data" / "thema" / "thema_en.json"


@lru_cache(maxsize=None)
def thema_codes() -> dict[str, str]:
    """Every Thema code octavo knows -> its English heading."""
    import json

    return json.loads(THEMA_FILE.read_text(encoding="utf-8"))


def thema_heading(code: str) -> str | None:
    return thema_codes().get(code)


def thema_problem(code: str) -> str | None:
    if not _THEMA.fullmatch(code):
        return f"'{code}' is not of the form of a Thema code (e.g. NHD, NHWR7, 1DTA, 3MPBF)"
    if code in thema_codes():
        return None
    from octavo.errors import suggest

    near = suggest(code, thema_codes())
    hint = "; did you mean " + " or ".join(f"'{c}' ({thema_codes()[c]})" for c in near) + "?" if near else ""
    return (f"'{code}' is not in the Thema list octavo ships (EDItEUR's codes as of its copy){hint} "
            "Look the code up at https://ns.editeur.org/thema/")


def thema_is_qualifier(code: str) -> bool:
    return code[:1].isdigit()


def bisac_problem(code: str) -> str | None:
    if _BISAC.fullmatch(code):
        return None
    return f"'{code}' is not of the form of a BISAC code (three capital letters and six digits, e.g. HIS032000)"
