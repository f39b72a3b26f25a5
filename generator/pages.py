"""Which pages the site has, and what each page shows: contexts for the templates.

Every page exists in both languages at the same path. A :class:`Page` is language-neutral
(path, template, context); the templates render it per language.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from generator import accessibility, i18n
from generator import models as m
from generator.accessibility import AccessibilityRecord
from generator.charts import Bar, Chart, bar_chart, level_chart, timeline_chart
from generator.dataset import CaseRef, DataSet
from generator.exports import EXPORTS, Change, case_id, changes
from generator.prioritisation import leaf_criteria, ranking, scores, walk_criteria
from generator.timeline import span
from generator.translations import TranslationReport


@dataclass
class Page:
    """A page at ``path`` (a folder URL like ``tiltak/epj-loftet/``; ``""`` is the home page)."""

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    insert: bool = False
    """Not a page of its own: its Markdown goes into the hand-written page at ``path``, where
    that page has the line ``<!-- portefolje:<template name> -->`` (see :attr:`marker`)."""

    @property
    def marker(self) -> str:
        return f"<!-- portefolje:{self.template.removesuffix('.md.j2')} -->"

    @property
    def source_name(self) -> str:
        """The Markdown file MkDocs reads for this page."""
        return f"{self.path}index.md"

    @property
    def depth(self) -> int:
        """How many folders below the site root the page is (``tiltak/x/`` is 2)."""
        return self.path.count("/")

    def href(self, target: str) -> str:
        """A link from this page to ``target`` (a site path like ``tiltak/x/``), relative so
        that the same page works under ``/`` (bokmål) and ``/nn/`` (nynorsk). It goes up to the
        root and down again, so pages at the same depth share their links (see render.cached)."""
        target, _, anchor = target.partition("#")
        anchor = f"#{anchor}" if anchor else ""
        if target == self.path:
            return anchor or "./"
        return ("../" * self.depth + target + anchor) or "./"


# --- Site paths (the URL scheme) -------------------------------------------------------


def initiative_path(initiative_id: str) -> str:
    return f"tiltak/{initiative_id}/"


def organisation_path(organisation_id: str) -> str:
    return f"aktorer/{organisation_id}/"


def goal_path(goal_id: str) -> str:
    return f"mal/{goal_id}/"


def round_path(round_id: str) -> str:
    return f"portefolje/{round_id}/"


def roadmap_goal_path(goal_id: str) -> str:
    return f"veikart/mal-{goal_id}/"


def activity_path(activity: m.RoadmapActivity) -> str:
    return f"{roadmap_goal_path(activity.goal)}#{activity.id}"


def meeting_path(meeting: m.Meeting) -> str:
    return f"moter/{meeting.body}/{meeting.date.isoformat()}/"


def prioritisation_path(meeting: m.Meeting, prioritisation: m.Prioritisation) -> str:
    return f"{meeting_path(meeting)}{prioritisation.id}/"


def source_path(document_id: str) -> str:
    return f"kilder/{document_id}/"


def source_link(source: m.Source) -> str:
    """Where a source reference leads: the document's page, at the cited lines."""
    return source_path(source.doc) + (f"#{source.anchor}" if source.anchor else "")


def case_path(case: CaseRef) -> str:
    return f"{meeting_path(case.meeting)}{case.item.slug}/"


# --- The page set ----------------------------------------------------------------------


