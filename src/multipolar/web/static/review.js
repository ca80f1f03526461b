// Review buttons: mark an event wrong (not an event / corrected code or actors) or right.
// Posts JSON to this server's POST /api/reviews (token-protected like ingest when the server
// has a token; the token typed here is kept for this tab only), then reloads the page, so the
// event leaves (or changes in) every chart and table.
(function () {
  "use strict";
  const dialog = document.getElementById("review-dialog");
  if (!dialog) return;
  const form = document.getElementById("review-form");
  const error = document.getElementById("review-error");
  let current = null;
  function field(name) { return form.elements.namedItem(name); }
  for (const button of document.querySelectorAll("button.review-btn")) {
    button.addEventListener("click", () => {
      current = button.dataset;
      document.getElementById("review-event").textContent = current.event.slice(0, 8);
      document.getElementById("review-coded").textContent =
        "coded: " + (current.actor1 || "?") + " " + current.code + " " + (current.actor2 || "?");
      field("code").value = "";
      field("actor1").value = "";
      field("actor2").value = "";
      field("reviewer").value = sessionStorage.getItem("mp-reviewer") || "";
      const token = field("token");
      if (token) token.value = sessionStorage.getItem("mp-token") || "";
      error.classList.add("hidden");
      dialog.showModal();
    });
  }
  document.getElementById("review-cancel").addEventListener("click", () => dialog.close());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const verdict = form.querySelector("input[name=verdict]:checked").value;
    const body = {event_id: current.event, verdict: verdict,
                  reviewer: field("reviewer").value.trim(), reason: field("reason").value.trim()};
    if (verdict === "corrected") {
      for (const name of ["code", "actor1", "actor2"]) {
        const value = field(name).value.trim();
        if (value) body[name] = name === "code" ? value : value.toUpperCase();
      }
    }
    const headers = {"Content-Type": "application/json"};
    const token = field("token");
    if (token && token.value) {
      headers.Authorization = "Bearer " + token.value;
      sessionStorage.setItem("mp-token", token.value);
    }
    sessionStorage.setItem("mp-reviewer", body.reviewer);
    const response = await fetch("/api/reviews", {method: "POST", headers: headers,
                                                  body: JSON.stringify(body)});
    if (response.ok) {
      dialog.close();
      window.location.reload();
      return;
    }
    let message = response.status + " " + response.statusText;
    try { message = (await response.json()).error.message; } catch (e) { /* keep status */ }
    error.textContent = message;
    error.classList.remove("hidden");
  });
})();
