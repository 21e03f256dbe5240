"""The embedded Oxigraph store, kept in generations so that no build can leave a broken graph behind.

``output/store`` is a symbolic link to the current generation (``output/store.gen/<id>``). A build copies the
current generation (Oxigraph's backup: hard links, cheap), writes its changes into the copy, and only when all
of them are in does it swap the link atomically. A build that fails or is killed leaves the previous
generation in place, and readers always open one complete generation: a consistent answer, never a mix.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> with write_generation(out) as store:
...     store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x"), ox.NamedNode("http://g")))
>>> len(open_store(out))
1
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.namespace import PREFIXES

STORE_LINK = "store"
GENERATIONS = "store.gen"
LOCK_FILE = ".build.lock"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def current_generation(out: Path) -> Path | None:
    """The generation ``out/store`` points to, or None before the first build."""
    link = out / STORE_LINK
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def open_store(out: Path) -> ox.Store:
    """Open the current generation read-only, for queries.

    Raises StoreError with what to do when there is no store yet.
    """
    generation = current_generation(out)
    if generation is None:
        raise StoreError(
            "E301", "no store has been built here", path=str(out / STORE_LINK), hint="run `kg build PATH...` first"
        )
    try:
        return ox.Store.read_only(str(generation))
    except OSError as exc:
        raise StoreError(
            "E302",
            f"cannot open the store: {exc}",
            path=str(generation),
            hint="check the folder's permissions; if it is damaged, run `kg build` again",
        ) from exc


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one fails at once with 'store is busy'."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_FILE, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(
                "E303", "store is busy: another build is writing it", path=str(out), hint="wait for it to finish"
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def write_generation(out: Path, *, fresh: bool = False) -> Iterator[ox.Store]:
    """Yield a writable copy of the current generation (an empty store if ``fresh`` or none exists).

    On normal exit the copy becomes the current generation; on an exception it is discarded.
    """
    with build_lock(out):
        generations = out / GENERATIONS
        generations.mkdir(parents=True, exist_ok=True)
        _remove_stale(out)
        new = generations / f"{time.time_ns()}-{os.getpid()}.partial"
        previous = current_generation(out)
        try:
            if previous is not None and not fresh:
                ox.Store.read_only(str(previous)).backup(str(new))
            store = ox.Store(str(new))
        except OSError as exc:
            shutil.rmtree(new, ignore_errors=True)
            raise StoreError(
                "E304",
                f"cannot create a new store generation: {exc}",
                path=str(new),
                hint="check free disk space and the output folder's permissions",
            ) from exc
        try:
            yield store
            store.flush()
            del store
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        final = new.with_suffix("")
        new.rename(final)
        _swap_link(out / STORE_LINK, final)
        _remove_stale(out)


def _swap_link(link: Path, target: Path) -> None:
    if link.exists() and not link.is_symlink():
        raise StoreError("E305", "is not a store link", path=str(link), hint="move it away; kg build recreates it")
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(os.path.relpath(target, link.parent))
    os.replace(tmp, link)  # atomic: readers see the old generation or the new one


def _remove_stale(out: Path) -> None:
    """Remove partial generations of killed builds and all but the current and previous complete ones."""
    generations = out / GENERATIONS
    if not generations.is_dir():
        return
    current = current_generation(out)
    complete = sorted(
        (p for p in generations.iterdir() if p.is_dir() and not p.name.endswith(".partial")),
        key=lambda p: p.name,
    )
    keep = {current} | set(complete[-2:])
    for path in generations.iterdir():
        if path not in keep:
            shutil.rmtree(path, ignore_errors=True)


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
    """Replace one named graph's content with ``quads``, leaving every other graph as it is."""
    store.remove_graph(graph) if store.contains_named_graph(graph) else None
    store.extend(quads)


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT result as plain values, or the boolean of an ASK, or the triples of a CONSTRUCT."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()

    def values(self) -> list[dict[str, str | None]]:
        """Rows as dicts of lexical values (IRIs as strings, literals as their text)."""
        return [
            {v: (None if t is None else _lexical(t)) for v, t in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]


def _lexical(term: Term) -> str:
    return str(term.value) if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)