class SiteBuilder:
    """Turns a :class:`DataSet` into the list of pages, with the relations each page shows."""

    def __init__(
        self,
        ds: DataSet,
        today: dt.date | None = None,
        translation_report: TranslationReport | None = None,
        accessibility: AccessibilityRecord | None = None,
        source_texts: dict[str, list[str]] | None = None,
    ) -> None:
        self.ds = ds
        self.today = today or dt.date.today()
        self.translation_report = translation_report
        self.accessibility = accessibility
        self.source_texts = source_texts or {}
        """Document id → the lines of its text (``sources/``), for the source pages."""

    def pages(self) -> list[Page]:
        builders: list[Callable[[], Iterator[Page]]] = [
            self.home,
            self.initiative_pages,
            self.portfolio_pages,
            self.goal_pages,
            self.roadmap_pages,
            self.meeting_pages,
            self.decision_pages,
            self.organisation_pages,
            self.source_pages,
            self.utility_pages,
        ]
        pages = [page for build in builders for page in build()]
        return sorted(pages, key=lambda p: p.path)

    # --- Shared pieces ----------------------------------------------------------------

    def _common(self) -> dict[str, Any]:
        return {"ds": self.ds, "paths": PATHS}

    def status_counts(self, round_id: str, attribute: str) -> list[tuple[m.Level | None, int]]:
        counts = Counter(getattr(s, attribute) for _i, s in self.ds.in_round(round_id))
        order: list[m.Level | None] = [m.Level.green, m.Level.yellow, m.Level.red, None]
        return [(level, counts[level]) for level in order if counts[level]]

    # --- Home -------------------------------------------------------------------------

    def home(self) -> Iterator[Page]:
        latest = self.ds.latest_round
        yield Page("", "home.md.j2", {**self._common(), "latest": latest})

    # --- Initiatives ------------------------------------------------------------------

    def initiative_rows(self) -> list[InitiativeRow]:
        ds = self.ds
        rows = []
        for initiative in ds.initiatives_by_name:
            latest = ds.latest(initiative)
            owner_id = ds.owner_of(initiative)
            goal_ids = sorted(
                {g for g in [initiative.main_goal, *initiative.goals, *(s.goal_area for s in initiative.history)] if g}
            )
            rows.append(
                InitiativeRow(
                    initiative=initiative,
                    latest=latest,
                    owner=ds.organisations.get(owner_id or ""),
                    values={
                        "status": [_level_key(latest.status if latest else None)],
                        "risiko": [_level_key(latest.risk if latest else None)],
                        "livslop": [latest.lifecycle.value if latest and latest.lifecycle else "ikke-rapportert"],
                        "eier": [owner_id or "ikke-oppgitt"],
                        "mal": goal_ids or ["ingen"],
                        "segment": [_slug(latest.segment) if latest and latest.segment else "ikke-rapportert"],
                        "runde": sorted(s.round for s in initiative.history) or ["ingen"],
                    },
                )
            )
        return rows

    def facets(self, rows: list[InitiativeRow]) -> list[Facet]:
        """The filters of the initiative list, with every value that occurs and its count."""
        ds = self.ds
        facets = []
        for key, label_key in FACETS:
            counts = Counter(value for row in rows for value in row.values[key])
            values = [FacetValue(key, value, _facet_label(ds, key, value), n) for value, n in counts.items()]
            facets.append(Facet(key, label_key, sorted(values, key=lambda v: v.sort_key)))
        return facets

    def initiative_pages(self) -> Iterator[Page]:
        ds = self.ds
        rows = self.initiative_rows()
        facets = self.facets(rows)
        common = {**self._common(), "facets": facets}
        yield Page("tiltak/", "initiatives.md.j2", {**common, "rows": rows, "active": None})
        # One page per filter value: the list filtered, readable without JavaScript.
        for facet in facets:
            for value in facet.values:
                matching = [row for row in rows if value.value in row.values[facet.key]]
                yield Page(value.path, "initiatives.md.j2", {**common, "rows": matching, "active": value})

        for initiative in ds.initiatives_by_name:
            history = ds.history(initiative)
            changes = [(new, old) for new, old in itertools.pairwise(history)]
            context = {
                **self._common(),
                "initiative": initiative,
                "owner": ds.organisations.get(ds.owner_of(initiative) or ""),
                "parent": ds.initiatives.get(initiative.parent or ""),
                "children": ds.children.get(initiative.id, []),
                "latest": history[0] if history else None,
                "latest_round": ds.rounds[history[0].round] if history else None,
                "history": history,
                "changes": changes,
                "dependents": ds.dependents.get(initiative.id, []),
                "activities": ds.activities_by_initiative.get(initiative.id, []),
                "cases": ds.cases_by_initiative.get(initiative.id, []),
                "cost_rows": ds.cost_rows_by_initiative.get(initiative.id, []),
                "measures": ds.measures_by_initiative.get(initiative.id, []),
                "goals": [ds.goals[g] for g in _unique([initiative.main_goal, *initiative.goals]) if g],
                "sdgs": [ds.sdgs[s] for s in initiative.sdgs],
                "related": [ds.initiatives[r] for r in initiative.related],
            }
            yield Page(initiative_path(initiative.id), "initiative.md.j2", context)

    # --- Portfolio overview per round -------------------------------------------------

    def portfolio_pages(self) -> Iterator[Page]:
        ds = self.ds
        yield Page("portefolje/", "portfolio.md.j2", {**self._common(), "rounds": list(reversed(ds.rounds_in_order))})
        groups: dict[tuple[str, str], list[Change]] = {}
        for change in changes(ds):
            groups.setdefault((change.from_round, change.to_round), []).append(change)
        ordered = [((ds.rounds[a], ds.rounds[b]), items) for (a, b), items in groups.items()]
        # How many initiatives each report names: the reports do not all name the same ones.
        named = {r.id: len(ds.in_round(r.id)) for r in ds.rounds_in_order}
        context = {**self._common(), "groups": ordered, "named": named}
        yield Page("portefolje/endringer/", "changelog.md.j2", context)
        for round_ in ds.rounds_in_order:
            path = round_path(round_.id)
            previous = ds.previous_round(round_.id)
            members = ds.in_round(round_.id)
            charts = []
            for attribute in ("status", "risk"):
                counts = self.status_counts(round_.id, attribute)
                if counts:
                    before = self.status_counts(previous.id, attribute) if previous else None
                    charts.append(level_chart(f"{path}{attribute}", attribute, round_, counts, previous, before))
            charts.extend(self.round_bar_charts(path, members))
            by_lifecycle = {
                state: [(i, s) for i, s in members if s.lifecycle == state]
                for state in (m.Lifecycle.new, m.Lifecycle.completed, m.Lifecycle.paused)
            }
            dependencies = ds.dependencies_in(round_.id)
            context = {
                **self._common(),
                "round": round_,
                "previous": previous,
                "members": members,
                "by_lifecycle": {k: v for k, v in by_lifecycle.items() if v},
                "red_dependencies": [d for d in dependencies if d.dependency.status == m.Level.red],
                "report": ds.documents[round_.report],
                "charts": charts,
            }
            yield Page(path, "round.md.j2", context, charts)

    def round_bar_charts(self, path: str, members: list[tuple[m.Initiative, m.Snapshot]]) -> list[Chart]:
        """Budget and counts per owner and per strategic area, from the round's snapshots."""
        ds = self.ds
        scope = {lang: i18n.ui("in_data_scope", lang).format(n=len(members)) for lang in i18n.LANGS}
        words = {
            key: {lang: i18n.ui(key, lang) for lang in i18n.LANGS}
            for key in (
                "owner",
                "budget",
                "count",
                "goal",
                "budget_by_owner",
                "budget_by_area",
                "initiatives_by_owner",
                "initiatives_by_goal",
            )
        }
        mnok = {lang: f"{i18n.ui('budget', lang)} ({i18n.ui('mnok', lang)})" for lang in i18n.LANGS}

        def owner_label(initiative: m.Initiative, snapshot: m.Snapshot) -> dict[str, str] | None:
            owner = ds.organisations.get(snapshot.owner or ds.owner_of(initiative) or "")
            return {lang: owner.name for lang in i18n.LANGS} if owner else None

        def area_label(initiative: m.Initiative, snapshot: m.Snapshot) -> dict[str, str] | None:
            goal = ds.goals.get(snapshot.goal_area or initiative.main_goal or "")
            if goal is None:
                return None
            top = ds.goals[goal.parent] if goal.parent else goal
            return {lang: f"{top.number} {i18n.plain(top.title, lang)}" for lang in i18n.LANGS}

        charts = []
        for name, label_of, header in (("eier", owner_label, "owner"), ("mal", area_label, "goal")):
            budgets: dict[str, Decimal] = {}
            counts: Counter[str] = Counter()
            labels: dict[str, dict[str, str]] = {}
            for initiative, snapshot in members:
                label = label_of(initiative, snapshot)
                if label is None:
                    continue
                labels[label["nb"]] = label
                counts[label["nb"]] += 1
                if snapshot.budget_mnok is not None:
                    budgets[label["nb"]] = budgets.get(label["nb"], Decimal(0)) + snapshot.budget_mnok
            count_title = words["initiatives_by_owner" if name == "eier" else "initiatives_by_goal"]
            if counts:
                bars = [Bar(labels[k], Decimal(v)) for k, v in counts.items()]
                charts.append(
                    bar_chart(f"{path}antall-per-{name}", count_title, words[header], words["count"], bars, scope)
                )
            if budgets:
                budget_title = words["budget_by_owner" if name == "eier" else "budget_by_area"]
                bars = [Bar(labels[k], v) for k, v in budgets.items()]
                charts.append(
                    bar_chart(f"{path}budsjett-per-{name}", budget_title, words[header], mnok, bars, scope, "mnok")
                )
        return charts

    # --- Goals ------------------------------------------------------------------------

    def goal_pages(self) -> Iterator[Page]:
        ds = self.ds
        strategies = sorted(ds.strategies.values(), key=lambda s: (not s.current, -s.start_year))
        yield Page("mal/", "goals.md.j2", {**self._common(), "strategies": strategies})
        for goal in ds.goals.values():
            context = {
                **self._common(),
                "goal": goal,
                "strategy": ds.strategies[goal.strategy],
                "parent": ds.goals.get(goal.parent or ""),
                "sub_goals": ds.sub_goals.get(goal.id, []),
                "initiatives": ds.initiatives_by_goal.get(goal.id, []),
                "activities": ds.activities_by_goal.get(goal.id, []),
                "cases": ds.cases_by_goal.get(goal.id, []),
            }
            yield Page(goal_path(goal.id), "goal.md.j2", context)

    # --- Roadmap ----------------------------------------------------------------------

    def roadmap_pages(self) -> Iterator[Page]:
        ds = self.ds
        strategy = ds.current_strategy
        goals = ds.goals_of(strategy.id) if strategy else []
        sets = [
            (source_set, document, ds.documents[document].as_of)
            for source_set, document in ROADMAP_SETS
            if document in ds.documents
        ]
        overview = []
        for goal in goals:
            activities = [a for a in ds.activities_in_order if a.goal == goal.id]
            overview.append((goal, Counter(a.source_set for a in activities)))
        last_year = _last_year(ds)
        years_of = {a.id: _years(a, last_year) for a in ds.activities_in_order}
        years = sorted({y for ys in years_of.values() for y in ys})
        groups = sorted({a.actor_group for a in ds.activities_in_order if a.actor_group})
        common = {**self._common(), "sets": sets, "years": years, "groups": groups}
        context = {**common, "overview": overview, "strategy": strategy}
        yield Page("veikart/", "roadmap.md.j2", context)

        for goal in goals:
            path = roadmap_goal_path(goal.id)
            sections, charts = [], []
            for source_set, _document, as_of in sets:
                activities = [a for a in ds.activities_in_order if a.goal == goal.id and a.source_set == source_set]
                if not activities:
                    continue
                for sub_goal in [*ds.sub_goals.get(goal.id, []), None]:
                    group = [a for a in activities if a.sub_goal == (sub_goal.id if sub_goal else None)]
                    if not group:
                        continue
                    dated = [a for a in group if a.period.start or a.period.end]
                    chart = None
                    if dated:
                        chart = self.timeline(path, goal, sub_goal, source_set, dated, as_of)
                        charts.append(chart)
                    sections.append(
                        {"set": source_set, "sub_goal": sub_goal, "activities": group, "chart": chart, "as_of": as_of}
                    )
            yield Page(path, "roadmap_goal.md.j2", {**common, "goal": goal, "sections": sections}, charts)

        for group in groups:
            activities = [a for a in ds.activities_in_order if a.actor_group == group]
            yield Page(
                f"veikart/aktor/{group}/",
                "roadmap_list.md.j2",
                {**common, "activities": activities, "group": group, "year": None},
            )
        for year in years:
            activities = [a for a in ds.activities_in_order if year in years_of[a.id]]
            yield Page(
                f"veikart/ar/{year}/",
                "roadmap_list.md.j2",
                {**common, "activities": activities, "group": None, "year": year},
            )

    def timeline(
        self,
        path: str,
        goal: m.Goal,
        sub_goal: m.Goal | None,
        source_set: str,
        activities: list[m.RoadmapActivity],
        as_of: str | None,
    ) -> Chart:
        which = sub_goal or goal
        name = f"{path}tidslinje-{source_set}-{which.id}"
        title = {
            lang: f"{i18n.ui('sub_goal' if sub_goal else 'goal', lang)} {which.number}: "
            f"{i18n.ui('roadmap_2024' if source_set == 'tiltak-2024' else 'roadmap_veikart', lang)}"
            for lang in i18n.LANGS
        }
        summary = {}
        for lang in i18n.LANGS:
            open_count = sum(1 for a in activities if a.period.open_end)
            starts = sorted(a.period.start for a in activities if a.period.start)
            text = i18n.count("activities", len(activities), lang)
            if starts:
                first, last = (i18n.period_point(p, lang) for p in (starts[0], starts[-1]))
                text += f", {i18n.ui('start', lang).lower()} {first}–{last}"
            if open_count:
                text += f"; {i18n.count('open_ended', open_count, lang)}"
            summary[lang] = text + ". " + i18n.ui("line_style", lang)
        return timeline_chart(name, title, activities, as_of, summary)

    # --- Meetings and decisions -------------------------------------------------------

    def meeting_pages(self) -> Iterator[Page]:
        ds = self.ds
        upcoming = sorted((mt for mt in ds.meetings.values() if mt.date > self.today), key=lambda mt: mt.date)
        held = [mt for mt in ds.meetings_newest_first if mt.date <= self.today]
        by_body = [
            (
                body,
                [
                    (year, [mt for mt in held if mt.body == body.id and mt.date.year == year])
                    for year in sorted({mt.date.year for mt in held if mt.body == body.id}, reverse=True)
                ],
            )
            for body in ds.bodies.values()
        ]
        context = {**self._common(), "upcoming": upcoming, "by_body": [(b, ys) for b, ys in by_body if ys]}
        yield Page("moter/", "meetings.md.j2", context)
        for meeting in ds.meetings_newest_first:
            previous, following = ds.neighbours(meeting)
            context = {
                **self._common(),
                "meeting": meeting,
                "body": ds.bodies[meeting.body],
                "previous": previous,
                "following": following,
                "cases": [CaseRef(meeting, item) for item in meeting.agenda],
                "prioritisations": [p for p in ds.prioritisations.values() if p.meeting == meeting.id],
            }
            yield Page(meeting_path(meeting), "meeting.md.j2", context)
            for prioritisation in context["prioritisations"]:
                yield self.prioritisation_page(meeting, prioritisation)
            for item in meeting.agenda:
                case = CaseRef(meeting, item)
                context = {
                    **self._common(),
                    "case": case,
                    "meeting": meeting,
                    "body": ds.bodies[meeting.body],
                    "item": item,
                    "initiatives": [ds.initiatives[i] for i in item.initiatives],
                    "goals": [ds.goals[g] for g in item.goals],
                    "related": ds.related_to(case),
                    "case_key": case_id(case),
                }
                yield Page(case_path(case), "case.md.j2", context)

    def prioritisation_page(self, meeting: m.Meeting, prioritisation: m.Prioritisation) -> Page:
        path = prioritisation_path(meeting, prioritisation)
        ranked = ranking(prioritisation)
        leaves = list(leaf_criteria(prioritisation.criteria))
        groups = [c for c in walk_criteria(prioritisation.criteria) if c.children]
        rows = [
            {"measure": r.measure, "rank": r.rank, "tied": r.tied, "scores": scores(prioritisation, r.measure)}
            for r in ranked
        ]
        unranked = [
            {"measure": mm, "scores": scores(prioritisation, mm)} for mm in prioritisation.measures if not mm.ranked
        ]
        words = {key: {lang: i18n.ui(key, lang) for lang in i18n.LANGS} for key in ("measure", "score")}
        title = {lang: i18n.plain(prioritisation.title, lang) for lang in i18n.LANGS}
        scope = {lang: i18n.ui("prioritisation_scope", lang).format(n=len(ranked)) for lang in i18n.LANGS}
        bars = [Bar({lang: r.measure.name for lang in i18n.LANGS}, r.total) for r in ranked]
        chart = bar_chart(f"{path}poengsum", title, words["measure"], words["score"], bars, scope, "score")
        context = {
            **self._common(),
            "meeting": meeting,
            "prioritisation": prioritisation,
            "rows": rows,
            "unranked": unranked,
            "leaves": leaves,
            "groups": groups,
            "chart": chart,
        }
        return Page(path, "prioritisation.md.j2", context, [chart])

    def decision_pages(self) -> Iterator[Page]:
        """All decisions, and one page per filter value (body, year, state, initiative)."""
        ds = self.ds
        cases = [c for c in ds.cases if c.item.proposed_decision or c.item.adopted_decision]
        values = {
            c.key: {
                "organ": [c.meeting.body],
                "ar": [str(c.meeting.date.year)],
                "status": [c.item.effective_state.value] if c.item.effective_state else [],
                "tiltak": list(c.item.initiatives),
            }
            for c in cases
        }
        labels: dict[str, Callable[[str], Any]] = {
            "organ": lambda v: ds.bodies[v].name,
            "ar": lambda v: v,
            "status": lambda v: m.DecisionState(v),
            "tiltak": lambda v: ds.initiatives[v].name,
        }
        facets = []
        for key, label_key in DECISION_FACETS:
            counts = Counter(v for c in cases for v in values[c.key][key])
            options = [DecisionFilter(key, v, labels[key](v), n) for v, n in sorted(counts.items())]
            facets.append(Facet(key, label_key, options))  # type: ignore[arg-type]
        common = self._common()
        yield Page("vedtak/", "decisions.md.j2", {**common, "facets": facets, "cases": cases, "active": None})
        for facet in facets:
            for option in facet.values:
                matching = [c for c in cases if option.value in values[c.key][facet.key]]
                shown = [f if len(f.values) <= FACET_LIMIT else f.only(option) for f in facets]
                yield Page(
                    option.path, "decisions.md.j2", {**common, "facets": shown, "cases": matching, "active": option}
                )

    # --- Organisations ----------------------------------------------------------------

    def organisation_pages(self) -> Iterator[Page]:
        ds = self.ds
        organisations = sorted(ds.organisations.values(), key=lambda o: o.name.casefold())
        yield Page("aktorer/", "organisations.md.j2", {**self._common(), "organisations": organisations})
        for organisation in organisations:
            owned = ds.initiatives_by_owner.get(organisation.id, [])
            latest = [(i, ds.latest(i)) for i in owned]
            statuses = Counter(s.status if s else None for _i, s in latest)
            budget_round = ds.latest_round
            budgets = [
                s.budget_mnok
                for _i, s in latest
                if s and budget_round and s.round == budget_round.id and s.budget_mnok is not None
            ]
            context = {
                **self._common(),
                "organisation": organisation,
                "owned": latest,
                "totals": {
                    "status": [
                        (level, statuses[level])
                        for level in (m.Level.green, m.Level.yellow, m.Level.red, None)
                        if statuses[level]
                    ],
                    "budget": sum(budgets, Decimal(0)) if budgets else None,
                    "budget_round": budget_round,
                },
                "meetings": ds.meetings_by_presenter_org.get(organisation.id, []),
            }
            yield Page(organisation_path(organisation.id), "organisation.md.j2", context)

    # --- Source documents ---------------------------------------------------------------

    def source_pages(self) -> Iterator[Page]:
        """One page per source document with its whole text, every line addressable (#L42),
        and an anchor for each range the data cites (#L42-L44), so a link lands on it."""
        ds = self.ds
        yield Page("kilder/", "sources.md.j2", {**self._common(), "documents": ds.documents_by_date})
        for doc in ds.documents.values():
            lines = self.source_texts.get(doc.id)
            if lines is None:
                continue
            starts: dict[int, list[str]] = {}
            for first, last in sorted(ds.cited_ranges.get(doc.id, ())):
                if first != last:
                    starts.setdefault(first, []).append(f"L{first}-L{last}")
            numbered = [SourceLine(n, text, starts.get(n, [])) for n, text in enumerate(lines, start=1)]
            context = {
                **self._common(),
                "doc": doc,
                "publisher": ds.organisations.get(doc.publisher or ""),
                "lines": numbered,
            }
            yield Page(source_path(doc.id), "source.md.j2", context)

    # --- Search and open data ---------------------------------------------------------

    def abbreviation_rows(self) -> list[AbbreviationRow]:
        """Every abbreviation the pages explain: the abbreviation files, and the short names of
        organisations (linked to their pages) and bodies."""
        ds = self.ds
        known = ds.glossary("nb")
        rows: dict[str, AbbreviationRow] = {}
        for owner in ds.organisations.values():
            if owner.short_name in known:
                rows[owner.short_name] = AbbreviationRow(owner.short_name, organisation=owner)
        for body in ds.bodies.values():
            if body.short_name in known:
                rows[body.short_name] = AbbreviationRow(body.short_name, body=body)
        for a in ds.abbreviations.values():
            rows[a.abbreviation] = AbbreviationRow(a.abbreviation, entry=a)
        return [rows[key] for key in sorted(rows, key=str.casefold)]

    def utility_pages(self) -> Iterator[Page]:
        yield Page("sok/", "search.md.j2", self._common())
        # The abbreviations, defined on the hand-written definitions page.
        abbreviations = {**self._common(), "abbreviations": self.abbreviation_rows()}
        yield Page("begreper/", "abbreviations.md.j2", abbreviations, insert=True)
        yield Page("data/", "data.md.j2", {**self._common(), "kinds": sorted(m.KINDS), "exports": EXPORTS})
        record = self.accessibility or AccessibilityRecord([])
        contact = {"publisher": self.ds.publisher.name, "settings": self.ds.site}
        context = {**self._common(), "record": record, "contact": contact, "methods": accessibility.AUTOMATED}
        yield Page("tilgjengelighet/", "statement.md.j2", context)
        if self.translation_report is not None:
            # For editors: linked from the translators' guide, not from the navigation.
            yield Page("om/oversettelser/", "translations.md.j2", {**self._common(), "report": self.translation_report})


