"""Decide a file's format from its bytes (the client's name and content type are only hints)."""

from __future__ import annotations

import io
import zipfile
from typing import Literal

Format = Literal["pdf", "docx", "doc", "txt", "png", "jpeg"]
IMAGE_FORMATS: frozenset[str] = frozenset({"png", "jpeg"})

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


def sniff(data: bytes) -> Format | None:
    """The format the bytes show, or None when they are none of the supported ones."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else None
    if head.startswith(_OLE_MAGIC):
        return "doc"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_JPEG_MAGIC):
        return "jpeg"
    if _looks_like_text(data[:8192]):
        return "txt"
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        # A truncated DOCX still starts like one: let the DOCX reader call it corrupt.
        return b"word/" in data[:4096]


def _looks_like_text(sample: bytes) -> bool:
    if not sample:
        return True
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if sample.startswith(b"{\\rtf") or sample.startswith(b"MZ") or sample.startswith(b"\x7fELF"):
        return False
    if b"\x00" in sample:
        # UTF-16 without a BOM has a zero in every other byte; binaries have them anywhere.
        zeros_odd = sample[1::2].count(0)
        return zeros_odd > len(sample) * 0.4 and sample[0::2].count(0) < len(sample) * 0.05
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control <= len(sample) * 0.01
