// Dyad entry form: go to /dyad/A/B.
(function () {
  "use strict";
  const form = document.getElementById("dyad-pick");
  if (!form) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const a = form.elements.namedItem("a").value.trim().toUpperCase();
    const b = form.elements.namedItem("b").value.trim().toUpperCase();
    if (a && b) window.location.href = "/dyad/" + encodeURIComponent(a) + "/" + encodeURIComponent(b);
  });
})();
