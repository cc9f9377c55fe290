"""Deterministic event sequences of whole workflows, as the agents would publish them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from common.messages import (
    JDFailed,
    JDParsed,
    Message,
    ResumeExtracted,
    ResumeFailed,
    ResumeParsed,
    ResumeScored,
    WorkflowCancelled,
    WorkflowStarted,
)
from common.profiles import JDProfile, MatchBreakdown, ResumeProfile
from common.timeutil import epoch_ms

BASE = datetime(2026, 11, 20, 9, 0, 0, tzinfo=UTC)


@dataclass
class Plan:
    """One workflow: its id, owner, resumes and the events in the order they happened."""

    workflow_id: str
    started_by: str
    resume_ids: list[str]
    events: list[Message] = field(default_factory=list)

    @property
    def started(self) -> WorkflowStarted:
        return next(e for e in self.events if isinstance(e, WorkflowStarted))


def plan_workflow(
    index: int, rng: random.Random, *, resumes: int = 3, kind: str = "normal", user: str = "u1"
) -> Plan:
    """Events of one workflow; `kind` is normal, jd_failed, cancelled or unfinished."""
    start = BASE + timedelta(minutes=index)
    wid = f"WF-{epoch_ms(start)}-{index:010d}"
    rids = [f"r{index}x{i}" for i in range(resumes)]
    plan = Plan(wid, user, rids)
    t = start

    def at(offset_ms: int) -> datetime:
        return t + timedelta(milliseconds=offset_ms)

    plan.events.append(
        WorkflowStarted(
            workflow_id=wid,
            jd_id=f"JD-{index % 5}",
            jd_title=f"Engineer {index % 5}",
            started_by=user,
            resume_ids=rids,
            occurred_at=at(0),
        )
    )
    if kind == "jd_failed":
        plan.events.append(
            JDFailed(
                workflow_id=wid, jd_id=f"JD-{index % 5}", reason="empty_jd", occurred_at=at(50)
            )
        )
    else:
        plan.events.append(
            JDParsed(
                workflow_id=wid,
                jd_id=f"JD-{index % 5}",
                profile=JDProfile(title="Engineer"),
                started_at=at(10),
                duration_ms=40,
                occurred_at=at(50),
            )
        )
    for i, rid in enumerate(rids):
        base = 100 + 100 * i
        fate = rng.choice(["scored", "scored", "scored", "fail_extract", "fail_compare"])
        if kind == "unfinished" and i == len(rids) - 1:
            fate = "unfinished"
        common = {"workflow_id": wid, "resume_id": rid}
        if fate == "fail_extract":
            plan.events.append(
                ResumeFailed(
                    **common,
                    stage="resume-extractor",
                    reason="no_text_layer",
                    detail="scanned PDF",
                    started_at=at(base),
                    duration_ms=12,
                    occurred_at=at(base + 12),
                )
            )
            continue
        plan.events.append(
            ResumeExtracted(
                **common,
                text="x",
                text_sha256="0" * 64,
                started_at=at(base),
                duration_ms=20,
                occurred_at=at(base + 20),
            )
        )
        if fate == "unfinished":
            continue
        plan.events.append(
            ResumeParsed(
                **common,
                profile=ResumeProfile(name=rid),
                started_at=at(base + 30),
                duration_ms=25,
                occurred_at=at(base + 55),
            )
        )
        if kind == "jd_failed":
            continue  # the comparator never scores without a JD profile
        if fate == "fail_compare":
            plan.events.append(
                ResumeFailed(
                    **common, stage="hr-comparator", reason="bad_profile", occurred_at=at(base + 70)
                )
            )
            continue
        score = round(rng.uniform(20, 99), 1)
        plan.events.append(
            ResumeScored(
                **common,
                result_id=f"{wid}:{rid}",
                score=score,
                fit_category="Best Fit" if score >= 80 else "Not Fit",
                breakdown=MatchBreakdown(skills_match=score),
                skills_missing=["kubernetes"] if score < 60 else [],
                started_at=at(base + 60),
                duration_ms=15,
                occurred_at=at(base + 75),
            )
        )
    if kind == "cancelled":
        plan.events.insert(
            3,
            WorkflowCancelled(
                workflow_id=wid, cancelled_by=user, reason="test", occurred_at=at(90)
            ),
        )
    # Reproducible message ids, so two plans of the same seed are the same messages.
    plan.events = [
        e.model_copy(update={"message_id": f"m{index:05d}n{n:05d}"})
        for n, e in enumerate(plan.events)
    ]
    return plan


def plan_many(count: int, seed: int = 7, resumes: int = 3) -> list[Plan]:
    """`count` workflows of mixed kinds (mostly normal), reproducible from `seed`."""
    rng = random.Random(seed)
    kinds = ["normal"] * 6 + ["jd_failed", "cancelled", "unfinished"]
    return [
        plan_workflow(i, rng, resumes=resumes, kind=kinds[i % len(kinds)], user=f"u{i % 3}")
        for i in range(count)
    ]


def in_order(plans: list[Plan]) -> list[Message]:
    """Every workflow's events in the order they happened, workflow after workflow."""
    return [e for p in plans for e in p.events]
