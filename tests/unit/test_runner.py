"""octavo.runner on toy targets: dependency order, fresh targets kept by key, a failure stops
what needs it, the record of what ran, pool targets on the executor and local ones here."""
from __future__ import annotations

from concurrent.futures import Executor, Future

import pytest

from octavo.cache import Manifest
from octavo.runner import POOL, Made, Runner, Target, commit


class RecordingExecutor(Executor):
    """Runs each job at once in this thread and notes its name."""

    def __init__(self):
        self.submitted: list[str] = []

    def submit(self, fn, *args, **kwargs):
        self.submitted.append(args[0])
        future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the runner as a pool would
            future.set_exception(exc)
        return future


def _make(name: str, inputs: dict) -> Made:
    return Made(f"{name}:{inputs.get(name, '')}", {name: f"{name} from {inputs.get(name, '')}".encode()})


class Toy:
    """A context: ``inputs`` are the toy book's input keys; ``calls`` what the jobs did."""

    def __init__(self, **inputs):
        self.inputs = dict(inputs)
        self.calls: list[str] = []


KEYLESS = {"x"}  # the toy target made without a key (as the parsed book is)


def _target(name: str, needs: tuple[str, ...] = (), where: str = "local", outputs: bool = True,
            keyed: bool = True, fail: bool = False, remember: bool = False) -> Target:
    def key(ctx, got):
        return "|".join([ctx.inputs.get(name, "")] + [got.key(n) for n in needs if n not in KEYLESS])

    def job(ctx, got):
        for n in needs:
            got.result(n)  # every need has a result by now
        ctx.calls.append(name)

        def run(label):
            if fail:
                raise RuntimeError(f"{label} failed")
            return _make(label, ctx.inputs) if outputs else Made(f"{label} result")
        return run, (name,)
    return Target(name, job=job, needs=needs, key=key if keyed else None, where=where,
                  outputs=(name,) if outputs else (), remember=remember)


def _run(tmp_path, targets, ctx, wanted, executor=None, force=False):
    manifest = Manifest.load(tmp_path)
    runner = Runner(targets, ctx, manifest, executor, set(wanted), force)
    outcome = runner.run()
    paths = {kind: tmp_path / kind for kind in outcome.files}
    commit(tmp_path, {paths[k]: data for k, data in outcome.files.items()})
    runner.record(paths)
    manifest.save()
    return outcome, runner


CHAIN = [_target("a"), _target("b", ("a",)), _target("c", ("b",))]


def test_targets_run_in_dependency_order_and_are_recorded(tmp_path):
    ctx = Toy(a="1", b="1", c="1")
    outcome, _ = _run(tmp_path, CHAIN, ctx, {"a", "b", "c"})
    assert outcome.ran == ctx.calls == ["a", "b", "c"]
    assert set(outcome.files) == {"a", "b", "c"}
    assert Manifest.load(tmp_path).ran == ["a", "b", "c"]


def test_nothing_changed_runs_nothing(tmp_path):
    _run(tmp_path, CHAIN, Toy(a="1", b="1", c="1"), {"a", "b", "c"})
    ctx = Toy(a="1", b="1", c="1")
    outcome, runner = _run(tmp_path, CHAIN, ctx, {"a", "b", "c"})
    assert outcome.ran == ctx.calls == [] and outcome.files == {}
    assert Manifest.load(tmp_path).ran == []
    assert runner.current(("a", "b", "c"))


def test_a_change_runs_its_target_and_what_depends_on_it(tmp_path):
    _run(tmp_path, CHAIN, Toy(a="1", b="1", c="1"), {"a", "b", "c"})
    outcome, _ = _run(tmp_path, CHAIN, Toy(a="1", b="2", c="1"), {"a", "b", "c"})
    assert outcome.ran == ["b", "c"]


def test_a_deleted_output_is_made_again_and_force_runs_all(tmp_path):
    _run(tmp_path, CHAIN, Toy(a="1", b="1", c="1"), {"a", "b", "c"})
    (tmp_path / "c").unlink()
    assert _run(tmp_path, CHAIN, Toy(a="1", b="1", c="1"), {"a", "b", "c"})[0].ran == ["c"]
    assert _run(tmp_path, CHAIN, Toy(a="1", b="1", c="1"), {"a", "b", "c"}, force=True)[0].ran == ["a", "b", "c"]


def test_a_failed_target_stops_what_needs_it(tmp_path):
    targets = [_target("a"), _target("b", ("a",), fail=True), _target("c", ("b",))]
    ctx = Toy()
    with pytest.raises(RuntimeError, match="b failed"):
        _run(tmp_path, targets, ctx, {"a", "b", "c"})
    assert ctx.calls == ["a", "b"]  # c never started
    assert not (tmp_path / "a").exists()  # nothing committed


def test_pool_targets_go_to_the_executor_and_local_ones_run_here(tmp_path):
    targets = [_target("a"), _target("p", ("a",), where=POOL), _target("c", ("p",))]
    pool = RecordingExecutor()
    outcome, _ = _run(tmp_path, targets, Toy(), {"a", "p", "c"}, executor=pool)
    assert pool.submitted == ["p"]
    assert outcome.ran == ["a", "p", "c"]


def test_a_keyless_intermediate_runs_only_when_a_stale_target_needs_it(tmp_path):
    targets = [_target("x", outputs=False, keyed=False), _target("d", ("x",))]
    ctx = Toy(d="1")
    assert _run(tmp_path, targets, ctx, {"d"})[0].ran == ["x", "d"]
    assert _run(tmp_path, targets, Toy(d="1"), {"d"})[0].ran == []
    assert _run(tmp_path, targets, Toy(d="2"), {"d"})[0].ran == ["x", "d"]


def test_only_asked_outputs_are_written_and_a_remembered_result_is_reused(tmp_path):
    targets = [_target("a", remember=True), _target("b", ("a",))]
    first, _ = _run(tmp_path, targets, Toy(a="1", b="1"), {"b"})
    assert first.ran == ["a", "b"] and set(first.files) == {"b"}  # a ran for b, its file not asked
    again, runner = _run(tmp_path, targets, Toy(a="1", b="2"), {"b"})
    assert again.ran == ["b"]  # a's result comes from the manifest
    assert runner.results["a"] == "a:1"


def test_a_need_declared_after_its_dependant_is_refused(tmp_path):
    with pytest.raises(ValueError, match="needs b"):
        Runner([_target("a", ("b",)), _target("b")], Toy(), Manifest.load(tmp_path), None, {"a"})


def test_a_key_that_asks_for_an_unasked_need_gets_it(tmp_path):
    """b's key reads a's result though a's own output is not asked for: a is decided, run, then b."""
    def b_key(ctx, got):
        return f"{ctx.inputs.get('b', '')}|{got.result('a')}"

    a = _target("a", remember=True)
    b = _target("b", ("a",))
    b = Target("b", job=b.job, needs=("a",), key=b_key, outputs=("b",))
    assert _run(tmp_path, [a, b], Toy(a="1", b="1"), {"b"})[0].ran == ["a", "b"]
    assert _run(tmp_path, [a, b], Toy(a="1", b="1"), {"b"})[0].ran == []
    assert _run(tmp_path, [a, b], Toy(a="2", b="1"), {"b"})[0].ran == ["a", "b"]
