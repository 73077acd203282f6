"""octavo finds its templates, and a missing templates folder is blamed on the installation."""
from __future__ import annotations

import pytest

from octavo.errors import BookError
from octavo.paths import PACKAGE_TEMPLATES
from octavo.project import check_templates


def test_templates_found_from_a_source_checkout():
    assert (PACKAGE_TEMPLATES / "book.html.j2").is_file()


def test_missing_templates_is_an_installation_error_not_an_output_folder_one(tmp_path):
    with pytest.raises(BookError) as info:
        check_templates(tmp_path / "templates")
    (d,) = info.value.diagnostics
    assert d.code == "H001" and "templates" in d.message and "Reinstall" in (d.hint or "")
    assert "--out" not in (d.hint or "") and d.code != "O801"
