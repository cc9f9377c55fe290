"""The chaos harness: a whole system of real processes, its own Mongo emulator, one corpus.

The system (gateway, tracker, four agents, two replicas each so a killed one leaves a peer)
runs against the real broker under its own prefix and against a mongoeco emulator of its own
that keeps its data on disk, so the Mongo-restart test can stop and start it. Every test runs a
workflow of `CORPUS_SIZE` resumes with `force_reprocess` (no cache hits: the agents really work
while the fault happens) and compares the outcome with a clean run of the same corpus.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli.client import GatewayError, HrflowClient
from common.broker import GROUPS, Topology
from common.broker.queue_stats import QueueStatsSampler
from common.db import Mongo
from common.devservices import start_mongoeco, wait_for_port
from common.devsystem import AGENTS, System, free_port
from common.settings import CONNECTION_FIELDS, Settings, as_environment
from samples.bad import no_text_layer_pdf
from samples.generate import make_corpus, make_jd
from tests.conftest import RUN_ID, ServiceUrls, make_settings

CORPUS_SIZE = 100
WAIT_LIMIT_S = 15  # a resume waits this long for its JD before it is dead-lettered
ORPHAN_AFTER_S = 30  # an execution only agents' events made is failed as orphaned this late
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ChaosMongo:
    """A mongoeco emulator with on-disk data that tests may restart."""

    port: int
    data_dir: str
    proc: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = start_mongoeco(
            self.port, self.data_dir, ROOT / ".run" / f"chaos-mongo-{self.port}.log"
        )
        wait_for_port("127.0.0.1", self.port, 60, "the chaos Mongo emulator")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def restart_empty(self) -> None:
        """Stop, lose every byte of data (a new volume, a restore of nothing), start again."""
        self.stop()
        shutil.rmtree(self.data_dir)
        Path(self.data_dir).mkdir()
        self.start()


@dataclass
class Chaos:
    """Everything a fault test needs."""

    system: System
    mongo_server: ChaosMongo
    settings: Settings
    client: HrflowClient
    jd_id: str
    resume_ids: list[str]
    clean: dict[str, Any]

    async def run(
        self,
        fault: Callable[[Chaos, str], Awaitable[None]] | None = None,
        timeout_s: float = 300.0,
        before: Callable[[Chaos], Awaitable[None]] | None = None,
        resume_ids: list[str] | None = None,
    ) -> dict[str, Any]:
        """Start a workflow (of all the corpus, or of `resume_ids`), apply `fault` while it
        runs, return the final outcome summary."""
        if before is not None:
            await before(self)
        workflow_id = await self.start(resume_ids=resume_ids)
        if fault is not None:
            await fault(self, workflow_id)
        execution = await wait_terminal(self.client, workflow_id, timeout_s)
        return await outcome(self.settings, execution)

    async def start(self, attempts: int = 3, resume_ids: list[str] | None = None) -> str:
        """Start the workflow as a client should: a 503 (busy or restarting) is tried again."""
        ids = resume_ids or self.resume_ids
        for attempt in range(1, attempts + 1):
            try:
                return await self.client.start(self.jd_id, ids, force_reprocess=True)
            except GatewayError as exc:
                if "→ 503" not in str(exc) or attempt == attempts:
                    raise
                await asyncio.sleep(2)
        raise AssertionError("unreachable")

    async def wait_queues_empty(self, timeout_s: float = 180.0) -> None:
        """Wait until every work queue has been empty for three polls in a row (quorum-queue
        counts lag a little), so leftovers of one test do not load the next."""
        topology = Topology.from_settings(self.settings)
        work_queues = [topology.work_queue(group) for group in GROUPS]
        sampler = QueueStatsSampler(self.settings)
        deadline, quiet = time.monotonic() + timeout_s, 0
        while quiet < 3:
            if time.monotonic() > deadline:
                raise AssertionError(f"work queues not empty after {timeout_s} s")
            stats = await sampler.sample_once()
            quiet = quiet + 1 if all(stats[q][0] == 0 for q in work_queues) else 0
            await asyncio.sleep(1)

    async def wait_progress(
        self, workflow_id: str, agent: str, at_least: int, timeout_s: float = 120.0
    ) -> None:
        """Wait until `agent` has handled `at_least` resumes of the workflow."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            execution = await self.client.execution(workflow_id)
            counts = next(
                (
                    a.get("counts") or {}
                    for a in execution.get("agents", [])
                    if a.get("agent_id") == agent
                ),
                {},
            )
            if (counts.get("processed") or 0) + (counts.get("failed") or 0) >= at_least:
                return
            if execution.get("status") in ("completed", "failed", "cancelled"):
                raise AssertionError(f"{workflow_id} ended before {agent} reached {at_least}")
            await asyncio.sleep(0.1)
        raise AssertionError(f"{agent} did not reach {at_least} resumes in {timeout_s} s")


async def wait_terminal(client: HrflowClient, workflow_id: str, timeout_s: float) -> dict[str, Any]:
    """Poll the execution until it is terminal."""
    deadline = time.monotonic() + timeout_s
    execution: dict[str, Any] = {}
    while time.monotonic() < deadline:
        try:
            execution = await client.execution(workflow_id)
        except Exception:  # noqa: BLE001 - the gateway/tracker may be restarting
            await asyncio.sleep(0.5)
            continue
        if execution.get("status") in ("completed", "failed", "cancelled"):
            return execution
        await asyncio.sleep(0.3)
    raise AssertionError(
        f"{workflow_id} still {execution.get('status')} after {timeout_s} s: "
        f"{execution.get('agents')}"
    )


