"""The envelope every hrflow message shares, and its JSON encoding."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from common.ids import new_message_id
from common.timeutil import utcnow

SCHEMA_VERSION = 1


class Message(BaseModel):
    """Base of every event and task.

    `type` doubles as the routing key. `correlation_id` is the workflow id: logs, traces and
    dead-letter filters use it. Unknown extra fields are ignored (a newer producer may add some);
    a higher `schema_version` than this code knows is refused at decoding.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    TYPE: ClassVar[str] = ""

    type: str = ""
    schema_version: int = SCHEMA_VERSION
    message_id: str = Field(default_factory=new_message_id, min_length=8, max_length=64)
    workflow_id: str = Field(min_length=1, max_length=80)  # WF-... or a deletion key
    correlation_id: str = ""
    occurred_at: AwareDatetime = Field(default_factory=utcnow)

    @model_validator(mode="before")
    @classmethod
    def _fill_envelope(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            data.setdefault("type", cls.TYPE)
            if not data.get("correlation_id") and data.get("workflow_id"):
                data["correlation_id"] = data["workflow_id"]
        return data

    @model_validator(mode="after")
    def _check_type(self) -> Message:
        if self.TYPE and self.type != self.TYPE:
            raise ValueError(f"type {self.type!r} does not match {self.TYPE!r}")
        return self

    def to_json(self) -> bytes:
        """The message as UTF-8 JSON bytes."""
        return self.model_dump_json().encode()
