"""The built site in real headless Chromium: axe-core finds no WCAG 2.0/2.1 A or AA violation on
any page type in either language, no request leaves the site, and Pagefind search works in
bokmål and nynorsk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import a11y_record
from tests.site_pages import all_paths, one_of_each_type, url

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sample_paths(site: Path) -> list[str]:
    """One page of every type (make test); every page with PORTEFOLJE_ALL_PAGES=1 (make test-all)."""
    return all_paths(site) if os.environ.get("PORTEFOLJE_ALL_PAGES") else one_of_each_type(site)


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_axe_finds_no_wcag_violations(page, server: str, site: Path, axe: Axe, lang: str) -> None:
    failures = []
    for path in sample_paths(site):
        page.goto(url(server, lang, path))
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        a11y_record.counts["axe_pages"] += 1
        a11y_record.counts["axe_violations"] += len(results.response["violations"])
        a11y_record.versions["axe-core"] = results.response["testEngine"]["version"]
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            failures.append(f"{lang} {path}: {violation['id']} ({violation['help']}) at {targets}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_pages_have_the_right_lang_and_request_nothing_from_other_sites(
    page, server: str, site: Path, lang: str
) -> None:
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server) else None)
    for path in sample_paths(site):
        page.goto(url(server, lang, path))
        assert page.get_attribute("html", "lang") == lang, path
    assert outside == []


@pytest.mark.parametrize(
    ("lang", "query", "expected"), [("nb", "HELIKS", "HELIKS"), ("nn", "Helseplattformen", "Helseplattformen")]
)
def test_pagefind_search_returns_results_in_the_page_language(
    page, server: str, lang: str, query: str, expected: str
) -> None:
    page.goto(url(server, lang, f"sok/?q={query}"))
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert expected.lower() in page.locator(".pagefind-ui__results").inner_text().lower()
    href = result.get_attribute("href")
    assert href is not None and (href.startswith("/nn/") if lang == "nn" else not href.startswith("/nn/"))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_language_switch_stays_on_the_page(page, server: str, lang: str) -> None:
    page.goto(url(server, lang, "tiltak/heliks/"))
    page.locator(".pf-lang-switch__link").click()
    other = "nb" if lang == "nn" else "nn"
    assert page.url == url(server, other, "tiltak/heliks/")
    assert page.get_attribute("html", "lang") == other


PAGEFIND_SEARCH = """
async ([root, query, filters]) => {
  const pagefind = await import(root + "pagefind/pagefind.js");
  await pagefind.options({ basePath: root + "pagefind/" });
  const search = await pagefind.search(query, { filters });
  const data = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  return data.map((d) => ({ url: d.url, filters: d.filters, meta: d.meta }));
}
"""


@pytest.mark.parametrize(
    ("lang", "kind"), [("nb", "Tiltak"), ("nn", "Tiltak"), ("nb", "Sak og vedtak"), ("nn", "Møte")]
)
def test_filtered_search_returns_only_matching_pages(page, server: str, lang: str, kind: str) -> None:
    page.goto(url(server, lang, "sok/"))
    results = page.evaluate(PAGEFIND_SEARCH, ["/nn/" if lang == "nn" else "/", "helse", {"Type": kind}])
    assert results, f"no {kind} results for 'helse'"
    for result in results:
        assert result["filters"]["Type"] == [kind], result
        assert result["url"].startswith("/nn/") == (lang == "nn"), result["url"]


def test_search_finds_an_initiative_by_its_alias(page, server: str) -> None:
    page.goto(url(server, "nb", "sok/"))
    results = page.evaluate(PAGEFIND_SEARCH, ["/", "PLL", {"Type": "Tiltak"}])
    assert any("/tiltak/" in r["url"] for r in results)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_sorting_the_initiatives_by_status_or_risk_puts_red_first_and_not_reported_last(
    page, server: str, lang: str
) -> None:
    page.goto(url(server, lang, "tiltak/"))
    for column in (3, 4):  # status, risk
        page.locator(f".pf-table-scroll thead th:nth-child({column}) button").click()
        words = page.locator(f".pf-table-scroll tbody tr td:nth-child({column})").all_inner_texts()
        order = {"rød": 0, "raud": 0, "gul": 1, "grønn": 2, "grøn": 2}
        ranks = [order.get(word.strip(), 3) for word in words]
        assert ranks == sorted(ranks), f"column {column}: {words[:8]}"
        assert ranks[0] == 0 and ranks[-1] == 3
