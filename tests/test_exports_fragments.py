"""Each graph's piece of the export files, written by the worker that extracted it (``kg.export.fragments``), is
what the store's writers write for that graph; a build's files made of those pieces are the bytes ``kg export``
writes from the store, in one process or two, and a graph whose subject an earlier graph described is written
from its lines instead."""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg
from kg.export import fragments as fragments_module
from kg.export import rdf as rdf_export
from kg.export import rdfwrite
from kg.export.fragments import graph_fragments
from kg.export.rdf import RDF_FORMATS, Piece, _runs, write_streams
from kg.export.rdfwrite import write_rdf_formats
from kg.export.spool import SpoolWriter
from kg.extract import EXTRACTORS, referenced_entities
from kg.rdf import Lit, Triple, briefing_triples, graph_iri, nquads
from kg.read import read_briefings
from kg.types import Extraction
from tests.test_exports_spool import _store_exports

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PK = "https://w3id.org/presskg/ontology#"


def _store_piece(name: str, graph: str, lines: bytes) -> bytes:
    """What the store's writer of ``name`` writes for one graph given alone (its canonical lines parsed)."""
    fmt = RDF_FORMATS[name]
    handle = io.BytesIO()
    sink = fmt.open_sink(handle, Piece(first=False, last=False))
    for run in _runs(lines):
        sink.add(ox.NamedNode(graph), run if fmt.datasets else [quad.triple for quad in run])
    sink.close()
    data = handle.getvalue()
    return data.removeprefix(b",\n") if name == "jsonld" else data


def _assert_pieces_match(triples: list[Triple], graph: str) -> None:
    parts = graph_fragments(triples, nquads(triples, graph), graph, tuple(RDF_FORMATS))
    assert parts.lines == "".join(sorted(set(nquads(triples, graph)))).encode()
    for name in RDF_FORMATS:
        assert parts.pieces[name] == _store_piece(name, graph, parts.lines), name


def test_the_pieces_of_every_test_briefing_are_the_store_writers(seeds_dir: Path, sample_dir: Path) -> None:
    read = read_briefings([seeds_dir, sample_dir])
    assert len(read.briefings) > 20
    for briefing in read.briefings:
        found = Extraction(briefing=briefing)
        for stage in EXTRACTORS.values():
            found = stage(briefing, found)
        triples = briefing_triples(replace(found, entities=referenced_entities(found)))
        _assert_pieces_match(triples, graph_iri(briefing.key).value)


