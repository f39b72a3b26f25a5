"""Charts: Altair specs rendered to SVG at build time, each with a caption, a summary in words,
the same numbers as a table, and a CSV file.

A chart is language-dependent only in its words; both languages are prepared when the chart is
made, and SVGs are cached by the hash of their spec, so an unchanged chart is rendered once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import altair as alt
from pydantic import BaseModel

from generator import i18n
from generator import models as m
from generator.i18n import Lang
from generator.spreadsheet import csv_text
from generator.svg_worker import render_svg
from generator.timeline import axis_range, period_start, span

# Okabe–Ito colours, safe for colour-blind readers; every bar also carries its label as text.
LEVEL_COLOURS = {m.Level.green: "#009E73", m.Level.yellow: "#E69F00", m.Level.red: "#D55E00", None: "#999999"}


@dataclass
class ChartText:
    """What one language shows of a chart."""

    title: str
    summary: str
    headers: list[str]
    rows: list[list[str]]
    spec: dict


@dataclass
class Chart:
    """A chart at ``<page path><name>.svg`` with its table and ``<name>.csv``."""

    path: str
    texts: dict[str, ChartText] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    def text(self, lang: Lang) -> ChartText:
        return self.texts[lang]

    def csv(self, lang: Lang) -> str:
        return csv_text(self.texts[lang].headers, self.texts[lang].rows)


def _spec_hash(spec: dict) -> str:
    return hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:20]


class SvgRenderer:
    """Renders Vega-Lite specs to SVG with vl-convert, caching by spec hash on disk; a cold
    build with many charts renders them in one process per core."""

    def __init__(self, cache_dir: Path | None, workers: int | None = None) -> None:
        self.cache_dir = cache_dir
        self.workers = workers or min(2, os.cpu_count() or 1)
        self.rendered = 0
        self.cached = 0
        self._done: dict[str, str] = {}
        self._pending: Future[None] | None = None

    def _key(self, spec: dict, lang: Lang) -> str:
        return _spec_hash({"spec": spec, "lang": lang})

    def prepare(self, jobs: list[tuple[dict, Lang]]) -> None:
        """Render every chart not in the cache yet, in parallel when there are many."""
        todo: dict[str, tuple[dict, Lang]] = {}
        for spec, lang in jobs:
            key = self._key(spec, lang)
            cached = self.cache_dir / f"{key}.svg" if self.cache_dir else None
            if key in self._done or key in todo:
                continue
            if cached and cached.is_file():
                self._done[key] = cached.read_text(encoding="utf-8")
                self.cached += 1
            else:
                todo[key] = (spec, lang)
        if len(todo) > 8 and self.workers > 1:
            # "spawn": vl-convert's V8 does not survive being forked from a process that used it.
            with ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
                results = list(pool.map(render_svg, todo.values(), chunksize=4))
        else:
            results = [render_svg(job) for job in todo.values()]
        for key, svg in zip(todo, results, strict=True):
            self._done[key] = svg
            self.rendered += 1
            if self.cache_dir:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                (self.cache_dir / f"{key}.svg").write_text(svg, encoding="utf-8")

    def start(self, jobs: list[tuple[dict, Lang]]) -> None:
        """Begin :meth:`prepare` in the background: the charts render while pages are written."""
        background = ThreadPoolExecutor(max_workers=1)
        self._pending = background.submit(self.prepare, jobs)
        background.shutdown(wait=False)

    def svg(self, spec: dict, lang: Lang) -> str:
        if self._pending is not None:
            self._pending.result()  # waits for the background rendering, or raises its error
        key = self._key(spec, lang)
        if key not in self._done:
            self.prepare([(spec, lang)])
        return self._done[key]


def _base_config() -> dict:
    # aria: false drops Vega's English auto-descriptions; the figure's caption and table
    # carry the meaning in the page's language instead.
    return {
        "aria": False,
        "font": "sans-serif",
        "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": "#1a1a1a", "titleColor": "#1a1a1a"},
        "legend": {"labelFontSize": 13, "titleFontSize": 13},
        "view": {"stroke": None},
        "background": "#ffffff",
    }


def _plain(value: object) -> object:
    """What :func:`json.dumps` cannot write itself, for a chart's fingerprint."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


# Charts made lately, by a fingerprint of what they were made from: building one with Altair
# takes tens of milliseconds, and `portefolje serve` makes them all again on every save.
_made: OrderedDict[str, Chart] = OrderedDict()
_MADE_KEPT = 2000


