"""What a reader sees, on every page of the real site, in both languages, at 320 and 1280 px, in
Debian's Chromium: the rendered page is the contract, not the markup.

Each page, at each width:

- does not scroll sideways (a wide table may scroll inside its own box, which must then be
  reachable by keyboard and named);
- shows no Markdown syntax as text (``## ``, ``**``, ``](``, table pipes);
- logs no console error and makes no request that fails;
- has no link or form that leaves the site unless it is marked as external (``rel="external"``).

Search is checked as a reader uses it: type a query, see results, open the first one.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.site_pages import CHROMIUM, CHROMIUM_ARGS, all_paths, url

pytestmark = pytest.mark.browser

PARALLEL_PAGES = 6  # pages open at once in one browser: two cores, much of a load is waiting

PAGE_CHECKS = Path(__file__).with_name("page_checks.js").read_text(encoding="utf-8")


async def _check_pages(server: str, lang: str, width: int, paths: list[str]) -> list[str]:
    from playwright.async_api import async_playwright

    failures: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": width, "height": 800})
        queue: asyncio.Queue[str] = asyncio.Queue()
        for path in paths:
            queue.put_nowait(path)

        async def worker() -> None:
            page = await context.new_page()
            events: list[str] = []
            page.on("console", lambda m: events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: events.append(f"script error: {e}"))
            # A request cut short by going on to the next page (the favicon, often) is no fault.
            page.on(
                "requestfailed",
                lambda r: events.append(f"request failed: {r.url} ({r.failure})")
                if "ERR_ABORTED" not in (r.failure or "")
                else None,
            )
            page.on(
                "response",
                lambda r: events.append(f"HTTP {r.status}: {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None,
            )
            while not queue.empty():
                path = queue.get_nowait()
                events.clear()
                address = url(server, lang, path)
                response = await page.goto(address, wait_until="load")
                problems = [] if response is not None and response.ok else [f"HTTP {response and response.status}"]
                problems += await page.evaluate(PAGE_CHECKS)
                problems += events
                failures.extend(f"{lang} {width} px /{address.removeprefix(server + '/')}: {p}" for p in problems)
            await page.close()

        await asyncio.gather(*(worker() for _ in range(PARALLEL_PAGES)))
        await browser.close()
    return failures


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_page_reads_right_in_the_browser(server: str, site: Path, lang: str, width: int) -> None:
    paths = all_paths(site)
    assert len(paths) > 200, "the real site has hundreds of pages"
    # In a thread of its own: the session's synchronous Playwright runs an event loop here.
    with ThreadPoolExecutor(max_workers=1) as thread:
        failures = thread.submit(asyncio.run, _check_pages(server, lang, width, paths)).result()
    shown = "\n".join(failures[:60]) + (f"\n… and {len(failures) - 60} more" if len(failures) > 60 else "")
    assert not failures, f"{len(failures)} problem(s) on {len(paths)} pages:\n{shown}"


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize(("lang", "query"), [("nb", "kjernejournal"), ("nn", "kjernejournal"), ("nn", "HELIKS")])
def test_search_as_a_reader_uses_it(browser, server: str, lang: str, query: str, width: int) -> None:
    """Type a query in the header's search box, see results that fit the screen, open the first."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(url(server, lang, "tiltak/"))
        if page.is_visible("#pf-q"):
            page.fill("#pf-q", query)
            page.press("#pf-q", "Enter")
        else:  # on a phone the header has only the button, which opens the search page
            page.click(".pf-header-search button")
            page.fill(".pagefind-ui__search-input", query)
        first = page.locator(".pagefind-ui__result-link").first
        first.wait_for(timeout=10_000)
        assert page.url.startswith(url(server, lang, "sok/?q="))
        assert page.locator(".pagefind-ui__result").count() >= 1
        assert query.lower() in page.locator(".pagefind-ui__results").inner_text().lower()
        assert page.evaluate(PAGE_CHECKS) == []
        title = first.inner_text().strip()
        with page.expect_navigation() as navigation:
            first.click()
        response = navigation.value
        assert response is not None and response.status == 200, page.url
        assert page.get_attribute("html", "lang") == lang
        assert page.url.startswith(url(server, lang, "")) and ("/nn/" in page.url) == (lang == "nn"), page.url
        assert title.split(" ")[0].lower() in page.locator("h1").inner_text().lower()
        assert errors == []
    finally:
        context.close()
