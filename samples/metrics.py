"""Ranking and extraction metrics: nDCG@k, Kendall tau-b, set F1."""

from __future__ import annotations

import math
from collections.abc import Sequence


def dcg(gains: Sequence[float], k: int) -> float:
    """Discounted cumulative gain of the first `k` grades (gain 2^g - 1)."""
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ndcg(ranked_grades: Sequence[float], k: int) -> float:
    """nDCG@k of grades in ranked order (1.0 = the ideal order)."""
    ideal = dcg(sorted(ranked_grades, reverse=True), k)
    return dcg(ranked_grades, k) / ideal if ideal > 0 else 1.0


def kendall_tau_b(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Kendall's tau-b (ties in either list handled), O(n^2): fine for a few hundred items."""
    concordant = discordant = ties_x = ties_y = 0
    n = len(xs)
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif dx * dy > 0:
                concordant += 1
            else:
                discordant += 1
    denom = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return (concordant - discordant) / denom if denom else 0.0


def goodman_kruskal_gamma(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Goodman-Kruskal gamma: (concordant - discordant) / (concordant + discordant), pairs tied
    in either list left out. With many equal grades it is the rank agreement that tau-b cannot
    show (tau-b's ceiling falls as grades tie: see `tau_b_ceiling`)."""
    concordant = discordant = 0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            d = (xs[i] - xs[j]) * (ys[i] - ys[j])
            if d > 0:
                concordant += 1
            elif d < 0:
                discordant += 1
    total = concordant + discordant
    return (concordant - discordant) / total if total else 0.0


def tau_b_ceiling(ys: Sequence[float]) -> float:
    """The highest tau-b any scorer with distinct scores can reach against these grades."""
    n = len(ys)
    pairs = n * (n - 1) / 2
    counts: dict[float, int] = {}
    for y in ys:
        counts[y] = counts.get(y, 0) + 1
    tied = sum(c * (c - 1) / 2 for c in counts.values())
    return math.sqrt((pairs - tied) / pairs) if pairs else 1.0


def prf(predicted: set[str], truth: set[str]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives)."""
    return len(predicted & truth), len(predicted - truth), len(truth - predicted)


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts (1.0 when there is nothing to find and nothing was found)."""
    if tp == fp == fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)
