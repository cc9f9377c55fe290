"""Legacy .doc files through antiword: what happens without it, and an antiword that hangs
dies with the parser child that started it, leaving nothing behind."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

from agents.pool import ParserPool, ParseTimeout
from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.legacy import extract_doc
from tests.agents import slow_parsers

pytestmark = pytest.mark.unit

HANGING_ANTIWORD = """#!{python}
import os, sys, time
with open({report!r}, "w") as handle:
    with open(sys.argv[-1], "rb") as document:  # antiword's last argument: the file
        size = len(document.read())
    handle.write(f"{{os.getpid()}} {{os.getpgid(0)}} {{size}}")
time.sleep(60)
"""


def test_without_antiword_a_doc_is_an_unsupported_format(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no antiword on it
    with pytest.raises(ExtractionError) as caught:
        extract_doc(b"\xd0\xcf\x11\xe0 not really a doc", timeout_s=5)
    assert caught.value.reason == "unsupported_format"
    assert "antiword" in str(caught.value)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in {"Z", "X"}  # dead, waiting only for whoever reaps orphans


async def _read_until_killed(directory: Path, document: bytes) -> None:
    pool = ParserPool("doc", workers=1, timeout_s=2.0)
    try:
        with pytest.raises(ParseTimeout):
            await pool.run(slow_parsers.doc_with_programs_from, str(directory), document, 60.0)
    finally:
        pool.close()


def test_a_hanging_antiword_dies_with_its_killed_parser_child(tmp_path: Path):
    # Given an antiword that reads its input, reports who it is, then hangs
    report = tmp_path / "antiword.report"
    antiword = tmp_path / "antiword"
    antiword.write_text(HANGING_ANTIWORD.format(python=sys.executable, report=str(report)))
    antiword.chmod(0o755)
    document = b"\xd0\xcf\x11\xe0" + b"x" * 5000
    # When the parser child running it passes its time limit and is killed
    asyncio.run(_read_until_killed(tmp_path, document))
    pid, group, read = (int(part) for part in report.read_text().split())
    # Then antiword had the whole file, ran in its own process group, and is gone too
    assert read == len(document)
    assert group == pid
    deadline = time.monotonic() + 10
    while not _gone(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _gone(pid), f"antiword {pid} outlived the parser child that started it"
    # and no copy of the resume was left on disk
    assert sorted(p.name for p in tmp_path.iterdir()) == ["antiword", "antiword.report"]