def _awkward() -> list[Triple]:
    """Literals that need escaping, language tags, datatypes a term coerces to or not, a subject stated twice."""
    s, t = EX + "s", EX + "t"
    return [
        (t, PK + "start", Lit("3", f"^^<{XSD}integer>")),
        (s, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", PK + "Briefing"),
        (s, PK + "title", Lit('say "hi"\n\tand \\ go \u2028 \u00e9 \U0001f600')),
        (s, PK + "title", Lit("外交部", "@zh")),
        (s, PK + "title", Lit("外交部", "@zh")),
        (s, PK + "date", Lit("2024-01-02", f"^^<{XSD}date>")),
        (s, EX + "other", Lit("2024-01-02", f"^^<{XSD}date>")),
        (s, EX + "other", EX + "o"),
        (s, PK + "about", t),
        (t, PK + "end", Lit("x", f"^^<{XSD}token>")),
    ]


def test_pieces_of_awkward_terms_and_of_a_graph_larger_than_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_pieces_match(_awkward(), EX + "g")
    # A graph past the writers' batch, and TriG past the size up to which its block is made from the Turtle.
    many: list[Triple] = [(f"{EX}s{i % 7}", f"{EX}p{i % 3}", Lit(str(i))) for i in range(60)]
    monkeypatch.setattr(rdf_export, "BATCH_QUADS", 8)
    monkeypatch.setattr(fragments_module, "BATCH_QUADS", 8)
    monkeypatch.setattr(rdf_export, "RUN_QUADS", 5)
    monkeypatch.setattr(fragments_module, "RUN_QUADS", 5)
    for limit in (1000, 10):
        monkeypatch.setattr(fragments_module, "TRIG_BATCH", limit)
        _assert_pieces_match(many, EX + "g")


def _store_of(path: Path, graphs: dict[str, list[Triple]]) -> ox.Store:
    """An on-disk store of ``graphs``, opened read-only (as a build's exports open it)."""
    writable = ox.Store(str(path))
    for graph, triples in graphs.items():
        writable.load(b"".join(line.encode() for line in nquads(triples, graph)), format=ox.RdfFormat.N_QUADS)
    writable.flush()
    del writable
    return ox.Store.read_only(str(path))


def _open_read_only(path: str) -> ox.Store:
    return ox.Store.read_only(path)


def test_a_graph_whose_subject_came_before_is_written_from_its_lines(tmp_path: Path) -> None:
    # Graph b states a triple a already states (its subject s): the merged graph holds it once.
    s, p = EX + "s", EX + "p"
    graphs: dict[str, list[Triple]] = {
        EX + "a": [(s, p, Lit("1")), (EX + "u", p, Lit("0"))],
        EX + "b": [(s, p, Lit("1")), (s, p, Lit("2")), (EX + "v", p, s)],
        EX + "c": [(EX + "w", p, Lit("3"))],
    }
    store = _store_of(tmp_path / "store", graphs)
    expected = {}
    for name in RDF_FORMATS:
        buffer = io.BytesIO()
        write_streams(store, [(RDF_FORMATS[name], buffer)])
        expected[name] = buffer.getvalue()
    assert expected["turtle"].count(b'"1"') == 1
    reopen = functools.partial(_open_read_only, str(tmp_path / "store"))
    # One process; two from PARALLEL_GRAPHS graphs without pieces (0: any), or from PARALLEL_PIECED_GRAPHS in all.
    for parallel, without_pieces, in_all in [("one", 50, 1000), ("without", 0, 1000), ("all", 50, 2)]:
        with tempfile.TemporaryFile(dir=tmp_path) as handle:
            writer = SpoolWriter(handle)
            for graph, triples in graphs.items():
                lines = nquads(triples, graph)
                writer.add(graph, "".join(lines).encode(), graph_fragments(triples, lines, graph, tuple(RDF_FORMATS)))
            spool = writer.spool()
            assert set(spool.parts) == set(graphs)
            folder = tmp_path / f"parallel-{parallel}"
            targets = {name: folder / f"g.{fmt.extension}" for name, fmt in RDF_FORMATS.items()}
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(rdfwrite, "PARALLEL_GRAPHS", without_pieces)
                patch.setattr(rdfwrite, "PARALLEL_PIECED_GRAPHS", in_all)
                calls: list[int] = []
                patch.setattr(rdfwrite, "_write_in_two", _counted(rdfwrite._write_in_two, calls))
                write_rdf_formats(store, targets, reopen=reopen, spool=spool)
            assert calls == ([] if parallel == "one" else [1]), parallel
        for name, target in targets.items():
            assert target.read_bytes() == expected[name], (parallel, name)


def _counted(function: Callable[..., None], calls: list[int]) -> Callable[..., None]:
    def counted(*args: object, **kwargs: object) -> None:
        calls.append(1)
        function(*args, **kwargs)

    return counted


def _pieces_and_store(tmp_path: Path, graphs: dict[str, list[Triple]], pieces: set[str]) -> None:
    """Every format written with the workers' pieces of ``pieces`` is what the store alone gives."""
    tmp_path.mkdir()
    store = _store_of(tmp_path / "store", graphs)
    with tempfile.TemporaryFile(dir=tmp_path) as handle:
        writer = SpoolWriter(handle)
        for graph in sorted(pieces):
            lines = nquads(graphs[graph], graph)
            writer.add(graph, "".join(lines).encode(), graph_fragments(graphs[graph], lines, graph, tuple(RDF_FORMATS)))
        spool = writer.spool()
        for name in RDF_FORMATS:
            alone, pieced = io.BytesIO(), io.BytesIO()
            write_streams(store, [(RDF_FORMATS[name], alone)])
            write_streams(store, [(RDF_FORMATS[name], pieced)], spool=spool)
            assert pieced.getvalue() == alone.getvalue(), name


def test_a_subject_described_next_to_a_piece_is_written_as_one_block(tmp_path: Path) -> None:
    # Graph b begins with the subject a ends with, and ends with the one c begins with: Oxigraph's Turtle writer
    # describes each in one block, so a's and c's pieces cannot be copied.
    p, x, y = EX + "p", EX + "x", EX + "y"
    graphs: dict[str, list[Triple]] = {
        EX + "a": [(EX + "m", p, Lit("1")), (x, p, Lit("2"))],
        EX + "b": [(x, p, Lit("3")), (y, p, Lit("4"))],
        EX + "c": [(y, p, Lit("5")), (EX + "z", p, Lit("6"))],
    }
    _pieces_and_store(tmp_path / "adjacent", graphs, {EX + "a", EX + "c"})
    # An earlier graph describing a piece's subject with other triples (as the alignment graph does) is fine.
    graphs = {EX + "a": [(x, EX + "q", Lit("0"))], EX + "b": [(EX + "w", p, Lit("1")), (x, p, Lit("2"))]}
    _pieces_and_store(tmp_path / "described", graphs, {EX + "b"})


def test_a_graph_spooled_twice_keeps_no_pieces() -> None:
    triples: list[Triple] = [(EX + "s", EX + "p", Lit("1"))]
    lines = nquads(triples, EX + "g")
    with tempfile.TemporaryFile() as handle:
        writer = SpoolWriter(handle)
        writer.add(EX + "g", "".join(lines).encode(), graph_fragments(triples, lines, EX + "g", ("turtle",)))
        assert writer.spool().fragments(EX + "g", ("turtle",)) is not None
        assert writer.spool().fragments(EX + "g", ("turtle", "trig")) is None  # not every format asked for
        writer.add(EX + "g", "".join(lines).encode(), graph_fragments(triples, lines, EX + "g", ("turtle",)))
        spool = writer.spool()
        assert spool.fragments(EX + "g", ("turtle",)) is None
        assert spool.read(EX + "g") == "".join(lines * 2).encode()


@pytest.mark.parametrize("parallel", [False, True])
def test_a_build_from_the_workers_pieces_writes_what_kg_export_writes(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    if parallel:  # the graphs without pieces (ontology, entities, alignment) are then enough for two processes
        monkeypatch.setattr(rdfwrite, "PARALLEL_GRAPHS", 2)
    out = tmp_path / "out"
    report = kg.build([seeds_dir, sample_dir], out=out, exports=tuple(RDF_FORMATS), overview=False, workers=2)
    assert report.work["export"] > 0  # the workers wrote the pieces
    built = {name: (out / f"graph.{fmt.extension}").read_bytes() for name, fmt in RDF_FORMATS.items()}
    assert built == _store_exports(out, tmp_path / "from-store")
    plain = kg.build([seeds_dir], out=tmp_path / "plain", exports=(), overview=False)
    assert "export" not in plain.work


def _shared_speaker_graphs() -> dict[str, list[Triple]]:
    """Briefing graphs that each state the same official's job title (as every White House briefing does), one
    with a second title too, around subjects of their own: the speaker sorts first, in the middle and last."""
    title, p = "https://schema.org/jobTitle", EX + "p"
    graphs: dict[str, list[Triple]] = {}
    for name, speaker in [("a", EX + "m/kirby"), ("b", EX + "m/kirby"), ("c", EX + "a/kirby"), ("d", EX + "z/kirby")]:
        own = [(f"{EX}m/{name}{i}", p, Lit(str(i))) for i in range(3)]
        graphs[EX + name] = [*own, (speaker, title, Lit("Coordinator")), (speaker, p, Lit(name))]
    graphs[EX + "b"].append((EX + "m/kirby", title, Lit("Spokesman")))
    graphs[EX + "e"] = [(EX + "m/e", p, Lit("0")), (EX + "m/kirby", title, Lit("Coordinator"))]  # all dropped
    graphs[EX + "f"] = [(EX + "m/f", p, Lit("0")), (EX + "a/kirby", title, Lit("Coordinator"))]  # cut first
    for graph in (EX + "c", EX + "d"):  # the same speaker under two names: "a/" sorts first, "z/" last
        graphs[graph] += [(EX + "m/kirby", title, Lit("Coordinator"))]
    return graphs


@pytest.mark.parametrize("run_quads", [10_000, 1])
def test_pieces_whose_subject_repeats_a_triple_are_copied_around_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_quads: int
) -> None:
    # The merged graph keeps the first statement of a triple: the later graphs' pieces are copied but for the
    # shared subject's block, written from its triples left; no graph is written from its lines.
    monkeypatch.setattr(rdf_export, "RUN_QUADS", run_quads)
    monkeypatch.setattr(fragments_module, "RUN_QUADS", run_quads)
    from_lines: list[int] = []
    nquads_of = rdf_export._Ahead.nquads
    monkeypatch.setattr(
        rdf_export._Ahead,
        "nquads",
        lambda self, index: from_lines.extend([index] * bool(self.spool)) or nquads_of(self, index),
    )
    graphs = _shared_speaker_graphs()
    parts = graph_fragments(graphs[EX + "c"], nquads(graphs[EX + "c"], EX + "c"), EX + "c", tuple(RDF_FORMATS))
    assert set(parts.starts) == {"turtle", "jsonld", "nt"}
    _pieces_and_store(tmp_path / "shared", graphs, set(graphs))
    # With the spool only the default graph (empty) is read, once per format but N-Quads (copied as lines).
    assert from_lines == [0] * (len(RDF_FORMATS) - 1)
    turtle = io.BytesIO()
    write_streams(_store_of(tmp_path / "again", graphs), [(RDF_FORMATS["turtle"], turtle)])
    assert turtle.getvalue().count(b'"Coordinator"') == 3 and turtle.getvalue().count(b'"Spokesman"') == 1


def test_the_node_encoder_writes_what_the_json_encoder_writes() -> None:
    """The JSON-LD writers' encoder made once (``kg.export.jsonld._node_encoder``) against the json module's own."""
    import json

    from kg.export.jsonld import _node_encoder

    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    nodes = [
        {"@id": "pk:a", "@type": ["pk:B", "pk:C"], "rdfs:label": {"@value": 'say "no"\n\t\\', "@language": "en"}},
        {"@id": "_:b0", "pk:ordinal": 3, "pk:text": "中文 \u2019 \x00 \u2028", "pk:x": [{"@id": "pk:y"}, "z"]},
        {"@id": "pk:empty", "pk:list": [], "pk:map": {}, "pk:flag": True, "pk:none": None, "pk:n": -1.5},
    ]
    assert [_node_encoder()(node) for node in nodes] == [encode(node) for node in nodes]
    with pytest.raises(TypeError):
        _node_encoder()({"@id": "pk:a", "pk:set": {1}})
