"""The declared surface of `common.broker`, and id/time helpers."""

from __future__ import annotations

import re

import pytest

import common.broker
from common.ids import is_workflow_id, new_workflow_id, workflow_started_ms
from common.timeutil import epoch_ms, isoformat, utcnow

pytestmark = pytest.mark.unit


def test_broker_exports_are_sorted_and_exist():
    exported = common.broker.__all__
    assert exported == sorted(exported, key=lambda n: (not n.isupper(), n))
    for name in exported:
        assert hasattr(common.broker, name), name


def test_workflow_ids_carry_their_start_and_do_not_collide():
    before = epoch_ms()
    ids = {new_workflow_id() for _ in range(5000)}
    assert len(ids) == 5000
    sample = next(iter(ids))
    assert is_workflow_id(sample)
    assert before <= workflow_started_ms(sample) <= epoch_ms()


def test_isoformat_always_carries_a_zone():
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", isoformat(utcnow()))
