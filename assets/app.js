// Ethos progressive enhancement. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Clicking a link in the error summary focuses the field itself.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({ block: "center" }); }
  });

  // Ask before destructive actions (the server still checks everything).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