# Roadmap source sets and the document each comes from (its as-of date is the "today" line).
ROADMAP_SETS = [("veikart", "veikart-nasjonal-ehelsestrategi"), ("tiltak-2024", "portefoljerapport-2023-05")]


def _years(activity: m.RoadmapActivity, last_year: int) -> list[int]:
    """The years an activity's period touches; open-ended periods run to the last year in the data."""
    s = span(activity.period)
    if s is None:
        return []
    last = s.end.year if s.end else max(last_year, s.start.year)
    return list(range(s.start.year, last + 1))


def _last_year(ds: DataSet) -> int:
    ends = [span(a.period) for a in ds.roadmap.values()]
    return max((e.end.year for e in ends if e and e.end), default=2030)


FACETS: list[tuple[str, str]] = [
    ("status", "status"),
    ("risiko", "risk"),
    ("livslop", "lifecycle"),
    ("eier", "owner"),
    ("mal", "goals"),
    ("segment", "segment"),
    ("runde", "round"),
]


@dataclass
class SourceLine:
    n: int
    text: str
    anchors: list[str]
    """Ids of the cited ranges that start on this line (``L42-L44``)."""


@dataclass
class AbbreviationRow:
    """A row of the abbreviations table: from an abbreviation file, or an organisation's or a
    body's short name."""

    abbreviation: str
    entry: m.Abbreviation | None = None
    organisation: m.Organisation | None = None
    body: m.Body | None = None


