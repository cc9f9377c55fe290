"""The labelled evaluation set: 5 JDs of different families, 65 resumes (PDF, DOCX, TXT) with
field truth and a 0-3 grade per (JD, resume) pair, plus the bad files.

Per JD: 3 strong, 3 medium, 2 weak, 2 unrelated, 1 keyword stuffer (every JD skill listed, no
experience behind any), 1 verbose unrelated resume, 1 name-swapped twin of a strong resume.
"""

from __future__ import annotations

from dataclasses import dataclass

from samples.bad import bad_files
from samples.generate import SampleJD, SampleResume, grade, make_jd, make_resume, name_swapped_twin

EVAL_FAMILIES = ("software_engineering", "data", "hr", "finance", "healthcare")
PLAN: tuple[tuple[int, str], ...] = (
    (3, "normal"),
    (3, "normal"),
    (3, "normal"),
    (2, "normal"),
    (2, "normal"),
    (2, "normal"),
    (1, "normal"),
    (1, "normal"),
    (0, "normal"),
    (0, "normal"),
    (0, "stuffer"),
    (0, "verbose"),
)
FORMATS = ("pdf", "docx", "txt")


@dataclass(frozen=True)
class EvalSet:
    """JDs, good resumes, twin pairs, gold grades, and bad files with expected reasons."""

    jds: list[SampleJD]
    resumes: list[SampleResume]
    twins: list[tuple[str, str]]
    grades: dict[tuple[str, str], int]
    bad: list[tuple[str, bytes, str]]


def make_eval_set(seed: int = 7) -> EvalSet:
    """The set, identical for the same seed (and month: 'Present' is this month)."""
    jds = [make_jd(family, seed, jd_id=f"JD-EVAL-{i}") for i, family in enumerate(EVAL_FAMILIES)]
    resumes: list[SampleResume] = []
    twins: list[tuple[str, str]] = []
    n = 0
    for jd in jds:
        for target, kind in PLAN:
            fmt = FORMATS[n % len(FORMATS)]
            resumes.append(
                make_resume(
                    jd, target, seed * 1000 + n, fmt, kind, resume_id=f"E{n:03d}-{kind}-{fmt}"
                )
            )
            n += 1
        twin = name_swapped_twin(resumes[-len(PLAN)], seed)
        twins.append((resumes[-len(PLAN)].truth.resume_id, twin.truth.resume_id))
        resumes.append(twin)
    grades = {(jd.jd_id, r.truth.resume_id): grade(jd, r.truth) for jd in jds for r in resumes}
    valid_docx = next(r.data for r in resumes if r.fmt == "docx")
    return EvalSet(jds, resumes, twins, grades, bad_files(valid_docx))
