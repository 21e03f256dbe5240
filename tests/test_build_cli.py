"""The whole path on the seeds and the corpus: counts, idempotence, exports, SHACL, named queries, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from conftest import CORPUS_BUILD

import kg
from kg.cli import main
from kg.pipeline import BuildReport
from kg.queries import named_queries

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("seeds-out")
    return out, kg.build([seeds_dir], out=out)


def test_seeds_give_16_and_12_exchanges(seeds_build: tuple[Path, BuildReport]) -> None:
    out, report = seeds_build
    assert report.ok, report.errors
    assert (report.briefings, report.exchanges) == (2, 28)
    rows = kg.query(
        "SELECT ?b (COUNT(?e) AS ?n) WHERE { ?e a pk:Exchange ; pk:inBriefing ?b } GROUP BY ?b ORDER BY ?b", out=out
    ).values()
    assert [int(r["n"] or 0) for r in rows] == [16, 12]


def test_rebuilding_gives_the_same_triples(seeds_build: tuple[Path, BuildReport], seeds_dir: Path) -> None:
    out, first = seeds_build
    again = kg.build([seeds_dir], out=out, exports=("nq",))
    assert again.triples == first.triples
    second_dir = out.parent / (out.name + "-again")
    other = kg.build([seeds_dir], out=second_dir, exports=("nq",))
    mine = sorted((out / "graph.nq").read_text(encoding="utf-8").splitlines())
    theirs = sorted((second_dir / "graph.nq").read_text(encoding="utf-8").splitlines())
    assert other.triples == first.triples
    assert mine == theirs


def test_exports_parse_and_hold_the_triples(seeds_build: tuple[Path, BuildReport]) -> None:
    out, report = seeds_build
    trig = list(ox.parse(path=str(out / "graph.trig")))
    assert len(trig) == report.triples
    turtle = rdflib.Graph().parse(out / "graph.ttl")
    jsonld = rdflib.Graph().parse(out / "graph.jsonld", format="json-ld")
    assert len(turtle) == len(jsonld) > 0
    assert len(turtle) == len({q.triple for q in trig})

    def ground(graph: rdflib.Graph) -> set[tuple[object, object, object]]:
        return {t for t in graph if not any(isinstance(x, rdflib.BNode) for x in t)}

    assert ground(turtle) == ground(jsonld)
    context = json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))["@context"]
    assert context["pk"] == "https://w3id.org/presskg/ontology#"


def test_named_query_exchanges_per_outlet(seeds_build: tuple[Path, BuildReport]) -> None:
    # Counted by hand from the seeds' question labels: 21 outlets over 28 exchanges; "Bloomberg News" and
    # "Bloomberg" are one outlet (5), then Xinhua, Reuters and Radio Hong Kong with 2 each.
    out, _ = seeds_build
    rows = kg.query(name="exchanges-per-outlet", out=out).values()
    counts = {r["label"]: int(r["exchanges"] or 0) for r in rows}
    assert sum(counts.values()) == 28
    top = dict(list(counts.items())[:4])
    assert top["Bloomberg"] == 5
    assert sorted(top.values(), reverse=True) == [5, 2, 2, 2]
    assert counts.get("Reuters") == 2
    assert len(counts) == 21


def test_named_query_briefings_per_spokesperson(seeds_build: tuple[Path, BuildReport]) -> None:
    out, _ = seeds_build
    rows = kg.query(name="briefings-per-spokesperson", out=out).values()
    assert rows == [
        {
            "spokesperson": "https://w3id.org/presskg/id/spokesperson/wang-wenbin",
            "name": "Wang Wenbin",
            "briefings": 2,
            "first": "2020-09-14",
            "last": "2021-12-09",
        }
    ]


def test_named_query_questions_from_outlet(seeds_build: tuple[Path, BuildReport]) -> None:
    out, _ = seeds_build
    rows = kg.query(name="questions-from-outlet", params={"outlet": "Reuters"}, out=out).values()
    assert [(r["date"], r["ordinal"]) for r in rows] == [("2020-09-14", 7), ("2021-12-09", 2)]
    assert rows[0]["question"].startswith("According to reports, the US Ambassador")  # type: ignore[union-attr]
    by_alias = kg.query(name="questions-from-outlet", params={"outlet": "Agence France-Presse"}, out=out).values()
    assert len(by_alias) == 1


def test_hostile_named_query_parameter(seeds_build: tuple[Path, BuildReport]) -> None:
    out, report = seeds_build
    rows = kg.query(name="questions-from-outlet", params={"outlet": '" } ; DROP ALL ; #'}, out=out).values()
    assert rows == []
    assert kg.stats(out=out)["quads"] == report.triples


def _shacl(data_file: Path) -> tuple[bool, str]:
    import pyshacl

    # All graphs merged, read by pyoxigraph: rdflib's Dataset warns of its own deprecated API while parsing.
    fmt = {".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}[data_file.suffix]
    triples = (q.triple for q in ox.parse(path=data_file, format=fmt))
    merged = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes, inference="none", advanced=True, inplace=True)
    return bool(conforms), str(text)


def test_seeds_build_conforms_to_the_shapes(seeds_build: tuple[Path, BuildReport]) -> None:
    conforms, text = _shacl(seeds_build[0] / "graph.trig")
    assert conforms, text[:3000]


def test_shapes_catch_a_broken_graph(seeds_build: tuple[Path, BuildReport], tmp_path: Path) -> None:
    # A test that could not fail would prove nothing: drop every exchange's question and expect violations.
    out, _ = seeds_build
    broken = tmp_path / "broken"
    broken.mkdir()
    # pyoxigraph, not rdflib: rdflib's TriG writer calls its own deprecated Dataset API (DeprecationWarnings)
    question = ox.NamedNode("https://w3id.org/presskg/ontology#question")
    kept = [q for q in ox.parse(path=out / "graph.trig", format=ox.RdfFormat.TRIG) if q.predicate != question]
    ox.serialize(kept, broken / "graph.trig", format=ox.RdfFormat.TRIG)
    conforms, text = _shacl(broken / "graph.trig")
    assert not conforms
    assert "question" in text


def test_inferred_targets_are_marked_and_checked(seeds_build: tuple[Path, BuildReport], tmp_path: Path) -> None:
    # annotation.md, positions rule 1: a target the evidence does not name carries pk:targetInferred and its rule.
    out, _ = seeds_build
    rows = kg.query(
        "SELECT ?rule (COUNT(?p) AS ?n) WHERE { ?p pk:targetInferred true ; pk:targetRule ?rule ; pk:target ?t } "
        "GROUP BY ?rule",
        out=out,
    ).values()
    assert {r["rule"] for r in rows} >= {"question_actor"}
    # The shapes catch a mark without its rule.
    data = rdflib.Dataset()
    data.parse(data=(out / "graph.trig").read_text(encoding="utf-8"), format="trig")
    rule = rdflib.URIRef("https://w3id.org/presskg/ontology#targetRule")
    for quad in list(data.quads((None, rule, None, None))):
        data.remove(quad)
    data.serialize(tmp_path / "graph.trig", format="trig")
    conforms, text = _shacl(tmp_path / "graph.trig")
    assert not conforms
    assert "targetRule" in text or "Or" in text


@pytest.mark.corpus
@pytest.mark.xdist_group(CORPUS_BUILD)
def test_whole_corpus_builds_and_conforms(corpus_build: tuple[Path, BuildReport]) -> None:
    out, report = corpus_build
    assert report.ok, [str(e) for e in report.errors]
    # 380 pages; the two pages titled April 29, 2019 are two translations of one briefing: one is kept, with a warning.
    assert report.briefings == 379
    assert any("t1659619" in w and "same briefing" in w for w in report.warnings), report.warnings
    undated = kg.query("SELECT ?b WHERE { ?b a pk:Briefing FILTER NOT EXISTS { ?b dcterms:date ?d } }", out=out)
    assert undated.rows == ()
    conforms, text = _shacl(out / "graph.nt")
    assert conforms, text[:3000]


def test_cli_build_query_export_stats(tmp_path: Path, seeds_dir: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(seeds_dir), "--store", str(out)])
    assert result.exit_code == 0, result.output
    assert "exchanges" in result.output and "28" in result.output
    result = runner.invoke(main, ["query", "--name", "exchanges-per-outlet", "--format", "csv", "--store", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "outlet,label,exchanges"
    result = runner.invoke(
        main,
        [
            "query",
            "--name",
            "questions-from-outlet",
            "--param",
            "outlet=Reuters",
            "--format",
            "json",
            "--store",
            str(out),
        ],
    )
    assert len(json.loads(result.output)["results"]["bindings"]) == 2
    result = runner.invoke(
        main, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "tsv", "--store", str(out)]
    )
    assert result.exit_code == 0 and result.output.startswith("?n\n")
    target = tmp_path / "g.nt"
    result = runner.invoke(main, ["export", "--format", "nt", "--out", str(target), "--store", str(out)])
    assert result.exit_code == 0, result.output
    assert len(target.read_text(encoding="utf-8").splitlines()) > 1000
    result = runner.invoke(main, ["stats", "--store", str(out)])
    assert result.exit_code == 0 and "Exchange" in result.output


def test_cli_errors_are_one_line_and_say_what_to_do(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["query", "--name", "no-such-query", "--store", str(tmp_path)])
    assert result.exit_code == 2
    result = runner.invoke(main, ["query", "--name", "exchanges-per-outlet", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "kg build" in result.output
    result = runner.invoke(main, ["build", str(tmp_path / "missing.txt"), "--store", str(tmp_path / "o")])
    assert result.exit_code != 0 and "missing.txt" in result.output


def test_every_command_and_named_query_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"kg {name}" in readme, f"`kg {name}` is not in the README"
    for query in named_queries().values():
        assert query.title and query.description, f"{query.name} lacks a title or description"


def test_the_store_folder_is_store_everywhere_and_the_old_out_still_works(
    seeds_build: tuple[Path, BuildReport],
) -> None:
    out, _ = seeds_build
    runner = CliRunner()
    new = runner.invoke(main, ["stats", "--store", str(out)])
    assert new.exit_code == 0 and "warning" not in new.stderr
    old = runner.invoke(main, ["stats", "--out", str(out)])
    assert old.exit_code == 0 and old.stdout == new.stdout
    assert "--out naming the store folder is now --store" in old.stderr
    both = runner.invoke(main, ["stats", "--out", str(out), "--store", str(out)])
    assert both.exit_code == 2 and "give the store folder once" in both.stderr
    for command in ("build", "remove", "query", "stats", "serve", "push", "export", "view", "report"):
        text = runner.invoke(main, [command, "--help"]).stdout
        assert "--store" in text, command
        # --out is shown only where it names the file or folder a command writes, never the store.
        assert ("--out" in text) == (command in ("export", "view", "report")), command
