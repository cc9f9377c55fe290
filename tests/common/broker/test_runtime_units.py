"""The broker runtime's decisions without a broker: `judge()`, the cancelled-workflow skip, the
time limit, and the log lines of retries and dead letters."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pytest

from common.broker.middleware import SkipCancelled, TimeLimit
from common.broker.settle import H_ATTEMPT, H_FIRST_SEEN, Settler, judge
from common.errors import NotFound, PermanentError, Retry, TransientError
from common.messages import WorkflowCancelled
from common.settings import Settings
from common.timeutil import epoch_ms
from tests.common.broker.helpers import extracted

pytestmark = pytest.mark.unit
SETTINGS = Settings(
    environment="test", retry_delays_ms=[100, 1000, 5000], max_attempts=3, retry_wait_limit_s=60
)


@dataclass
class FakeDelivery:
    """What `judge` and the settler read of a delivery."""

    headers: dict[str, Any] = field(default_factory=dict)
    body: bytes = b"{}"
    message_id: str = "m-1"
    correlation_id: str | None = None
    acked: bool = False

    async def ack(self) -> None:
        self.acked = True


@pytest.mark.parametrize(("attempt", "delay"), [(1, 100), (2, 1000)])
def test_a_transient_error_is_retried_on_the_next_backoff_tier(attempt, delay):
    verdict = judge(TransientError("broker away"), FakeDelivery({H_ATTEMPT: attempt}), SETTINGS)
    assert (verdict.action, verdict.delay_ms, verdict.reason) == ("retry", delay, "transient")


def test_out_of_attempts_is_dead_lettered_with_the_reason():
    verdict = judge(TransientError("x"), FakeDelivery({H_ATTEMPT: 3}), SETTINGS)
    assert verdict.action == "dead_letter"
    assert verdict.reason == "transient: out of 3 attempts"
    unknown = judge(ValueError("bug"), FakeDelivery({H_ATTEMPT: 3}), SETTINGS)
    assert unknown.reason == "max_attempts: out of 3 attempts"


def test_an_unknown_error_is_retried_as_an_error():
    verdict = judge(ValueError("bug"), FakeDelivery(), SETTINGS)
    assert (verdict.action, verdict.reason) == ("retry", "error")


@pytest.mark.parametrize("exc", [PermanentError("bad input"), NotFound("gone")])
def test_a_permanent_error_is_dead_lettered_at_once(exc):
    verdict = judge(exc, FakeDelivery(), SETTINGS)
    assert verdict.action == "dead_letter" and verdict.reason == exc.reason


def test_a_wait_takes_the_first_tier_at_least_as_long_and_never_counts_an_attempt():
    verdict = judge(Retry("jd not yet", delay_s=0.5), FakeDelivery({H_ATTEMPT: 3}), SETTINGS)
    assert (verdict.action, verdict.delay_ms, verdict.reason) == ("retry", 1000, "wait")
    longest = judge(Retry("jd not yet", delay_s=60), FakeDelivery(), SETTINGS)
    assert longest.delay_ms == 5000


def test_a_wait_past_the_limit_is_dead_lettered():
    first_seen = epoch_ms() - 61_000
    verdict = judge(Retry("jd not yet"), FakeDelivery({H_FIRST_SEEN: first_seen}), SETTINGS)
    assert verdict.action == "dead_letter" and verdict.reason == "waited over 60 s"


class FakeCollection:
    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.reads = 0

    async def update_one(self, query: dict[str, Any], update: dict[str, Any], upsert: bool) -> None:
        self.docs.setdefault(query["_id"], update["$setOnInsert"])

    async def find_one(self, query: dict[str, Any]) -> dict[str, Any] | None:
        self.reads += 1
        return self.docs.get(query["_id"])


@dataclass
class FakeMongo:
    cancelled: FakeCollection = field(default_factory=FakeCollection)

    def collection(self, name: str) -> FakeCollection:
        assert name == "cancelled_workflows"
        return self.cancelled


@dataclass
class FakeContext:
    mongo: FakeMongo = field(default_factory=FakeMongo)
    state: dict[str, Any] = field(default_factory=dict)


async def test_work_of_a_cancelled_workflow_is_skipped_on_every_replica():
    ctx, handled = FakeContext(), []

    async def handler(message: Any, _: Any) -> None:
        handled.append(message.workflow_id)

    one, other = SkipCancelled(negative_ttl_s=0), SkipCancelled(negative_ttl_s=0)
    await one(extracted("WF-a", "r1"), ctx, handler)  # not cancelled: handled
    await one(WorkflowCancelled(workflow_id="WF-a"), ctx, handler)  # recorded, not handled
    await one(extracted("WF-a", "r2"), ctx, handler)  # the replica that saw the cancel
    await other(extracted("WF-a", "r3"), ctx, handler)  # another replica reads the record
    await other(extracted("WF-b", "r4"), ctx, handler)
    assert handled == ["WF-a", "WF-b"]
    assert "WF-a" in ctx.mongo.cancelled.docs


async def test_a_negative_answer_is_cached_for_its_ttl():
    ctx = FakeContext()
    skip = SkipCancelled(negative_ttl_s=60)

    async def handler(*_: Any) -> None:
        return None

    for i in range(5):
        await skip(extracted("WF-c", f"r{i}"), ctx, handler)
    assert ctx.mongo.cancelled.reads == 1


async def test_a_handler_past_its_time_limit_is_abandoned_for_a_retry():
    async def slow(*_: Any) -> None:
        await asyncio.sleep(5)

    async def quick(*_: Any) -> None:
        await asyncio.sleep(0)

    limit = TimeLimit(0.05)
    await limit(extracted("WF-d", "r1"), FakeContext(), quick)
    with pytest.raises(TransientError, match=r"0\.05 s time limit"):
        await limit(extracted("WF-d", "r1"), FakeContext(), slow)
    with pytest.raises(ValueError):
        TimeLimit(0)


class NullPublisher:
    async def publish(self, *_: Any) -> None:
        return None


async def test_retry_and_dead_letter_lines_name_the_workflow(monkeypatch, caplog):
    settler = Settler("resume-reader", NullPublisher(), SETTINGS)  # type: ignore[arg-type]

    async def forwarded(*_: Any) -> bool:
        return True

    monkeypatch.setattr(settler, "_forward", forwarded)
    body = json.dumps({"workflow_id": "WF-1796283486170-abcdefghij", "resume_id": "r9"}).encode()
    with caplog.at_level(logging.WARNING, logger="hrflow.settle"):
        await settler.fail(FakeDelivery(body=body), TransientError("x"), "resume.extracted")
        await settler.fail(FakeDelivery(body=body), PermanentError("bad"), "resume.extracted")
    lines = [r for r in caplog.records if r.name == "hrflow.settle"]
    assert [r.levelname for r in lines] == ["WARNING", "ERROR"]
    for record in lines:
        assert record.fields["workflow_id"] == "WF-1796283486170-abcdefghij"
        assert record.fields["resume_id"] == "r9" and record.fields["group"] == "resume-reader"


async def test_a_handler_may_publish_only_what_its_worker_declares():
    from types import SimpleNamespace

    from common.broker.context import Context, UndeclaredEmit

    sent: list[Any] = []

    class Recording:
        async def publish_many(self, messages: Any) -> None:
            sent.extend(messages)

    ctx = Context(
        settings=SETTINGS,
        group="resume-extractor",
        mongo=None,  # type: ignore[arg-type]
        publisher=Recording(),  # type: ignore[arg-type]
        files=None,  # type: ignore[arg-type]
        emits=frozenset({"resume.extracted"}),
    )
    await ctx.publish(extracted("WF-e", "r1"))
    stray = SimpleNamespace(type="resume.parsed", workflow_id="WF-e")
    with pytest.raises(UndeclaredEmit, match=r"does not declare that it emits \['resume.parsed'\]"):
        await ctx.publish(stray)  # type: ignore[arg-type]
    assert [m.type for m in sent] == ["resume.extracted"]


def test_a_worker_may_not_declare_what_no_queue_receives():
    from common.broker import Worker
    from common.messages import WorkflowCompleted

    with pytest.raises(ValueError, match="no queue is bound"):
        Worker(group="resume-reader", handlers={}, emits=(WorkflowCompleted,))


def test_a_misspelt_or_unowned_worker_option_fails_when_declared():
    from common.broker import Observe, TimeLimit, Worker

    with pytest.raises(ValueError, match=r"unknown worker option\(s\) \['time_limit'\]"):
        Worker(group="resume-reader", handlers={}, options={"time_limit": 60})
    # an option whose middleware is not in the chain is unowned too
    with pytest.raises(ValueError, match="its middleware take \\[\\]"):
        Worker("resume-reader", {}, middleware=(Observe,), options={"time_limit_s": 9})
    # and the owner checks the value
    with pytest.raises(ValueError, match="must be a number of seconds, not '60'"):
        Worker(group="resume-reader", handlers={}, options={"time_limit_s": "60"})
    built = Worker(
        "resume-reader", {}, middleware=(Observe, TimeLimit), options={"time_limit_s": 9}
    )
    assert [type(m) for m in built.chain()] == [Observe, TimeLimit]
    assert built.chain()[1].time_limit_s == 9.0


def test_cancellation_is_settled_by_its_middleware_unless_the_worker_handles_it():
    from common.broker import Worker
    from common.broker.middleware import DuplicateDeliveries

    plain = Worker(group="resume-reader", handlers={}).chain()
    assert [type(m).__name__ for m in plain] == ["Observe", "SkipCancelled", "TimeLimit"]
    assert plain[1].also_handled is False

    async def on_cancel(*_: Any) -> None:
        return None

    handled = Worker(group="resume-reader", handlers={WorkflowCancelled: on_cancel}).chain()
    assert handled[1].also_handled is True
    chaos = Worker(group="resume-reader", handlers={}).chain(duplicate_deliveries=True)
    assert isinstance(chaos[1], DuplicateDeliveries)


async def test_a_cancel_the_worker_also_handles_reaches_its_handler():
    ctx, seen = FakeContext(), []

    async def handler(message: Any, _: Any) -> None:
        seen.append(message.type)

    await SkipCancelled(also_handled=True)(WorkflowCancelled(workflow_id="WF-h"), ctx, handler)
    await SkipCancelled()(WorkflowCancelled(workflow_id="WF-i"), ctx, handler)
    assert seen == ["workflow.cancelled"]
    assert {"WF-h", "WF-i"} <= set(ctx.mongo.cancelled.docs)


def test_a_middleware_may_not_consume_what_the_queue_is_not_bound_to():
    from common.broker import Worker
    from common.messages import MessageDeadLettered

    class SettlesDeadLetters:  # only the tracker's queue receives dead-letter notices
        OPTIONS: frozenset[str] = frozenset()
        CONSUMES = (MessageDeadLettered,)

        @classmethod
        def build(cls, options: Any, handled: Any) -> Any:
            return cls()

    with pytest.raises(ValueError, match=r"consumes 'message\.dead_lettered' but its queue"):
        Worker(group="resume-reader", handlers={}, middleware=(SettlesDeadLetters,))
    assert Worker(group="tracker", handlers={}, middleware=(SettlesDeadLetters,)).chain()
