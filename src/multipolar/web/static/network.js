// Network page: draws the actor network from the JSON embedded in the page (positions come
// from the server's networkx layout), colours blocs, and shows a node's or an edge's events.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  const BLOC = ["#2563eb", "#16a34a", "#ea580c", "#9333ea", "#0891b2", "#ca8a04", "#db2777",
                "#4b5563", "#65a30d", "#7c2d12"];
  const data = JSON.parse(document.getElementById("network-data").textContent);
  const svg = document.getElementById("network");
  const panel = document.getElementById("network-panel");
  const W = 900, H = 620, PAD = 50;
  const pos = {};
  for (const n of data.nodes) pos[n.code] = [PAD + n.x * (W - 2 * PAD), PAD + n.y * (H - 2 * PAD)];
  const maxEvents = Math.max(1, ...data.edges.map((e) => e.events));
  const maxNode = Math.max(1, ...data.nodes.map((n) => n.events));

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }
  function html(tag, text, parent, attrs) {
    const node = document.createElement(tag);
    if (text !== null) node.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  }
  function period() {
    const q = [];
    if (data.since) q.push("since=" + data.since);
    if (data.until) q.push("until=" + data.until);
    return q.join("&");
  }
  function dyadHref(a, b) {
    if (data.standalone) return "#";
    const p = period();
    return "/dyad/" + encodeURIComponent(a) + "/" + encodeURIComponent(b) + (p ? "?" + p : "");
  }
  function edgeColour(e) {
    const coop = e.cooperation / Math.max(1, e.events);
    const r = Math.round(220 * (1 - coop) + 37 * coop);
    const g = Math.round(38 * (1 - coop) + 99 * coop);
    const b = Math.round(38 * (1 - coop) + 235 * coop);
    return "rgb(" + r + "," + g + "," + b + ")";
  }
  function clearSelection() {
    for (const s of svg.querySelectorAll(".selected")) s.classList.remove("selected");
  }
  function showEdge(e, line) {
    clearSelection();
    line.classList.add("selected");
    panel.textContent = "";
    html("h3", e.a + " – " + e.b, panel);
    html("p", e.events + " events: " + e.cooperation + " cooperation, " + e.conflict +
         " conflict; mean Goldstein " + e.goldstein_mean.toFixed(1), panel);
    const link = html("a", "Open the dyad " + e.a + " – " + e.b, html("p", null, panel),
                      {href: dyadHref(e.a, e.b), id: "panel-dyad-link"});
    link.className = "dyad-link";
    loadEvents("dyad=" + encodeURIComponent(e.a + ":" + e.b));
  }
  function loadEvents(filter) {
    html("h4", "Events", panel);
    const list = html("ul", null, panel, {id: "panel-events"});
    if (data.standalone) {
      html("li", "serve the store with `multipolar serve` to see these events", list);
      return;
    }
    html("li", "loading events…", list);
    const p = period();
    fetch("/api/events?limit=20&" + filter + (p ? "&" + p : ""))
      .then((r) => r.json())
      .then((body) => {
        list.textContent = "";
        for (const ev of body.events || []) {
          const li = html("li", null, list);
          html("b", (ev.date || "?") + " " + (ev.actor1 || "?") + " → " + (ev.actor2 || "?") +
               " " + ev.code + " " + (ev.label || ""), li);
          html("div", ev.evidence, li);
          html("a", "document", li, {href: "/documents/" + ev.first_doc_id + "#event-" + ev.id});
        }
        if (!list.childElementCount) html("li", "no events", list);
      })
      .catch(() => { list.textContent = "could not load the events"; });
  }
  function showNode(n, group) {
    clearSelection();
    group.classList.add("selected");
    panel.textContent = "";
    html("h3", n.code, panel);
    if (n.name && n.name !== n.code) html("p", n.name, panel);
    html("p", n.events + " events with " + n.degree + " partners; bloc " + (n.bloc + 1), panel);
    const list = html("ul", null, panel, {id: "panel-partners"});
    const mine = data.edges.filter((e) => e.a === n.code || e.b === n.code);
    for (const e of mine) {
      const other = e.a === n.code ? e.b : e.a;
      const li = html("li", null, list);
      const a = html("a", n.code + " – " + other, li, {href: dyadHref(n.code, other)});
      a.className = "dyad-link";
      li.appendChild(document.createTextNode(": " + e.events + " events (" + e.cooperation +
        " cooperation, " + e.conflict + " conflict)"));
    }
    loadEvents("actor=" + encodeURIComponent(n.code));
  }

  const edgeLayer = el("g", {class: "edges"}, svg);
  const nodeLayer = el("g", {class: "nodes"}, svg);
  for (const e of data.edges) {
    const [x1, y1] = pos[e.a], [x2, y2] = pos[e.b];
    const line = el("line", {x1, y1, x2, y2, class: "edge", stroke: edgeColour(e),
      "stroke-opacity": 0.65, "stroke-width": 1.5 + 7 * Math.sqrt(e.events / maxEvents),
      "data-a": e.a, "data-b": e.b}, edgeLayer);
    el("title", {}, line).textContent = e.a + " – " + e.b + ": " + e.events + " events";
    line.addEventListener("click", () => showEdge(e, line));
  }
  for (const n of data.nodes) {
    const [x, y] = pos[n.code];
    const g = el("g", {class: "node", "data-code": n.code, tabindex: 0}, nodeLayer);
    el("circle", {cx: x, cy: y, r: 6 + 14 * Math.sqrt(n.events / maxNode),
      fill: BLOC[n.bloc % BLOC.length], stroke: "#fff", "stroke-width": 1.5}, g);
    const label = el("text", {x: x, y: y - 10 - 14 * Math.sqrt(n.events / maxNode),
      "text-anchor": "middle"}, g);
    label.textContent = n.code;
    el("title", {}, g).textContent = (n.name && n.name !== n.code ? n.name + " (" + n.code + ")" : n.code) +
      ": " + n.events + " events";
    g.addEventListener("click", () => showNode(n, g));
    g.addEventListener("keydown", (ev) => { if (ev.key === "Enter") showNode(n, g); });
  }
  if (!data.nodes.length) {
    const t = el("text", {x: W / 2, y: H / 2, "text-anchor": "middle"}, svg);
    t.textContent = "no relations in this period";
  }
})();
