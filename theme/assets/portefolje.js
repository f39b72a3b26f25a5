// Light or dark, as the reader's system is set (Material's own script, which did this, is not
// loaded: see theme/main.html). Material's colours follow the body's data-md-color-scheme.
(function () {
  "use strict";
  var dark = window.matchMedia("(prefers-color-scheme: dark)");
  function apply() {
    document.body.setAttribute("data-md-color-scheme", dark.matches ? "slate" : "default");
  }
  apply();
  if (dark.addEventListener) dark.addEventListener("change", apply);
})();

// The site menu on narrow screens (Material draws it as a drawer opened by a <label>, which
// the keyboard cannot reach): a real button that says whether the menu is open, Escape closes
// it, and focus goes into the menu and back. Checked against Material 9.7.6's markup.
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var opener = document.querySelector('.md-header label[for="__drawer"]');
  var menu = document.querySelector(".md-sidebar--primary");
  if (!toggle || !opener || !menu) return;
  menu.id = menu.id || "pf-menu";
  var button = document.createElement("button");
  button.type = "button";
  button.className = opener.className + " pf-menu-button";
  button.innerHTML = opener.innerHTML;
  var nav = menu.querySelector("nav[aria-label]");
  button.setAttribute("aria-label", nav ? nav.getAttribute("aria-label") : "");
  button.setAttribute("aria-controls", menu.id);
  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  button.addEventListener("click", function () {
    toggle.checked = !toggle.checked;
    sync();
    if (toggle.checked) {
      var first = menu.querySelector("a[href]");
      if (first) window.setTimeout(function () { first.focus(); }, 50);
    }
  });
  toggle.addEventListener("change", sync);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      sync();
      button.focus();
    }
  });
  sync();
  opener.parentNode.replaceChild(button, opener);
})();

// Search page: Pagefind's UI, in the page's language. Everything else works without this file.
(function () {
  "use strict";
  var target = document.getElementById("pf-search");
  if (!target) return;
  var root = target.getAttribute("data-root") || "/";
  var script = document.createElement("script");
  script.src = root + "pagefind/pagefind-ui.js";
  script.onload = function () {
    // Pagefind stores each page's URL from the site root (/nn/… for nynorsk, whose index is
    // made from the root), so results are joined to the site root, not the language's.
    var siteRoot = new URL(root + (document.documentElement.lang === "nn" ? "../" : ""), window.location.href);
    var ui = new window.PagefindUI({
      element: "#pf-search",
      baseUrl: siteRoot.pathname,
      showSubResults: true,
      showImages: false, // a chart as a thumbnail says nothing, and its relative address breaks here
      resetStyles: false,
    });
    // Pagefind's result count is not announced: a status region repeats it for screen
    // readers after typing or changing a filter (WCAG 4.1.3).
    var status = document.createElement("p");
    status.className = "pf-visually-hidden";
    status.setAttribute("role", "status");
    target.parentNode.insertBefore(status, target.nextSibling);
    var pending = null;
    new MutationObserver(function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        var message = target.querySelector(".pagefind-ui__message");
        var text = message ? message.textContent.trim() : "";
        if (text && status.textContent !== text) status.textContent = text;
      }, 400);
    }).observe(target, { childList: true, subtree: true, characterData: true });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  };
  document.head.appendChild(script);
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = root + "pagefind/pagefind-ui.css";
  document.head.appendChild(style);
})();

