/*
 * Beursvloer registration desk: register many matches without a page reload.
 *
 * Progressive enhancement: without this script the page is a plain form with two lists and a
 * button, and every registration reloads the page. With it:
 *  - a search box above each list filters it as you type (fetches JSON from data-search-url);
 *  - Enter in the need's search box moves on to the entrepreneur's; Enter there registers;
 *    Arrow Down moves from a search box into its list;
 *  - the form posts with fetch (CSRF token from the form's hidden input); the new row is added to
 *    the table, the counts are updated, a status message is announced and the form is ready for
 *    the next match.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-beursvloer-form]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }

  var SIDES = ["need", "enterprise"];
  var searchUrl = form.getAttribute("data-search-url");
  var announcer = form.querySelector("[data-announce]");
  var registered = document.querySelector("[data-registered]");
  var selects = {};
  var boxes = {};
  var timers = {};
  var lastQuery = {};
  var pending = {};

  SIDES.forEach(function (side) {
    selects[side] = form.elements[side];
    boxes[side] = form.querySelector('input[data-side="' + side + '"]');
    form.querySelector('[data-search-for="' + side + '"]').hidden = false;
    selects[side].size = 6;
    lastQuery[side] = null;

    boxes[side].addEventListener("input", function () {
      window.clearTimeout(timers[side]);
      timers[side] = window.setTimeout(function () {
        search(side);
      }, 150);
    });

    boxes[side].addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        selects[side].focus();
      } else if (event.key === "Enter") {
        event.preventDefault();
        window.clearTimeout(timers[side]);
        search(side).then(function () {
          if (side === "need") {
            boxes.enterprise.focus();
          } else {
            form.requestSubmit();
          }
        });
      }
    });
  });

  function search(side) {
    var query = boxes[side].value.trim();
    if (query === lastQuery[side] && pending[side]) {
      return pending[side];
    }
    lastQuery[side] = query;
    var url = new URL(searchUrl, window.location.href);
    url.searchParams.set("side", side);
    url.searchParams.set("q", query);
    pending[side] = fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        if (lastQuery[side] === query) {
          fill(selects[side], data.results);
        }
      })
      .catch(function () {
        /* keep the list as it is; the plain form still works */
      });
    return pending[side];
  }

  function fill(select, results) {
    var emptyOption = select.options[0] && select.options[0].value === "" ? select.options[0] : null;
    var options = [];
    if (emptyOption) {
      options.push(emptyOption);
    }
    results.forEach(function (result) {
      options.push(new Option(result.label, String(result.id)));
    });
    select.replaceChildren.apply(select, options);
    if (results.length) {
      select.value = String(results[0].id);
    } else {
      select.value = "";
      say(form.getAttribute("data-text-no-results"), "info");
    }
  }

  function say(text, kind) {
    var content = document.createElement("div");
    var message = document.createElement("div");
    var paragraph = document.createElement("p");
    content.className = "utrecht-alert__content";
    message.className = "utrecht-alert__message";
    paragraph.textContent = text;
    message.appendChild(paragraph);
    content.appendChild(message);
    announcer.className = "utrecht-alert utrecht-alert--" + kind;
    announcer.replaceChildren(content);
  }

  function markInvalid(errors) {
    form.querySelectorAll('[aria-invalid="true"]').forEach(function (element) {
      element.removeAttribute("aria-invalid");
    });
    Object.keys(errors).forEach(function (name) {
      var field = form.elements[name];
      if (field && field.setAttribute) {
        field.setAttribute("aria-invalid", "true");
      }
    });
  }

  function updateCounts(result) {
    Object.keys(result).forEach(function (key) {
      document.querySelectorAll('[data-count="' + key + '"]').forEach(function (element) {
        element.textContent = result[key];
      });
    });
  }

  function readyForTheNext() {
    SIDES.forEach(function (side) {
      boxes[side].value = "";
      selects[side].value = "";
    });
    form.elements.note.value = "";
    boxes.need.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var token = form.elements.csrfmiddlewaretoken.value;
    fetch(window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        if (data.ok) {
          registered.insertAdjacentHTML("afterbegin", data.row);
          updateCounts(data.result);
          markInvalid({});
          say(data.message, "ok");
          readyForTheNext();
        } else {
          var messages = [];
          Object.keys(data.errors).forEach(function (name) {
            messages = messages.concat(data.errors[name]);
          });
          markInvalid(data.errors);
          say(form.getAttribute("data-text-error") + " " + messages.join(" "), "error");
        }
      })
      .catch(function () {
        say(form.getAttribute("data-text-failed"), "error");
      });
  });
})();
