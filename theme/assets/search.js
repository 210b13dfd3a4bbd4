/* Pagefind UI on the search page. The site may live below a sub-path: the search page is
   one level under the root, so the root is "../" from here. The index is sharded (the main
   bundle, then one per group of colleges, listed in pagefind/shards.json): the UI merges them.
   ?q=… starts a search. */
(function () {
  var el = document.getElementById("zg-search");
  if (!el || typeof PagefindUI === "undefined") return;
  var base = new URL("../", window.location.href).pathname;

  function start(shards) {
    var ui = new PagefindUI({
      element: "#zg-search",
      baseUrl: base,
      bundlePath: base + "pagefind/",
      // A college's own pages outrank the lists that merely name it.
      mergeIndex: shards.map(function (s) { return { bundlePath: base + s, indexWeight: 2 }; }),
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: true
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }

  fetch(base + "pagefind/shards.json")
    .then(function (r) { return r.ok ? r.json() : { shards: [] }; })
    .then(function (d) { start(Array.isArray(d.shards) ? d.shards : []); },
          function () { start([]); });
})();
