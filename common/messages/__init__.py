"""Message schemas: the envelope, every event and task, and the decoder."""

from common.messages.base import SCHEMA_VERSION, Message
from common.messages.codec import MESSAGE_TYPES, decode
from common.messages.events import (
    AGENT_IDS,
    ALL_MESSAGES,
    AgentId,
    AgentStep,
    FileRef,
    JDFailed,
    JDParsed,
    MessageDeadLettered,
    ResumeExtracted,
    ResumeFailed,
    ResumeParsed,
    ResumeScored,
    ResumeSubmitted,
    WorkflowCancelled,
    WorkflowCompleted,
    WorkflowStarted,
)

__all__ = [
    "AGENT_IDS",
    "ALL_MESSAGES",
    "MESSAGE_TYPES",
    "SCHEMA_VERSION",
    "AgentId",
    "AgentStep",
    "FileRef",
    "JDFailed",
    "JDParsed",
    "Message",
    "MessageDeadLettered",
    "ResumeExtracted",
    "ResumeFailed",
    "ResumeParsed",
    "ResumeScored",
    "ResumeSubmitted",
    "WorkflowCancelled",
    "WorkflowCompleted",
    "WorkflowStarted",
    "decode",
]
