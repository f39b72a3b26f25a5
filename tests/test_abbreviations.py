"""Abbreviations: the first use on each page is explained with <abbr>, every one is defined on
the definitions page in both languages, and the expansion is what a source says."""

from __future__ import annotations

import re
from pathlib import Path

from generator.abbreviations import mark_first_uses, pattern

GLOSSARY = {"PLL": ("pasientens legemiddelliste", None), "EHDS": ("European Health Data Space", "en")}


def mark(body: str) -> str:
    page = f"<html><head><title>PLL</title></head><body><nav>PLL</nav><main>{body}</main></body></html>"
    marked = mark_first_uses(page, GLOSSARY, pattern(GLOSSARY))
    return marked[marked.index("<main>") + 6 : marked.index("</main>")]


def test_only_the_first_use_in_the_main_content_is_marked() -> None:
    body = mark("<p>PLL og PLL.</p><p>EHDS</p>")
    assert body == (
        '<p><abbr title="pasientens legemiddelliste">PLL</abbr> og PLL.</p>'
        '<p><abbr title="European Health Data Space" lang="en">EHDS</abbr></p>'
    )


def test_words_inside_other_words_code_attributes_and_existing_abbr_are_left_alone() -> None:
    body = '<a href="/pll/" title="PLL">PLLs, E-PLL, PLL-prosjektet</a><code>PLL</code><abbr>PLL</abbr> <b>PLL</b>'
    assert mark(body) == (
        '<a href="/pll/" title="PLL">PLLs, E-PLL, PLL-prosjektet</a><code>PLL</code><abbr>PLL</abbr> '
        '<b><abbr title="pasientens legemiddelliste">PLL</abbr></b>'
    )


def test_pages_outside_main_and_an_empty_glossary_are_unchanged() -> None:
    assert mark_first_uses("<p>PLL</p>", GLOSSARY, pattern(GLOSSARY)) == "<p>PLL</p>"
    assert mark_first_uses("<main>PLL</main>", {}, pattern({})) == "<main>PLL</main>"


def test_the_real_pages_explain_abbreviations_at_first_use(site: Path, ds) -> None:
    page = (site / "tiltak" / "epj-loftet" / "index.html").read_text(encoding="utf-8")
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count('<abbr title="pasientens legemiddelliste">PLL</abbr>') == 1
    nynorsk = (site / "nn" / "veikart" / "mal-2" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">EPJ</abbr>', nynorsk)
    # Names that contain an abbreviation are not cut up: "EPJ-løftet" stays as written.
    assert "EPJ</abbr>-løftet" not in main


def test_every_abbreviation_is_defined_on_the_definitions_page_in_both_languages(site: Path, ds) -> None:
    for lang in ("nb", "nn"):
        page = (site / ("nn" if lang == "nn" else "") / "begreper" / "index.html").read_text(encoding="utf-8")
        rows = re.findall(r'<tr><th scope="row">(?:<abbr[^>]*>)?([^<]+)', page)
        assert sorted(rows, key=str.casefold) == sorted(ds.glossary(lang), key=str.casefold)
        assert "PLL" in rows and "HOD" in rows and "RHF" in rows
