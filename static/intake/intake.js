/*
 * Intake pages: a "Select all on this page" button for the bulk forms. Without this
 * script the button stays hidden and each row's checkbox works on its own.
 * <button type="button" hidden data-select-all="intents"> toggles the checkboxes named
 * "intents" in its form.
 */
(function () {
  "use strict";

  function boxes(button) {
    var name = button.getAttribute("data-select-all");
    return Array.prototype.slice.call(
      button.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]')
    );
  }

  function label(button) {
    var all = boxes(button);
    var checked = all.filter(function (box) { return box.checked; }).length;
    var everything = all.length > 0 && checked === all.length;
    button.textContent = everything ? "Clear selection" : "Select all on this page";
    button.setAttribute("aria-pressed", everything ? "true" : "false");
  }

  document.querySelectorAll("button[data-select-all]").forEach(function (button) {
    if (!button.form || boxes(button).length === 0) {
      return;
    }
    button.hidden = false;
    label(button);
    button.addEventListener("click", function () {
      var all = boxes(button);
      var everything = all.every(function (box) { return box.checked; });
      all.forEach(function (box) { box.checked = !everything; });
      label(button);
    });
    button.form.addEventListener("change", function () { label(button); });
  });
})();
