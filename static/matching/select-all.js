// The stale lists' bulk close: "select all N" also ticks the rows on this page, and unticking a row unticks it.
// Progressive enhancement: without this script the form works the same (the server acts on "all").
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-select-all]")) {
    const all = form.querySelector("[data-select-all-rows]");
    const rows = form.querySelectorAll("[data-row-checkbox]");
    if (!all) continue;
    all.addEventListener("change", () => {
      for (const row of rows) row.checked = all.checked;
    });
    for (const row of rows) {
      row.addEventListener("change", () => {
        if (!row.checked) all.checked = false;
      });
    }
  }
});
