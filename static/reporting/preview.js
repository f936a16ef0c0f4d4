/*
 * The live preview of the letter editor: while the coordinator types, the form's unsaved text is
 * sent (POST, with the CSRF token of the form) to the preview endpoint, which answers with the
 * letter rendered and sanitised on the server; it replaces the preview. Nothing is saved.
 */
(function () {
  "use strict";

  var DELAY = 500;

  function enhance(form) {
    var url = form.getAttribute("data-preview-url");
    var target = document.getElementById(form.getAttribute("data-preview-target"));
    if (!url || !target) {
      return;
    }
    var timer = null;
    var pending = null;

    function refresh() {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", signal: pending.signal })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          target.innerHTML = html;
          target.setAttribute("data-preview-state", "fresh");
        })
        .catch(function () {
          target.setAttribute("data-preview-state", "stale");
        });
    }

    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, DELAY);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
  }

  document.querySelectorAll("form[data-preview-url]").forEach(enhance);
})();
