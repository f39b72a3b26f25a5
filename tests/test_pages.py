"""What a reader finds on the pages: status as words, history and changes, dependencies both
ways, working filters, charts whose tables and CSV files hold exactly the data, goal pages with
their sub-goals and initiatives, and roadmap timelines that are as precise as the source."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.dataset import DataSet
from generator.models import Level

ROOT = Path(__file__).resolve().parents[1]


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_initiative_page_states_status_history_and_change_in_words(site: Path) -> None:
    nb = text_of(read(site, "tiltak/epj-loftet"))
    assert "Status: rød" in nb and "Risiko: rød" in nb
    assert "Status endret fra grønn til rød" in nb
    nn = text_of(read(site, "nn/tiltak/epj-loftet"))
    assert "Status: raud" in nn and "Status endra frå grøn til raud" in nn
    history = re.search(r"<caption>Historikk: EPJ-løftet</caption>(.*?)</table>", read(site, "tiltak/epj-loftet"), re.S)
    assert history and history.group(1).count('<th scope="row">') == 2
    assert "3. april 2023" in nb and "Oppdragsavtale med Norsk helsenett" in nb


def test_dependencies_are_shown_in_both_directions(site: Path, ds: DataSet) -> None:
    target = "program-digital-samhandling"
    dependents = {link.initiative.id for link in ds.dependents[target]}
    page = read(site, f"tiltak/{target}")
    for initiative_id in dependents:
        assert f"tiltak/{initiative_id}/" in page
    depending = read(site, f"tiltak/{sorted(dependents)[0]}")
    assert f"tiltak/{target}/" in depending


def test_a_passed_deadline_is_marked(site: Path) -> None:
    assert "fristen var passert på rapporteringsdatoen" in text_of(read(site, "tiltak/heliks"))


def test_filter_pages_list_exactly_the_matching_initiatives(site: Path, ds: DataSet) -> None:
    red = {i.id for i in ds.initiatives.values() if (s := ds.latest(i)) and s.status == Level.red}
    page = read(site, "tiltak/status/rod")
    rows = set(re.findall(r'<th scope="row"><a href="(?:\.\./)*tiltak/([^/]+)/">', page))
    assert rows == red and red
    owner = "helse-vest-rhf"
    owned = {i.id for i in ds.initiatives_by_owner[owner]}
    listed = re.findall(r'<th scope="row"><a href="(?:\.\./)*tiltak/([^/]+)/">', read(site, f"tiltak/eier/{owner}"))
    assert set(listed) == owned


def test_status_is_never_shown_by_colour_alone(site: Path) -> None:
    words = {"green": ("grønn", "grøn"), "yellow": ("gul",), "red": ("rød", "raud")}
    pattern = re.compile(
        r'<span class="pf-level pf-level--(green|yellow|red)">(.*?)</span></span>'
        r'|<span class="pf-level pf-level--(green|yellow|red)"><span class="pf-level__icon" aria-hidden="true"></span>'
        r"([^<]*)</span>"
    )
    checked = 0
    for path in site.rglob("index.html"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            level = match.group(1) or match.group(3)
            label = match.group(2) or match.group(4)
            assert any(w in label for w in words[level]), f"{path}: {level} shown as {label!r}"
            checked += 1
    assert checked > 200


class _Figures(HTMLParser):
    """Each chart figure's table rows and CSV link."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "figure" and "pf-chart" in (attributes.get("class") or ""):
            self.figures.append({"rows": [], "csv": None, "svg": None})
            self.inside = True
        elif not self.inside:
            return
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "a" and (attributes.get("href") or "").endswith(".csv"):
            self.figures[-1]["csv"] = attributes["href"]
        elif tag == "img":
            self.figures[-1]["svg"] = attributes.get("src")

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "figure":
            self.inside = False
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.figures[-1]["rows"].append(self.row)
            self.row = None


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_chart_has_a_table_equal_to_its_csv_and_a_norwegian_svg(site: Path, lang: str) -> None:
    folder = site / "nn" if lang == "nn" else site
    figures = 0
    for page in folder.rglob("index.html"):
        if lang == "nb" and page.relative_to(site).parts[0] == "nn":
            continue
        parser = _Figures()
        parser.feed(page.read_text(encoding="utf-8"))
        for figure in parser.figures:
            figures += 1
            raw = (page.parent / figure["csv"]).read_text(encoding="utf-8-sig")
            assert list(csv.reader(io.StringIO(raw), delimiter=";")) == figure["rows"], page
            svg = (page.parent / figure["svg"]).read_text(encoding="utf-8")
            for english in (
                ">Jan<",
                ">Feb<",
                ">Phase<",
                ">Status: initiatives<",
                ">count<",
                ">Count<",
                ">Mar<",
                ">Oct<",
            ):
                assert english not in svg, (page, english)
    assert figures > 20


