"""The view index: per-briefing facts the view and report queries aggregate, kept beside each store generation.

The twelve ``view-*`` and ``report-*`` queries aggregate over every exchange and position of the store; on
Oxigraph's disk store each join step costs tens of microseconds, so they take seconds on thousands of
briefings. Their answers depend on few facts: per exchange or statement ("unit") its briefing, date and
spokesperson, outlet, topics, the entities its turns mention and its positions. A build derives these facts
from each briefing's quads (by predicate, exactly what the store holds), and writes them, one JSON record per
briefing, to an SQLite file beside the generation (``<generation>.views.sqlite``), at commit: a generation
and its index are always of the same build. ``kg.views.index`` answers the queries from them in Python.

>>> b, e = "https://x/b1", "https://x/b1/e1"
>>> triples = [(b, RDF_TYPE, PK.Briefing), (e, RDF_TYPE, PK.Exchange), (e, PK.inBriefing, b),
...            (e, PK.topic, "https://x/t")]
>>> facts = briefing_facts(triples)
>>> facts["briefing"], facts["units"][0]["topics"]
('https://x/b1', ['https://x/t'])
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.namespace import CAMEO as CAMEO
from kg.namespace import DCTERMS, ID_IRI, PK, RDF_TYPE
from kg.rdf import ENTITIES_GRAPH, ONTOLOGY_GRAPH
from kg.store import AHEAD_PREFIX, VIEWS_SUFFIX, generation_leased, spare_path, views_path
from kg.viewentities import Entities as Entities
from kg.viewentities import entities_of_props as entities_of_props
from kg.viewentities import goldstein_weights as goldstein_weights
from kg.viewentities import read_entities as read_entities

# Bumped whenever the record layout changes: an index of another format is not read (queries fall back to
# SPARQL) and is rebuilt from the store by the next build.
FORMAT = "3"
# A build takes the index of the generation it removes, instead of copying the previous one, where the build before
# it changed at most this many briefings (``_take_older``): their facts are read from the previous index.
CARRIED = 500
GRAPH_PREFIX = ID_IRI + "graph/"

_TYPE = RDF_TYPE
_DATE = DCTERMS + "date"
_LANGUAGE = DCTERMS + "language"
_PK = {name: PK[name] for name in (
    "Briefing", "Exchange", "Statement", "Position", "inBriefing", "spokesperson", "askedBy", "topic",
    "question", "answer", "mentions", "act", "holder", "target", "evidence", "inExchange", "inStatement",
    "ordinal", "text",
)}  # fmt: skip
# The predicates briefing_facts reads: a triple with another (a mention's offsets, a cue's text) tells it nothing.
FACT_PREDICATES = frozenset({_TYPE, _DATE, _LANGUAGE, *_PK.values()})
# The classes briefing_facts tells nodes by: a node typed otherwise alone (each reified mention and topic link, an
# rdf:Statement, a fifth of the facts' triples; a turn) is neither a briefing, a unit nor a position.
_FACT_TYPES = frozenset({_PK["Briefing"], _PK["Exchange"], _PK["Statement"], _PK["Position"]})


def quad_values(quads: Iterable[ox.Quad | ox.Triple]) -> Iterator[tuple[str, str, str]]:
    """(subject, predicate, object) values of the quads whose subject is an IRI and object an IRI or a literal: what
    ``briefing_facts`` reads of a store's quads."""
    for quad in quads:
        subject, obj = quad.subject, quad.object
        if isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode | ox.Literal):
            yield subject.value, quad.predicate.value, obj.value


