/*
 * The educator's mastery work form (form[data-unsaved-warning]):
 * - warns before leaving the page with changes not yet saved;
 * - saves every task's text in the background (htmx, the element named by data-autosave)
 *   at most every data-autosave-seconds while there are changes; the server answers
 *   "Saved at 10:42 AM" into an aria-live status line.
 * Files are never sent in the background: they go with a Save or Submit button.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-unsaved-warning]");
  if (!form) {
    return;
  }
  var trigger = document.querySelector(form.getAttribute("data-autosave"));
  var seconds = parseInt(form.getAttribute("data-autosave-seconds"), 10) || 30;
  var edits = 0; // changes since the page loaded
  var saved = 0; // the edit count the last background save carried
  var sending = 0;
  var leaving = false;

  function dirty() {
    return edits !== saved;
  }

  form.addEventListener("input", function () {
    edits += 1;
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file" && event.target.files.length) {
      edits += 1;
    }
  });
  form.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) {
      leaving = true;
    }
  });

  window.addEventListener("beforeunload", function (event) {
    var chosenFiles = Array.prototype.some.call(
      form.querySelectorAll("input[type=file]"),
      function (input) {
        return input.files && input.files.length > 0;
      }
    );
    if (!leaving && (dirty() || chosenFiles)) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  if (!trigger || !window.htmx) {
    return;
  }
  trigger.addEventListener("htmx:beforeRequest", function () {
    sending = edits;
  });
  trigger.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.xhr.responseText.indexOf("Saved at") === 0) {
      saved = sending; // typing during the request stays unsaved until the next round
    }
  });
  window.setInterval(function () {
    if (dirty()) {
      window.htmx.trigger(trigger, "apl:autosave");
    }
  }, seconds * 1000);
})();
