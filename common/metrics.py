"""Prometheus metrics shared by every service (one registry per process: the default one)."""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

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
