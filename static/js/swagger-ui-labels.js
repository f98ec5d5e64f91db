// Swagger UI (/api/docs/) draws an array parameter as a <select> with no label, and the
// authorisation dialog's close button with no text; this names each such control (after
// its parameter; "Close"), as Swagger UI renders or re-renders them.
(function () {
  "use strict";
  function label(root) {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label]), tr[data-param-name] input:not([aria-label]), tr[data-param-name] textarea:not([aria-label])").forEach(function (control) {
      var row = control.closest("tr[data-param-name]");
      control.setAttribute("aria-label", row.getAttribute("data-param-name"));
    });
    document.querySelectorAll(".close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Close");
    });
    root.querySelectorAll("select:not([aria-label]):not([id])").forEach(function (control) {
      var wrapper = control.closest("[class*='content-type'], .response-control-media-type, .servers");
      if (wrapper) { control.setAttribute("aria-label", wrapper.textContent.trim().slice(0, 60) || "Choice"); }
    });
  }
  var target = document.getElementById("swagger-ui");
  if (!target || !window.MutationObserver) { return; }
  new MutationObserver(function () { label(target); }).observe(target, { childList: true, subtree: true });
})();
