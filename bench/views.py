"""Time the twelve view and report queries through ``kg.viewquery.run_named`` on an existing output folder.

    python bench/views.py OUT [--index] [--runs 10] [--sparql]

``--index`` first writes the view index of the current generation from its store (what a build of an older
store does at its next build), for a folder built before the index existed: run it on a copy. ``--sparql``
also times the SPARQL text once per query, for comparison. Prints the first call (index loading included),
the median of ``--runs`` calls, and the rows, per query.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.queries import named_query
from kg.store import current_generation, open_embedded, run_query, views_path
from kg.viewindex import write_view_index
from kg.viewquery import run_named
from kg.views.spec import VIEWS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--index", action="store_true")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sparql", action="store_true")
    args = parser.parse_args()
    generation = current_generation(args.out)
    assert generation is not None, "no store there"
    if args.index:
        started = time.perf_counter()
        write_view_index(generation, previous=generation, facts={})
        size = views_path(generation).stat().st_size
        print(f"index written from the store in {time.perf_counter() - started:.1f} s ({size / 1e6:.1f} MB)")
    store = open_embedded(args.out).store
    head = f"{'query':34} {'first ms':>9} {'median ms':>10} {'rows':>7}"
    print(head + (f" {'sparql ms':>10}" if args.sparql else ""))
    for name in VIEWS:
        started = time.perf_counter()
        rows = len(run_named(store, name).rows)
        first = time.perf_counter() - started
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            run_named(store, name)
            times.append(time.perf_counter() - started)
        line = f"{name:34} {first * 1000:9.0f} {statistics.median(times) * 1000:10.0f} {rows:7d}"
        if args.sparql:
            started = time.perf_counter()
            run_query(store, named_query(name).sparql)  # the checked-in text: every filter open
            line += f" {(time.perf_counter() - started) * 1000:10.0f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
