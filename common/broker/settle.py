"""The one place that settles deliveries: ack, retry later, or dead-letter.

Headers hrflow adds (all prefixed `x-hrflow-`):
    attempt      1 for the first delivery, +1 per retry caused by a failure
    waits        number of explicit `Retry` waits (they do not use up attempts)
    first-seen   epoch ms of the first delivery (bounds how long a message may wait)
    last-error   the latest error text; error-type, reason, group, failed-at on dead letters

A retry or dead letter is a confirmed copy published straight to the target queue, and the
original is acked only after that confirm; if the copy cannot be published the original is
returned to its queue (nack + requeue), so a broker hiccup never drops a message.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from common import db
from common.broker.publisher import Publisher
from common.broker.topology import PERSISTENT, Topology
from common.errors import HrflowError, NotFound, PermanentError, Retry, TransientError
from common.messages import MessageDeadLettered
from common.metrics import MESSAGES_FAILED, MESSAGES_RETRIED
from common.settings import Settings
from common.timeutil import epoch_ms, isoformat, utcnow

log = logging.getLogger("hrflow.settle")

H_ATTEMPT = "x-hrflow-attempt"
H_WAITS = "x-hrflow-waits"
H_FIRST_SEEN = "x-hrflow-first-seen"
H_LAST_ERROR = "x-hrflow-last-error"
H_ERROR_TYPE = "x-hrflow-error-type"
H_REASON = "x-hrflow-reason"
H_GROUP = "x-hrflow-group"
H_FAILED_AT = "x-hrflow-failed-at"


@dataclass(frozen=True)
class Verdict:
    """What to do with a delivery whose handler raised."""

    action: str  # "retry" | "dead_letter"
    delay_ms: int = 0
    reason: str = ""


def attempt_of(delivery: AbstractIncomingMessage) -> int:
    """The delivery's attempt number (1 on first delivery)."""
    return _int_header(delivery, H_ATTEMPT, 1)


def judge(exc: BaseException, delivery: AbstractIncomingMessage, settings: Settings) -> Verdict:
    """Classify an error: transient → retry with backoff, permanent or out of attempts → DLQ."""
    attempt = attempt_of(delivery)
    if isinstance(exc, Retry):
        return _judge_wait(exc, delivery, settings)
    if isinstance(exc, PermanentError | NotFound):
        return Verdict("dead_letter", reason=exc.reason)
    if attempt >= settings.max_attempts:
        reason = exc.reason if isinstance(exc, HrflowError) else "max_attempts"
        return Verdict("dead_letter", reason=f"{reason}: out of {settings.max_attempts} attempts")
    delays = settings.retry_delays_ms
    is_known_transient = isinstance(exc, TransientError) or db.is_transient(exc)
    return Verdict(
        "retry",
        delay_ms=delays[min(attempt - 1, len(delays) - 1)],
        reason="transient" if is_known_transient else "error",
    )


def _judge_wait(exc: Retry, delivery: AbstractIncomingMessage, settings: Settings) -> Verdict:
    first_seen = _int_header(delivery, H_FIRST_SEEN, epoch_ms())
    if epoch_ms() - first_seen > settings.retry_wait_limit_s * 1000:
        return Verdict("dead_letter", reason=f"waited over {settings.retry_wait_limit_s:g} s")
    wanted_ms = int((exc.delay_s or 0) * 1000)
    delays = sorted(settings.retry_delays_ms)
    tier = next((d for d in delays if d >= wanted_ms), delays[-1])
    return Verdict("retry", delay_ms=tier, reason="wait")


