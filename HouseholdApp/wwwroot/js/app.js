// Small behaviours that must not be inline scripts (the Content-Security-Policy forbids those).
(() => {
  "use strict";

  // Buttons of the reconnect dialog (#components-reconnect-modal).
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-reconnect]") : null;
    if (!button) {
      return;
    }
    if (button.dataset.reconnect === "retry" && window.Blazor && typeof window.Blazor.reconnect === "function") {
      window.Blazor.reconnect().then((ok) => { if (!ok) { location.reload(); } });
    } else {
      location.reload();
    }
  });
})();
