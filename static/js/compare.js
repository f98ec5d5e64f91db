// The compare page's country list, when JavaScript runs: a type-ahead box shows only the
// countries whose name contains what is typed (the chosen ones always), and says how many
// show. Without JavaScript the box stays hidden and the list is a plain checkbox list.
(function () {
  "use strict";
  var box = document.querySelector("[data-compare-filter]");
  var input = document.getElementById("compare-filter");
  var status = document.getElementById("compare-filter-status");
  var list = document.getElementById("compare-choices");
  if (!box || !input || !list) { return; }
  box.hidden = false;
  var items = Array.from(list.querySelectorAll("li"));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  input.addEventListener("input", function () {
    var wanted = fold(input.value.trim());
    var shown = 0;
    items.forEach(function (item) {
      var checkbox = item.querySelector("input");
      var match = !wanted || checkbox.checked || fold(item.textContent).indexOf(wanted) !== -1;
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    var template = status.getAttribute("data-template") || "SHOWN / TOTAL";
    status.textContent = wanted
      ? template.replace("SHOWN", shown).replace("TOTAL", items.length) : "";
  });
  // Enter in the box does not send the form by accident: it ticks the only match.
  input.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") { return; }
    event.preventDefault();
    var visible = items.filter(function (item) {
      return !item.hidden && !item.querySelector("input").checked;
    });
    if (visible.length === 1) {
      visible[0].querySelector("input").checked = true;
      input.value = "";
      input.dispatchEvent(new Event("input"));
    }
  });
})();
