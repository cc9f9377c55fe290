"""Legacy Word 97-2003 (.doc) through antiword (GPL-2, Debian package `antiword`), run as a
separate program so its licence does not reach hrflow's code. Without it, or when antiword
cannot read the file, the resume fails as `unsupported_format`."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

from agents.resume_extractor.errors import ExtractionError


def extract_doc(data: bytes, timeout_s: float) -> str:
    """The text of a .doc file, via antiword."""
    binary = shutil.which("antiword")
    if binary is None:
        raise ExtractionError("unsupported_format", "legacy .doc needs antiword (not installed)")
    with tempfile.NamedTemporaryFile(suffix=".doc") as handle:
        handle.write(data)
        handle.flush()
        try:
            done = subprocess.run(
                [binary, "-m", "UTF-8.txt", "-w", "0", handle.name],
                capture_output=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ExtractionError("timeout", "antiword took too long") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExtractionError("unsupported_format", message[-1] if message else "antiword failed")
    return done.stdout.decode("utf-8", "replace")
