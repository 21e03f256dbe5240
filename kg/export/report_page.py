"""The report's page: one self-contained HTML file of the sections ``kg.export.report`` builds, each chart with the
named query it comes from, the command that reruns it, its SPARQL and its rows; all text escaped, charts as
``data:`` images, and a Content-Security-Policy that lets nothing run.
"""

from __future__ import annotations

import base64
import html
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.atomicfile import atomic_write_bytes
from kg.errors import ExportError
from kg.export.report import QUOTED_PER_ACT, QueryRun, Section, _label, build_report, is_empty
from kg.queries import named_query
from kg.views.filter import ViewFilter


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _href(url: str | None) -> str | None:
    from kg.export.html import safe_href

    return safe_href(url)


def _table(run: QueryRun) -> str:
    if not run.rows:
        return f'<p class="empty">The query returned no rows.</p><table data-query="{esc(run.name)}"></table>'
    columns = list(run.rows[0])
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{esc(row[c])}</td>" for c in columns) + "</tr>" for row in run.rows)
    return f'<table data-query="{esc(run.name)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _provenance(run: QueryRun) -> str:
    sparql = named_query(run.name).sparql
    return (
        f'<div class="query"><p>Numbers from the named query <code>{esc(run.name)}</code> '
        f"({len(run.rows)} rows); rerun it with <code>{esc(run.command())}</code></p>"
        f"<details><summary>SPARQL</summary><pre>{esc(sparql)}</pre></details>"
        f"<details><summary>rows</summary>{_table(run)}</details></div>"
    )


def _quoted_html(run: QueryRun) -> str:
    by_act: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    for row in run.rows:  # the query orders by act, then by at how many briefings the sentence is said
        by_act[_label(row, "actNotation", "act")].append(row)
    parts = []
    for act in sorted(by_act):
        items = []
        for row in by_act[act][:QUOTED_PER_ACT]:
            date, _, unit = str(row.get("latest") or "").partition("|")
            href = _href(unit)
            link = f' <a href="{esc(href)}" target="_blank" rel="noopener noreferrer">exchange</a>' if href else ""
            items.append(
                f'<li><q>{esc(row["evidence"])}</q> <span class="count">said at {esc(row["briefings"])} '
                f"briefings ({esc(row['positions'])} positions); latest {esc(date if date != '-' else 'undated')}"
                f"</span>{link}</li>"
            )
        parts.append(f"<h3>{esc(act)}</h3><ol>{''.join(items)}</ol>")
    return "".join(parts) or '<p class="empty">No positions match these filters.</p>'


def report_html(sections: Sequence[Section], filters: ViewFilter | None = None) -> str:
    """The page as text."""
    chosen = filters or ViewFilter()
    described = chosen.describe()
    scope = " · ".join(f"{esc(k)}: {esc(v)}" for k, v in described.items()) or "all briefings in the store"
    if is_empty(sections):
        scope += f'. <strong class="nothing">{esc(chosen.nothing_matches())}</strong>'
    body = []
    for section in sections:
        if section.key == "quoted":
            figure = _quoted_html(section.runs[0])
        elif section.svg is None:
            figure = '<p class="empty">Nothing to draw for these filters.</p>'
        else:
            data = base64.b64encode(section.svg).decode("ascii")
            figure = f'<img alt="{esc(section.title)}" src="data:image/svg+xml;base64,{data}">'
        provenance = "".join(_provenance(run) for run in section.runs)
        body.append(
            f'<section id="{esc(section.key)}"><h2>{esc(section.title)}</h2><p class="note">{esc(section.note)}</p>'
            + (f'<p class="population">{esc(section.population)}</p>' if section.population else "")
            + (
                f'<ul class="lines">{"".join(f"<li>{esc(line)}</li>" for line in section.lines)}</ul>'
                if section.lines
                else ""
            )
            + f"{figure}{provenance}</section>"
        )
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    return REPORT_PAGE.format(csp=esc(csp), scope=scope, style=REPORT_STYLE, body="".join(body))


def write_report(store: ox.Store, out_dir: str | Path, filters: ViewFilter | None = None) -> Path:
    """Write ``report.html`` into ``out_dir`` (atomically) and return its path.

    >>> import tempfile
    >>> write_report(ox.Store(), Path(tempfile.mkdtemp())).name
    'report.html'
    """
    return write_sections(build_report(store, filters), out_dir, filters)


def write_sections(sections: Sequence[Section], out_dir: str | Path, filters: ViewFilter | None = None) -> Path:
    """Write the page of ``sections`` (from :func:`build_report`) as ``report.html`` into ``out_dir``."""
    target = Path(out_dir) / "report.html"
    page = report_html(sections, filters)
    try:
        atomic_write_bytes(target, page.encode("utf-8"))
    except OSError as exc:
        raise ExportError("E630", f"cannot write: {exc.strerror or exc}", path=str(target)) from exc
    return target


REPORT_STYLE = """
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
h3 { font-size: 14px; margin: 14px 0 4px; }
img { max-width: 100%; height: auto; display: block; margin: 8px 0; }
.note, .scope, .empty { color: #555; }
.population { font-weight: bold; color: #333; }
.query { font-size: 12px; background: #f7f7f7; padding: 6px 10px; margin: 6px 0; }
.query code { background: #eee; padding: 0 3px; word-break: break-all; }
pre { white-space: pre-wrap; font-size: 11px; }
table { border-collapse: collapse; font-size: 11px; margin: 4px 0; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
ol li { margin: 4px 0; } q { font-style: italic; } .count { color: #666; font-size: 12px; }
"""

REPORT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>presskg report</title>
<style>{style}</style>
</head>
<body>
<h1>presskg report</h1>
<p class="scope">Scope: {scope}. Every number below comes from a named SPARQL query shipped in
<code>kg/queries/</code>, printed beneath its chart with the command that reruns it.</p>
{body}
</body>
</html>
"""
