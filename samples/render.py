"""Render a `ResumeDoc` as TXT (UTF-8/UTF-16/Latin-1), DOCX (python-docx) or PDF (fpdf2)."""

from __future__ import annotations

import io
import random
from functools import lru_cache
from pathlib import Path

import docx
from fpdf import FPDF

from samples.layout import Line, as_text, body_lines, contact_lines, sidebar_lines
from samples.resume import ResumeDoc

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]


@lru_cache(maxsize=1)
def unicode_font() -> tuple[Path, Path]:
    """DejaVu Sans regular and bold (Debian `fonts-dejavu-core`): Latin, Greek, Cyrillic."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            return regular, bold
    raise FileNotFoundError("DejaVuSans.ttf not found: install the fonts-dejavu-core package")


def to_txt(doc: ResumeDoc, rng: random.Random) -> bytes:
    """Plain text; the encoding varies as real uploads do."""
    text = as_text(contact_lines(doc) + body_lines(doc, rng))
    roll = rng.random()
    if roll < 0.15:
        return text.encode("utf-16")  # with BOM, as Windows Notepad writes it
    if roll < 0.3:
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8")


def to_docx(doc: ResumeDoc, rng: random.Random) -> bytes:
    """A Word document: contact block in the page header or body, skills in a table sometimes."""
    document = docx.Document()
    contact = contact_lines(doc)
    if rng.random() < 0.4:
        header = document.sections[0].header
        header.paragraphs[0].text = contact[0].text
        header.add_paragraph(contact[1].text)
    else:
        document.add_heading(contact[0].text, level=0)
        document.add_paragraph(contact[1].text)
    body = body_lines(doc, rng, include_sidebar=False)
    table_skills = rng.random() < 0.5
    for line in body + _sidebar_in_docx(doc, table_skills):
        _docx_line(document, line)
    if table_skills and doc.skills_list:
        document.add_heading(doc.headings["skills"], level=1)
        table = document.add_table(rows=0, cols=3)
        for i in range(0, len(doc.skills_list), 3):
            cells = table.add_row().cells
            for j, skill in enumerate(doc.skills_list[i : i + 3]):
                cells[j].text = skill
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _sidebar_in_docx(doc: ResumeDoc, table_skills: bool) -> list[Line]:
    lines = sidebar_lines(doc)
    if table_skills and doc.skills_list:
        lines = lines[2:]  # the skills go into a table instead
    return lines


def _docx_line(document: docx.document.Document, line: Line) -> None:
    if line.kind == "heading":
        document.add_heading(line.text, level=1)
    elif line.kind == "bullet":
        document.add_paragraph(line.text, style="List Bullet")
    elif line.kind == "entry":
        document.add_paragraph().add_run(line.text).bold = True
    else:
        document.add_paragraph(line.text)


def to_pdf(doc: ResumeDoc, rng: random.Random, two_column: bool = False) -> bytes:
    """A PDF with a real text layer, one column or a sidebar beside the main column."""
    pdf = FPDF(format="A4")
    regular, bold = unicode_font()
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for line in contact_lines(doc):
        _pdf_line(pdf, line, pdf.l_margin, pdf.epw)
    if not two_column:
        for line in body_lines(doc, rng):
            _pdf_line(pdf, line, pdf.l_margin, pdf.epw)
        return bytes(pdf.output())
    top = pdf.get_y() + 4
    side_w, gap = 55.0, 8.0
    pdf.set_auto_page_break(False)
    pdf.set_y(top)
    for line in sidebar_lines(doc):
        _pdf_line(pdf, line, pdf.l_margin, side_w)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_y(top)
    main_x = pdf.l_margin + side_w + gap
    for line in body_lines(doc, rng, include_sidebar=False):
        _pdf_line(pdf, line, main_x, pdf.w - pdf.r_margin - main_x)
    return bytes(pdf.output())


def _pdf_line(pdf: FPDF, line: Line, x: float, width: float) -> None:
    size = {"name": 16, "heading": 12}.get(line.kind, 9.5)
    pdf.set_font("DejaVu", "B" if line.kind in ("name", "heading", "entry") else "", size)
    if line.kind == "heading":
        pdf.ln(2)
    pdf.set_x(x)
    text = f"• {line.text}" if line.kind == "bullet" else line.text
    pdf.multi_cell(width, size * 0.5, text, new_x="LEFT", new_y="NEXT")
