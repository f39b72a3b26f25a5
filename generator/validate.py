"""Cross-reference checks: every id a file names must exist, and the council's rules must hold.

Runs after :mod:`generator.load` has turned each file into a model; works on the records so
that each problem points at the file and line where the bad reference is written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.load import Issue, LoadResult, Record
from generator.models import DecisionState, GoalLevel, walk_plan
from generator.prioritisation import leaf_criteria

# Field name → the kind of entity its value names. Applied wherever the field occurs.
REFERENCE_FIELDS: dict[str, str] = {
    "publisher": "organisations",
    "secretariat": "organisations",
    "owner": "organisations",
    "organisation": "organisations",
    "organiser": "organisations",
    "counterpart_organisation": "organisations",
    "actor_organisations": "organisations",
    "strategy": "strategies",
    "goals": "goals",
    "main_goal": "goals",
    "goal_area": "goals",
    "goal": "goals",
    "sub_goal": "goals",
    "sdgs": "sdgs",
    "round": "rounds",
    "initiative": "initiatives",
    "initiatives": "initiatives",
    "counterpart_initiative": "initiatives",
    "related": "initiatives",
    "body": "bodies",
    "meeting": "meetings",
    "report": "documents",
    "document": "documents",
    "doc": "documents",
}

# Fields whose meaning depends on the model they are in.
CONTEXT_FIELDS = {("Goal", "parent"): "goals", ("Initiative", "parent"): "initiatives"}

KIND_WORDS = {
    "organisations": "organisation (data/organisations/)",
    "strategies": "strategy (data/strategies/)",
    "goals": "goal (data/goals/)",
    "sdgs": "sustainable development goal (data/sdgs/)",
    "rounds": "reporting round (data/rounds/)",
    "initiatives": "initiative (data/initiatives/)",
    "bodies": "body (data/bodies/)",
    "meetings": "meeting (data/meetings/)",
    "documents": "document (data/documents/)",
}


def _walk(obj: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str, Any, str]]:
    """Yield (location, field name, value, owning model name) for every field that names
    another entity or lists sources, depth first."""
    if isinstance(obj, BaseModel):
        for name, wanted, within in walk_plan(type(obj), _names_or_sources):
            value = getattr(obj, name)
            if wanted:
                yield (*loc, name), name, value, type(obj).__name__
            if within and value is not None:
                yield from _walk(value, (*loc, name))
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from _walk(item, (*loc, index))


def _names_or_sources(model: type[BaseModel], name: str, _annotation: object) -> bool:
    return name in REFERENCE_FIELDS or name == "sources" or (model.__name__, name) in CONTEXT_FIELDS


def check_references(result: LoadResult) -> list[Issue]:
    issues: list[Issue] = []
    # An id whose file exists but failed to load is already reported there; don't repeat it.
    ids = {kind: set(records) | result.failed.get(kind, set()) for kind, records in result.records.items()}
    for records in result.records.values():
        for record in records.values():
            for loc, name, value, owner in _walk(record.model):
                kind = CONTEXT_FIELDS.get((owner, name)) or REFERENCE_FIELDS.get(name)
                if kind is None or value is None or isinstance(value, BaseModel):
                    continue
                values = value if isinstance(value, list) else [value]
                for index, item in enumerate(values):
                    if not isinstance(item, str):
                        continue
                    if item not in ids[kind]:
                        item_loc = (*loc, index) if isinstance(value, list) else loc
                        issues.append(
                            record.issue(item_loc, f"names {item!r}, but there is no such {KIND_WORDS[kind]}")
                        )
    return issues


def check_goal_tree(result: LoadResult) -> list[Issue]:
    issues: list[Issue] = []
    goals = result.records["goals"]
    for record in goals.values():
        goal = record.model
        parent = goals.get(goal.parent) if goal.parent else None
        if parent is None:
            continue
        if parent.model.level != GoalLevel.goal:
            issues.append(record.issue(("parent",), f"names {goal.parent!r}, which is a sub-goal; it must be a goal"))
        if parent.model.strategy != goal.strategy:
            issues.append(record.issue(("parent",), f"names {goal.parent!r}, which belongs to another strategy"))
    for record in result.records["roadmap"].values():
        activity = record.model
        sub = goals.get(activity.sub_goal) if activity.sub_goal else None
        if sub is not None and sub.model.parent != activity.goal:
            issues.append(
                record.issue(("sub_goal",), f"{activity.sub_goal!r} is not a sub-goal of goal {activity.goal!r}")
            )
    return issues


def check_initiative_tree(result: LoadResult) -> list[Issue]:
    """A parent chain must end: an initiative cannot be its own ancestor."""
    issues: list[Issue] = []
    initiatives = result.records["initiatives"]
    for record in initiatives.values():
        seen = {record.model.id}
        parent = record.model.parent
        while parent and parent in initiatives:
            if parent in seen:
                issues.append(record.issue(("parent",), "makes a loop: an initiative cannot be its own parent"))
                break
            seen.add(parent)
            parent = initiatives[parent].model.parent
        # A dependency is on someone else: on itself it would link the page to itself.
        for h, snapshot in enumerate(record.model.history):
            for d, dependency in enumerate(snapshot.dependencies):
                if dependency.counterpart_initiative == record.model.id:
                    loc = ("history", h, "dependencies", d, "counterpart_initiative")
                    issues.append(record.issue(loc, "is the initiative itself: a dependency must be on another"))
    return issues


def check_meetings(result: LoadResult, today: dt.date) -> list[Issue]:
    """Case numbers run per body and year, without gaps inside a meeting, and never twice."""
    issues: list[Issue] = []
    cases: dict[tuple[str, str], list[tuple[Record, int]]] = defaultdict(list)
    for record in result.records["meetings"].values():
        meeting = record.model
        year = f"{meeting.date.year % 100:02d}"
        if meeting.number and meeting.number.split("/")[1] != year:
            issues.append(
                record.issue(
                    ("number",), f"ends in /{meeting.number.split('/')[1]}, but the meeting is in {meeting.date.year}"
                )
            )
        if meeting.end_date and meeting.end_date < meeting.date:
            issues.append(record.issue(("end_date",), "is before the meeting's date"))
        previous = None
        for index, item in enumerate(meeting.agenda):
            number, item_year = item.number.split("/")
            if item_year != year:
                issues.append(
                    record.issue(
                        ("agenda", index, "number"),
                        f"is {item.number}, but cases of a meeting in {meeting.date.year} end in /{year}",
                    )
                )
            if previous is not None and int(number) != previous + 1:
                issues.append(
                    record.issue(
                        ("agenda", index, "number"),
                        f"is {item.number}, but follows case {previous}/{year}:"
                        " case numbers in a meeting run without gaps",
                    )
                )
            previous = int(number)
            cases[(meeting.body, item.number)].append((record, index))
            issues.extend(_decision_state_issues(record, index, item, meeting.date, today))
    issues.extend(_related_issues(result))
    for (body, number), places in cases.items():
        if len(places) > 1:
            files = ", ".join(r.display for r, _ in places)
            for record, index in places:
                issues.append(
                    record.issue(
                        ("agenda", index, "number"), f"case {number} of {body} is used more than once ({files})"
                    )
                )
    return issues


def _related_issues(result: LoadResult) -> list[Issue]:
    """``related_items`` must name a meeting that exists, and a case on its agenda."""
    meetings = result.records["meetings"]
    issues = []
    for record in meetings.values():
        for index, item in enumerate(record.model.agenda):
            for r_index, related in enumerate(item.related_items):
                meeting_id, _, case = related.partition("#")
                loc = ("agenda", index, "related_items", r_index)
                if meeting_id not in meetings:
                    issues.append(
                        record.issue(loc, f"names the meeting {meeting_id!r}, which is not in data/meetings/")
                    )
                elif case and case not in {i.slug for i in meetings[meeting_id].model.agenda}:
                    number = case.replace("-", "/")
                    issues.append(record.issue(loc, f"names case {number}, which is not on the agenda of {meeting_id}"))
    return issues


def _decision_state_issues(record: Record, index: int, item: Any, date: dt.date, today: dt.date) -> list[Issue]:
    loc = ("agenda", index)
    issues = []
    state = item.effective_state
    decided = state in (DecisionState.adopted, DecisionState.minutes_approved)
    if decided and date > today:
        message = f"says the decision is adopted, but the meeting ({date}) has not been held yet"
        issues.append(record.issue((*loc, "adopted_decision" if item.state is None else "state"), message))
    if decided and item.adopted_decision is None:
        issues.append(record.issue((*loc, "adopted_decision"), "is missing: an adopted decision needs its text"))
    if item.adopted_decision is not None and item.state == DecisionState.proposed:
        message = "is `forslag`, but `adopted_decision` is filled in: remove `state` or set it to `vedtatt`"
        issues.append(record.issue((*loc, "state"), message))
    if item.state == DecisionState.proposed and item.proposed_decision is None:
        message = "is missing: state `forslag` needs the proposed decision's text"
        issues.append(record.issue((*loc, "proposed_decision"), message))
    return issues


def check_prioritisations(result: LoadResult) -> list[Issue]:
    issues: list[Issue] = []
    meetings = result.records["meetings"]
    for record in result.records["prioritisations"].values():
        prioritisation = record.model
        leaf_ids = {c.id for c in leaf_criteria(prioritisation.criteria)}
        if prioritisation.agenda_item and prioritisation.meeting in meetings:
            numbers = {item.number for item in meetings[prioritisation.meeting].model.agenda}
            if prioritisation.agenda_item not in numbers:
                issues.append(
                    record.issue(
                        ("agenda_item",),
                        f"case {prioritisation.agenda_item} is not on the agenda of {prioritisation.meeting}",
                    )
                )
        ranks = []
        for m_index, measure in enumerate(prioritisation.measures):
            for s_index, score in enumerate(measure.scores):
                if score.criterion not in leaf_ids:
                    issues.append(
                        record.issue(
                            ("measures", m_index, "scores", s_index, "criterion"),
                            f"{score.criterion!r} is not a leaf criterion of the criteria tree",
                        )
                    )
            if measure.ranked and measure.published_rank is None:
                issues.append(record.issue(("measures", m_index, "published_rank"), "is missing for a ranked measure"))
            if measure.published_rank is not None:
                ranks.append(measure.published_rank)
        if len(ranks) != len(set(ranks)):
            issues.append(record.issue(("measures",), "two measures have the same published_rank"))
    return issues


def check_sources(result: LoadResult, sources_dir: Path) -> list[Issue]:
    """A source's lines must exist in the document's text."""
    issues: list[Issue] = []
    documents = result.records["documents"]
    line_counts: dict[str, int] = {}
    for doc_id, record in documents.items():
        path = sources_dir / record.model.file
        if not path.is_file():
            issues.append(
                record.issue(("file",), f"names {record.model.file!r}, which is not in {sources_dir.as_posix()}/")
            )
            continue
        line_counts[doc_id] = path.read_text(encoding="utf-8").count("\n") + 1
    for records in result.records.values():
        for record in records.values():
            for loc, name, value, _owner in _walk(record.model):
                if name != "sources":
                    continue
                for index, source in enumerate(value):
                    if source.lines is None or source.doc not in line_counts:
                        continue
                    first, last_line = source.span
                    total = line_counts[source.doc]
                    if first < 1 or last_line > total or first > last_line:
                        message = f"{source.lines} is not a line range of {source.doc} (it has {total} lines)"
                        issues.append(record.issue((*loc, index, "lines"), message))
    return issues


def check_site_settings(result: LoadResult) -> Iterator[Issue]:
    """The site's settings exist: every page names its publisher and how to reach them."""
    if not result.records.get("settings") and "site" not in result.failed.get("settings", set()):
        yield Issue(
            "data/settings/site.yaml",
            0,
            "",
            "is missing: the site settings must name the publisher (publisher: an organisation id) and how "
            "readers reach them (contact_email or contact_url); see data/README.md",
        )


def validate(result: LoadResult, sources_dir: Path, today: dt.date | None = None) -> list[Issue]:
    """Every cross-file check; returns the issues, sorted by file and line."""
    today = today or dt.date.today()
    issues = [
        *check_references(result),
        *check_goal_tree(result),
        *check_initiative_tree(result),
        *check_meetings(result, today),
        *check_prioritisations(result),
        *check_sources(result, sources_dir),
        *check_site_settings(result),
    ]
    return sorted(set(issues))
