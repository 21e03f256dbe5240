"""The RDF exports written from one pass over the store: every format holds the same triples, writing several
formats at once gives the files written one by one, a triple stated in several graphs is written once in the
merged-graph formats, and what the writers hold does not grow with the store."""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import to_isomorphic

import kg
from kg.export import jsonld as jsonld_export
from kg.export import outputs, rdfwrite
from kg.export import rdf as rdf_export
from kg.export.rdf import RDF_FORMATS, write_streams
from kg.export.rdfwrite import write_rdf, write_rdf_formats
from kg.rdf import ENTITIES_GRAPH

EX = "http://example.org/"
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> ox.Store:
    """The seeds' store in memory, plus triples stated in more than one graph (as a user's own loads could)."""
    out = tmp_path_factory.mktemp("seeds-nq")
    kg.build([seeds_dir], out=out, exports=("nq",), overview=False)
    store = ox.Store()
    store.extend(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    entity = next(store.quads_for_pattern(None, None, None, ENTITIES_GRAPH))
    briefing_graph = next(g for g in store.named_graphs() if g != ENTITIES_GRAPH)
    node = ox.BlankNode("shared")
    extra = [
        ox.Quad(entity.subject, entity.predicate, entity.object, briefing_graph),  # an entity fact restated
        ox.Quad(entity.subject, entity.predicate, entity.object),  # and in the default graph
        ox.Quad(node, ox.NamedNode(EX + "p"), ox.Literal("chat", language="fr"), briefing_graph),
        ox.Quad(node, ox.NamedNode(EX + "p"), ox.Literal("chat", language="fr"), ENTITIES_GRAPH),
        ox.Quad(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "q"), node, ENTITIES_GRAPH),
    ]
    store.extend(extra)
    return store


def _exports(store: ox.Store) -> dict[str, bytes]:
    buffers = {name: io.BytesIO() for name in RDF_FORMATS}
    write_streams(store, [(RDF_FORMATS[name], buffer) for name, buffer in buffers.items()])
    return {name: buffer.getvalue() for name, buffer in buffers.items()}


def _merged(data: bytes, name: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    if RDF_FORMATS[name].datasets:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=RDFLIB_FORMATS[name])
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph.parse(data=data, format=RDFLIB_FORMATS[name])
    return graph


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses its own old API
def test_every_format_holds_the_same_triples(seeds_store: ox.Store) -> None:
    exports = _exports(seeds_store)
    distinct = {quad.triple for quad in seeds_store}
    turtle = _merged(exports["turtle"], "turtle")
    assert len(turtle) == len(distinct) < len(seeds_store)
    # Turtle's canonical digest (rdflib.compare, blank nodes taken into account) computed once, each other
    # format's compared with it: isomorphic() hashed both graphs at each call, Turtle six times, itself included
    # (this test alone, its process included: 12.8 s of CPU before, 9.1 s).
    expected = to_isomorphic(turtle).graph_digest()
    for name, data in exports.items():
        if name == "turtle":
            continue
        graph = _merged(data, name)
        assert len(graph) == len(distinct), name
        assert to_isomorphic(graph).graph_digest() == expected, name
    # Datasets keep every quad, repeats included.
    assert len(list(ox.parse(exports["nq"], ox.RdfFormat.N_QUADS))) == len(seeds_store)
    assert len(list(ox.parse(exports["trig"], ox.RdfFormat.TRIG))) == len(seeds_store)


