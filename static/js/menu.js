/* The main navigation on a phone: a long list of links (a coordinator's) folds behind the "Menu" button.
   Progressive enhancement: without this script the list simply wraps; at desktop width CSS hides the button
   and shows the list whatever its state. */
(function () {
  "use strict";
  var MANY_LINKS = 7;

  function setUp() {
    var button = document.querySelector("[data-menu-button]");
    var list = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!list || list.children.length < MANY_LINKS) {
      return;
    }
    var nav = button.closest("nav");
    nav.classList.add("portal-nav--collapsible");
    button.hidden = false;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("portal-nav--open", open);
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        button.click();
        button.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
