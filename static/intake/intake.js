/*
 * Intake pages: a "Select all on this page" button for the bulk forms. Without this
 * script the button stays hidden and each row's checkbox works on its own.
 * <button type="button" hidden data-select-all="intents"> toggles the checkboxes named
 * "intents" in its form. Once the whole page is ticked, a hidden
 * <p data-select-matching="intents"> appears beside it, offering every row the filter
 * matches ("Select all 2,931 matching"), which goes to a confirmation first.
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
    var idle = button.getAttribute("data-select-label") || "Select all on this page";
    button.textContent = everything ? "Clear selection" : idle;
    button.setAttribute("aria-pressed", everything ? "true" : "false");
    var name = button.getAttribute("data-select-all");
    var matching = button.form.querySelector('[data-select-matching="' + name + '"]');
    if (matching) {
      matching.hidden = !everything;
    }
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

  // The team picker: a search that narrows the facilitators' checkboxes as one types.
  document.querySelectorAll("[data-team-picker]").forEach(function (picker) {
    var box = picker.querySelector("[data-team-search]");
    var input = box && box.querySelector("input");
    var count = box && box.querySelector("[aria-live]");
    var items = Array.prototype.slice.call(picker.querySelectorAll(".usa-checkbox"));
    if (!input || items.length === 0) {
      return;
    }
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.textContent.toLowerCase();
        var ticked = item.querySelector("input").checked;
        var match = ticked || words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      count.textContent = words.length ? shown + " of " + items.length + " shown" : "";
    });
  });
})();
