"""Roadmap periods as spans on a time axis, only as precise as the source.

A year covers the whole year, a quarter its three months, a month its days. An open-ended
period ("2024 →") has no end date: it is drawn to the edge of the chart and marked as open,
never given a false end.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from generator.models import Period, RoadmapActivity


def period_start(point: str) -> dt.date:
    year, _, rest = point.partition("-")
    if not rest:
        return dt.date(int(year), 1, 1)
    if rest.startswith("Q"):
        return dt.date(int(year), 3 * (int(rest[1]) - 1) + 1, 1)
    if rest.startswith("H"):
        return dt.date(int(year), 1 if rest[1] == "1" else 7, 1)
    if len(rest) == 2:
        return dt.date(int(year), int(rest), 1)
    return dt.date.fromisoformat(point)


def period_end(point: str) -> dt.date:
    year, _, rest = point.partition("-")
    if not rest:
        return dt.date(int(year), 12, 31)
    if rest.startswith("Q"):
        month = 3 * int(rest[1])
    elif rest.startswith("H"):
        month = 6 if rest[1] == "1" else 12
    elif len(rest) == 2:
        month = int(rest)
    else:
        return dt.date.fromisoformat(point)
    return dt.date(int(year), month, calendar.monthrange(int(year), month)[1])


@dataclass(frozen=True)
class Span:
    """Where an activity's bar goes. ``open_end`` bars run to the chart's right edge."""

    start: dt.date
    end: dt.date | None
    open_end: bool
    point: bool


def span(period: Period) -> Span | None:
    """The span of a period, or None when the source gives no time at all."""
    if period.start is None and period.end is None:
        return None
    start = period_start(period.start or period.end or "")
    if period.open_end:
        return Span(start, None, True, False)
    end = period_end(period.end or period.start or "")
    return Span(start, end, False, period.end is None)


def axis_range(activities: list[RoadmapActivity], as_of: dt.date | None) -> tuple[dt.date, dt.date]:
    """From the first start to one year past the last end (room for open-ended arrows)."""
    spans = [s for a in activities if (s := span(a.period))]
    dates = [s.start for s in spans] + [s.end for s in spans if s.end]
    dates += [period_start(m.date) for a in activities for m in a.milestones]
    if as_of:
        dates.append(as_of)
    if not dates:
        return dt.date(2023, 1, 1), dt.date(2031, 1, 1)
    return dt.date(min(dates).year, 1, 1), dt.date(max(dates).year + 2, 1, 1)