# Strings, IRIs and comments, which may hold any word without it being a keyword.
_NOT_CODE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_UPDATE_KEYWORD = re.compile(
    r"(?<![?$:\w])(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)(?![:\w])", re.IGNORECASE
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_parameters(sparql: str, bindings: Mapping[str, Term]) -> str:
    r"""Bind variables to RDF terms with a VALUES block opening the query's WHERE clause.

    The terms are written by Oxigraph's own serialiser, which escapes literals and refuses malformed IRIs,
    so a value can never change the query's structure (unlike pasting text into it).

    >>> bind_parameters("SELECT ?x WHERE { ?x ?p ?o }", {"o": ox.Literal('" } ; DROP ALL ; #')})
    'SELECT ?x WHERE { VALUES (?o) { ("\\" } ; DROP ALL ; #") } ?x ?p ?o }'
    """
    if not bindings:
        return sparql
    # Found outside comments and strings, so that a "WHERE {" in a query's header cannot swallow the block.
    match = _WHERE.search(_NOT_CODE.sub(lambda m: " " * len(m.group()), sparql))
    if match is None:
        raise QueryError(
            "E402",
            "cannot bind parameters: the query has no WHERE clause",
            hint="write the query as SELECT ... WHERE { ... }",
        )
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(term) for term in bindings.values())
    return f"{sparql[: match.end()]} VALUES ({names}) {{ ({values}) }}{sparql[match.end() :]}"


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` holds a SPARQL Update operation (outside strings, IRIs and comments).

    >>> is_update("DELETE WHERE { ?s ?p ?o }"), is_update("PREFIX x: <http://x/#drop> INSERT DATA { }")
    (True, True)
    >>> is_update('SELECT ?drop WHERE { ?s ?p "DROP ALL" } # delete')
    False
    """
    return _UPDATE_KEYWORD.search(_NOT_CODE.sub(" ", sparql)) is not None


def run_query(
    store: ox.Store,
    sparql: str,
    *,
    bindings: Mapping[str, Term] | None = None,
    limit: int | None = None,
) -> QueryResult:
    """Run SPARQL over all graphs as one (the union default graph), with ``bindings`` bound as RDF terms."""
    try:
        result = store.query(
            bind_parameters(sparql, bindings or {}), prefixes=PREFIXES, use_default_graph_as_union=True
        )
    except SyntaxError as exc:
        if is_update(sparql):
            raise QueryError(
                "E412",
                "SPARQL updates (INSERT, DELETE, DROP, LOAD...) are not accepted: queries only read the graph",
                hint="change the graph by changing its input files and running `kg build` again",
            ) from exc
        reason = " ".join(str(exc).split())  # Oxigraph's message spans lines; errors are one line
        raise QueryError("E401", f"invalid SPARQL: {reason}", hint="check the query's syntax") from exc
    except OSError as exc:
        raise StoreError(
            "E306", f"the store failed: {exc}", hint="run the query again; if it fails again, rebuild"
        ) from exc
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(variables=(), rows=(), boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(variables=(), rows=(), triples=tuple(_take(result, limit)))
    names = tuple(v.value for v in result.variables)
    rows = tuple(tuple(s[n] for n in names) for s in _take(result, limit))
    return QueryResult(variables=names, rows=rows)


def _take(
    it: Iterator[ox.QuerySolution] | Iterator[ox.Triple] | ox.QuerySolutions | ox.QueryTriples, limit: int | None
) -> list:  # type: ignore[type-arg]
    out = []
    for i, item in enumerate(it):
        if limit is not None and i >= limit:
            break
        out.append(item)
    return out
