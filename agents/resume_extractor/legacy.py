"""Legacy Word 97-2003 (.doc) through antiword (GPL-2, Debian package `antiword`), run as a
separate program so its licence does not reach hrflow's code. Without it, or when antiword
cannot read the file, the resume fails as `unsupported_format`.

antiword reads the file from an anonymous memory file (nothing is left on disk whatever
happens), runs in its own process group, and is killed by the kernel the moment the parser
child that started it dies (a timeout or the OOM killer), so it is never orphaned."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from typing import BinaryIO

from agents.resume_extractor.errors import ExtractionError

PR_SET_PDEATHSIG = 1
# Resolved here, not between fork and exec (loading a library there can deadlock).
_prctl = ctypes.CDLL(None, use_errno=True).prctl


def extract_doc(data: bytes, timeout_s: float) -> str:
    """The text of a .doc file, via antiword."""
    binary = shutil.which("antiword")
    if binary is None:
        raise ExtractionError("unsupported_format", "legacy .doc needs antiword (not installed)")
    with _memory_file(data) as handle:
        try:
            done = subprocess.run(
                [binary, "-m", "UTF-8.txt", "-w", "0", "/dev/stdin"],
                stdin=handle,
                capture_output=True,
                timeout=timeout_s,
                check=False,
                process_group=0,
                preexec_fn=_die_with_parent,
            )
        except subprocess.TimeoutExpired:
            raise ExtractionError("timeout", "antiword took too long") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        message = lines[-1].replace("/dev/stdin", "the file") if lines else "antiword failed"
        raise ExtractionError("unsupported_format", message)
    return done.stdout.decode("utf-8", "replace")


def _memory_file(data: bytes) -> BinaryIO:
    """`data` in an anonymous, seekable memory file (antiword seeks in its input)."""
    handle = os.fdopen(os.memfd_create("resume.doc", os.MFD_CLOEXEC), "w+b")
    handle.write(data)
    handle.flush()
    handle.seek(0)
    return handle


def _die_with_parent() -> None:
    """In the forked antiword, before exec: SIGKILL when the parser child exits."""
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