@dataclass
class InitiativeRow:
    initiative: m.Initiative
    latest: m.Snapshot | None
    owner: m.Organisation | None
    values: dict[str, list[str]]
    """Facet key → the row's value keys (several for goals and rounds)."""

    @property
    def key(self) -> str:
        return self.initiative.id

    @property
    def severity(self) -> dict[str, str]:
        """Sort keys of the status and risk columns: red first, not reported last (the list's
        script sorts by ``data-sort``; the words would sort alphabetically)."""
        latest = self.latest
        return {
            "status": severity_key(latest.status if latest else None),
            "risk": severity_key(latest.risk if latest else None),
        }

    def data_attributes(self) -> Markup:
        """``data-status="gul" data-eier="…"``: what the list's script filters on."""
        return Markup(" ").join(
            Markup('data-{}="{}"').format(key, " ".join(values)) for key, values in self.values.items()
        )


@dataclass
class FacetValue:
    facet: str
    value: str
    label: Any
    """A :class:`Text`, an enum or a plain string; the template shows it in the page's language."""
    count: int

    @property
    def path(self) -> str:
        return f"tiltak/{self.facet}/{self.value}/"

    @property
    def sort_key(self) -> tuple:
        order = ["gronn", "gul", "rod", "aktiv", "ny", "planlagt", "pause", "avsluttet"]
        missing = self.value in ("ikke-rapportert", "ikke-oppgitt", "ingen")
        return (missing, order.index(self.value) if self.value in order else 99, _natural(self.value))


