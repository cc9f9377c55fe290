"""resume-extractor: formats, encodings, layouts and the failure reason of each bad file."""

import io
from datetime import date
from pathlib import Path

import docx
import pytest

from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.extract import Limits, extract, extract_any
from agents.resume_extractor.pdf import (
    MAX_GUTTER_CANDIDATES,
    Segment,
    find_gutter,
    gutter_candidates,
    read_columns,
)
from agents.resume_extractor.pool import ExtractorPool
from agents.resume_reader.parse import read_resume
from samples.bad import bad_files, text_pdf
from tests.agents import slow_parsers

pytestmark = pytest.mark.unit


def _docx_with_table_and_header() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Zoë Ødegård | zoe@example.com"
    document.add_paragraph("Experience")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Python"
    table.rows[0].cells[1].text = "Kubernetes"
    document.add_paragraph("After the table")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_keeps_header_tables_and_body_order():
    text = extract(_docx_with_table_and_header(), Limits()).text
    assert text.index("Zoë Ødegård") < text.index("Experience") < text.index("Python")
    assert text.index("Kubernetes") < text.index("After the table")


_BOX_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _text_box_run(lines: list[str]) -> object:
    """A run holding a text box the way Word writes one: a drawing, and a VML copy of the same
    box as the fallback for old readers."""
    from docx.oxml import parse_xml

    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    box = f"<w:txbxContent>{body}</w:txbxContent>"
    return parse_xml(
        f'<w:r {_BOX_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f"<wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        f"</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
        f"<w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def test_docx_text_boxes_are_read_once_beside_their_anchor():
    document = docx.Document()
    anchor = document.add_paragraph("Maya Lindqvist")
    anchor._p.append(_text_box_run(["SKILLS", "Python, Terraform, Kubernetes"]))
    document.add_paragraph("EXPERIENCE")
    document.add_paragraph("Platform Engineer, Nordlys AS, 2019 - 2024")
    out = io.BytesIO()
    document.save(out)
    text = extract(out.getvalue(), Limits()).text
    assert text.count("Python, Terraform, Kubernetes") == 1  # the VML copy is not read again
    assert text.index("Maya Lindqvist") < text.index("SKILLS") < text.index("EXPERIENCE")
    profile = read_resume(text, date(2026, 12, 1))
    assert [j.title for j in profile.work_history] == ["Platform Engineer"]
    assert abs(profile.total_years_experience - 5.0) <= 1
    assert {"Python", "Terraform", "Kubernetes"} <= {s.name for s in profile.skills}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "cp1252"])
def test_txt_encodings_keep_unicode(encoding):
    text = "José Ñúñez — Zoë\nPython developer\n"
    assert extract(text.encode(encoding), Limits()).text.strip() == text.strip()


def test_pdf_text_layer_is_read():
    result = extract(text_pdf("Plain resume text with Python and SQL skills."), Limits())
    assert "Python and SQL" in result.text
    assert (result.format, result.page_count) == ("pdf", 1)


def test_two_columns_are_read_column_by_column():
    # Given a sidebar (x < 150) and a main column (x >= 180) whose lines share baselines
    side = [Segment(40, 700 - 12 * i, 140, 710 - 12 * i, f"side {i}") for i in range(6)]
    main = [
        Segment(180, 700 - 12 * i, 540, 710 - 12 * i, f"main sentence {i} goes on")
        for i in range(6)
    ]
    gutter = find_gutter(side + main, 595)
    assert gutter is not None and 140 <= gutter <= 180
    lines = read_columns(side + main, gutter).splitlines()
    assert lines == [f"side {i}" for i in range(6)] + [
        f"main sentence {i} goes on" for i in range(6)
    ]


@pytest.mark.parametrize("width", [1e6, 1e9, 3.4e38])
def test_a_huge_page_box_costs_what_a_normal_page_does(width):
    xs = gutter_candidates(width)
    assert len(xs) <= MAX_GUTTER_CANDIDATES + 1
    assert xs[0] == pytest.approx(width * 0.15) and xs[-1] <= width * 0.85
    assert len(gutter_candidates(595)) == 105  # a normal page: every 4 pt, as before


@pytest.mark.parametrize("width", [0.0, -1.0, float("nan"), float("inf")])
def test_a_page_with_no_usable_width_has_no_gutter(width):
    rows = [Segment(40, 700 - 12 * i, 300, 710 - 12 * i, f"line {i}") for i in range(10)]
    assert find_gutter(rows, width) is None


def test_right_aligned_dates_are_not_a_second_column():
    rows = []
    for i in range(8):
        rows.append(Segment(40, 700 - 12 * i, 300, 710 - 12 * i, f"Job title number {i}"))
        width = 60 + (i % 3) * 25
        rows.append(Segment(540 - width, 700 - 12 * i, 540, 710 - 12 * i, "2019 - 2021"))
    assert find_gutter(rows, 595) is None


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    bad_files(_docx_with_table_and_header()),
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else "",
)
def test_bad_files_fail_with_their_reason(name, data, reason):
    with pytest.raises(ExtractionError) as caught:
        extract_any(data, Limits())  # a scan goes on to OCR, which finds no text either
    assert caught.value.reason == reason, name


def test_file_over_the_size_limit_is_too_large():
    with pytest.raises(ExtractionError) as caught:
        extract(b"a" * 2000, Limits(max_file_bytes=1000))
    assert caught.value.reason == "too_large"


async def test_pool_kills_a_stuck_extraction_and_survives(monkeypatch):
    # Given a parser that hangs on one file (importable: children start from a forkserver)
    monkeypatch.setattr(
        "agents.resume_extractor.pool._extract_in_child", slow_parsers.hang_on_marker
    )
    pool = ExtractorPool(Limits(timeout_s=0.5), workers=1)
    try:
        # When it runs that file, Then the resume fails as `timeout`
        with pytest.raises(ExtractionError) as caught:
            await pool.run(b"stuck")
        assert caught.value.reason == "timeout"
        # And the pool replaces the killed child and goes on working
        pool.limits = Limits()
        assert "Hello" in (await pool.run(b"Hello there")).text
    finally:
        pool.close()


WORD_97 = Path(__file__).parent / "fixtures" / "resume-word97.doc"  # saved by LibreOffice


async def test_a_word_97_resume_is_read_through_antiword_in_a_parser_child():
    # A real Word 97-2003 file, read where the agent reads it: in a scrubbed parser child
    pool = ExtractorPool(Limits(), workers=1)
    try:
        result = await pool.run(WORD_97.read_bytes())
    finally:
        pool.close()
    assert result.format == "doc"
    lines = [line.strip() for line in result.text.splitlines() if line.strip()]
    assert lines[0] == "Renée Okafor-Lindqvist"  # UTF-8 kept
    assert any(line.startswith("Senior Data Engineer, Nordvik") for line in lines)
    assert any(line.endswith("03/2019 – Present") for line in lines)
    assert lines[-1] == "Python, SQL, Apache Spark, Kafka, Airflow, dbt, Snowflake, Terraform"
