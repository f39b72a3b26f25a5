"""Universal design that axe cannot see, in Chromium, in both languages: where keyboard focus
goes and whether it can be seen, single-key shortcuts, announcements, forced colours, headings
and landmarks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site_pages import url

pytestmark = pytest.mark.browser

WIDTHS = (1280, 1024, 640, 320)
STOPS = 20  # tab stops walked from each end of a page

# One page of each kind a reader meets; the walk covers its first and last stops.
WALKED = [
    "",
    "tiltak/",
    "tiltak/epj-loftet/",
    "portefolje/2023-03/",
    "veikart/mal-2/",
    "moter/ehelseraad/2023-06-23/",
    "sok/",
    "tilgjengelighet/",
]

# Runs in the page: is the focused element on screen and not covered by anything (the fixed
# header, a sticky button)? Returns a description of the problem, or null.
FOCUS_CHECK = """
async () => {
  // Let the browser finish scrolling the focused element into view.
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  for (let i = 0, y = -1; i < 6 && y !== scrollY; i++) { y = scrollY; await frame(); }
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const describe = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"`;
  // A link that wraps has a box per line: the first line that is on screen must be uncovered.
  const boxes = Array.from(el.getClientRects()).filter((b) => b.width > 0 && b.height > 0);
  if (!boxes.length) return `${describe} has focus but no size (hidden)`;
  // What clips it: the screen, and every ancestor that scrolls or hides its overflow (a wide
  // table's box): the part of the element left inside all of them is what a reader can see.
  const clips = [{ left: 0, top: 0, right: innerWidth, bottom: innerHeight }];
  for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    const style = getComputedStyle(up);
    if (style.overflowX !== "visible" || style.overflowY !== "visible") clips.push(up.getBoundingClientRect());
  }
  for (const box of boxes) {
    const left = Math.max(box.left, ...clips.map((c) => c.left)), right = Math.min(box.right, ...clips.map((c) => c.right));
    const top = Math.max(box.top, ...clips.map((c) => c.top)), bottom = Math.min(box.bottom, ...clips.map((c) => c.bottom));
    if (right <= left || bottom <= top) continue;
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    if (hit && (hit === el || el.contains(hit))) return null;
    return `${describe} has focus but is covered by ${hit ? hit.tagName.toLowerCase() + "." + hit.className : "nothing"}`;
  }
  const box = boxes[0];
  return `${describe} has focus outside the screen (x=${Math.round(box.left)}, y=${Math.round(box.top)})`;
}
"""  # noqa: E501 (JavaScript)


def _walk(page, key: str) -> list[str]:
    problems = []
    for _ in range(STOPS):
        page.keyboard.press(key)
        problem = page.evaluate(FOCUS_CHECK)
        if problem:
            problems.append(problem)
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_every_focused_element_is_on_screen_and_not_covered(browser, server: str, lang: str, width: int) -> None:
    """Tab from the top and Shift+Tab from the bottom (WCAG 2.4.3, 2.4.7, 2.1.1)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    try:
        for path in WALKED:
            page.goto(url(server, lang, path))
            problems += [f"{path} Tab: {p}" for p in _walk(page, "Tab")]
            # From the end of the page: the footer's last link, then backwards. (Not with the End
            # key: its animated scroll would go on while focus moves.)
            page.locator("footer a").last.focus()
            problems += [f"{path} Shift+Tab: {p}" for p in _walk(page, "Shift+Tab")]
    finally:
        context.close()
    assert not problems, f"{lang} at {width} px:\n" + "\n".join(dict.fromkeys(problems))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_menu_button_opens_the_menu_by_keyboard_and_escape_closes_it(browser, server: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    try:
        page.goto(url(server, lang, "tiltak/"))
        button = page.locator("button.pf-menu-button")
        assert button.get_attribute("aria-expanded") == "false"
        assert not page.locator(".md-sidebar--primary a").first.is_visible()
        for _ in range(10):  # Tab reaches the button
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('pf-menu-button')"):
                break
        else:
            pytest.fail("Tab never reached the menu button")
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
        assert page.evaluate(FOCUS_CHECK) is None
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.classList.contains('pf-menu-button')")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_single_keys_change_nothing(page, server: str, lang: str) -> None:
    """No single-character shortcuts (WCAG 2.1.4): Material's n, p, ".", "," turned pages."""
    for path in ("tiltak/epj-loftet/", "veikart/"):
        address = url(server, lang, path)
        page.goto(address)
        page.locator("h1").click()
        for key in ("n", "p", ".", ",", "s", "f", "/"):
            page.keyboard.press(key)
        page.wait_for_timeout(200)
        assert page.url == address


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_search_results_are_announced_and_the_first_one_opens(page, server: str, lang: str) -> None:
    page.goto(url(server, lang, "sok/"))
    page.fill(".pagefind-ui__search-input", "kjernejournal")
    status = page.locator(".pf-search + [role=status]")
    page.wait_for_function("document.querySelector('.pf-search + [role=status]').textContent.length > 0")
    announced = status.inner_text()
    assert "kjernejournal" in announced and any(ch.isdigit() for ch in announced)
    page.locator(".pagefind-ui__filter-name").first.click()  # a filter changes what is announced
    checkbox = page.locator(".pagefind-ui__filter-checkbox").first
    box = checkbox.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, f"filter checkbox {box} (WCAG 2.5.8)"
    checkbox.check()
    page.wait_for_function(f"document.querySelector('.pf-search + [role=status]').textContent !== {announced!r}")
    with page.expect_navigation() as navigation:
        page.locator(".pagefind-ui__result-link").first.click()
    assert navigation.value is not None and navigation.value.status == 200
    assert page.get_attribute("html", "lang") == lang


LEVEL_SHAPES = """
() => Array.from(document.querySelectorAll(".pf-level__icon")).map((icon) => {
  const style = getComputedStyle(icon);
  const box = icon.getBoundingClientRect();
  return {
    level: icon.parentElement.className,
    visible: box.width > 0 && box.height > 0 && style.backgroundColor !== "rgba(0, 0, 0, 0)" && style.visibility !== "hidden",
    shape: [style.borderRadius, style.clipPath].join(" "),
    colour: style.backgroundColor,
  };
})
"""  # noqa: E501 (JavaScript)


@pytest.mark.parametrize("forced", [False, True])
def test_every_status_keeps_a_visible_distinct_shape(browser, server: str, forced: bool) -> None:
    """In forced colours (Windows contrast themes) too (WCAG 1.4.11)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, forced_colors="active" if forced else "none")
    page = context.new_page()
    try:
        page.goto(url(server, "nb", "tiltak/"))
        icons = page.evaluate(LEVEL_SHAPES)
    finally:
        context.close()
    shapes: dict[str, set[str]] = {}
    for icon in icons:
        assert icon["visible"], icon
        shapes.setdefault(icon["level"], set()).add(icon["shape"])
    assert {k.split("--")[-1] for k in shapes} == {"green", "yellow", "red"}
    assert all(len(s) == 1 for s in shapes.values()), shapes
    assert len({next(iter(s)) for s in shapes.values()}) == 3, f"shapes are not distinct: {shapes}"


STRUCTURE = r"""
() => {
  const problems = [];
  const mains = document.querySelectorAll("main, [role=main]");
  if (mains.length !== 1) problems.push(`${mains.length} main landmarks`);
  // The site menu and the page's table of contents are outside the main content (a page may
  // have navigation of its own inside it, such as the list filters).
  for (const nav of document.querySelectorAll(".md-nav--primary, .md-nav--secondary"))
    if (nav.closest("main")) problems.push(`navigation "${nav.getAttribute("aria-label")}" inside main`);
  if (!document.querySelector(".md-nav--primary")) problems.push("no site menu");
  const footer = document.querySelector("body > div > footer, body footer.md-footer");
  if (!footer || !footer.innerText.trim()) problems.push("no footer with content");
  const headings = Array.from(document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6"));
  if (headings.filter((h) => h.tagName === "H1").length !== 1) problems.push("not exactly one h1");
  // A chart is named by its caption; its image says where its content is in words, once.
  for (const figure of document.querySelectorAll("figure.pf-chart")) {
    const caption = figure.querySelector("figcaption").textContent.trim();
    const alt = figure.querySelector("img").getAttribute("alt") || "";
    if (!alt || alt.includes(caption) || /\d/.test(alt)) problems.push(`chart "${caption}": its image's text repeats the caption or the numbers`);
    if (!figure.querySelector(".pf-chart__summary") || !figure.querySelector("table")) problems.push(`chart "${caption}": no summary or table`);
  }
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1) problems.push(`h${previous} followed by h${level} "${h.textContent.trim().slice(0, 40)}"`);
    previous = level;
  }
  return problems;
}
"""  # noqa: E501 (JavaScript)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_landmarks_and_heading_levels(page, server: str, site: Path, lang: str) -> None:
    from tests.site_pages import one_of_each_type

    problems = []
    for path in one_of_each_type(site):
        page.goto(url(server, lang, path))
        problems += [f"{path}: {p}" for p in page.evaluate(STRUCTURE)]
    assert not problems, "\n".join(problems)


# WCAG 1.4.12's text spacing, as a reader's style sheet would set it.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

CLIPPED = """
() => {
  const problems = [];
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px)`);
  for (const el of document.querySelectorAll("body *")) {
    // (The header's title is the site's name, cut to fit the bar, and whole in the logo's name.)
    if (el.closest(".md-header .md-ellipsis, [hidden], .pf-visually-hidden, svg, .pf-table-scroll")) continue;
    const style = getComputedStyle(el);
    if (!el.textContent.trim() || style.display.startsWith("inline") || style.display === "contents") continue;
    if (style.visibility === "hidden" || el.getClientRects().length === 0) continue;
    const clipsY = /(hidden|clip)/.test(style.overflowY), clipsX = /(hidden|clip)/.test(style.overflowX);
    const scrollsY = /(auto|scroll)/.test(style.overflowY);
    // Text taller than its box: cut off where the box clips, drawn over what follows where it
    // neither clips nor scrolls.
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.nodeValue.trim());
    if ((clipsY || (ownText && !scrollsY)) && el.scrollHeight > el.clientHeight + 2 && el.clientHeight > 0)
      problems.push(`text ${clipsY ? "cut off" : "overflows its box"} in ${el.tagName.toLowerCase()}.${el.className}: "${el.textContent.trim().slice(0, 40)}"`);
    else if (clipsX && el.scrollWidth > el.clientWidth + 2)
      problems.push(`text cut off in ${el.tagName.toLowerCase()}.${el.className}: "${el.textContent.trim().slice(0, 40)}"`);
  }
  return problems;
}
"""  # noqa: E501 (JavaScript)


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_nothing_is_cut_off_with_wider_text_spacing(browser, server: str, site: Path, lang: str, width: int) -> None:
    """WCAG 1.4.12, on one page of each type and on search with its filters open."""
    from tests.site_pages import one_of_each_type

    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    try:
        for path in [*one_of_each_type(site), "sok/?q=kjernejournal"]:
            page.goto(url(server, lang, path))
            if "?q=" in path:
                page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
                for name in page.locator(".pagefind-ui__filter-name").all():
                    name.click()
            page.add_style_tag(content=TEXT_SPACING)
            problems += [f"{path}: {p}" for p in page.evaluate(CLIPPED)]
            if path == "/" and width < 1220:  # the site menu, opened, on a narrow screen
                page.click("button.pf-menu-button")
                page.wait_for_timeout(400)  # the drawer slides in
                problems += [f"{path} (menu open): {p}" for p in page.evaluate(CLIPPED)]
    finally:
        context.close()
    assert not problems, f"{lang} at {width} px:\n" + "\n".join(dict.fromkeys(problems))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_a_filter_combination_with_no_match_says_so_and_offers_the_way_back(page, server: str, lang: str) -> None:
    page.goto(url(server, lang, "tiltak/"))
    # Two filter values that no initiative has together (found from the rows themselves).
    pair = page.evaluate(
        """() => {
      const selects = Array.from(document.querySelectorAll(".pf-filter-form select"));
      const rows = Array.from(document.querySelectorAll(".pf-table-scroll tbody tr"));
      const has = (row, select, value) =>
        (row.getAttribute("data-" + select.dataset.facet) || "").split(" ").includes(value);
      for (const a of selects) for (const b of selects) {
        if (a === b) continue;
        for (const va of Array.from(a.options).slice(1))
          for (const vb of Array.from(b.options).slice(1))
            if (!rows.some((row) => has(row, a, va.value) && has(row, b, vb.value)))
              return [a.id, va.value, b.id, vb.value];
      }
      return null;
    }"""
    )
    assert pair, "every pair of filter values matches some initiative: the test needs another way to empty the list"
    page.select_option(f"#{pair[0]}", pair[1])
    page.select_option(f"#{pair[2]}", pair[3])
    assert page.locator(".pf-count__n").inner_text() == "0"
    empty = page.locator(".pf-empty")
    assert empty.is_visible() and not page.locator(".pf-table-scroll").is_visible()
    empty.locator("button").click()
    assert int(page.locator(".pf-count__n").inner_text()) > 0
    assert page.locator(".pf-table-scroll").is_visible() and not empty.is_visible()