def test_a_triple_stated_in_several_graphs_is_written_once(seeds_store: ox.Store) -> None:
    exports = _exports(seeds_store)
    lines = exports["nt"].decode("utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len({quad.triple for quad in seeds_store})
    assert sum('"chat"@fr' in line for line in lines) == 1
    assert sum('"chat"@fr' in line for line in exports["nq"].decode("utf-8").splitlines()) == 2
    turtle = list(ox.parse(exports["turtle"], ox.RdfFormat.TURTLE))
    assert len(turtle) == len(set(turtle)) == len(lines)


def test_a_subject_filter_that_always_says_seen_changes_nothing(
    seeds_store: ox.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One byte of filter: every subject collides, and only the exact check against the store decides.
    expected = _exports(seeds_store)
    monkeypatch.setattr(rdf_export, "SUBJECT_FILTER_BYTES", 1)
    assert _exports(seeds_store) == expected


def test_small_batches_write_the_same_bytes(seeds_store: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _exports(seeds_store)
    monkeypatch.setattr(rdf_export, "BATCH_QUADS", 7)
    small = _exports(seeds_store)
    assert {n: d for n, d in small.items() if n != "trig"} == {n: d for n, d in expected.items() if n != "trig"}
    # A graph of more than 8 batches is cut: TriG then opens a second block for it, with the same quads.
    assert small["trig"].count(b"{") > expected["trig"].count(b"{")
    quads = [set(ox.parse(data, ox.RdfFormat.TRIG)) for data in (small["trig"], expected["trig"])]
    assert quads[0] == quads[1]
    monkeypatch.setattr(rdf_export, "BATCH_QUADS", 1_000_000)
    assert _exports(seeds_store) == expected
    # A subject split into several runs stays the same graph (JSON-LD then has several node objects per @id).
    monkeypatch.setattr(rdf_export, "RUN_QUADS", 3)
    split = _exports(seeds_store)
    for name in ("nt", "nq"):
        assert sorted(split[name].splitlines()) == sorted(expected[name].splitlines()), name


def test_several_formats_at_once_give_the_files_written_one_by_one(seeds_store: ox.Store, tmp_path: Path) -> None:
    together = write_rdf_formats(seeds_store, {name: tmp_path / "all" / f"g.{name}" for name in RDF_FORMATS})
    for path in together:
        alone = write_rdf(seeds_store, tmp_path / "one" / path.name, path.suffix[1:])
        assert alone.read_bytes() == path.read_bytes(), path.name
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted(p.name for p in together)


def test_a_build_writes_the_same_files_as_single_exports(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    kg.build([seeds_dir], out=out, exports=tuple(RDF_FORMATS), overview=False)
    store = kg.store.open_embedded(out).store
    for name, fmt in RDF_FORMATS.items():
        alone = write_rdf(store, tmp_path / "one" / f"graph.{fmt.extension}", name)
        assert alone.read_bytes() == (out / alone.name).read_bytes(), name


def test_a_failed_export_leaves_the_previous_files(
    seeds_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken(Exception):
        pass

    class BrokenSink:
        wrote = False

        def __init__(self, handle: object, piece: object) -> None:
            pass

        def add(self, graph: object, items: object) -> None:
            raise Broken

        def close(self) -> None:
            pass

    monkeypatch.setitem(RDF_FORMATS, "broken", rdf_export.RdfExportFormat("broken", "x", "x/x", True, BrokenSink))
    (tmp_path / "g.nt").write_text("previous", encoding="utf-8")
    with pytest.raises(Broken):
        write_rdf_formats(
            seeds_store, {"nt": tmp_path / "g.nt", "jsonld": tmp_path / "g.jsonld", "broken": tmp_path / "g.x"}
        )
    assert [p.name for p in tmp_path.iterdir()] == ["g.nt"]
    assert (tmp_path / "g.nt").read_text(encoding="utf-8") == "previous"


class _Discard(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        return len(data)  # type: ignore[arg-type]


def _synthetic_store(subjects: int) -> ox.Store:
    # Briefing-like graphs of 50 subjects, each with a few triples, and one subject restated in every graph.
    p, q = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q")
    shared = ox.NamedNode(EX + "shared")
    quads = []
    for i in range(subjects):
        graph = ox.NamedNode(f"{EX}graph/{i // 50}")
        s = ox.NamedNode(f"{EX}node/{i}")
        quads += [ox.Quad(s, p, ox.Literal(f"text number {i}"), graph), ox.Quad(s, q, shared, graph)]
        quads += [ox.Quad(s, p, ox.Literal(i), graph), ox.Quad(shared, q, s if i % 50 else shared, graph)]
    store = ox.Store()
    store.extend(quads)
    return store


def _peak_bytes(store: ox.Store) -> int:
    handle = _Discard()
    tracemalloc.start()
    try:
        write_streams(store, [(fmt, handle) for fmt in RDF_FORMATS.values()])  # type: ignore[misc]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_writers_hold_the_same_memory_for_a_store_ten_times_larger(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdf_export, "BATCH_QUADS", 500)
    monkeypatch.setattr(rdf_export, "SUBJECT_FILTER_BYTES", 1 << 16)
    monkeypatch.setattr(jsonld_export, "COMPACT_CACHE", 1_000)
    small, large = _synthetic_store(2_000), _synthetic_store(20_000)
    assert len(large) == 80_000
    # A set of the triples, or the JSON-LD nodes held until the end, would grow with the store: tens of MB here.
    assert _peak_bytes(large) < 1.5 * _peak_bytes(small) + 1_000_000


def test_the_overview_page_written_beside_the_exports_is_the_same(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = []
    for threshold in (1, 10**9):  # a process of its own for the page, then the page written after the exports
        monkeypatch.setattr(outputs, "PARALLEL_OVERVIEW_GRAPHS", threshold)
        out = tmp_path / str(threshold)
        kg.build([seeds_dir], out=out, exports=("nt",))
        pages.append((out / "graph.html").read_bytes())
        stamp = (out / "store" / outputs.EXPORTS_FOLDER / outputs.EXPORT_STAMP).read_text(encoding="utf-8")
        assert json.loads(stamp)["formats"] == ["nt", "overview"]
    assert pages[0] == pages[1]
    assert b"vis-network" in pages[0]


PRELOAD_CHECK = """
import sys
import kg.export.outputs as outputs
outputs.PARALLEL_OVERVIEW_GRAPHS = 1  # the page in a process of its own, forked from the build's
from kg.pipeline import build
assert not any(name in sys.modules for name in outputs.OVERVIEW_MODULES)
build([sys.argv[1]], out=sys.argv[2], exports=("turtle",), workers=2)
assert outputs.__file__.startswith(sys.argv[3]), outputs.__file__
assert all(name in sys.modules for name in outputs.OVERVIEW_MODULES) and not outputs._preloading
assert "pyvis.network" in outputs.OVERVIEW_MODULES  # what the page builds its data with (kg.export.html)
"""


def test_a_build_with_a_pool_imports_the_overview_modules_ahead(sample_dir: Path, tmp_path: Path) -> None:
    # The page is written in a forked process: without the preload, the build's own process never imports them.
    root = str(Path(__file__).resolve().parents[1])
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", PRELOAD_CHECK, str(sample_dir), str(out), root],
        env={**os.environ, "PYTHONPATH": root},
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert b"vis-network" in (out / "graph.html").read_bytes()


def _in_pieces(store: ox.Store, split: int) -> dict[str, bytes]:
    """Every format written as two pieces split before graph ``split``, joined as the two processes' are."""
    joined = {}
    for name, fmt in RDF_FORMATS.items():
        head, tail = io.BytesIO(), io.BytesIO()
        (wrote,) = write_streams(store, [(fmt, head)], stop=split)
        write_streams(store, [(fmt, tail)], start=split)
        tail.seek(0)
        rdfwrite.append_piece(fmt, head, tail, after_empty=not wrote)
        joined[name] = head.getvalue()
    return joined


def test_pieces_joined_give_the_whole_file_wherever_the_store_is_cut(seeds_store: ox.Store) -> None:
    # A store whose first graphs hold nothing for the merged graph: the first piece is empty there.
    store = ox.Store()
    store.extend(seeds_store.quads_for_pattern(None, None, None, None))
    store.remove(next(store.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    order = rdf_export.graph_order(store)
    whole = _exports(store)
    for split in range(1, len(order)):
        assert _in_pieces(store, split) == whole, split


def _open_read_only(path: str) -> ox.Store:
    return ox.Store.read_only(path)


def _assert_two_processes_write_what_one_writes(seeds_store: ox.Store, tmp_path: Path) -> None:
    """The seeds in a store on disk (a second process opens it again), every format written by two processes
    (``PARALLEL_GRAPHS`` lowered by the caller), each file compared with the one a single process writes."""
    on_disk = ox.Store(str(tmp_path / "store"))
    on_disk.bulk_extend(seeds_store)
    on_disk.flush()
    del on_disk
    store = ox.Store.read_only(str(tmp_path / "store"))
    targets = {name: tmp_path / "two" / f"g.{fmt.extension}" for name, fmt in RDF_FORMATS.items()}
    write_rdf_formats(store, targets, reopen=functools.partial(_open_read_only, str(tmp_path / "store")))
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted(p.name for p in targets.values())
    for name, path in targets.items():
        assert path.read_bytes() == write_rdf(store, tmp_path / "one" / path.name, name).read_bytes(), name


def test_two_processes_write_the_files_one_writes(
    seeds_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rdfwrite, "PARALLEL_GRAPHS", 2)
    _assert_two_processes_write_what_one_writes(seeds_store, tmp_path)


def test_no_format_asked_reads_nothing(seeds_store: ox.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def unexpected(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store was read")

    monkeypatch.setattr(rdf_export, "graph_runs", unexpected)
    assert write_rdf_formats(seeds_store, {}) == ()


def _die(*args: object) -> None:
    os._exit(3)  # as the kernel's out-of-memory killer would end it


def test_the_files_are_whole_when_the_second_process_dies(
    seeds_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rdfwrite, "PARALLEL_GRAPHS", 2)
    monkeypatch.setattr(rdfwrite, "_write_piece", _die)
    _assert_two_processes_write_what_one_writes(seeds_store, tmp_path)
