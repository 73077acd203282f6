"""The entry point answers only a plain no-op build itself; anything else goes to the CLI."""
from pathlib import Path

import pytest

from octavo import launch


@pytest.fixture
def asked(monkeypatch):
    calls = []

    def fake(book, out, kinds):
        calls.append((book, out, kinds))
        return True

    monkeypatch.setattr("octavo.cache.nothing_to_do", fake)
    return calls


@pytest.mark.parametrize("args", [
    [], ["check"], ["build", "--force"], ["build", "--release"], ["build", "--proof"], ["build", "--help"],
    ["build", "--format", "mobi"], ["build", "--book"], ["build", "--book", "--out", "x"],
    ["build", "--book", "a", "--book", "b"], ["build", "extra"],
])
def test_anything_but_a_plain_build_goes_to_the_full_command_line(args, asked):
    assert launch._noop_build(args) is False
    assert asked == []


def test_a_plain_build_asks_the_cache_with_the_same_outputs_as_the_cli(asked):
    from octavo.paths import FORMATS

    assert launch._noop_build(["build", "--book", "bk", "--out=o", "--format", "epub", "--format=epub"])
    assert asked[-1] == (Path("bk"), Path("o"), ("epub",))
    assert launch._noop_build(["build", "--book", "bk"])
    assert asked[-1] == (Path("bk"), None, FORMATS)
