"""The tracker's own Prometheus metrics."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

FACTS_APPLIED = Counter(
    "hrflow_tracker_facts_total",
    "Facts offered to workflow_executions, by event type and outcome (applied / duplicate).",
    ["type", "outcome"],
)
SETTLES = Counter(
    "hrflow_tracker_settles_total",
    "Derivations of an execution, by outcome (written / unchanged / conflict / missing).",
    ["outcome"],
)
SETTLE_SECONDS = Histogram(
    "hrflow_tracker_settle_seconds",
    "Time to settle one execution (read its facts, derive, write, log, complete).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
STALLED = Counter("hrflow_tracker_stalled_total", "Executions marked failed as stalled.")
ORPHANED = Counter(
    "hrflow_tracker_orphaned_total", "Executions never registered, marked failed as orphaned."
)
PURGED = Counter("hrflow_tracker_purged_total", "Expired executions purged by the sweeper.")
