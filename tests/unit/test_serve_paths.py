"""The preview's path guard and its listening address, without a server."""
from __future__ import annotations

import pytest

from octavo.serve.app import book_file
from octavo.serve.server import is_loopback


@pytest.fixture
def root(tmp_path):
    book = tmp_path / "book"
    (book / "images").mkdir(parents=True)
    (book / "images" / "a.png").write_bytes(b"png")
    (book / "book.yaml").write_text("title: x\n")
    (tmp_path / "outside.png").write_bytes(b"secret")
    (book / "images" / "link.png").symlink_to(tmp_path / "outside.png")
    return book


def test_an_image_inside_the_book_is_served(root):
    assert book_file(root, "images/a.png") == (root / "images" / "a.png").resolve()


@pytest.mark.parametrize("path", ["../outside.png", "images/../../outside.png", "/etc/passwd", "images//a.png",
                                  "./images/a.png", "images/link.png", "book.yaml", "images", "", "images\\a.png",
                                  "images/a.png\0", "images/missing.png"])
def test_anything_else_is_refused(root, path):
    assert book_file(root, path) is None


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_addresses(host, loopback):
    assert is_loopback(host) is loopback
