"""Dead-lettered work on the execution (through the real broker), and queue metrics."""

from __future__ import annotations

import random
from datetime import timedelta

import httpx
import pytest

from common.broker import Topology, Worker
from common.errors import PermanentError
from common.messages import MessageDeadLettered, ResumeExtracted
from common.timeutil import utcnow
from tests.tracker.conftest import Server
from tests.tracker.events import plan_workflow
from tracker.facts import MAX_DEAD_LETTERS

pytestmark = pytest.mark.integration


async def _unreadable(message: ResumeExtracted, ctx) -> None:
    raise PermanentError(f"cannot read {message.resume_id}")


POISONED_READER = Worker(group="resume-reader", handlers={ResumeExtracted: _unreadable}, prefetch=4)


async def test_a_dead_lettered_message_is_listed_on_its_execution(server: Server, start_worker):
    plan = plan_workflow(0, random.Random(1), resumes=3, user="u1")
    env = server.env
    extracted = next(e for e in plan.events if isinstance(e, ResumeExtracted))
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        # Given a started workflow and a resume-reader that fails every resume for good
        await env.publish(plan.events[:2])
        await start_worker(POISONED_READER, env.settings)
        # When a resume's extracted text reaches that reader (and the tracker)
        await env.publish([extracted])
        url = f"/executions/{plan.workflow_id}"
        doc: dict = {}

        async def listed() -> bool:
            doc.update((await http.get(url, headers=server.headers("u1"))).json())
            return bool(doc.get("dead_letters"))

        await env.wait_for(listed, timeout_s=30, what="the dead letter on the execution")
        # Then the execution shows where and why, and the rest of the document is as usual
        [entry] = doc["dead_letters"]
        topology = Topology.from_settings(env.settings)
        assert entry["group"] == "resume-reader"
        assert entry["queue"] == topology.dead_letter_queue("resume-reader")
        assert (entry["message_type"], entry["resume_id"]) == (
            "resume.extracted",
            extracted.resume_id,
        )
        assert entry["reason"] == "permanent" and extracted.resume_id in entry["error"]
        assert entry["dead_message_id"] == extracted.message_id and entry["at"].endswith("Z")
        assert doc["status"] == "in_progress" and len(doc["agents"]) == 4
        assert doc["processed_resumes"] == 0 and doc["total_resumes"] == 3

        # And the announcement delivered again (or by a second replica) changes nothing,
        # while the list keeps only the latest MAX_DEAD_LETTERS
        again = MessageDeadLettered(
            workflow_id=plan.workflow_id,
            group="resume-reader",
            queue=entry["queue"],
            message_type="resume.extracted",
            dead_message_id=extracted.message_id,
            resume_id=extracted.resume_id,
            reason="permanent",
            error="again",
        )
        base = utcnow() + timedelta(minutes=5)  # all later than the first one
        more = [
            again.model_copy(
                update={
                    "dead_message_id": f"other{n:04d}",
                    "message_id": f"announce{n:04d}",
                    "occurred_at": base + timedelta(seconds=n),
                }
            )
            for n in range(MAX_DEAD_LETTERS + 5)
        ]
        await env.publish([again, again, *reversed(more)])
        await env.wait_for(lambda: _counted(env, len(more) + 3), what="announcements handled")
        await env.wait_settled()
        doc = (await http.get(url, headers=server.headers("u1"))).json()
        kept = [d["dead_message_id"] for d in doc["dead_letters"]]
        assert kept == [m.dead_message_id for m in more][-MAX_DEAD_LETTERS:]
        assert doc["status"] == "in_progress"


async def _counted(env, at_least: int) -> bool:
    """True once this process's tracker has handled `at_least` dead-letter announcements."""
    from prometheus_client import REGISTRY

    done = sum(
        REGISTRY.get_sample_value(
            "hrflow_tracker_facts_total", {"type": "message.dead_lettered", "outcome": o}
        )
        or 0
        for o in ("applied", "duplicate")
    )
    return done >= at_least


async def test_metrics_show_queue_depths_and_consumers(server: Server):
    prefix = server.env.settings.broker_prefix
    text = ""

    async def sampled() -> bool:
        nonlocal text
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            text = (await http.get("/metrics")).text
        return f'hrflow_queue_messages{{queue="{prefix}.tracker"}}' in text

    await server.env.wait_for(sampled, timeout_s=30, what="queue gauges on /metrics")
    assert f'hrflow_queue_consumers{{queue="{prefix}.tracker"}}' in text
    assert f'hrflow_queue_messages{{queue="{prefix}.hr-comparator.dlq"}}' in text
