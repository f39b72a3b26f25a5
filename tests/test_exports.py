"""Open data, feeds and calendars: every file parses, matches the data it came from, and is
valid against its schema; feeds are valid Atom and calendars valid iCalendar."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import feedparser
import jsonschema
import pytest
from icalendar import Calendar

from generator.dataset import DataSet
from generator.exports import EXPORTS

ROOT = Path(__file__).resolve().parents[1]


def load_json(site: Path, name: str) -> dict:
    return json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def load_csv(site: Path, name: str) -> list[dict]:
    raw = (site / "data" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for spreadsheets"
    assert b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("export", EXPORTS, ids=lambda e: e.name)
def test_every_export_parses_and_validates_against_its_schema(site: Path, export) -> None:
    data = load_json(site, export.name)
    schema = json.loads((site / "data" / "schema" / f"eksport-{export.name}.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    rows = load_csv(site, export.name)
    assert len(rows) == len(data["rows"]) > 0
    assert list(rows[0]) == [c.name for c in export.columns]
    assert "NLOD" in data["licence"]


def test_exports_match_the_data(site: Path, ds: DataSet) -> None:
    assert len(load_json(site, "tiltak")["rows"]) == len(ds.initiatives)
    assert len(load_json(site, "status")["rows"]) == sum(len(i.history) for i in ds.initiatives.values())
    assert len(load_json(site, "mal")["rows"]) == len(ds.goals)
    assert len(load_json(site, "veikart")["rows"]) == len(ds.roadmap)
    assert len(load_json(site, "moter")["rows"]) == len(ds.meetings)
    assert len(load_json(site, "aktorer")["rows"]) == len(ds.organisations)
    decisions = [c for c in ds.cases if c.item.proposed_decision or c.item.adopted_decision]
    assert len(load_json(site, "vedtak")["rows"]) == len(decisions)


def test_sample_values_in_json_and_csv(site: Path) -> None:
    epj = next(r for r in load_json(site, "tiltak")["rows"] if r["id"] == "epj-loftet")
    assert (epj["status"], epj["risiko"], epj["url_nb"], epj["url_nn"]) == (
        "rød",
        "rød",
        "/tiltak/epj-loftet/",
        "/nn/tiltak/epj-loftet/",
    )
    history = [r for r in load_csv(site, "status") if r["tiltak_id"] == "epj-loftet"]
    assert next((r["runde"], r["status"], r["budsjett_mill_kr"]) for r in history) == ("2020-01", "grønn", "31,5")
    pll = next(r for r in load_json(site, "prioritering")["rows"] if r["rang"] == 1)
    assert (pll["tiltak"], pll["poengsum_vist"], pll["poengsum"]) == ("PLL", "22.8", 22.75)
    not_assessed = [r for r in load_json(site, "prioritering-kriterier")["rows"] if not r["vurdert"]]
    assert not_assessed and all(r["verdi"] is None for r in not_assessed)


def test_each_initiative_meeting_and_decision_has_its_own_json(site: Path, ds: DataSet) -> None:
    page = (site / "tiltak" / "heliks" / "index.html").read_text(encoding="utf-8")
    assert "data/tiltak/heliks.json" in page
    own = json.loads((site / "data" / "tiltak" / "heliks.json").read_text(encoding="utf-8"))
    assert own["tiltak"]["id"] == "heliks" and len(own["historikk"]) == len(ds.initiatives["heliks"].history)
    assert (site / "data" / "moter" / "ehelseraad-2023-06-23.json").is_file()
    assert (site / "data" / "vedtak" / "ehelseraad-13-23.json").is_file()
    assert "data/vedtak/ehelseraad-13-23.json" in (site / "moter/ehelseraad/2023-06-23/13-23/index.html").read_text(
        encoding="utf-8"
    )


def test_field_page_documents_every_column(site: Path) -> None:
    for folder in (site, site / "nn"):
        text = (folder / "data" / "index.html").read_text(encoding="utf-8")
        for export in EXPORTS:
            for column in export.columns:
                assert f"<code>{column.name}</code>" in text, (folder, export.name, column.name)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_feeds_are_valid_atom(site: Path, ds: DataSet, lang: str) -> None:
    folder = site / "nn" if lang == "nn" else site
    feeds = [folder / "feeds" / name for name in ("vedtak.xml", "moter.xml", "status.xml")]
    feeds += [folder / "feeds" / "tiltak" / "epj-loftet.xml", folder / "feeds" / "moter" / "ehelseraad.xml"]
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.id and parsed.feed.title and parsed.feed.updated
        for entry in parsed.entries:
            assert entry.id and entry.title and entry.updated and entry.link
    decisions = feedparser.parse((folder / "feeds" / "vedtak.xml").read_bytes())
    assert len(decisions.entries) == sum(1 for c in ds.cases if c.item.proposed_decision or c.item.adopted_decision)
    epj = feedparser.parse((folder / "feeds" / "tiltak" / "epj-loftet.xml").read_bytes())
    word = "endret" if lang == "nb" else "endra"
    assert any(word in e.title for e in epj.entries), "the status change 2020 → 2023 is in the initiative's feed"


def test_pages_link_to_their_feeds(site: Path) -> None:
    page = (site / "tiltak" / "epj-loftet" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in page and "feeds/tiltak/epj-loftet.xml" in page
    assert "feeds/vedtak.xml" in (site / "vedtak" / "index.html").read_text(encoding="utf-8")


def test_calendars_parse_and_list_every_meeting(site: Path, ds: DataSet) -> None:
    calendar = Calendar.from_ical((site / "moter.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(ds.meetings)
    meeting = next(e for e in events if "2/23" in str(e.get("summary")))
    assert str(meeting.get("location")) == "Radisson Blu, Gardermoen"
    assert meeting.decoded("dtstart").isoformat() == "2023-06-23"
    body = Calendar.from_ical((site / "nn" / "moter" / "nuit.ics").read_bytes())
    assert len(list(body.walk("VEVENT"))) == len(ds.meetings_of("nuit"))


def test_change_log_lists_status_changes(site: Path) -> None:
    rows = load_json(site, "endringer")["rows"]
    epj = [r for r in rows if r["tiltak_id"] == "epj-loftet"]
    assert {"endring": "status", "fra": "grønn", "til": "rød"}.items() <= next(
        r for r in epj if r["endring"] == "status"
    ).items()
    assert Decimal(len(rows)) > 0
    assert "epj-loftet" in (site / "portefolje" / "endringer" / "index.html").read_text(encoding="utf-8")
