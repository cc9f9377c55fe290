"""Run parsing of untrusted input in child processes, each task under a time limit.

Every agent parses untrusted text or files: the extractor PDFs and Word files, the readers
resume and JD text, the comparator their profiles. In the event loop that work would stall the
broker heartbeats, and a thread cannot be stopped; a child process can. `ParserPool` wraps a
pebble `ProcessPool`:

- children start from a clean `forkserver`, so they inherit none of the worker's signal
  handlers, its asyncio wake-up descriptor or its open sockets (a child that pebble stops on
  a timeout can never make the worker itself shut down);
- they hold none of the service's secrets: the forkserver is started with only
  `CHILD_ENVIRONMENT` (so not even `/proc/self/environ` shows the broker password or the
  service token), each child drops any other variable again, and may open at most
  `CHILD_MAX_OPEN_FILES` files besides its CPU-seconds and memory limits;
- a task that runs past its limit is killed and raises `ParseTimeout`; a child that dies
  (OOM killer, a crash in a C parser) fails only its task, which is tried once more on a fresh
  child before `ParseCrashed`;
- a pool that breaks is replaced, never used again; `healthy` tells `/ready` whether a
  working pool exists.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

log = logging.getLogger(__name__)
T = TypeVar("T")

# What a parser (and the programs it runs: antiword, tesseract) may see of the environment.
CHILD_ENVIRONMENT = frozenset(
    {"PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TESSDATA_PREFIX", "OMP_THREAD_LIMIT"}
)
CHILD_MAX_OPEN_FILES = 64
_forkserver_lock = threading.Lock()


class ParseTimeout(Exception):
    """The task ran past its time limit; its child was killed."""


class ParseCrashed(Exception):
    """The child running the task died twice (a crash, or the OOM killer)."""


@contextmanager
def _only_child_environment() -> Iterator[None]:
    """While inside, this process's environment holds only `CHILD_ENVIRONMENT`."""
    saved = dict(os.environ)
    try:
        for key in saved.keys() - CHILD_ENVIRONMENT:
            del os.environ[key]
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _parser_context() -> multiprocessing.context.BaseContext:
    """The forkserver context, its server started (once) from a scrubbed environment: every
    child is forked from it, so none inherits a secret, even in its initial environ block."""
    with _forkserver_lock, _only_child_environment():
        multiprocessing.forkserver.ensure_running()
    return multiprocessing.get_context("forkserver")


def _lower(limit: int, value: int) -> None:
    """Lower a soft resource limit to `value` (never above its hard limit)."""
    _, hard = resource.getrlimit(limit)
    soft = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(limit, (soft, hard))


def _child_init(max_memory_bytes: int, max_cpu_s: int) -> None:
    """Runs first in every child: default signal handling, no wake-up descriptor, no
    variables outside `CHILD_ENVIRONMENT` (in case the forkserver was started by other code),
    limits."""
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    for key in os.environ.keys() - CHILD_ENVIRONMENT:
        del os.environ[key]
    if max_memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (max_memory_bytes, max_memory_bytes))
    if max_cpu_s > 0:
        _lower(resource.RLIMIT_CPU, max_cpu_s)
    _lower(resource.RLIMIT_NOFILE, CHILD_MAX_OPEN_FILES)
    # No RLIMIT_NPROC: Linux counts it per user over every process and thread, so a limit
    # low enough to stop a fork bomb would also stop the services that share the uid.


class ParserPool:
    """A healing pool of parser processes: `await pool.run(fn, *args)`."""

    def __init__(
        self,
        name: str,
        workers: int = 1,
        timeout_s: float = 30.0,
        max_memory_bytes: int = 0,
        max_tasks_per_child: int = 500,
    ) -> None:
        self.name = name
        self.workers = max(1, workers)
        self.timeout_s = timeout_s
        self.max_memory_bytes = max_memory_bytes
        self.max_tasks_per_child = max_tasks_per_child
        self.rebuilds = 0
        self._pool: ProcessPool | None = None
        self._closed = False

    def _new_pool(self) -> ProcessPool:
        # A child's CPU-seconds limit backs the wall-clock one: even a child that ignores
        # SIGTERM is stopped by the kernel.
        max_cpu = int(self.timeout_s * self.max_tasks_per_child) + 60
        return ProcessPool(
            max_workers=self.workers,
            max_tasks=self.max_tasks_per_child,
            initializer=_child_init,
            initargs=(self.max_memory_bytes, max_cpu),
            context=_parser_context(),
        )

    @property
    def pool(self) -> ProcessPool:
        """The live pool (made on first use, and again after one breaks)."""
        if self._closed:
            raise RuntimeError(f"{self.name} pool is closed")
        if self._pool is None or not self._pool.active:
            self._pool = self._new_pool()
        return self._pool

    @property
    def healthy(self) -> bool:
        """A pool exists or can be made (for `/ready`)."""
        if self._closed:
            return False
        try:
            return self.pool.active
        except Exception:  # noqa: BLE001 - whatever broke, the pool is not ready
            return False

    async def run(self, fn: Callable[..., T], *args: Any, timeout_s: float | None = None) -> T:
        """`fn(*args)` in a child; `ParseTimeout` past the limit, `ParseCrashed` if the child
        dies twice. Exceptions `fn` raises reach the caller unchanged."""
        limit = self.timeout_s if timeout_s is None else timeout_s
        for attempt in (1, 2):
            try:
                return await self._once(fn, args, limit)
            except ProcessExpired as exc:
                log.warning("%s child died (%s), attempt %d", self.name, exc, attempt)
                self._replace()
            except BrokenProcessPool as exc:
                log.warning("%s pool broke (%s): replacing it", self.name, exc)
                self._replace()
            except RuntimeError as exc:
                if "Pool" not in str(exc) and "pool" not in str(exc):
                    raise
                # pebble's "Unexpected error within the Pool": the pool is broken for good.
                log.warning("%s pool broke (%s): replacing it", self.name, exc)
                self._replace()
        raise ParseCrashed(f"the {self.name} parser crashed twice")

    async def _once(self, fn: Callable[..., T], args: tuple[Any, ...], limit: float) -> T:
        future = self.pool.schedule(fn, args=args, timeout=limit)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            raise ParseTimeout(f"{self.name} took over {limit:g}s") from None
        except asyncio.CancelledError:
            future.cancel()  # pebble kills the child that runs a cancelled task
            raise

    def _replace(self) -> None:
        old, self._pool = self._pool, None
        self.rebuilds += 1
        if old is not None:
            old.stop()

    def close(self) -> None:
        """Stop the child processes (waits for none)."""
        self._closed = True
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=5)


def child_pid_list(pool: ParserPool) -> list[int]:
    """The pids of a pool's live children (tests kill them to prove the pool heals)."""
    inner = pool._pool
    if inner is None:
        return []
    workers = getattr(getattr(inner, "_pool_manager", None), "worker_manager", None)
    pids = [w.pid for w in getattr(workers, "workers", {}).values()] if workers else []
    return [p for p in pids if p and _alive(p)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
