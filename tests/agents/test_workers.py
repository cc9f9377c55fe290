"""The four agents as real workers on the real broker and database, end to end."""

from __future__ import annotations

import hashlib
import json

import aio_pika
import httpx
import pytest

from agents.hr_comparator.main import WORKER as COMPARATOR
from agents.jd_reader.main import WORKER as JD_READER
from agents.resume_extractor.main import WORKER as EXTRACTOR
from agents.resume_reader.main import WORKER as READER
from common.broker import Publisher, Topology
from common.db import Mongo
from common.messages import (
    FileRef,
    JDDeleted,
    ResumeDeleted,
    ResumeSubmitted,
    WorkflowStarted,
    deletion_key,
)
from samples.bad import corrupt_pdf
from samples.generate import make_corpus, make_jd
from samples.scans import scanned_twin
from tests.common.broker.helpers import wait_until

pytestmark = pytest.mark.integration

EMITTED = (
    "jd.parsed",
    "jd.failed",
    "resume.extracted",
    "resume.parsed",
    "resume.scored",
    "resume.failed",
)


def _task(workflow_id: str, resume_id: str, file_id: str, data: bytes) -> ResumeSubmitted:
    ref = FileRef(
        file_id=file_id,
        filename=f"{resume_id}.bin",
        sha256=hashlib.sha256(data).hexdigest(),
        size_bytes=len(data),
        content_type="application/octet-stream",
    )
    return ResumeSubmitted(workflow_id=workflow_id, resume_id=resume_id, file=ref, owner_id="u1")


