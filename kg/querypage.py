"""The query page ``kg serve`` shows at ``/``: one self-contained HTML file that works with the network cut.

It loads nothing from elsewhere (no CDN, no prefix lookup service): the editor is a textarea, results are drawn as a
table by a few lines of script, and the examples are the project's own named queries (those that need no
parameter), each shown with the PREFIX lines it relies on, so that what a user copies runs anywhere.

>>> page = query_page()
>>> "PREFIX pk: <https://w3id.org/presskg/ontology#>" in page, "exchanges-per-outlet" in page
(True, True)
>>> "src=" in page or "href=" in page or "@import" in page  # nothing loaded from elsewhere, not even a style
False
"""

from __future__ import annotations

import html
import json
from functools import cache

from kg.namespace import sparql_prefixes
from kg.queries import named_queries

DEFAULT_QUERY = """SELECT ?outlet (COUNT(?exchange) AS ?exchanges)
WHERE { ?exchange pk:askedBy/rdfs:label ?outlet }
GROUP BY ?outlet
ORDER BY DESC(?exchanges)
LIMIT 20"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>presskg SPARQL</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }}
textarea {{ width: 100%; height: 18em; font: 13px/1.4 ui-monospace, monospace; box-sizing: border-box; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; text-align: left; max-width: 40em; }}
th {{ background: #f3f3f3; }}
#status {{ margin-left: 1em; color: #555; }}
#status.error {{ color: #b00; white-space: pre-wrap; }}
</style>
</head>
<body>
<h1>presskg SPARQL endpoint</h1>
<p>Queries go to <code>/query</code> (SPARQL 1.1 Protocol, read-only). The prefixes below are declared for you;
the default graph is the union of every briefing's graph.</p>
<label>Example: <select id="examples"><option value="">(your own query)</option>{options}</select></label>
<textarea id="query" spellcheck="false">{default}</textarea>
<p><button id="run">Run</button> (Ctrl+Enter)<span id="status"></span></p>
<div id="results"></div>
<script>
const examples = {examples};
const prefixes = {prefixes};
const q = document.getElementById("query");
const status = document.getElementById("status");
const out = document.getElementById("results");
document.getElementById("examples").addEventListener("change", (e) => {{
  if (e.target.value) q.value = prefixes + examples[e.target.value];
}});
function cell(term) {{
  if (!term) return "";
  if (term.type === "uri") return term.value;
  return term.value + (term["xml:lang"] ? "@" + term["xml:lang"] : "");
}}
async function run() {{
  status.className = ""; status.textContent = "running…"; out.textContent = "";
  const started = performance.now();
  const response = await fetch("query", {{
    method: "POST",
    headers: {{"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json, text/turtle;q=0.9"}},
    body: new URLSearchParams({{query: q.value}}),
  }});
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {{ status.className = "error"; status.textContent = response.status + ": " + text; return; }}
  const cut = response.headers.get("X-SPARQL-MaxRows");
  if (!(response.headers.get("Content-Type") || "").includes("json")) {{
    const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre);
    status.textContent = ms + " ms"; return;
  }}
  const data = JSON.parse(text);
  if ("boolean" in data) {{ status.textContent = String(data.boolean) + " (" + ms + " ms)"; return; }}
  const vars = data.head.vars, rows = data.results.bindings;
  const table = document.createElement("table");
  const head = table.insertRow();
  for (const v of vars) {{ const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }}
  for (const row of rows) {{
    const tr = table.insertRow();
    for (const v of vars) tr.insertCell().textContent = cell(row[v]);
  }}
  out.appendChild(table);
  status.textContent = rows.length + " row(s), " + ms + " ms" + (cut ? " (cut at " + cut + " rows)" : "");
}}
document.getElementById("run").addEventListener("click", run);
q.addEventListener("keydown", (e) => {{ if (e.key === "Enter" && e.ctrlKey) run(); }});
</script>
</body>
</html>
"""


@cache
def query_page() -> str:
    """The page's HTML (the same for every request)."""
    examples = {name: query.sparql.strip() for name, query in sorted(named_queries().items()) if not _required(query)}
    options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(named_queries()[name].title or name)}</option>'
        for name in examples
    )
    return _PAGE.format(
        options=options,
        default=html.escape(sparql_prefixes() + DEFAULT_QUERY),
        examples=_script_json(examples),
        prefixes=_script_json(sparql_prefixes()),
    )


def _required(query: object) -> bool:
    return any(not p.optional for p in getattr(query, "params", ()))


def _script_json(value: object) -> str:
    # JSON inside <script>: "</" must not close the element early.
    return json.dumps(value).replace("</", "<\\/")
