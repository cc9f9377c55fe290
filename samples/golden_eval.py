"""Measure the real extractor, readers and comparator on the hand-written golden set.

Labels name skills as their writers would ("Amazon DynamoDB", "Selenium WebDriver"); they are
mapped to the taxonomy's canonical names by the taxonomy itself (an exact name or alias, else
the canonical skills the label phrase names), label side only. A label the taxonomy cannot name
at all is outside its vocabulary: it is counted in `label_coverage`, not in the F1.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from agents.hr_comparator.blind import blind
from agents.hr_comparator.compare import compare
from agents.hr_comparator.weights import Weights
from agents.jd_reader.parse import read_jd
from agents.reading.places import place_parts
from agents.resume_extractor.extract import Limits, extract_any
from agents.resume_reader.parse import read_resume
from agents.taxonomy import Taxonomy, load_taxonomy
from common.profiles import JDProfile, ResumeProfile
from samples.golden import LABEL_DATE, GoldenSet, load_golden
from samples.metrics import f1, goodman_kruskal_gamma, kendall_tau_b, ndcg, prf, tau_b_ceiling

LABEL_TODAY = date(LABEL_DATE[0], LABEL_DATE[1], 1)
_WORD = re.compile(r"[a-z0-9+#]+")


@dataclass
class GoldenReport:
    """Every figure of the golden set, per field, per layout, plus what was missed."""

    resumes: dict[str, float] = field(default_factory=dict)
    per_layout: dict[str, dict[str, float]] = field(default_factory=dict)
    jds: dict[str, float] = field(default_factory=dict)
    ranking: dict[str, float] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    resume_profiles: dict[str, ResumeProfile] = field(default_factory=dict)
    jd_profiles: dict[str, JDProfile] = field(default_factory=dict)


def label_skills(tx: Taxonomy, labels: list[str] | None) -> tuple[set[str], int]:
    """(canonical skills the labels name, how many labels the taxonomy could name)."""
    out: set[str] = set()
    named = 0
    for label in labels or []:
        label = str(label)
        found = tx.canonical(label)
        names = [found] if found else tx.names(label, listed=True)
        named += bool(names)
        out.update(names)
    return out, named


def resume_skill_truth(tx: Taxonomy, labels: list[str] | None) -> tuple[set[str], int]:
    """The labelled skills a resume profile lists as skills: spoken languages and credentials
    are read into their own fields (`languages`, `credentials`)."""
    out, named = label_skills(tx, labels)
    return {s for s in out if tx.family_of[s] != "languages" and s not in tx.credentials}, named


def title_f1(predicted: str | None, truth: str | None) -> float:
    """Token F1 of two titles (1.0 when both are empty)."""
    a = set(_WORD.findall((predicted or "").lower()))
    b = set(_WORD.findall((truth or "").lower()))
    if not a and not b:
        return 1.0
    tp, fp, fn = prf(a, b)
    return f1(tp, fp, fn)


def _place_match(predicted: str | None, truth: str | None) -> bool:
    """Same city: the parts that are not regions or countries meet ('Bristol' is
    'Bishopston, Bristol'); with no city on either side, the regions meet."""
    if not truth:
        return not predicted
    if not predicted:
        return False

    (a_city, a_region), (b_city, b_region) = place_parts(predicted), place_parts(truth)
    if a_city and b_city:
        return bool(a_city & b_city)
    return not a_city and not b_city and bool(a_region & b_region)


def evaluate_golden(
    gs: GoldenSet | None = None, *, clusters: set[str] | None = None
) -> GoldenReport:
    """Read every golden document and compare with its labels (optionally only some
    clusters: the id prefix before the first '-')."""
    gs = gs or load_golden()
    tx = load_taxonomy()
    report = GoldenReport()
    limits = Limits()
    chosen = [r for r in gs.resumes if clusters is None or r.id.split("-")[0] in clusters]
    for r in chosen:
        report.resume_profiles[r.id] = read_resume(extract_any(r.data, limits).text, LABEL_TODAY)
    jds = [j for j in gs.jds if clusters is None or j.id.split("-")[0] in clusters]
    for j in jds:
        report.jd_profiles[j.id] = read_jd(j.text, designation=j.designation)
    _resume_fields(report, chosen, tx)
    _jd_fields(report, jds, tx)
    _ranking(report, gs, jds, chosen)
    return report


def _resume_fields(report: GoldenReport, resumes: list, tx: Taxonomy) -> None:
    per_layout: dict[str, list[dict[str, float]]] = defaultdict(list)
    totals = defaultdict(int)
    labels_total = labels_named = 0
    for r in resumes:
        p, lab = report.resume_profiles[r.id], r.labels
        truth, named = resume_skill_truth(tx, lab.get("skills"))
        labels_total += len(lab.get("skills") or [])
        labels_named += named
        got = {s.name for s in p.skills}
        tp, fp, fn = prf(got, truth)
        totals["tp"], totals["fp"], totals["fn"] = (
            totals["tp"] + tp,
            totals["fp"] + fp,
            totals["fn"] + fn,
        )
        negated_truth, _ = label_skills(tx, lab.get("not_skills"))
        negated_truth -= truth
        wrong_negated = got & negated_truth
        years_ok = abs(p.total_years_experience - float(lab.get("total_years") or 0)) <= 1.0
        row = {
            "years_within_1": float(years_ok),
            "title_token_f1": title_f1(p.current_title, lab.get("current_title")),
            "highest_degree": float(
                (p.highest_degree or None) == (lab.get("highest_degree") or None)
            ),
            "location_city": float(_place_match(p.location, lab.get("location"))),
            "skills_f1": f1(tp, fp, fn),
        }
        per_layout[r.layout].append(row)
        per_layout["all"].append(row)
        totals["negated_added"] += len(wrong_negated)
        totals["negated_labels"] += len(negated_truth)
        if lab.get("total_years") and p.total_years_experience == 0:
            totals["zero_years"] += 1
        _resume_misses(report, r.id, p, lab, got, truth, wrong_negated, row)
    report.per_layout = {
        layout: {k: sum(x[k] for x in rows) / len(rows) for k in rows[0]} | {"n": len(rows)}
        for layout, rows in per_layout.items()
        if rows
    }
    tp, fp, fn = totals["tp"], totals["fp"], totals["fn"]
    report.resumes = {
        "resumes": len(resumes),
        "skills_precision": tp / (tp + fp) if tp + fp else 1.0,
        "skills_recall": tp / (tp + fn) if tp + fn else 1.0,
        "skills_f1": f1(tp, fp, fn),
        "label_coverage": labels_named / labels_total if labels_total else 1.0,
        **{k: v for k, v in report.per_layout.get("all", {}).items() if k != "skills_f1"},
        "years_within_1_worst_layout": min(
            (v["years_within_1"] for k, v in report.per_layout.items() if k != "all"), default=1.0
        ),
        "negated_skills_added": totals["negated_added"],
        "negated_labels": totals["negated_labels"],
        "zero_years_with_jobs": totals["zero_years"],
    }


def _resume_misses(report, rid, p, lab, got, truth, wrong_negated, row) -> None:
    if got != truth:
        report.misses.append(
            f"{rid} skills: extra {sorted(got - truth)}, missing {sorted(truth - got)}"
        )
    if wrong_negated:
        report.misses.append(f"{rid} negated skills added: {sorted(wrong_negated)}")
    if not row["years_within_1"]:
        report.misses.append(
            f"{rid} years: got {p.total_years_experience}, want {lab.get('total_years')}"
        )
    if row["title_token_f1"] < 1:
        report.misses.append(
            f"{rid} title: got {p.current_title!r}, want {lab.get('current_title')!r}"
        )
    if not row["highest_degree"]:
        report.misses.append(
            f"{rid} degree: got {p.highest_degree}, want {lab.get('highest_degree')}"
        )
    if not row["location_city"]:
        report.misses.append(f"{rid} location: got {p.location!r}, want {lab.get('location')!r}")


def _jd_fields(report: GoldenReport, jds: list, tx: Taxonomy) -> None:
    sums = defaultdict(float)
    counts = defaultdict(int)
    for j in jds:
        p, lab = report.jd_profiles[j.id], j.labels
        # A group of alternatives ("Ahrefs or Semrush") is required: its members count there.
        required = [*p.required_skills, *(name for group in p.alternatives for name in group)]
        for kind, got in (("required", required), ("preferred", p.preferred_skills)):
            truth, _ = label_skills(tx, lab.get(f"{kind}_skills"))
            if kind == "preferred":
                truth -= label_skills(tx, lab.get("required_skills"))[0]
            tp, fp, fn = prf(set(got), truth)
            for k, v in (("tp", tp), ("fp", fp), ("fn", fn)):
                counts[f"{kind}_{k}"] += v
            if set(got) != truth:
                extra, missing = sorted(set(got) - truth), sorted(truth - set(got))
                report.misses.append(f"{j.id} {kind}: extra {extra}, missing {missing}")
        want_years = lab.get("min_years")
        ok_years = (p.min_years is None and want_years is None) or (
            p.min_years is not None
            and want_years is not None
            and float(p.min_years) == float(want_years)
        )
        sums["min_years_exact"] += ok_years
        if not ok_years:
            report.misses.append(f"{j.id} min_years: got {p.min_years}, want {want_years}")
        ok_edu = (p.education_level or None) == (lab.get("education") or None)
        sums["education"] += ok_edu
        if not ok_edu:
            report.misses.append(
                f"{j.id} education: got {p.education_level}, want {lab.get('education')}"
            )
        sums["jd_title_token_f1"] += title_f1(p.title, lab.get("title"))
    n = len(jds) or 1
    report.jds = {
        "jds": len(jds),
        "required_skills_f1": f1(
            counts["required_tp"], counts["required_fp"], counts["required_fn"]
        ),
        "preferred_skills_f1": f1(
            counts["preferred_tp"], counts["preferred_fp"], counts["preferred_fn"]
        ),
        **{k: v / n for k, v in sums.items()},
    }


def _ranking(report: GoldenReport, gs: GoldenSet, jds: list, resumes: list) -> None:
    weights = Weights()
    blinds = {r.id: blind(report.resume_profiles[r.id]) for r in resumes}
    n5 = tau = gamma = ceiling = 0.0
    best_tp = best_fp = best_fn = partial_hit = partial_total = zero_fit = 0
    for j in jds:
        results = {rid: compare(report.jd_profiles[j.id], b, weights) for rid, b in blinds.items()}
        scores = {rid: res.score for rid, res in results.items()}
        ranked = sorted(scores, key=lambda rid: (-scores[rid], rid))
        grades = [gs.grades[(j.id, rid)] for rid in ranked]
        n5 += ndcg(grades, 5)
        tau += kendall_tau_b([scores[r] for r in ranked], grades)
        gamma += goodman_kruskal_gamma([scores[r] for r in ranked], grades)
        ceiling += tau_b_ceiling(grades)
        for rid in ranked:
            grade, fit = gs.grades[(j.id, rid)], results[rid].fit
            best_tp += grade == 3 and fit == "Best Fit"
            best_fp += grade != 3 and fit == "Best Fit"
            best_fn += grade == 3 and fit != "Best Fit"
            partial_total += grade == 2
            partial_hit += grade == 2 and fit == "Partial Fit"
            zero_fit += grade == 0 and fit != "Not Fit"
            if (grade == 3) != (fit == "Best Fit") or (grade == 2 and fit != "Partial Fit"):
                report.misses.append(
                    f"{j.id} x {rid}: grade {grade}, {fit} {scores[rid]:.0f} ({results[rid].rule})"
                )
    k = len(jds) or 1
    report.ranking = {
        "ndcg@5": n5 / k,
        "kendall_tau": tau / k,
        "kendall_tau_ceiling": ceiling / k,
        "goodman_kruskal_gamma": gamma / k,
        "best_fit_precision": best_tp / (best_tp + best_fp) if best_tp + best_fp else 1.0,
        "best_fit_recall": best_tp / (best_tp + best_fn) if best_tp + best_fn else 1.0,
        "partial_fit_recall": partial_hit / partial_total if partial_total else 1.0,
        "grade0_as_best_or_partial": zero_fit,
    }
