"""The manuscript's book.yaml loads, with the trim, slug and chapters it names."""
from __future__ import annotations

from helpers import REPO
from octavo.config import load_config


def test_real_manuscript_config_is_valid():
    config = load_config(REPO / "manuscript" / "book.yaml")
    assert config.print.trim == "5.5x8.5in"
    assert config.book_slug == "rise-of-stalinism-part-3"
    assert len(config.chapters) == 7
