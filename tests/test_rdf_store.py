"""RDF stage and store: stable IRIs, named graphs, reified links, generations, parameter binding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError
from kg.rdf import entity_quads, graph_iri, to_rdf
from kg.store import build_lock, current_generation, open_embedded, replace_graph, run_query, write_generation
from kg.types import (
    Briefing,
    Cue,
    Entity,
    EntityKind,
    EntityRef,
    Exchange,
    Extraction,
    Layout,
    Mention,
    OutletRef,
    Position,
    Role,
    Source,
    Statement,
    TopicAssignment,
    Turn,
)

QUESTION = "The US State Department said Taiwan would be invited. What is China's comment?"
ANSWER = "China firmly opposes official exchanges between the United States and Taiwan. We urge the US to stop."


def sample_extraction(key: str = "b1") -> Extraction:
    q = Turn(Role.QUESTION, 1, "Reuters", QUESTION)
    a = Turn(Role.ANSWER, 1, "Wang Wenbin", ANSWER)
    s = Turn(Role.STATEMENT, 1, "Wang Wenbin", "State Councilor Wang Yi will visit Russia.")
    briefing = Briefing(
        key=key,
        source=Source(path=f"{key}.txt", name=f"{key}.txt", sha256="a" * 64),
        layout=Layout.SEED,
        title="Regular press conference",
        date=dt.date(2020, 9, 14),
        date_inferred=False,
        spokesperson="Wang Wenbin",
        institution="Ministry of Foreign Affairs of the People's Republic of China",
        statements=(Statement(1, s),),
        exchanges=(Exchange(1, q, a, OutletRef("Reuters", "reuters", True)),),
    )
    start = ANSWER.index("United States")
    evidence = ANSWER[: ANSWER.index(".") + 1]
    return Extraction(
        briefing=briefing,
        mentions=(
            Mention("e1a", start, start + 13, "United States", EntityKind.COUNTRY, "USA", "gazetteer"),
            Mention("e1q", 4, 6, "US", EntityKind.COUNTRY, "USA", "gazetteer"),
        ),
        topics=(TopicAssignment("e1", "taiwan", 3.0, (Cue("e1q", 29, 35, "Taiwan"),), "cues"),),
        positions=(
            Position(
                unit="e1",
                turn="e1a",
                act="oppose",
                holder="CHN",
                stated_by="Wang Wenbin",
                target=EntityRef(EntityKind.COUNTRY, "USA"),
                about="taiwan",
                intensity="firmly",
                evidence=evidence,
                start=0,
                end=len(evidence),
                rule="oppose.subject-verb",
            ),
        ),
        entities=(Entity(EntityKind.COUNTRY, "USA", "United States", ("US", "U.S."), (), "US"),),
    )


def test_same_input_same_quads() -> None:
    assert sorted(map(str, to_rdf(sample_extraction()))) == sorted(map(str, to_rdf(sample_extraction())))


def test_every_quad_lives_in_the_briefing_graph() -> None:
    quads = to_rdf(sample_extraction("t123"))
    assert {q.graph_name for q in quads} == {graph_iri("t123")}


def test_position_evidence_offsets_point_into_the_turn_text(tmp_path: Path) -> None:
    extraction = sample_extraction()
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(extraction))
        store.extend(entity_quads(extraction))
    result = run_query(
        open_embedded(tmp_path).store,
        "SELECT ?text ?evidence ?start ?end ?target WHERE { ?p a pk:Position ; pk:evidence ?evidence ; "
        "pk:start ?start ; pk:end ?end ; pk:target/rdfs:label ?target ; "
        "prov:wasDerivedFrom/pk:text ?text }",
    ).values()
    assert len(result) == 1
    row = result[0]
    assert row["text"][int(row["start"]) : int(row["end"])] == row["evidence"]  # type: ignore[index,arg-type]
    assert row["target"] == "United States"


def test_mentions_are_reified_once_per_turn_and_entity(tmp_path: Path) -> None:
    extraction = sample_extraction()
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(extraction))
    rows = run_query(
        open_embedded(tmp_path).store,
        "SELECT ?turn ?start WHERE { ?r rdf:predicate pk:mentions ; rdf:subject ?turn ; pk:start ?start }",
    ).values()
    assert len(rows) == 2
    cues = run_query(
        open_embedded(tmp_path).store, "SELECT ?cue WHERE { ?r rdf:predicate pk:topic ; pk:cue ?cue }"
    ).values()
    assert cues == [{"cue": "Taiwan"}]


def test_a_failed_build_leaves_the_previous_generation(tmp_path: Path) -> None:
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(sample_extraction()))
    before = current_generation(tmp_path)
    count = len(open_embedded(tmp_path).store)
    with pytest.raises(RuntimeError), write_generation(tmp_path) as store:
        store.remove_graph(graph_iri("b1"))
        raise RuntimeError("killed mid-build")
    assert current_generation(tmp_path) == before
    assert len(open_embedded(tmp_path).store) == count
    # The killed build's partial copy is cleared by the next build.
    with write_generation(tmp_path) as store:
        pass
    assert not any(p.name.endswith(".partial") for p in (tmp_path / "store.gen").iterdir())


def test_replacing_one_graph_leaves_the_others(tmp_path: Path) -> None:
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(sample_extraction("b1")))
        replace_graph(store, graph_iri("b2"), to_rdf(sample_extraction("b2")))
    size_b2 = len(list(open_embedded(tmp_path).store.quads_for_pattern(None, None, None, graph_iri("b2"))))
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(sample_extraction("b1"))[:5])
    store = open_embedded(tmp_path).store
    assert len(list(store.quads_for_pattern(None, None, None, graph_iri("b1")))) == 5
    assert len(list(store.quads_for_pattern(None, None, None, graph_iri("b2")))) == size_b2


def test_a_second_build_is_refused_while_one_runs(tmp_path: Path) -> None:
    with build_lock(tmp_path), pytest.raises(StoreError, match="busy"), build_lock(tmp_path):
        pass


def test_no_store_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kg build"):
        open_embedded(tmp_path)


def test_hostile_parameter_finds_nothing_and_changes_nothing(tmp_path: Path) -> None:
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(sample_extraction()))
    store = open_embedded(tmp_path).store
    before = len(store)
    hostile = ox.Literal('" } ; DROP ALL ; #')
    result = run_query(store, "SELECT ?e WHERE { ?e pk:askedBy ?o . ?o rdfs:label ?name }", bindings={"name": hostile})
    assert result.rows == ()
    assert len(store) == before


def test_malformed_sparql_is_a_query_error(tmp_path: Path) -> None:
    with write_generation(tmp_path) as store:
        replace_graph(store, graph_iri("b1"), to_rdf(sample_extraction()))
    with pytest.raises(QueryError, match="invalid SPARQL"):
        run_query(open_embedded(tmp_path).store, "SELECT WHERE {")
