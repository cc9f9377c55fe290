"""Distributed tracing: one workflow is one trace.

The W3C `traceparent` header travels in AMQP message headers from the gateway's request through
every agent to the tracker. The publisher injects the current context; the consumer runtime
extracts it and runs each handler inside a `consume <type>` span, so whatever the handler
publishes continues the same trace. Spans are exported only when `OTEL_EXPORTER` is set
(`console` prints them; an OTLP exporter can be added the same way).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.propagate import extract, inject
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.trace import SpanKind

_configured = False


def configure_tracing(service_name: str, exporter: str = "") -> None:
    """Install a tracer provider for this process (once); export spans if `exporter` is set."""
    global _configured
    if _configured:
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    if exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    _configured = True


def tracer() -> trace.Tracer:
    """The hrflow tracer."""
    return trace.get_tracer("hrflow")


def trace_headers() -> dict[str, str]:
    """`traceparent` (and `tracestate`) of the current span, for outgoing message headers."""
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier


def current_trace_id() -> str | None:
    """The current trace id as 32 hex digits (None outside a span)."""
    span_context = trace.get_current_span().get_span_context()
    return f"{span_context.trace_id:032x}" if span_context.is_valid else None


@contextlib.contextmanager
def consume_span(
    message_type: str, headers: Mapping[str, Any], attributes: Mapping[str, str]
) -> Iterator[None]:
    """Run the block in a consumer span continuing the trace found in `headers`."""
    carrier = {
        k: v.decode() if isinstance(v, bytes) else str(v)
        for k, v in headers.items()
        if k in ("traceparent", "tracestate")
    }
    token = otel_context.attach(extract(carrier))
    try:
        with tracer().start_as_current_span(
            f"consume {message_type}", kind=SpanKind.CONSUMER, attributes=dict(attributes)
        ):
            yield
    finally:
        otel_context.detach(token)


@contextlib.contextmanager
def server_span(name: str, headers: Mapping[str, str]) -> Iterator[None]:
    """Run the block in a server span continuing an incoming HTTP `traceparent`, if any."""
    token = otel_context.attach(extract(dict(headers)))
    try:
        with tracer().start_as_current_span(name, kind=SpanKind.SERVER):
            yield
    finally:
        otel_context.detach(token)


class TraceRequests:
    """ASGI middleware: each HTTP request runs in a server span (continuing any `traceparent`)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        with server_span(f"{scope['method']} {scope['path']}", headers):
            await self.app(scope, receive, send)
