// Copy-to-clipboard for share links: <button data-copy-target="input-id">.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-target]");
  if (!button) return;
  var input = document.getElementById(button.getAttribute("data-copy-target"));
  var status = document.getElementById(button.getAttribute("aria-describedby"));
  if (!input) return;
  function done(message) { if (status) status.textContent = message; }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(
      function () { done("Link copied."); },
      function () { input.select(); done("Select the link and copy it."); }
    );
  } else {
    input.select();
    done(document.execCommand && document.execCommand("copy") ? "Link copied." : "Select the link and copy it.");
  }
});
