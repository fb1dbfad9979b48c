// The bundled site's one script: proves scripts run (data-js-loaded="yes" on <body>) and
// shows the server's /time answer, refreshed once a second.
"use strict";

(function () {
  const timeText = document.getElementById("time");

  async function refresh() {
    try {
      const response = await fetch("/time", { cache: "no-store" });
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      const text = (await response.text()).trim();
      timeText.textContent = text.replace(/^Local time is: /, "");
      timeText.classList.remove("failed");
      document.body.dataset.timeLoaded = "yes";
    } catch (error) {
      timeText.textContent = "The server did not answer (" + error.message + ").";
      timeText.classList.add("failed");
    }
  }

  document.body.dataset.jsLoaded = "yes";
  refresh();
  setInterval(refresh, 1000);
})();
