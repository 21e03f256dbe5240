"""Time the view and report queries through ``kg.viewquery.run_named`` on an existing output folder.

    python bench/views.py OUT [--index] [--runs 10] [--sparql] [--filter topic=taiwan ...]

``--index`` first writes the view index of the current generation from its store (what a build of an older
store does at its next build), for a folder built before the index existed: run it on a copy. ``--sparql``
also times the SPARQL text once per query, for comparison. ``--filter PARAM=VALUE`` (repeatable) also times
each query under that one filter, after the whole store's. ``--also NAME[:PARAM=VALUE,...]`` (repeatable) also
times another named query with those parameters, bound by their declared types (``compare-positions:first=CHN,
second=USA``). Prints, per query and filter, the first call (the
first query's includes loading the index), the median wall and CPU time of ``--runs`` further calls (CPU time:
the figure to compare on a loaded machine) and the rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox

from kg.queries import bind, named_query
from kg.store import Term, current_generation, open_embedded, run_query, views_path
from kg.viewindex import write_view_index
from kg.viewquery import run_named
from kg.views.filter import BY_PARAM, XSD_DATE
from kg.views.spec import VIEWS


def parse_filter(given: str) -> dict[str, Term]:
    """``PARAM=VALUE`` as the bindings a caller passes (a date parameter as an xsd:date literal)."""
    param, _, value = given.partition("=")
    assert param in BY_PARAM, f"{param}: not a filter parameter ({', '.join(BY_PARAM)})"
    return {param: ox.Literal(value, datatype=XSD_DATE) if BY_PARAM[param].type == "date" else ox.Literal(value)}


def timed(store: ox.Store, name: str, bindings: dict[str, Term], runs: int) -> tuple[float, float, float, float, int]:
    """The first call's wall and CPU time, the median wall and CPU time of ``runs`` more, and the rows."""
    started, used = time.perf_counter(), time.process_time()
    rows = len(run_named(store, name, bindings).rows)
    first, first_cpu = time.perf_counter() - started, time.process_time() - used
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        run_named(store, name, bindings)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return first, first_cpu, statistics.median(wall), statistics.median(cpu), rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--index", action="store_true")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sparql", action="store_true")
    parser.add_argument("--filter", action="append", default=[], metavar="PARAM=VALUE")
    parser.add_argument("--also", action="append", default=[], metavar="NAME[:PARAM=VALUE,...]")
    args = parser.parse_args()
    generation = current_generation(args.out)
    assert generation is not None, "no store there"
    if args.index:
        started = time.perf_counter()
        write_view_index(generation, previous=generation, facts={})
        size = views_path(generation).stat().st_size
        print(f"index written from the store in {time.perf_counter() - started:.1f} s ({size / 1e6:.1f} MB)")
    store = open_embedded(args.out).store
    head = f"{'query':34} {'filter':16} {'first ms':>9} {'cpu ms':>7} {'median ms':>10} {'cpu ms':>7} {'rows':>7}"
    print(head + (f" {'sparql ms':>10}" if args.sparql else ""))
    for given in ["", *args.filter]:
        bindings = parse_filter(given) if given else {}
        for name in VIEWS:
            first, first_cpu, wall, cpu, rows = timed(store, name, bindings, args.runs)
            line = f"{name:34} {given or '-':16} {first * 1000:9.0f} {first_cpu * 1000:7.0f}"
            line += f" {wall * 1000:10.1f} {cpu * 1000:7.1f} {rows:7d}"
            if args.sparql and not given:
                started = time.perf_counter()
                run_query(store, named_query(name).sparql)  # the checked-in text: every filter open
                line += f" {(time.perf_counter() - started) * 1000:10.0f}"
            print(line, flush=True)
    for given in args.also:
        name, _, text = given.partition(":")
        params = dict(p.split("=", 1) for p in text.split(",") if p)
        first, first_cpu, wall, cpu, rows = timed(store, name, dict(bind(named_query(name), params)), args.runs)
        line = f"{name:34} {text or '-':16} {first * 1000:9.0f} {first_cpu * 1000:7.0f}"
        print(line + f" {wall * 1000:10.1f} {cpu * 1000:7.1f} {rows:7d}", flush=True)


if __name__ == "__main__":
    main()
