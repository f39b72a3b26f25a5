"""The real data set: complete and true to the sources. Counts are those the documents state,
and values are checked against the source text itself, line by line."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from generator.dataset import DataSet
from generator.models import Level
from generator.prioritisation import TOTAL, ranking, scores, shown

ROOT = Path(__file__).resolve().parents[1]


def source_text(ds: DataSet, doc: str, lines: str) -> str:
    first, _, last = lines.partition("-")
    text = (ROOT / "sources" / ds.documents[doc].file).read_text(encoding="utf-8").splitlines()
    return " ".join(text[int(first) - 1 : int(last or first)])


# --- The 2020 report's appendix (Vedlegg 1) ---------------------------------------------


def appendix_2020(ds: DataSet):
    return [(i, s) for i, s in ds.in_round("2020-01") if i.report_number is not None and s.status is not None]


def test_2020_appendix_has_its_54_projects(ds: DataSet) -> None:
    projects = appendix_2020(ds)
    assert len(projects) == 54
    assert len({i.report_number for i, _s in projects}) == 54


def test_2020_status_and_risk_counts_match_the_appendix(ds: DataSet) -> None:
    projects = appendix_2020(ds)
    assert Counter(s.status for _i, s in projects) == {Level.yellow: 30, Level.green: 23, Level.red: 1}
    assert Counter(s.risk for _i, s in projects) == {Level.yellow: 36, Level.green: 17, Level.red: 1}


def test_2020_budgets_add_up_to_the_appendix_sum(ds: DataSet) -> None:
    total = sum((s.budget_mnok or Decimal(0) for _i, s in appendix_2020(ds)), Decimal(0))
    assert total == Decimal("1650.505")


def test_every_2020_appendix_row_is_what_its_source_line_says(ds: DataSet) -> None:
    """ID, status word, risk word and budget appear in the cited lines of the report."""
    for initiative, snapshot in appendix_2020(ds):
        cited = [src for src in snapshot.sources if src.doc == "portefoljerapport-2020-01" and src.lines]
        assert cited, initiative.id
        text = " ".join(source_text(ds, src.doc, src.lines) for src in cited)
        assert f" {initiative.report_number} " in f" {text} ", initiative.id
        assert snapshot.status.value.capitalize() in text, initiative.id
        assert snapshot.risk.value.capitalize() in text, initiative.id
        if snapshot.budget_mnok is not None:
            assert format(snapshot.budget_mnok.normalize(), "f").replace(".", ",") in text, initiative.id


def test_no_personal_names_from_the_project_owner_column(ds: DataSet) -> None:
    published = (ROOT / "data").rglob("*.yaml")
    names = ["Siv Ingebrigtsen", "Eli Stokke Rondeel", "Hilde Rolandsen", "Siri Pernille"]
    for path in published:
        text = path.read_text(encoding="utf-8")
        for name in names:
            assert name not in text, f"{name} in {path}"


# --- The 2023 report ------------------------------------------------------------------


def figure(ds: DataSet, round_id: str, figure_id: str) -> Decimal:
    return next(f.value for f in ds.rounds[round_id].key_figures if f.id == figure_id)


def test_2023_headline_figures(ds: DataSet) -> None:
    values = {f.value for f in ds.rounds["2023-03"].key_figures}
    for stated in ("37", "12", "535.5", "60", "32"):
        assert Decimal(stated) in values, stated
    assert ds.rounds["2023-03"].as_of.isoformat() == "2023-03-30"
    assert ds.rounds["2020-01"].as_of.isoformat() == "2020-01-17"


def test_2023_red_dependencies_with_deadlines(ds: DataSet) -> None:
    red_high = [
        link
        for link in ds.dependencies_in("2023-03")
        if link.dependency.status == Level.red
        and link.dependency.criticality
        and link.dependency.criticality.value == "høy"
    ]
    deadlines = {link.initiative.id: link.dependency.deadline for link in red_high}
    assert len(red_high) == 5
    assert deadlines["heliks"].isoformat() == "2023-03-28"
    assert deadlines["epj-loftet"].isoformat() == "2023-04-03"
    assert deadlines["helseplattformen"] is None  # the table's cell is empty


def test_2023_cost_table_sums(ds: DataSet) -> None:
    table = ds.rounds["2023-03"].cost_table
    assert table is not None
    column_2024 = sum((c.amount_mnok for row in table.rows for c in row.cells if c.year == 2024), Decimal(0))
    assert column_2024 == Decimal(93) == table.sum_for(2024).amount_mnok
    internally = [c for row in table.rows for c in row.cells if c.covered_internally]
    assert {c.year for c in internally} == {2022, 2023}


def test_status_history_across_both_rounds(ds: DataSet) -> None:
    epj = ds.initiatives["epj-loftet"]
    by_round = {s.round: s for s in epj.history}
    assert (by_round["2020-01"].status, by_round["2020-01"].risk) == (Level.green, Level.green)
    assert (by_round["2023-03"].status, by_round["2023-03"].risk) == (Level.red, Level.red)
    assert by_round["2020-01"].budget_mnok == Decimal("31.5")


# --- Strategy and roadmap ---------------------------------------------------------------


def test_strategy_2023_2030_has_5_goals_and_17_sub_goals(ds: DataSet) -> None:
    goals = ds.goals_of("2023-2030")
    assert [g.id for g in goals] == ["1", "2", "3", "4", "5"]
    sub_goals = [sg.number for g in goals for sg in ds.sub_goals[g.id]]
    assert len(sub_goals) == 17
    assert sub_goals[:5] == ["1.A", "1.B", "1.C", "1.D", "1.E"]
    assert ds.goals["2-b"].title.nb.startswith("Helsepersonell skal ha tilgang til en felles oppdatert legemiddelliste")


def test_every_goal_and_sub_goal_has_nynorsk(ds: DataSet) -> None:
    for goal in ds.goals.values():
        assert goal.title.nn, goal.id


def test_tiltak_for_2024_rows_are_drafts_with_the_source_wording(ds: DataSet) -> None:
    rows = [a for a in ds.roadmap.values() if a.source_set == "tiltak-2024"]
    assert len(rows) >= 94
    assert all(a.draft for a in rows)
    open_ended = [a for a in rows if a.period.open_end]
    assert all(a.period.end is None for a in open_ended)
    assert sum(1 for a in rows if a.period.text and "→" in a.period.text) == 9


# --- The council meeting 2/23 and its prioritisation -------------------------------------


def test_meeting_2_23_agenda(ds: DataSet) -> None:
    meeting = ds.meetings["ehelseraad-2023-06-23"]
    assert meeting.number == "2/23" and meeting.place == "Radisson Blu, Gardermoen"
    assert [item.number for item in meeting.agenda] == [f"{n}/23" for n in range(9, 17)]
    assert [item.start for item in meeting.agenda][:4] == ["10:00", "10:05", "10:15", "10:40"]
    assert len(meeting.substitutes) == 4
    item_13 = next(i for i in meeting.agenda if i.number == "13/23")
    assert item_13.proposed_decision is not None and item_13.proposed_decision.nn
    assert "anbefaler at Nasjonal e-helsestrategi legges til grunn som målbilde" in item_13.proposed_decision.nb


def test_nuit_case_5_23_is_a_separate_series(ds: DataSet) -> None:
    nuit = ds.meetings["nuit-2023-02-16"]
    assert [item.number for item in nuit.agenda] == ["5/23"]


def test_prioritisation_totals_recomputed_equal_the_published_ones(ds: DataSet) -> None:
    prioritisation = ds.prioritisations["ehelseraad-2023-prioritering"]
    ranked = [m for m in prioritisation.measures if m.ranked]
    assert len(ranked) == 11
    for measure in ranked:
        assert shown(scores(prioritisation, measure)[TOTAL]) == measure.published_score, measure.id


def test_prioritisation_tie_at_ranks_6_and_7_is_visible(ds: DataSet) -> None:
    result = ranking(ds.prioritisations["ehelseraad-2023-prioritering"])
    assert [r.rank for r in result] == [1, 2, 3, 4, 5, 6, 6, 8, 9, 10, 11]
    assert [r.tied for r in result].count(True) == 2
    assert [r.measure.published_rank for r in result] == list(range(1, 12))


def test_unassessed_values_are_not_zero(ds: DataSet) -> None:
    prioritisation = ds.prioritisations["ehelseraad-2023-prioritering"]
    partial = next(m for m in prioritisation.measures if m.id == "dokumentdeling-andre-helseaktorer-tjenester")
    computed = scores(prioritisation, partial)
    assert computed["nytte"] is None and computed[TOTAL] is None
