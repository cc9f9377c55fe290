"""Uploads (resumes and JD files), resume downloads and the caller's upload stats."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, UploadFile, status
from fastapi.responses import JSONResponse, StreamingResponse

from gateway.api.deps import Audit, CurrentUser, MongoDep, SettingsDep
from gateway.collections import FILES_BUCKET
from gateway.schemas.jds import ID_PATTERN, JDPublic
from gateway.schemas.resumes import ResumeUploadPublic, UserStats
from gateway.services import jds, resumes
from gateway.services.disposition import content_disposition
from gateway.services.uploads import accept_upload

router = APIRouter(prefix="/files", tags=["files"])


@router.post(
    "/upload-resume",
    response_model=ResumeUploadPublic,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "The same file was uploaded before: the existing resume"},
        413: {"description": "Too large"},
        415: {"description": "Not a PDF/DOC/DOCX/TXT"},
        422: {"description": "Empty or visibly corrupt"},
    },
)
async def upload_resume(
    file: Annotated[UploadFile, File(description="PDF, DOC, DOCX, TXT, PNG or JPEG, one per call")],
    user: CurrentUser,
    mongo: MongoDep,
    settings: SettingsDep,
    trail: Audit,
    source: Annotated[str, Form(max_length=32)] = "direct",
) -> JSONResponse:
    """Store one resume file; the type is decided from its bytes (a PNG or JPEG resume is
    read by OCR when the extractor has it on)."""
    images = settings.extractor_image_max_pixels if settings.extractor_ocr else None
    upload = await accept_upload(file, settings.upload_max_bytes, images)
    existing = await resumes.count_for_owner(mongo, user.user_id)
    if existing >= settings.resume_limit_per_user:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"Resume limit reached ({existing} of {settings.resume_limit_per_user}); "
            "delete some resumes first",
        )
    stored = await resumes.store(mongo, user, upload, source)
    doc = stored.doc
    if stored.duplicate:
        message = f"This file was already uploaded as resume {doc['_id']}; nothing new was stored"
    else:
        message = f"Resume {doc['filename']} uploaded"
        await trail.record(
            "upload_resume",
            "resume",
            doc["_id"],
            {"filename": doc["filename"], "size_bytes": doc["size_bytes"]},
        )
    body = ResumeUploadPublic(
        message=message,
        file_id=doc["file_id"],
        resume_id=doc["_id"],
        duplicate=stored.duplicate,
        filename=doc["filename"],
        size_bytes=doc["size_bytes"],
        content_type=doc["content_type"],
        sha256=doc["sha256"],
    )
    return JSONResponse(body.model_dump(), status_code=200 if stored.duplicate else 201)


@router.post("/upload-jd", response_model=JDPublic, status_code=status.HTTP_201_CREATED)
async def upload_jd(
    file: Annotated[UploadFile, File(description="The JD as PDF, DOC, DOCX or TXT")],
    jd_id: Annotated[str, Form(pattern=ID_PATTERN)],
    designation: Annotated[str, Form(min_length=1, max_length=200)],
    user: CurrentUser,
    mongo: MongoDep,
    settings: SettingsDep,
    trail: Audit,
    company: Annotated[str, Form(max_length=200)] = "",
    location: Annotated[str, Form(max_length=200)] = "",
) -> JDPublic:
    """Create a JD from an uploaded file (400 `already exists` for a taken id)."""
    upload = await accept_upload(file, settings.upload_max_bytes)
    fields = {"id": jd_id, "designation": designation, "company": company, "location": location}
    try:
        doc = await jds.create(mongo, user, fields, upload)
    except jds.JDExists as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from exc
    await trail.record(
        "upload_jd", "jd", jd_id, {"filename": upload.filename, "designation": designation}
    )
    return JDPublic.from_doc(doc)


@router.get(
    "/download-resume/{resume_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_resume(resume_id: str, user: CurrentUser, mongo: MongoDep) -> StreamingResponse:
    """The original file, streamed, as an attachment with its original name."""
    doc = await resumes.get(mongo, user, resume_id)
    chunks = await mongo.bucket(FILES_BUCKET).stream(doc["file_id"])
    return StreamingResponse(
        chunks,
        media_type=doc["content_type"],
        headers={
            "Content-Disposition": content_disposition(doc["filename"]),
            "Content-Length": str(doc["size_bytes"]),
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/user-stats", response_model=UserStats)
async def user_stats(user: CurrentUser, mongo: MongoDep, settings: SettingsDep) -> UserStats:
    """How many resumes the caller has, the limits, and the storage used."""
    count = await resumes.count_for_owner(mongo, user.user_id)
    used = await resumes.storage_bytes(mongo, user.user_id)
    left = max(0, settings.resume_limit_per_user - count)
    return UserStats(
        resume_count=count,
        limit=settings.resume_limit_per_user,
        per_workflow_limit=settings.workflow_max_resumes,
        storage_used_mb=round(used / (1024 * 1024), 3),
        upload_limit_mb=round(settings.upload_max_bytes / (1024 * 1024), 2),
        message=f"{count} of {settings.resume_limit_per_user} resumes used; {left} left",
    )