def briefing_facts(triples: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """The facts of one briefing's named graph that the view queries read, as a JSON-ready record.

    Read by predicate from its triples' values (subject and predicate IRIs, the object's IRI or lexical value:
    what the store holds, ``quad_values``), not from the extractor: ``briefing``, ``date``
    (the lexical xsd:date or None), ``spokespersons``, and ``units``: every node with ``pk:inBriefing``, with
    its ``ordinal``, the ``question`` turn's text, ``types`` (Exchange, Statement), ``outlets`` (pk:askedBy),
    ``topics``, ``mentions`` (of its
    question and answer turns, or of the statement itself) and ``positions`` (pk:inExchange|pk:inStatement it):
    ``iri``, ``act``, ``holder``, ``target``, ``evidence`` (None where absent).
    """
    by_subject: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in triples:
        if predicate in FACT_PREDICATES and (predicate != _TYPE or obj in _FACT_TYPES):
            by_subject[subject][predicate].append(obj)
    briefings = [s for s, p in by_subject.items() if _PK["Briefing"] in p.get(_TYPE, ())]
    briefing = min(briefings) if briefings else None
    about = by_subject.get(briefing or "", {})
    units: dict[str, dict[str, Any]] = {}
    ordered = sorted(by_subject.items())
    for unit_iri, props in ordered:
        if _PK["inBriefing"] not in props:
            continue
        types = props.get(_TYPE, ())
        kinds = sorted(k for k in ("Exchange", "Statement") if _PK[k] in types)
        turns = [t for p in ("question", "answer") for t in props.get(_PK[p], ())]
        if "Statement" in kinds:
            turns.append(unit_iri)
        mentioned = {e for t in turns for e in by_subject.get(t, {}).get(_PK["mentions"], ())}
        questions = [q for t in props.get(_PK["question"], ()) for q in by_subject.get(t, {}).get(_PK["text"], ())]
        units[unit_iri] = {
            "iri": unit_iri,
            "ordinal": _first(props, _PK["ordinal"]),
            "question": min(questions) if questions else None,
            "types": kinds,
            "outlets": sorted(set(props.get(_PK["askedBy"], ()))),
            "topics": sorted(set(props.get(_PK["topic"], ()))),
            "mentions": sorted(mentioned),
            "positions": [],
        }
    for position, props in ordered:
        if _PK["Position"] not in props.get(_TYPE, ()):
            continue
        for unit in {u for p in ("inExchange", "inStatement") for u in props.get(_PK[p], ())}:
            if unit in units:
                units[unit]["positions"].append(
                    {name: _first(props, _PK[name]) for name in ("act", "holder", "target", "evidence")}
                    | {"iri": position}
                )
    return {
        "briefing": briefing,
        "date": _first(about, _DATE),
        "language": _first(about, _LANGUAGE),
        "spokespersons": sorted(set(about.get(_PK["spokesperson"], ()))),
        "units": list(units.values()),
    }


def _first(props: Mapping[str, list[str]], predicate: str) -> str | None:
    values = props.get(predicate)
    return min(values) if values else None


def encode_facts(triples: Iterable[tuple[str, str, str]]) -> bytes:
    """``briefing_facts`` as compact JSON bytes: what a build worker ships and the index stores."""
    return json.dumps(briefing_facts(triples), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_UNITS = b',"units":'  # where an encoded record's units begin: no JSON string holds it (its quotes are escaped)


def record_head(blob: bytes) -> dict[str, Any]:
    """The fields of an ``encode_facts`` record before its ``units`` (``briefing``, ``date``, ``language``,
    ``spokespersons``), without decoding the units (nearly all of its bytes): what a new store's alignment reads
    of every briefing (``kg.align.pairable_groups``), beside the totals' decoding of the whole records.

    >>> b = "https://x/b1"
    >>> blob = encode_facts([(b, RDF_TYPE, PK.Briefing), (b, DCTERMS + "date", "2020-01-02"),
    ...                      (b + "/e", PK.inBriefing, b), (b + "/e", PK.question, 'q,"units":[1]')])
    >>> record_head(blob) == {k: v for k, v in json.loads(blob).items() if k != "units"}
    True
    >>> record_head(b'{"date":"2020-01-02"}')
    {'date': '2020-01-02'}
    """
    at = blob.find(_UNITS)
    if at < 0:
        return dict(json.loads(blob))
    return dict(json.loads(blob[:at] + b"}"))


# -- persistence ------------------------------------------------------------------------------------------


def write_view_index(
    generation: Path,
    *,
    previous: Path | None,
    facts: Mapping[str, bytes],
    removed: Iterable[str] = (),
    store: ox.Store | None = None,
    target: Path | None = None,
    described: bytes | None = None,
) -> Path:
    """Write the index of ``generation``: the previous generation's, less ``removed`` keys, plus ``facts``.

    Called by a build at commit (before the link swaps), so a generation never goes live without its index.
    Where the previous generation has no index of this format (a store built by an older presskg), the
    index is rebuilt from the new generation's store. The views' totals (``kg.views.totals``) follow in the
    same transaction. Written to a temporary file and renamed to ``target`` (by default the generation's
    ``views_path``); the entities are read from ``store`` where given (the generation's, open), else from the
    generation opened read-only, unless ``described`` (the entity descriptions the build loaded, where it only
    added briefings) grows the previous index's snapshot of them (``kg.views.totals.update_totals``).
    """
    from kg.views.totals import stored_facts, update_totals  # they build on the views, which build on this module

    target = target or views_path(generation)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    inherited = previous is not None and index_format(views_path(previous)) == FORMAT
    removed, changed = list(removed), sorted({*removed, *facts})  # this build's changes, which the next may carry
    typing = None  # the previous index's typing snapshot, kept where this build writes none (as a copy keeps it)
    grown: str | None = None  # the previous generation's typing snapshot, which this build's may grow from
    reused = None
    if previous is not None and inherited:
        reused = _take_older(previous, tmp)
        if reused is not None:  # the older index brought forward by the previous build's changes, then this one's
            carried, gone, typing = reused
            grown = typing
            facts = {k: v for k, v in carried.items() if k not in removed} | dict(facts)
            removed = sorted((set(gone) | set(removed)) - facts.keys())
        elif not _take_spare(previous, tmp):  # the copy the previous build left, else a copy now
            shutil.copyfile(views_path(previous), tmp)
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as db, db:
            # A temporary file, renamed into place only once complete and removed on any failure, needs no
            # rollback journal. Nor is the copy flushed to disk at commit: on 5,000 briefings that is 137 MB
            # written per build (60 ms of a 0.27 s add). A killed build cannot damage it (the page cache is the
            # kernel's); a power cut right after a build can, and then the queries answer by SPARQL or say so
            # (E319, whose hint is `kg build --full`), as tests/test_damaged_view_index.py checks.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS briefing (key TEXT PRIMARY KEY, facts BLOB NOT NULL)")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
            base = previous.name if previous is not None and inherited else ""
            db.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", [("base", base), ("changed", json.dumps(changed))]
            )
            if previous is not None and not inherited:
                db.execute("DELETE FROM meta WHERE name = 'totals'")  # rebuilt below, from every briefing
                db.executemany("INSERT OR REPLACE INTO briefing VALUES (?, ?)", facts_from_store(generation))
            dropped = stored_facts(db, [*removed, *facts])  # as they were: the totals subtract their shares
            db.executemany("DELETE FROM briefing WHERE key = ?", [(k,) for k in removed])
            db.executemany("INSERT OR REPLACE INTO briefing VALUES (?, ?)", facts.items())
            if inherited and reused is None:  # a copy of the previous index: its snapshot is the previous one's
                grown = next(iter(db.execute("SELECT value FROM meta WHERE name = 'typing'").fetchone() or ()), None)
            wrote = update_totals(db, generation, dropped, list(facts), store=store, typing=grown, described=described)
            if typing is not None and not wrote:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('typing', ?)", (typing,))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _take_older(previous: Path, tmp: Path) -> tuple[dict[str, bytes], list[str], str | None] | None:
    """The index of the generation before ``previous``, moved to ``tmp``, with what the build that made ``previous``
    changed (the facts of the keys it added or replaced, from ``previous``'s index, and the keys it removed; and its
    totals' typing snapshot): that index and these changes are ``previous``'s index, without copying it (136 MB on
    5,000 briefings, at each add).

    Only an index the build would delete at its end anyway: the generation ``previous``'s index was brought
    forward from (its ``base``), older than it, of this format, leased by no reader (``kg.store._remove_stale``
    removes it once the new generation is live), and only where the previous build changed at most ``CARRIED``
    briefings. None otherwise: the caller copies ``previous``'s index. A build killed after the move leaves that
    old generation without an index, which nothing reads (it is neither current nor leased) and the next build
    removes; the next build finds no index to take there and copies. A damaged index is not read here: the copy
    reports it as before."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{views_path(previous)}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT name, value FROM meta WHERE name IN ('base', 'changed', 'typing')").fetchall()
            meta = {str(name): str(value) for name, value in rows}
            base, changed = meta.get("base", ""), json.loads(meta.get("changed", "null"))
            older = previous.with_name(base) if base and "/" not in base and isinstance(changed, list) else None
            if older is None or not older.name < previous.name or not older.is_dir() or generation_leased(older):
                return None
            if len(changed) > CARRIED or index_format(views_path(older)) != FORMAT:
                return None
            found = [db.execute("SELECT key, facts FROM briefing WHERE key = ?", (k,)).fetchone() for k in changed]
    except (sqlite3.Error, ValueError, TypeError):
        return None
    carried = {key: blob for key, blob in filter(None, found)}
    os.replace(views_path(older), tmp)
    return carried, [k for k in changed if k not in carried], meta.get("typing")


def _take_spare(previous: Path, tmp: Path) -> bool:
    """Move the spare copy of ``previous``'s index (``leave_spare``) to ``tmp``: the copy made ahead. False where
    there is none, or it is not the size of the index (then it is removed, and the caller copies)."""
    spare = spare_path(previous)
    try:
        if spare.stat().st_size != views_path(previous).stat().st_size:
            spare.unlink()
            return False
        os.replace(spare, tmp)
    except OSError:
        return False
    return True


def leave_spare(generation: Path) -> Path | None:
    """Leave a copy of ``generation``'s index (complete, in place) for the next build to take, where that build
    could take no older one (``_take_older``): the index was written whole (no ``base``: a first or full build,
    or one after an index of another format) or its build changed more than ``CARRIED`` briefings. Without it,
    the first add after a full build copied the whole index (136 MB on 5,000 briefings) while it ran; made
    here, the copy is one in-kernel copy of a file the build has just written, at the end of a build that
    takes minutes. Only the current generation keeps its spare (``kg.store._remove_stale``); a build that
    cannot write it (a full disk) goes on without. Returns the spare, or None where none is needed."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{views_path(generation)}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT name, value FROM meta WHERE name IN ('base', 'changed')").fetchall()
        meta = {str(name): str(value) for name, value in rows}
        changed = json.loads(meta.get("changed", "null"))
    except (sqlite3.Error, ValueError):
        return None
    if meta.get("base") and isinstance(changed, list) and len(changed) <= CARRIED:
        return None  # the next build takes the index this one was brought forward from
    spare = spare_path(generation)
    tmp = spare.with_name(spare.name + ".tmp")
    try:
        shutil.copyfile(views_path(generation), tmp)
        os.replace(tmp, spare)
    except OSError:
        tmp.unlink(missing_ok=True)
        return None
    return spare


