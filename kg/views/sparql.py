"""The SPARQL of each view and report query, derived from its ``kg.views.spec.View``.

Two forms: :func:`checked_in` is the text shipped as ``kg/queries/<name>.rq`` (documented, every filter present
and tested with ``!BOUND(?param) || ...``, what users copy to an endpoint); :func:`bound_query` is what ``kg``
runs for given parameters: only the bound filters, their values in a VALUES block inside the selection
sub-query, so no unbound filter costs a join and no binding depends on where a WHERE keyword is.

Regenerate the checked-in files after changing a view (a test fails while they differ)::

    python -m kg.views.sparql

>>> import pyoxigraph as ox
>>> "VALUES (?topic)" in bound_query("view-outlet-topic", {"topic": ox.Literal("taiwan")})
True
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kg.namespace import PK_IRI
from kg.queries import QUERY_DIR
from kg.store import Term
from kg.views import listing
from kg.views.filter import FIELDS
from kg.views.spec import COLUMNS, FACETS, MEASURES, VIEWS, View

NOTE = (
    "generated from kg/views/spec.py (python -m kg.views.sparql); the embedded store answers this query from "
    "its view index (kg/views/index.py, same rows); endpoints run this SPARQL, kg with only the bound filters"
)


def _indent(text: str, by: str) -> str:
    return "\n".join(by + line for line in text.splitlines())


def selection(bound: Mapping[str, Term] | None) -> str:
    """The sub-query that selects the counted units: every filter (``bound`` None) or only the bound ones."""
    fields = [f for f in FIELDS if bound is None or f.param in bound]
    lines = []
    if bound:
        names = " ".join(f"?{f.param}" for f in fields)
        values = " ".join(str(bound[f.param]) for f in fields)  # Oxigraph's serialiser escapes the terms
        lines.append(f"VALUES ({names}) {{ ({values}) }}")
    lines += ["?unit pk:inBriefing ?briefing .", "OPTIONAL { ?briefing dcterms:date ?date }"]
    lines += [f.optional for f in fields if f.optional]
    lines += [f"FILTER({f.test})" if bound is not None else f"FILTER(!BOUND(?{f.param}) || {f.test})" for f in fields]
    body = _indent("\n".join(lines), "      ")
    return (
        "  {\n"
        "    # -- the selection every view shares: which exchanges and statements count (kg.views.filter).\n"
        "    # Each filter is an OPTIONAL that matches only when its parameter is bound and equal, then a test that\n"
        "    # it matched; joins like these are fast where FILTER EXISTS is evaluated row by row.\n"
        f"    SELECT DISTINCT ?unit ?briefing ?date WHERE {{\n{body}\n    }}\n"
        "    # -- end of the shared selection\n"
        "  }"
    )


def _counted(view: View) -> str:
    return "position" if view.counted == "position" else "unit"


def _select(view: View) -> str:
    parts = []
    for out in view.outputs:
        if out.role == "key":
            parts.append(f"?{out.name}")
        elif out.role == "column":
            parts.append(f"(SAMPLE(?{COLUMNS[out.kind].var.format(o=out.name)}) AS ?{out.name})")
        else:
            expression = MEASURES[out.kind].sparql.format(counted=_counted(view))
            parts.append(f"({expression} AS ?{out.name})")
    lines, line = [], "SELECT"
    for part in parts:
        if len(line) + len(part) > 110:
            lines.append(line)
            line = "      "
        line += " " + part
    return "\n".join([*lines, line])


# What each kind of view counts, as patterns on the selected ``?unit``.
COUNTED: dict[str, tuple[str, ...]] = {
    "unit": (),
    "exchange": ("?unit a pk:Exchange .",),
    "position": ("?position a pk:Position ; pk:inExchange|pk:inStatement ?unit .",),
}


def _body(view: View) -> list[str]:
    """The patterns after the selection: what is counted, the keys, the columns, the measures' bindings."""
    patterns = list(COUNTED[view.counted])
    keys = view.key_outputs()
    for k in keys:
        facet = FACETS[k.kind]
        patterns.append(facet.sparql.format(v=k.name))
        if facet.typed is not None:
            patterns.append(f"?{k.name} a pk:{facet.typed.removeprefix(PK_IRI)} .")
    if view.pair:
        patterns.append(f"FILTER(STR(?{keys[0].name}) < STR(?{keys[1].name}))")
    for out in (o for o in view.outputs if o.role == "column"):
        column = COLUMNS[out.kind]
        of = (*out.of, "")
        patterns.append(column.sparql.format(k=of[0], k2=of[1], t=column.var.format(o=out.name)))
    patterns += [MEASURES[o.kind].binds.format(counted=_counted(view)) for o in view.outputs if o.role == "measure"]
    return list(dict.fromkeys(p for p in patterns if p))  # a block several columns share is written once


def _order(name: str) -> str:
    return f"DESC(?{name[1:]})" if name.startswith("-") else f"?{name}"


def render(view: View, bound: Mapping[str, Term] | None) -> str:
    """The query of ``view`` without header: every filter (``bound`` None) or the bound ones, with their values."""
    group = " ".join(f"?{k.name}" for k in view.key_outputs())
    return "\n".join([
        _select(view),
        "WHERE {",
        selection(bound),
        *(_indent(p, "  ") for p in _body(view)),
        "}",
        f"GROUP BY {group}",
        _order_by(view),
    ]) + "\n"  # fmt: skip


def _order_by(view: View) -> str:
    order = " ".join(_order(o) for o in view.order)
    if view.sorted_in_sparql():
        return f"ORDER BY {order}"
    return f"# in no order: kg sorts the rows (ORDER BY {order}); some engines cannot sort rows this long"


def _header(view: View) -> str:
    lines = [f"# title: {view.title}", f"# description: {view.description}", f"# note: {NOTE}"]
    lines += [f"# param: {f.param} ({f.type}, optional): {f.doc}" for f in FIELDS]
    return "\n".join(lines) + "\n"


def checked_in(name: str) -> str:
    """The text of ``kg/queries/<name>.rq``: header, every filter optional."""
    view = VIEWS[name]
    return _header(view) + render(view, None)


def bound_query(name: str, bindings: Mapping[str, Term]) -> str:
    """The query ``kg`` runs for ``bindings`` (parameters of the shared filter): only the bound filters."""
    return render(VIEWS[name], bindings)


def write_queries(folder: Path = QUERY_DIR) -> list[Path]:
    """Write every view's and listing's (``kg.views.listing``) checked-in text; returns the files that changed."""
    texts = {name: checked_in(name) for name in VIEWS} | {name: listing.checked_in(name) for name in listing.LISTINGS}
    changed = []
    for name, text in texts.items():
        path = folder / f"{name}.rq"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for written in write_queries():
        print(f"wrote {written}")
