"""The validated data as one object, with the relations pages need computed once.

Built only from data that passed :mod:`generator.validate`, so every reference resolves.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import BaseModel

from generator import i18n
from generator import models as m
from generator.load import LoadResult


@dataclass(frozen=True)
class DependencyLink:
    """A dependency as reported by ``initiative`` in ``snapshot``."""

    initiative: m.Initiative
    snapshot: m.Snapshot
    dependency: m.Dependency


@dataclass(frozen=True)
class CaseRef:
    """An agenda item together with the meeting it belongs to."""

    meeting: m.Meeting
    item: m.AgendaItem

    @property
    def key(self) -> str:
        return f"{self.meeting.body}-{self.item.slug}"


@dataclass
class DataSet:
    documents: dict[str, m.Document] = field(default_factory=dict)
    organisations: dict[str, m.Organisation] = field(default_factory=dict)
    bodies: dict[str, m.Body] = field(default_factory=dict)
    strategies: dict[str, m.Strategy] = field(default_factory=dict)
    goals: dict[str, m.Goal] = field(default_factory=dict)
    sdgs: dict[str, m.Sdg] = field(default_factory=dict)
    rounds: dict[str, m.ReportingRound] = field(default_factory=dict)
    initiatives: dict[str, m.Initiative] = field(default_factory=dict)
    roadmap: dict[str, m.RoadmapActivity] = field(default_factory=dict)
    meetings: dict[str, m.Meeting] = field(default_factory=dict)
    prioritisations: dict[str, m.Prioritisation] = field(default_factory=dict)
    abbreviations: dict[str, m.Abbreviation] = field(default_factory=dict)
    settings: dict[str, m.SiteSettings] = field(default_factory=dict)

    @property
    def site(self) -> m.SiteSettings:
        """The site's settings (validation makes sure ``data/settings/site.yaml`` exists)."""
        return self.settings["site"]

    @property
    def publisher(self) -> m.Organisation:
        """The organisation that publishes the site (its settings name it; validation checks it)."""
        return self.organisations[self.site.publisher]

    def glossary(self, lang: str) -> dict[str, tuple[str, str | None]]:
        """Abbreviation → (what it stands for in ``lang``, the language of that text if it is
        not the page's): the abbreviation files, and the short names of organisations and
        bodies that are abbreviations (HOD: Helse- og omsorgsdepartementet)."""
        named: dict[str, tuple[str, str | None]] = {}
        for owner in [*self.organisations.values(), *self.bodies.values()]:
            short = owner.short_name or ""
            if re.fullmatch(r"[A-ZÆØÅ][A-Za-zÆØÅæøå-]{1,9}", short) and sum(c.isupper() for c in short) >= 2:
                name = owner.name if isinstance(owner.name, str) else i18n.plain(owner.name, lang)
                named[short] = (name, None)
        for a in self.abbreviations.values():
            fallback = i18n.is_fallback(a.expansion, lang)
            named[a.abbreviation] = (i18n.plain(a.expansion, lang), a.language or ("nb" if fallback else None))
        return dict(sorted(named.items()))

    @cached_property
    def cited_ranges(self) -> dict[str, set[tuple[int, int]]]:
        """Document id → every line range the data cites in it (first, last): the anchors its
        page needs, so that a link to a range lands on it even without script."""
        cited: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for kind in m.KINDS:
            for record in getattr(self, kind).values():
                for source in _sources_in(record):
                    if source.span:
                        cited[source.doc].add(source.span)
        return dict(cited)

    def public_url(self, lang: str) -> str | None:
        """The language's public address (nynorsk under nn/), when the settings give one."""
        root = self.site.site_url
        if root is None:
            return None
        root = root.rstrip("/") + "/"
        return root if lang == "nb" else f"{root}nn/"

    @cached_property
    def documents_by_date(self) -> list[m.Document]:
        """Oldest first, by the date each states, as precise as it states it (undated first)."""
        return sorted(self.documents.values(), key=lambda d: d.dated or "")

    @property
    def newest_source(self) -> str | None:
        """The date of the newest source document ("2025-08", "2024-03-15"): how current the
        site's facts can be. From the data, not the clock, so that builds of the same data are
        identical."""
        return self.documents_by_date[-1].dated if self.documents else None

    @classmethod
    def from_load(cls, result: LoadResult) -> DataSet:
        kinds = {
            kind: {key: rec.model for key, rec in sorted(records.items())} for kind, records in result.records.items()
        }
        return cls(**kinds)

    # --- Rounds and snapshots ---------------------------------------------------------

    @cached_property
    def rounds_in_order(self) -> list[m.ReportingRound]:
        """Oldest first."""
        return sorted(self.rounds.values(), key=lambda r: r.as_of)

    @cached_property
    def latest_round(self) -> m.ReportingRound | None:
        return self.rounds_in_order[-1] if self.rounds else None

    def previous_round(self, round_id: str) -> m.ReportingRound | None:
        order = [r.id for r in self.rounds_in_order]
        index = order.index(round_id)
        return self.rounds_in_order[index - 1] if index > 0 else None

    @cached_property
    def _histories(self) -> dict[str, list[m.Snapshot]]:
        order = {r.id: r.as_of for r in self.rounds.values()}
        return {i.id: sorted(i.history, key=lambda s: order[s.round], reverse=True) for i in self.initiatives.values()}

    def history(self, initiative: m.Initiative) -> list[m.Snapshot]:
        """Snapshots newest first (sorted once; pages ask for this many times)."""
        return self._histories[initiative.id]

    def latest(self, initiative: m.Initiative) -> m.Snapshot | None:
        history = self.history(initiative)
        return history[0] if history else None

    def snapshot_in(self, initiative: m.Initiative, round_id: str) -> m.Snapshot | None:
        return next((s for s in initiative.history if s.round == round_id), None)

    def owner_of(self, initiative: m.Initiative) -> str | None:
        latest = self.latest(initiative)
        return initiative.owner or (latest.owner if latest else None)

    @cached_property
    def initiatives_by_name(self) -> list[m.Initiative]:
        return sorted(self.initiatives.values(), key=lambda i: (i.name.casefold(), i.id))

    def in_round(self, round_id: str) -> list[tuple[m.Initiative, m.Snapshot]]:
        return [(i, s) for i in self.initiatives_by_name if (s := self.snapshot_in(i, round_id))]

    # --- Relations between initiatives -------------------------------------------------

    @cached_property
    def children(self) -> dict[str, list[m.Initiative]]:
        out: dict[str, list[m.Initiative]] = defaultdict(list)
        for initiative in self.initiatives_by_name:
            if initiative.parent:
                out[initiative.parent].append(initiative)
        return out

    @cached_property
    def dependents(self) -> dict[str, list[DependencyLink]]:
        """Counterpart initiative id → the dependencies others report on it."""
        out: dict[str, list[DependencyLink]] = defaultdict(list)
        for initiative in self.initiatives_by_name:
            for snapshot in initiative.history:
                for dependency in snapshot.dependencies:
                    if dependency.counterpart_initiative:
                        out[dependency.counterpart_initiative].append(DependencyLink(initiative, snapshot, dependency))
        return out

    def dependencies_in(self, round_id: str) -> list[DependencyLink]:
        return [DependencyLink(i, s, d) for i, s in self.in_round(round_id) for d in s.dependencies]

    @cached_property
    def initiatives_by_owner(self) -> dict[str, list[m.Initiative]]:
        out: dict[str, list[m.Initiative]] = defaultdict(list)
        for initiative in self.initiatives_by_name:
            owner = self.owner_of(initiative)
            if owner:
                out[owner].append(initiative)
        return out

    # --- Goals ------------------------------------------------------------------------

    def goals_of(self, strategy_id: str) -> list[m.Goal]:
        return sorted(
            (g for g in self.goals.values() if g.strategy == strategy_id and g.level == m.GoalLevel.goal),
            key=_goal_order,
        )

    @cached_property
    def sub_goals(self) -> dict[str, list[m.Goal]]:
        out: dict[str, list[m.Goal]] = defaultdict(list)
        for goal in sorted(self.goals.values(), key=_goal_order):
            if goal.parent:
                out[goal.parent].append(goal)
        return out

    @cached_property
    def initiatives_by_goal(self) -> dict[str, list[m.Initiative]]:
        out: dict[str, list[m.Initiative]] = defaultdict(list)
        for initiative in self.initiatives_by_name:
            ids = set(initiative.goals) | {initiative.main_goal} | {s.goal_area for s in initiative.history}
            ids.discard(None)
            # A sub-goal's initiatives count for its parent goal too (once each).
            ids |= {parent for i in ids if (parent := self.goals[i].parent)}
            for goal_id in sorted(ids):
                out[goal_id].append(initiative)
        return out

    @cached_property
    def current_strategy(self) -> m.Strategy | None:
        return next((s for s in self.strategies.values() if s.current), None)

    # --- Roadmap ----------------------------------------------------------------------

    @cached_property
    def activities_in_order(self) -> list[m.RoadmapActivity]:
        return sorted(self.roadmap.values(), key=lambda a: (a.source_set, _goal_key(a.goal), a.id))

    @cached_property
    def activities_by_initiative(self) -> dict[str, list[m.RoadmapActivity]]:
        out: dict[str, list[m.RoadmapActivity]] = defaultdict(list)
        for activity in self.activities_in_order:
            for initiative_id in activity.initiatives:
                out[initiative_id].append(activity)
        return out

    @cached_property
    def activities_by_goal(self) -> dict[str, list[m.RoadmapActivity]]:
        out: dict[str, list[m.RoadmapActivity]] = defaultdict(list)
        for activity in self.activities_in_order:
            out[activity.goal].append(activity)
            if activity.sub_goal:
                out[activity.sub_goal].append(activity)
        return out

    # --- Meetings and cases -----------------------------------------------------------

    @cached_property
    def meetings_newest_first(self) -> list[m.Meeting]:
        return sorted(self.meetings.values(), key=lambda mt: (mt.date, mt.body), reverse=True)

    @cached_property
    def _meetings_by_body(self) -> dict[str, list[m.Meeting]]:
        out: dict[str, list[m.Meeting]] = defaultdict(list)
        for meeting in sorted(self.meetings.values(), key=lambda mt: (mt.date, mt.id)):
            out[meeting.body].append(meeting)
        return out

    def meetings_of(self, body_id: str) -> list[m.Meeting]:
        """Oldest first (grouped once; every meeting page asks for its neighbours)."""
        return self._meetings_by_body.get(body_id, [])

    def neighbours(self, meeting: m.Meeting) -> tuple[m.Meeting | None, m.Meeting | None]:
        same_body = self.meetings_of(meeting.body)
        index = same_body.index(meeting)
        previous = same_body[index - 1] if index > 0 else None
        following = same_body[index + 1] if index + 1 < len(same_body) else None
        return previous, following

    @cached_property
    def cases(self) -> list[CaseRef]:
        return [CaseRef(mt, item) for mt in self.meetings_newest_first for item in mt.agenda]

    def _cases_by(self, field: str) -> dict[str, list[CaseRef]]:
        """Cases indexed by each id in one of their list fields (initiatives, goals, related_items)."""
        out: dict[str, list[CaseRef]] = defaultdict(list)
        for case in self.cases:
            for key in getattr(case.item, field):
                out[key].append(case)
        return out

    @cached_property
    def cases_by_initiative(self) -> dict[str, list[CaseRef]]:
        return self._cases_by("initiatives")

    @cached_property
    def cases_by_goal(self) -> dict[str, list[CaseRef]]:
        return self._cases_by("goals")

    @cached_property
    def referenced_by(self) -> dict[str, list[CaseRef]]:
        """A case (``meeting#slug``) or meeting id → the cases that name it as related."""
        return self._cases_by("related_items")

    def related_to(self, case: CaseRef) -> list[tuple[m.Meeting, m.AgendaItem | None]]:
        """Cases and meetings related to ``case``, named on either side, oldest first."""
        found: dict[str, tuple[m.Meeting, m.AgendaItem | None]] = {}
        for reference in case.item.related_items:
            meeting_id, _, slug = reference.partition("#")
            meeting = self.meetings[meeting_id]
            item = next((i for i in meeting.agenda if i.slug == slug), None) if slug else None
            found[reference] = (meeting, item)
        me = f"{case.meeting.id}#{case.item.slug}"
        for other in self.referenced_by.get(me, []) + self.referenced_by.get(case.meeting.id, []):
            found.setdefault(f"{other.meeting.id}#{other.item.slug}", (other.meeting, other.item))
        found.pop(me, None)
        return sorted(found.values(), key=lambda mi: (mi[0].date, mi[1].sequence if mi[1] else 0))

    @cached_property
    def meetings_by_presenter_org(self) -> dict[str, list[m.Meeting]]:
        out: dict[str, list[m.Meeting]] = defaultdict(list)
        for meeting in self.meetings_newest_first:
            orgs = {p.organisation for item in meeting.agenda for p in item.presenters if p.organisation}
            for org in sorted(orgs):
                out[org].append(meeting)
        return out

    # --- Costs and prioritisation -----------------------------------------------------

    @cached_property
    def cost_rows_by_initiative(self) -> dict[str, list[tuple[m.ReportingRound, m.CostRow]]]:
        out: dict[str, list[tuple[m.ReportingRound, m.CostRow]]] = defaultdict(list)
        for round_ in self.rounds_in_order:
            if round_.cost_table:
                for row in round_.cost_table.rows:
                    if row.initiative:
                        out[row.initiative].append((round_, row))
        return out

    @cached_property
    def measures_by_initiative(self) -> dict[str, list[tuple[m.Prioritisation, m.Measure]]]:
        out: dict[str, list[tuple[m.Prioritisation, m.Measure]]] = defaultdict(list)
        for prioritisation in self.prioritisations.values():
            for measure in prioritisation.measures:
                for initiative_id in measure.initiatives:
                    out[initiative_id].append((prioritisation, measure))
        return out


def _goal_key(goal_id: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in goal_id.split("-"))


def _goal_order(goal: m.Goal) -> tuple:
    return (goal.strategy, _goal_key(goal.id))


def _sources_in(obj: object) -> Iterator[m.Source]:
    """Every source cited anywhere in ``obj`` (a model, a list of them), depth first."""
    if isinstance(obj, m.Source):
        yield obj
    elif isinstance(obj, BaseModel):
        for name, _wanted, _within in m.walk_plan(type(obj), _is_sources):
            value = getattr(obj, name)
            if value is not None:
                yield from _sources_in(value)
    elif isinstance(obj, list):
        for item in obj:
            yield from _sources_in(item)


def _is_sources(_model: type[BaseModel], name: str, _annotation: object) -> bool:
    return name == "sources"
