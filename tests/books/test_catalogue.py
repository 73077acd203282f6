"""A publisher's list (octavo.catalogue) end to end: two fixture books and a broken one,
built on the local pool and on a Dask cluster this module starts on 127.0.0.1 (a
``dask scheduler`` and two ``dask worker`` processes from the project's environment),
each output byte-identical to the book built alone; a rerun keeps everything; a tls://
cluster with certificates made here; the list's ONIX feed valid against the XSD.

One build of each kind per module (the machine has 2 cores): the books alone, the list
locally, the list on the cluster; the other tests reuse them."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import onixcheck
import pytest

from helpers import BOOKS, cli_env

pytestmark = pytest.mark.slow

BOOK_NAMES = ("tiny", "german")
OUTPUTS = ("epub", "pdf", "print", "cover", "spec", "lulu", "ingram", "onix", "jpg")


def make_list(where: Path, broken: bool = False) -> Path:
    """A copy of the fixture books and a catalogue.yaml listing them (and a broken book)."""
    where.mkdir(parents=True)
    for name in BOOK_NAMES:
        shutil.copytree(BOOKS / name, where / "books" / name)
    names = [f"books/{n}" for n in BOOK_NAMES]
    if broken:  # a book whose config has an error on a known line
        shutil.copytree(BOOKS / "tiny", where / "books" / "broken")
        yaml = where / "books" / "broken" / "book.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8").replace("slug: tiny-book", "slug: broken-book\nprint_run: 5"),
                        encoding="utf-8")
        names.append("books/broken")
    # a shared setting every book overrides: the books' bytes are those of the books alone
    listing = "\n".join(f"  - {n}" for n in names)
    (where / "catalogue.yaml").write_text(f"books:\n{listing}\nshared:\n  publisher: A Shared Press\n"
                                          f"sender: A Shared Press\n", encoding="utf-8")
    return where / "catalogue.yaml"


def octavo(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "octavo", *args], cwd=cwd, env=cli_env(), capture_output=True,
                          text=True, timeout=1800)


def outputs(book_dir: Path, kinds: tuple[str, ...] = OUTPUTS) -> dict[str, bytes]:
    from octavo.project import Book

    book = Book.load(book_dir)
    return {k: book.output(k).read_bytes() for k in kinds}


class Cluster:
    """A Dask scheduler and workers started as the project's own commands, on 127.0.0.1."""

    def __init__(self, where: Path, workers: int = 2, tls: dict[str, Path] | None = None):
        self.file = where / "scheduler.json"
        opts = [f"--tls-ca-file={tls['ca_file']}", f"--tls-cert={tls['cert']}", f"--tls-key={tls['key']}"] if tls else []
        dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
        self.procs = [subprocess.Popen([*dask, "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                        "--scheduler-file", str(self.file), *(["--protocol", "tls"] if tls else []), *opts],
                                       cwd=where, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        deadline = time.monotonic() + 120
        while not self.file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        import json

        time.sleep(0.5)
        self.address = json.loads(self.file.read_text())["address"]
        for _ in range(workers):  # one thread each: a layout job is CPU-bound
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--nthreads", "1",
                 "--no-dashboard", "--host", "127.0.0.1", *opts], cwd=where, env=cli_env(),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self.wait_for(workers, tls)

    def wait_for(self, n: int, tls) -> None:
        from distributed import Client
        from distributed.security import Security

        security = Security(tls_ca_file=str(tls["ca_file"]), tls_client_cert=str(tls["cert"]),
                            tls_client_key=str(tls["key"]), require_encryption=True) if tls else None
        with Client(self.address, security=security, timeout=60) as client:
            client.wait_for_workers(n, timeout=180)

    def stop(self) -> None:
        for p in reversed(self.procs):
            p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def clean(catalogue: Path) -> None:
    """Every book's build folder removed: the next build starts cold."""
    for name in BOOK_NAMES:
        shutil.rmtree(catalogue.parent / "books" / name / "build", ignore_errors=True)


def list_outputs(catalogue: Path) -> dict[str, dict[str, bytes]]:
    return {name: outputs(catalogue.parent / "books" / name) for name in BOOK_NAMES}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory) -> Path:
    """One list for the module, in one place (the books built alone are these folders built by
    themselves; a copy elsewhere gives the same bytes too, tests/books/test_reproducible_places.py)."""
    return make_list(tmp_path_factory.mktemp("catalogue") / "list", broken=True)


@pytest.fixture(scope="module")
def alone(catalogue) -> dict[str, dict[str, bytes]]:
    """Each book built by itself (octavo build --book), the reference bytes."""
    for name in BOOK_NAMES:
        run = octavo("build", "--book", str(catalogue.parent / "books" / name), cwd=catalogue.parent)
        assert run.returncode == 0, run.stderr
    found = list_outputs(catalogue)
    clean(catalogue)
    return found


@pytest.fixture(scope="module")
def local_list(catalogue, alone):
    """The list with a broken book, built on the local pool: (its stderr, its outputs, its feed)."""
    run = octavo("build", "--catalogue", str(catalogue), "--jobs", "2", cwd=catalogue.parent)
    feed = catalogue.parent / "build" / "catalogue.onix.xml"
    return run, list_outputs(catalogue), feed.read_bytes() if feed.is_file() else b""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("cluster"))
    yield c
    c.stop()


