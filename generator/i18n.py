"""Bokmål and nynorsk: interface strings, enum labels, and Norwegian dates and numbers.

A page is rendered for one language at a time. Data texts (:class:`Text`) fall back to bokmål
on nynorsk pages, marked with ``lang="nb"`` and a short notice, never silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from babel import Locale
from markupsafe import Markup, escape

from generator import models as m

Lang = Literal["nb", "nn"]
LANGS: tuple[Lang, Lang] = ("nb", "nn")
NBSP = "\u00a0"

# Month names are the same in bokmål and nynorsk (lower case, as in running text).
_MONTH_NAMES = [
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
]  # fmt: skip
MONTHS = {"nb": _MONTH_NAMES, "nn": _MONTH_NAMES}
SHORT_MONTHS = ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."]

# Enum value → (bokmål, nynorsk) label.
ENUM_LABELS: dict[StrEnum, tuple[str, str]] = {
    m.Level.green: ("grønn", "grøn"),
    m.Level.yellow: ("gul", "gul"),
    m.Level.red: ("rød", "raud"),
    m.Lifecycle.active: ("aktiv", "aktiv"),
    m.Lifecycle.planned: ("planlagt", "planlagd"),
    m.Lifecycle.paused: ("på pause", "på pause"),
    m.Lifecycle.completed: ("avsluttet", "avslutta"),
    m.Lifecycle.new: ("ny", "ny"),
    m.InitiativeKind.initiative: ("tiltak", "tiltak"),
    m.InitiativeKind.project: ("prosjekt", "prosjekt"),
    m.InitiativeKind.programme: ("program", "program"),
    m.InitiativeKind.subproject: ("delprosjekt", "delprosjekt"),
    m.Criticality.high: ("høy", "høg"),
    m.Criticality.medium: ("middels", "middels"),
    m.BudgetState.reported: ("rapportert", "rapportert"),
    m.BudgetState.not_reported: ("ikke rapportert", "ikkje rapportert"),
    m.BudgetState.covered_internally: ("dekket internt", "dekt internt"),
    m.Purpose.approval: ("Godkjenning", "Godkjenning"),
    m.Purpose.information: ("Orientering", "Orientering"),
    m.Purpose.discussion: ("Drøfting", "Drøfting"),
    m.Purpose.recommendation: ("Anbefaling", "Tilråding"),
    m.Purpose.decision: ("Beslutning", "Avgjerd"),
    m.DecisionState.proposed: ("forslag til vedtak", "framlegg til vedtak"),
    m.DecisionState.adopted: ("vedtatt", "vedteke"),
    m.DecisionState.minutes_approved: ("vedtatt, referat godkjent", "vedteke, referat godkjent"),
    m.Phase.concept: ("Konsept/mandat", "Konsept/mandat"),
    m.Phase.development: ("Utvikling og begrenset utprøving", "Utvikling og avgrensa utprøving"),
    m.Phase.adaptation: ("Tilpasning og utvidet utprøving", "Tilpassing og utvida utprøving"),
    m.Phase.rollout: ("Innføring", "Innføring"),
    m.Phase.in_use: ("Ny praksis i bruk", "Ny praksis i bruk"),
    m.Certainty.planned: ("planlagt", "planlagd"),
    m.Certainty.tentative: ("foreløpig", "førebels"),
    m.GoalLevel.goal: ("mål", "mål"),
    m.GoalLevel.sub_goal: ("delmål", "delmål"),
    m.OrganisationKind.ministry: ("departement", "departement"),
    m.OrganisationKind.directorate: ("direktorat", "direktorat"),
    m.OrganisationKind.agency: ("statlig etat", "statleg etat"),
    m.OrganisationKind.regional_health_authority: ("regionalt helseforetak", "regionalt helseføretak"),
    m.OrganisationKind.health_trust: ("helseforetak", "helseføretak"),
    m.OrganisationKind.municipality: ("kommune", "kommune"),
    m.OrganisationKind.company: ("selskap", "selskap"),
    m.OrganisationKind.association: ("organisasjon", "organisasjon"),
    m.OrganisationKind.other: ("annet", "anna"),
}


class InBokmal(str):
    """A text (a chart table's cell, say) that is bokmål whatever the page's language: the
    source's own wording, or a missing nynorsk text. Marked ``lang="nb"`` on nynorsk pages."""


@cache
def _strings() -> dict[str, dict[str, str]]:
    path = Path(__file__).with_name("strings") / "ui.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _plurals() -> dict[str, dict[str, dict[str, str]]]:
    path = Path(__file__).with_name("strings") / "plurals.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _plural_form(lang: Lang) -> Callable[[int], str]:
    return Locale.parse(lang).plural_form


def count(key: str, n: int, lang: Lang) -> str:
    """``3 aktiviteter``, ``1 aktivitet``: a number with its noun in the right plural form
    (CLDR's rules, from Babel), from strings/plurals.yaml."""
    forms = _plurals()[key][lang]
    form = _plural_form(lang)(n)
    return forms.get(form, forms["other"]).format(n=number(n, lang))


def ui(key: str, lang: Lang) -> str:
    """An interface string in the page's language. Unknown keys fail loudly at build time."""
    return _strings()[key][lang]


def label(value: StrEnum | None, lang: Lang) -> str:
    if value is None:
        return ui("not_reported", lang)
    nb, nn = ENUM_LABELS[value]
    return nb if lang == "nb" else nn


def source_hash(text: str) -> str:
    """The fingerprint of a bokmål text that a nynorsk translation records (``nn_from``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --- Texts -----------------------------------------------------------------------------


def plain(text: m.Text | None, lang: Lang) -> str:
    """The text in the page's language, or bokmål when there is no nynorsk (for titles, CSV)."""
    if text is None:
        return ""
    return text.nn if lang == "nn" and text.nn else text.nb


def is_fallback(text: m.Text | None, lang: Lang) -> bool:
    return text is not None and lang == "nn" and not text.nn


def _fallback_notice() -> Markup:
    return Markup('<span class="pf-fallback">({})</span>').format(ui("not_translated", "nn"))


def inline(text: m.Text | None, lang: Lang) -> Markup:
    """A short text as HTML, on one line; a missing nynorsk shows the bokmål marked ``lang="nb"``."""
    if text is None:
        return Markup("")
    if is_fallback(text, lang):
        return Markup('<span lang="nb">{}</span> {}').format(" ".join(text.nb.split()), _fallback_notice())
    return escape(" ".join(plain(text, lang).split()))


def block(text: m.Text | None, lang: Lang) -> Markup:
    """A longer text as paragraphs (blank lines separate them); never interpreted as Markdown."""
    if text is None:
        return Markup("")
    paragraphs = [p.strip() for p in plain(text, lang).split("\n\n") if p.strip()]
    body = Markup("").join(Markup("<p>{}</p>").format(p) for p in paragraphs)
    if is_fallback(text, lang):
        return Markup('<div lang="nb">{}</div><p>{}</p>').format(body, _fallback_notice())
    return body


# --- Numbers and dates -----------------------------------------------------------------


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def number(value: Decimal | int | float | None, lang: Lang, places: int | None = None) -> str:
    """Norwegian number form: decimal comma and a no-break space between thousands."""
    if value is None:
        return ui("not_reported", lang)
    value = Decimal(str(value))
    if places is not None:
        value = round_half_up(value, places)
    sign = "−" if value < 0 else ""
    text = format(abs(value).normalize() if places is None else abs(value), "f")
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = NBSP.join(groups)
    if fraction:
        result += "," + fraction
    return sign + result


def money_mnok(value: Decimal | None, lang: Lang) -> str:
    if value is None:
        return ui("not_reported", lang)
    return f"{number(value, lang)}{NBSP}{ui('mnok', lang)}"


def date(value: dt.date | None, lang: Lang) -> str:
    """23. juni 2023"""
    if value is None:
        return ui("not_stated", lang)
    return f"{value.day}. {MONTHS[lang][value.month - 1]} {value.year}"


def period_point(value: str | None, lang: Lang) -> str:
    """A period point as precise as the source: 2024, 1. kvartal 2024, 2. halvår 2024, mars 2024."""
    if not value:
        return ""
    year, _, rest = value.partition("-")
    if not rest:
        return year
    if rest.startswith("Q"):
        return f"{rest[1]}. kvartal {year}"
    if rest.startswith("H"):
        return f"{rest[1]}. halvår {year}"
    if len(rest) == 2:
        return f"{MONTHS[lang][int(rest) - 1]} {year}"
    return date(dt.date.fromisoformat(value), lang)
