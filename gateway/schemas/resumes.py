"""Resumes: upload answers, listings, per-user stats and profiles."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from common.timeutil import isoformat


class ResumeUploadPublic(BaseModel):
    """`POST /files/upload-resume` answer."""

    success: bool = True
    message: str
    file_id: str
    resume_id: str
    duplicate: bool = False
    filename: str
    size_bytes: int
    content_type: str
    sha256: str


class ResumePublic(BaseModel):
    """One resume in `GET /resumes/`."""

    id: str
    resume_id: str
    filename: str
    file_id: str
    content_type: str
    file_type: str
    size_bytes: int
    sha256: str
    source: str
    owner_id: str
    createdAt: str | None = None  # noqa: N815 - the frontend's field names
    uploaded_at: str | None = None

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ResumePublic:
        """The public view of a stored resume."""
        created = isoformat(doc.get("created_at"))
        return cls(
            id=doc["_id"],
            resume_id=doc["_id"],
            filename=doc["filename"],
            file_id=doc["file_id"],
            content_type=doc["content_type"],
            file_type=doc.get("file_type", ""),
            size_bytes=doc["size_bytes"],
            sha256=doc["sha256"],
            source=doc.get("source", "direct"),
            owner_id=doc["owner_id"],
            createdAt=created,
            uploaded_at=created,
        )


class UserStats(BaseModel):
    """`GET /files/user-stats`."""

    resume_count: int
    limit: int
    per_workflow_limit: int
    storage_used_mb: float
    upload_limit_mb: float
    message: str


class ResumeProfilePublic(BaseModel):
    """The resume-reader's structured profile of one resume."""

    resume_id: str
    workflow_id: str | None = None
    updated_at: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    current_title: str | None = None
    total_years_experience: float = 0.0
    skills: list[dict[str, Any]] = Field(default_factory=list)
    highest_degree: str | None = None
    education: list[dict[str, Any]] = Field(default_factory=list)
    work_history: list[dict[str, Any]] = Field(default_factory=list)
    certifications: list[str] = Field(default_factory=list)
