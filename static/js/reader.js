// The source reader: when the address names a passage (a citation link), mark it as the
// current one and move the focus to it, so screen readers announce the cited passage. On
// a phone the contents start folded, so that the text comes first (the page without
// JavaScript shows them unfolded).
(function () {
  "use strict";
  function markTarget() {
    document.querySelectorAll(".passage[aria-current]").forEach(function (el) {
      el.removeAttribute("aria-current");
    });
    var id = decodeURIComponent(window.location.hash.slice(1));
    var passage = id && document.getElementById(id);
    if (passage && passage.classList.contains("passage")) {
      passage.setAttribute("aria-current", "true");
      passage.setAttribute("tabindex", "-1");
      passage.focus({ preventScroll: false });
    }
  }
  var contents = document.querySelector(".reader-toc__details");
  if (contents && window.matchMedia("(max-width: 59.99rem)").matches) {
    contents.open = false;
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
})();
