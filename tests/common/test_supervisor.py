"""`make up`'s supervisor: a process that exits is started again, with backoff, and counted."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import pytest

from common.devsystem import RESTARTS, Proc, Supervisor

pytestmark = pytest.mark.integration  # real child processes


@dataclass
class Processes:
    """The two things a supervisor uses of a `System`: its processes and how to start one."""

    procs: list[Proc] = field(default_factory=list)

    def spawn(self, proc: Proc) -> None:
        proc.popen = subprocess.Popen(proc.argv)


def _sleeper(name: str) -> Proc:
    return Proc(name, 0, [sys.executable, "-c", "import time; time.sleep(120)"], {}, "")


def _wait(predicate, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.05)


def test_a_killed_process_comes_back_with_backoff_and_is_counted():
    system = Processes([_sleeper("sup-test-a"), _sleeper("sup-test-b")])
    for proc in system.procs:
        system.spawn(proc)
    lines: list[str] = []
    supervisor = Supervisor(system, backoff_s=(0.2, 0.6), poll_s=0.05, log=lines.append)  # type: ignore[arg-type]
    stop = threading.Event()
    watcher = threading.Thread(target=supervisor.run, args=(stop,))
    watcher.start()
    a, b = system.procs
    try:
        before = RESTARTS.labels("sup-test-a")._value.get()
        first = a.popen.pid
        a.popen.send_signal(signal.SIGKILL)
        _wait(lambda: a.alive() and a.popen.pid != first)
        assert supervisor.restarts == {"sup-test-a.0": 1}
        assert RESTARTS.labels("sup-test-a")._value.get() == before + 1
        assert b.alive() and "sup-test-b.0" not in supervisor.restarts
        # A second quick failure waits longer (the backoff doubles)
        second = a.popen.pid
        killed_at = time.monotonic()
        a.popen.send_signal(signal.SIGKILL)
        _wait(lambda: a.alive() and a.popen.pid != second)
        assert time.monotonic() - killed_at >= 0.6
        assert supervisor.restarts == {"sup-test-a.0": 2}
        assert any("exited with -9" in line for line in lines)
    finally:
        stop.set()
        watcher.join(timeout=5)
    # Once supervision stops, an exit stays an exit
    b.popen.send_signal(signal.SIGKILL)
    b.popen.wait(timeout=10)
    time.sleep(0.5)
    assert not b.alive()
    a.popen.kill()
    a.popen.wait(timeout=10)
