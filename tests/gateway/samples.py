"""Small documents of every accepted type, and hostile ones, built in memory."""

from __future__ import annotations

import io
import os
import uuid
import zipfile

from docx import Document
from fpdf import FPDF


def pdf(text: str = "Jane Doe - Python developer") -> bytes:
    """A real one-page PDF with a text layer."""
    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.multi_cell(0, 10, f"{text} {uuid.uuid4().hex}")
    return bytes(doc.output())


def docx(text: str = "John Roe - Data engineer") -> bytes:
    """A real DOCX."""
    document = Document()
    document.add_paragraph(f"{text} {uuid.uuid4().hex}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def doc() -> bytes:
    """An OLE2 compound file naming a `WordDocument` stream (what the sniffer checks)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "WordDocument".encode("utf-16-le") + b"\x00" * 40 + uuid.uuid4().bytes
    return header + directory + b"\x00" * 1024


def txt(text: str = "Ann Lee\nSkills: Python, SQL\n") -> bytes:
    """UTF-8 text."""
    return f"{text}{uuid.uuid4().hex}\n".encode()


def zip_bomb_docx() -> bytes:
    """A DOCX-shaped zip whose document part inflates ~1000:1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


def random_bytes(size: int = 4096) -> bytes:
    """Bytes no sniffer recognises."""
    data = os.urandom(size)
    return b"\x00\x01" + data[2:]


def png(size: tuple[int, int] = (120, 40)) -> bytes:
    """A small real PNG (a photographed resume, as far as the gateway can tell)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", size, 255).save(out, format="PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int] = (120, 40)) -> bytes:
    """A small real JPEG."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (255, 255, 255)).save(out, format="JPEG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header declares `width` x `height` pixels (a decompression bomb's shape)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b"\x00" * 16))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b"")
