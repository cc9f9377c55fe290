"""Parsers that misbehave on purpose, importable by a pool's children (which start from a
clean forkserver and so see no monkeypatch of the test process)."""

from __future__ import annotations

import os
import signal
import time

from agents.resume_extractor.extract import Limits, extract


def hang_on_marker(data: bytes, limits: Limits):
    """A parser stuck on one pathological file."""
    if data == b"stuck":
        time.sleep(30)
    return extract(data, limits)


def sleep_for(seconds: float) -> int:
    """Sleep, then answer this child's pid."""
    time.sleep(seconds)
    return os.getpid()


def die_once(marker_path: str) -> int:
    """The first call kills its own child (as the OOM killer would); later calls answer."""
    if not os.path.exists(marker_path):
        with open(marker_path, "w") as handle:
            handle.write("died")
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid()


def always_die() -> int:
    """A parser that crashes its child every time (a bug in a C library)."""
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


def pid() -> int:
    """This child's pid."""
    return os.getpid()


def what_a_child_sees() -> dict[str, object]:
    """This child's environment (as Python and as its initial environ block) and its limit on
    open files."""
    import resource

    with open("/proc/self/environ", "rb") as handle:
        initial = handle.read().decode("utf-8", "replace")
    return {
        "environ": dict(os.environ),
        "initial_environ": initial,
        "max_open_files": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
    }


def doc_with_programs_from(directory: str, data: bytes, timeout_s: float) -> str:
    """Read a .doc with the programs (a stand-in antiword) found first in `directory`, and
    `directory` as the place for temporary files."""
    import tempfile

    from agents.resume_extractor.legacy import extract_doc

    os.environ["PATH"] = f"{directory}:{os.environ.get('PATH', '')}"
    tempfile.tempdir = directory
    return extract_doc(data, timeout_s)
