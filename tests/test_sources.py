"""Sources a reader can follow: every source reference is a link into the document's own page,
where the cited lines are marked and shown, with script and without."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site_pages import url


def test_every_source_reference_on_every_page_is_a_link_to_its_lines(site: Path) -> None:
    references = 0
    for path in site.rglob("index.html"):
        page = path.read_text(encoding="utf-8")
        for span in re.findall(r'<span class="pf-sources">(.*?)</span>', page, re.S):
            links = re.findall(r'<a href="([^"]*kilder/[a-z0-9-]+/(?:#L\d+(?:-L\d+)?)?)">', span)
            assert links, f"{path.relative_to(site)}: a source reference that is not a link: {span[:120]}"
            references += len(links)
    assert references > 3_000  # about 3,400 references a language


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_document_page_holds_its_text_in_bokmal_with_every_line_addressable(site: Path, lang: str) -> None:
    page = (site / ("nn" if lang == "nn" else "") / "kilder" / "portefoljerapport-2023-05" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<div class="pf-source-text" lang="nb">' in page
    source = Path(__file__).resolve().parents[1] / "sources" / "portefoljerapport-2023-05.txt"
    text = source.read_text(encoding="utf-8")
    assert len(re.findall(r'<span class="pf-line" id="L\d+"', page)) == len(text.splitlines())
    assert '<span class="pf-anchor" id="L42-L44"></span><span class="pf-line" id="L42"' in page


@pytest.mark.parametrize("script", [True, False])
def test_a_link_to_a_range_shows_and_marks_those_lines(browser, server: str, script: bool) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700}, java_script_enabled=script)
    page = context.new_page()
    try:
        page.goto(url(server, "nn", "tiltak/epj-loftet/"))
        href = page.locator('.pf-sources a[href*="#L42-L44"]').first.get_attribute("href")
        page.goto(url(server, "nn", "tiltak/epj-loftet/") + href)
        page.wait_for_timeout(200)
        first = page.locator("#L42").bounding_box()
        assert first is not None and 0 <= first["y"] < 700, first  # on screen, below the header
        marked = page.evaluate(
            "Array.from(document.querySelectorAll('.pf-line')).filter("
            "(l) => getComputedStyle(l).backgroundColor === 'rgb(255, 243, 176)').map((l) => l.id)"
        )
        assert marked == (["L42", "L43", "L44"] if script else ["L42"])
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_change_log_says_not_named_never_left(site: Path, lang: str) -> None:
    """The May 2023 report names 16 initiatives; it does not say the others left the portfolio."""
    page = (site / ("nn" if lang == "nn" else "") / "portefolje" / "endringer" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "gikk ut" not in page and "gjekk ut" not in page and "kom inn" not in page
    assert ("ikke nevnt i den nye rapporten" if lang == "nb" else "ikkje nemnd i den nye rapporten") in page
    assert re.search(r"nevner 70 tiltak, rapporten per 30\. mars 2023 nevner 16|nemner 70 tiltak, .* nemner 16", page)


def test_notes_on_how_the_source_was_read_are_folded_beside_the_source_not_in_the_text(site: Path) -> None:
    page = (site / "veikart" / "mal-1" / "index.html").read_text(encoding="utf-8")
    body = re.sub(r'<details class="pf-about-source">.*?</details>', "", page, flags=re.S)
    assert "cellen er tom" in page and "cellen er tom" not in body
    beside = r'class="pf-sources">.*?</span><details class="pf-about-source"><summary>Om kilden</summary>'
    assert re.search(beside, page)
