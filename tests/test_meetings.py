"""The secretariat's workflow: a new meeting from one command, validation of case numbers and
decision states, and internal notes that never reach the site."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.build import Project, build, load_and_validate
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the real project's data, with the theme and content linked."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    for name in ("theme", "content", "sources", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def meeting_file(root: Path, meeting_id: str) -> Path:
    return root / "data" / "meetings" / f"{meeting_id}.yaml"


def test_new_meeting_writes_a_valid_skeleton_with_the_next_numbers(project_copy: Path, capsys) -> None:
    code = main(["--root", str(project_copy), "new", "meeting", "--body", "ehelseraad", "--date", "2023-12-14"])
    assert code == 0, capsys.readouterr().err
    text = meeting_file(project_copy, "ehelseraad-2023-12-14").read_text(encoding="utf-8")
    # 2/23 used cases 9/23–16/23, and the October meeting is earlier in the year.
    assert 'number: "17/23"' in text
    ds, issues = load_and_validate(Project(project_copy))
    assert issues == [] and ds is not None
    assert ds.meetings["ehelseraad-2023-12-14"].number == "4/23"


def test_new_meeting_never_overwrites_an_editors_file(project_copy: Path, capsys) -> None:
    before = meeting_file(project_copy, "ehelseraad-2023-06-23").read_bytes()
    code = main(["--root", str(project_copy), "new", "meeting", "--body", "ehelseraad", "--date", "2023-06-23"])
    assert code == 1 and "exists already" in capsys.readouterr().err
    assert meeting_file(project_copy, "ehelseraad-2023-06-23").read_bytes() == before


def test_new_meeting_appears_in_lists_and_search_after_a_build(project_copy: Path) -> None:
    assert main(["--root", str(project_copy), "new", "meeting", "--body", "nuit", "--date", "2026-12-03"]) == 0
    site = project_copy / "site"
    build(Project(project_copy), site, today=dt.date(2026, 11, 22))
    meeting_page = site / "moter" / "nuit" / "2026-12-03" / "index.html"
    assert meeting_page.is_file() and (site / "nn" / "moter" / "nuit" / "2026-12-03" / "index.html").is_file()
    listing = (site / "moter" / "index.html").read_text(encoding="utf-8")
    assert "Kommende møter" in listing and "nuit/2026-12-03/" in listing
    assert "1-26/" in (site / "vedtak" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in meeting_page.read_text(encoding="utf-8")


def test_adding_the_adopted_decision_is_one_field(project_copy: Path) -> None:
    path = meeting_file(project_copy, "ehelseraad-2023-06-23")
    text = path.read_text(encoding="utf-8")
    marker = '  - number: "9/23"\n'
    assert marker in text
    text = text.replace(marker, marker + "    adopted_decision: {nb: Godkjent., nn: Godkjent.}\n", 1)
    path.write_text(text.replace("    state: forslag\n", "", 1), encoding="utf-8")
    ds, issues = load_and_validate(Project(project_copy))
    assert issues == [] and ds is not None
    item = ds.meetings["ehelseraad-2023-06-23"].agenda[0]
    assert item.effective_state.value == "vedtatt"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('number: "10/23"', 'number: "11/23"'), "case numbers in a meeting run without gaps"),
        (('number: "10/23"', 'number: "10/22"'), "end in /23"),
    ],
)
def test_case_numbering_errors_are_caught(project_copy: Path, change: tuple[str, str], expected: str) -> None:
    path = meeting_file(project_copy, "ehelseraad-2023-06-23")
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    _ds, issues = load_and_validate(Project(project_copy))
    messages = [str(i) for i in issues]
    assert any(
        expected in m and "data/meetings/ehelseraad-2023-06-23.yaml:" in m and "agenda[1].number" in m for m in messages
    ), messages


def test_a_case_number_used_twice_in_a_year_is_caught(project_copy: Path) -> None:
    shutil.copy(
        meeting_file(project_copy, "ehelseraad-2023-06-23"), meeting_file(project_copy, "ehelseraad-2023-10-03")
    )
    text = meeting_file(project_copy, "ehelseraad-2023-10-03").read_text(encoding="utf-8")
    meeting_file(project_copy, "ehelseraad-2023-10-03").write_text(
        text.replace("id: ehelseraad-2023-06-23", "id: ehelseraad-2023-10-03").replace(
            "date: 2023-06-23", "date: 2023-10-03"
        ),
        encoding="utf-8",
    )
    _ds, issues = load_and_validate(Project(project_copy))
    assert any("is used more than once" in str(i) for i in issues)


def test_adopted_decision_before_the_meeting_is_held_is_caught(project_copy: Path) -> None:
    assert main(["--root", str(project_copy), "new", "meeting", "--body", "nufa", "--date", "2099-01-10"]) == 0
    path = meeting_file(project_copy, "nufa-2099-01-10")
    path.write_text(path.read_text(encoding="utf-8") + "    adopted_decision: {nb: Godkjent.}\n", encoding="utf-8")
    _ds, issues = load_and_validate(Project(project_copy))
    assert any("has not been held yet" in str(i) and "agenda[0].adopted_decision" in str(i) for i in issues)


def test_internal_notes_never_reach_the_site(site: Path) -> None:
    ds, _ = load_and_validate(Project(ROOT))
    notes = [item.internal_note for mt in ds.meetings.values() for item in mt.agenda if item.internal_note]
    notes += [mt.internal_note for mt in ds.meetings.values() if mt.internal_note]
    assert notes, "the real data has internal notes to test with"
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    for note in notes:
        fragment = " ".join(note.split())[:60]
        assert not any(fragment in " ".join(page.split()) for page in pages), fragment


def test_a_long_facet_is_listed_in_full_only_on_the_main_decisions_page(ds, monkeypatch) -> None:
    """Listing every initiative on every decisions-by-initiative page would grow with the square
    of the portfolio; past FACET_LIMIT choices a filter page shows its own and a link to all."""
    from generator import pages as pages_module
    from generator.pages import SiteBuilder

    monkeypatch.setattr(pages_module, "FACET_LIMIT", 2)
    decision_pages = list(SiteBuilder(ds, dt.date(2026, 11, 22), None, None).decision_pages())
    main_facets = {f.key: f for f in decision_pages[0].context["facets"]}
    assert decision_pages[0].path == "vedtak/" and main_facets["tiltak"].all_count is None
    by_initiative = [p for p in decision_pages if p.path.startswith("vedtak/tiltak/")]
    assert len(by_initiative) == len(main_facets["tiltak"].values) > 2
    for page in by_initiative:
        shown = {f.key: f for f in page.context["facets"]}["tiltak"]
        assert [v.path for v in shown.values] == [page.path]
        assert shown.all_count == len(by_initiative)
    for page in decision_pages[1:]:
        if not page.path.startswith("vedtak/tiltak/"):
            shown = {f.key: f for f in page.context["facets"]}["tiltak"]
            assert shown.values == [] and shown.all_count == len(by_initiative)


def test_the_decisions_page_has_the_anchor_that_filter_pages_link_to(site: Path) -> None:
    """Filter pages of a long facet link to ``vedtak/#filter-<facet>``."""
    text = (site / "vedtak" / "index.html").read_text(encoding="utf-8")
    assert 'id="filter-tiltak"' in text
