"""The load step of a build: each briefing extracted and serialised by a worker (``extract_briefing``, the unit of
work of the process pool), and the workers' N-Quads bulk-loaded into the new store generation as they arrive
(``load_extracted``; ``kg.pipeline.update_store`` takes another loader in its place).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from kg.export.fragments import GraphFragments, graph_fragments
from kg.extract import EXTRACTORS, referenced_entities
from kg.extract.sentences import split_sentences
from kg.manifest import ManifestEntry
from kg.rdf import briefing_triples, entity_nquads, graph_iri, nquads
from kg.read.batch import warm_up_briefings
from kg.types import Briefing, Extraction
from kg.viewindex import FACT_PREDICATES, encode_facts

Progress = Callable[[int, int], None]

# N-Quads per bulk-loader call (about 200,000 quads): see load_extracted.
BULK_BATCH_BYTES = 48 << 20


@dataclass(frozen=True, slots=True)
class Extracted:
    """One briefing, extracted and serialised by a worker."""

    entry: ManifestEntry
    graph: bytes  # N-Quads of the briefing's named graph
    entities: tuple[bytes, ...]  # N-Quads lines describing the entities it refers to
    seconds: tuple[tuple[str, float], ...]  # CPU time per stage
    views: bytes = b""  # the briefing's facts for the view index (kg.viewindex.encode_facts of its quads)
    fragments: GraphFragments | None = None  # the graph's canonical lines and export pieces (kg.export.fragments)


def extract_briefing(briefing: Briefing, exports: tuple[str, ...] = ()) -> Extracted:
    """Extract one briefing and serialise its quads: the unit of work of the process pool.

    The same as ``kg.extract.extract`` (every registered stage, then the entities the graph refers to),
    timed stage by stage. With ``exports`` (RDF format names), also the graph's piece of each of those files,
    written here so that the main process only copies them (timed as "export").
    """
    found = Extraction(briefing=briefing)
    seconds: list[tuple[str, float]] = []
    for name, stage in EXTRACTORS.items():
        started = time.process_time()
        found = stage(briefing, found)
        seconds.append((name, time.process_time() - started))
    started = time.process_time()
    found = replace(found, entities=referenced_entities(found))
    # N-Quads text straight from the extraction, and the view facts from the same triples: no pyoxigraph object
    # per term and quad, no serialiser, no decoding of the quads again.
    triples = briefing_triples(found)
    iri = graph_iri(briefing.key).value
    lines = nquads(triples, iri)
    # With exports the graph sent is the pieces' sorted lines (below), not these joined.
    graph = b"" if exports else "".join(lines).encode("utf-8")
    # Only the triples whose predicate the facts read (about a third) have their objects' values taken.
    views = encode_facts((s, p, o if isinstance(o, str) else o.value) for s, p, o in triples if p in FACT_PREDICATES)
    entities = tuple(line.encode("utf-8") for line in entity_nquads(found))
    seconds.append(("rdf", time.process_time() - started))
    fragments = None
    if exports:
        started = time.process_time()
        fragments = graph_fragments(triples, lines, iri, exports)
        # The same quads, sorted and each once: one object named twice is pickled once, so sent once.
        graph = fragments.lines
        seconds.append(("export", time.process_time() - started))
    counts = (
        ("sentences", sum(len(split_sentences(turn.text)) for turn in briefing.turns())),
        ("statements", len(briefing.statements)),
        ("exchanges", len(briefing.exchanges)),
        ("mentions", len(found.mentions)),
        ("positions", len(found.positions)),
        ("quads", len(set(lines))),  # as stored: a quad stated twice is stored once
    )
    outlets = tuple(sorted({ex.outlet.key for ex in briefing.exchanges if ex.outlet is not None}))
    # Absolute: a later build run from another folder (re-extracting after an ontology change) finds the source.
    source = os.path.abspath(briefing.source.path)
    entry = ManifestEntry(briefing.key, source, briefing.source.sha256, counts, outlets)
    return Extracted(entry, graph, entities, tuple(seconds), views, fragments)


def warm_up_extraction() -> None:
    """Extract the warm-up pages (``kg.read.batch.warm_up_briefings``: ministry English and Chinese, White House)
    in this process, which loads every extractor's modules, lexicons and models here, once: a process pool
    forked after it finds them loaded, where each worker loaded them again in its first briefings (about 0.2 s of
    CPU a worker, for 0.28 s here once; bench/PROFILE.md, session 15)."""
    for briefing in warm_up_briefings():
        extract_briefing(briefing)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What a load put into the store: each briefing's manifest entry and view-index facts (by key), the CPU
    seconds of each extraction stage summed over the workers, the wall seconds spent waiting for them, how many
    times it called the bulk loader (0: unknown), and the entity descriptions it loaded (each once)."""

    entries: tuple[ManifestEntry, ...] = ()
    facts: Mapping[str, bytes] = field(default_factory=dict)
    work: Mapping[str, float] = field(default_factory=dict)
    waiting: float = 0.0
    calls: int = 0
    described: bytes | None = None  # the N-Quads lines of the entities graph the load added to (None: unknown)


