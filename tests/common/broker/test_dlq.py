"""Dead-letter queues: inspect, replay (all or one workflow), dry-run, purge, on the broker."""

from __future__ import annotations

import pytest

from common.broker import Publisher, Worker
from common.broker.dlq import DeadLetters
from common.errors import PermanentError
from common.messages import ResumeExtracted
from tests.common.broker.helpers import extracted, wait_until

pytestmark = pytest.mark.integration


async def test_dead_letters_are_replayed_once_the_fault_is_fixed(fresh_settings, start_worker):
    # Given a handler that refuses every message while a bug is "deployed"
    broken = {"on": True}
    handled: dict[str, int] = {}

    async def handle(msg: ResumeExtracted, ctx) -> None:
        if broken["on"]:
            raise PermanentError("bug in release 1.2", reason="bug")
        handled[msg.resume_id] = handled.get(msg.resume_id, 0) + 1

    await start_worker(Worker("resume-reader", {ResumeExtracted: handle}), fresh_settings)
    publisher = await Publisher.open(fresh_settings)
    await publisher.publish_many(
        [extracted("WF-A", f"a{i}") for i in range(3)]
        + [extracted("WF-B", f"b{i}") for i in range(2)]
    )
    dlq = DeadLetters(fresh_settings)

    async def all_dead() -> bool:
        return len(await dlq.show("resume-reader")) == 5

    await wait_until(all_dead, what="five dead letters")
    # The depth is the broker's count of the queue and the oldest age the head message's:
    # reading them takes at most that one message out, never the whole queue
    peeked: list[int | None] = []
    real_peek = dlq._peek

    async def spy(channel, name, limit):
        peeked.append(limit)
        return await real_peek(channel, name, limit)

    dlq._peek = spy  # type: ignore[method-assign]
    depth = next(d for d in await dlq.depths() if d.group == "resume-reader")
    dlq._peek = real_peek  # type: ignore[method-assign]
    assert depth.depth == 5 and depth.oldest_age_s is not None and depth.oldest_age_s >= 0
    assert peeked and all(limit == 1 for limit in peeked)
    assert len(await dlq.show("resume-reader")) == 5
    # When the operator looks, then dry-runs, then replays one workflow after the fix
    shown = await dlq.show("resume-reader", workflow_id="WF-A")
    assert sorted(d.resume_id for d in shown) == ["a0", "a1", "a2"]
    assert all("bug in release 1.2" in (d.last_error or "") for d in shown)
    assert len(await dlq.replay("resume-reader", "WF-A", dry_run=True)) == 3
    assert len(await dlq.show("resume-reader")) == 5  # a dry run moves nothing
    broken["on"] = False
    replayed = await dlq.replay("resume-reader", "WF-A")
    # Then exactly that workflow's messages are handled, and the others stay dead-lettered
    assert len(replayed) == 3
    await wait_until(lambda: len(handled) == 3, what="the replayed messages")
    assert handled == {"a0": 1, "a1": 1, "a2": 1}
    assert sorted(d.resume_id for d in await dlq.show("resume-reader")) == ["b0", "b1"]
    # And replaying again finds nothing new; a purge of the other workflow empties the DLQ
    assert await dlq.replay("resume-reader", "WF-A") == []
    assert await dlq.purge("resume-reader", "WF-B") == 2
    assert await dlq.show("resume-reader") == []
    depths = {d.group: d.depth for d in await dlq.depths()}
    assert depths["resume-reader"] == 0
    await publisher.close()


async def test_unknown_queue_names_are_refused(settings):
    with pytest.raises(ValueError, match="not a dead-letter queue"):
        DeadLetters(settings).queue_name("no-such-group")
