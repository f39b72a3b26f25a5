"""Hostile and careless input (issue 17): every bad input is refused with file, line and field
in words an editor understands, a non-zero exit and no traceback, and the last site is left as
it was; what is accepted is published safely (CSV that cannot run formulas, well-formed feeds).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import feeds, load
from generator.build import BuildError, Project, _failure_in_words, build, load_and_validate
from generator.spreadsheet import csv_text, neutralise
from tests.helpers import INITIATIVE, valid_files, write_data

ROOT = Path(__file__).resolve().parents[1]
NAME = "name: HELIKS"


def refused(tmp_path: Path, initiative: str | bytes, name: str = "initiatives/heliks.yaml") -> list:
    files = valid_files()
    files[name] = initiative
    write_data(tmp_path, files)
    ds, issues = load_and_validate(Project(tmp_path))
    assert ds is None and issues, "the input was accepted"
    for issue in issues:
        assert issue.file.startswith("data/") and len(str(issue)) < 600, str(issue)[:200]
    return issues


def cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command in its own process: a segfault or a runaway would show here."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_refused_by_the_command(tmp_path: Path, *expected: str) -> str:
    completed = cli(tmp_path, "validate")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output[-500:]
    assert "Traceback" not in output and len(output) < 5000
    for text in expected:
        assert text in output, output[-500:]
    return output


# --- Rows 1-5: limits at the door -------------------------------------------------------


def test_1_an_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    write_data(tmp_path, {**valid_files(), "initiatives/heliks.yaml": INITIATIVE.replace(NAME, "name: *i\n" + bomb)})
    assert_refused_by_the_command(tmp_path, "data/initiatives/heliks.yaml:", "aliases")


@pytest.mark.parametrize(
    "text",
    [
        "description: " + "[" * 100_000,  # was a segfault
        "description: " + "[" * 1_000 + "]" * 1_000,  # was a RecursionError
        # 5,000 levels would be 24 MB of indentation (refused by size); 500 test the depth.
        "description:\n" + "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v: 1\n",
    ],
    ids=["100000-brackets", "1000-nested-lists", "500-nested-fields"],
)
def test_2_3_deep_nesting_is_refused_with_its_line(tmp_path: Path, text: str) -> None:
    write_data(tmp_path, {**valid_files(), "initiatives/heliks.yaml": INITIATIVE + text})
    assert_refused_by_the_command(tmp_path, "data/initiatives/heliks.yaml:", "deep")


def test_4_5_only_regular_files_inside_data_are_read(tmp_path: Path) -> None:
    write_data(tmp_path, valid_files())
    folder = tmp_path / "data" / "initiatives"
    (folder / "zero.yaml").symlink_to("/dev/zero")  # was 24 GB of memory
    (folder / "dangling.yaml").symlink_to(folder / "missing.yaml")
    (folder / "outside.yaml").symlink_to(ROOT / "data" / "initiatives" / "heliks.yaml")
    os.mkfifo(folder / "pipe.yaml")
    output = assert_refused_by_the_command(tmp_path)
    assert "data/initiatives/zero.yaml: is a link to a file outside data/" in output
    assert "data/initiatives/dangling.yaml: is a link to a file that does not exist" in output
    assert "data/initiatives/outside.yaml: is a link to a file outside data/" in output
    assert "data/initiatives/pipe.yaml: is not a regular file" in output


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = INITIATIVE + "description: {nb: " + "x" * (load.MAX_FILE_BYTES + 10) + "}\n"
    issue = refused(tmp_path, big)[0]
    assert issue.file == "data/initiatives/heliks.yaml" and "at most 2 MB" in issue.message


# --- Rows 6-12: every value checked where it enters --------------------------------------


def test_6_7_an_impossible_unquoted_date_names_file_line_and_field(tmp_path: Path) -> None:
    text = INITIATIVE + "    dependencies:\n      - description: {nb: Noe}\n        deadline: 2023-02-30\n"
    issue = refused(tmp_path, text)[0]
    assert (issue.line, issue.field) == (11, "history[0].dependencies[0].deadline")
    assert "not a real date (2023-02-30)" in issue.message


def test_7_the_preview_survives_bad_input_and_shows_it_in_the_page(tmp_path: Path) -> None:
    from generator import serve

    write_data(tmp_path, valid_files())
    for name in ("theme", "content", "accessibility", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    project = Project(tmp_path)
    preview = project.docs_build / "preview"
    serve._rebuild(project, preview)
    assert serve._State.problems == []
    bad = INITIATIVE + "    dependencies:\n      - description: {nb: Noe}\n        deadline: 2023-13-01\n"
    (tmp_path / "data" / "initiatives" / "heliks.yaml").write_text(bad, encoding="utf-8")
    serve._rebuild(project, preview)  # does not raise
    assert any("data/initiatives/heliks.yaml:11" in p for p in serve._State.problems)
    # The preview's pages say so, at the top, while the problem lasts.
    import functools
    import http.server
    import threading
    import urllib.request

    handler = functools.partial(serve._SiteHandler, directory=str(preview))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{httpd.server_address[1]}/tiltak/heliks/"
        page = urllib.request.urlopen(address, timeout=10).read().decode("utf-8")
        assert '<div role="alert"' in page and "data/initiatives/heliks.yaml:11" in page
        (tmp_path / "data" / "initiatives" / "heliks.yaml").write_text(INITIATIVE, encoding="utf-8")
        serve._rebuild(project, preview)
        assert serve._State.problems == []
        assert '<div role="alert"' not in urllib.request.urlopen(address, timeout=10).read().decode("utf-8")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ('    sources: [{doc: rapport, lines: "2"}]', "history[0].sources[0].lines", "expected form"),
        ("    budget_mnok: -40", "history[0].budget_mnok", "greater than or equal to 0"),
        ("    budget_mnok: 1e308", "history[0].budget_mnok", "less than or equal to 100000"),
        ('    segment: "!!!"', "history[0].segment", "no letters or digits"),
    ],
    ids=["lines-15-14", "budget-negative", "budget-1e308", "segment-without-words"],
)
def test_8_12_values_out_of_bounds_are_refused(tmp_path: Path, change: str, field: str, message: str) -> None:
    text = INITIATIVE.replace('    sources: [{doc: rapport, lines: "2"}]', change)
    if change.startswith("    sources"):
        text = text.replace('lines: "2"', "lines: 15:14")  # YAML 1.1 read this as 914
    else:
        text = text.rstrip("\n") + "\n    sources: [{doc: rapport, lines: \"2\"}]\n"
    issue = next(i for i in refused(tmp_path, text) if i.field == field)
    assert message in issue.message


def test_8_a_quoted_impossible_milestone_date_is_refused(tmp_path: Path) -> None:
    activity = (
        "id: vk-1\nsource_set: veikart\ngoal: g\nmilestones:\n"
        '  - date: "2024-13-45"\n    label: {nb: Frist}\n'
    )
    issues = refused(tmp_path, activity, "roadmap/vk-1.yaml")
    issue = next(i for i in issues if i.field.endswith("date"))
    assert (issue.file, issue.line) == ("data/roadmap/vk-1.yaml", 5)


def test_9_a_number_that_is_text_must_be_quoted(tmp_path: Path) -> None:
    goal = "id: g\nstrategy: s\nlevel: mål\nnumber: 1.10\ntitle: {nb: Mål}\n"
    issue = next(i for i in refused(tmp_path, goal, "goals/g.yaml") if i.field == "number")
    assert issue.line == 4 and "write it in quotes" in issue.message


def test_12_a_dependency_on_the_initiative_itself_is_refused(tmp_path: Path) -> None:
    dependency = "    dependencies:\n      - description: {nb: Seg selv}\n        counterpart_initiative: heliks\n"
    text = INITIATIVE + dependency
    issue = next(i for i in refused(tmp_path, text) if "counterpart_initiative" in i.field)
    assert "the initiative itself" in issue.message


@pytest.mark.parametrize(
    "name",
    ['"HEL\\x0bIKS\\x07"', '"HELIKS\\u202e"', '"HEL\\u200bIKS"', '"\\ufeffHELIKS"'],
    ids=["control", "right-to-left-override", "zero-width-space", "byte-order-mark"],
)
def test_14_15_control_bidi_and_zero_width_characters_are_refused(tmp_path: Path, name: str) -> None:
    issue = refused(tmp_path, INITIATIVE.replace(NAME, f"name: {name}"))[0]
    assert (issue.file, issue.line) == ("data/initiatives/heliks.yaml", 2)
    assert "not allowed in text (U+" in issue.message


def test_python_tags_are_refused_on_their_own_line(tmp_path: Path) -> None:
    issue = refused(tmp_path, INITIATIVE.replace(NAME, "name: !!python/object:os.system x"))[0]
    assert issue.line == 2 and "YAML tag" in issue.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1, max_size=40))
def test_14_any_name_is_refused_with_a_line_or_published_in_well_formed_feeds(tmp_path: Path, name: str) -> None:
    """Whatever text a name holds: a message with file and line, or feeds that parse as XML."""
    quoted = json.dumps(name)  # a YAML double-quoted scalar with JSON's escapes
    files = valid_files()
    files["initiatives/heliks.yaml"] = INITIATIVE.replace(NAME, f"name: {quoted}")
    folder = tmp_path / hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    write_data(folder, files)
    ds, issues = load_and_validate(Project(folder))
    if ds is None:
        assert all(i.file.startswith("data/") and i.line >= 0 for i in issues)
        return
    for path, text in feeds.files(ds, "nb").items():
        if path.endswith(".xml"):
            ET.fromstring(text.encode("utf-8"))


# --- Row 13: open data that cannot attack its reader ----------------------------------------


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+1 og mer", "-rm", "@SUM(A1)", "\tx", "\rx"])
def test_13_text_cells_that_a_spreadsheet_would_run_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert csv_text(["navn"], [[text]]).splitlines()[1].startswith(("'", "\"'"))


@pytest.mark.parametrize("number", ["-4", "-4,5", "1 500", "0", "+3"])
def test_13_numbers_stay_numbers(number: str) -> None:
    assert neutralise(number) == number


def test_13_the_open_data_of_a_hostile_name_is_safe_in_csv_and_exact_in_json(tmp_path: Path) -> None:
    from generator import exports

    name = '=HYPERLINK("http://angriper.example/","Klikk")'
    write_data(tmp_path, {**valid_files(), "initiatives/heliks.yaml": INITIATIVE.replace(NAME, f"name: '{name}'")})
    ds, issues = load_and_validate(Project(tmp_path))
    assert ds is not None, issues
    files = exports.files(ds)
    csv_rows = [line for line in files["data/tiltak.csv"].splitlines() if "HYPERLINK" in line]
    assert csv_rows and all(";=HYPERLINK" not in row and not row.lstrip("\ufeff").startswith("=") for row in csv_rows)
    assert name in files["data/tiltak.json"].replace('\\"', '"')


# --- Rows 17 and 19: the disk, permissions, and one build at a time ----------------------------


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("Traceback (most recent call last):\n  File x\nOSError: [Errno 28] No space left on device", "disk is full"),
        ("Traceback (most recent call last):\nPermissionError: [Errno 13] Permission denied: 'x'", "permission denied"),
        ("INFO - Building\nERROR - Config value 'theme': Unrecognised theme name", "Unrecognised theme name"),
    ],
)
def test_17_a_tools_failure_becomes_one_line_in_words(output: str, expected: str) -> None:
    message = _failure_in_words(output)
    assert expected in message and "\n" not in message and "Traceback" not in message


def test_17_a_project_folder_that_cannot_be_written_gives_one_line(tmp_path: Path) -> None:
    write_data(tmp_path, valid_files())
    (tmp_path / "docs_build").write_text("a file where the build's folder should be", encoding="utf-8")
    completed = cli(tmp_path, "build")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1 and "Traceback" not in output
    assert "could not write docs_build/" in output


def test_19_a_second_build_at_the_same_time_is_told_to_wait(tmp_path: Path) -> None:
    write_data(tmp_path, valid_files())
    (tmp_path / "docs_build").mkdir()
    with (tmp_path / "docs_build" / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        with pytest.raises(BuildError, match="another build of this project is running"):
            build(Project(tmp_path), tmp_path / "site")


def test_19_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    write_data(tmp_path, valid_files())
    for name in ("theme", "content", "accessibility", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    for leftover in (".site-new-4242", ".site-new-4242-nn", ".site-old-4243"):
        (tmp_path / leftover / "x").mkdir(parents=True)
    build(Project(tmp_path), tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == []
    assert (tmp_path / "site" / "index.html").is_file()


# --- The smaller findings -------------------------------------------------------------------


@pytest.mark.parametrize("date", ["20230216", "1900-01-01", "2023-02-30"])
def test_new_meeting_refuses_dates_that_are_not_meeting_dates(tmp_path: Path, date: str) -> None:
    write_data(tmp_path, {**valid_files(), "bodies/nuit.yaml": "id: nuit\nname: {nb: NUIT}\n"})
    completed = cli(tmp_path, "new", "meeting", "--body", "nuit", "--date", date)
    assert completed.returncode == 1 and "is not a meeting date" in completed.stderr
    assert not list((tmp_path / "data").glob("meetings/*.yaml"))


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_17_a_full_disk_gives_one_line_and_leaves_the_site(tmp_path: Path) -> None:
    """A real full filesystem (a 32 kB tmpfs) under docs_build/, where the build writes first."""
    write_data(tmp_path, valid_files())
    for name in ("theme", "content", "accessibility", "mkdocs.yml"):
        (tmp_path / name).symlink_to(ROOT / name)
    assert cli(tmp_path, "build", "--quiet").returncode == 0
    before = _digest(tmp_path / "site")
    full = tmp_path / "docs_build"
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs", str(full)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not let the test mount a small filesystem: {mounted.stderr.strip()}")
    try:
        completed = cli(tmp_path, "build", "--quiet")
    finally:
        subprocess.run(["umount", str(full)], check=False)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1 and "Traceback" not in output, output[-800:]
    assert "No space left on device" in output or "disk is full" in output, output[-800:]
    assert _digest(tmp_path / "site") == before
