"""The console's pure parts: chart scales and marks, time and duration filters, safe redirects,
filter links and queue rates."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from gateway.console import charts
from gateway.console.queues import DepthRates
from gateway.console.render import duration, elapsed_ms, when
from gateway.console.session import csrf_for, safe_next
from gateway.console.workflows import ListFilters

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(5, 6, 2), (4, 4, 1), (1500, 1500, 500), (0.3, 0.3, 0.1), (0, 1.0, 0.25), (97, 100, 50)],
)
def test_an_axis_ends_on_a_round_step_at_or_above_the_largest_value(value, top, step):
    got_top, got_step = charts._scale(value)
    assert got_top == pytest.approx(top) and got_step == pytest.approx(step)
    assert got_top >= value


def test_bars_are_as_tall_as_their_values_and_named():
    svg = str(charts.bars("Per day", ["a", "b"], [charts.Series("n", [2, 4])]))
    assert svg.startswith('<svg class=chart role="img"') and "<title>Per day</title>" in svg
    heights = [
        float(h)
        for h in re.findall(
            r'class="series-0" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg
        )
    ]
    assert heights[1] == pytest.approx(2 * heights[0])
    assert "<title>b · n: 4</title>" in svg


def test_chart_labels_are_escaped():
    svg = str(charts.hbars("Failures", [("<script>alert(1)</script>", 3)]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_running_span_reaches_now_on_the_timeline():
    origin = datetime(2026, 1, 1, tzinfo=UTC)
    now = origin + timedelta(seconds=10)
    spans = [
        charts.Span("done", "completed", origin, origin + timedelta(seconds=5)),
        charts.Span("running", "in_progress", origin + timedelta(seconds=5), None),
        charts.Span("waiting", "pending", None, None),
    ]
    svg = str(charts.timeline("t", spans, origin, now))
    widths = [
        float(w)
        for w in re.findall(r'class="state-[a-z_]+" x="[\d.]+" y="\d+" width="([\d.]+)"', svg)
    ]
    assert len(widths) == 2 and widths[0] == pytest.approx(widths[1])
    assert "running: in_progress, 5.0 s" in svg


@pytest.mark.parametrize(
    ("ms", "text"),
    [
        (None, "\u2013"),
        (850, "850 ms"),
        (4200, "4.2 s"),
        (185_000, "3 min 05 s"),
        (7_800_000, "2 h 10 min"),
    ],
)
def test_durations_read_as_people_write_them(ms, text):
    assert duration(ms) == text


def test_times_are_utc_in_the_markup_and_unknown_ones_a_dash():
    assert 'datetime="2026-12-03T07:00:00Z"' in str(when("2026-12-03T07:00:00Z"))
    assert "UTC" in str(when("2026-12-03T07:00:00+00:00"))
    assert "\u2013" in str(when("not a time"))
    assert elapsed_ms("2026-12-03T07:00:00Z", "2026-12-03T07:00:01.5Z") == 1500


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/console/reports?group_by=jd", "/console/reports?group_by=jd"),
        ("https://evil.example/console/x", "/console/workflows"),
        ("//evil.example/console/", "/console/workflows"),
        ("/console", "/console/workflows"),
        ("/docs", "/console/workflows"),
        (None, "/console/workflows"),
    ],
)
def test_after_signing_in_only_console_paths_are_followed(target, safe):
    assert safe_next(target) == safe


def test_the_form_token_belongs_to_one_session_and_one_secret():
    assert csrf_for("s", "token-a") != csrf_for("s", "token-b")
    assert csrf_for("s", "token-a") != csrf_for("t", "token-a")
    assert len(csrf_for("s", "token-a")) == 64


def test_list_links_keep_every_filter_and_change_only_the_page():
    filters = ListFilters(status="failed", start="2026-12-01", user="a@b.example", page=2)
    assert (
        filters.link(page=3)
        == "/console/workflows?status=failed&from=2026-12-01&user=a%40b.example&page=3"
    )
    assert (
        filters.link(page=1)
        == "/console/workflows?status=failed&from=2026-12-01&user=a%40b.example"
    )
    params = filters.tracker_params("u1")
    assert params["skip"] == 25 and params["from"].startswith("2026-12-01T00:00:00")


def test_the_depth_rate_is_the_change_per_second_between_samples():
    rates = DepthRates()
    assert rates.observe({"q": 10}, 100.0) == {"q": None}
    assert rates.observe({"q": 4}, 102.0) == {"q": pytest.approx(-3.0)}
    assert rates.observe({"q": 4}, 102.1) == {"q": None}  # too close to the last sample to say


async def test_dead_letter_counts_are_read_once_per_recorded_state_and_forgotten_on_replay(
    monkeypatch,
):
    from common.broker.dlq import DeadLetters
    from common.settings import Settings
    from gateway.console.workflows import DeadNow

    reads: list[str] = []

    async def show(self, group, workflow_id=None, limit=100):
        reads.append(group)
        return [object()] * 3

    monkeypatch.setattr(DeadLetters, "show", show)
    settings = Settings(environment="test")
    counts = DeadNow(ttl_s=60)
    doc = {"workflow_id": "WF-1", "dead_letters": [{"group": "hr-comparator"}]}
    assert await counts.counts(settings, doc) == {"hr-comparator": 3}
    assert await counts.counts(settings, doc) == {"hr-comparator": 3}
    assert len(reads) == 1  # the live page's next update did not read the queue again
    doc["dead_letters"].append({"group": "hr-comparator"})
    await counts.counts(settings, doc)  # a new dead letter recorded: read again at once
    counts.forget("WF-1")
    await counts.counts(settings, doc)  # replayed here: read again
    assert len(reads) == 3
    assert await counts.counts(settings, {"workflow_id": "WF-2", "dead_letters": []}) == {}
