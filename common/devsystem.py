"""Run the whole system as local processes: gateway, tracker and every agent (N replicas each).

Used by `make up`, `make demo`, the chaos tests and the benchmarks:

    system = System(env, replicas={"resume-extractor": 2})
    system.start()                 # waits until the HTTP services and every worker are ready
    system.kill("resume-reader")   # SIGKILL one replica (chaos)
    system.restart("resume-reader")
    system.stop()                  # SIGTERM everything, SIGKILL what does not exit in time

    supervisor = Supervisor(system)   # `make up`: restart what exits unexpectedly, with backoff
    threading.Thread(target=supervisor.run, args=(stop_event,)).start()

Each process gets its own `METRICS_PORT` (workers) so `/ready` can be polled. Output goes to
the terminal with a coloured `name.index |` prefix, or to files under a log directory.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from prometheus_client import Counter

from common.broker.topology import GROUPS

AGENTS: tuple[str, ...] = tuple(g for g in GROUPS if g != "tracker")
BIN = Path(sys.executable).parent
COLOURS = ("36", "35", "33", "32", "34", "31", "96", "95", "93", "92")


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Proc:
    """One running (or stopped) service process."""

    name: str
    index: int
    argv: list[str]
    env: dict[str, str]
    ready_url: str
    popen: subprocess.Popen[bytes] | None = None

    @property
    def label(self) -> str:
        """`name.index` as shown in log prefixes."""
        return f"{self.name}.{self.index}"

    def alive(self) -> bool:
        """True while the process runs."""
        return self.popen is not None and self.popen.poll() is None


@dataclass
class System:
    """The processes of one hrflow system sharing one environment."""

    env: dict[str, str]
    replicas: dict[str, int] = field(default_factory=dict)
    log_dir: Path | None = None
    procs: list[Proc] = field(default_factory=list)
    _pumps: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.gateway_url = f"http://127.0.0.1:{self.env.get('GATEWAY_PORT', '8000')}"
        self.tracker_url = f"http://127.0.0.1:{self.env.get('TRACKER_PORT', '8001')}"
        self.env.setdefault("GATEWAY_URL", self.gateway_url)
        self.env.setdefault("TRACKER_URL", self.tracker_url)
        self.procs.append(
            self._proc("tracker", 0, [str(BIN / "hrflow-tracker")], f"{self.tracker_url}/health")
        )
        self.procs.append(
            self._proc("gateway", 0, [str(BIN / "hrflow-gateway")], f"{self.gateway_url}/health")
        )
        for agent in AGENTS:
            for index in range(self.replicas.get(agent, 1)):
                self.add_replica(agent, index)

    def add_replica(self, agent: str, index: int) -> Proc:
        """Declare one more agent replica (started by `start` or `restart`)."""
        port = free_port()
        proc = self._proc(
            agent,
            index,
            [str(BIN / "hrflow-agent"), agent],
            f"http://127.0.0.1:{port}/ready",
            {"METRICS_PORT": str(port)},
        )
        self.procs.append(proc)
        return proc

    def _proc(
        self,
        name: str,
        index: int,
        argv: list[str],
        ready_url: str,
        extra: dict[str, str] | None = None,
    ) -> Proc:
        return Proc(name, index, argv, {**os.environ, **self.env, **(extra or {})}, ready_url)

    def start(self, timeout_s: float = 60.0) -> None:
        """Start every process and wait until each answers ready."""
        for proc in self.procs:
            self._spawn(proc)
        self.wait_ready(self.procs, timeout_s)

    def wait_ready(self, procs: list[Proc], timeout_s: float = 60.0) -> None:
        """Block until each process answers 200 on its ready URL (or raise)."""
        deadline = time.monotonic() + timeout_s
        pending = list(procs)
        while pending:
            for proc in list(pending):
                if not proc.alive():
                    raise RuntimeError(
                        f"{proc.label} exited with {proc.popen and proc.popen.poll()}"
                    )
                if _answers(proc.ready_url):
                    pending.remove(proc)
            if pending and time.monotonic() > deadline:
                names = ", ".join(p.label for p in pending)
                raise TimeoutError(f"not ready after {timeout_s:.0f} s: {names}")
            time.sleep(0.2)

    def find(self, name: str, index: int = 0) -> Proc:
        """The process `name.index`."""
        for proc in self.procs:
            if proc.name == name and proc.index == index:
                return proc
        raise KeyError(f"{name}.{index}")

    def kill(self, name: str, index: int = 0, sig: int = signal.SIGKILL) -> None:
        """Send `sig` (default SIGKILL) to one process and wait for it to die."""
        proc = self.find(name, index)
        if proc.alive():
            assert proc.popen is not None
            proc.popen.send_signal(sig)
            proc.popen.wait(timeout=60)

    def restart(self, name: str, index: int = 0, timeout_s: float = 60.0) -> None:
        """Start a stopped process again and wait until it is ready."""
        self.restart_all([self.find(name, index)], timeout_s)

    def restart_all(self, procs: list[Proc], timeout_s: float = 60.0) -> None:
        """Start the stopped ones of `procs` together, then wait until all are ready."""
        for proc in procs:
            if not proc.alive():
                self._spawn(proc)
        self.wait_ready(procs, timeout_s)

    def stop(self, grace_s: float = 20.0) -> None:
        """SIGTERM every process, then SIGKILL what is still running after `grace_s`."""
        for proc in self.procs:
            if proc.alive():
                assert proc.popen is not None
                proc.popen.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for proc in self.procs:
            if proc.popen is None:
                continue
            try:
                proc.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.popen.kill()
                proc.popen.wait()
        for pump in self._pumps:
            pump.join(timeout=2)

    def __enter__(self) -> System:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def spawn(self, proc: Proc) -> None:
        """Start one declared process without waiting for it (see `restart` to wait)."""
        self._spawn(proc)

    def _spawn(self, proc: Proc) -> None:
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out: IO[bytes] | int = open(self.log_dir / f"{proc.label}.log", "ab")  # noqa: SIM115
            proc.popen = subprocess.Popen(
                proc.argv, env=proc.env, stdout=out, stderr=subprocess.STDOUT
            )
            return
        proc.popen = subprocess.Popen(
            proc.argv, env=proc.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        colour = COLOURS[self.procs.index(proc) % len(COLOURS)]
        pump = threading.Thread(target=_pump, args=(proc, colour), daemon=True)
        pump.start()
        self._pumps.append(pump)


RESTARTS = Counter(
    "hrflow_supervisor_restarts_total",
    "Service processes `make up` restarted after they exited unexpectedly.",
    ["service"],
)


@dataclass
class _Watch:
    failures: int = 0
    restart_at: float | None = None
    started_at: float = field(default_factory=time.monotonic)


@dataclass
class Supervisor:
    """Restart every process of a `System` that exits while the supervisor runs, after a
    backoff that doubles with each quick failure (`backoff_s`, capped at its last value) and
    resets once the process has stayed up `healthy_after_s`. Each restart is logged and counted
    (`hrflow_supervisor_restarts_total{service}`). Setting the stop event ends supervision
    before anything is restarted again, so `System.stop` after it stops everything for good."""

    system: System
    backoff_s: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
    healthy_after_s: float = 60.0
    poll_s: float = 0.25
    log: Callable[[str], None] = field(default=lambda text: print(text, flush=True))
    restarts: dict[str, int] = field(default_factory=dict)
    _watch: dict[str, _Watch] = field(default_factory=dict)

    def run(self, stop: threading.Event) -> None:
        """Supervise until `stop` is set."""
        while not stop.wait(self.poll_s):
            for proc in list(self.system.procs):
                self._check(proc, stop)

    def _check(self, proc: Proc, stop: threading.Event) -> None:
        if proc.popen is None:
            return  # declared, never started
        watch = self._watch.setdefault(proc.label, _Watch())
        now = time.monotonic()
        if proc.alive():
            if watch.failures and now - watch.started_at >= self.healthy_after_s:
                watch.failures = 0
            return
        if watch.restart_at is None:
            delay = self.backoff_s[min(watch.failures, len(self.backoff_s) - 1)]
            watch.restart_at = now + delay
            self.log(
                f"supervisor: {proc.label} exited with {proc.popen.returncode}; "
                f"restarting in {delay:g} s"
            )
            return
        if now < watch.restart_at or stop.is_set():
            return
        self.system.spawn(proc)
        watch.failures += 1
        watch.restart_at = None
        watch.started_at = now
        self.restarts[proc.label] = self.restarts.get(proc.label, 0) + 1
        RESTARTS.labels(proc.name).inc()
        self.log(f"supervisor: {proc.label} restarted (restart {self.restarts[proc.label]})")


def _pump(proc: Proc, colour: str) -> None:
    """Copy a process's output to ours, each line prefixed with its coloured label."""
    assert proc.popen is not None and proc.popen.stdout is not None
    prefix = (
        f"\x1b[{colour}m{proc.label:<20}|\x1b[0m " if sys.stdout.isatty() else f"{proc.label:<20}| "
    )
    for line in iter(proc.popen.stdout.readline, b""):
        with contextlib.suppress(ValueError, OSError):
            sys.stdout.write(prefix + line.decode("utf-8", "replace"))
            sys.stdout.flush()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False
