// Dyad page: click a bar of the chart to show only that period's events.
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll("#dyad-events tbody tr[data-period]"));
  const bars = Array.from(document.querySelectorAll(".dyad-chart g.bar"));
  const count = document.getElementById("event-count");
  function show(period) {
    let shown = 0;
    for (const row of rows) {
      const keep = period === null || row.dataset.period === period;
      row.classList.toggle("hidden", !keep);
      if (keep) shown += 1;
    }
    for (const bar of bars) bar.classList.toggle("selected", bar.dataset.start === period);
    if (count) count.textContent = String(shown);
  }
  for (const bar of bars) {
    bar.addEventListener("click", () => show(bar.dataset.start));
    bar.addEventListener("keydown", (e) => { if (e.key === "Enter") show(bar.dataset.start); });
  }
  const all = document.getElementById("show-all");
  if (all) all.addEventListener("click", (e) => { e.preventDefault(); show(null); });
})();
