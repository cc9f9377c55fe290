"""The gateway request starts the workflow's trace: its publishes carry the request's trace id."""

from __future__ import annotations

import asyncio

import aio_pika
import pytest

from common.broker import Topology
from common.tracing import configure_tracing

pytestmark = pytest.mark.integration


async def test_published_start_event_continues_the_request_trace(gateway, alice, gw_settings):
    configure_tracing("test")
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    connection = await aio_pika.connect(gw_settings.amqp_url)
    channel = await connection.channel()
    await Topology.from_settings(gw_settings).declare(channel)
    probe = await channel.declare_queue(exclusive=True, auto_delete=True)
    await probe.bind(Topology.from_settings(gw_settings).events_exchange, "workflow.started")
    jd = await gateway.post(
        "/job-descriptions/",
        headers=alice.headers,
        json={
            "id": "JD-1795690000001",
            "designation": "Dev",
            "description": "Python developer",
            "status": "active",
        },
    )
    assert jd.status_code in (200, 201), jd.text
    upload = await gateway.post(
        "/files/upload-resume",
        headers=alice.headers,
        files={"file": ("cv.txt", b"Ada Lovelace\nPython developer\n")},
        data={"source": "direct"},
    )
    headers = {**alice.headers, "traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"}
    started = await gateway.post(
        "/matching/batch",
        headers=headers,
        json={"jd_id": "JD-1795690000001", "resume_ids": [upload.json()["resume_id"]]},
    )
    assert started.status_code in (200, 202), started.text
    message = None
    for _ in range(100):
        message = await probe.get(fail=False, no_ack=True)
        if message is not None:
            break
        await asyncio.sleep(0.05)
    assert message is not None
    assert trace_id in str(message.headers.get("traceparent"))
    await connection.close()
