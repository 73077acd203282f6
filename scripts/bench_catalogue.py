"""``scripts/bench.py --catalogue N``: a simulated publisher's list, built three ways.

Makes N synthetic books from the fixture books (tests/books/tiny, german, russian
in turn, each with a title and slug of its own) and a catalogue.yaml listing
them; builds fresh copies (cold caches) on one process (every job in the calling
process, book after book), on the local pool (``octavo build --catalogue --jobs
2``) and on a local Dask cluster of two one-thread workers that this script
starts on 127.0.0.1 (``octavo build --catalogue --scheduler``); prints each
time, the throughput in books per minute, the speed-up over one process, and
the per-book costs (layout jobs, client-side work) with what a 500-book list
would take on k workers from them.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = ("tiny", "german", "russian")
EPOCH = "1700000000"

ONE_PROCESS = r"""
import json, sys, time
from concurrent.futures import Executor, Future
from octavo.build import build
from octavo.catalogue.config import load_catalogue
from octavo.catalogue.run import load_books

class Inline(Executor):
    '''Every job runs at once in this process: the one-process row.'''
    def submit(self, fn, /, *args):
        f = Future()
        try:
            f.set_result(fn(*args))
        except BaseException as exc:
            f.set_exception(exc)
        return f

timings = []
for out in load_books(load_catalogue(sys.argv[1]), None):
    res = build(out.book, executor=Inline())
    timings.append(res.timings)
json.dump(timings, open(sys.argv[2], "w"))
"""


def env() -> dict[str, str]:
    e = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_COLOR="1")
    e["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), e.get("PYTHONPATH", "")) if p)
    return e


def make_list(where: Path, n: int) -> Path:
    from ruamel.yaml import YAML

    yaml = YAML()
    names = []
    for i in range(n):
        name = f"book-{i + 1:03d}"
        shutil.copytree(REPO / "tests" / "books" / FIXTURES[i % len(FIXTURES)], where / name,
                        ignore=shutil.ignore_patterns("build"))
        data = yaml.load((where / name / "book.yaml").read_text(encoding="utf-8"))
        data["title"], data["slug"] = f"{data['title']} {i + 1}", name
        with (where / name / "book.yaml").open("w", encoding="utf-8") as f:
            yaml.dump(data, f)
        names.append(name)
    (where / "catalogue.yaml").write_text("books:\n" + "".join(f"  - {n}\n" for n in names), encoding="utf-8")
    return where / "catalogue.yaml"


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, env=env(), capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if run.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd[2:5])} failed:\n{run.stderr[-3000:]}")
    return seconds


class DaskCluster:
    def __init__(self, where: Path, workers: int = 2):
        self.file = where / "scheduler.json"
        self.procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                        "--port", "0", "--no-dashboard", "--scheduler-file", str(self.file)],
                                       cwd=where, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        while not self.file.is_file():
            time.sleep(0.2)
        time.sleep(0.5)
        self.address = json.loads(self.file.read_text())["address"]
        for _ in range(workers):
            self.procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", self.address,
                                                "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                                               cwd=where, env=env(), stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=180)

    def stop(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            p.wait(timeout=30)


def run(n: int, jobs: int = 2) -> None:
    octavo = [sys.executable, "-m", "octavo"]
    with tempfile.TemporaryDirectory(prefix="octavo-bench-list-") as tmp:
        tmp = Path(tmp)
        rows: dict[str, float] = {}
        lists = {row: make_list(tmp / row, n) for row in ("one", "pool", "dask")}
        print(f"a list of {n} books made from tests/books/{{{','.join(FIXTURES)}}}; {os.cpu_count()} CPUs", flush=True)

        timings_file = tmp / "timings.json"
        rows["one"] = timed([sys.executable, "-c", ONE_PROCESS, str(lists["one"]), str(timings_file)], tmp / "one")
        print(f"1. one process, book after book:        {rows['one']:7.1f} s", flush=True)
        rows["pool"] = timed([*octavo, "build", "--catalogue", str(lists["pool"]), "--jobs", str(jobs)], tmp / "pool")
        print(f"2. local pool of {jobs} processes:           {rows['pool']:7.1f} s", flush=True)
        cluster = DaskCluster(tmp, workers=jobs)
        try:
            rows["dask"] = timed([*octavo, "build", "--catalogue", str(lists["dask"]), "--scheduler", cluster.address],
                                 tmp / "dask")
        finally:
            cluster.stop()
        print(f"3. local Dask cluster, {jobs} workers:       {rows['dask']:7.1f} s", flush=True)
        timings = json.loads(timings_file.read_text())  # before the temporary folder goes

    print(f"\n{'':38} books/min  speed-up over one process")
    for key, label in (("one", "one process"), ("pool", f"local pool ({jobs})"), ("dask", f"Dask ({jobs} workers)")):
        print(f"  {label:36} {60 * n / rows[key]:8.1f}  {rows['one'] / rows[key]:5.2f} x")

    layout = sum(t.get("print", 0) + t.get("pdf", 0) + t.get("cover", 0) for t in timings) / len(timings)
    reading = sum(t.get("prepare", 0) for t in timings) / len(timings)
    client = sum(t["total"] for t in timings) / len(timings) - layout - reading
    print(f"\nper book (one process): layout jobs {layout:.1f} s, reading (a job on a list's workers) {reading:.1f} s, "
          f"client side (EPUB, files) {client:.1f} s")
    print("500 books on k workers, on paper (the client's Python work on one core: the GIL):")
    for k in (2, 8, 32, 128):
        estimate = 500 * max((layout + reading) / k, client)
        print(f"  k = {k:3}: {estimate / 60:6.1f} min")
