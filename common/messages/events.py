"""Every event and task that crosses the broker, one class per routing key.

Flow (who publishes → who consumes):

    gateway          workflow.started   → tracker, jd-reader
    gateway          resume.submitted   → resume-extractor          (one task per resume)
    jd-reader        jd.parsed          → tracker, hr-comparator
    jd-reader        jd.failed          → tracker, hr-comparator
    resume-extractor resume.extracted   → tracker, resume-reader
    resume-reader    resume.parsed      → tracker, hr-comparator
    hr-comparator    resume.scored      → tracker
    any agent        resume.failed      → tracker
    gateway          workflow.cancelled → tracker, every agent
    tracker          workflow.completed → (reporting, notifications)
    broker runtime   message.dead_lettered → tracker   (a message of the workflow hit a DLQ)
    gateway          resume.deleted     → resume-extractor, resume-reader (forget derived data)
    gateway          jd.deleted         → jd-reader                       (forget derived data)

The two deletion events belong to no workflow: their `workflow_id` (the correlation key in
logs, traces and dead-letter filters) is the deleted object's key, `resume:<id>` / `jd:<id>`
(`deletion_key`).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from common.messages.base import Message
from common.profiles import JDProfile, MatchBreakdown, ResumeProfile

AgentId = Literal["resume-extractor", "jd-reader", "resume-reader", "hr-comparator"]
AGENT_IDS: tuple[AgentId, ...] = ("resume-extractor", "jd-reader", "resume-reader", "hr-comparator")


class FileRef(BaseModel):
    """Where an uploaded file lives (the gateway's GridFS) and what it is."""

    model_config = ConfigDict(frozen=True)

    file_id: str = Field(min_length=1, max_length=64)
    filename: str = Field(max_length=512)
    sha256: str = Field(min_length=64, max_length=64)
    size_bytes: int = Field(ge=0)
    content_type: str = Field(max_length=128)


class AgentStep(Message):
    """An agent's completion of one unit of work: when it started and how long it took."""

    started_at: AwareDatetime
    duration_ms: float = Field(ge=0)
    agent_version: str = ""
    cached: bool = False


class WorkflowStarted(Message):
    """The gateway accepted a workflow: the JD and the resumes to screen."""

    TYPE: ClassVar[str] = "workflow.started"
    jd_id: str
    jd_title: str = ""
    jd_text: str | None = None
    jd_file: FileRef | None = None
    started_by: str
    resume_ids: list[str]
    force_reprocess: bool = False


class ResumeSubmitted(Message):
    """Task for the resume-extractor: turn one uploaded file into text."""

    TYPE: ClassVar[str] = "resume.submitted"
    resume_id: str
    file: FileRef
    owner_id: str
    force_reprocess: bool = False


class JDParsed(AgentStep):
    """The jd-reader structured the workflow's JD."""

    TYPE: ClassVar[str] = "jd.parsed"
    jd_id: str
    profile: JDProfile
    started_by: str = ""


class JDFailed(Message):
    """The jd-reader could not read the workflow's JD: the workflow fails."""

    TYPE: ClassVar[str] = "jd.failed"
    jd_id: str
    reason: str
    detail: str = ""


class ResumeExtracted(AgentStep):
    """The resume-extractor produced text for one resume."""

    TYPE: ClassVar[str] = "resume.extracted"
    resume_id: str
    text: str
    text_sha256: str
    page_count: int | None = None
    ocr: bool = False  # the text was recognised from a scan or an image
    ocr_confidence: float | None = None  # mean OCR word confidence, 0-100
    warnings: list[str] = Field(default_factory=list, max_length=10)
    force_reprocess: bool = False


class ResumeParsed(AgentStep):
    """The resume-reader structured one resume."""

    TYPE: ClassVar[str] = "resume.parsed"
    resume_id: str
    profile: ResumeProfile
    force_reprocess: bool = False


class ResumeScored(AgentStep):
    """The hr-comparator scored one resume against the JD and stored the result."""

    TYPE: ClassVar[str] = "resume.scored"
    resume_id: str
    result_id: str
    score: float = Field(ge=0, le=100)
    fit_category: str
    breakdown: MatchBreakdown
    skills_matched: list[str] = Field(default_factory=list)
    skills_missing: list[str] = Field(default_factory=list)


class ResumeFailed(Message):
    """One resume could not pass a stage; the rest of the workflow goes on."""

    TYPE: ClassVar[str] = "resume.failed"
    resume_id: str
    stage: AgentId
    reason: str
    detail: str = ""
    started_at: AwareDatetime | None = None
    duration_ms: float | None = None


class WorkflowCancelled(Message):
    """A user or operator cancelled the workflow; agents drop its pending work."""

    TYPE: ClassVar[str] = "workflow.cancelled"
    cancelled_by: str = ""
    reason: str = ""


class WorkflowCompleted(Message):
    """The tracker saw every resume finish (or the workflow fail or be cancelled)."""

    TYPE: ClassVar[str] = "workflow.completed"
    status: Literal["completed", "failed", "cancelled"]
    total_resumes: int
    scored_resumes: int
    failed_resumes: int
    error: str | None = None


class MessageDeadLettered(Message):
    """A message of this workflow was dead-lettered: operators see it on the execution."""

    TYPE: ClassVar[str] = "message.dead_lettered"
    group: str
    queue: str
    message_type: str
    dead_message_id: str = ""
    resume_id: str | None = None
    reason: str
    error: str = ""


def deletion_key(kind: Literal["resume", "jd"], object_id: str) -> str:
    """The correlation key (`workflow_id`) of a deletion event."""
    return f"{kind}:{object_id}"


class ResumeDeleted(Message):
    """The gateway deleted a resume: the agents forget the text and profile derived from it."""

    TYPE: ClassVar[str] = "resume.deleted"
    resume_id: str = Field(min_length=1, max_length=64)
    owner_id: str
    file_sha256: str = Field(min_length=64, max_length=64)


class JDDeleted(Message):
    """The gateway deleted a JD: the jd-reader forgets the profiles it cached for it."""

    TYPE: ClassVar[str] = "jd.deleted"
    jd_id: str = Field(min_length=1, max_length=64)
    owner_id: str


ALL_MESSAGES: tuple[type[Message], ...] = (
    WorkflowStarted,
    ResumeSubmitted,
    JDParsed,
    JDFailed,
    ResumeExtracted,
    ResumeParsed,
    ResumeScored,
    ResumeFailed,
    WorkflowCancelled,
    WorkflowCompleted,
    MessageDeadLettered,
    ResumeDeleted,
    JDDeleted,
)
