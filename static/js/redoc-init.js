// Starts Redoc on /api/redoc/ (templates/api/redoc.html) without an inline script. Redoc
// writes its styles as <style> elements; the nonce this script tag carries lets the
// Content-Security-Policy of that page accept them and nothing else inline.
(function () {
  "use strict";
  var script = document.currentScript;
  var options = JSON.parse(script.dataset.settings || "{}");
  options.nonce = script.nonce;
  window.Redoc.init(script.dataset.schemaUrl, options, document.getElementById("redoc-container"));
})();
