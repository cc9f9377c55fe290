"""derive(): statuses, counters, bands and agents as pure functions of the facts."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from common.messages import ResumeExtracted, ResumeScored, WorkflowCancelled
from common.profiles import MatchBreakdown
from common.settings import Settings
from tests.tracker.events import plan_workflow
from tracker.derive import Rules, derive, resume_rows
from tracker.facts import fact_of, resume_key

pytestmark = pytest.mark.unit
RULES = Rules.from_settings(Settings(environment="test"))


def build(events, extra=None) -> tuple[dict, dict]:
    """The execution and resume facts as the fact writes would leave them (a later rank never
    replaces an earlier one): `derive(*build(events), RULES)`."""
    doc: dict = {"workflow_id": events[0].workflow_id, "facts": {}}
    resumes: dict[str, dict] = {}
    for event in events:
        fact = fact_of(event)
        node = resumes.setdefault(fact.resume_id, {}) if fact.resume_id else doc
        *parents, leaf = fact.path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        if leaf not in node or node[leaf]["rank"] > fact.rank:
            node[leaf] = fact.value
    doc["facts"].update(extra or {})
    return doc, resumes


def scored(plan, rid, score, minute=1):
    started = plan.started.occurred_at + timedelta(minutes=minute)
    return ResumeScored(
        workflow_id=plan.workflow_id,
        resume_id=rid,
        result_id="x",
        score=score,
        fit_category="",
        breakdown=MatchBreakdown(),
        started_at=started,
        duration_ms=5,
        occurred_at=started + timedelta(milliseconds=5),
    )


def test_completed_workflow_counts_every_band_from_real_scores():
    # Given a started workflow whose four resumes are scored 90, 85, 70 and 40
    plan = plan_workflow(0, random.Random(1), resumes=4)
    events = [plan.started] + [
        scored(plan, rid, s) for rid, s in zip(plan.resume_ids, (90, 85, 70, 40), strict=True)
    ]
    # When the document is derived
    out = derive(*build(events), RULES)
    # Then bands follow the configured thresholds (85 is good, not excellent)
    assert out["status"] == "completed"
    assert out["results"] == {
        "excellent_matches": 1,
        "good_matches": 2,
        "average_matches": 0,
        "poor_matches": 1,
    }
    assert out["metrics"]["best_fit"] == 2 and out["metrics"]["partial_fit"] == 1
    assert out["metrics"]["not_fit"] == 1 and out["metrics"]["high_matches"] == 2
    assert out["metrics"]["match_rate"] == 75.0
    assert out["processed_resumes"] == out["total_resumes"] == 4
    assert out["completed_at"] == max(e.occurred_at for e in events[1:])
    assert out["expire_at"] == out["completed_at"] + timedelta(days=30)


def test_order_of_facts_does_not_matter():
    plan = plan_workflow(3, random.Random(5), resumes=5)
    shuffled = plan.events[:]
    random.Random(9).shuffle(shuffled)
    assert derive(*build(shuffled), RULES) == derive(*build(plan.events), RULES)


def test_scored_before_started_waits_for_the_total():
    plan = plan_workflow(1, random.Random(2), resumes=2)
    only_scored = [scored(plan, rid, 60) for rid in plan.resume_ids]
    out = derive(*build(only_scored), RULES)
    assert out["status"] == "in_progress"  # the total is unknown until workflow.started
    assert out["completed_at"] is None


def test_resume_outside_the_workflow_is_not_counted():
    plan = plan_workflow(2, random.Random(3), resumes=1)
    stray = scored(plan, "not-in-this-workflow", 99)
    out = derive(*build([*plan.events, stray]), RULES)
    assert out["processed_resumes"] <= out["total_resumes"] == 1


def test_jd_failure_fails_the_workflow():
    plan = plan_workflow(4, random.Random(4), kind="jd_failed")
    out = derive(*build(plan.events[:2]), RULES)
    assert (out["status"], out["error"]) == ("failed", "jd_failed")
    assert out["agents"][1]["status"] == "failed"


def test_cancel_after_natural_completion_does_not_change_the_outcome():
    plan = plan_workflow(5, random.Random(6), resumes=1)
    last = plan.events[-1].occurred_at
    late_cancel = WorkflowCancelled(
        workflow_id=plan.workflow_id, occurred_at=last + timedelta(seconds=1)
    )
    early_cancel = WorkflowCancelled(
        workflow_id=plan.workflow_id, occurred_at=last - timedelta(milliseconds=1)
    )
    assert derive(*build([*plan.events, late_cancel]), RULES)["status"] != "cancelled"
    assert derive(*build([*plan.events, early_cancel]), RULES)["status"] == "cancelled"


def test_stall_lists_the_unfinished_resumes():
    plan = plan_workflow(6, random.Random(7), resumes=3, kind="unfinished")
    at = plan.events[-1].occurred_at + timedelta(hours=1)
    out = derive(*build(plan.events, {"stalled": {"at": at}}), RULES)
    assert (out["status"], out["error"]) == ("failed", "stalled")
    unfinished = out["error_details"]["unfinished_resumes"]
    assert unfinished == [{"resume_id": plan.resume_ids[-1], "last_stage": "extracted"}]


def test_failed_resume_is_listed_with_stage_and_reason():
    plan = plan_workflow(7, random.Random(0), resumes=6)
    out = derive(*build(plan.events), RULES)
    failures = {f["resume_id"]: f for f in out["failed_resumes"]}
    for rid in plan.resume_ids:
        facts = build(plan.events)[1][rid]
        assert (rid in failures) == ("failed" in facts)
    assert out["processed_resumes"] == 6 and out["progress"]["percentage"] == 100


def test_odd_resume_ids_get_safe_keys():
    assert resume_key("abc-1_2") == "abc-1_2"
    assert "." not in resume_key("a.b") and not resume_key("$x").startswith("$")


def dead_letter(plan, n, group="resume-reader", minute=2, dead_id=None):
    from common.messages import MessageDeadLettered

    return MessageDeadLettered(
        workflow_id=plan.workflow_id,
        group=group,
        queue=f"hrflow.{group}.dlq",
        message_type="resume.extracted",
        dead_message_id=dead_id or f"dead{n:05d}",
        resume_id=plan.resume_ids[0],
        reason="max_attempts",
        error="ValueError: boom",
        occurred_at=plan.started.occurred_at + timedelta(minutes=minute, seconds=n),
    )


def test_dead_letters_are_listed_in_time_order_and_are_not_progress():
    plan = plan_workflow(8, random.Random(8), resumes=2)
    facts = {
        "registered": {
            "jd_id": "JD",
            "jd_title": "t",
            "started_by": "u1",
            "resume_ids": plan.resume_ids,
            "at": plan.started.occurred_at,
        }
    }
    letters = [fact_of(dead_letter(plan, n)).value for n in (2, 0, 1)]
    out = derive(
        {"workflow_id": plan.workflow_id, "facts": {**facts, "dead_letters": letters}}, {}, RULES
    )
    # Only registered plus dead letters: still pending, the letters shown oldest first
    assert out["status"] == "pending"
    assert [d["dead_message_id"] for d in out["dead_letters"]] == [
        "dead00000",
        "dead00001",
        "dead00002",
    ]
    assert set(out["dead_letters"][0]) == {
        "group",
        "queue",
        "message_type",
        "resume_id",
        "reason",
        "error",
        "at",
        "dead_message_id",
    }
    # The same dead message in another group is another entry; in the same group the same key
    same = fact_of(dead_letter(plan, 9, dead_id="dead00000"))
    other = fact_of(dead_letter(plan, 9, group="hr-comparator", dead_id="dead00000"))
    assert same.value["key"] == letters[1]["key"] != other.value["key"]


def test_an_extraction_warning_is_shown_on_the_execution_and_its_resume():
    # Given a resume whose text was read by OCR, with a warning, and one read plainly
    plan = plan_workflow(0, random.Random(2), resumes=2)
    at = plan.started.occurred_at + timedelta(seconds=1)
    warning = "read by OCR from 1 scanned page(s): mean word confidence 91 of 100"
    events = [plan.started] + [
        ResumeExtracted(
            workflow_id=plan.workflow_id,
            resume_id=rid,
            text="x",
            text_sha256="0" * 64,
            ocr=ocr,
            ocr_confidence=91.0 if ocr else None,
            warnings=[warning] if ocr else [],
            started_at=at,
            duration_ms=5,
            occurred_at=at,
        )
        for rid, ocr in zip(plan.resume_ids, (True, False), strict=True)
    ]
    # When the document is derived
    doc, resumes = build(events)
    out = derive(doc, resumes, RULES)
    # Then the execution lists the one warning with its resume, and so does the resume's row
    scan, plain = plan.resume_ids
    assert out["warnings"] == [{"resume_id": scan, "stage": "resume-extractor", "warning": warning}]
    rows = {r["resume_id"]: r for r in resume_rows(doc, resumes)}
    assert rows[scan]["warnings"] == [warning] and rows[plain]["warnings"] == []