def test_status_chart_table_holds_the_counts_of_the_data(site: Path, ds: DataSet) -> None:
    counts = Counter(s.status for _i, s in ds.in_round("2020-01"))
    parser = _Figures()
    parser.feed(read(site, "portefolje/2020-01"))
    status_rows = parser.figures[0]["rows"][1:]
    assert {(r[1], int(r[2])) for r in status_rows} == {
        ({"grønn": "grønn", "gul": "gul", "rød": "rød"}.get(k.value if k else "", "ikke rapportert"), v)
        for k, v in counts.items()
    }


def test_goal_pages_list_sub_goals_and_initiatives(site: Path, ds: DataSet) -> None:
    for goal in ds.goals_of("2023-2030"):
        page = read(site, f"mal/{goal.id}")
        for sub in ds.sub_goals[goal.id]:
            assert f"mal/{sub.id}/" in page
        for initiative in ds.initiatives_by_goal.get(goal.id, []):
            assert f"tiltak/{initiative.id}/" in page
    old = text_of(read(site, "mal/2017-1"))
    assert "tidligere strategi" in old.lower()


def test_timeline_tables_hold_exactly_the_activities_with_their_periods(site: Path, ds: DataSet) -> None:
    for goal in ds.goals_of("2023-2030"):
        page = read(site, f"veikart/mal-{goal.id}")
        rows = re.findall(r'<tr id="([a-z0-9-]+)">', page)
        expected = [a.id for a in ds.activities_in_order if a.goal == goal.id]
        assert sorted(rows) == sorted(expected)
        for activity in ds.activities_in_order:
            if activity.goal == goal.id and activity.period.text:
                assert f"«{activity.period.text}»" in page or activity.period.text in page


@pytest.mark.parametrize(("lang", "word"), [("nb", "åpen slutt"), ("nn", "open slutt")])
def test_open_ended_periods_render_as_open(site: Path, ds: DataSet, lang: str, word: str) -> None:
    activity = next(a for a in ds.activities_in_order if a.period.open_end)
    folder = "nn/" if lang == "nn" else ""
    page = read(site, f"{folder}veikart/mal-{activity.goal}")
    row = re.search(rf'<tr id="{activity.id}">(.*?)</tr>', page, re.S).group(1)
    assert (word in row and "→" in row) or word in row
    svgs = list((site / folder / "veikart" / f"mal-{activity.goal}").glob(f"tidslinje-{activity.source_set}-*.svg"))
    assert any("→" in svg.read_text(encoding="utf-8") for svg in svgs)
    assert any(">Fase<" in svg.read_text(encoding="utf-8") for svg in svgs)


def test_meeting_page_and_case_pages_carry_the_sources_facts(site: Path) -> None:
    meeting = text_of(read(site, "moter/ehelseraad/2023-06-23"))
    for fact in ("Radisson Blu, Gardermoen", "9/23", "16/23", "10:40", "Kai Øivind Brenden", "frem til lunsj"):
        assert fact in meeting
    case = text_of(read(site, "moter/ehelseraad/2023-06-23/15-23"))
    assert "tidligere vedtatt prioritering av de fem tiltakene" in case
    assert "forslag til vedtak" in case.lower()
    assert "../../../../tiltak/felles-kommunal-journal/" in read(site, "moter/ehelseraad/2023-06-23/15-23")


def test_a_chart_is_made_again_only_when_what_it_shows_changed() -> None:
    """Charts are remembered by what they are made from (`serve` rebuilds on every save)."""
    from decimal import Decimal

    from generator.charts import Bar, Chart, bar_chart

    words = {"nb": "Antall", "nn": "Tal"}

    def chart(value: str) -> Chart:
        bars = [Bar({"nb": "Helse Vest", "nn": "Helse Vest"}, Decimal(value))]
        return bar_chart("x/antall", {"nb": "T", "nn": "T"}, words, words, bars, {"nb": "S.", "nn": "S."})

    first = chart("3")
    assert chart("3") is first
    changed = chart("4")
    assert changed is not first
    assert changed.text("nb").rows == [["Helse Vest", "4"]] and first.text("nb").rows == [["Helse Vest", "3"]]


def test_links_keep_their_anchor_on_this_page_and_on_others() -> None:
    from generator.pages import Page

    page = Page("tiltak/x/", "initiative.md.j2")
    assert page.href("portefolje/2023-03/#kostnader") == "../../portefolje/2023-03/#kostnader"
    assert page.href("tiltak/x/#historikk") == "#historikk"
    assert page.href("tiltak/x/") == "./"
    assert page.href("") == "../../"


def test_activity_links_from_initiative_pages_land_on_the_activity_row(site: Path, ds: DataSet) -> None:
    linked = next(i for i in ds.initiatives.values() if ds.activities_by_initiative.get(i.id))
    activity = ds.activities_by_initiative[linked.id][0]
    text = (site / "tiltak" / linked.id / "index.html").read_text(encoding="utf-8")
    assert f'/#{activity.id}"' in text
