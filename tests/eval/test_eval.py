"""The quality bars on the seeded labelled set (see docs/agents.md "Evaluation")."""

import pytest

from samples.evaluate import evaluate

pytestmark = pytest.mark.eval


@pytest.fixture(scope="module")
def report():
    return evaluate()


def test_readers_meet_their_bars(report):
    assert report.resume_fields["skills_f1"] >= 0.90
    assert report.resume_fields["years_within_1"] >= 0.90
    assert report.jd_fields["required_skills_f1"] >= 0.90


def test_ranking_meets_its_bars(report):
    assert report.ranking["ndcg@5"] >= 0.90
    assert report.ranking["name_swap_gap"] == 0
    assert report.ranking["stuffers_in_top5"] == 0


def test_every_bad_file_fails_with_its_reason(report):
    assert all(v.startswith("ok") for v in report.bad_files.values()), report.bad_files


def test_no_bar_is_missed(report):
    assert report.failures() == []
