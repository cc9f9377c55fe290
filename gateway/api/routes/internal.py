"""Internal endpoints for hrflow services (service token only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from gateway.api.deps import MongoDep, require_service
from gateway.collections import FILES_BUCKET
from gateway.services.disposition import content_disposition

router = APIRouter(prefix="/internal", tags=["internal"], dependencies=[Depends(require_service)])


@router.get(
    "/files/{file_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_file(file_id: str, mongo: MongoDep) -> StreamingResponse:
    """An uploaded file's bytes, streamed (404 when it does not exist)."""
    bucket = mongo.bucket(FILES_BUCKET)
    info = await bucket.info(file_id)
    chunks = await bucket.stream(file_id)
    return StreamingResponse(
        chunks,
        media_type=str(info.metadata.get("content_type") or "application/octet-stream"),
        headers={
            "Content-Length": str(info.length),
            "Content-Disposition": content_disposition(info.filename),
            "X-File-Sha256": str(info.metadata.get("sha256", "")),
        },
    )