def prepare_view_index(
    folder: Path, store: ox.Store, *, previous: Path | None, facts: Mapping[str, bytes], removed: Iterable[str]
) -> Path | None:
    """The index of a generation not yet complete, written ahead into a file of ``folder`` from its open ``store``
    (a build does this while RocksDB compacts the store), for the commit to move into place: the same file
    ``write_view_index`` writes at commit. None where the previous generation's index is of another format:
    the commit then rebuilds it from the finished store. A file left by a killed build is a side file without
    its generation, which the next build removes (``kg.store.remove_temporaries``)."""
    if previous is not None and index_format(views_path(previous)) != FORMAT:
        return None
    handle, name = tempfile.mkstemp(dir=folder, prefix=AHEAD_PREFIX, suffix=VIEWS_SUFFIX)
    os.close(handle)
    target = Path(name)
    try:
        return write_view_index(target, previous=previous, facts=facts, removed=removed, store=store, target=target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def facts_from_store(generation: Path) -> Iterator[tuple[str, bytes]]:
    """(key, facts) of every briefing graph of a generation's store: for stores built without an index."""
    store = ox.Store.read_only(str(generation))
    for graph in store.named_graphs():
        briefing = isinstance(graph, ox.NamedNode) and graph not in (ENTITIES_GRAPH, ONTOLOGY_GRAPH)
        if briefing and graph.value.startswith(GRAPH_PREFIX):
            quads = store.quads_for_pattern(None, None, None, graph)
            yield graph.value.removeprefix(GRAPH_PREFIX), encode_facts(quad_values(quads))


def index_format(path: Path) -> str | None:
    """The format an index file says it has, or None where it is no index (``FORMAT`` is this presskg's)."""
    if not path.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None
