// Debrief's small enhancements. Everything works without this file.
(function () {
  "use strict";
  // Copy buttons: <button data-copy="ID"> copies the value or text of #ID.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      var text = "value" in source ? source.value : source.textContent;
      var done = function () {
        var label = button.textContent;
        button.textContent = button.getAttribute("data-copied") || "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(done, function () { source.select && source.select(); });
      } else if (source.select) {
        source.select();
        document.execCommand("copy");
        done();
      }
    });
  });
  // The browser's time zone, for the forms that adopt it (sign-in, invite, account).
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  document.querySelectorAll("[data-browser-zone]").forEach(function (input) {
    input.value = zone;
  });
  // Focus the error summary so screen readers and keyboards land on it.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
