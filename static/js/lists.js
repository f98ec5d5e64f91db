// Enhances every list page (templates/list_base.html) when JavaScript runs:
// - choosing a facet value or a sort order, sending the filter form, following a chip, a
//   facet link or a pagination link fetches the same GET URL and swaps the sidebar and the
//   results in place, then pushes the URL (so it can still be shared, and the back
//   button works);
// - the change is announced in the page's status region (#list-status); after a link or
//   the "Apply" button the focus moves to the results' heading (#results), after a
//   checkbox or the sort order it stays on that control, so several can be chosen in turn;
// - on wide screens the filters' disclosure is opened;
// - a choice made while an earlier one still loads replaces it (the earlier request is
//   cancelled and its answer, should it come, dropped);
// - the back and forward buttons show the list of that entry; a move within the page (the
//   skip link, a "#results" link) fires popstate too, and is left alone.
// Without JavaScript the same links and the form load the page at #results, the heading.
// If anything fails it falls back to loading the URL normally.
(function () {
  "use strict";
  var regionSelector = "[data-list-region]";
  var wide = window.matchMedia ? window.matchMedia("(min-width: 56rem)") : null;

  function openOnWideScreens() {
    var disclosure = document.querySelector("[data-filters-disclosure]");
    if (disclosure && wide && wide.matches) { disclosure.open = true; }
  }

  function announce(text) {
    var status = document.getElementById("list-status");
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  // The address without its fragment, nor an empty query ("?").
  function withoutHash(url) { return url.split("#")[0].replace(/\?$/, ""); }

  // The address of the list the page shows now.
  var shown = withoutHash(window.location.href);

  // The loads sent, and the one being waited for: a choice made while an earlier one
  // loads (two checkboxes ticked in turn on a slow connection) cancels it, and an answer
  // to anything but the latest is dropped, so the page and its address end up showing
  // the last choice, whichever answer comes first.
  var sent = 0;
  var pending = null;

  function load(url, options) {
    var region = document.querySelector(regionSelector);
    if (!region || !window.fetch || !window.DOMParser) { window.location.assign(url); return; }
    var disclosure = region.querySelector("[data-filters-disclosure]");
    var wasOpen = disclosure ? disclosure.open : false;
    var mine = ++sent;
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    region.setAttribute("aria-busy", "true");
    fetch(withoutHash(url), {
      headers: { "X-Requested-With": "fetch" },
      signal: pending ? pending.signal : undefined
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (mine !== sent) { return; }
        pending = null;
        region = document.querySelector(regionSelector);
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector(regionSelector);
        if (!fresh) { window.location.assign(url); return; }
        var keep = options.keepFocus && document.activeElement && document.activeElement.id;
        var freshDisclosure = fresh.querySelector("[data-filters-disclosure]");
        if (freshDisclosure && wasOpen) { freshDisclosure.open = true; }
        region.replaceWith(fresh);
        shown = withoutHash(url);
        document.title = doc.title;
        if (options.push) { history.pushState({ list: true }, "", withoutHash(url)); }
        var heading = document.getElementById("results");
        var again = keep && document.getElementById(keep);
        if (again) {
          again.focus();
        } else if (heading) {
          heading.focus({ preventScroll: true });
          heading.scrollIntoView({ block: "start", behavior: "instant" });
        }
        var summary = heading ? heading.textContent.trim() : "";
        var page = fresh.querySelector(".pagination [aria-current=page]");
        if (page) { summary += ", " + page.textContent.trim(); }
        announce(summary);
        bind();
      })
      .catch(function () { if (mine === sent) { window.location.assign(url); } });
  }

  function urlOf(form) {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) {
      if (params.getAll(key).every(function (v) { return v === ""; })) { params.delete(key); }
    });
    var query = params.toString();
    return withoutHash(form.action) + (query ? "?" + query : "");
  }

  function plainClick(event) {
    return event.button === 0 && !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey;
  }

  function bind() {
    openOnWideScreens();
    var region = document.querySelector(regionSelector);
    if (!region) { return; }
    var form = region.querySelector("[data-list-filters]");
    if (form) {
      form.addEventListener("change", function (event) {
        if (event.target.matches("input[type=checkbox], select")) {
          load(urlOf(form), { push: true, keepFocus: true });
        }
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        load(urlOf(form), { push: true, keepFocus: false });
      });
    }
    region.addEventListener("click", function (event) {
      var link = event.target.closest("a.chip, .pagination a, a.facet-link");
      if (link && plainClick(event)) {
        event.preventDefault();
        load(link.href, { push: true, keepFocus: false });
      }
    });
  }

  window.addEventListener("popstate", function () {
    if (withoutHash(window.location.href) === shown) { return; }  // within the same list
    load(window.location.href, { push: false, keepFocus: false });
  });
  bind();
})();