def forget_made() -> None:
    """Build every chart again on the next call (a cold benchmark run)."""
    _made.clear()


def remembered(function: Callable[..., Chart]) -> Callable[..., Chart]:
    @functools.wraps(function)
    def chart(*args: object, **kwargs: object) -> Chart:
        made = json.dumps([function.__name__, args, kwargs], default=_plain, sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(made.encode("utf-8")).hexdigest()
        if key in _made:
            _made.move_to_end(key)
        else:
            _made[key] = function(*args, **kwargs)
            if len(_made) > _MADE_KEPT:
                _made.popitem(last=False)
        return _made[key]

    return chart


def _spec(chart: alt.TopLevelMixin, datasets: dict[str, list[dict]]) -> dict:
    """The Vega-Lite dict of ``chart``, whose layers name their data; the rows are put in after.
    Handing Altair the rows instead makes it copy and hash every row (most of the time of
    building a chart), to do what this does: gather them under ``datasets``."""
    spec = chart.to_dict(validate=False)
    spec["datasets"] = datasets
    spec["config"] = {**spec.get("config", {}), **_base_config()}
    spec.pop("$schema", None)
    return spec


@remembered
def level_chart(
    path: str,
    attribute: str,
    round_: m.ReportingRound,
    counts: list[tuple[m.Level | None, int]],
    previous: m.ReportingRound | None,
    previous_counts: list[tuple[m.Level | None, int]] | None,
) -> Chart:
    """Initiatives per status (or risk) level in a round, beside the previous round if any."""
    chart = Chart(path)
    series = [(round_, counts)]
    if previous and previous_counts:
        series.insert(0, (previous, previous_counts))
    for lang in i18n.LANGS:
        what = i18n.ui(attribute, lang)
        round_label = {r.id: f"{i18n.ui('as_of', lang)} {i18n.date(r.as_of, lang)}" for r, _ in series}
        values = [
            {
                "round": round_label[r.id],
                "level": i18n.label(level, lang),
                "count": count,
                "colour": LEVEL_COLOURS[level],
                "text": f"{i18n.label(level, lang)}: {count}",
            }
            for r, level_counts in series
            for level, count in level_counts
        ]
        summary = _levels_in_words(what.lower(), round_label[round_.id], counts, lang)
        if previous and previous_counts:
            summary += " " + _levels_in_words(what.lower(), round_label[previous.id], previous_counts, lang)
        base = alt.Chart(alt.NamedData(name="levels")).encode(
            y=alt.Y("level:N", title=None, sort=None),
            x=alt.X("count:Q", title=i18n.ui("count", lang), axis=alt.Axis(tickMinStep=1, format="d")),
        )
        bars = base.mark_bar().encode(color=alt.Color("colour:N", scale=None))
        labels = base.mark_text(align="left", dx=4, fontSize=13, color="#1a1a1a").encode(text=alt.Text("text:N"))
        layered = alt.layer(bars, labels).properties(width=360, height=alt.Step(28))
        facet = layered.facet(row=alt.Row("round:N", title=None, sort=[round_label[r.id] for r, _ in series]))
        spec = _spec(facet.properties(title=f"{what}: {i18n.ui('initiatives', lang).lower()}"), {"levels": values})
        headers = [i18n.ui("round", lang), what, i18n.ui("count", lang)]
        rows = [[round_label[r.id], i18n.label(level, lang), str(count)] for r, lc in series for level, count in lc]
        title = f"{what} {i18n.ui('as_of', lang)} {i18n.date(round_.as_of, lang)}"
        chart.texts[lang] = ChartText(title, summary, headers, rows, spec)
    return chart


def _levels_in_words(what: str, when: str, counts: list[tuple[m.Level | None, int]], lang: Lang) -> str:
    """The finding, most severe first: "Per 30. mars 2023 rapporterte 3 av 16 tiltak status:
    2 rød og 1 gul. 13 rapporterte ikke status." """
    by_level = dict(counts)
    total = sum(by_level.values())
    parts = [f"{by_level[level]} {i18n.label(level, lang)}" for level in m.SEVERITY if by_level.get(level)]
    listed = f" {i18n.ui('and', lang)} ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    sentences = []
    if parts:
        reported = total - by_level.get(None, 0)
        when = when[:1].upper() + when[1:]
        sentences.append(
            i18n.ui("level_summary", lang).format(when=when, reported=reported, total=total, what=what, parts=listed)
        )
    if by_level.get(None):
        sentences.append(i18n.ui("level_unreported", lang).format(n=by_level[None], what=what))
    return " ".join(sentences)


@dataclass
class Bar:
    """One bar: its label per language and its value."""

    label: dict[str, str]
    value: Decimal


@remembered
def bar_chart(
    path: str,
    title: dict[str, str],
    category_header: dict[str, str],
    value_header: dict[str, str],
    bars: list[Bar],
    scope: dict[str, str],
    unit: str = "count",
) -> Chart:
    """Horizontal bars, largest first, each labelled with its value; the summary names the largest."""
    chart = Chart(path)
    bars = sorted(bars, key=lambda b: (-b.value, b.label["nb"]))
    total = sum((b.value for b in bars), Decimal(0))
    for lang in i18n.LANGS:

        def show(value: Decimal, lang: Lang = lang) -> str:
            if unit == "mnok":
                return i18n.money_mnok(value, lang)
            return i18n.number(value, lang, 1) if unit == "score" else i18n.number(value, lang)

        values = [{"label": b.label[lang], "value": float(b.value), "text": show(b.value)} for b in bars]
        base = alt.Chart(alt.NamedData(name="bars")).encode(
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
            x=alt.X("value:Q", title=value_header[lang], axis=alt.Axis(format=",d" if unit == "count" else ",.0f")),
        )
        bars_mark = base.mark_bar(color="#0072B2")
        labels = base.mark_text(align="left", dx=4, fontSize=12, color="#1a1a1a").encode(text=alt.Text("text:N"))
        spec = _spec(
            alt.layer(bars_mark, labels).properties(width=380, height=alt.Step(24), title=title[lang]),
            {"bars": values},
        )
        top = bars[0] if bars else None
        largest = i18n.ui("largest", lang)
        summary = scope[lang] if unit == "score" else f"{scope[lang]} {i18n.ui('total', lang)}: {show(total)}."
        if top:
            summary += f" {largest}: {top.label[lang]} ({show(top.value)})."
        rows = [[b.label[lang], show(b.value)] for b in bars]
        chart.texts[lang] = ChartText(title[lang], summary, [category_header[lang], value_header[lang]], rows, spec)
    return chart


# Phase colours: Okabe–Ito, in value-chain order; the phase is also named in the legend and
# in the table beside every chart.
PHASE_COLOURS = {
    m.Phase.concept: "#CC79A7",
    m.Phase.development: "#E69F00",
    m.Phase.adaptation: "#56B4E9",
    m.Phase.rollout: "#009E73",
    m.Phase.in_use: "#0072B2",
    None: "#BBBBBB",
}


@remembered
def timeline_chart(
    path: str,
    title: dict[str, str],
    activities: list[m.RoadmapActivity],
    as_of: str | None,
    summary: dict[str, str],
) -> Chart:
    """Bars from start to end per activity: colour = phase, dashed outline = tentative, an arrow
    for open-ended periods, diamonds for milestones and a rule for the data's as-of date."""
    chart = Chart(path)
    as_of_date = period_start(as_of) if as_of else None
    first, last = axis_range(activities, as_of_date)
    for lang in i18n.LANGS:
        bars, milestones = [], []
        for number, activity in enumerate(activities, start=1):
            row = f"{number}. {_row_label(activity)}"
            s = span(activity.period)
            if s is not None:
                phase = i18n.label(activity.phase, lang) if activity.phase else i18n.ui("phase_not_stated", lang)
                end = s.end or last
                bars.append(
                    {
                        "row": row,
                        "start": s.start.isoformat(),
                        "end": (end + dt.timedelta(days=1)).isoformat(),
                        "phase": phase,
                        "dash": "tentative" if activity.certainty == m.Certainty.tentative else "planned",
                        "arrow": "→" if s.open_end else "",
                    }
                )
            for milestone in activity.milestones:
                milestones.append(
                    {
                        "row": row,
                        "date": period_start(milestone.date).isoformat(),
                        "text": ("§ " if milestone.legal else "") + i18n.plain(milestone.label, lang)[:40],
                    }
                )
        rows_in_order = [f"{n}. {_row_label(a)}" for n, a in enumerate(activities, start=1)]
        phase_domain = [i18n.label(p, lang) for p in m.Phase] + [i18n.ui("phase_not_stated", lang)]
        phase_range = [PHASE_COLOURS[p] for p in m.Phase] + [PHASE_COLOURS[None]]
        x_scale = alt.Scale(domain=[first.isoformat(), last.isoformat()])
        y = alt.Y("row:N", sort=rows_in_order, title=None, axis=alt.Axis(labelLimit=320))
        layers = [
            alt.Chart(alt.NamedData(name="bars"))
            .mark_bar(stroke="#1a1a1a", strokeWidth=1, height=14)
            .encode(
                x=alt.X("start:T", title=None, scale=x_scale, axis=alt.Axis(format="%Y", tickCount="year")),
                x2=alt.X2("end"),
                y=y,
                color=alt.Color(
                    "phase:N",
                    scale=alt.Scale(domain=phase_domain, range=phase_range),
                    legend=alt.Legend(title=i18n.ui("phase", lang), orient="top", columns=3, labelLimit=260),
                ),
                strokeDash=alt.StrokeDash(
                    "dash:N", scale=alt.Scale(domain=["planned", "tentative"], range=[[1, 0], [4, 3]]), legend=None
                ),
            ),
            alt.Chart(alt.NamedData(name="arrows"))
            .mark_text(align="right", dx=-2, fontSize=14, fontWeight="bold")
            .encode(x=alt.X("end:T", scale=x_scale), y=y, text=alt.Text("arrow:N")),
        ]
        if milestones:
            layers.append(
                alt.Chart(alt.NamedData(name="milestones"))
                .mark_point(shape="diamond", filled=True, size=90, color="#1a1a1a")
                .encode(x=alt.X("date:T", scale=x_scale), y=y)
            )
            layers.append(
                alt.Chart(alt.NamedData(name="milestones"))
                .mark_text(align="left", dx=7, fontSize=11)
                .encode(x=alt.X("date:T", scale=x_scale), y=y, text=alt.Text("text:N"))
            )
        if as_of and as_of_date:
            # As precise as the source: "per august 2025", not a made-up day.
            today = [
                {"date": as_of_date.isoformat(), "text": f"{i18n.ui('as_of', lang)} {i18n.period_point(as_of, lang)}"}
            ]
            layers.append(
                alt.Chart(alt.NamedData(name="as_of"))
                .mark_rule(color="#8a3b00", strokeWidth=2)
                .encode(x=alt.X("date:T", scale=x_scale))
            )
            layers.append(
                alt.Chart(alt.NamedData(name="as_of"))
                .mark_text(align="left", dx=3, dy=-6, fontSize=11, color="#8a3b00", baseline="bottom")
                .encode(x=alt.X("date:T", scale=x_scale), y=alt.value(0), text=alt.Text("text:N"))
            )
        datasets = {"bars": bars, "arrows": [b for b in bars if b["arrow"]], "milestones": milestones}
        if as_of and as_of_date:
            datasets["as_of"] = today
        spec = _spec(alt.layer(*layers).properties(width=520, height=alt.Step(20), title=title[lang]), datasets)
        headers = [i18n.ui(k, lang) for k in ("actor", "service", "what", "period", "phase")]
        rows = [
            [
                i18n.InBokmal(f"{n}. {a.actor}") if a.actor else f"{n}.",
                i18n.InBokmal(a.service or ""),
                i18n.InBokmal(i18n.plain(a.what, lang)) if i18n.is_fallback(a.what, lang) else i18n.plain(a.what, lang),
                period_text(a.period, lang),
                phase_text(a, lang),
            ]
            for n, a in enumerate(activities, start=1)
        ]
        chart.texts[lang] = ChartText(title[lang], summary[lang], headers, rows, spec)
    return chart


def _row_label(activity: m.RoadmapActivity) -> str:
    text = " – ".join(part for part in (activity.actor, activity.service) if part) or activity.id
    return text if len(text) <= 48 else text[:47] + "…"


def phase_text(activity: m.RoadmapActivity, lang: Lang) -> str:
    """The phase and how certain it is, e.g. "Innføring (planlagt)"; empty when the source says neither."""
    phase = i18n.label(activity.phase, lang) if activity.phase else ""
    certainty = f"({i18n.label(activity.certainty, lang)})" if activity.certainty else ""
    return " ".join(part for part in (phase, certainty) if part)


def period_text(period: m.Period, lang: Lang) -> str:
    """The period in words, as precise as the source, with the source's own wording."""
    start = i18n.period_point(period.start, lang)
    if not period.start and period.end:
        words = f"{i18n.ui('until', lang)} {i18n.period_point(period.end, lang)}"
    elif period.open_end:
        words = f"{start} – ({i18n.ui('open_ended', lang)})"
    elif period.end and period.end != period.start:
        words = f"{start} – {i18n.period_point(period.end, lang)}"
    else:
        words = start or i18n.ui("not_stated", lang)
    if period.text and period.text != words:
        words += f" («{period.text}»)"
    return words
