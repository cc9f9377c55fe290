"""Dashboard endpoints computed from real data: activity, weekly trends, stats."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from common.db import Mongo
from common.timeutil import utcnow
from gateway.collections import RESUME_RESULTS, RESUMES
from tests.gateway import samples
from tests.gateway.conftest import User
from tests.gateway.test_files import upload
from tests.gateway.test_job_descriptions import create_jd
from tests.gateway.test_matching import _result

pytestmark = pytest.mark.integration


async def test_recent_activity_merges_audit_and_scores(
    gateway: httpx.AsyncClient, mongo: Mongo, make_user: object
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    await upload(gateway, user, "ann.pdf", samples.pdf())
    await mongo.collection(RESUME_RESULTS).insert_one(
        _result("WF-1700000000003-dddddddddd", "rx", "JD-x", user.id, 88.0, name="Ann Lee")
    )
    answer = await gateway.get("/audit-logs/recent", headers=user.headers, params={"limit": 4})
    assert answer.status_code == 200
    activities = answer.json()["activities"]
    assert 2 <= len(activities) <= 4
    assert all(
        {"action", "candidate", "score", "timestamp", "type"} <= a.keys() for a in activities
    )
    assert all(a["type"] in ("success", "warning", "info") for a in activities)
    scored = next(a for a in activities if a["score"] is not None)
    assert scored["candidate"] == "Ann Lee" and scored["score"] == 88.0
    assert scored["type"] == "success"
    uploaded = next(a for a in activities if a["action"] == "Resume uploaded")
    assert uploaded["candidate"] == "ann.pdf" and uploaded["timestamp"].endswith("Z")
    one = await gateway.get("/audit-logs/recent", headers=user.headers, params={"limit": 1})
    assert len(one.json()["activities"]) == 1


async def test_trends_compare_this_week_with_last(
    gateway: httpx.AsyncClient, mongo: Mongo, make_user: object
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    # Given 3 resumes this week and 1 backdated to last week; 1 JD this week
    ids = [
        (await upload(gateway, user, f"r{i}.txt", samples.txt())).json()["resume_id"]
        for i in range(4)
    ]
    await mongo.collection(RESUMES).update_one(
        {"_id": ids[0]}, {"$set": {"created_at": utcnow() - timedelta(days=9)}}
    )
    await create_jd(gateway, user)
    answer = await gateway.get("/analytics/trends", headers=user.headers)
    body = answer.json()
    assert answer.status_code == 200
    assert body["candidatesTrend"] == "+200%" and body["candidatesTrendUp"] is True
    assert body["jdsTrend"] == "+100%" and body["jdsTrendUp"] is True
    assert body["highMatchTrend"] == "0%" and isinstance(body["highMatchTrendUp"], bool)


async def test_stats_totals_and_categories(
    gateway: httpx.AsyncClient, mongo: Mongo, make_user: object
) -> None:
    user: User = await make_user()  # type: ignore[operator]
    await upload(gateway, user, "a.txt", samples.txt())
    await mongo.collection(RESUME_RESULTS).insert_many(
        [
            _result("WF-1700000000004-eeeeeeeeee", "a", "JD-s", user.id, 90.0),
            _result("WF-1700000000004-eeeeeeeeee", "b", "JD-s", user.id, 60.0),
            _result("WF-1700000000004-eeeeeeeeee", "c", "JD-s", user.id, 30.0),
        ]
    )
    body = (await gateway.get("/analytics/stats", headers=user.headers)).json()
    assert body["total_resumes"] == 1 and body["total_candidates_scored"] == 3
    assert body["average_score"] == 60.0 and body["high_matches"] == 1
    assert body["fit_categories"] == {"Best Fit": 1, "Partial Fit": 1, "Not Fit": 1}
    assert body["top_skills"][0] == {"skill": "python", "count": 3}
