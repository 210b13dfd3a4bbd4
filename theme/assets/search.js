/* Pagefind UI on the search page. The site may live below a sub-path: the search page is
   one level under the root, so the root is "../" from here.
   Scope (see generator/site/search.py): the main index always; the material indexes of the
   region chosen in #zg-scope (or of every region) merged in. ?q=…&scope=… starts a search,
   so a result list can be linked; changing the scope reloads with the same words. */
(function () {
  var el = document.getElementById("zg-search");
  if (!el || typeof PagefindUI === "undefined") return;
  var base = new URL("../", window.location.href).pathname;
  var params = new URLSearchParams(window.location.search);
  var select = document.getElementById("zg-scope");
  var shards = [];
  if (select) {
    var wanted = params.get("scope") || "";
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === wanted) select.selectedIndex = i;
    }
    var chosen = select.options[select.selectedIndex];
    shards = (chosen.getAttribute("data-shards") || "").split(" ").filter(Boolean);
  }
  var ui = new PagefindUI({
    element: "#zg-search",
    baseUrl: base,
    bundlePath: base + "pagefind/",
    // A college's own material pages outrank the lists that merely name it.
    mergeIndex: shards.map(function (s) { return { bundlePath: base + s, indexWeight: 2 }; }),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true
  });
  var q = params.get("q");
  if (q) ui.triggerSearch(q);
  if (select) {
    select.addEventListener("change", function () {
      var input = el.querySelector("input");
      var next = new URLSearchParams();
      var words = (input && input.value) || q || "";
      if (words) next.set("q", words);
      if (select.value) next.set("scope", select.value);
      window.location.search = next.toString();
    });
  }
})();
