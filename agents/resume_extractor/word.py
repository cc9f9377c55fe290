"""DOCX text through python-docx (MIT): paragraphs and tables in body order, text boxes and
shapes after the paragraph that anchors them, headers, footers.

The archive is checked before it is parsed: a zip bomb (huge uncompressed size or ratio) fails
as `too_large` without ever being inflated.
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from agents.resume_extractor.errors import ExtractionError

MAX_RATIO = 100
_TXBX = qn("w:txbxContent")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def extract_docx(data: bytes, max_unzipped_bytes: int) -> str:
    """The text of a DOCX, or an `ExtractionError` (`corrupt`, `too_large`, `encrypted`)."""
    _check_archive(data, max_unzipped_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types for damaged parts
        raise ExtractionError("corrupt", f"DOCX cannot be read: {type(exc).__name__}") from None
    parts: list[str] = []
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            if not header.is_linked_to_previous:
                parts.extend(_block_text(header))
    parts.extend(_block_text(document))
    for section in document.sections:
        if not section.footer.is_linked_to_previous:
            parts.extend(_block_text(section.footer))
    return "\n".join(_dedupe_adjacent(parts))


def _check_archive(data: bytes, max_unzipped_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ExtractionError("corrupt", f"DOCX is not a valid archive: {exc}") from None
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > max_unzipped_bytes or (total / packed > MAX_RATIO and total > 10_000_000):
        raise ExtractionError(
            "too_large", f"DOCX inflates to {total} bytes (ratio {total // packed}:1)"
        )
    names = {info.filename for info in infos}
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        raise ExtractionError("encrypted", "the DOCX is password-protected")


def _block_text(container: Document | object) -> list[str]:
    """Paragraph and table text in document order (tables are not after all paragraphs)."""
    # A header/footer's root element holds its paragraphs directly.
    is_document = isinstance(container, Document)
    # A header/footer's root element holds its paragraphs directly.
    body = container.element.body if is_document else container._element  # type: ignore
    return _children_text(body, container)


def _children_text(parent: object, container: object) -> list[str]:
    out: list[str] = []
    for child in parent.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            text = Paragraph(child, container).text  # type: ignore[arg-type]
            if text.strip():
                out.append(text)
            for box in _text_boxes(child):
                out.extend(_children_text(box, container))
        elif child.tag == qn("w:tbl"):
            out.extend(_table_text(Table(child, container)))  # type: ignore[arg-type]
    return out


def _text_boxes(paragraph: object) -> list[object]:
    """The text boxes and shapes anchored in a paragraph (where many templates put the
    sidebar), each once: Word writes a box twice, as a drawing and as a VML fallback for old
    readers (`mc:Fallback`), and a box inside a box is read with the outer one."""
    boxes = []
    for box in paragraph.iter(_TXBX):  # type: ignore[attr-defined]
        ancestors = list(box.iterancestors())
        if any(a.tag == _FALLBACK for a in ancestors):
            continue
        if any(a.tag == _TXBX for a in ancestors):
            continue
        boxes.append(box)
    return boxes


def _table_text(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = "\n".join(p.text for p in cell.paragraphs if p.text.strip())
            nested = [line for t in cell.tables for line in _table_text(t)]
            text = "\n".join([text, *nested]).strip()
            # Merged cells repeat in python-docx's grid: keep each once.
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            flat = all("\n" not in c for c in cells)
            rows.append(" | ".join(cells) if flat else "\n".join(cells))
    return rows


def _dedupe_adjacent(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if not out or out[-1] != part:
            out.append(part)
    return out
