// HiPay Mirakl dashboard: small progressive enhancements; every page works without this script.
(function () {
  "use strict";

  // Elements marked data-refresh="SECONDS" reload their own content from the same URL while the page is open
  // (a running job's batch, the inbox); they stop refreshing once the server marks them data-refresh-done="true"
  // (Razor writes data-* attributes even when their value is null, so the attribute's presence cannot be the signal).
  function refresh(element) {
    var seconds = parseInt(element.getAttribute("data-refresh"), 10) || 5;
    setTimeout(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "refresh" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(element.id);
          if (!fresh) { return; }
          element.replaceWith(fresh);
          if (fresh.hasAttribute("data-refresh") && fresh.getAttribute("data-refresh-done") !== "true") { refresh(fresh); }
        })
        .catch(function () { refresh(element); });
    }, seconds * 1000);
  }

  // Buttons marked data-confirm="question" ask before their form is sent.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-refresh][id]:not([data-refresh-done='true'])").forEach(refresh);
  });
})();
