// The desk's only script: keeps a page showing a build up to date, and
// nothing else (every page works without it, by reloading).
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // A request being built: ask for its state, reload the page when it changes.
  const status = document.querySelector("[data-poll]");
  if (status && ["queued", "running"].includes(status.dataset.state)) {
    const poll = async () => {
      try {
        const answer = await fetch(status.dataset.poll, {credentials: "same-origin", cache: "no-store"});
        if (answer.ok) {
          const data = await answer.json();
          if (data.state !== status.dataset.state) {
            window.location.reload();
            return;
          }
        }
      } catch (error) {
        // the server restarting: keep asking
      }
      window.setTimeout(poll, 1500);
    };
    window.setTimeout(poll, 1000);
  }

  // Cover pictures still being made: look again in a few seconds.
  const waiting = document.querySelector("[data-refresh]");
  if (waiting) {
    window.setTimeout(() => window.location.reload(), 1000 * Number(waiting.dataset.refresh || 5));
  }

  for (const back of document.querySelectorAll("[data-back]")) {
    back.addEventListener("click", (event) => {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  }
});
