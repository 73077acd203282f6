"""Atomic writes (octavo.atomic): whole or nothing, and no temporary file on any failure."""
from __future__ import annotations

import pytest

from octavo.atomic import write_atomic, write_with


def test_writes_bytes_and_text(tmp_path):
    write_atomic(tmp_path / "a.bin", b"\x00\x01")
    write_atomic(tmp_path / "sub" / "b.txt", "été")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "sub" / "b.txt").read_text(encoding="utf-8") == "été"


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_failure_leaves_old_file_and_no_temporary(tmp_path, error):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def writer(tmp):
        tmp.write_bytes(b"half")
        raise error

    with pytest.raises(type(error)):
        write_with(target, writer)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_output_has_ordinary_permissions(tmp_path):
    write_atomic(tmp_path / "f", b"x")
    assert (tmp_path / "f").stat().st_mode & 0o644 == 0o644
