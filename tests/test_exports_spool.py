"""Exports in canonical order, written by a build from the graphs it holds (its spool, ``kg.export.spool``) and by
``kg export`` from the store: the same bytes, whatever order the store keeps its quads in, for a build from scratch
and for an incremental one whose unchanged briefings come from the store."""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
import kg.pipeline
from kg.export import rdfwrite
from kg.export.rdf import RDF_FORMATS, write_streams
from kg.export.rdfwrite import write_rdf, write_rdf_formats
from kg.export.spool import GraphSpool, SpoolWriter
from kg.load import Extracted
from kg.store import open_embedded

EX = "http://example.org/"


def _store_exports(out: Path, folder: Path) -> dict[str, bytes]:
    """Every RDF format written from the store of ``out``, as ``kg export`` writes it."""
    store = open_embedded(out).store
    return {
        name: write_rdf(store, folder / f"graph.{fmt.extension}", name).read_bytes()
        for name, fmt in RDF_FORMATS.items()
    }


def _build_exports(out: Path) -> dict[str, bytes]:
    return {name: (out / f"graph.{fmt.extension}").read_bytes() for name, fmt in RDF_FORMATS.items()}


def test_an_incremental_build_writes_what_the_store_and_a_full_build_give(tmp_path: Path, seeds_dir: Path) -> None:
    first, second = sorted(seeds_dir.iterdir())[:2]
    out = tmp_path / "out"
    kg.build([first], out=out, exports=tuple(RDF_FORMATS), overview=False)
    # The second briefing comes from the spool, the first (unchanged) from the previous generation's store.
    report = kg.build([first, second], out=out, exports=tuple(RDF_FORMATS), overview=False)
    assert (report.extracted, report.unchanged) == (1, 1)
    incremental = _build_exports(out)
    assert incremental == _store_exports(out, tmp_path / "from-store")
    full = tmp_path / "full"
    kg.build([first, second], out=full, exports=tuple(RDF_FORMATS), overview=False, full=True)
    assert _build_exports(full) == incremental


def test_a_build_reads_the_graphs_it_loaded_from_its_spool(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A spool that lacks one line of each graph: the exports lack those triples, the store has them.
    def short(extracted: Iterator[Extracted], spool: SpoolWriter) -> Iterator[Extracted]:
        for item in extracted:
            lines = item.graph.splitlines(keepends=True)
            spool.add(kg.rdf.graph_iri(item.entry.key).value, b"".join(lines[1:]))
            yield item

    monkeypatch.setattr(kg.pipeline, "spooled", short)
    out = tmp_path / "out"
    kg.build([seeds_dir], out=out, exports=("nq",), overview=False)
    built = set(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    stored = set(open_embedded(out).store)
    assert built < stored and len(stored - built) == 2


def test_the_order_is_the_same_whatever_order_the_store_keeps(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    kg.build([seeds_dir], out=out, exports=("nq",), overview=False)
    quads = list(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    forward, backward, on_disk = ox.Store(), ox.Store(), ox.Store(str(tmp_path / "disk"))
    forward.extend(quads)
    backward.extend(reversed(quads))
    on_disk.bulk_extend(quads[len(quads) // 2 :] + quads[: len(quads) // 2])
    written = []
    for store in (forward, backward, on_disk):
        buffers = {name: io.BytesIO() for name in RDF_FORMATS}
        write_streams(store, [(RDF_FORMATS[name], buffers[name]) for name in RDF_FORMATS])
        written.append({name: buffer.getvalue() for name, buffer in buffers.items()})
    assert written[0] == written[1] == written[2]
    assert written[0]["nq"] == (out / "graph.nq").read_bytes()
    # Canonical: the default graph, then the named graphs by name, the lines of each graph sorted.
    lines = written[0]["nq"].splitlines(keepends=True)
    graphs = [_graph_key(q.graph_name) for q in ox.parse(written[0]["nq"], format=ox.RdfFormat.N_QUADS)]
    assert graphs == sorted(graphs) and len(set(graphs)) > 2
    for graph in set(graphs):
        run = [line for line, g in zip(lines, graphs, strict=True) if g == graph]
        assert run == sorted(run)


def _graph_key(graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> str:
    return "" if isinstance(graph, ox.DefaultGraph) else str(graph)


def _spool_of(store: ox.Store, handle: io.BufferedRandom, *, repeat: bool = False) -> GraphSpool:
    """Every named graph of ``store`` in a spool, lines reversed (and each written twice with ``repeat``): the
    exports sort them and drop repeats."""
    writer = SpoolWriter(handle)
    for graph in store.named_graphs():
        assert isinstance(graph, ox.NamedNode)
        data = ox.serialize(store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS) or b""
        lines = data.splitlines(keepends=True)[::-1]
        writer.add(graph.value, b"".join(lines))
        if repeat:
            writer.add(graph.value, b"".join(lines[: len(lines) // 2]))
    return writer.spool()


def _seeds_on_disk(seeds_dir: Path, folder: Path) -> Path:
    kg.build([seeds_dir], out=folder / "out", exports=("nq",), overview=False)
    path = folder / "store"
    store = ox.Store(str(path))
    store.bulk_extend(ox.parse(path=str(folder / "out" / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    store.flush()
    del store
    return path


def _open_read_only(path: str) -> ox.Store:
    return ox.Store.read_only(path)


@pytest.mark.parametrize("parallel", [False, True])
def test_a_spool_gives_the_files_the_store_gives(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    # In two processes, the second reads the spool through the descriptor it inherits.
    if parallel:
        monkeypatch.setattr(rdfwrite, "PARALLEL_GRAPHS", 2)
    path = _seeds_on_disk(seeds_dir, tmp_path)
    store = ox.Store.read_only(str(path))
    targets = {name: tmp_path / "spooled" / f"g.{fmt.extension}" for name, fmt in RDF_FORMATS.items()}
    with tempfile.TemporaryFile(dir=tmp_path) as handle:
        spool = _spool_of(store, handle, repeat=True)
        assert len(spool.pieces) >= 3  # the briefings, the entities and the ontology
        write_rdf_formats(store, targets, reopen=functools.partial(_open_read_only, str(path)), spool=spool)
    for name, target in targets.items():
        assert target.read_bytes() == write_rdf(store, tmp_path / "one" / target.name, name).read_bytes(), name
