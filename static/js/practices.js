// Enhances the practices list when JavaScript runs: choosing a facet value or a sort
// order updates the results in place (the same GET URL the form would load, so the
// address stays shareable and the back button works). Without JavaScript the form's
// "Apply filters" button and the links do the same with a full page load.
(function () {
  "use strict";
  var containerId = "practice-results";

  function load(url, push) {
    var container = document.getElementById(containerId);
    if (!container || !window.fetch) { window.location.assign(url); return; }
    container.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById(containerId);
        if (!fresh) { window.location.assign(url); return; }
        var active = document.activeElement && document.activeElement.id;
        container.replaceWith(fresh);
        document.title = doc.title;
        if (push) { history.pushState({ practices: true }, "", url); }
        var again = active && document.getElementById(active);
        if (again) { again.focus(); }
        bind();
      })
      .catch(function () { window.location.assign(url); });
  }

  function urlOf(form) {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) {
      if (params.getAll(key).every(function (v) { return v === ""; })) { params.delete(key); }
    });
    var query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  function bind() {
    var form = document.getElementById("practice-filters");
    if (!form) { return; }
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[type=checkbox], select")) { load(urlOf(form), true); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load(urlOf(form), true);
    });
    var results = document.querySelector("#" + containerId + " .results");
    if (results) {
      results.addEventListener("click", function (event) {
        var link = event.target.closest("a.chip, .pagination a");
        if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
          event.preventDefault();
          load(link.href, true);
        }
      });
    }
  }

  window.addEventListener("popstate", function () { load(window.location.href, false); });
  bind();
})();
