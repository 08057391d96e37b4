"""What a batch says: per plan, the share of each verdict and the mean score with its 95% interval, and how
far apart the plans' mean scores are (paired by seed), also with 95% intervals.

Intervals use Student's t (no scipy: the quantile comes from a Cornish-Fisher
expansion, exact for one and two degrees of freedom and within 0.1% beyond).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from statistics import NormalDist, fmean, stdev
from typing import Iterable, Mapping, Sequence

from wargame.outcome import VERDICT_NAMES


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (``df`` >= 1)."""
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) * math.sqrt(2 / (4 * p * (1 - p)))
    z = NormalDist().inv_cdf(p)
    terms = (
        (z ** 3 + z) / 4,
        (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96,
        (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384,
        (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160,
    )
    return z + sum(term / df ** (k + 1) for k, term in enumerate(terms))


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% interval (``low``/``high`` are None with fewer than two values)."""

    mean: float
    low: float | None
    high: float | None
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> "Estimate":
        """The mean of ``values`` and its t interval."""
        n = len(values)
        mean = fmean(values) if n else math.nan
        if n < 2:
            return cls(mean, None, None, n)
        half = t_quantile(0.975, n - 1) * stdev(values) / math.sqrt(n)
        return cls(mean, mean - half, mean + half, n)

    @classmethod
    def welch(cls, a: Sequence[float], b: Sequence[float]) -> "Estimate":
        """mean(a) - mean(b) for unpaired samples (Welch's interval)."""
        mean = fmean(a) - fmean(b) if a and b else math.nan
        if len(a) < 2 or len(b) < 2:
            return cls(mean, None, None, min(len(a), len(b)))
        va, vb = stdev(a) ** 2 / len(a), stdev(b) ** 2 / len(b)
        if va + vb == 0:
            return cls(mean, mean, mean, min(len(a), len(b)))
        df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
        half = t_quantile(0.975, max(1.0, df)) * math.sqrt(va + vb)
        return cls(mean, mean - half, mean + half, min(len(a), len(b)))


@dataclass(frozen=True)
class PlanSummary:
    """One plan's games: how many, the share of each verdict (most frequent first), the mean score."""

    plan: str
    games: int
    verdicts: tuple[tuple[str, float], ...]
    score: Estimate


@dataclass(frozen=True)
class Difference:
    """Mean score of ``first`` minus that of ``second``; ``paired`` when compared seed by seed."""

    first: str
    second: str
    estimate: Estimate
    paired: bool


@dataclass(frozen=True)
class BatchSummary:
    """The summary of a batch: each plan, then each pair of plans."""

    plans: tuple[PlanSummary, ...]
    differences: tuple[Difference, ...]


def summarise(rows: Iterable[Mapping], plans: Sequence[str]) -> BatchSummary:
    """Summarise rows with ``policy``, ``seed``, ``verdict`` and ``score`` for ``plans`` (in that order)."""
    scores: dict[str, dict[int, float]] = {plan: {} for plan in plans}
    verdicts: dict[str, dict[str, int]] = {plan: {} for plan in plans}
    for row in rows:
        scores[row["policy"]][int(row["seed"])] = float(row["score"])
        counts = verdicts[row["policy"]]
        counts[row["verdict"]] = counts.get(row["verdict"], 0) + 1
    summaries = []
    for plan in plans:
        n = len(scores[plan])
        shares = sorted(((v, c / n) for v, c in verdicts[plan].items()), key=lambda vc: (-vc[1], vc[0]))
        summaries.append(PlanSummary(plan, n, tuple(shares), Estimate.of(list(scores[plan].values()))))
    differences = []
    for first, second in combinations(plans, 2):
        common = sorted(scores[first].keys() & scores[second].keys())
        if len(common) >= 2:
            estimate = Estimate.of([scores[first][s] - scores[second][s] for s in common])
            differences.append(Difference(first, second, estimate, True))
        else:
            estimate = Estimate.welch(list(scores[first].values()), list(scores[second].values()))
            differences.append(Difference(first, second, estimate, False))
    return BatchSummary(tuple(summaries), tuple(differences))


def _interval(estimate: Estimate, signed: bool = False) -> str:
    sign = "+" if signed else ""
    if estimate.low is None:
        return f"{estimate.mean:{sign}.1f} (too few games for an interval)"
    return f"{estimate.mean:{sign}.1f}  95% interval {estimate.low:{sign}.1f} to {estimate.high:{sign}.1f}"


def format_summary(summary: BatchSummary) -> str:
    """The summary as the text ``wargame batch`` prints."""
    lines = []
    for plan in summary.plans:
        lines.append(f"{plan.plan}: {plan.games:,} game{'' if plan.games == 1 else 's'}")
        if not plan.games:
            continue
        lines.append(f"  mean score {_interval(plan.score)}")
        lines.append("  verdicts: " + ", ".join(f"{VERDICT_NAMES.get(verdict, verdict)} {share:.1%}"
                                                for verdict, share in plan.verdicts))
    if summary.differences:
        lines += ["", "Differences in mean score (first minus second):"]
        width = max(len(f"{d.first} - {d.second}") for d in summary.differences)
        for d in summary.differences:
            how = f"paired over {d.estimate.n} seeds" if d.paired else "unpaired"
            lines.append(f"  {d.first + ' - ' + d.second:<{width}}  {_interval(d.estimate, signed=True)}  ({how})")
    return "\n".join(lines)