@dataclass
class DecisionFilter(FacetValue):
    @property
    def path(self) -> str:
        return f"vedtak/{self.facet}/{self.value}/"


DECISION_FACETS = [("organ", "body"), ("ar", "year"), ("status", "decision_state"), ("tiltak", "initiatives")]


# A filter page lists at most this many choices of a facet; a longer facet (decisions by
# initiative grows with the portfolio) is listed in full only on the list's main page, since
# listing every choice on every one of its own filter pages would grow with the square.
FACET_LIMIT = 40


@dataclass
class Facet:
    key: str
    label_key: str
    values: list[FacetValue]
    all_count: int | None = None
    """Set when only some values are listed: how many there are on the main page."""

    @property
    def anchor(self) -> str:
        return f"filter-{self.key}"

    def only(self, active: FacetValue) -> Facet:
        """This facet with just the active value (if it is one of them), pointing to the rest."""
        kept = [v for v in self.values if v.path == active.path]
        return Facet(self.key, self.label_key, kept, all_count=len(self.values))


LEVEL_KEYS = {m.Level.green: "gronn", m.Level.yellow: "gul", m.Level.red: "rod"}


def severity_key(level: m.Level | None) -> str:
    """"1" for red … "3" for green, "4" when not reported."""
    return str(m.SEVERITY.index(level) + 1 if level else len(m.SEVERITY) + 1)


