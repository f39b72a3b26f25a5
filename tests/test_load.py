"""Loading data/: every kind of bad input is reported with its file, line and field, all in one
run, in words an editor understands, and with no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import Project, load_and_validate
from generator.cli import main
from tests.helpers import INITIATIVE, valid_files, write_data


def issues_for(tmp_path: Path, **changes: str | bytes) -> list:
    files = valid_files()
    for name, content in changes.items():
        files[name.replace("__", "/")] = content
    write_data(tmp_path, files)
    _ds, issues = load_and_validate(Project(tmp_path))
    return issues


def only(issues: list):
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


def test_valid_data_loads_without_issues(tmp_path: Path) -> None:
    write_data(tmp_path, valid_files())
    ds, issues = load_and_validate(Project(tmp_path))
    assert issues == []
    assert ds is not None and ds.initiatives["heliks"].history[0].status.value == "gul"


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    broken = INITIATIVE.replace("kind: prosjekt", "kind: [prosjekt")
    issue = only(issues_for(tmp_path, **{"initiatives__heliks.yaml": broken}))
    assert issue.file == "data/initiatives/heliks.yaml"
    assert issue.line in (3, 4)
    assert "not valid YAML" in issue.message


def test_non_utf8_bytes_are_reported_with_their_line(tmp_path: Path) -> None:
    content = INITIATIVE.encode("utf-8").replace(b"HELIKS", b"HEL\xe6KS")
    issue = only(issues_for(tmp_path, **{"initiatives__heliks.yaml": content}))
    assert (issue.file, issue.line) == ("data/initiatives/heliks.yaml", 2)
    assert "UTF-8" in issue.message


def test_empty_file_is_reported(tmp_path: Path) -> None:
    issue = only(issues_for(tmp_path, **{"initiatives__tomt.yaml": "\n  \n"}))
    assert issue.file == "data/initiatives/tomt.yaml"
    assert "empty" in issue.message


def test_unknown_key_is_a_typo_error(tmp_path: Path) -> None:
    content = INITIATIVE.replace("    status: gul", "    statsu: gul")
    issue = only(issues_for(tmp_path, **{"initiatives__heliks.yaml": content}))
    assert (issue.line, issue.field) == (7, "history[0].statsu")
    assert "not a known field" in issue.message


def test_wrong_enum_value_lists_the_allowed_values(tmp_path: Path) -> None:
    content = INITIATIVE.replace("status: gul", "status: oransje")
    issue = only(issues_for(tmp_path, **{"initiatives__heliks.yaml": content}))
    assert (issue.line, issue.field) == (7, "history[0].status")
    assert "'oransje'" in issue.message and "'grønn'" in issue.message and "'rød'" in issue.message


def test_bad_date_says_how_to_write_a_date(tmp_path: Path) -> None:
    content = "id: 2023-03\nas_of: 30.03.2023\ntitle: {nb: Runde}\nreport: rapport\n"
    issue = only(issues_for(tmp_path, **{"rounds__2023-03.yaml": content}))
    assert (issue.file, issue.line, issue.field) == ("data/rounds/2023-03.yaml", 2, "as_of")
    assert "YYYY-MM-DD" in issue.message


def test_missing_required_field(tmp_path: Path) -> None:
    content = INITIATIVE.replace("kind: prosjekt\n", "")
    issue = only(issues_for(tmp_path, **{"initiatives__heliks.yaml": content}))
    assert issue.field == "kind" and "required" in issue.message


def test_id_must_equal_file_name_so_ids_cannot_be_duplicated(tmp_path: Path) -> None:
    issue = only(issues_for(tmp_path, **{"initiatives__heliks-kopi.yaml": INITIATIVE}))
    assert (issue.file, issue.line, issue.field) == ("data/initiatives/heliks-kopi.yaml", 1, "id")
    assert "file name" in issue.message


def test_duplicate_key_in_a_file(tmp_path: Path) -> None:
    content = INITIATIVE.replace("kind: prosjekt\n", "kind: prosjekt\nkind: program\n")
    issue = only(issues_for(tmp_path, **{"initiatives__heliks.yaml": content}))
    assert (issue.line, issue.field) == (4, "kind") and "twice" in issue.message


@pytest.mark.parametrize(
    ("original", "replacement", "field", "line"),
    [
        ("owner: helse-vest-rhf", "owner: helse-vst-rhf", "owner", 4),
        ("  - round: 2023-03", "  - round: 2023-04", "history[0].round", 6),
        ("{doc: rapport", "{doc: rapportt", "history[0].sources[0].doc", 8),
    ],
)
def test_reference_to_missing_id(tmp_path: Path, original: str, replacement: str, field: str, line: int) -> None:
    issue = only(issues_for(tmp_path, **{"initiatives__heliks.yaml": INITIATIVE.replace(original, replacement)}))
    assert (issue.file, issue.line, issue.field) == ("data/initiatives/heliks.yaml", line, field)
    assert "there is no such" in issue.message


def test_sub_goal_must_name_an_existing_goal(tmp_path: Path) -> None:
    strategy = "id: s\ntitle: {nb: Strategi}\nstart_year: 2023\nend_year: 2030\n"
    sub_goal = "id: 1-a\nstrategy: s\nlevel: delmål\nnumber: 1.A\nparent: '1'\ntitle: {nb: Delmål}\n"
    issue = only(issues_for(tmp_path, **{"strategies__s.yaml": strategy, "goals__1-a.yaml": sub_goal}))
    assert (issue.line, issue.field) == (5, "parent") and "no such goal" in issue.message


def test_source_lines_must_exist_in_the_document(tmp_path: Path) -> None:
    issue = only(
        issues_for(tmp_path, **{"initiatives__heliks.yaml": INITIATIVE.replace('lines: "2"', 'lines: "2-99"')})
    )
    assert issue.field == "history[0].sources[0].lines" and "4 lines" in issue.message


def test_yaml_file_nothing_reads_is_reported(tmp_path: Path) -> None:
    issue = only(issues_for(tmp_path, **{"initiativer__heliks.yaml": INITIATIVE}))
    assert issue.file == "data/initiativer/heliks.yaml" and "not read by anything" in issue.message


def test_all_problems_are_reported_in_one_run(tmp_path: Path) -> None:
    issues = issues_for(
        tmp_path,
        **{
            "initiatives__heliks.yaml": INITIATIVE.replace("status: gul", "status: lilla"),
            "rounds__2023-03.yaml": "id: 2023-03\nas_of: mars\ntitle: {nb: R}\nreport: rapport\n",
            "organisations__tom.yaml": "",
        },
    )
    assert {i.file for i in issues} == {
        "data/initiatives/heliks.yaml",
        "data/rounds/2023-03.yaml",
        "data/organisations/tom.yaml",
    }


def test_cli_prints_file_line_field_and_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    write_data(tmp_path, {**valid_files(), "initiatives/heliks.yaml": INITIATIVE.replace("status: gul", "status: blå")})
    code = main(["--root", str(tmp_path), "validate"])
    err = capsys.readouterr().err
    assert code == 1
    assert "data/initiatives/heliks.yaml:7: history[0].status: has the value 'blå'" in err
    assert "Traceback" not in err


def test_a_changed_file_is_read_again_even_when_its_size_is_the_same(tmp_path: Path) -> None:
    """Loading remembers each file's result by its bytes (so `serve` re-parses only what an
    editor saved); a same-size edit within the file system's time resolution is still seen."""
    write_data(tmp_path, valid_files())
    ds, issues = load_and_validate(Project(tmp_path))
    assert issues == [] and ds is not None and ds.initiatives["heliks"].name == "HELIKS"
    path = tmp_path / "data" / "initiatives" / "heliks.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: HELIKS", "name: HELIKZ"), encoding="utf-8")
    ds, issues = load_and_validate(Project(tmp_path))
    assert issues == [] and ds is not None and ds.initiatives["heliks"].name == "HELIKZ"