class Settler:
    """Acks, retries and dead-letters deliveries of one consumer group."""

    def __init__(self, group: str, publisher: Publisher, settings: Settings) -> None:
        self.group = group
        self.publisher = publisher
        self.settings = settings
        self.topology = Topology.from_settings(settings)

    async def ack(self, delivery: AbstractIncomingMessage) -> None:
        """The work is stored: remove the message."""
        await delivery.ack()

    async def requeue(self, delivery: AbstractIncomingMessage) -> None:
        """Give the message back to its queue (shutdown, or a retry that could not be sent)."""
        await delivery.nack(requeue=True)

    async def fail(
        self, delivery: AbstractIncomingMessage, exc: BaseException, message_type: str
    ) -> None:
        """Retry later or dead-letter, as `judge` decides."""
        verdict = judge(exc, delivery, self.settings)
        if verdict.action == "retry":
            await self.retry(delivery, exc, verdict, message_type)
        else:
            await self.dead_letter(delivery, exc, verdict.reason, message_type)

    async def retry(
        self,
        delivery: AbstractIncomingMessage,
        exc: BaseException,
        verdict: Verdict,
        message_type: str,
    ) -> None:
        """Send a copy to the retry queue of the chosen delay, then ack the original."""
        headers = self._headers(delivery, exc)
        if verdict.reason == "wait":
            headers[H_WAITS] = _int_header(delivery, H_WAITS, 0) + 1
        else:
            headers[H_ATTEMPT] = attempt_of(delivery) + 1
        queue = self.topology.retry_queue(self.group, verdict.delay_ms)
        if await self._forward(delivery, queue, headers):
            MESSAGES_RETRIED.labels(self.group, message_type).inc()
            log.warning(
                "retrying %s in %d ms (%s): %s",
                message_type,
                verdict.delay_ms,
                verdict.reason,
                _describe(exc),
                extra={"fields": self._fields(delivery, message_type)},
            )

    async def dead_letter(
        self, delivery: AbstractIncomingMessage, exc: BaseException, reason: str, message_type: str
    ) -> None:
        """Send a copy, with the error recorded in its headers, to the DLQ; ack the original."""
        headers = self._headers(delivery, exc)
        headers.update(
            {
                H_ERROR_TYPE: type(exc).__name__,
                H_REASON: reason,
                H_GROUP: self.group,
                H_FAILED_AT: isoformat(utcnow()),
            }
        )
        queue = self.topology.dead_letter_queue(self.group)
        if await self._forward(delivery, queue, headers):
            MESSAGES_FAILED.labels(self.group, message_type, reason.split(":")[0]).inc()
            log.error(
                "dead-lettered %s (%s): %s",
                message_type,
                reason,
                _describe(exc),
                extra={"fields": self._fields(delivery, message_type)},
            )
            await self._announce(delivery, queue, message_type, reason, exc)

    async def _announce(
        self,
        delivery: AbstractIncomingMessage,
        queue: str,
        message_type: str,
        reason: str,
        exc: BaseException,
    ) -> None:
        """Tell the tracker which workflow lost a message (best effort: the DLQ has it anyway)."""
        fields = self._fields(delivery, message_type)
        workflow_id = fields.get("workflow_id")
        if not workflow_id or (
            self.group == "tracker" and message_type == MessageDeadLettered.TYPE
        ):
            return
        event = MessageDeadLettered(
            workflow_id=workflow_id[:64],
            group=self.group,
            queue=queue,
            message_type=message_type[:100],
            dead_message_id=(delivery.message_id or "")[:200],
            resume_id=fields.get("resume_id"),
            reason=reason[:200],
            error=_describe(exc)[:1000],
        )
        try:
            await self.publisher.publish(event)
        except TransientError:
            log.warning("could not announce the dead letter of %s", workflow_id)

    def _fields(self, delivery: AbstractIncomingMessage, message_type: str) -> dict[str, Any]:
        """What a retry or dead-letter log line names: the message's workflow, resume, id."""
        body = _json_object(delivery.body)
        workflow_id = body.get("workflow_id") or delivery.correlation_id
        fields = {
            "workflow_id": workflow_id if isinstance(workflow_id, str) else None,
            "resume_id": body.get("resume_id") if isinstance(body.get("resume_id"), str) else None,
            "message_id": delivery.message_id,
            "type": message_type,
            "group": self.group,
        }
        return {k: v for k, v in fields.items() if v is not None}

    def _headers(self, delivery: AbstractIncomingMessage, exc: BaseException) -> dict[str, Any]:
        headers = dict(delivery.headers or {})
        headers.setdefault(H_FIRST_SEEN, epoch_ms())
        headers[H_LAST_ERROR] = _describe(exc)[:2000]
        return headers

    async def _forward(
        self, delivery: AbstractIncomingMessage, queue: str, headers: dict[str, Any]
    ) -> bool:
        copy = copy_of(delivery, headers)
        try:
            await self.publisher.send_to_queue(queue, copy)
        except TransientError:
            log.exception("could not forward to %s; returning the message to its queue", queue)
            await self.requeue(delivery)
            return False
        await delivery.ack()
        return True


def copy_of(delivery: AbstractIncomingMessage, headers: dict[str, Any]) -> aio_pika.Message:
    """A persistent copy of a delivery (same body and ids) with the given headers."""
    return aio_pika.Message(
        body=delivery.body,
        headers=headers,
        content_type=delivery.content_type,
        delivery_mode=PERSISTENT,
        message_id=delivery.message_id,
        correlation_id=delivery.correlation_id,
        type=delivery.type,
        timestamp=delivery.timestamp,
    )


def _int_header(delivery: AbstractIncomingMessage, name: str, default: int) -> int:
    value = (delivery.headers or {}).get(name)
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"
