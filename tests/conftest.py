"""Shared fixtures: the real site built once per test session, served on localhost, and a
headless Chromium (Debian's /usr/bin/chromium) driven by Playwright."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import BuildReport, Project, build, load_and_validate
from generator.dataset import DataSet
from tests import a11y_record
from tests.site_pages import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parents[1]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    name = report.nodeid.split("::")[-1].split("[")[0]
    if name in a11y_record.METHODS and (report.when == "call" or report.outcome != "passed"):
        a11y_record.outcomes.setdefault(a11y_record.METHODS[name], []).append(report.outcome)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With PORTEFOLJE_RECORD_A11Y=1 (make test-all), keep what this run found for the statement."""
    if not os.environ.get("PORTEFOLJE_RECORD_A11Y") or not a11y_record.outcomes:
        return
    methods = {
        method: "passed" if outcomes and all(o == "passed" for o in outcomes) else "failed"
        for method, outcomes in sorted(a11y_record.outcomes.items())
    }
    result = {
        "date": dt.date.today().isoformat(),
        "all_pages": bool(os.environ.get("PORTEFOLJE_ALL_PAGES")),
        "methods": methods,
        "counts": dict(sorted(a11y_record.counts.items())),
        "versions": dict(sorted(a11y_record.versions.items())),
    }
    path = ROOT / "accessibility" / "latest-run.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def project() -> Project:
    # PORTEFOLJE_PROJECT runs the site tests against another project folder (default: this repo).
    return Project(Path(os.environ.get("PORTEFOLJE_PROJECT", ROOT)).resolve())


@pytest.fixture(scope="session")
def ds(project: Project) -> DataSet:
    """The repository's real data set, loaded and validated once."""
    data, issues = load_and_validate(project)
    assert data is not None, "\n".join(map(str, issues))
    return data


@pytest.fixture(scope="session")
def site_build(project: Project, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The real site from the repository's data, built once into a temporary folder."""
    site = tmp_path_factory.mktemp("built") / "site"
    report = build(project, site)
    return site, report


@pytest.fixture(scope="session")
def site(site_build: tuple[Path, BuildReport]) -> Path:
    return site_build[0]


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/, missing pages answered with its 404 page."""
    with serve(site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        a11y_record.versions["chromium"] = chromium.version
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
