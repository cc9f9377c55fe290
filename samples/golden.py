"""The hand-written golden set (`tests/golden/`): load the labels, render each resume as the file
a recruiter would upload (TXT, DOCX or PDF), and hold the grades.

The documents and their labels were written by hand; this module only turns the `.src` markup
(see `tests/golden/README.md`) into DOCX/PDF bytes, deterministically, so the set needs no binary
files in git. It never reads or writes a label.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm
from fpdf import FPDF

from samples.render import unicode_font

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "tests" / "golden"
LAYOUTS = ("txt", "docx", "pdf", "pdf-two-column")
# The date every label's "ongoing" job runs to (tests/golden/README.md).
LABEL_DATE = (2026, 12)


@dataclass(frozen=True)
class GoldenResume:
    """One resume: its upload bytes and its hand-written labels."""

    id: str
    layout: str
    data: bytes
    labels: dict[str, Any]


@dataclass(frozen=True)
class GoldenJD:
    """One JD: its text, the designation typed with it, and its labels."""

    id: str
    text: str
    designation: str
    labels: dict[str, Any]


@dataclass(frozen=True)
class GoldenSet:
    """Every golden JD and resume, and the 0-3 grade of each (JD, resume) pair."""

    jds: list[GoldenJD]
    resumes: list[GoldenResume]
    grades: dict[tuple[str, str], int] = field(default_factory=dict)


def load_golden(folder: Path = GOLDEN_DIR) -> GoldenSet:
    """The golden set as it is on disk; a resume or JD without labels is an error."""
    jds = [_load_jd(p) for p in sorted((folder / "jds").glob("*.yaml"))]
    resumes = [_load_resume(p) for p in sorted((folder / "resumes").glob("*.yaml"))]
    grades: dict[tuple[str, str], int] = {}
    for path in sorted(folder.glob("grades*.yaml")):
        for jd_id, row in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            for resume_id, grade in (row or {}).items():
                grades[(jd_id, resume_id)] = int(grade)
    return GoldenSet(jds, resumes, grades)


def _load_jd(path: Path) -> GoldenJD:
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    return GoldenJD(labels["id"], text, labels.get("designation") or "", labels)


def _load_resume(path: Path) -> GoldenResume:
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))
    layout = labels.get("layout", "txt")
    if layout not in LAYOUTS:
        raise ValueError(f"{path.name}: unknown layout {layout!r}")
    if layout == "txt":
        data = _upload_bytes(path.with_suffix(".txt").read_bytes(), labels.get("encoding", "utf-8"))
    else:
        source = path.with_suffix(".src").read_text(encoding="utf-8")
        data = render(source, layout, sidebar=labels.get("sidebar", "left"))
    return GoldenResume(labels["id"], layout, data, labels)


def _upload_bytes(stored: bytes, encoding: str) -> bytes:
    """The file as uploaded in its declared encoding. Most files are stored as UTF-8 and
    encoded here; one already stored in its declared encoding is used as it is."""
    codec = _codec(encoding)
    try:
        return stored.decode("utf-8").encode(codec)
    except UnicodeDecodeError:
        stored.decode(codec)  # stored in the declared encoding already (or a broken file)
        return stored


def _codec(name: str) -> str:
    # "utf-16" writes a BOM, as Windows Notepad does.
    return {"utf-8": "utf-8", "utf-16": "utf-16", "cp1252": "cp1252"}[name.lower()]


# --- the .src markup -------------------------------------------------------------------------


@dataclass
class Block:
    """A run of markup lines bound for one place: body, header, footer, sidebar or main."""

    place: str
    lines: list[str] = field(default_factory=list)


_PLACES = ("header", "footer", "sidebar", "main")


def parse_markup(source: str) -> list[Block]:
    """Split a `.src` file into its blocks, in order."""
    blocks = [Block("body")]
    for raw in source.splitlines():
        tag = re.fullmatch(r"\[(/?)(header|footer|sidebar|main)\]", raw.strip())
        if tag:
            blocks.append(Block("body" if tag.group(1) else tag.group(2)))
            continue
        blocks[-1].lines.append(raw.rstrip())
    return [b for b in blocks if b.lines or b.place != "body"]


def render(source: str, layout: str, sidebar: str = "left") -> bytes:
    """The upload bytes of a `.src` document in the given layout."""
    blocks = parse_markup(source)
    if layout == "docx":
        return _to_docx(blocks)
    return _to_pdf(blocks, two_column=layout == "pdf-two-column", sidebar=sidebar)


def _kind(line: str) -> tuple[str, str]:
    if ">>" in line and not line.startswith("|"):
        return "split", re.sub(r"^[*#-] ", "", line)
    if line.startswith("= "):
        return "title", line[2:]
    if line.startswith("# "):
        return "heading", line[2:]
    if line.startswith("- "):
        return "bullet", line[2:]
    if line.startswith("* "):
        return "bold", line[2:]
    if line.startswith("|") and line.rstrip().endswith("|"):
        return "row", line
    if not line.strip():
        return "blank", ""
    return "text", line


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


# --- DOCX --------------------------------------------------------------------------------------


def _to_docx(blocks: list[Block]) -> bytes:
    document = docx.Document()
    section = document.sections[0]
    for block in blocks:
        if block.place == "header":
            _docx_lines(section.header, block.lines, in_part=True)
        elif block.place == "footer":
            _docx_lines(section.footer, block.lines, in_part=True)
        else:
            _docx_lines(document, block.lines, in_part=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_lines(container: Any, lines: list[str], *, in_part: bool) -> None:
    first = in_part  # a header/footer starts with one empty paragraph: use it
    table = None
    for line in lines:
        kind, text = _kind(line)
        if kind != "row":
            table = None
        if kind == "row":
            cells = _cells(text)
            if table is None or len(table.columns) != len(cells):
                table = (
                    container.add_table(rows=0, cols=len(cells), width=Mm(170))
                    if in_part
                    else container.add_table(rows=0, cols=len(cells))
                )
            for cell, value in zip(table.add_row().cells, cells, strict=True):
                cell.text = value
            continue
        paragraph = container.paragraphs[0] if first else None
        first = False
        if kind == "heading" and not in_part:
            container.add_heading(text, level=1)
            continue
        if kind == "title" and not in_part:
            container.add_heading(text, level=0)
            continue
        if paragraph is None:
            style = "List Bullet" if kind == "bullet" and not in_part else None
            paragraph = container.add_paragraph(style=style)
        if kind == "split":
            left, right = (p.strip() for p in text.split(">>", 1))
            paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
            paragraph.add_run(left).bold = True
            paragraph.add_run("\t" + right)
        else:
            run = paragraph.add_run(text)
            run.bold = kind in ("bold", "title", "heading")


# --- PDF ---------------------------------------------------------------------------------------


class _Page(FPDF):
    """An A4 page whose header and footer lines repeat on every page."""

    def __init__(self, header: list[str], footer: list[str]) -> None:
        super().__init__(format="A4")
        self.header_lines = header
        self.footer_lines = footer
        regular, bold = unicode_font()
        self.add_font("DejaVu", "", str(regular))
        self.add_font("DejaVu", "B", str(bold))
        self.set_auto_page_break(True, margin=18 + 4 * len(footer))

    def header(self) -> None:
        if not self.header_lines:
            return
        self.set_font("DejaVu", "", 8)
        for line in self.header_lines:
            self.set_x(self.l_margin)
            self.cell(self.epw, 4, _kind(line)[1], align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def footer(self) -> None:
        if not self.footer_lines:
            return
        self.set_y(-12 - 4 * len(self.footer_lines))
        self.set_font("DejaVu", "", 8)
        for line in self.footer_lines:
            self.cell(self.epw, 4, _kind(line)[1], align="C", new_x="LMARGIN", new_y="NEXT")


def _to_pdf(blocks: list[Block], *, two_column: bool, sidebar: str) -> bytes:
    header = [ln for b in blocks if b.place == "header" for ln in b.lines]
    footer = [ln for b in blocks if b.place == "footer" for ln in b.lines]
    pdf = _Page(header, footer)
    pdf.add_page()
    body = [ln for b in blocks if b.place == "body" for ln in b.lines]
    side = [ln for b in blocks if b.place == "sidebar" for ln in b.lines]
    main = [ln for b in blocks if b.place == "main" for ln in b.lines]
    if not two_column:
        for line in body + side + main:
            _pdf_line(pdf, line, pdf.l_margin, pdf.epw)
        return bytes(pdf.output())
    for line in body:  # full width, above both columns
        _pdf_line(pdf, line, pdf.l_margin, pdf.epw)
    top = pdf.get_y() + 3
    side_w, gap = 58.0, 7.0
    main_w = pdf.epw - side_w - gap
    side_x = pdf.l_margin if sidebar == "left" else pdf.l_margin + main_w + gap
    main_x = pdf.l_margin + side_w + gap if sidebar == "left" else pdf.l_margin
    pdf.set_auto_page_break(False)
    pdf.set_y(top)
    for line in side:
        _pdf_line(pdf, line, side_x, side_w)
    pdf.set_auto_page_break(True, margin=18 + 4 * len(footer))
    pdf.set_y(top)
    for line in main:
        _pdf_line(pdf, line, main_x, main_w)
    return bytes(pdf.output())


def _pdf_line(pdf: FPDF, line: str, x: float, width: float) -> None:
    kind, text = _kind(line)
    size = {"title": 17, "heading": 11.5}.get(kind, 9.5)
    height = size * 0.5
    pdf.set_font("DejaVu", "B" if kind in ("title", "heading", "bold") else "", size)
    if kind == "blank":
        pdf.ln(2.5)
        return
    if kind == "heading":
        pdf.ln(1.5)
    pdf.set_x(x)
    if kind == "row":
        cells = _cells(text)
        cell_w = width / len(cells)
        y = pdf.get_y()
        bottom = max(_row_bottoms(pdf, y, cells, cell_w, height))
        for i, value in enumerate(cells):
            pdf.set_xy(x + i * cell_w, y)
            pdf.multi_cell(cell_w - 1.5, height, value, new_x="RIGHT", new_y="TOP")
        pdf.set_xy(x, bottom)
        return
    if kind == "split":
        left, right = (p.strip() for p in text.split(">>", 1))
        y = pdf.get_y()
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(width * 0.68, height, left, new_x="LEFT", new_y="NEXT")
        after = pdf.get_y()
        pdf.set_font("DejaVu", "", size)
        pdf.set_xy(x + width * 0.68, y)
        pdf.cell(width * 0.32, height, right, align="R")
        pdf.set_xy(x, max(after, y + height))
        return
    shown = f"• {text}" if kind == "bullet" else text
    pdf.multi_cell(width, height, shown, new_x="LEFT", new_y="NEXT")


def _row_bottoms(
    pdf: FPDF, y: float, cells: list[str], cell_w: float, height: float
) -> list[float]:
    # How far each cell's wrapped text reaches (fpdf2 measures it without drawing).
    out = []
    for value in cells:
        lines = pdf.multi_cell(cell_w - 1.5, height, value, dry_run=True, output="LINES")
        out.append(y + height * max(1, len(lines)))
    return out


@lru_cache(maxsize=1)
def golden_set() -> GoldenSet:
    """The golden set, loaded once per process."""
    return load_golden()
