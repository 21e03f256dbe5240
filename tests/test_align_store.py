"""The build step that links translations to their originals in the store, and the named query that checks the
extraction across the two languages."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import corpus_missing

import kg
from kg.align import align_store, briefing_groups
from kg.namespace import PREFIXES
from kg.pipeline import remove
from kg.queries import bind, named_query
from kg.rdf import ALIGNMENT_GRAPH
from kg.store import bind_parameters

ID = "https://w3id.org/presskg/id/"
PK = "https://w3id.org/presskg/ontology#"
ROOT = Path(__file__).resolve().parent.parent


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri if iri.startswith("http") else ID + iri)


def _p(term: str) -> ox.NamedNode:
    return ox.NamedNode(PK + term)


def _briefing(
    store: ox.Store, key: str, title: str, exchanges: list[tuple[str, str, list[tuple[str, str | None]]]]
) -> None:
    """A briefing of 2020-01-17 by one spokesperson; each exchange: question, answer, positions (act, target)."""
    g = _n(f"graph/{key}")
    b = _n(f"briefing/{key}")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    dcterms = "http://purl.org/dc/terms/"
    xsd_date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    quads = [
        ox.Quad(b, rdf_type, _p("Briefing"), g),
        ox.Quad(b, ox.NamedNode(dcterms + "date"), ox.Literal("2020-01-17", datatype=xsd_date), g),
        ox.Quad(b, ox.NamedNode(dcterms + "title"), ox.Literal(title), g),
        ox.Quad(b, _p("spokesperson"), _n("spokesperson/geng-shuang"), g),
    ]
    for n, (question, answer, positions) in enumerate(exchanges, start=1):
        e = _n(f"briefing/{key}/exchange/{n}")
        q, a = _n(f"briefing/{key}/exchange/{n}/question"), _n(f"briefing/{key}/exchange/{n}/answer")
        quads += [
            ox.Quad(e, rdf_type, _p("Exchange"), g),
            ox.Quad(e, _p("inBriefing"), b, g),
            ox.Quad(e, _p("ordinal"), ox.Literal(str(n), datatype=ox.NamedNode(str(rdflib.XSD.integer))), g),
            ox.Quad(e, _p("question"), q, g),
            ox.Quad(e, _p("answer"), a, g),
            ox.Quad(q, _p("text"), ox.Literal(question), g),
            ox.Quad(a, _p("text"), ox.Literal(answer), g),
        ]
        countries = {"France": "FRA", "法国": "FRA", "Japan": "JPN", "日本": "JPN"}
        quads += [ox.Quad(q, _p("mentions"), _n(f"country/{iso}"), g) for w, iso in countries.items() if w in question]
        for i, (act, target) in enumerate(positions):
            p = _n(f"briefing/{key}/position/{n}-{i}")
            quads += [
                ox.Quad(p, _p("inExchange"), e, g),
                ox.Quad(p, _p("act"), _n(f"act/{act}"), g),
                ox.Quad(p, _p("evidence"), ox.Literal(f"{act} {target}"), g),
                ox.Quad(_n(f"act/{act}"), ox.NamedNode(str(rdflib.SKOS.notation)), ox.Literal(act), g),
            ]
            if target:
                quads.append(ox.Quad(p, _p("target"), _n(f"country/{target}"), g))
    store.extend(quads)


@pytest.fixture
def store() -> ox.Store:
    s = ox.Store()
    _briefing(s, "en1", "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on January 17, 2020", [
        ("What about France in 2020?", "China opposes it.", [("oppose", "FRA"), ("welcome", None)]),
        ("And Japan?", "We support Japan.", [("support", "JPN")]),
    ])  # fmt: skip
    _briefing(s, "zh1", "2020年1月17日外交部发言人耿爽主持例行记者会", [
        ("法国2020年怎么样？", "中方坚决反对。", [("oppose", "FRA"), ("welcome", "FRA")]),
        ("日本呢？", "我们支持日本。", [("support", "JPN"), ("criticize", "JPN")]),
    ])  # fmt: skip
    return s


def _links(store: ox.Store) -> set[tuple[str, str]]:
    rows = store.quads_for_pattern(None, _p("translationOf"), None, ALIGNMENT_GRAPH)
    return {(q.subject.value.removeprefix(ID), q.object.value.removeprefix(ID)) for q in rows}


def test_the_store_step_links_briefings_and_exchanges(store: ox.Store) -> None:
    assert align_store(store) == 3
    assert _links(store) == {
        ("briefing/en1", "briefing/zh1"),
        ("briefing/en1/exchange/1", "briefing/zh1/exchange/1"),
        ("briefing/en1/exchange/2", "briefing/zh1/exchange/2"),
    }
    store.remove_graph(_n("graph/zh1"))  # the original removed: its links go with the next step
    assert align_store(store) == 0 and _links(store) == set()


def test_the_named_query_lists_positions_one_language_lacks(store: ox.Store) -> None:
    align_store(store)
    query = named_query("translation-position-disagreements")
    result = store.query(query.sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    rows = {(r["english"].value.rsplit("/", 1)[-1], r["only"].value, r["actNotation"].value) for r in result}
    # "welcome" with no target matches "welcome" of France; only the criticism of Japan is Chinese-only
    assert rows == {("2", "zh", "criticize")}
    for params, expected in (({"act": "criticize"}, 1), ({"act": "oppose"}, 0), ({"from": "2020-01-18"}, 0)):
        bound = bind_parameters(query.sparql, bind(query, params))
        result = store.query(bound, prefixes=PREFIXES, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions) and len(list(result)) == expected, params


def test_a_bilingual_build_links_translations_and_conforms_to_the_shapes(corpus_dir: Path, tmp_path: Path) -> None:
    chinese = corpus_dir.parent / "fmprc-zh"
    if not chinese.is_dir():
        corpus_missing("no fmprc-zh beside the corpus")
    out = tmp_path / "out"
    kg.build([corpus_dir / "t1779579.html", chinese / "t1779560.html"], out=out, exports=("trig",), overview=False)
    rows = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?e pk:translationOf ?z . ?z a pk:Exchange }", out=out).values()
    assert int(rows[0]["n"]) == 12
    import pyshacl

    data = rdflib.Dataset()
    data.parse(out / "graph.trig", format="trig")
    merged = rdflib.Graph()
    for quad in data.quads((None, None, None, None)):
        merged.add(quad[:3])
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes, inference="none", advanced=True, inplace=True)
    assert conforms, str(text)[:2000]
    remove(["t1779560"], out=out, exports=("trig",), overview=False)  # the original goes: no link is left dangling
    assert kg.query("SELECT ?e WHERE { ?e pk:translationOf ?z }", out=out).values() == []


def _dated(store: ox.Store, key: str, title: str, exchanges: list[tuple[str, str, list[tuple[str, str | None]]]],
           day: str) -> None:  # fmt: skip
    """A briefing as ``_briefing`` makes it, on another day."""
    _briefing(store, key, title, exchanges)
    b, g, date = _n(f"briefing/{key}"), _n(f"graph/{key}"), ox.NamedNode("http://purl.org/dc/terms/date")
    for quad in list(store.quads_for_pattern(b, date, None, g)):
        store.remove(quad)
    store.add(ox.Quad(b, date, ox.Literal(day, datatype=ox.NamedNode(str(rdflib.XSD.date))), g))


def _aligned_whole(store: ox.Store) -> set[tuple[str, str]]:
    """The links of the whole-store step, on a copy."""
    copy = ox.Store()
    copy.extend(store.quads_for_pattern(None, None, None, None))
    align_store(copy)
    return _links(copy)


def test_a_build_aligns_again_only_the_groups_it_changed(store: ox.Store) -> None:
    assert align_store(store) == 3
    en, zh = [("And Japan?", "We support Japan.", [])], [("日本呢？", "我们支持日本。", [])]
    _dated(store, "en2", "Geng Shuang's Regular Press Conference on January 20, 2020", en, "2020-01-20")
    _dated(store, "zh2", "2020年1月20日外交部发言人耿爽主持例行记者会", zh, "2020-01-20")
    groups = briefing_groups(store, ["en2", "zh2", "no-such-briefing"])
    assert {(d.value, sp) for d, sp in groups} == {("2020-01-20", ID + "spokesperson/geng-shuang")}
    assert align_store(store, groups) == 2  # the new group's links only; the other group's are kept
    assert _links(store) == _aligned_whole(store) and ("briefing/en2", "briefing/zh2") in _links(store)
    assert align_store(store, set()) == 0 and len(_links(store)) == 5  # nothing changed: nothing done
    dropped = briefing_groups(store, ["zh1"])  # taken before the graph goes, as a build does
    store.remove_graph(_n("graph/zh1"))
    assert align_store(store, dropped) == 0
    left = {("briefing/en2", "briefing/zh2"), ("briefing/en2/exchange/1", "briefing/zh2/exchange/1")}
    assert _links(store) == _aligned_whole(store) == left
    _dated(store, "zh1", "2020年1月17日外交部发言人耿爽主持例行记者会", zh * 2, "2020-01-17")  # back, changed
    assert align_store(store, briefing_groups(store, ["zh1"])) > 0
    assert _links(store) == _aligned_whole(store) and ("briefing/en1", "briefing/zh1") in _links(store)


def test_an_original_built_after_its_translation_is_linked_by_the_incremental_step(
    corpus_dir: Path, tmp_path: Path
) -> None:
    chinese = corpus_dir.parent / "fmprc-zh"
    if not chinese.is_dir():
        corpus_missing("no fmprc-zh beside the corpus")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?e pk:translationOf ?z . ?z a pk:Exchange }"
    out = tmp_path / "out"
    kg.build([corpus_dir / "t1779579.html", corpus_dir / "t1779190.html"], out=out, exports=(), overview=False)
    assert int(kg.query(count, out=out).values()[0]["n"]) == 0
    kg.build([chinese / "t1779560.html"], out=out, exports=(), overview=False)  # adds the original only
    assert int(kg.query(count, out=out).values()[0]["n"]) == 12


def _sorted_nquads(out: Path) -> list[str]:
    store = ox.Store.read_only(str((out / "store").resolve()))
    return sorted(ox.serialize(store, format=ox.RdfFormat.N_QUADS).decode().splitlines())


@pytest.fixture(scope="module")
def serial(sample_dir: Path, zh_sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Both samples built into a new store by the serial step (aligned on the groups its view facts name, never
    compacted), as sorted N-Quads: what the two tests below compare their builds with. Built once for both (each
    build of the samples costs about 4 s of CPU); the defaults would not compact this store either (a new store
    loaded in a few calls, no exports: kg.compaction.compacts), so it is also the plain build the second test needs."""
    import kg.compaction as compaction

    out = tmp_path_factory.mktemp("serial")
    compacted: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compaction, "compact", lambda store: compacted.append(1) or store.optimize())
        patch.setattr(compaction, "COMPACT_AFTER", 10**9)
        kg.build([sample_dir, zh_sample_dir], out=out, exports=(), overview=False, workers=1)
    assert not compacted
    return _sorted_nquads(out)


