"""A small build runner over declared targets.

Takes: the targets (``Target``: a name, the targets it needs, a key function, a job and where
it runs, the output kinds it writes), in dependency order; the output kinds asked for; a
``Manifest`` (what the last build made, by key); an ``Executor`` for the targets that run on
the pool; a context object handed to every function; ``force``. Gives: ``Outcome`` — the
files made (output kind -> bytes, only of the kinds asked for), the names of the targets that
ran, in the order they finished, and every target's result — and, once the caller has
committed the files, ``record`` writes what they were made from into the manifest.

How it decides. A target with an output asked for is a goal. Its key (over the book's input keys and its needs' keys and results) is
compared with the manifest: the same key and every asked output on disk as written (and, for
a target that ``remember``s its result, that result recorded under the same key) means fresh,
kept as it is. Anything else is stale: its needs are then asked for too, and it runs when
every need has a result. A target without outputs (the parsed book, the cover image) runs
only when a stale target needs it. Pool targets are submitted as soon as their needs are
met; the runner waits on them in dependency order, so reports and progress come in the same
order whatever finishes first. An exception in any target stops the run: nothing that needs
it runs, futures not yet started are cancelled, and the exception goes to the caller.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from octavo.atomic import write_atomic

LOCAL, POOL, THREAD = "local", "pool", "thread"


class NotReady(Exception):
    """A key asked for something not known yet (a need still running): decide it later."""


@dataclass
class Made:
    """What a finished job gives the runner: its result for the targets that need it, and the
    files it wrote (output kind -> bytes)."""

    result: Any = None
    files: dict[str, bytes] = field(default_factory=dict)


def _as_made(ctx: Any, needs: "Needs", value: Any) -> Made:
    return value if isinstance(value, Made) else Made(value)


@dataclass(frozen=True)
class Target:
    """One step of the build. ``key(ctx, needs) -> str`` says what it is made from (``None``
    for no key: never fresh, it runs whenever a stale target needs it). ``job(ctx, needs) ->
    (function, args)`` is called in this process; the function runs here (``where=LOCAL``) or
    on the executor (``POOL``: it and its arguments must pickle) or on a thread of this process
    (``THREAD``: a job that hands its own pieces to the executor, as a layout does its slices). ``done(ctx, needs, value) ->
    Made`` takes the function's value back in this process (reports, progress). ``outputs``:
    the output kinds it writes. ``remember``: its result is kept in the manifest under its key,
    so a fresh target still gives its dependants a result (the print layout's page map)."""

    name: str
    job: Callable[[Any, "Needs"], tuple[Callable[..., Any], tuple]]
    needs: tuple[str, ...] = ()
    key: Callable[[Any, "Needs"], str] | None = None
    done: Callable[[Any, "Needs", Any], Made] = _as_made
    where: str = LOCAL
    outputs: tuple[str, ...] = ()
    remember: bool = False


class Needs:
    """A target's view of what it needs: their keys, results and output files. Asking for
    something not known yet raises ``NotReady`` (and asks for the need, unless probing)."""

    def __init__(self, runner: "Runner", target: Target, probe: bool = False):
        self._runner, self._target, self._probe = runner, target, probe

    def _check(self, name: str) -> None:
        if name not in self._target.needs:
            raise KeyError(f"{self._target.name} does not declare {name} as a need")

    def key(self, name: str) -> str:
        self._check(name)
        return self._runner.key_of(name, self._probe)

    def result(self, name: str) -> Any:
        self._check(name)
        return self._runner.result_of(name, self._probe)

    def output(self, kind: str) -> bytes:
        """An output file's bytes: as just made by this build, or as it is in the build folder."""
        self._check(self._runner.maker[kind])
        self._runner.result_of(self._runner.maker[kind], self._probe)
        data = self._runner.files.get(kind)
        if data is None:
            path = self._runner.manifest.output_path(kind)
            if path is None:
                raise NotReady(kind)
            data = path.read_bytes()
        return data

    def output_digest(self, kind: str) -> str:
        """The SHA-256 of an output file: of this build's bytes, or as recorded when it was written."""
        self._check(self._runner.maker[kind])
        self._runner.result_of(self._runner.maker[kind], self._probe)
        data = self._runner.files.get(kind)
        if data is not None:
            return hashlib.sha256(data).hexdigest()
        recorded = self._runner.manifest.outputs.get(kind, {})
        return recorded.get("sha", "") if isinstance(recorded, dict) else ""


@dataclass
class Outcome:
    files: dict[str, bytes] = field(default_factory=dict)  # output kind -> bytes, asked kinds only
    ran: list[str] = field(default_factory=list)  # target names, in the order they finished
    results: dict[str, Any] = field(default_factory=dict)


class Runner:
    def __init__(self, targets: list[Target] | tuple[Target, ...], ctx: Any, manifest: Any, executor: Executor | None,
                 wanted: set[str] | frozenset[str], force: bool = False):
        self.targets = {t.name: t for t in targets}
        self.order = [t.name for t in targets]
        for t in targets:  # dependency order is the registry's order: a need comes first
            for n in t.needs:
                if n not in self.targets or self.order.index(n) > self.order.index(t.name):
                    raise ValueError(f"target {t.name} needs {n}, which is not declared before it")
        self.maker = {kind: t.name for t in targets for kind in t.outputs}
        self.ctx, self.manifest, self.executor = ctx, manifest, executor
        self.wanted, self.force = set(wanted), force
        self.state: dict[str, str] = {}  # asked | fresh | stale | running | done
        self.results: dict[str, Any] = {}
        self.files: dict[str, bytes] = {}
        self.ran: list[str] = []
        self.running: dict[str, Future] = {}
        self._threads: ThreadPoolExecutor | None = None

    # --- what the key functions and jobs see -------------------------------------------

    def key_of(self, name: str, probe: bool = False) -> str:
        target = self.targets[name]
        if target.key is None:
            raise NotReady(name)  # a target without a key has none to give its dependants
        return target.key(self.ctx, Needs(self, target, probe))

    def result_of(self, name: str, probe: bool = False) -> Any:
        state = self.state.get(name)
        if state in ("fresh", "done"):
            return self.results.get(name)
        if probe and state is None:
            if self._decide(name, probe=True) == "fresh":
                return self.results.get(name)
        elif state is None:
            self.state[name] = "asked"
        raise NotReady(name)

    # --- deciding ------------------------------------------------------------------------

    def _asked_outputs(self, target: Target) -> list[str]:
        return [k for k in target.outputs if k in self.wanted]

    def _decide(self, name: str, probe: bool = False) -> str:
        """fresh or stale, from the key and the manifest; NotReady when the key cannot be known yet."""
        target = self.targets[name]
        outputs = self._asked_outputs(target)
        fresh = False
        if not self.force and target.key is not None and (outputs or target.remember):
            key = self.key_of(name, probe)
            fresh = all(self.manifest.fresh(k, key) for k in outputs)
            if fresh and target.remember:
                kept = self.manifest.results.get(name)
                fresh = isinstance(kept, dict) and kept.get("key") == key
                if fresh:
                    self.results[name] = kept.get("value")
        if probe:
            if fresh:
                self.state[name] = "fresh"
            return "fresh" if fresh else "stale"
        self.state[name] = "fresh" if fresh else "stale"
        if not fresh:
            for n in target.needs:
                self.state.setdefault(n, "asked")
        return self.state[name]

    # --- running -------------------------------------------------------------------------

    def _start(self, name: str) -> None:
        target = self.targets[name]
        function, args = target.job(self.ctx, Needs(self, target))
        self.state[name] = "running"
        if target.where == POOL and self.executor is not None:
            self.running[name] = self.executor.submit(function, *args)
        elif target.where == THREAD:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(thread_name_prefix="octavo-target")
            self.running[name] = self._threads.submit(function, *args)
        else:  # here, now: its result may let more targets be decided
            self._finish(name, function(*args))

    def _finish(self, name: str, value: Any) -> None:
        target = self.targets[name]
        made = target.done(self.ctx, Needs(self, target), value)
        self.results[name] = made.result
        for kind, data in made.files.items():
            if kind in self.wanted:  # a job may make more than was asked (the print PDF for the page map)
                self.files[kind] = data
        self.state[name] = "done"
        self.ran.append(name)

    def run(self) -> Outcome:
        for name in self.order:
            if self._asked_outputs(self.targets[name]):
                self.state[name] = "asked"
        try:
            while True:
                before = dict(self.state)
                for name in self.order:  # decide what can be decided (a key may ask for a need)
                    if self.state.get(name) == "asked":
                        try:
                            self._decide(name)
                        except NotReady:
                            pass
                moved = self.state != before
                for name in self.order:  # start what has every need's result
                    target = self.targets[name]
                    if self.state.get(name) == "stale" and all(self.state.get(n) in ("fresh", "done") for n in target.needs):
                        self._start(name)
                        moved = True
                        break  # a local job may have made results that change what can be decided
                if moved:
                    continue
                if not self.running:
                    break
                name = next(n for n in self.order if n in self.running)  # in order: reports come in order
                value = self.running.pop(name).result()
                self._finish(name, value)
        except BaseException:
            for future in self.running.values():
                future.cancel()
            raise
        finally:
            if self._threads is not None:
                self._threads.shutdown(wait=False, cancel_futures=True)
        stuck = [n for n in self.order if self.state.get(n) in ("asked", "stale")]
        if stuck:  # a key asked for a result no target gives: a fault in the registry
            raise RuntimeError(f"targets never decided: {', '.join(stuck)}")
        return Outcome(dict(self.files), list(self.ran), dict(self.results))

    # --- after the commit ----------------------------------------------------------------

    def final_key(self, name: str) -> str | None:
        """The target's key now (inputs as they are after the run), or None when it cannot be
        known without running something."""
        try:
            return self.key_of(name, probe=True)
        except NotReady:
            return None

    def record(self, paths: dict[str, Path]) -> None:
        """Write into the manifest what each file just committed was made from, each
        remembered result under its key, and the list of targets that ran."""
        for kind, data in self.files.items():
            key = self.final_key(self.maker[kind])
            if key is not None:
                self.manifest.record(kind, key, paths[kind], hashlib.sha256(data).hexdigest())
        for name in self.ran:
            if self.targets[name].remember:
                key = self.final_key(name)
                if key is not None:
                    self.manifest.results[name] = {"key": key, "value": self.results[name]}
        self.manifest.ran = list(self.ran)

    def current(self, kinds: tuple[str, ...]) -> bool:
        """Every output of ``kinds`` is recorded under the key its target has now."""
        for kind in kinds:
            key = self.final_key(self.maker[kind])
            if key is None or self.manifest.keys.get(kind) != key:
                return False
        return True


def commit(build_dir: Path, files: dict[Path, bytes]) -> None:
    """Write every output to a staging folder, then move each into place: a failure before
    the moves leaves every earlier output as it was, and no staging file behind."""
    if not files:
        return
    staging = build_dir / f".staging-{os.getpid()}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        staged = []
        for path, data in files.items():
            tmp = staging / path.name
            write_atomic(tmp, data)
            staged.append((tmp, path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
