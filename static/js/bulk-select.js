/* Bulk selection in a list (progressive enhancement; the form works without it).
 * In a form[data-bulk]: shows the "select all on this page" box (input[data-bulk-page]) that ticks every
 * input[data-bulk-row], and says how many are ticked in [data-bulk-count] (its texts come from the
 * data-one / data-many / data-everything attributes of the form, {n} standing for the number). */
(function () {
  "use strict";

  function text(form, count) {
    var everything = form.querySelector("[data-bulk-everything]");
    if (everything && everything.checked) {
      return form.getAttribute("data-everything") || "";
    }
    if (count === 0) {
      return "";
    }
    var template = count === 1 ? form.getAttribute("data-one") : form.getAttribute("data-many");
    return (template || "").replace("{n}", String(count));
  }

  function enhance(form) {
    var page = form.querySelector("[data-bulk-page]");
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-bulk-row]"));
    var counter = form.querySelector("[data-bulk-count]");
    if (!page || rows.length === 0) {
      return;
    }
    page.hidden = false;
    Array.prototype.forEach.call(form.querySelectorAll("[data-bulk-page-label]"), function (label) {
      label.hidden = false;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-bulk-nojs]"), function (element) {
      element.remove();
    });

    function update() {
      var ticked = rows.filter(function (row) { return row.checked; }).length;
      page.checked = ticked === rows.length;
      page.indeterminate = ticked > 0 && ticked < rows.length;
      if (counter) {
        counter.textContent = text(form, ticked);
      }
    }

    page.addEventListener("change", function () {
      rows.forEach(function (row) { row.checked = page.checked; });
      update();
    });
    rows.forEach(function (row) { row.addEventListener("change", update); });
    var everything = form.querySelector("[data-bulk-everything]");
    if (everything) {
      everything.addEventListener("change", function () {
        if (everything.checked) {
          rows.forEach(function (row) { row.checked = true; });
        }
        update();
      });
    }
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-bulk]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
