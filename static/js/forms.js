/* Forms (progressive enhancement; the page works without it):
   - the error summary of a form that failed takes the focus when the page loads, so it is read first;
   - a link in it puts the focus in its field, not only the field in view. */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      (field.closest(".portal-field") || field).scrollIntoView({ block: "start" });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