// Initiative list: filter with selects and sort by column, on top of the plain table and the
// filter links (which keep working without JavaScript).
(function () {
  "use strict";
  var filters = document.querySelector(".pf-filters");
  var table = document.querySelector(".pf-table-scroll table");
  if (!filters || !table) return;
  var lang = document.documentElement.lang;
  var words = lang === "nn"
    ? { all: "Alle", asc: "sortert stigande", desc: "sortert søkkande", sort: "Sorter etter",
        none: "Ingen tiltak passar med filtra.", reset: "Vis alle tiltak" }
    : { all: "Alle", asc: "sortert stigende", desc: "sortert synkende", sort: "Sorter etter",
        none: "Ingen tiltak passer med filtrene.", reset: "Vis alle tiltak" };
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.querySelector(".pf-count__n");
  var form = document.createElement("form");
  form.className = "pf-filter-form";
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  var selects = [];
  filters.querySelectorAll(".pf-facet").forEach(function (facet) {
    var key = facet.getAttribute("data-facet");
    var id = "pf-filter-" + key;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = facet.querySelector(".pf-facet__name").textContent;
    var select = document.createElement("select");
    select.id = id;
    select.setAttribute("data-facet", key);
    select.add(new Option(words.all, ""));
    facet.querySelectorAll("a[data-value]").forEach(function (link) {
      select.add(new Option(link.textContent, link.getAttribute("data-value")));
    });
    select.addEventListener("change", apply);
    var wrap = document.createElement("div");
    wrap.appendChild(label);
    wrap.appendChild(select);
    form.appendChild(wrap);
    selects.push(select);
  });
  filters.parentNode.insertBefore(form, filters);
  // When no row matches: say so, and offer the way back (instead of "0 tiltak" and an empty table).
  var empty = document.createElement("p");
  empty.className = "pf-empty";
  empty.hidden = true;
  empty.appendChild(document.createTextNode(words.none + " "));
  var reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = words.reset;
  reset.addEventListener("click", function () {
    selects.forEach(function (select) { select.value = ""; });
    apply();
    selects[0].focus();
  });
  empty.appendChild(reset);
  table.parentNode.parentNode.insertBefore(empty, table.parentNode);

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = selects.every(function (select) {
        if (!select.value) return true;
        var values = (row.getAttribute("data-" + select.getAttribute("data-facet")) || "").split(" ");
        return values.indexOf(select.value) >= 0;
      });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    if (count) count.textContent = String(shown);
    empty.hidden = shown > 0;
    table.parentNode.hidden = shown === 0;
  }

  // Sorting: each header becomes a button; aria-sort tells screen readers the order.
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pf-sort";
    button.textContent = th.textContent;
    button.setAttribute("aria-label", words.sort + " " + th.textContent);
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var key = function (row) {
        var cell = row.cells[index];
        return (cell.getAttribute("data-sort") || cell.textContent).trim().toLocaleLowerCase(lang);
      };
      rows.sort(function (a, b) {
        var result = key(a).localeCompare(key(b), lang, { numeric: true });
        return ascending ? result : -result;
      });
      var body = table.tBodies[0];
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
})();

// A source document: a link to #L42-L44 marks lines 42 to 44 and shows the first. (Without
// script the link still lands on line 42: each cited range has an anchor of its own.)
(function () {
  "use strict";
  if (!document.querySelector(".pf-source-text")) return;
  function mark() {
    Array.prototype.forEach.call(document.querySelectorAll(".pf-line--cited"), function (line) {
      line.classList.remove("pf-line--cited");
    });
    var range = /^#L(\d+)(?:-L(\d+))?$/.exec(window.location.hash);
    if (!range) return;
    var first = parseInt(range[1], 10);
    var last = range[2] ? parseInt(range[2], 10) : first;
    for (var n = first; n <= last && n - first < 2000; n += 1) {
      var line = document.getElementById("L" + n);
      if (line) line.classList.add("pf-line--cited");
    }
    var start = document.getElementById("L" + first);
    if (start) start.scrollIntoView({ block: "start" });
  }
  mark();
  window.addEventListener("hashchange", mark);
})();

// A link inside a wide table's own scrolling box comes into view when it gets focus: the
// browser scrolls the page to it, but does not always scroll the box sideways (WCAG 2.4.7).
document.addEventListener("focusin", function (event) {
  "use strict";
  var target = event.target;
  var box = target && target.closest ? target.closest(".pf-table-scroll") : null;
  if (!box || box === target) return;
  var outer = box.getBoundingClientRect();
  var inner = target.getBoundingClientRect();
  if (inner.left < outer.left) box.scrollLeft -= outer.left - inner.left + 8;
  else if (inner.right > outer.right) box.scrollLeft += inner.right - outer.right + 8;
});