def in_order(loaded: Loaded, keys: Sequence[str]) -> Loaded:
    """``loaded`` with its entries and facts in the order of ``keys`` (a briefing it lacks is left out, one that
    ``keys`` lacks goes last): the commit then sees a load in store order as it would have seen it in read order."""
    place = {key: index for index, key in enumerate(keys)}
    entries = sorted(loaded.entries, key=lambda entry: place.get(entry.key, len(place)))
    facts = {entry.key: loaded.facts[entry.key] for entry in entries if entry.key in loaded.facts}
    return replace(loaded, entries=tuple(entries), facts=facts)


def store_order(keys: Sequence[str]) -> list[str]:
    """``keys`` in the order of their named graphs in the store's graph-first indexes, asked of a scratch store
    that holds one quad per graph (Oxigraph orders a graph by a hash of its IRI, not by the IRI).

    Bulk-loaded in this order, consecutive calls of the loader hold disjoint ranges of graphs, so the files each
    adds to the graph-first indexes (gspo, gpos, gosp and the list of graphs) overlap no other call's, and RocksDB
    files them at the bottom level as they are. In read order every call's files overlapped every other's, and
    RocksDB's background compactions merged them again and again while the build loaded (a third of the main
    process's CPU in the 5,000-briefing build; bench/PROFILE.md, session 14). The subject-, predicate- and
    object-first indexes and the strings still overlap: their keys start with other terms.
    """
    by_iri = {graph_iri(key).value: key for key in keys}
    marker = ox.NamedNode("urn:presskg:order")
    with tempfile.TemporaryDirectory(prefix="presskg-order-") as folder:
        scratch = ox.Store(folder)
        scratch.bulk_extend(ox.Quad(marker, marker, marker, graph_iri(key)) for key in by_iri.values())
        ordered = [by_iri[graph.value] for graph in scratch.named_graphs() if isinstance(graph, ox.NamedNode)]
        del scratch  # closed before its folder goes
    return ordered


# The load step: the extracted briefings into a writable store (one to be swapped for another way of loading).
Loader = Callable[[ox.Store, Iterator[Extracted], int, Progress | None], Loaded]


def load_extracted(
    store: ox.Store, extracted: Iterator[Extracted], total: int, progress: Progress | None = None
) -> Loaded:
    """Bulk-load the workers' N-Quads as they arrive, in batches, then the entity descriptions (each once).

    Oxigraph's bulk loader holds what one call gives it in memory until it writes its files; fed batches of
    ``BULK_BATCH_BYTES``, a build's memory stays flat however many briefings it loads, while the workers go on
    extracting. Each call adds files that overlap those of the calls before, which a compaction may then merge
    (``kg.compaction.compact``): the calls are counted.
    """
    entries: list[ManifestEntry] = []
    facts: dict[str, bytes] = {}
    work: dict[str, float] = {}
    entities: dict[bytes, None] = {}
    batch: list[bytes] = []
    size = 0
    calls = 0
    waiting = 0.0
    while True:
        started = time.perf_counter()
        item = next(extracted, None)
        waiting += time.perf_counter() - started
        if item is None:
            break
        entries.append(item.entry)
        facts[item.entry.key] = item.views
        for name, seconds in item.seconds:
            work[name] = work.get(name, 0.0) + seconds
        entities.update(dict.fromkeys(item.entities))
        if progress:
            progress(len(entries), total)
        batch.append(item.graph)
        size += len(item.graph)
        if size >= BULK_BATCH_BYTES:
            bulk_load(store, batch)
            batch, size, calls = [], 0, calls + 1
    described = b"".join(entities)
    batch.append(described)
    bulk_load(store, batch)
    return Loaded(tuple(entries), facts, work, waiting, calls + 1, described)


def bulk_load(store: ox.Store, pieces: list[bytes]) -> None:
    """One call of Oxigraph's bulk loader on the N-Quads ``pieces``: it parses them, writes sorted files for each
    index and adds them to RocksDB (a function of its own, so that a profile tells its time from ours).

    ``pieces`` is emptied once joined: the loader's own memory for the batch is then not on top of two copies.
    """
    data = b"".join(pieces)
    pieces.clear()
    store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS, lenient=True)
