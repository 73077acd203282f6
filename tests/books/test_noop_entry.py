"""A no-op build is answered before click and rich load (quick: one small subprocess)."""


def test_the_cli_module_is_not_loaded_for_a_no_op(tmp_path):
    import subprocess
    import sys

    # a book that is not there: the fast path declines, so only the import matters here
    code = ("import sys; from octavo import launch; launch._noop_build(['build', '--book', %r]); "
            "print('click' in sys.modules, 'rich' in sys.modules, 'octavo.cli' in sys.modules)" % str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]
