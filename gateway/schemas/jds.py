"""Job descriptions: create, update and the public view (camelCase times for the app)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from common.timeutil import isoformat

JDStatus = Literal["active", "inactive", "draft", "closed", "archived"]
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"


class JDCreate(BaseModel):
    """`POST /job-descriptions/` body; the app sends its own `id` (`JD-<epoch ms>`)."""

    id: str | None = Field(default=None, pattern=ID_PATTERN)
    designation: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=100_000)
    company: str = Field(default="", max_length=200)
    location: str = Field(default="", max_length=200)
    status: JDStatus = "active"


class JDUpdate(BaseModel):
    """`PUT /job-descriptions/{id}` body: only the fields given change."""

    designation: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, min_length=1, max_length=100_000)
    company: str | None = Field(default=None, max_length=200)
    location: str | None = Field(default=None, max_length=200)
    status: JDStatus | None = None


class JDFilePublic(BaseModel):
    """The uploaded file behind a JD."""

    filename: str
    size_bytes: int
    content_type: str


class JDPublic(BaseModel):
    """A JD as the app lists it."""

    id: str
    designation: str
    company: str = ""
    location: str = ""
    status: str
    description: str = ""
    description_preview: str = ""
    createdAt: str | None = None  # noqa: N815 - the frontend's field names
    updatedAt: str | None = None  # noqa: N815
    owner_id: str
    file: JDFilePublic | None = None

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> JDPublic:
        """The public view of a stored JD."""
        description = str(doc.get("description") or "")
        preview = description[:200] + ("…" if len(description) > 200 else "")
        if not preview and doc.get("file"):
            preview = f"(uploaded file {doc['file']['filename']})"
        return cls(
            id=doc["_id"],
            designation=doc.get("designation", ""),
            company=doc.get("company") or "",
            location=doc.get("location") or "",
            status=doc.get("status", "active"),
            description=description,
            description_preview=preview,
            createdAt=isoformat(doc.get("created_at")),
            updatedAt=isoformat(doc.get("updated_at")),
            owner_id=doc.get("owner_id", ""),
            file=JDFilePublic(**doc["file"]) if doc.get("file") else None,
        )


class JDProfilePublic(BaseModel):
    """The jd-reader's structured view of a JD."""

    jd_id: str
    workflow_id: str | None = None
    title: str = ""
    required_skills: list[str] = Field(default_factory=list)
    preferred_skills: list[str] = Field(default_factory=list)
    # Groups of skills of which any one meets a must-have ("Python or Java").
    alternatives: list[list[str]] = Field(default_factory=list)
    min_years: float | None = None
    education_level: str | None = None
    profile: dict[str, Any] = Field(default_factory=dict)
