"""Reading an uploaded file: a bounded read, a safe name, a type from the bytes, a checksum."""

from __future__ import annotations

import asyncio
import hashlib
import unicodedata
from dataclasses import dataclass

from fastapi import HTTPException, UploadFile, status

from gateway.services.filetypes import CorruptFileError, Detected, UnsupportedTypeError, detect

READ_CHUNK_BYTES = 64 * 1024
MAX_FILENAME_CHARS = 255


@dataclass(frozen=True)
class Upload:
    """An accepted upload, ready to store."""

    filename: str
    data: bytes
    detected: Detected
    sha256: str

    @property
    def size_bytes(self) -> int:
        """The file's length."""
        return len(self.data)


def clean_filename(raw: str | None) -> str:
    """The client's file name, refused (400) when it tries to name a path or hide characters."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The uploaded file has no name")
    if "/" in name or "\\" in name or name in (".", "..") or name.startswith(".."):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            "The file name must be a plain name, without directories or '..'",
        )
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The file name has control characters")
    if len(name) > MAX_FILENAME_CHARS:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "The file name is too long")
    return name


async def read_limited(file: UploadFile, limit_bytes: int) -> bytes:
    """The whole file, read in chunks; 413 as soon as it passes `limit_bytes`."""
    parts: list[bytes] = []
    size = 0
    while chunk := await file.read(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > limit_bytes:
            raise too_large(limit_bytes)
        parts.append(chunk)
    return b"".join(parts)


def too_large(limit_bytes: int) -> HTTPException:
    """The 413 every size check answers."""
    return HTTPException(
        status.HTTP_413_CONTENT_TOO_LARGE,
        f"The file is larger than the {limit_bytes / (1024 * 1024):g} MB upload limit",
    )


async def accept_upload(
    file: UploadFile, limit_bytes: int, image_max_pixels: int | None = None
) -> Upload:
    """Name, size, emptiness and type checks; each failure is a clear 4xx. Images (PNG,
    JPEG) are accepted only with `image_max_pixels`."""
    filename = clean_filename(file.filename)
    data = await read_limited(file, limit_bytes)
    if not data:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "The uploaded file is empty")
    try:
        # Sniffing and hashing a few MB is CPU work: keep it off the event loop.
        return await asyncio.to_thread(_inspect, filename, data, image_max_pixels)
    except UnsupportedTypeError as exc:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, str(exc)) from exc
    except CorruptFileError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc


def _inspect(filename: str, data: bytes, image_max_pixels: int | None) -> Upload:
    detected = detect(data, filename, image_max_pixels)
    return Upload(filename, data, detected, hashlib.sha256(data).hexdigest())