async def outcome(settings: Settings, execution: dict[str, Any]) -> dict[str, Any]:
    """What must be identical to a clean run: status, counts and every resume's result."""
    mongo = Mongo(settings)
    try:
        rows = (
            await mongo.collection("resume_result")
            .find({"workflow_id": execution["workflow_id"]})
            .to_list(None)
        )
    finally:
        mongo.close()
    per_resume = [
        (
            r["resume_id"],
            round(float(r.get("match_score", r.get("score", 0))), 3),
            r.get("fit_category"),
        )
        for r in rows
    ]
    metrics = execution.get("metrics") or {}
    return {
        "status": execution.get("status"),
        "processed_resumes": execution.get("processed_resumes"),
        "total_resumes": execution.get("total_resumes"),
        "results_rows": len(rows),
        "distinct_results": len({r[0] for r in per_resume}),
        "scores": sorted(per_resume),
        "metrics": {
            k: metrics.get(k)
            for k in (
                "total_candidates",
                "candidates_scored",
                "best_fit",
                "partial_fit",
                "not_fit",
                "high_matches",
                "match_rate",
            )
        },
        "results": execution.get("results"),
        "failed": sorted(
            (f["resume_id"], f["stage"], f["reason"]) for f in execution.get("failed_resumes") or []
        ),
    }


def assert_same_as_clean(chaos: Chaos, got: dict[str, Any]) -> None:
    """The invariants every fault test ends with."""
    assert got["status"] == "completed"
    assert got["processed_resumes"] == got["total_resumes"] == len(chaos.resume_ids)
    assert got["results_rows"] == got["distinct_results"]  # exactly one result per resume
    assert got == chaos.clean


def assert_part_as_clean(chaos: Chaos, got: dict[str, Any], resume_ids: list[str]) -> None:
    """A workflow of part of the corpus: completed, exactly one result per resume, and each
    resume's score, fit and failure what the clean run gave it."""
    chosen = set(resume_ids)
    assert got["status"] == "completed"
    assert got["processed_resumes"] == got["total_resumes"] == len(resume_ids)
    assert got["results_rows"] == got["distinct_results"]
    assert got["scores"] == [r for r in chaos.clean["scores"] if r[0] in chosen]
    assert got["failed"] == [f for f in chaos.clean["failed"] if f[0] in chosen]


@pytest.fixture(scope="session")
async def chaos(service_urls: ServiceUrls) -> AsyncIterator[Chaos]:
    """A running system with an uploaded corpus and its clean-run outcome."""
    async with running_chaos(service_urls.amqp_url, f"c{RUN_ID}") as harness:
        yield harness


@asynccontextmanager
async def running_chaos(
    amqp_url: str, prefix: str, quorum_group_size: int | None = None
) -> AsyncIterator[Chaos]:
    """The system of processes on `amqp_url` (one broker or a cluster's comma list) under
    its own broker prefix and Mongo emulator, the corpus uploaded, the clean run done."""
    data_dir = tempfile.mkdtemp(prefix="hrflow-chaos-mongo-")
    mongo_server = ChaosMongo(free_port(), data_dir)
    mongo_server.start()
    settings = make_settings(
        ServiceUrls(amqp_url, mongo_server.uri),
        prefix,
        retry_delays_ms=[300, 1000, 3000],
        max_attempts=10,
        quorum_group_size=quorum_group_size,
    )
    fields = ["retry_delays_ms", "max_attempts"]
    if quorum_group_size:
        fields.append("quorum_group_size")
    env = {
        **as_environment(settings, *CONNECTION_FIELDS, *fields),
        "GATEWAY_PORT": str(free_port()),
        "TRACKER_PORT": str(free_port()),
        "SHUTDOWN_GRACE_S": "5",
        "LOG_JSON": "true",
        "MONGO_TIMEOUT_MS": "3000",
        "RETRY_WAIT_LIMIT_S": str(WAIT_LIMIT_S),
        "ORPHAN_AFTER_S": str(ORPHAN_AFTER_S),
        "TRACKER_SWEEP_INTERVAL_S": "5",
    }
    system = System(
        env, replicas=dict.fromkeys(AGENTS, 2), log_dir=ROOT / ".run" / "chaos-logs" / prefix
    )
    client = HrflowClient(system.gateway_url, timeout_s=60)
    try:
        system.start(timeout_s=90)
        jd_id, resume_ids = await upload(client)
        harness = Chaos(system, mongo_server, settings, client, jd_id, resume_ids, {})
        harness.clean = await harness.run()
        assert harness.clean["status"] == "completed", harness.clean
        yield harness
    finally:
        await client.close()
        system.stop()
        mongo_server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


async def upload(client: HrflowClient) -> tuple[str, list[str]]:
    await client.sign_in("chaos@hrflow.example", "chaos-password-123", "Chaos", "Monkey")
    jd = make_jd("software_engineering", 11)
    jd_id = await client.create_jd("Chaos test JD", jd.text)
    corpus = make_corpus(CORPUS_SIZE - 1, 11, jd=jd)
    files = [(r.filename, r.data) for r in corpus] + [("scan.pdf", no_text_layer_pdf())]
    resume_ids = [await client.upload_resume(name, data) for name, data in files]
    return jd_id, resume_ids
