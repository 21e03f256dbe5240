"""The Python API for notebooks: the same functions the CLI calls.

>>> import tempfile
>>> out = tempfile.mkdtemp()
>>> _ = build(["seeds/"], out=out, exports=())
>>> rows = query(name="exchanges-per-outlet", out=out).values()
>>> rows[0]["label"], rows[0]["exchanges"]
('Bloomberg', 5)
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from kg.errors import QueryError
from kg.pipeline import build
from kg.queries import bind, named_query
from kg.sparqlcheck import MAX_QUERY_CHARS
from kg.store import QueryResult, open_embedded, open_store

__all__ = ["build", "query", "stats"]


def query(
    sparql: str | None = None,
    *,
    name: str | None = None,
    file: str | Path | None = None,
    params: dict[str, str] | None = None,
    out: str | Path = "output",
    limit: int | None = None,
    endpoint: str | None = None,
    allow_service: Collection[str] = (),
) -> QueryResult:
    """Run a SPARQL string, a query file, or a named query from ``kg/queries/`` against the built store.

    With ``endpoint`` (a SPARQL endpoint URL, see ``kg.remote.endpoints``) the query runs there instead.
    ``allow_service`` names the hosts a query's SERVICE clauses may call (none by default).
    """
    given = [x for x in (sparql, name, file) if x is not None]
    if len(given) != 1:
        raise QueryError(
            "E409",
            "give exactly one of: a SPARQL string, a query file, a query name",
            hint="e.g. kg query 'SELECT ...', kg query --file q.rq, or kg query --name NAME",
        )
    if name is not None:
        bindings = bind(named_query(name), params or {})
        return open_store(out, endpoint=endpoint).named(name, bindings, limit=limit)
    if file is not None:
        try:
            sparql = _query_text(Path(file))
        except OSError as exc:
            raise QueryError(
                "E410",
                f"cannot read the query file: {exc.strerror}",
                path=str(file),
                hint="check the path and that the file is readable UTF-8 text",
            ) from exc
        except UnicodeDecodeError as exc:
            raise QueryError(
                "E413", "the query file is not UTF-8 text", path=str(file), hint="save it as UTF-8"
            ) from exc
    elif params:
        raise QueryError("E411", "parameters go with named queries", hint="use --name NAME --param k=v")
    assert sparql is not None
    return open_store(out, endpoint=endpoint).query(sparql, limit=limit, allow_service=allow_service)


def _query_text(path: Path) -> str:
    """The text of a query file, read no further than the longest query accepted (``/dev/zero`` never ends)."""
    most = 4 * MAX_QUERY_CHARS  # bytes: a UTF-8 character takes up to four
    with open(path, "rb") as handle:
        data = handle.read(most + 1)
    if len(data) > most:
        raise QueryError(
            "E415",
            f"the query file is longer than {most:,} bytes",
            path=str(path),
            hint=f"a query is at most {MAX_QUERY_CHARS:,} characters; shorten it",
        )
    return data.decode("utf-8")


STATS_QUERY = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { pk:Briefing pk:Statement pk:Exchange pk:Question pk:Answer pk:Outlet pk:Spokesperson
                  pk:Country pk:Place pk:Organization pk:Person pk:Position }
  ?s a ?class
} GROUP BY ?class
"""


def stats(*, out: str | Path = "output") -> dict[str, int]:
    """Counts of the main classes, named graphs and quads in the built store."""
    store = open_embedded(Path(out))
    result = store.query(STATS_QUERY)
    counts = {str(row["class"]).rsplit("#", 1)[-1]: int(row["n"] or 0) for row in result.values() if row["class"]}
    counts["named graphs"] = len(store.graph_names())
    counts["quads"] = len(store.store)
    return counts
