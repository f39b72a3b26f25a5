// Runs in a page of the built site (tests/test_rendered_pages.py); returns what a reader would
// notice as wrong, in words, or an empty list.
() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    const style = getComputedStyle(el);
    return /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");

  // 1. Sideways scrolling of the page itself, and the widest thing that causes it.
  if (document.documentElement.scrollWidth > width + 1) {
    let culprit = null;
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      let inside = false;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (scrolls(up) || getComputedStyle(up).overflowX === "hidden") { inside = true; break; }
      }
      if (!inside && getComputedStyle(el).visibility !== "hidden") { culprit = el; break; }
    }
    problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} px wide at ${width} px` +
      (culprit ? ` (${describe(culprit)}: "${(culprit.textContent || "").trim().slice(0, 60)}")` : ""));
  }
  // 2. Boxes that scroll on their own must be reachable by keyboard and have a name.
  for (const el of document.body.querySelectorAll("*")) {
    if (!scrolls(el) || el.closest("[hidden]")) continue;
    const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
    if (el.tabIndex < 0 || !named) problems.push(`a box that scrolls sideways has no tabindex or name: ${describe(el)}`);
  }
  // 3. Markdown syntax shown as text.
  const markdown = [[/(^|\n)\s*#{1,6} \S/, "a Markdown heading"], [/\*\*\S/, "Markdown bold (**)"],
                    [/\]\(/, "a Markdown link ](…)"], [/(^|\n)\s*\|.*\|\s*($|\n)/, "a Markdown table row"],
                    [/\|\s*-{3,}\s*\|/, "a Markdown table rule"]];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    // (A source document's own text, .pf-source-text, is shown as the source has it.)
    acceptNode: (node) => node.parentElement.closest("script, style, code, pre, textarea, noscript, .pf-source-text")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const text = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) text.push(node.nodeValue);
  const all = text.join("\n");
  for (const [pattern, what] of markdown) {
    const found = all.match(pattern);
    if (found) {
      const at = all.indexOf(found[0]);
      problems.push(`${what} shown as text: "${all.slice(Math.max(0, at - 20), at + 60).replace(/\s+/g, " ")}"`);
    }
  }
  // 4. Links and forms that leave the site without saying so.
  for (const a of document.querySelectorAll("a[href]")) {
    const target = new URL(a.getAttribute("href"), location.href);
    if (!/^https?:$/.test(target.protocol)) {
      if (!/^(mailto|tel):$/.test(target.protocol)) problems.push(`a link to ${target.protocol}: ${a.getAttribute("href")}`);
      continue;
    }
    if (target.origin !== location.origin && !a.relList.contains("external"))
      problems.push(`a link leaves the site unmarked: href="${a.getAttribute("href")}" ("${a.textContent.trim().slice(0, 40)}")`);
  }
  for (const form of document.querySelectorAll("form[action]")) {
    const target = new URL(form.getAttribute("action"), location.href);
    // Pagefind's own search box has action="javascript:void(0);": it sends nothing anywhere.
    if (/^https?:$/.test(target.protocol) && target.origin !== location.origin) problems.push(`a form sends to another site: action="${form.getAttribute("action")}"`);
  }
  return problems;
}
