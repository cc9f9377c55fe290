"""One workflow is one trace: traceparent travels through a worker's publishes."""

from __future__ import annotations

import pytest

from common.broker import Publisher, Worker
from common.messages import ResumeExtracted, ResumeParsed
from common.profiles import ResumeProfile
from common.timeutil import utcnow
from common.tracing import configure_tracing, current_trace_id, tracer
from tests.common.broker.helpers import extracted, wait_until

pytestmark = pytest.mark.integration


async def test_trace_continues_from_publisher_through_handler_to_its_publishes(
    fresh_settings, start_worker
):
    configure_tracing("test")
    seen: dict[str, str | None] = {}

    async def reader(msg: ResumeExtracted, ctx) -> None:
        seen["handler"] = current_trace_id()
        await ctx.publish(
            ResumeParsed(
                workflow_id=msg.workflow_id,
                resume_id=msg.resume_id,
                profile=ResumeProfile(),
                started_at=utcnow(),
                duration_ms=1,
            )
        )

    async def comparator(msg: ResumeParsed, ctx) -> None:
        seen["downstream"] = current_trace_id()

    await start_worker(Worker("resume-reader", {ResumeExtracted: reader}), fresh_settings)
    await start_worker(Worker("hr-comparator", {ResumeParsed: comparator}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    # Given a request span at the gateway
    with tracer().start_as_current_span("POST /matching/batch"):
        origin = current_trace_id()
        await publisher.publish(extracted("WF-T", "r1"))
    # Then both hops run in the same trace
    await wait_until(lambda: "downstream" in seen, what="the downstream handler")
    assert origin is not None
    assert seen == {"handler": origin, "downstream": origin}
    await publisher.close()