async def test_a_workflow_flows_through_all_four_agents(fresh_settings, start_worker):
    settings = fresh_settings.model_copy(update={"comparator_jd_wait_s": 1.0})
    jd = make_jd("software_engineering", 11)
    good = make_corpus(2, 11, formats=("pdf", "docx"), jd=jd)
    scan = scanned_twin(next(r.data for r in good if r.data.startswith(b"%PDF")))
    files = {
        "f-good-0": good[0].data,
        "f-good-1": good[1].data,
        "f-bad": corrupt_pdf(),
        "f-scan": scan,
    }

    def serve(request: httpx.Request) -> httpx.Response:
        file_id = request.url.path.rsplit("/", 1)[-1]
        return (
            httpx.Response(200, content=files[file_id]) if file_id in files else httpx.Response(404)
        )

    # Given the four agents consuming, and a probe on every event they emit
    runners = [await start_worker(w, settings) for w in (EXTRACTOR, READER, COMPARATOR, JD_READER)]
    runners[0].context.files._client = httpx.AsyncClient(  # the gateway's file API, in memory
        base_url="http://gateway", transport=httpx.MockTransport(serve)
    )
    connection = await aio_pika.connect(settings.amqp_url)
    channel = await connection.channel()
    queue = await channel.declare_queue(exclusive=True, auto_delete=True)
    for key in EMITTED:
        await queue.bind(Topology.from_settings(settings).events_exchange, key)
    events: list[dict] = []

    async def collect() -> list[dict]:
        while (message := await queue.get(fail=False, no_ack=True)) is not None:
            events.append(json.loads(message.body))
        return events

    publisher = Publisher(settings, "test")
    wf = "WF-1-agents"
    tasks = [
        _task(wf, "R-good-0", "f-good-0", files["f-good-0"]),
        _task(wf, "R-good-1", "f-good-1", files["f-good-1"]),
        _task(wf, "R-bad", "f-bad", files["f-bad"]),
        _task(wf, "R-scan", "f-scan", files["f-scan"]),
    ]
    try:
        # When the resumes are submitted before the workflow's JD is even announced
        for task in tasks:
            await publisher.publish(task)
        await publisher.publish(
            WorkflowStarted(
                workflow_id=wf,
                jd_id="JD-1",
                jd_title="Dev",
                jd_text=jd.text,
                started_by="u1",
                resume_ids=["R-good-0", "R-good-1", "R-bad", "R-scan"],
            )
        )

        # Then three resumes are scored (after waiting for the JD; the scan read by OCR, with
        # a warning) and the corrupt one fails
        def done() -> bool:
            kinds = [e["type"] for e in events]
            return kinds.count("resume.scored") == 3 and kinds.count("resume.failed") == 1

        async def settled() -> bool:
            await collect()
            return done()

        await wait_until(settled, timeout_s=90, what="3 scored + 1 failed")
        failed = next(e for e in events if e["type"] == "resume.failed")
        assert (failed["resume_id"], failed["stage"], failed["reason"]) == (
            "R-bad",
            "resume-extractor",
            "corrupt",
        )
        mongo = Mongo(settings)
        scanned = next(
            e for e in events if e["type"] == "resume.extracted" and e["resume_id"] == "R-scan"
        )
        assert scanned["ocr"] is True and scanned["ocr_confidence"] >= 70
        assert "OCR" in scanned["warnings"][0]
        plain = next(
            e for e in events if e["type"] == "resume.extracted" and e["resume_id"] != "R-scan"
        )
        assert plain["ocr"] is False and plain["warnings"] == []
        results = await mongo.collection("resume_result").find({"workflow_id": wf}).to_list(10)
        assert {r["resume_id"] for r in results} == {"R-good-0", "R-good-1", "R-scan"}
        top = results[0]
        assert top["candidate_name"] and top["selection_reason"] and top["evidence"]
        assert top["started_by"] == "u1" and top["jd_id"] == "JD-1"
        assert set(top["match_breakdown"]) == {
            "skills_match",
            "experience_match",
            "location_match",
            "stability",
            "overqualified",
        }
        assert set(top["versions"]) == {
            "resume-extractor",
            "resume-reader",
            "jd-reader",
            "hr-comparator",
            "weights",
        }
        profile = await mongo.collection("resume_profiles").find_one({"resume_id": "R-good-0"})
        assert profile["profile"]["name"] == good[0].truth.name

        # When a task is delivered again, Then it is served from the cache, and no second
        # result is stored
        await publisher.publish(tasks[0])
        await wait_until(
            _count(events, collect, "resume.scored", 4),
            timeout_s=30,
            what="the re-delivered resume re-announced",
        )
        again = [e for e in events if e["type"] == "resume.extracted"][-1]
        assert again["cached"] is True
        assert await mongo.collection("resume_result").count_documents({"workflow_id": wf}) == 3

        # When the gateway announces that resume R-good-0 and the JD were deleted
        gone_sha, kept_sha = (
            hashlib.sha256(files[f]).hexdigest() for f in ("f-good-0", "f-good-1")
        )
        gone_text = (await mongo.collection("resume_profiles").find_one({"resume_id": "R-good-0"}))[
            "text_sha256"
        ]
        assert await mongo.collection("jd_profiles").count_documents({"jd_id": "JD-1"}) == 1
        await publisher.publish(
            ResumeDeleted(
                workflow_id=deletion_key("resume", "R-good-0"),
                resume_id="R-good-0",
                owner_id="u1",
                file_sha256=gone_sha,
            )
        )
        await publisher.publish(
            JDDeleted(workflow_id=deletion_key("jd", "JD-1"), jd_id="JD-1", owner_id="u1")
        )

        # Then the agents forget what they derived from them, and only that
        async def forgotten() -> bool:
            left = [
                await mongo.collection("extracted_texts").count_documents(
                    {"_id": {"$regex": f"^{gone_sha}:"}}
                ),
                await mongo.collection("resume_profiles").count_documents(
                    {"resume_id": "R-good-0"}
                ),
                await mongo.collection("resume_profile_cache").count_documents(
                    {"_id": {"$regex": f"^{gone_text}:"}}
                ),
                await mongo.collection("jd_profiles").count_documents({"jd_id": "JD-1"}),
                await mongo.collection("comparator_workflows").count_documents(
                    {"jd_id": "JD-1", "jd_profile": {"$exists": True}}
                ),
            ]
            return left == [0, 0, 0, 0, 0]

        await wait_until(forgotten, timeout_s=30, what="derived data of the deleted resume/JD")
        kept = await mongo.collection("extracted_texts").count_documents(
            {"_id": {"$regex": f"^{kept_sha}:"}}
        )
        assert kept == 1
        assert await mongo.collection("resume_profiles").count_documents({"resume_id": "R-good-1"})
        assert await mongo.collection("resume_result").count_documents({"workflow_id": wf}) == 3
        mongo.close()
    finally:
        await publisher.close()
        await connection.close()


def _count(events: list[dict], collect, kind: str, n: int):
    async def check() -> bool:
        await collect()
        return sum(1 for e in events if e["type"] == kind) >= n

    return check
