"""Plain-text resumes: UTF-8, UTF-16 (with or without BOM) or Latin-1/Windows-1252."""

from __future__ import annotations

from agents.resume_extractor.errors import ExtractionError


def extract_txt(data: bytes) -> str:
    """Decode `data`, trying the encodings people's editors actually write."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data[1::2].count(0) > len(data) * 0.4:
        return data.decode("utf-16-le", errors="replace")
    if data[0::2].count(0) > len(data) * 0.4:
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # cp1252 is Latin-1 plus the curly quotes and dashes Windows editors insert.
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def require_text(text: str) -> str:
    """`text` normalised, or `empty` when nothing readable is left."""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(cleaned.strip()) < 2:
        raise ExtractionError("empty", "the file holds no text")
    return cleaned
