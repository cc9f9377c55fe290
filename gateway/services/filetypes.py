"""Deciding a file's type from its bytes, and refusing what the bytes alone show is wrong.

Accepted: PDF, DOCX (a zip holding `word/document.xml`), legacy DOC (an OLE2 compound file
holding a `WordDocument` stream), plain text in UTF-8 or UTF-16 (with a byte-order mark), and,
where the caller allows images (resumes: the extractor reads them by OCR), PNG and JPEG whose
header declares at most `max_pixels` pixels. Everything else — RTF, executables, archives,
other images, random bytes — is `UnsupportedTypeError` (HTTP 415). A file whose name claims
another accepted type than its bytes is refused too: a text file named `.pdf` is a disguise,
not a PDF. Deeper problems (no text layer, a password, a DOCX without text) are the
resume-extractor's to find.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from PIL import Image

PDF, DOCX, DOC, TXT, PNG, JPEG = "pdf", "docx", "doc", "txt", "png", "jpeg"
IMAGES = (PNG, JPEG)
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DOC: "application/msword",
    TXT: "text/plain; charset=utf-8",
    PNG: "image/png",
    JPEG: "image/jpeg",
}
EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".doc": DOC,
    ".txt": TXT,
    ".text": TXT,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
# Zip-bomb guards, checked against the sizes the archive declares before anything is inflated.
DOCX_MAX_ENTRIES = 2000
DOCX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200
_EXECUTABLE_MAGIC = {
    b"MZ": "a Windows executable",
    b"\x7fELF": "an ELF executable",
    b"\xfe\xed\xfa": "a Mach-O executable",
    b"\xcf\xfa\xed\xfe": "a Mach-O executable",
    b"\xca\xfe\xba\xbe": "a Mach-O or Java class file",
}


class UnsupportedTypeError(ValueError):
    """The bytes are not an accepted document type, or disagree with the file's name (415)."""


class CorruptFileError(ValueError):
    """The bytes start as an accepted type but are visibly broken (422)."""


@dataclass(frozen=True)
class Detected:
    """What the bytes are."""

    kind: str

    @property
    def content_type(self) -> str:
        """The MIME type stored with the file and sent on download."""
        return CONTENT_TYPES[self.kind]


def detect(data: bytes, filename: str, max_pixels: int | None = None) -> Detected:
    """The type of `data`; raises `UnsupportedTypeError` or `CorruptFileError` saying why.
    Images are accepted only when `max_pixels` is given."""
    kind = _sniff(data)
    if kind in IMAGES:
        if max_pixels is None:
            raise UnsupportedTypeError(
                f"The file is a {kind.upper()} image; upload the document as PDF, DOC, DOCX or TXT"
            )
        _check_image(data, kind, max_pixels)
    claimed = _claimed_kind(filename, images=max_pixels is not None)
    if claimed is not None and claimed != kind:
        raise UnsupportedTypeError(
            f"The file is named {filename!r} but its content is {kind.upper()}, "
            f"not {claimed.upper()}; rename it or upload the real document"
        )
    return Detected(kind)


def _claimed_kind(filename: str, images: bool) -> str | None:
    dot = filename.rfind(".")
    if dot <= 0:
        return None
    extension = filename[dot:].lower()
    kind = EXTENSIONS.get(extension)
    if kind is None or (kind in IMAGES and not images):
        accepted = "PDF, DOC, DOCX, TXT, PNG or JPEG" if images else "PDF, DOC, DOCX or TXT"
        raise UnsupportedTypeError(
            f"Files of type {extension!r} are not accepted; upload a {accepted} file"
        )
    return kind


def _check_image(data: bytes, kind: str, max_pixels: int) -> None:
    """The image's header opens and declares a size within `max_pixels` (nothing decoded)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:
        raise UnsupportedTypeError(
            f"The image declares more than {max_pixels / 1e6:g} megapixels; refused as unsafe"
        ) from exc
    except (OSError, ValueError) as exc:
        raise CorruptFileError(f"The {kind.upper()} image is corrupt: {exc}") from exc
    if width * height > max_pixels:
        raise UnsupportedTypeError(
            f"The image is {width} x {height} pixels; at most {max_pixels / 1e6:g} megapixels "
            "are accepted (scan at 300 dpi or less)"
        )


def _sniff(data: bytes) -> str:
    head = data[:1024]
    for magic, what in _EXECUTABLE_MAGIC.items():
        if data.startswith(magic):
            raise UnsupportedTypeError(f"The file is {what}, not a document")
    if head.lstrip().startswith(b"{\\rtf"):
        raise UnsupportedTypeError("RTF documents are not accepted; save the file as PDF or DOCX")
    if b"%PDF-" in head:
        _check_pdf(data)
        return PDF
    if data.startswith(ZIP_MAGIC):
        _check_docx(data)
        return DOCX
    if data.startswith(PNG_MAGIC):
        return PNG
    if data.startswith(JPEG_MAGIC):
        return JPEG
    if data.startswith(OLE2_MAGIC):
        if WORD_STREAM not in data:
            raise UnsupportedTypeError("The file is an Office file but not a Word document")
        return DOC
    if _is_text(data):
        return TXT
    raise UnsupportedTypeError(
        "The file type is not recognised from its content; upload a PDF, DOC, DOCX or TXT "
        "file (a resume may also be a PNG or JPEG scan)"
    )


def _check_pdf(data: bytes) -> None:
    if not data.lstrip(b"\x00\t\n\r\f ").startswith(b"%PDF-"):
        raise CorruptFileError("The PDF has data before its header")
    if b"%%EOF" not in data[-2048:]:
        raise CorruptFileError("The PDF is corrupt or truncated: it has no end-of-file marker")
    if b"startxref" not in data[-4096:] and b"/XRef" not in data:
        raise CorruptFileError("The PDF is corrupt: it has no cross-reference table")


def _check_docx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise CorruptFileError(f"The DOCX file is corrupt: {exc}") from exc
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise UnsupportedTypeError("The file is a zip archive but not a Word (DOCX) document")
    if len(entries) > DOCX_MAX_ENTRIES:
        raise UnsupportedTypeError(f"The DOCX file holds {len(entries)} parts; refused as unsafe")
    total = sum(entry.file_size for entry in entries)
    if total > DOCX_MAX_UNCOMPRESSED_BYTES:
        raise UnsupportedTypeError(
            f"The DOCX file would expand to {total // (1024 * 1024)} MB; refusing it as a zip bomb"
        )
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > DOCX_MAX_RATIO:
            ratio = entry.file_size // entry.compress_size
            raise UnsupportedTypeError(
                f"The DOCX part {entry.filename!r} is compressed {ratio}:1; "
                "refusing it as a zip bomb"
            )


def _is_text(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return False
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Legacy 8-bit text (Latin-1 / Windows-1252), which the resume-extractor reads too.
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                return False
    if not text.strip():
        raise CorruptFileError("The text file holds only blank space")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls <= len(text) // 100