@pytest.fixture(scope="module")
def cluster_list(catalogue, local_list, cluster):
    """The same list, from cold, on the cluster."""
    clean(catalogue)
    run = octavo("build", "--catalogue", str(catalogue), "--scheduler", cluster.address, cwd=catalogue.parent)
    return run, list_outputs(catalogue)


def test_local_list_same_bytes_as_books_alone(alone, local_list):
    for name in BOOK_NAMES:
        assert local_list[1][name] == alone[name], name


def test_broken_book_fails_alone_and_is_named(catalogue, local_list):
    run = local_list[0]
    assert run.returncode == 1, run.stderr
    # the others built; the summary names the broken book's file and line
    assert "books/broken/book.yaml:7" in run.stderr, run.stderr
    assert "error C103" in run.stderr and "failed" in run.stderr
    assert "3 books: 2 built or up to date, 1 failed" in run.stderr
    assert "on 2 workers (local processes)" in run.stderr
    assert "K009" in run.stderr  # the feed leaves the broken book out, and says so
    assert not (catalogue.parent / "books" / "broken" / "build").exists()


def test_list_feed_holds_every_edition_and_validates(catalogue, local_list, tmp_path):
    from lxml import etree

    from octavo.builders.onix import NS

    feed = catalogue.parent / "build" / "catalogue.onix.xml"
    assert feed.read_bytes() == local_list[2]
    messages = onixcheck.validate(str(feed))
    assert messages == [], "\n".join(m.short for m in messages)
    root = etree.parse(str(feed)).getroot()
    refs = root.xpath("//o:Product/o:RecordReference/text()", namespaces={"o": NS})
    single = [ref for name in BOOK_NAMES
              for ref in etree.parse(str(next((catalogue.parent / "books" / name / "build").glob("*.onix.xml"))))
              .getroot().xpath("//o:Product/o:RecordReference/text()", namespaces={"o": NS})]
    assert refs == single and len(refs) == len(set(refs))
    assert root.xpath("//o:Header/o:Sender/o:SenderName/text()", namespaces={"o": NS}) == ["A Shared Press"]
    for link in root.xpath("//o:ResourceLink/text()", namespaces={"o": NS}):  # each cover image found from the feed
        assert (feed.parent / link).is_file(), link


def test_cluster_list_same_bytes_as_books_alone(alone, cluster_list):
    run, built = cluster_list
    assert run.returncode == 1, run.stderr  # the broken book, as locally
    assert "3 books: 2 built or up to date, 1 failed" in run.stderr
    assert "on 2 workers (Dask cluster at tcp://127.0.0.1:" in run.stderr
    for name in BOOK_NAMES:
        assert built[name] == alone[name], name


def test_rerun_on_cluster_keeps_everything(catalogue, cluster_list, cluster):
    before = {p: p.stat().st_mtime_ns for p in catalogue.parent.glob("books/*/build/*") if p.is_file()}
    run = octavo("build", "--catalogue", str(catalogue), "--scheduler", cluster.address, cwd=catalogue.parent)
    assert run.returncode == 1, run.stderr  # the broken book still fails
    assert run.stderr.count("up to date  books/") == len(BOOK_NAMES), run.stderr
    after = {p: p.stat().st_mtime_ns for p in catalogue.parent.glob("books/*/build/*") if p.is_file()}
    assert after == before  # no output rewritten: no job was sent


