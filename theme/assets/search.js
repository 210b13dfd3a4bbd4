/* Pagefind UI on the search page. The site may live below a sub-path: the search page is
   one level under the root, so the root is "../" from here.
   Scope (see generator/site/search.py): the main index always; the material indexes of the
   region chosen in #zg-scope (or of every region) merged in. A scope of many shards comes in
   batches: one page searches one batch (?batch=k, from 1), and links lead to the previous and
   the next, so one query downloads and computes a bounded amount whatever the country's size.
   ?q=…&scope=…&batch=… starts a search, so a result list can be linked; changing the scope
   reloads with the same words. */
(function () {
  var el = document.getElementById("zg-search");
  if (!el || typeof PagefindUI === "undefined") return;
  var base = new URL("../", window.location.href).pathname;
  var params = new URLSearchParams(window.location.search);
  var select = document.getElementById("zg-scope");
  var steps = [];
  if (select) {
    var wanted = params.get("scope") || "";
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === wanted) select.selectedIndex = i;
    }
    steps = JSON.parse(select.options[select.selectedIndex].getAttribute("data-steps") || "[]");
  }
  var batch = Math.min(Math.max(parseInt(params.get("batch"), 10) || 1, 1), Math.max(steps.length, 1));
  var bundles = steps.length ? steps[batch - 1].bundles : [];
  var ui = new PagefindUI({
    element: "#zg-search",
    baseUrl: base,
    bundlePath: base + "pagefind/",
    // A college's own material pages outrank the lists that merely name it.
    mergeIndex: bundles.map(function (b) { return { bundlePath: base + b, indexWeight: 2 }; }),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true
  });
  // Pagefind labels its box only by a title: give it a name screen readers announce.
  var box = el.querySelector("input");
  if (box) box.setAttribute("aria-label", "搜索词");
  var q = params.get("q");
  if (q) ui.triggerSearch(q);

  function words() {
    var input = el.querySelector("input");
    return ((input && input.value) || q || "").trim();
  }

  // The same search page with the words now typed, in `scope` (and, from 2, batch `k`).
  function href(scope, k) {
    var next = new URLSearchParams();
    if (words()) next.set("q", words());
    if (scope) next.set("scope", scope);
    if (k > 1) next.set("batch", String(k));
    return "?" + next.toString();
  }

  function names(list) {
    return list.length > 3 ? list.slice(0, 3).join("、") + "等 " + list.length + " 个地区" : list.join("、");
  }

  var more = document.getElementById("zg-more");
  if (more && steps.length > 1) {
    more.querySelector("span").textContent = "材料正文分 " + steps.length + " 批搜索，本页为第 " + batch +
      " 批：" + steps[batch - 1].regions.join("、") + "。";
    var links = [[batch - 1, "上一批：", more.querySelector("a[rel=prev]")],
                 [batch + 1, "下一批：", more.querySelector("a[rel=next]")]];
    links = links.filter(function (l) { return l[0] >= 1 && l[0] <= steps.length; });
    links.forEach(function (l) {
      l[2].textContent = l[1] + names(steps[l[0] - 1].regions);
      l[2].hidden = false;
    });
    // The links carry the words as typed now, not only those the page was opened with.
    var refresh = function () {
      links.forEach(function (l) { l[2].href = href(select.value, l[0]); });
    };
    refresh();
    el.addEventListener("input", refresh);
    more.hidden = false;
  }

  if (select) {
    select.addEventListener("change", function () {
      window.location.search = href(select.value, 1);
    });
  }
})();