# --- The site settings (data/settings/site.yaml) ---------------------------------------


def test_a_site_without_its_settings_is_refused_naming_the_file_and_what_it_needs(tmp_path: Path) -> None:
    files = valid_files()
    del files["settings/site.yaml"]
    write_data(tmp_path, files)
    _ds, issues = load_and_validate(Project(tmp_path))
    issue = only(issues)
    assert issue.file == "data/settings/site.yaml"
    assert "publisher" in issue.message and "contact_email or contact_url" in issue.message


def test_settings_without_a_contact_are_refused(tmp_path: Path) -> None:
    issue = only(issues_for(tmp_path, **{"settings__site.yaml": "id: site\npublisher: helse-vest-rhf\n"}))
    assert issue.file == "data/settings/site.yaml" and issue.line == 1
    assert "contact_email or contact_url" in issue.message


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("contact_email: post(at)example.org", "contact_email"),
        ("contact_url: www.example.org", "contact_url"),
        ("site_url: ftp://example.org/", "site_url"),
        ("organisation_number: 12345", "organisation_number"),
        ("publisher: finnes-ikke", "publisher"),
    ],
)
def test_settings_in_the_wrong_form_are_refused_with_their_line(tmp_path: Path, line: str, field: str) -> None:
    settings = "id: site\npublisher: helse-vest-rhf\ncontact_url: https://example.org/kontakt\n"
    key = line.split(":")[0]
    settings = "\n".join(x for x in settings.splitlines() if not x.startswith(key + ":")) + f"\n{line}\n"
    issue = only(issues_for(tmp_path, **{"settings__site.yaml": settings}))
    assert (issue.file, issue.field) == ("data/settings/site.yaml", field)
    assert issue.line == settings.splitlines().index(line) + 1


def test_a_logo_that_is_not_there_is_refused(tmp_path: Path) -> None:
    settings = "id: site\npublisher: helse-vest-rhf\ncontact_email: post@example.org\nlogo: assets/logo.svg\n"
    issue = only(issues_for(tmp_path, **{"settings__site.yaml": settings}))
    assert (issue.file, issue.line, issue.field) == ("data/settings/site.yaml", 4, "logo")
    assert "theme/assets/logo.svg" in issue.message
