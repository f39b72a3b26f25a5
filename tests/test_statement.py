"""The accessibility statement says no more than was tested: a criterion passes only when every
method named for it has passed, its counts are computed from the same table it shows, and it
has the elements the law and Digdir's template ask for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import accessibility

CRITERIA = """
- ["1.1.1", A, "Ikke-tekstlig innhold", "Ikkje-tekstleg innhald", [axe, manual]]
- ["1.2.1", A, "Bare lyd", "Berre lyd", [na]]
- ["1.4.3", AA, "Kontrast", "Kontrast", [axe]]
- ["2.1.4", A, "Hurtigtaster", "Snøggtastar", [shortcuts]]
- ["2.4.7", AA, "Synlig fokus", "Synleg fokus", [keyboard, focus]]
"""


def record(tmp_path: Path, methods: dict[str, str], manual: str = "") -> accessibility.AccessibilityRecord:
    (tmp_path / "criteria.yaml").write_text(CRITERIA, encoding="utf-8")
    (tmp_path / "latest-run.json").write_text(json.dumps({"date": "2026-12-06", "methods": methods}), encoding="utf-8")
    if manual:
        (tmp_path / "manual-results.yaml").write_text(manual, encoding="utf-8")
    return accessibility.load(tmp_path)


def results(rec: accessibility.AccessibilityRecord) -> dict[str, str]:
    return {c.number: c.result for c in rec.criteria}


def test_a_criterion_passes_only_when_every_method_named_for_it_has_passed(tmp_path: Path) -> None:
    rec = record(tmp_path, {"axe": "passed", "keyboard": "passed"})
    assert results(rec) == {
        "1.1.1": "partial",  # axe passed, but nobody has done the manual check
        "1.2.1": "not-applicable",
        "1.4.3": "passed",
        "2.1.4": "partial",  # its method was not in the run
        "2.4.7": "partial",
    }
    assert rec.criteria[0].remaining == ("manual",)
    assert rec.criteria[4].remaining == ("focus",)
    assert rec.status == "not_fully_tested"


def test_a_recorded_manual_check_completes_a_criterion_and_a_failure_is_a_deviation(tmp_path: Path) -> None:
    manual = """
date: 2026-12-06
results:
  "1.1.1": {result: passed}
"""
    rec = record(tmp_path, {"axe": "passed", "keyboard": "passed", "focus": "failed", "shortcuts": "passed"}, manual)
    assert results(rec)["1.1.1"] == "passed"
    assert results(rec)["2.4.7"] == "failed"
    assert [c.number for c in rec.failed] == ["2.4.7"]
    assert rec.status == "partly"
    assert rec.counts == {"passed": 3, "failed": 1, "partial": 0, "not-applicable": 1}
    assert rec.applicable == 4


def test_the_real_method_names_are_the_ones_the_tests_record() -> None:
    from tests import a11y_record

    recorded = set(a11y_record.METHODS.values())
    assert recorded == set(accessibility.AUTOMATED)
    criteria = accessibility.load(Path(__file__).resolve().parents[1] / "accessibility").criteria
    named = {m for c in criteria for m in c.methods} - {"manual", "na"}
    assert named <= recorded, f"criteria.yaml names methods no test carries out: {named - recorded}"


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_published_counts_agree_with_the_published_table(site: Path, lang: str) -> None:
    page = (site / ("nn/" if lang == "nn" else "") / "tilgjengelighet" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-result="([a-z-]+)">', page)
    assert len(rows) == 50
    summary = re.compile(
        r"Av d[ei]+ (\d+) suksesskriteri\w+ på nivå A og AA er (\d+) bestått, (\d+) har avvik, "
        r"(\d+) er ikk\w+ ferdig test\w+, og (\d+)"
    )
    numbers = [int(n) for n in summary.search(page).groups()]
    table = [rows.count(result) for result in ("passed", "failed", "partial", "not-applicable")]
    assert numbers == [len(rows), *table]


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_statement_names_who_is_responsible_and_how_to_give_feedback_and_complain(site: Path, lang: str) -> None:
    page = (site / ("nn/" if lang == "nn" else "") / "tilgjengelighet" / "index.html").read_text(encoding="utf-8")
    assert "Direktoratet for e-helse" in page  # the publisher, from data/settings/site.yaml
    assert 'href="https://www.ehelse.no/" rel="external"' in page  # the contact, from the same settings
    assert 'href="https://www.diskrimineringsnemnda.no/"' in page and 'href="https://www.uutilsynet.no/"' in page
    for heading in ("Kjente avvik" if lang == "nb" else "Kjende avvik", "Tilbakemelding", "Klage"):
        assert f">{heading}</h2>" in page, heading
