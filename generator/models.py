"""The data model: one Pydantic class per kind of entity in ``data/``.

Conventions that hold for every model:

* Every human-readable text is a :class:`Text` pair ``{nb: ..., nn: ...}``; nynorsk may be
  missing and is then shown as a marked bokmål fallback. Names of initiatives, people and
  organisations are proper nouns and stay plain strings.
* Ids, dates, numbers and enums are language-neutral.
* Unknown keys are errors (``extra="forbid"``) so that a typo never passes silently.
* Every fact can carry ``sources``: the document and the line(s) it was read from.
* ``None`` means "not stated in the source" and is shown as "ikke rapportert"; it is never 0.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def _to_str(value: object) -> object:
    """YAML reads ``1`` and ``2023`` as numbers; ids and codes are always strings. A decimal
    number is refused: YAML has already turned ``1.10`` into 1.1, and the editor must quote it."""
    if isinstance(value, float):
        raise ValueError(f"is read as the number {value!r}: write it in quotes to keep it as written, e.g. \"1.10\"")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _clock_time(value: object) -> object:
    """YAML 1.1 reads an unquoted 10:00 as the number 600 (base 60); give the editor the time back."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return f"{value // 60:02d}:{value % 60:02d}"
    return value


# Amounts in millions of kroner: the largest in the sources is in the low thousands. Beyond
# these bounds it is a typing error (or 1e308), not a budget.
MAX_MNOK = Decimal(100_000)
Amount = Annotated[Decimal, Field(ge=-MAX_MNOK, le=MAX_MNOK, allow_inf_nan=False)]
"""May be negative where a source states a negative (the cost table's transfers)."""
Budget = Annotated[Decimal, Field(ge=0, le=MAX_MNOK, allow_inf_nan=False)]

Id = Annotated[str, BeforeValidator(_to_str), Field(pattern=ID_PATTERN, max_length=120)]
Code = Annotated[str, BeforeValidator(_to_str), Field(min_length=1, max_length=40)]
ClockTime = Annotated[str, BeforeValidator(_clock_time), Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- Building blocks -------------------------------------------------------------------


class Text(Model):
    """A text in bokmål with its nynorsk translation (if there is one yet). Which bokmål a
    translation was made from is kept in ``data/translations.yaml`` (see translations.py)."""

    nb: str = Field(min_length=1)
    nn: str | None = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _accept_plain_string(cls, value: object) -> object:
        # A plain string is bokmål with no translation yet.
        return {"nb": value} if isinstance(value, str) else value


class Source(Model):
    """Where a fact was read: a document id (see ``data/documents``) and line(s) in its text."""

    doc: Id
    lines: str | None = Field(default=None, pattern=r"^\d+(-\d+)?$")
    note: Text | None = None

    @field_validator("lines", mode="before")
    @classmethod
    def _lines_as_string(cls, value: object) -> object:
        return _to_str(value)

    @property
    def span(self) -> tuple[int, int] | None:
        """The cited lines as (first, last), or None when no lines are given."""
        if not self.lines:
            return None
        first, _, last = self.lines.partition("-")
        return int(first), int(last or first)

    @property
    def anchor(self) -> str | None:
        """The cited lines on the document's page: ``L42`` or ``L42-L44``."""
        if self.span is None:
            return None
        first, last = self.span
        return f"L{first}-L{last}" if last != first else f"L{first}"

    @property
    def lines_text(self) -> str | None:
        """``42–44`` (with an en dash), as the lines are written in running text."""
        return self.lines.replace("-", "\u2013") if self.lines else None


Sources = list[Source]


class Level(StrEnum):
    """Status, risk and dependency status are reported in traffic-light levels."""

    green = "grønn"
    yellow = "gul"
    red = "rød"


SEVERITY = (Level.red, Level.yellow, Level.green)
"""The levels, most severe first: the order lists and summaries give them in."""


class Lifecycle(StrEnum):
    active = "aktiv"
    planned = "planlagt"
    paused = "pause"
    completed = "avsluttet"
    new = "ny"


class InitiativeKind(StrEnum):
    initiative = "tiltak"
    project = "prosjekt"
    programme = "program"
    subproject = "delprosjekt"


class Criticality(StrEnum):
    high = "høy"
    medium = "middel"


class BudgetState(StrEnum):
    reported = "rapportert"
    not_reported = "ikke-rapportert"
    covered_internally = "dekket-internt"


class Unit(StrEnum):
    count = "antall"
    mnok = "mill-kr"
    bnok = "mrd-kr"
    percent = "prosent"


class Phase(StrEnum):
    concept = "konsept-mandat"
    development = "utvikling"
    adaptation = "tilpasning"
    rollout = "innforing"
    in_use = "ny-praksis"


class Certainty(StrEnum):
    planned = "planlagt"
    tentative = "forelopig"


# --- Documents, organisations, bodies ---------------------------------------------------


class KeyFigure(Model):
    """A number a document states about itself (a headline figure), with its unit."""

    id: Id
    label: Text
    value: Annotated[Decimal, Field(ge=-(10**12), le=10**12, allow_inf_nan=False)]
    unit: Unit
    year: int | None = None
    note: Text | None = None
    sources: Sources = []


class Document(Model):
    """A source document. ``file`` is its text extraction in the shared sources folder."""

    id: Id
    title: Text
    publisher: Id | None = None
    date: dt.date | None = None
    date_text: str | None = None
    as_of: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    """The date the document's facts are as of, as precise as it says (2025-08 = "per august 2025")."""
    file: str
    url: str | None = None
    description: Text | None = None
    key_figures: list[KeyFigure] = []

    @property
    def dated(self) -> str | None:
        """The date its facts are as of, as precise as it says, else its own date (ISO)."""
        return self.as_of or (self.date.isoformat() if self.date else None)


class OrganisationKind(StrEnum):
    ministry = "departement"
    directorate = "direktorat"
    agency = "etat"
    regional_health_authority = "rhf"
    health_trust = "hf"
    municipality = "kommune"
    company = "selskap"
    association = "organisasjon"
    other = "annet"


class Organisation(Model):
    id: Id
    name: str
    short_name: str | None = None
    aliases: list[str] = []
    kind: OrganisationKind
    description: Text | None = None
    note: Text | None = None
    sources: Sources = []


class Body(Model):
    """A council or committee of the council model (Nasjonalt e-helseråd, NUIT, NUFA)."""

    id: Id
    name: Text
    short_name: str | None = None
    aliases: list[str] = []
    description: Text | None = None
    secretariat: Id | None = None
    sources: Sources = []


# --- Strategy --------------------------------------------------------------------------


class SourcedText(Model):
    text: Text
    sources: Sources = []


class PhaseDescription(Model):
    """A phase of the roadmap's value chain (verdikjede), as the roadmap describes it."""

    phase: Phase
    description: Text
    sources: Sources = []


class Strategy(Model):
    id: Id
    title: Text
    start_year: int
    end_year: int
    vision: Text | None = None
    description: Text | None = None
    current: bool = False
    phases: list[PhaseDescription] = []
    """The roadmap's phase model, in value-chain order."""
    roadmap_notes: list[SourcedText] = []
    """How to read the roadmap (who drives which phase, what the line styles mean)."""
    sources: Sources = []


class GoalLevel(StrEnum):
    goal = "mål"
    sub_goal = "delmål"


class Indicator(Model):
    number: Code
    title: Text
    sources: Sources = []


class Goal(Model):
    """A strategy goal (mål, or a 2017–2022 satsingsområde) or a sub-goal (delmål, innsatsområde)."""

    id: Id
    strategy: Id
    level: GoalLevel
    number: Code
    parent: Id | None = None
    title: Text
    lead: Text | None = None
    title_variants: list[str] = []
    indicators: list[Indicator] = []
    sources: Sources = []

    @model_validator(mode="after")
    def _sub_goal_has_parent(self) -> Goal:
        if self.level == GoalLevel.sub_goal and not self.parent:
            raise ValueError("a sub-goal (delmål) needs `parent`: the id of the goal it belongs to")
        if self.level == GoalLevel.goal and self.parent:
            raise ValueError("a goal (mål) has no `parent`; only sub-goals (delmål) do")
        return self


class Sdg(Model):
    """A UN Sustainable Development Goal (bærekraftsmål) the portfolio reports against."""

    id: Id
    number: int = Field(ge=1, le=17)
    title: Text
    sources: Sources = []


# --- Portfolio -------------------------------------------------------------------------


class Topic(Model):
    """A narrative topic of a portfolio report."""

    title: Text
    body: Text
    sources: Sources = []


class CostCell(Model):
    year: int
    amount_mnok: Amount
    covered_internally: bool = False


class CostRow(Model):
    """A row of the running-cost increase table (økning i drift- og forvaltningskostnader)."""

    solution: str
    initiative: Id | None = None
    initiative_text: str
    part: str | None = None
    cells: list[CostCell]
    note: Text | None = None
    sources: Sources = []

    def cell(self, year: int) -> CostCell | None:
        return next((c for c in self.cells if c.year == year), None)


class CostTable(Model):
    title: Text
    years: list[int]
    rows: list[CostRow]
    sums: list[CostCell] = []
    note: Text | None = None
    sources: Sources = []

    def sum_for(self, year: int) -> CostCell | None:
        return next((c for c in self.sums if c.year == year), None)


class ReportingRound(Model):
    """One reporting round of the portfolio (rapporteringsrunde), e.g. 2023-03."""

    id: Id
    as_of: dt.date
    title: Text
    report: Id
    strategy: Id | None = None
    key_figures: list[KeyFigure] = []
    topics: list[Topic] = []
    cost_table: CostTable | None = None
    sources: Sources = []


class Dependency(Model):
    """What an initiative depends on, in one round."""

    description: Text
    counterpart_initiative: Id | None = None
    counterpart_organisation: Id | None = None
    counterpart_text: str | None = None
    category: Text | None = None
    criticality: Criticality | None = None
    status: Level | None = None
    deadline: dt.date | None = None
    sources: Sources = []


class Snapshot(Model):
    """An initiative's reported state in one reporting round. ``None`` = not reported."""

    round: Id
    name_in_round: str | None = None
    owner: Id | None = None
    status: Level | None = None
    risk: Level | None = None
    lifecycle: Lifecycle | None = None
    segment: str | None = None
    phase: Text | None = None
    budget_mnok: Budget | None = None
    budget_state: BudgetState | None = None
    goal_area: Id | None = None
    reasons: Text | None = None
    dependencies: list[Dependency] = []
    note: Text | None = None
    sources: Sources = []

    @field_validator("segment")
    @classmethod
    def _segment_has_words(cls, value: str | None) -> str | None:
        # The segment names a filter page (tiltak/segment/<words>/): it needs letters or digits.
        if value is not None and not any(c.isalnum() for c in value):
            raise ValueError(f"{value!r} has no letters or digits: write the segment's name as the source does")
        return value

    @model_validator(mode="after")
    def _budget_state_fits_amount(self) -> Snapshot:
        if self.budget_state == BudgetState.not_reported and self.budget_mnok is not None:
            raise ValueError("`budget_state: ikke-rapportert` cannot go with an amount in `budget_mnok`")
        return self

    @property
    def effective_budget_state(self) -> BudgetState:
        if self.budget_state is not None:
            return self.budget_state
        return BudgetState.reported if self.budget_mnok is not None else BudgetState.not_reported


class Initiative(Model):
    """A tiltak, project, programme or sub-project, with its history across rounds."""

    id: Id
    name: str
    aliases: list[str] = []
    kind: InitiativeKind
    parent: Id | None = None
    owner: Id | None = None
    report_number: int | None = None
    description: Text | None = None
    deliveries: list[Text] = []
    goals: list[Id] = []
    main_goal: Id | None = None
    sdgs: list[Id] = []
    related: list[Id] = []
    history: list[Snapshot] = []
    note: Text | None = None
    sources: Sources = []

    @field_validator("history")
    @classmethod
    def _one_snapshot_per_round(cls, history: list[Snapshot]) -> list[Snapshot]:
        seen: set[str] = set()
        for snapshot in history:
            if snapshot.round in seen:
                raise ValueError(f"round {snapshot.round!r} appears twice in `history`")
            seen.add(snapshot.round)
        return history


# --- Roadmap ---------------------------------------------------------------------------


PERIOD_POINT = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$")


class Period(Model):
    """A period as precise as the source: ``2024``, ``2024-Q1``, ``2024-H2`` or ``2024-03``.

    ``open_end`` marks an open-ended period ("2024 →"); ``text`` keeps the source's wording.
    """

    start: str | None = None
    end: str | None = None
    open_end: bool = False
    text: str | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _period_point(cls, value: object) -> object:
        value = _to_str(value)
        if value is not None and not (isinstance(value, str) and PERIOD_POINT.match(value)):
            raise ValueError("write a year (2024), a quarter (2024-Q1), a half year (2024-H2) or a month (2024-03)")
        return value

    @model_validator(mode="after")
    def _open_end_has_no_end(self) -> Period:
        if self.open_end and self.end:
            raise ValueError("an open-ended period (`open_end: true`) has no `end`")
        return self


class Milestone(Model):
    date: str
    label: Text
    legal: bool = False
    sources: Sources = []

    @field_validator("date", mode="before")
    @classmethod
    def _milestone_date(cls, value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        value = _to_str(value)
        if not (isinstance(value, str) and (PERIOD_POINT.match(value) or re.match(r"^\d{4}-\d{2}-\d{2}$", value))):
            raise ValueError("write a date (2026-01-01), a month (2026-01), a quarter (2026-Q1) or a year")
        if len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value} is not a real date: write an existing date as YYYY-MM-DD") from None
        return value


class RoadmapActivity(Model):
    """One row of the roadmap: who does what to which service, when, in which phase."""

    id: Id
    source_set: Literal["tiltak-2024", "veikart"]
    goal: Id
    sub_goal: Id | None = None
    heading: Text | None = None
    actor: str | None = None
    actor_organisations: list[Id] = []
    actor_group: Literal["region", "kommune", "nasjonal", "brukergruppe", "annet"] | None = None
    service: str | None = None
    what: Text | None = None
    period: Period = Period()
    phase: Phase | None = None
    certainty: Certainty | None = None
    milestones: list[Milestone] = []
    initiatives: list[Id] = []
    draft: bool = False
    note: Text | None = None
    sources: Sources = []


# --- Meetings, agenda items, decisions -------------------------------------------------


class Purpose(StrEnum):
    approval = "godkjenning"
    information = "orientering"
    discussion = "drofting"
    recommendation = "anbefaling"
    decision = "beslutning"


class DecisionState(StrEnum):
    proposed = "forslag"
    adopted = "vedtatt"
    minutes_approved = "referat-godkjent"


class Person(Model):
    name: str
    organisation: Id | None = None
    role: Text | None = None


class Substitute(Model):
    name: str
    organisation: Id | None = None
    represents: str
    partial: Text | None = None


class Attachment(Model):
    title: Text
    document: Id | None = None
    url: str | None = None


RELATED_PATTERN = r"^[a-z0-9-]+-\d{4}-\d{2}-\d{2}(#\d{1,3}-\d{2})?$"


class AgendaItem(Model):
    """A case (sak) on a meeting's agenda; numbered per body and year (``9/23``)."""

    number: str = Field(pattern=r"^\d{1,3}/\d{2}$")
    title: Text
    purpose: Purpose | None = None
    presenters: list[Person] = []
    start: ClockTime | None = None
    text: Text | None = None
    proposed_decision: Text | None = None
    adopted_decision: Text | None = None
    state: DecisionState | None = None
    attachments: list[Attachment] = []
    initiatives: list[Id] = []
    goals: list[Id] = []
    related_items: list[str] = Field(default=[], json_schema_extra={"items": {"pattern": RELATED_PATTERN}})
    """Related cases or meetings, also in other bodies: ``nuit-2023-02-16#5-23`` or a meeting id."""
    internal_note: str | None = None
    sources: Sources = []

    @field_validator("related_items")
    @classmethod
    def _related_form(cls, items: list[str]) -> list[str]:
        for item in items:
            if not re.match(RELATED_PATTERN, item):
                raise ValueError(f"{item!r} must be a meeting id, optionally with #case, e.g. nuit-2023-02-16#5-23")
        return items

    @property
    def effective_state(self) -> DecisionState | None:
        """The state as written, or as the texts imply: adding `adopted_decision` adopts it."""
        if self.state is not None:
            return self.state
        if self.adopted_decision is not None:
            return DecisionState.adopted
        return DecisionState.proposed if self.proposed_decision is not None else None

    @property
    def sequence(self) -> int:
        return int(self.number.split("/")[0])

    @property
    def slug(self) -> str:
        return self.number.replace("/", "-")


class Break(Model):
    title: Text
    start: ClockTime


class Meeting(Model):
    """A meeting of a body. The file name is ``<body>-<yyyy-mm-dd>``."""

    id: Id
    body: Id
    number: str | None = Field(default=None, pattern=r"^\d{1,2}/\d{2}$")
    date: dt.date
    end_date: dt.date | None = None
    place: str | None = None
    chair: Person | None = None
    organiser: Id | None = None
    members_present: list[Person] = []
    substitutes: list[Substitute] = []
    agenda: list[AgendaItem] = []
    breaks: list[Break] = []
    next_meeting_text: Text | None = None
    note: Text | None = None
    internal_note: str | None = None
    sources: Sources = []

    @model_validator(mode="after")
    def _id_is_body_and_date(self) -> Meeting:
        expected = f"{self.body}-{self.date.isoformat()}"
        if self.id != expected:
            raise ValueError(f"a meeting's id must be its body and date: {expected!r}")
        return self


# --- Prioritisation --------------------------------------------------------------------


class Criterion(Model):
    """A node of the criteria tree; a group's score is the mean (or sum) of its children."""

    id: Id
    label: Text
    aggregate: Literal["mean", "sum"] = "mean"
    children: list[Criterion] = []
    label_variants: list[str] = []


class Score(Model):
    criterion: Id
    value: Annotated[Decimal, Field(ge=-10_000, le=10_000, allow_inf_nan=False)] | None = None
    note: Text | None = None


class Measure(Model):
    id: Id
    name: str
    sheet: str
    column: str
    ranked: bool
    published_score: str | None = None
    published_rank: int | None = None
    sheet_rank: str | None = None
    template: Literal["standard", "variant"] = "standard"
    scores: list[Score]
    initiatives: list[Id] = []
    note: Text | None = None
    internal_note: str | None = None
    sources: Sources = []


class Prioritisation(Model):
    id: Id
    title: Text
    meeting: Id | None = None
    agenda_item: str | None = None
    description: Text | None = None
    scale: Text
    formula: Text
    criteria: list[Criterion]
    measures: list[Measure]
    sources: Sources = []


# --- Abbreviations -----------------------------------------------------------------------


class Abbreviation(Model):
    """An abbreviation the texts use, with what it stands for as a source spells it out. Each
    page marks its first use with ``<abbr>``; the list is on the definitions page."""

    id: Id
    abbreviation: str = Field(pattern=r"^[A-ZÆØÅ][A-Za-zÆØÅæøå0-9-]{0,11}$")
    expansion: Text
    language: Literal["en"] | None = None
    """When the expansion is English (as the source writes it)."""
    note: Text | None = None
    sources: Sources = []


# --- The site itself -------------------------------------------------------------------

HTTP_URL = r"^https?://[^\s/$.?#][^\s]*$"
EMAIL = r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$"


class SiteSettings(Model):
    """Who publishes the site and how readers reach them: ``data/settings/site.yaml``, the one
    file of its kind. Shown in every page's footer and in the accessibility statement."""

    id: Literal["site"]
    publisher: Id
    """The organisation (``data/organisations/``) that publishes the site."""
    organisation_number: str | None = Field(default=None, pattern=r"^\d{9}$")
    """The publisher's number in the Register of Legal Entities (9 digits), if it is to be shown."""
    contact_email: str | None = Field(default=None, pattern=EMAIL, max_length=200)
    contact_url: str | None = Field(default=None, pattern=HTTP_URL, max_length=500)
    """A page where readers can contact the publisher."""
    site_url: str | None = Field(default=None, pattern=HTTP_URL, max_length=500)
    """The site's public address. With it, canonical links, the sitemap, feeds and calendars
    carry absolute addresses; without it, addresses are relative to the site root."""
    logo: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._/-]+\.(svg|png)$")
    """A logo file under ``theme/``, shown in the header instead of the default mark."""
    sources: Sources = []

    @model_validator(mode="after")
    def _reachable(self) -> SiteSettings:
        if not (self.contact_email or self.contact_url):
            raise ValueError(
                "needs contact_email or contact_url (or both): the footer and the accessibility statement "
                "must tell readers how to reach the publisher"
            )
        return self


# --- The whole data set ----------------------------------------------------------------

KINDS: dict[str, type[Model]] = {
    "documents": Document,
    "organisations": Organisation,
    "bodies": Body,
    "strategies": Strategy,
    "goals": Goal,
    "sdgs": Sdg,
    "rounds": ReportingRound,
    "initiatives": Initiative,
    "roadmap": RoadmapActivity,
    "meetings": Meeting,
    "prioritisations": Prioritisation,
    "abbreviations": Abbreviation,
    "settings": SiteSettings,
}
"""Folder under ``data/`` → the model of the files in it. The file name (without .yaml) is the id."""


def models_in(annotation: object) -> Iterator[type[BaseModel]]:
    """The model classes a field's type can hold: ``list[Source] | None`` → Source."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from models_in(argument)


FieldTest = Callable[[type[BaseModel], str, object], bool]
"""(model, field name, field type) → whether a walk over the data wants that field."""


@functools.cache
def walk_plan(model: type[BaseModel], wanted: FieldTest) -> tuple[tuple[str, bool, bool], ...]:
    """The fields of ``model`` a walk looking for ``wanted`` fields must visit, each as
    (name, wanted itself, may hold a model with wanted fields). Lets the checks that walk every
    record skip the fields that cannot matter to them (texts, numbers, dates), which at
    N = 5,000 initiatives are most of them."""
    plan = []
    for name, info in model.model_fields.items():
        here = wanted(model, name, info.annotation)
        within = any(_reaches(inner, wanted) for inner in models_in(info.annotation))
        if here or within:
            plan.append((name, here, within))
    return tuple(plan)


@functools.cache
def _reaches(model: type[BaseModel], wanted: FieldTest) -> bool:
    """Whether ``model``, or a model any of its fields can hold (at any depth), has a wanted field."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            if wanted(current, name, info.annotation):
                return True
            todo.extend(models_in(info.annotation))
    return False
