"""Universal design beyond axe: valid HTML (Nu HTML Checker), keyboard use, reflow at 320 px,
text at 200 %, the dark theme, heading outlines, table captions and scopes, unique titles, print."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import a11y_record
from tests.test_browser import WCAG_TAGS, sample_paths, url

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Messages of the Nu HTML Checker that come from Material's own markup, not ours.
KNOWN_THEME_MESSAGES = [
    # Material's hidden checkbox toggles (drawer, search) carry autocomplete="off" so that
    # Firefox does not restore their state on back navigation; harmless, and in base.html.
    re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
]


def html_files(site: Path) -> list[Path]:
    """Both languages of the sample (every page with PORTEFOLJE_ALL_PAGES=1)."""
    files = []
    for path in sample_paths(site):
        for folder in (site, site / "nn"):
            files.append(folder / path.lstrip("/") / "index.html")
    return files


def test_nu_html_checker_finds_no_errors(site: Path) -> None:
    assert VNU.is_file(), "run `make test`, which installs vnu-jar with npm"
    files = html_files(site)
    completed = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(completed.stderr)["messages"]
    errors = [
        f"{m['url'].rsplit('/site/', 1)[-1]}: {m['message']}"
        for m in messages
        if m.get("type") == "error" and not any(p.search(m["message"]) for p in KNOWN_THEME_MESSAGES)
    ]
    a11y_record.counts["vnu_pages"] += len(files)
    a11y_record.counts["vnu_errors"] += len(errors)
    a11y_record.versions["vnu"] = json.loads((ROOT / "package.json").read_text())["devDependencies"]["vnu-jar"]
    assert len(files) >= 40
    assert errors == [], "\n".join(errors[:30])


FOCUSED = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // Material's palette switch is a hidden radio input; its label shows the focus.
  if (el.classList.contains('md-option')) el = el.nextElementSibling || el;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    text: (el.innerText || el.getAttribute('aria-label') || el.getAttribute('placeholder') || '').trim().slice(0, 60),
    tag: el.tagName, cls: el.className && el.className.baseVal === undefined ? el.className : '',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    visible: rect.width > 0 && rect.height > 0,
  };
}"""


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_keyboard_reaches_skip_link_language_switch_search_and_content(page, server: str, lang: str) -> None:
    page.goto(url(server, lang, "tiltak/epj-loftet/"))
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused is not None, f"focus left the page after {len(seen)} tabs (a trap or a lost focus)"
        assert focused["visible"] and focused["outline"], f"focus is not visible on {focused}"
        seen.append(focused)
    skip = "Hopp til innhold" if lang == "nb" else "Hopp til innhaldet"
    assert seen[0]["text"] == skip, seen[0]
    texts = [s["text"] for s in seen]
    assert ("Nynorsk" if lang == "nb" else "Bokmål") in texts
    assert any(s["tag"] == "INPUT" for s in seen), "the header search field is reachable"
    assert len({(s["tag"], s["text"]) for s in seen}) > 20, "focus moves forward through the page"
    # The skip link moves focus to the content.
    page.goto(url(server, lang, "tiltak/epj-loftet/"))
    target = page.locator("a.md-skip").get_attribute("href")
    assert target and target.startswith("#")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    # Following the link updates the address asynchronously: wait for it, then check where it went.
    page.wait_for_url(f"**/tiltak/epj-loftet/{target}", timeout=5000)
    assert page.evaluate(f"document.querySelector('article {target}') !== null"), "the skip link lands in the content"


def test_initiative_filters_work_by_keyboard(page, server: str) -> None:
    page.goto(url(server, "nb", "tiltak/"))
    page.focus("#pf-filter-status")
    page.keyboard.press("ArrowDown")  # the first value after "Alle"
    shown = page.locator("tbody tr:not([hidden])").count()
    total = page.locator("tbody tr").count()
    assert 0 < shown < total
    assert page.locator(".pf-count__n").inner_text() == str(shown)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_reflow_at_320_px_has_no_horizontal_page_scroll(browser, server: str, site: Path, lang: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = []
    for path in sample_paths(site):
        page.goto(url(server, lang, path))
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{path}: {width}px")
    context.close()
    assert wide == []


def test_text_at_200_percent_does_not_break_the_layout(page, server: str, site: Path) -> None:
    for path in ["tiltak/epj-loftet/", "moter/ehelseraad/2023-06-23/", "veikart/mal-2/", "/"]:
        page.goto(url(server, "nb", path))
        page.add_style_tag(content="html { font-size: 200% !important; }")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px with text at 200 %"


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_dark_theme_passes_axe(browser, server: str, lang: str) -> None:
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    axe = Axe()
    failures = []
    for path in [
        "/",
        "tiltak/epj-loftet/",
        "portefolje/2023-03/",
        "veikart/mal-2/",
        "moter/ehelseraad/2023-06-23/13-23/",
    ]:
        page.goto(url(server, lang, path))
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        a11y_record.counts["axe_dark_pages"] += 1
        a11y_record.counts["axe_violations"] += len(results.response["violations"])
        failures += [
            f"{path}: {v['id']} {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]
        ]
    context.close()
    assert failures == []


HEADINGS = """() => Array.from(document.querySelectorAll(
  'article h1, article h2, article h3, article h4, article h5, article h6')).map(h => parseInt(h.tagName[1]))"""


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_headings_tables_and_titles(page, server: str, site: Path, lang: str) -> None:
    titles = []
    for path in sample_paths(site):
        page.goto(url(server, lang, path))
        levels = page.evaluate(HEADINGS)
        assert levels.count(1) == 1 and levels[0] == 1, f"{path}: one h1, first ({levels})"
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{path}: heading level jumps from h{before} to h{after}"
        tables = page.evaluate("""() => Array.from(document.querySelectorAll('article table')).map(t => ({
            caption: !!t.querySelector('caption') && t.querySelector('caption').innerText.trim().length > 0,
            unscoped: Array.from(t.querySelectorAll('th')).filter(th => !th.getAttribute('scope')).length}))""")
        for table in tables:
            assert table["caption"] and table["unscoped"] == 0, f"{path}: table without caption or header scope"
        link_texts = page.evaluate(
            "() => Array.from(document.querySelectorAll('article a')).map(a => a.innerText.trim().toLowerCase())"
        )
        assert not {"her", "klikk her", "les mer", "lenke"} & set(link_texts), path
        titles.append(page.title())
    duplicates = [t for t, n in Counter(titles).items() if n > 1]
    assert duplicates == []


def test_page_titles_are_unique_across_the_whole_site(site: Path) -> None:
    for folder, skip_nn in ((site, True), (site / "nn", False)):
        titles = Counter()
        for path in folder.rglob("index.html"):
            parts = path.relative_to(folder).parts
            if "pagefind" in parts or (skip_nn and parts[0] == "nn"):
                continue
            match = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)
            titles[match.group(1).strip()] += 1
        assert [t for t, n in titles.items() if n > 1] == []


def test_print_shows_the_content_without_navigation(page, server: str) -> None:
    page.goto(url(server, "nb", "tiltak/epj-loftet/"))
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator("article h1").is_visible()
    assert page.locator("article table").first.is_visible()
