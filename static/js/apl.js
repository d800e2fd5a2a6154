/*
 * APL progressive enhancements. Everything works without this file; it only adds
 * conveniences. Loaded at the end of <body> after uswds.min.js and htmx.min.js.
 * The Content-Security-Policy allows no inline scripts: put behaviour here, keyed on
 * data- attributes, never in onclick="" or <script> blocks in templates.
 */
(function () {
  "use strict";

  /*
   * <form data-confirm="Withdraw this submission?"> (or data-confirm on the submit
   * button) asks window.confirm() before the form is sent, for plain and htmx forms.
   * Listening in the capture phase on document runs before htmx's own submit handler.
   */
  function confirmSubmit(event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    var submitter = event.submitter;
    var message =
      (submitter && submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }

  document.addEventListener("submit", confirmSubmit, true);

  window.APL = window.APL || {};
  window.APL.confirmSubmit = confirmSubmit;
})();

/*
 * A USWDS error summary ([data-error-summary], tabindex="-1") takes focus when the page
 * loads, so keyboard and screen reader users land on the list of problems; each item links
 * to its field.
 */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
