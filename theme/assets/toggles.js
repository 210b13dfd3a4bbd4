/* Material's drawer and search toggles are checkboxes; a browser that restores form state on
   reload or Back would reopen them. Material stops that with autocomplete="off", which HTML
   does not allow on a checkbox (theme/overrides/base.html): close them here instead. */
(function () {
  function close() {
    ["__drawer", "__search"].forEach(function (id) {
      var box = document.getElementById(id);
      if (box) box.checked = false;
    });
  }
  // A browser restores form state after parsing (Back) or from its page cache: pageshow
  // comes after both.
  window.addEventListener("pageshow", close);
})();
