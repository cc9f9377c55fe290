"""Admin HTTP endpoints for dead-letter queues."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def test_admins_list_every_dead_letter_queue(gateway, admin):
    response = await gateway.get("/admin/dead-letters", headers=admin.headers)
    assert response.status_code == 200
    groups = {row["group"] for row in response.json()}
    assert groups == {"tracker", "jd-reader", "resume-extractor", "resume-reader", "hr-comparator"}


async def test_recruiters_may_not_touch_dead_letters(gateway, alice):
    response = await gateway.post("/admin/dead-letters/resume-reader/replay", headers=alice.headers)
    assert response.status_code == 403
    assert "administrators" in response.json()["detail"]


async def test_an_unknown_group_is_a_clear_404(gateway, admin):
    response = await gateway.get("/admin/dead-letters/nope", headers=admin.headers)
    assert response.status_code == 404
    assert "not a dead-letter queue" in response.json()["detail"]


async def test_dry_run_replay_moves_nothing(gateway, admin):
    response = await gateway.post(
        "/admin/dead-letters/hr-comparator/replay?dry_run=true", headers=admin.headers
    )
    assert response.status_code == 200
    assert response.json()["dry_run"] is True
