"""Message schemas and the decoder."""

from __future__ import annotations

import json

import pytest

from common.errors import DecodeError
from common.messages import ALL_MESSAGES, MESSAGE_TYPES, ResumeFailed, decode

pytestmark = pytest.mark.unit


def test_every_message_type_has_a_distinct_routing_key():
    assert len(MESSAGE_TYPES) == len(ALL_MESSAGES)
    assert all(cls.TYPE for cls in ALL_MESSAGES)


def test_round_trip_keeps_every_field_and_the_zone():
    original = ResumeFailed(
        workflow_id="WF-1",
        resume_id="r1",
        stage="resume-reader",
        reason="corrupt",
        detail="bad xref",
    )
    decoded = decode(original.to_json())
    assert decoded == original
    assert decoded.correlation_id == "WF-1"
    assert decoded.occurred_at.utcoffset() is not None


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"\xff\xfe", "not JSON"),
        (b"[]", "expected an object"),
        (b'{"type": "nope", "workflow_id": "WF-1"}', "unknown message type"),
        (b'{"type": "resume.failed", "workflow_id": "WF-1"}', "invalid resume.failed"),
        (
            b'{"type": "resume.failed", "schema_version": 99, "workflow_id": "WF-1"}',
            "unsupported schema_version",
        ),
    ],
)
def test_bad_bodies_are_refused_with_a_clear_reason(body: bytes, error: str):
    with pytest.raises(DecodeError, match=error):
        decode(body)


def test_naive_timestamps_are_refused():
    data = json.loads(
        ResumeFailed(workflow_id="WF-1", resume_id="r", stage="jd-reader", reason="x").to_json()
    )
    data["occurred_at"] = "2026-11-26T10:00:00"
    with pytest.raises(DecodeError, match="occurred_at"):
        decode(json.dumps(data).encode())