def test_worker_killed_mid_build_job_is_run_again(catalogue, alone, cluster):
    """A worker killed while it lays out a book: Dask runs the job again elsewhere, the list
    completes and the files are the books' own, never a corrupt output."""
    from distributed import Client

    clean(catalogue)  # from cold, as the books alone were built
    proc = subprocess.Popen([sys.executable, "-m", "octavo", "build", "--catalogue", str(catalogue), "--force",
                             "--format", "cover", "--scheduler", cluster.address], cwd=catalogue.parent,
                            env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Client(cluster.address, timeout=60) as client:
        deadline = time.monotonic() + 300
        while not any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.2)
        busy = next(address for address, keys in client.processing().items() if keys)
        pid = client.run(os.getpid, workers=[busy])[busy]
    os.kill(pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=900)
    assert proc.returncode == 1 and "2 built or up to date, 1 failed" in err, err  # only the broken book fails
    for name in BOOK_NAMES:
        built = outputs(catalogue.parent / "books" / name, ("print", "cover"))
        for kind in ("print", "cover"):
            assert built[kind] == alone[name][kind], (name, kind)


def _certificates(where: Path) -> dict[str, Path]:
    """A CA and one certificate it signs for 127.0.0.1 (scheduler, workers and client share it)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.timezone.utc)

    def cert(subject, issuer, key, sign_key, ca: bool):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
             .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(hours=1))
             .not_valid_after(now + dt.timedelta(days=1))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                             x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        return b.sign(sign_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "octavo test CA")])
    ca = cert(ca_name, ca_name, ca_key, ca_key, True)
    leaf = cert(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]), ca_name, key, ca_key, False)
    files = {"ca_file": where / "ca.pem", "cert": where / "cert.pem", "key": where / "key.pem"}
    files["ca_file"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files["cert"].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    files["key"].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return files


def test_tls_cluster_lays_out_the_same_cover(tmp_path, catalogue, alone):
    """On a tls:// cluster (certificates named in catalogue.yaml): the interiors and covers laid out
    on its worker are identical to the books' built alone."""
    certs = _certificates(tmp_path)
    clean(catalogue)
    listed = catalogue.read_text(encoding="utf-8")
    with catalogue.open("a", encoding="utf-8") as f:
        f.write(f"cluster:\n  tls_ca_file: {certs['ca_file']}\n  tls_cert: {certs['cert']}\n  tls_key: {certs['key']}\n")
    cluster = Cluster(tmp_path, workers=1, tls=certs)
    try:
        assert cluster.address.startswith("tls://")
        run = octavo("build", "--catalogue", str(catalogue), "--scheduler", cluster.address, "--format", "cover",
                     cwd=catalogue.parent)
        assert run.returncode == 1 and "2 built or up to date, 1 failed" in run.stderr, run.stderr
        assert "on 1 worker (Dask cluster at tls://" in run.stderr
        for name in BOOK_NAMES:
            from octavo.project import Book

            book = Book.load(catalogue.parent / "books" / name)
            for kind in ("print", "cover"):
                assert book.output(kind).read_bytes() == alone[name][kind], (name, kind)
        # without the certificates the client is refused, with a located message and no traceback
        catalogue.write_text(listed, encoding="utf-8")
        run = octavo("build", "--catalogue", str(catalogue), "--scheduler", cluster.address, cwd=catalogue.parent)
        assert run.returncode == 1 and "error K007" in run.stderr and "Traceback" not in run.stderr, run.stderr
    finally:
        cluster.stop()


def test_ctrl_c_cancels_the_cluster_jobs_and_keeps_outputs(catalogue, cluster_list, cluster):
    """Ctrl-C during a forced rebuild on the cluster: exit 130, the books' outputs as they were,
    and the scheduler left with none of the list's jobs. Last in the module: a job a worker had
    already begun still finishes there (Dask cannot stop a running thread) and leaves its cache files."""
    from distributed import Client

    before = {p: p.read_bytes() for p in catalogue.parent.glob("books/*/build/*") if p.is_file()}
    proc = subprocess.Popen([sys.executable, "-m", "octavo", "build", "--catalogue", str(catalogue), "--force",
                             "--scheduler", cluster.address], cwd=catalogue.parent, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Client(cluster.address, timeout=60) as client:
        deadline = time.monotonic() + 300
        while not any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.2)  # wait until a layout job runs on a worker
        assert any(client.processing().values()), "no job reached the cluster"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 130, err
        assert "Traceback" not in err
        deadline = time.monotonic() + 60
        while any(client.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(client.processing().values())  # the running jobs were cancelled, none left queued
    after = {p: p.read_bytes() for p in catalogue.parent.glob("books/*/build/*") if p.is_file()}
    assert after == before
