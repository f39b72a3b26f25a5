"""Open data: every kind as JSON and CSV, with a JSON Schema and a description of every field.

One declaration per export (:data:`EXPORTS`) gives the columns, their types and their meaning in
bokmål and nynorsk; the files, the schemas and the documentation page are all made from it, so
they cannot drift apart. CSV uses semicolons, UTF-8 with a byte order mark and CRLF line ends:
what a spreadsheet with Norwegian settings opens correctly.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator import models as m
from generator.dataset import CaseRef, DataSet
from generator.prioritisation import TOTAL, leaf_criteria, ranking, scores, shown, walk_criteria
from generator.spreadsheet import csv_text

LICENCE = "Norsk lisens for offentlige data (NLOD) 2.0"
LICENCE_URL = "https://data.norge.no/nlod/no/2.0"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string, number, integer, boolean, date, list
    nb: str
    nn: str
    nullable: bool = True


def col(name: str, type_: str, nb: str, nn: str | None = None, nullable: bool = True) -> Column:
    return Column(name, type_, nb, nn or nb, nullable)


URLS = [
    col("url_nb", "string", "Adressen til siden på bokmål.", "Adressa til sida på bokmål.", False),
    col("url_nn", "string", "Adressen til siden på nynorsk.", "Adressa til sida på nynorsk.", False),
]


def _url(path: str) -> dict[str, str]:
    return {"url_nb": f"/{path}", "url_nn": f"/nn/{path}"}


def _text(text: m.Text | None, prefix: str) -> dict[str, str | None]:
    return {f"{prefix}_nb": text.nb if text else None, f"{prefix}_nn": text.nn if text else None}


def _text_columns(prefix: str, nb: str, nn: str) -> list[Column]:
    return [
        col(f"{prefix}_nb", "string", f"{nb} (bokmål).", f"{nn} (bokmål)."),
        col(f"{prefix}_nn", "string", f"{nb} (nynorsk).", f"{nn} (nynorsk)."),
    ]


def _value(enum: Any) -> str | None:
    return enum.value if enum is not None else None


# --- The rows of each export -----------------------------------------------------------


def initiative_rows(ds: DataSet) -> Iterator[dict]:
    for initiative in ds.initiatives_by_name:
        latest = ds.latest(initiative)
        owner = ds.owner_of(initiative)
        yield {
            "id": initiative.id,
            "navn": initiative.name,
            "alias": list(initiative.aliases),
            "type": initiative.kind.value,
            "forelder_id": initiative.parent,
            "eier_id": owner,
            "eier": ds.organisations[owner].name if owner else None,
            "id_2020": initiative.report_number,
            "siste_runde": latest.round if latest else None,
            "status": _value(latest.status) if latest else None,
            "risiko": _value(latest.risk) if latest else None,
            "livslop": _value(latest.lifecycle) if latest else None,
            "budsjett_mill_kr": latest.budget_mnok if latest else None,
            "hovedmal_id": initiative.main_goal,
            "mal_id": list(initiative.goals),
            **_text(initiative.description, "beskrivelse"),
            **_url(f"tiltak/{initiative.id}/"),
            "json": f"/data/tiltak/{initiative.id}.json",
        }


def status_rows(ds: DataSet) -> Iterator[dict]:
    for initiative in ds.initiatives_by_name:
        for snapshot in reversed(ds.history(initiative)):
            yield {
                "tiltak_id": initiative.id,
                "tiltak": snapshot.name_in_round or initiative.name,
                "runde": snapshot.round,
                "per_dato": ds.rounds[snapshot.round].as_of.isoformat(),
                "eier_id": snapshot.owner,
                "status": _value(snapshot.status),
                "risiko": _value(snapshot.risk),
                "livslop": _value(snapshot.lifecycle),
                "segment": snapshot.segment,
                "budsjett_mill_kr": snapshot.budget_mnok,
                "budsjett_status": snapshot.effective_budget_state.value,
                **_text(snapshot.reasons, "begrunnelse"),
                "kilder": [_source(s) for s in snapshot.sources],
            }


def _source(source: m.Source) -> str:
    return f"{source.doc}:{source.lines}" if source.lines else source.doc


def dependency_rows(ds: DataSet) -> Iterator[dict]:
    for initiative in ds.initiatives_by_name:
        for snapshot in reversed(ds.history(initiative)):
            for d in snapshot.dependencies:
                yield {
                    "tiltak_id": initiative.id,
                    "runde": snapshot.round,
                    **_text(d.description, "beskrivelse"),
                    "motpart_tiltak_id": d.counterpart_initiative,
                    "motpart_aktor_id": d.counterpart_organisation,
                    "motpart_tekst": d.counterpart_text,
                    "kritikalitet": _value(d.criticality),
                    "status": _value(d.status),
                    "frist": d.deadline.isoformat() if d.deadline else None,
                }


def goal_rows(ds: DataSet) -> Iterator[dict]:
    for strategy in ds.strategies.values():
        for goal in ds.goals_of(strategy.id):
            for g in [goal, *ds.sub_goals.get(goal.id, [])]:
                yield {
                    "id": g.id,
                    "strategi": g.strategy,
                    "niva": g.level.value,
                    "nummer": g.number,
                    "forelder_id": g.parent,
                    **_text(g.title, "tittel"),
                    **_text(g.lead, "ingress"),
                    **_url(f"mal/{g.id}/"),
                }


def roadmap_rows(ds: DataSet) -> Iterator[dict]:
    for a in ds.activities_in_order:
        yield {
            "id": a.id,
            "kilde": a.source_set,
            "mal_id": a.goal,
            "delmal_id": a.sub_goal,
            "hvem": a.actor,
            "aktor_id": list(a.actor_organisations),
            "aktorgruppe": a.actor_group,
            "tjeneste": a.service,
            **_text(a.what, "hva"),
            "start": a.period.start,
            "slutt": a.period.end,
            "apen_slutt": a.period.open_end,
            "periode_tekst": a.period.text,
            "fase": _value(a.phase),
            "sikkerhet": _value(a.certainty),
            "forelopig_liste": a.draft,
            "tiltak_id": list(a.initiatives),
            **_url(f"veikart/mal-{a.goal}/#{a.id}"),
        }


def meeting_rows(ds: DataSet) -> Iterator[dict]:
    for mt in ds.meetings_newest_first:
        yield {
            "id": mt.id,
            "organ": mt.body,
            "nummer": mt.number,
            "dato": mt.date.isoformat(),
            "sluttdato": mt.end_date.isoformat() if mt.end_date else None,
            "sted": mt.place,
            "antall_saker": len(mt.agenda),
            **_url(f"moter/{mt.body}/{mt.date.isoformat()}/"),
            "json": f"/data/moter/{mt.id}.json",
        }


def case_id(case: CaseRef) -> str:
    return f"{case.meeting.body}-{case.item.slug}"


def case_rows(ds: DataSet, decisions_only: bool = False) -> Iterator[dict]:
    for case in ds.cases:
        item = case.item
        if decisions_only and not (item.proposed_decision or item.adopted_decision):
            continue
        yield {
            "id": case_id(case),
            "organ": case.meeting.body,
            "mote_id": case.meeting.id,
            "saksnummer": item.number,
            "dato": case.meeting.date.isoformat(),
            **_text(item.title, "tittel"),
            "innretning": _value(item.purpose),
            "start": item.start,
            "presentert_av": [p.name for p in item.presenters],
            **_text(item.proposed_decision, "forslag"),
            **_text(item.adopted_decision, "vedtak"),
            "status": _value(item.effective_state),
            "tiltak_id": list(item.initiatives),
            "mal_id": list(item.goals),
            **_url(f"moter/{case.meeting.body}/{case.meeting.date.isoformat()}/{item.slug}/"),
            "json": f"/data/vedtak/{case_id(case)}.json",
        }


def ranking_rows(ds: DataSet) -> Iterator[dict]:
    for prioritisation in ds.prioritisations.values():
        ranks = {r.measure.id: r for r in ranking(prioritisation)}
        for measure in prioritisation.measures:
            total = scores(prioritisation, measure)[TOTAL]
            r = ranks.get(measure.id)
            yield {
                "prioritering_id": prioritisation.id,
                "tiltak_id": measure.id,
                "tiltak": measure.name,
                "rangert": measure.ranked,
                "rang": r.rank if r else None,
                "delt_plass": r.tied if r else False,
                "poengsum": total,
                "poengsum_vist": shown(total),
                "poengsum_i_arbeidsboka": measure.published_score,
            }


def score_rows(ds: DataSet) -> Iterator[dict]:
    for prioritisation in ds.prioritisations.values():
        leaves = {c.id for c in leaf_criteria(prioritisation.criteria)}
        for measure in prioritisation.measures:
            computed = scores(prioritisation, measure)
            for criterion in walk_criteria(prioritisation.criteria):
                yield {
                    "prioritering_id": prioritisation.id,
                    "tiltak_id": measure.id,
                    "kriterium_id": criterion.id,
                    **_text(criterion.label, "kriterium"),
                    "gruppe": criterion.id not in leaves,
                    "verdi": computed[criterion.id],
                    "vurdert": computed[criterion.id] is not None,
                }


def organisation_rows(ds: DataSet) -> Iterator[dict]:
    for o in sorted(ds.organisations.values(), key=lambda o: o.name.casefold()):
        yield {
            "id": o.id,
            "navn": o.name,
            "kortnavn": o.short_name,
            "type": o.kind.value,
            "alias": list(o.aliases),
            "antall_tiltak": len(ds.initiatives_by_owner.get(o.id, [])),
            **_url(f"aktorer/{o.id}/"),
        }


@dataclass(frozen=True)
class Change:
    from_round: str
    to_round: str
    initiative: m.Initiative
    what: str  # inn, ut, status, risiko
    old: str | None
    new: str | None


def changes(ds: DataSet) -> list[Change]:
    """What changed between consecutive reporting rounds: entering, leaving, status and risk."""
    out = []
    rounds = ds.rounds_in_order
    for old_round, new_round in itertools.pairwise(rounds):
        for initiative in ds.initiatives_by_name:
            before = ds.snapshot_in(initiative, old_round.id)
            after = ds.snapshot_in(initiative, new_round.id)
            if after and not before:
                out.append(Change(old_round.id, new_round.id, initiative, "inn", None, None))
            elif before and not after:
                out.append(Change(old_round.id, new_round.id, initiative, "ut", None, None))
            elif before and after:
                for what, attribute in (("status", "status"), ("risiko", "risk")):
                    a, b = getattr(before, attribute), getattr(after, attribute)
                    if a != b:
                        out.append(Change(old_round.id, new_round.id, initiative, what, _value(a), _value(b)))
    return out


def change_rows(ds: DataSet) -> Iterator[dict]:
    for c in changes(ds):
        yield {
            "fra_runde": c.from_round,
            "til_runde": c.to_round,
            "tiltak_id": c.initiative.id,
            "tiltak": c.initiative.name,
            "endring": c.what,
            "fra": c.old,
            "til": c.new,
        }


# --- The declarations -----------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    name: str
    nb: str
    nn: str
    columns: list[Column]
    rows: Callable[[DataSet], Iterator[dict]]


ID = col("id", "string", "Stabil id; den står også i adressen.", "Stabil id; ho står òg i adressa.", False)
STATUS_DOC = (
    "Status: grønn, gul eller rød; tom = ikke rapportert.",
    "Status: grønn, gul eller rød; tom = ikkje rapportert.",
)
RISK_DOC = (
    "Risiko: grønn, gul eller rød; tom = ikke rapportert.",
    "Risiko: grønn, gul eller rød; tom = ikkje rapportert.",
)
LIFECYCLE_DOC = (
    "Livsløp: aktiv, planlagt, pause, avsluttet eller ny.",
    "Livsløp: aktiv, planlagt, pause, avsluttet eller ny.",
)

EXPORTS: list[Export] = [
    Export(
        "tiltak",
        "Tiltak med siste rapporterte status",
        "Tiltak med siste rapporterte status",
        [
            ID,
            col("navn", "string", "Navnet på tiltaket.", "Namnet på tiltaket.", False),
            col("alias", "list", "Andre navn og skrivemåter.", "Andre namn og skrivemåtar.", False),
            col("type", "string", "Tiltak, prosjekt, program eller delprosjekt.", None, False),
            col("forelder_id", "string", "Programmet tiltaket er en del av.", "Programmet tiltaket er ein del av."),
            col("eier_id", "string", "Id til eieren (se aktorer).", "Id til eigaren (sjå aktorer)."),
            col("eier", "string", "Navnet på eieren.", "Namnet på eigaren."),
            col(
                "id_2020",
                "integer",
                "Tiltakets ID i porteføljerapporten 2020.",
                "ID-en til tiltaket i porteføljerapporten 2020.",
            ),
            col(
                "siste_runde",
                "string",
                "Siste rapporteringsrunde tiltaket er med i.",
                "Siste rapporteringsrunde tiltaket er med i.",
            ),
            col("status", "string", *STATUS_DOC),
            col("risiko", "string", *RISK_DOC),
            col("livslop", "string", *LIFECYCLE_DOC),
            col(
                "budsjett_mill_kr",
                "number",
                "Budsjett i millioner kroner; tom = ikke rapportert (ikke 0).",
                "Budsjett i millionar kroner; tom = ikkje rapportert (ikkje 0).",
            ),
            col("hovedmal_id", "string", "Hovedmålet tiltaket bidrar til.", "Hovudmålet tiltaket bidreg til."),
            col("mal_id", "list", "Mål og delmål tiltaket bidrar til.", "Mål og delmål tiltaket bidreg til.", False),
            *_text_columns("beskrivelse", "Beskrivelse", "Skildring"),
            *URLS,
            col(
                "json", "string", "Adressen til tiltakets egen JSON-fil.", "Adressa til JSON-fila for tiltaket.", False
            ),
        ],
        initiative_rows,
    ),
    Export(
        "status",
        "Status per tiltak per rapporteringsrunde",
        "Status per tiltak per rapporteringsrunde",
        [
            col("tiltak_id", "string", "Id til tiltaket.", None, False),
            col("tiltak", "string", "Navnet på tiltaket i runden.", "Namnet på tiltaket i runden.", False),
            col("runde", "string", "Rapporteringsrunden, f.eks. 2023-03.", "Rapporteringsrunden, t.d. 2023-03.", False),
            col("per_dato", "date", "Datoen dataene i runden gjelder.", "Datoen dataa i runden gjeld.", False),
            col(
                "eier_id",
                "string",
                "Eieren i denne runden, der den er oppgitt.",
                "Eigaren i denne runden, der han er oppgitt.",
            ),
            col("status", "string", *STATUS_DOC),
            col("risiko", "string", *RISK_DOC),
            col("livslop", "string", *LIFECYCLE_DOC),
            col("segment", "string", "Segment (bare i 2023-rapporten).", "Segment (berre i 2023-rapporten)."),
            col("budsjett_mill_kr", "number", "Budsjett i millioner kroner.", "Budsjett i millionar kroner."),
            col(
                "budsjett_status",
                "string",
                "Om budsjettet er oppgitt: verdiene «rapportert», «ikke-rapportert» eller «dekket-internt».",
                "Om budsjettet er oppgitt: verdiane «rapportert», «ikke-rapportert» eller «dekket-internt».",
                False,
            ),
            *_text_columns("begrunnelse", "Begrunnelse for status og risiko", "Grunngiving for status og risiko"),
            col("kilder", "list", "Kildene: dokument:linjer.", "Kjeldene: dokument:linjer.", False),
        ],
        status_rows,
    ),
    Export(
        "avhengigheter",
        "Avhengigheter",
        "Avhengigheiter",
        [
            col("tiltak_id", "string", "Tiltaket som er avhengig.", None, False),
            col("runde", "string", "Rapporteringsrunden.", None, False),
            *_text_columns("beskrivelse", "Hva tiltaket er avhengig av", "Kva tiltaket er avhengig av"),
            col(
                "motpart_tiltak_id",
                "string",
                "Tiltaket det er avhengig av, om det er i porteføljen.",
                "Tiltaket det er avhengig av, om det er i porteføljen.",
            ),
            col("motpart_aktor_id", "string", "Aktøren det er avhengig av.", None),
            col("motpart_tekst", "string", "Motparten som kilden skriver den.", "Motparten slik kjelda skriv han."),
            col("kritikalitet", "string", "høy eller middel.", "høy (høg) eller middel."),
            col("status", "string", "Status på avhengigheten.", "Status på avhengigheita."),
            col("frist", "date", "Frist.", None),
        ],
        dependency_rows,
    ),
    Export(
        "mal",
        "Strategiske mål og delmål",
        "Strategiske mål og delmål",
        [
            ID,
            col("strategi", "string", "Strategien målet hører til.", "Strategien målet høyrer til.", False),
            col("niva", "string", "mål eller delmål.", None, False),
            col("nummer", "string", "Nummeret, f.eks. 2.B.", "Nummeret, t.d. 2.B.", False),
            col("forelder_id", "string", "Målet et delmål hører til.", "Målet eit delmål høyrer til."),
            *_text_columns("tittel", "Tittel", "Tittel"),
            *_text_columns("ingress", "Ingress", "Ingress"),
            *URLS,
        ],
        goal_rows,
    ),
    Export(
        "veikart",
        "Aktiviteter i veikartet",
        "Aktivitetar i vegkartet",
        [
            ID,
            col(
                "kilde",
                "string",
                "veikart (veikartdokumentet) eller tiltak-2024 (foreløpig liste i 2023-rapporten).",
                "veikart (vegkartdokumentet) eller tiltak-2024 (førebels liste i 2023-rapporten).",
                False,
            ),
            col("mal_id", "string", "Målet.", None, False),
            col("delmal_id", "string", "Delmålet.", None),
            col("hvem", "string", "Hvem, slik kilden skriver det.", "Kven, slik kjelda skriv det."),
            col("aktor_id", "list", "Aktørene, som id-er.", "Aktørane, som id-ar.", False),
            col("aktorgruppe", "string", "region, kommune, nasjonal, brukergruppe eller annet.", None),
            col("tjeneste", "string", "Tjenesten.", "Tenesta."),
            *_text_columns("hva", "Hva som skjer", "Kva som skjer"),
            col(
                "start",
                "string",
                "Start, så presis som kilden: 2024, 2024-Q1, 2024-H2 eller 2024-03.",
                "Start, så presis som kjelda: 2024, 2024-Q1, 2024-H2 eller 2024-03.",
            ),
            col("slutt", "string", "Slutt, i samme form.", "Slutt, i same form."),
            col(
                "apen_slutt",
                "boolean",
                "Sann når perioden ikke har noen slutt i kilden.",
                "Sann når perioden ikkje har nokon slutt i kjelda.",
                False,
            ),
            col("periode_tekst", "string", "Perioden med kildens egne ord.", "Perioden med orda i kjelda."),
            col("fase", "string", "Fase i verdikjeden.", "Fase i verdikjeda."),
            col("sikkerhet", "string", "planlagt eller forelopig.", None),
            col(
                "forelopig_liste",
                "boolean",
                "Sann for rader fra en foreløpig liste.",
                "Sann for rader frå ei førebels liste.",
                False,
            ),
            col("tiltak_id", "list", "Tiltakene aktiviteten hører til.", "Tiltaka aktiviteten høyrer til.", False),
            *URLS,
        ],
        roadmap_rows,
    ),
    Export(
        "moter",
        "Møter",
        "Møte",
        [
            ID,
            col("organ", "string", "Organet: ehelseraad, nuit eller nufa.", None, False),
            col("nummer", "string", "Møtenummer, f.eks. 2/23.", "Møtenummer, t.d. 2/23."),
            col("dato", "date", "Dato.", None, False),
            col("sluttdato", "date", "Siste dag for møter over flere dager.", "Siste dag for møte over fleire dagar."),
            col("sted", "string", "Sted.", "Stad."),
            col("antall_saker", "integer", "Antall saker på sakslisten.", "Talet på saker på sakslista.", False),
            *URLS,
            col("json", "string", "Adressen til møtets egen JSON-fil.", "Adressa til JSON-fila for møtet.", False),
        ],
        meeting_rows,
    ),
    Export(
        "saker",
        "Saker på sakslistene, med forslag til vedtak og vedtak",
        "Saker på sakslistene, med framlegg til vedtak og vedtak",
        [
            ID,
            col("organ", "string", "Organet.", None, False),
            col("mote_id", "string", "Møtet.", None, False),
            col("saksnummer", "string", "Saksnummer, per organ og år.", None, False),
            col("dato", "date", "Møtedato.", None, False),
            *_text_columns("tittel", "Tittel", "Tittel"),
            col("innretning", "string", "godkjenning, orientering, drofting, anbefaling eller beslutning.", None),
            col("start", "string", "Starttid.", None),
            col("presentert_av", "list", "Hvem som presenterer saken.", "Kven som presenterer saka.", False),
            *_text_columns("forslag", "Forslag til vedtak", "Framlegg til vedtak"),
            *_text_columns("vedtak", "Vedtatt vedtak", "Vedteke vedtak"),
            col("status", "string", "forslag, vedtatt eller referat-godkjent.", None),
            col("tiltak_id", "list", "Tiltak saken gjelder.", "Tiltak saka gjeld.", False),
            col("mal_id", "list", "Mål saken gjelder.", "Mål saka gjeld.", False),
            *URLS,
            col("json", "string", "Adressen til sakens egen JSON-fil.", "Adressa til JSON-fila for saka.", False),
        ],
        case_rows,
    ),
    Export(
        "prioritering",
        "Prioritering: rangering",
        "Prioritering: rangering",
        [
            col("prioritering_id", "string", "Prioriteringen.", None, False),
            col("tiltak_id", "string", "Tiltaket som er vurdert.", None, False),
            col("tiltak", "string", "Navnet på tiltaket.", "Namnet på tiltaket.", False),
            col("rangert", "boolean", "Sann når tiltaket er rangert.", None, False),
            col(
                "rang", "integer", "Plass; like poengsummer gir delt plass.", "Plass; like poengsummar gir delt plass."
            ),
            col("delt_plass", "boolean", "Sann ved delt plass.", None, False),
            col(
                "poengsum",
                "number",
                "Nøyaktig poengsum, regnet ut fra kriteriene.",
                "Nøyaktig poengsum, rekna ut frå kriteria.",
            ),
            col(
                "poengsum_vist",
                "string",
                "Poengsummen med én desimal, avrundet halvt opp.",
                "Poengsummen med éin desimal, avrunda halvt opp.",
            ),
            col(
                "poengsum_i_arbeidsboka",
                "string",
                "Poengsummen slik arbeidsboka viser den.",
                "Poengsummen slik arbeidsboka viser han.",
            ),
        ],
        ranking_rows,
    ),
    Export(
        "prioritering-kriterier",
        "Prioritering: poeng per kriterium",
        "Prioritering: poeng per kriterium",
        [
            col("prioritering_id", "string", "Prioriteringen.", None, False),
            col("tiltak_id", "string", "Tiltaket.", None, False),
            col("kriterium_id", "string", "Kriteriet.", None, False),
            *_text_columns("kriterium", "Kriteriet", "Kriteriet"),
            col(
                "gruppe",
                "boolean",
                "Sann for grupper (gjennomsnitt av underkriterier).",
                "Sann for grupper (gjennomsnitt av underkriterium).",
                False,
            ),
            col("verdi", "number", "Verdien; tom = ikke vurdert (aldri 0).", "Verdien; tom = ikkje vurdert (aldri 0)."),
            col("vurdert", "boolean", "Sann når kriteriet er vurdert.", None, False),
        ],
        score_rows,
    ),
    Export(
        "aktorer",
        "Aktører",
        "Aktørar",
        [
            ID,
            col("navn", "string", "Navn.", "Namn.", False),
            col("kortnavn", "string", "Kortnavn.", "Kortnamn."),
            col("type", "string", "Type aktør.", None, False),
            col("alias", "list", "Andre skrivemåter i kildene.", "Andre skrivemåtar i kjeldene.", False),
            col("antall_tiltak", "integer", "Antall tiltak aktøren eier.", "Talet på tiltak aktøren eig.", False),
            *URLS,
        ],
        organisation_rows,
    ),
    Export(
        "endringer",
        "Endringer mellom rapporteringsrunder",
        "Endringar mellom rapporteringsrundar",
        [
            col("fra_runde", "string", "Forrige runde.", "Førre runde.", False),
            col("til_runde", "string", "Neste runde.", None, False),
            col("tiltak_id", "string", "Tiltaket.", None, False),
            col("tiltak", "string", "Navnet på tiltaket.", "Namnet på tiltaket.", False),
            col(
                "endring",
                "string",
                "inn (nevnt i rapporten for denne runden, ikke i den forrige), ut (nevnt i den forrige, ikke i "
                "denne: det sier ikke at tiltaket er avsluttet), status eller risiko.",
                "inn (nemnd i rapporten for denne runden, ikkje i den førre), ut (nemnd i den førre, ikkje i "
                "denne: det seier ikkje at tiltaket er avslutta), status eller risiko.",
                False,
            ),
            col("fra", "string", "Verdien før.", None),
            col("til", "string", "Verdien etter.", None),
        ],
        change_rows,
    ),
]

# Decisions are the cases that have a decision text: the same columns as the cases.
_CASES = next(e for e in EXPORTS if e.name == "saker")
EXPORTS.insert(
    EXPORTS.index(_CASES) + 1,
    Export(
        "vedtak",
        "Vedtak og forslag til vedtak",
        "Vedtak og framlegg til vedtak",
        _CASES.columns,
        lambda ds: case_rows(ds, decisions_only=True),
    ),
)
EXPORTS_BY_NAME = {e.name: e for e in EXPORTS}


# --- Files ---------------------------------------------------------------------------

_JSON_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean", "date": "string"}


def json_schema(export: Export) -> dict:
    properties = {}
    for c in export.columns:
        schema: dict[str, Any] = {"description": c.nb}
        if c.type == "list":
            schema["type"] = "array"
            schema["items"] = {"type": ["string", "integer"]}
        else:
            kind = _JSON_TYPES[c.type]
            schema["type"] = [kind, "null"] if c.nullable else kind
            if c.type == "date":
                schema["format"] = "date"
        properties[c.name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": export.nb,
        "type": "object",
        "required": ["licence", "rows"],
        "properties": {
            "licence": {"type": "string"},
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": [c.name for c in export.columns],
                    "properties": properties,
                },
            },
        },
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, list):
        return " | ".join(str(v) for v in value)
    if isinstance(value, Decimal | float | int):
        return str(_json_value(value)).replace(".", ",")
    return str(value)


def _dumps(value: object) -> str:
    # No ``indent``: with it the json module falls back to its pure-Python encoder, several
    # times slower, and the files are written for every initiative on every build.
    return json.dumps(value, ensure_ascii=False)


def as_json(rows: list[dict]) -> str:
    """``{"licence": …, "rows": [ … ]}`` with one row a line: readable, diffable, and fast to write."""
    head = _dumps({"licence": LICENCE, "licence_url": LICENCE_URL})[:-1]
    lines = ",\n".join(_dumps({k: _json_value(v) for k, v in r.items()}) for r in rows)
    return f'{head}, "rows": [\n{lines}\n]}}\n' if rows else f'{head}, "rows": []}}\n'


def as_csv(export: Export, rows: list[dict]) -> str:
    columns = [c.name for c in export.columns]
    return csv_text(columns, ([_csv_value(row[name]) for name in columns] for row in rows))


def files(ds: DataSet) -> dict[str, str]:
    """Every open-data file, by path under the site root."""
    out: dict[str, str] = {}
    rows_of: dict[str, list[dict]] = {}
    for export in EXPORTS:
        rows = rows_of[export.name] = list(export.rows(ds))
        out[f"data/{export.name}.json"] = as_json(rows)
        out[f"data/{export.name}.csv"] = as_csv(export, rows)
        out[f"data/schema/eksport-{export.name}.json"] = json.dumps(json_schema(export), ensure_ascii=False, indent=1)
    # One file per initiative, meeting and decision, linked from its page.
    histories: dict[str, list[dict]] = {}
    for r in rows_of["status"]:
        histories.setdefault(r["tiltak_id"], []).append(r)
    cases_by_meeting: dict[str, list[dict]] = {}
    for c in rows_of["saker"]:
        cases_by_meeting.setdefault(c["mote_id"], []).append(c)
    for row in rows_of["tiltak"]:
        history = histories.get(row["id"], [])
        out[f"data/tiltak/{row['id']}.json"] = _dumps(
            {
                "licence": LICENCE,
                "tiltak": {k: _json_value(v) for k, v in row.items()},
                "historikk": [{k: _json_value(v) for k, v in h.items()} for h in history],
            }
        )
    for row in rows_of["moter"]:
        cases = cases_by_meeting.get(row["id"], [])
        out[f"data/moter/{row['id']}.json"] = _dumps({"licence": LICENCE, "mote": row, "saker": cases})
    for rows in cases_by_meeting.values():
        for row in rows:
            out[f"data/vedtak/{row['id']}.json"] = _dumps({"licence": LICENCE, "sak": row})
    return out
