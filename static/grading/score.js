/*
 * Scoring page shortcuts. Arrow keys already move between a criterion's levels (native
 * radio groups); here number keys 1–9 choose the level with that rank in the criterion
 * that has focus, and a change is announced by the live total (htmx preview).
 */
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    if (!(target instanceof HTMLInputElement) || target.type !== "radio") {
      return;
    }
    var fieldset = target.closest(".apl-criterion");
    if (!fieldset || !/^[1-9]$/.test(event.key)) {
      return;
    }
    var radios = fieldset.querySelectorAll("input[type=radio]");
    var radio = radios[parseInt(event.key, 10) - 1];
    if (!radio) {
      return;
    }
    event.preventDefault();
    radio.checked = true;
    radio.focus();
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
