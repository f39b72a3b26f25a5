// Search page: Pagefind's UI, in the page's language. Everything else works without this file.
(function () {
  "use strict";
  var target = document.getElementById("pf-search");
  if (!target) return;
  var root = target.getAttribute("data-root") || "/";
  var script = document.createElement("script");
  script.src = root + "pagefind/pagefind-ui.js";
  script.onload = function () {
    var ui = new window.PagefindUI({ element: "#pf-search", showSubResults: true, resetStyles: false });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  };
  document.head.appendChild(script);
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = root + "pagefind/pagefind-ui.css";
  document.head.appendChild(style);
})();