def test_a_build_that_compacts_links_what_the_serial_step_links(
    sample_dir: Path, zh_sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serial: list[str]
) -> None:
    """A build that compacts aligns after the compaction (the view index written beside it): the store holds what
    the serial step (align, no compaction) writes, whether the build is fresh or adds the originals to a store."""
    import kg.compaction as compaction

    compacted: list[int] = []
    monkeypatch.setattr(compaction, "compact", lambda store: compacted.append(1) or store.optimize())
    paths = [sample_dir, zh_sample_dir]
    monkeypatch.setattr(compaction, "COMPACT_AFTER", 1)
    monkeypatch.setattr(compaction, "FEW_CALLS", 0)  # a small new store is compacted too
    monkeypatch.setattr(compaction, "UNREAD_CALLS", 0)  # exported or not
    kg.build(paths, out=tmp_path / "fresh", exports=(), overview=False, workers=1)
    kg.build([sample_dir], out=tmp_path / "added", exports=(), overview=False, workers=1)
    kg.build([zh_sample_dir], out=tmp_path / "added", exports=(), overview=False, workers=1)  # the groups' step
    assert len(compacted) == 3
    assert sum("alignment> ." in line for line in serial) > 100  # the sample's translations are linked
    assert _sorted_nquads(tmp_path / "fresh") == serial
    assert _sorted_nquads(tmp_path / "added") == serial


def test_a_new_store_aligns_the_groups_its_view_facts_name_as_it_would_every_briefing(
    sample_dir: Path, zh_sample_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serial: list[str]
) -> None:
    """A fresh build aligns only the (date, spokesperson) groups ``pairable_groups`` reads from the view facts:
    the links are those of aligning every briefing of the store; and a store without Chinese briefings is not
    read for the alignment at all."""
    import kg.align
    import kg.compaction as compaction

    monkeypatch.setattr(compaction, "fresh_groups", lambda loaded: None)
    kg.build([sample_dir, zh_sample_dir], out=tmp_path / "every", exports=(), overview=False, workers=1)
    every = _sorted_nquads(tmp_path / "every")
    assert sum("alignment> ." in line for line in every) > 100
    assert serial == every  # the groups of the view facts (the module's build) link what every briefing links
    monkeypatch.undo()
    read: list[object] = []

    def signatures(*args: object) -> tuple[list[object], dict[object, str]]:
        read.append(args)
        return [], {}

    monkeypatch.setattr(kg.align, "store_signatures", signatures)
    kg.build([sample_dir], out=tmp_path / "english", exports=(), overview=False, workers=1)
    assert read == []
