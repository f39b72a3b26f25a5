"""Scores of a prioritisation, computed from the criterion values the way the workbook does.

A group's score is the mean (or sum) of its children that have a value; criteria not assessed
are left out, and a group with no assessed child is itself "not assessed" (never 0). The total
is the sum of the top-level groups. Values are shown with one decimal, rounded half up as Excel
does (22.75 → 22.8), but ranks compare exact values, so equal totals share a rank.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from generator.i18n import round_half_up
from generator.models import Criterion, Measure, Prioritisation

TOTAL = "total"


def _score(criterion: Criterion, leaves: dict[str, Decimal | None], out: dict[str, Decimal | None]) -> Decimal | None:
    if not criterion.children:
        value = leaves.get(criterion.id)
    else:
        values = [v for child in criterion.children if (v := _score(child, leaves, out)) is not None]
        if not values:
            value = None
        elif criterion.aggregate == "sum":
            value = sum(values, Decimal(0))
        else:
            value = sum(values, Decimal(0)) / len(values)
    out[criterion.id] = value
    return value


def walk_criteria(criteria: list[Criterion]) -> Iterator[Criterion]:
    """Every node of the tree, depth first."""
    for criterion in criteria:
        yield criterion
        yield from walk_criteria(criterion.children)


def leaf_criteria(criteria: list[Criterion]) -> Iterator[Criterion]:
    return (c for c in walk_criteria(criteria) if not c.children)


def scores(prioritisation: Prioritisation, measure: Measure) -> dict[str, Decimal | None]:
    """Criterion id (and ``total``) → exact score, or None where nothing was assessed."""
    leaves = {score.criterion: score.value for score in measure.scores}
    out: dict[str, Decimal | None] = {}
    groups = [_score(criterion, leaves, out) for criterion in prioritisation.criteria]
    out[TOTAL] = None if any(g is None for g in groups) else sum(groups, Decimal(0))
    return out


def shown(value: Decimal | None) -> str | None:
    """The value as the workbook shows it: one decimal, half up."""
    return None if value is None else str(round_half_up(value, 1))


@dataclass(frozen=True)
class Ranked:
    measure: Measure
    total: Decimal
    rank: int
    tied: bool


def ranking(prioritisation: Prioritisation) -> list[Ranked]:
    """The ranked measures by exact total, highest first; equal totals get the same rank."""
    totals = [(m, scores(prioritisation, m)[TOTAL]) for m in prioritisation.measures if m.ranked]
    ordered = sorted(((m, t) for m, t in totals if t is not None), key=lambda mt: (-mt[1], mt[0].published_rank or 0))
    result = []
    for measure, total in ordered:
        rank = next(i for i, (_m, t) in enumerate(ordered) if t == total) + 1
        tied = sum(1 for _m, t in ordered if t == total) > 1
        result.append(Ranked(measure, total, rank, tied))
    return result
