"""Property-based tests of the message decoder (hypothesis)."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.errors import DecodeError
from common.messages import MESSAGE_TYPES, ResumeFailed, decode

pytestmark = pytest.mark.unit

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_decode_error(body: bytes):
    with contextlib.suppress(DecodeError):
        decode(body)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(MESSAGE_TYPES)),
    st.dictionaries(st.text(max_size=15), json_values, max_size=8),
)
def test_any_json_object_with_a_known_type_decodes_or_raises_decode_error(kind: str, fields: dict):
    body = json.dumps({**fields, "type": kind}).encode()
    try:
        message = decode(body)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert message.type == kind


@settings(max_examples=200, deadline=None)
@given(
    workflow_id=st.text(min_size=1, max_size=64),
    resume_id=st.text(max_size=50),
    reason=st.text(max_size=50),
    detail=st.text(max_size=200),
)
def test_round_trip_is_lossless(workflow_id: str, resume_id: str, reason: str, detail: str):
    original = ResumeFailed(
        workflow_id=workflow_id,
        resume_id=resume_id,
        stage="hr-comparator",
        reason=reason,
        detail=detail,
    )
    assert decode(original.to_json()) == original
