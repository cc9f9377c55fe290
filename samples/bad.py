"""Files that must fail extraction, each with the reason code the extractor should give."""

from __future__ import annotations

import io
import random
import zipfile

import pypdf
from fpdf import FPDF


def no_text_layer_pdf() -> bytes:
    """A page of drawn shapes and no text: what a scan looks like to a text extractor."""
    pdf = FPDF()
    pdf.add_page()
    for i in range(30):
        pdf.rect(20, 20 + i * 8, 120 + (i % 5) * 10, 3, style="F")
    return bytes(pdf.output())


def text_pdf(text: str = "Confidential resume text for a test candidate.") -> bytes:
    """A small one-page PDF with a text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    """A PDF that needs a user password to open."""
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(text_pdf())))
    writer.encrypt(user_password="secret-user", owner_password="secret-owner")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf(seed: int = 0) -> bytes:
    """A PDF header followed by noise."""
    rng = random.Random(seed)
    return b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000))


def corrupt_docx(valid_docx: bytes) -> bytes:
    """A DOCX cut short: the zip directory is gone."""
    return valid_docx[: len(valid_docx) // 2]


def zip_bomb_docx(inflated_bytes: int = 200 * 1024 * 1024) -> bytes:
    """A DOCX whose document part inflates to `inflated_bytes` (about 1000:1)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w") as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_bytes // len(chunk)):
                part.write(chunk)
    return out.getvalue()


def empty_docx() -> bytes:
    """A well-formed DOCX with no text in it."""
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def bad_files(valid_docx: bytes) -> list[tuple[str, bytes, str]]:
    """(filename, bytes, expected reason) for every failure the extractor must name."""
    return [
        ("scan.pdf", no_text_layer_pdf(), "no_text_layer"),
        ("locked.pdf", encrypted_pdf(), "encrypted"),
        ("broken.pdf", corrupt_pdf(), "corrupt"),
        ("truncated.docx", corrupt_docx(valid_docx), "corrupt"),
        ("bomb.docx", zip_bomb_docx(), "too_large"),
        ("blank.docx", empty_docx(), "empty"),
        ("empty.txt", b"   \n", "empty"),
        ("resume.rtf", b"{\\rtf1\\ansi Hello}", "unsupported_format"),
    ]
