"""Where a list's layout jobs run: this machine's processes, or a Dask cluster.

Takes: the number of local processes, or a scheduler address (tcp:// or tls://,
with the TLS files). Gives: ``Workers``, holding the ``concurrent.futures``
executor every book's ``octavo.build.build`` submits its layout jobs to, the
number of workers taking part, and ``cancel`` (Ctrl-C: the cluster drops the
list's tasks; the local pool's queue is emptied).

Every job carries the environment that decides its bytes (SOURCE_DATE_EPOCH):
a Dask worker was started with its own, and a job must lay out the book as the
client would, so that a book built on the cluster is byte-identical to the same
book built alone. Workers of a cluster read the books (and write their cache
files) at the same absolute paths as the client: a folder they share, mounted
at the same place.
"""
from __future__ import annotations

import os
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from octavo.errors import BookError, Diagnostic

# what a job's output depends on besides its arguments
CARRIED_ENV = ("SOURCE_DATE_EPOCH",)


def _in_env(env: dict[str, str | None], fn: Callable, *args: Any) -> Any:
    """Run ``fn`` with the client's ``env`` (a worker process may have been started with another)."""
    saved = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        return fn(*args)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class CarryEnv(Executor):
    """An executor that runs each job in the submitting process's environment, and remembers its
    jobs so that they can all be cancelled at once."""

    def __init__(self, inner: Executor):
        self.inner = inner
        self.env = {k: os.environ.get(k) for k in CARRIED_ENV}
        self.futures: list[Future] = []

    def submit(self, fn, /, *args, **kwargs):
        if kwargs:
            raise TypeError("layout jobs take positional arguments only")
        future = self.inner.submit(_in_env, self.env, fn, *args)
        self.futures.append(future)
        return future

    def cancel(self) -> None:
        for future in self.futures:
            future.cancel()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if cancel_futures:
            self.cancel()
        self.inner.shutdown(wait=wait)


@dataclass
class Workers:
    executor: CarryEnv
    where: str  # "local processes" or the scheduler's address
    _count: Callable[[], int]
    _close: Callable[[], None]
    _cancel: Callable[[], None] = field(default=lambda: None)

    @property
    def count(self) -> int:
        return self._count()

    def cancel(self) -> None:
        """Drop every job not finished: queued ones never start, the cluster stops running ones."""
        self.executor.cancel()
        self._cancel()

    def close(self) -> None:
        self._close()


def local_workers(jobs: int) -> Workers:
    """A pool of ``jobs`` layout processes on this machine, shared by every book of the list."""
    from octavo.build import local_pool

    pool = local_pool(jobs)

    def cancel():
        pool.shutdown(wait=False, cancel_futures=True)

    return Workers(CarryEnv(pool), "local processes", lambda: jobs, lambda: pool.shutdown(wait=True), cancel)


def dask_workers(address: str, tls: dict[str, Path], timeout: float = 20) -> Workers:
    """A client of the running Dask cluster at ``address``; ``tls``: ca_file, cert, key (PEM files)."""
    from distributed import Client
    from distributed.security import Security

    if not address.startswith(("tcp://", "tls://")):
        raise BookError(Diagnostic("K006", f"'{address}' is not a Dask scheduler address.",
                                   hint="Write it as tcp://host:8786 or tls://host:8786."))
    security = None
    if address.startswith("tls://"):
        missing = [k for k in ("ca_file", "cert") if k not in tls]
        if missing:
            raise BookError(Diagnostic("K007", f"A tls:// scheduler needs the {' and the '.join(missing)} files.",
                                       hint="Give --tls-ca-file and --tls-cert (and --tls-key), or set them under "
                                            "'cluster' in catalogue.yaml."))
        for name, path in tls.items():
            if not Path(path).is_file():
                raise BookError(Diagnostic("K007", f"TLS file '{path}' not found.",
                                           hint="Give the path of a readable PEM file."))
        security = Security(tls_ca_file=str(tls["ca_file"]), tls_client_cert=str(tls["cert"]),
                            tls_client_key=str(tls.get("key", tls["cert"])), require_encryption=True)
    try:
        client = Client(address, security=security, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise BookError(Diagnostic("K006", f"Cannot reach the Dask scheduler at {address}: {exc}.",
                                   hint="Start it ('dask scheduler') and its workers ('dask worker ADDRESS'), or "
                                        "check the address, the port and the certificates.")) from None
    # pure=False: what is up to date is decided by octavo's content keys, before a job is sent
    inner = client.get_executor(pure=False)

    def count() -> int:
        return len(client.scheduler_info(n_workers=-1).get("workers", {}))

    def cancel():
        inner.shutdown(wait=False)  # cancels every future the executor still holds

    def close():
        client.close()

    return Workers(CarryEnv(inner), address, count, close, cancel)
