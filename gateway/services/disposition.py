"""A safe `Content-Disposition` header (RFC 6266, with RFC 5987 `filename*` for non-ASCII)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE_ASCII = re.compile(r'[\x00-\x1f\x7f"\\/;]')


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """`attachment; filename="<ascii fallback>"` plus `filename*=UTF-8''...` when needed."""
    name = unicodedata.normalize("NFC", filename).replace("/", "_").replace("\\", "_")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip() or "download"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = _UNSAFE_ASCII.sub("_", ascii_name).strip() or "download"
    header = f'{disposition}; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header