def _level_key(level: m.Level | None) -> str:
    return LEVEL_KEYS[level] if level else "ikke-rapportert"


def _slug(text: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    out = "".join(c if c.isalnum() else "-" for c in text.translate(table).lower())
    return "-".join(part for part in out.split("-") if part)


def _natural(value: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in value.split("-"))


def _facet_label(ds: DataSet, key: str, value: str) -> Any:
    """What a filter value is called; enums and texts are translated by the template."""
    if value in ("ikke-rapportert", "ikke-oppgitt", "ingen"):
        return m.Text(
            nb={"ikke-rapportert": "ikke rapportert", "ikke-oppgitt": "ikke oppgitt", "ingen": "ingen"}[value],
            nn={"ikke-rapportert": "ikkje rapportert", "ikke-oppgitt": "ikkje oppgitt", "ingen": "ingen"}[value],
        )
    if key in ("status", "risiko"):
        return next(level for level, k in LEVEL_KEYS.items() if k == value)
    if key == "livslop":
        return m.Lifecycle(value)
    if key == "eier":
        return ds.organisations[value].name
    if key == "mal":
        goal = ds.goals[value]
        return m.Text(
            nb=f"{goal.number}: {goal.title.nb}", nn=f"{goal.number}: {goal.title.nn}" if goal.title.nn else None
        )
    if key == "runde":
        return ds.rounds[value].title
    if key == "segment":
        return next(
            s.segment for i in ds.initiatives.values() for s in i.history if s.segment and _slug(s.segment) == value
        )
    return value


class _Paths:
    """Site paths, for templates (``paths.initiative(id)``)."""

    initiative = staticmethod(initiative_path)
    organisation = staticmethod(organisation_path)
    goal = staticmethod(goal_path)
    round = staticmethod(round_path)
    meeting = staticmethod(meeting_path)
    case = staticmethod(case_path)
    case_of = staticmethod(lambda meeting, item: case_path(CaseRef(meeting, item)))
    prioritisation = staticmethod(prioritisation_path)
    activity = staticmethod(activity_path)
    roadmap_goal = staticmethod(roadmap_goal_path)
    source = staticmethod(source_path)
    source_link = staticmethod(source_link)


PATHS = _Paths()


def _unique(items: list[str | None]) -> list[str | None]:
    return list(dict.fromkeys(items))
