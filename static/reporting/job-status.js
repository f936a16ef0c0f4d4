/*
 * Keeps the state of unfinished PDF jobs up to date without a reload: every row with
 * data-job-status-url asks its JSON endpoint every 1.5 s until the job is ready or failed, then
 * shows the download link or the reason and the retry button. Without JavaScript the page shows
 * the state of the moment; reloading it shows the new one.
 */
(function () {
  "use strict";

  var INTERVAL = 1500;
  var GIVE_UP_AFTER = 20 * 60 * 1000;

  function show(element, visible) {
    if (element) {
      element.hidden = !visible;
    }
  }

  function update(row, state) {
    var badge = row.querySelector("[data-job-badge]");
    if (badge && badge.textContent !== state.label) {
      badge.textContent = state.label;
      badge.className = "utrecht-status-badge utrecht-status-badge--" + state.badge;
    }
    var failure = row.querySelector("[data-job-failure]");
    if (failure) {
      failure.textContent = state.failure;
      show(failure, Boolean(state.failure));
    }
    var download = row.querySelector("[data-job-download]");
    if (download && state.download_url) {
      download.href = state.download_url;
    }
    show(download, Boolean(state.download_url));
    show(row.querySelector("[data-job-retry]"), state.can_retry);
    var number = row.querySelector(".reporting-job__number");
    if (number && state.version_label) {
      number.textContent = state.version_label;
    }
  }

  function follow(row) {
    var url = row.getAttribute("data-job-status-url");
    var started = Date.now();

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (state) {
          update(row, state);
          if (!state.finished && Date.now() - started < GIVE_UP_AFTER) {
            window.setTimeout(poll, INTERVAL);
          }
        })
        .catch(function () {
          if (Date.now() - started < GIVE_UP_AFTER) {
            window.setTimeout(poll, INTERVAL * 2);
          }
        });
    }

    window.setTimeout(poll, INTERVAL);
  }

  document.querySelectorAll("[data-job-status-url]").forEach(follow);
})();
