"""Run the real extractor, readers and comparator over the evaluation set; report metrics.

The agents' logic functions are called directly (no broker): the whole run takes seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agents.hr_comparator.blind import blind
from agents.hr_comparator.compare import compare
from agents.hr_comparator.weights import Weights
from agents.jd_reader.parse import read_jd
from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.extract import Limits, extract_any
from agents.resume_reader.parse import read_resume
from common.profiles import ResumeProfile
from samples.evalset import EvalSet, make_eval_set
from samples.metrics import f1, kendall_tau_b, ndcg, prf

BARS = {
    "skills_f1": 0.90,
    "years_within_1": 0.90,
    "ndcg@5": 0.90,
    "name_swap_gap": 0.0,
    "stuffers_in_top5": 0,
}


@dataclass
class Report:
    """Every figure the evaluation prints, plus the failures behind any miss."""

    jd_fields: dict[str, float] = field(default_factory=dict)
    resume_fields: dict[str, float] = field(default_factory=dict)
    ranking: dict[str, float] = field(default_factory=dict)
    per_jd: dict[str, dict[str, float]] = field(default_factory=dict)
    bad_files: dict[str, str] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        """Bars not met (empty when all pass)."""
        out = []
        if self.resume_fields["skills_f1"] < BARS["skills_f1"]:
            out.append(f"skills F1 {self.resume_fields['skills_f1']:.3f} < 0.90")
        if self.resume_fields["years_within_1"] < BARS["years_within_1"]:
            out.append(f"years within 1y {self.resume_fields['years_within_1']:.3f} < 0.90")
        if self.ranking["ndcg@5"] < BARS["ndcg@5"]:
            out.append(f"nDCG@5 {self.ranking['ndcg@5']:.3f} < 0.90")
        if self.ranking["name_swap_gap"] > 0:
            out.append(f"name-swap gap {self.ranking['name_swap_gap']} > 0")
        if self.ranking["stuffers_in_top5"] > 0:
            out.append(f"{self.ranking['stuffers_in_top5']:.0f} keyword stuffers in a top 5")
        out += [f"bad file {k}: {v}" for k, v in self.bad_files.items() if not v.startswith("ok")]
        return out


def evaluate(es: EvalSet | None = None) -> Report:
    """Extract, read and score everything in the set."""
    es = es or make_eval_set()
    report = Report()
    limits = Limits()
    profiles: dict[str, ResumeProfile] = {}
    for r in es.resumes:
        profiles[r.truth.resume_id] = read_resume(extract_any(r.data, limits).text)
    report.resume_fields = _resume_fields(es, profiles, report)
    jd_profiles = {jd.jd_id: read_jd(jd.text) for jd in es.jds}
    report.jd_fields = _jd_fields(es, jd_profiles)
    _ranking(es, profiles, jd_profiles, report)
    for name, data, reason in es.bad:
        try:
            extract_any(data, limits)
            report.bad_files[name] = f"extracted text, expected {reason}"
        except ExtractionError as exc:
            ok = exc.reason == reason
            report.bad_files[name] = f"ok ({reason})" if ok else f"got {exc.reason}, want {reason}"
    return report


def _resume_fields(
    es: EvalSet, profiles: dict[str, ResumeProfile], report: Report
) -> dict[str, float]:
    n = len(es.resumes)
    hits = dict.fromkeys(
        ["name", "email", "phone", "location", "current_title", "highest_degree", "years_within_1"],
        0,
    )
    tp = fp = fn = 0
    for r in es.resumes:
        t, p = r.truth, profiles[r.truth.resume_id]
        checks = {
            "name": p.name == t.name,
            "email": p.email == t.email,
            "phone": p.phone == t.phone,
            "location": p.location == t.location,
            "current_title": p.current_title == t.current_title,
            "highest_degree": p.highest_degree == t.highest_degree,
            "years_within_1": abs(p.total_years_experience - t.total_years) <= 1.0,
        }
        for key, ok in checks.items():
            hits[key] += ok
            if not ok:
                report.misses.append(f"{t.resume_id} {key}: got {getattr(p, key, None)!r}")
        got = _named_skills(p)
        a, b, c = prf(got, set(t.skills))
        tp, fp, fn = tp + a, fp + b, fn + c
        if b or c:
            report.misses.append(
                f"{t.resume_id} skills: extra "
                f"{sorted(got - set(t.skills))}, "
                f"missing {sorted(set(t.skills) - got)}"
            )
    out = {k: v / n for k, v in hits.items()}
    out["skills_precision"] = tp / (tp + fp) if tp + fp else 1.0
    out["skills_recall"] = tp / (tp + fn) if tp + fn else 1.0
    out["skills_f1"] = f1(tp, fp, fn)
    return out


def _named_skills(p: ResumeProfile) -> set[str]:
    """The skills a profile says the resume names: skills, credentials and languages, without
    the ones only implied by another (the generator lists what it wrote)."""
    named = {s.name for s in p.skills if not s.rule.startswith("implied by")}
    return named | set(p.credentials) | set(p.languages)


def _jd_fields(es: EvalSet, jd_profiles: dict) -> dict[str, float]:
    fields = ["title", "role_family", "min_years", "education_level", "location", "remote"]
    out = {
        f: sum(getattr(jd_profiles[j.jd_id], f) == getattr(j.truth, f) for j in es.jds)
        / len(es.jds)
        for f in fields
    }
    for kind in ("required_skills", "preferred_skills"):
        tp = fp = fn = 0
        for j in es.jds:
            a, b, c = prf(set(getattr(jd_profiles[j.jd_id], kind)), set(getattr(j.truth, kind)))
            tp, fp, fn = tp + a, fp + b, fn + c
        out[f"{kind}_f1"] = f1(tp, fp, fn)
    return out


def _ranking(
    es: EvalSet, profiles: dict[str, ResumeProfile], jd_profiles: dict, report: Report
) -> None:
    weights = Weights()
    blinds = {rid: blind(p) for rid, p in profiles.items()}
    kinds = {r.truth.resume_id: r.truth.kind for r in es.resumes}
    n5 = n10 = tau = 0.0
    gap = 0.0
    stuffers = 0
    for jd in es.jds:
        scores = {
            rid: compare(jd_profiles[jd.jd_id], b, weights).score for rid, b in blinds.items()
        }
        ranked = sorted(scores, key=lambda rid: (-scores[rid], rid))
        grades = [es.grades[(jd.jd_id, rid)] for rid in ranked]
        per = {
            "ndcg@5": ndcg(grades, 5),
            "ndcg@10": ndcg(grades, 10),
            "kendall_tau": kendall_tau_b([scores[r] for r in ranked], grades),
        }
        report.per_jd[jd.jd_id] = per
        n5, n10, tau = n5 + per["ndcg@5"], n10 + per["ndcg@10"], tau + per["kendall_tau"]
        stuffers += sum(1 for rid in ranked[:5] if kinds[rid] == "stuffer")
        for a, b in es.twins:
            gap = max(gap, abs(scores[a] - scores[b]))
    k = len(es.jds)
    report.ranking = {
        "ndcg@5": n5 / k,
        "ndcg@10": n10 / k,
        "kendall_tau": tau / k,
        "name_swap_gap": gap,
        "stuffers_in_top5": stuffers,
    }
