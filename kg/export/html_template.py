"""The template of an interactive view's page (``kg.export.html``): its style, its script and its markup, whose
``@NAME@`` markers ``html_page`` fills (the title, the counts, the legend, the data, vis-network's own script and
style, and the Content-Security-Policy that allows only these scripts, by hash).

>>> import re
>>> sorted(set(re.findall(r"@[A-Z_]+@", PAGE)))[:3]
['@COUNTS@', '@CSP@', '@DATA@']
"""

from __future__ import annotations

PAGE_STYLE = """
html, body { margin: 0; height: 100%; font: 14px/1.4 Helvetica, Arial, sans-serif; color: #222; }
body { display: grid; grid-template-columns: 1fr 360px; grid-template-rows: auto 1fr; height: 100vh; }
header { grid-column: 1 / 3; padding: 8px 14px; border-bottom: 1px solid #ddd; display: flex; gap: 16px;
         align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 18px; margin: 0; }
header .kg-sub { color: #555; font-size: 12px; }
#kg-search { margin-left: auto; padding: 4px 8px; width: 220px; }
#kg-network { position: relative; min-height: 300px; }
aside { border-left: 1px solid #ddd; overflow: auto; padding: 10px 12px; font-size: 13px; }
aside h2 { font-size: 14px; margin: 12px 0 6px; }
#kg-legend ul { list-style: none; padding: 0; margin: 0; }
#kg-legend li { margin: 2px 0; }
.kg-swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: middle;
             border-radius: 50%; }
.kg-swatch.kg-square, .kg-swatch.kg-triangle, .kg-swatch.kg-star { border-radius: 0; }
.kg-swatch.kg-diamond { border-radius: 0; transform: rotate(45deg) scale(0.85); }
.kg-swatch.kg-ring { background: none; border: 3px solid #1f77b4; width: 8px; height: 8px; }
.kg-line { display: inline-block; width: 22px; height: 4px; margin-right: 6px; vertical-align: middle; }
.kg-tip { max-width: 420px; white-space: normal; font-size: 12px; }
.kg-tip ul, #kg-details ul { padding-left: 16px; margin: 4px 0; }
.kg-tip q, #kg-details q { font-style: italic; }
.kg-when { color: #666; }
#kg-details .kg-tip { max-width: none; border-bottom: 1px solid #eee; padding: 6px 0; }
#kg-empty { position: absolute; top: 40%; width: 100%; text-align: center; color: #777; }
div.vis-tooltip { max-width: 440px; white-space: normal; font-family: Helvetica, Arial, sans-serif; }
"""

PAGE_SCRIPT = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  // Tooltips and details are HTML assembled from escaped text on the Python side; vis-network shows a string
  // title as plain text, so hand it an element.
  function element(markup) {
    var template = document.createElement("template");
    template.innerHTML = markup;
    var box = document.createElement("div");
    box.appendChild(template.content);
    return box;
  }
  var titles = {};
  data.nodes.forEach(function (n) { titles["n" + n.id] = n.title; n.title = element(n.title); });
  data.edges.forEach(function (e) { titles[e.id] = e.title; e.title = element(e.title); });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("kg-network");
  var view = { nodes: nodes, edges: edges, settled: false, settledAt: null, meta: data.meta };
  window.kgView = view;
  function settle() {
    if (view.settled) { return; }
    view.network.setOptions({ physics: false });
    view.settled = true;
    view.settledAt = performance.now();
    document.body.setAttribute("data-settled", "true");
  }
  view.network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  view.network.once("stabilizationIterationsDone", function () { settle(); view.network.fit(); });
  view.network.once("stabilized", settle);
  if (data.nodes.length === 0) {
    var empty = document.createElement("div");
    empty.id = "kg-empty";
    empty.textContent = "Nothing to draw: no exchange matches these filters.";
    container.appendChild(empty);
    settle();
  }
  var details = document.getElementById("kg-details");
  function show(markups) {
    details.textContent = "";
    markups.forEach(function (m) { details.appendChild(element(m)); });
  }
  function showNode(id) {
    var connected = view.network.getConnectedEdges(id).map(function (e) { return edges.get(e); });
    connected.sort(function (a, b) { return b.kgWeight - a.kgWeight; });
    show([titles["n" + id]].concat(connected.slice(0, 40).map(function (e) { return titles[e.id]; })));
  }
  view.showNode = showNode;
  view.network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { show([titles[params.edges[0]]]); }
  });
  var search = document.getElementById("kg-search");
  var list = document.getElementById("kg-names");
  nodes.get().map(function (n) { return n.label; }).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    list.appendChild(option);
  });
  function find() {
    var wanted = search.value.trim().toLowerCase();
    if (!wanted) { return; }
    var hits = nodes.get({ filter: function (n) { return String(n.label).toLowerCase().indexOf(wanted) >= 0; } });
    hits.sort(function (a, b) {
      return (String(a.label).toLowerCase() === wanted ? 0 : 1) - (String(b.label).toLowerCase() === wanted ? 0 : 1);
    });
    if (!hits.length) {
      details.textContent = "No node is called \\u201c" + search.value + "\\u201d.";
      return;
    }
    view.network.selectNodes([hits[0].id]);
    view.network.focus(hits[0].id, { scale: 1.2, animation: false });
    showNode(hits[0].id);
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { find(); } });
})();
"""

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@CSP@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<style>@VIS_CSS@</style>
<style>@PAGE_CSS@</style>
</head>
<body>
<header>
  <h1>@TITLE@</h1>
  <span class="kg-sub">@SUBTITLE@</span>
  <span class="kg-sub">@COUNTS@</span>
  <input id="kg-search" type="search" list="kg-names" placeholder="Find a node…" aria-label="Find a node">
  <datalist id="kg-names"></datalist>
</header>
<div id="kg-network"></div>
<aside>
  <h2>Legend</h2>
  <div id="kg-legend">@LEGEND@</div>
  <p class="kg-sub">Node size: weight (exchanges, statements or positions behind it). Edge width: count.
  Hover for counts and quotes; click a node or an edge for details.</p>
  <h2>Details</h2>
  <div id="kg-details"><p class="kg-sub">Click a node or an edge.</p></div>
</aside>
<script id="kg-data" type="application/json">@DATA@</script>
<script>@VIS_JS@</script>
<script>@PAGE_JS@</script>
</body>
</html>
"""
