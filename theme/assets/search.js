/* Pagefind UI on the search page. The site may live below a sub-path: the search page is
   one level under the root, so the root is "../" from here. ?q=… starts a search. */
(function () {
  var el = document.getElementById("zg-search");
  if (!el || typeof PagefindUI === "undefined") return;
  var base = new URL("../", window.location.href).pathname;
  var ui = new PagefindUI({
    element: "#zg-search",
    baseUrl: base,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
})();
