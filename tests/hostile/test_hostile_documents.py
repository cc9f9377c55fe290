"""Documents crafted to be slow cost bounded time and hurt no other user (the real system).

One user uploads a 1 MB plain-text "resume" of spaces and date-like tokens and a JD whose
requirement line holds 5 KB of spaces; another user starts an ordinary 20-resume workflow at
the same moment. The readers parse in killable child processes under `READER_TIMEOUT_S`, with
patterns that are linear in the text: the hostile resume fails with `timeout` within the limit,
the hostile JD is read, and the other user's workflow completes as usual.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import pytest

from cli.client import HrflowClient
from common.devsystem import AGENTS, System, free_port
from common.settings import CONNECTION_FIELDS, as_environment
from samples.generate import make_corpus, make_jd
from tests.chaos.conftest import wait_terminal
from tests.conftest import RUN_ID, ServiceUrls, make_settings

pytestmark = pytest.mark.integration

READER_TIMEOUT_S = 8
ROOT = Path(__file__).resolve().parents[2]


def hostile_resume(size: int = 1_000_000) -> bytes:
    """Spaces and date-like tokens: what made the old date pattern backtrack for hours."""
    rng = random.Random(7)
    tokens = [" ", "  ", "\t", "2019", "-", "Jan", "to", "present", "03/2020", "since", ",", "("]
    text = "".join(rng.choice(tokens) for _ in range(size // 3))
    return text[:size].encode()


def hostile_jd() -> str:
    """A requirement line with 5 KB of spaces inside (300 spaces once took 14 s)."""
    return (
        "Backend Engineer\n\nRequirements\n- At least" + " " * 5_000 + "5 years of experience "
        "with Python and SQL\n- Docker" + " " * 5_000 + "is a plus\n"
    )


async def test_hostile_documents_end_within_the_limit_and_others_are_served(
    service_urls: ServiceUrls,
) -> None:
    settings = make_settings(service_urls, f"h{RUN_ID}")
    env = {
        **as_environment(settings, *CONNECTION_FIELDS),
        "GATEWAY_PORT": str(free_port()),
        "TRACKER_PORT": str(free_port()),
        "READER_TIMEOUT_S": str(READER_TIMEOUT_S),
        "SHUTDOWN_GRACE_S": "5",
    }
    system = System(
        env, replicas=dict.fromkeys(AGENTS, 1), log_dir=ROOT / ".run" / "hostile-logs" / RUN_ID
    )
    mallory = HrflowClient(system.gateway_url, timeout_s=60)
    alice = HrflowClient(system.gateway_url, timeout_s=60)
    try:
        system.start(timeout_s=90)
        # Given one user with a hostile JD and resume (and one ordinary resume)
        await mallory.sign_in("mallory@hrflow.example", "hostile-password-1", "Mal", "Lory")
        bad_jd = await mallory.create_jd("Backend Engineer", hostile_jd())
        normal = make_corpus(1, 5, formats=("txt",))[0]
        bad_resumes = [
            await mallory.upload_resume("huge.txt", hostile_resume()),
            await mallory.upload_resume(normal.filename, normal.data),
        ]
        # And another user with an ordinary 20-resume workflow
        await alice.sign_in("alice@hrflow.example", "ordinary-password-1", "Alice", "Smith")
        jd = make_jd("software_engineering", 21)
        good_jd = await alice.create_jd("Software Engineer", jd.text)
        corpus = make_corpus(20, 21, jd=jd)
        good_resumes = [await alice.upload_resume(r.filename, r.data) for r in corpus]
        # When both start at the same moment
        started = time.monotonic()
        bad_wf, good_wf = await asyncio.gather(
            mallory.start(bad_jd, bad_resumes, force_reprocess=True),
            alice.start(good_jd, good_resumes, force_reprocess=True),
        )
        bad, good = await asyncio.gather(
            wait_terminal(mallory, bad_wf, timeout_s=180),
            wait_terminal(alice, good_wf, timeout_s=180),
        )
        elapsed = time.monotonic() - started
        # Then the hostile resume failed with `timeout` at the resume-reader, the JD was read,
        # and the ordinary resume of the same workflow was scored
        failures = {f["resume_id"]: f for f in bad.get("failed_resumes") or []}
        assert failures[bad_resumes[0]]["stage"] == "resume-reader"
        assert failures[bad_resumes[0]]["reason"] == "timeout"
        assert bad_resumes[1] not in failures
        assert bad["status"] == "completed" and bad["processed_resumes"] == 2
        # And the other user's workflow completed as usual: every resume scored
        assert good["status"] == "completed", good
        assert good["processed_resumes"] == 20 and not good.get("failed_resumes")
        # And each score explains itself through the API: the rule that set the category and
        # evidence (text, status, rule) for every requirement of the JD
        explained = await alice.result(good_wf, good_resumes[0])
        assert explained["fit_category"] in ("Best Fit", "Partial Fit", "Not Fit")
        assert explained["fit_rule"] and explained["evidence"]
        for item in explained["evidence"]:
            assert item["requirement"] and item["rule"]
            assert item["status"] in ("met", "partial", "missing", "not_stated")
        # And nothing waited on the hostile input beyond its limit (plus the system's own time)
        assert elapsed < READER_TIMEOUT_S + 120
        hostile_ms = (
            next(a for a in bad["agents"] if a["agent_id"] == "resume-reader").get("duration_ms")
            or 0
        )
        assert hostile_ms < (READER_TIMEOUT_S + 30) * 1000
    finally:
        await mallory.close()
        await alice.close()
        system.stop()
