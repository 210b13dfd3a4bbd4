/* Pagefind UI on the search page. The site may live below a sub-path: the search page is
   one level under the root, so the root is "../" from here.
   Scope (see generator/site/search.py): the main index always; the material indexes of the
   region chosen in #zg-scope (or of every region) merged in, one batch at a time so that a
   query downloads a bounded amount. The first batch is searched at once; "继续搜索" merges
   the next one into the same Pagefind instance and searches the same words again, so the
   results so far stay. ?q=…&scope=… starts a search, so a result list can be linked; changing
   the scope reloads with the same words. */
(function () {
  var el = document.getElementById("zg-search");
  if (!el || typeof PagefindUI === "undefined") return;
  var base = new URL("../", window.location.href).pathname;
  var bundle = base + "pagefind/";
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
  var done = steps.length ? 1 : 0;
  // A college's own material pages outrank the lists that merely name it.
  var WEIGHT = 2;
  var ui = new PagefindUI({
    element: "#zg-search",
    baseUrl: base,
    bundlePath: bundle,
    mergeIndex: done ? steps[0].bundles.map(function (b) { return { bundlePath: base + b, indexWeight: WEIGHT }; }) : [],
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true
  });
  var q = params.get("q");
  if (q) ui.triggerSearch(q);

  var more = document.getElementById("zg-more");
  var note = more && more.querySelector("span");
  var button = more && more.querySelector("button");

  function names(list) {
    return list.length > 3 ? list.slice(0, 3).join("、") + "等 " + list.length + " 个地区" : list.join("、");
  }

  function words() {
    var input = el.querySelector("input");
    return ((input && input.value) || "").trim();
  }

  function update() {
    if (!more) return;
    if (steps.length < 2 || !words()) { more.hidden = true; return; }
    var searched = [];
    for (var k = 0; k < done; k++) searched = searched.concat(steps[k].regions);
    if (done < steps.length) {
      note.textContent = "已搜索" + names(searched) + "院校的材料正文，其余地区尚未搜索（还有 " +
        (steps.length - done) + " 批）。";
      button.textContent = "继续搜索" + names(steps[done].regions);
      button.hidden = false;
    } else {
      note.textContent = "已搜索全部地区院校的材料正文。";
      button.hidden = true;
    }
    more.hidden = false;
  }

  if (button) {
    button.addEventListener("click", function () {
      var step = steps[done];
      if (!step) return;
      button.disabled = true;
      // The same URL as the UI's own import, hence the same module and the same instance.
      import(bundle + "pagefind.js").then(function (pagefind) {
        return Promise.all(step.bundles.map(function (b) {
          return pagefind.mergeIndex(base + b, { indexWeight: WEIGHT });
        }));
      }).then(function () {
        done += 1;
        // Setting the (empty) filters makes the UI run its current words again, over every
        // index merged so far: Pagefind's own "search again" entry point.
        ui.triggerFilters({});
        update();
      }, function (err) {
        note.textContent = "继续搜索失败，可再试一次（" + err + "）。";
      }).then(function () {
        button.disabled = false;
      });
    });
  }
  el.addEventListener("input", update);
  if (q) setTimeout(update, 0);

  if (select) {
    select.addEventListener("change", function () {
      var next = new URLSearchParams();
      var w = words() || q || "";
      if (w) next.set("q", w);
      if (select.value) next.set("scope", select.value);
      window.location.search = next.toString();
    });
  }
})();
