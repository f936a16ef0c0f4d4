/* The figure picker of the letter editor (progressive enhancement).
 *
 * Without JavaScript the list of figures is a table to copy tokens from. With it, a search box
 * narrows the list by Dutch name, group or token, and each figure gets a button that inserts its
 * token where the cursor was in the text field used last; the live preview follows (an input event). */
(function () {
  "use strict";

  function insertToken(field, token) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.setRangeText(token, start, end, "end");
    field.focus();
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function filterRows(rows, text) {
    const words = text.toLocaleLowerCase("nl").split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach(function (row) {
      const haystack = row.textContent.toLocaleLowerCase("nl");
      const match = words.every(function (word) { return haystack.includes(word); });
      row.hidden = !match;
      if (match) shown += 1;
    });
    return shown;
  }

  function setUp(picker) {
    const form = document.getElementById(picker.dataset.form);
    if (!form) return;
    let field = form.querySelector("textarea");
    form.addEventListener("focusin", function (event) {
      if (event.target.matches("textarea")) field = event.target;
    });
    const status = picker.querySelector("[data-picker-status]");
    const rows = Array.from(picker.querySelectorAll("tbody tr"));
    rows.forEach(function (row) {
      const cell = row.querySelector("[data-token]");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "utrecht-button utrecht-button--secondary-action reporting-catalogue__insert";
      button.textContent = picker.dataset.insertLabel;
      button.setAttribute("aria-label", picker.dataset.insertLabel + ": " + cell.dataset.label);
      button.addEventListener("click", function () {
        if (!field) return;
        insertToken(field, cell.dataset.token);
        status.textContent = picker.dataset.insertedMessage.replace("{token}", cell.dataset.token);
      });
      row.querySelector("[data-insert-cell]").append(button);
    });
    const search = picker.querySelector("[data-picker-search]");
    search.addEventListener("input", function () {
      const shown = filterRows(rows, search.value);
      const message = shown === 1 ? picker.dataset.countMessageOne : picker.dataset.countMessage;
      status.textContent = message.replace("{count}", shown);
    });
  }

  document.querySelectorAll("[data-figure-picker]").forEach(setUp);
})();
