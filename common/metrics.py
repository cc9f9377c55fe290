"""Prometheus metrics shared by every service (one registry per process: the default one)."""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from common.settings import Settings

MESSAGES_CONSUMED = Counter(
    "hrflow_messages_consumed_total",
    "Messages handled successfully, by consumer group and message type.",
    ["group", "type"],
)
MESSAGES_FAILED = Counter(
    "hrflow_messages_failed_total",
    "Messages dead-lettered, by consumer group, message type and reason.",
    ["group", "type", "reason"],
)
MESSAGES_RETRIED = Counter(
    "hrflow_messages_retried_total",
    "Messages sent to a retry queue, by consumer group and message type.",
    ["group", "type"],
)
MESSAGES_PUBLISHED = Counter(
    "hrflow_messages_published_total",
    "Messages published and confirmed by the broker, by message type.",
    ["type"],
)
HANDLING_SECONDS = Histogram(
    "hrflow_handling_seconds",
    "Time spent in a handler, by consumer group and message type.",
    ["group", "type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
IN_FLIGHT = Gauge("hrflow_in_flight_messages", "Messages being handled now.", ["group"])


def render_latest() -> tuple[bytes, str]:
    """The current metrics in the Prometheus text format, with its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST


def metrics_refusal(settings: Settings, authorization: str) -> tuple[int, str] | None:
    """Why an HTTP `/metrics` request is refused (status, detail), or None to serve it. With
    `METRICS_TOKEN` set only `Bearer <token>` is served; without it, development and test
    serve everyone and production no one (the page names queues, users' volumes, errors)."""
    token = settings.metrics_token
    if not token:
        if settings.environment == "production":
            return 404, "Not Found"
        return None
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        return 401, "metrics need 'Authorization: Bearer <METRICS_TOKEN>'"
    return None


def metrics_response(settings: Settings, request: Request) -> Response:
    """`GET /metrics` of any service (gateway, tracker, a worker's probe): the metrics, or the
    refusal with its `detail`."""
    refusal = metrics_refusal(settings, request.headers.get("authorization", ""))
    if refusal is not None:
        status, detail = refusal
        return JSONResponse(
            {"detail": detail}, status_code=status, headers={"WWW-Authenticate": "Bearer"}
        )
    body, content_type = render_latest()
    return Response(body, media_type=content_type)
