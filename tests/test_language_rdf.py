"""Language as data: a bilingual build (the Chinese sample and English pages of the same days) says each
briefing's language, tags Chinese text @zh, gives a spokesperson and an outlet one IRI in both languages,
and conforms to the SHACL shapes; a text tagged with the wrong language is caught by them."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.pipeline import BuildReport

ROOT = Path(__file__).resolve().parent.parent
# English pages whose Chinese originals are in the Chinese sample (same date and spokesperson).
ENGLISH_OF_THE_SAME_DAYS = ("t1558711.html", "t1748946.html")


@pytest.fixture(scope="module")
def bilingual_build(
    tmp_path_factory: pytest.TempPathFactory, sample_dir: Path, zh_sample_dir: Path, seeds_dir: Path
) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("bilingual-out")
    # The seeds name their outlets (the older pages ask "Q:"), as the newer Chinese pages do.
    english = [*(sample_dir / name for name in ENGLISH_OF_THE_SAME_DAYS), seeds_dir]
    return out, kg.build([zh_sample_dir, *english], out=out, year=2018, overview=False, workers=1)


def _rows(out: Path, sparql: str) -> list[dict[str, object]]:
    return kg.query(sparql, out=out).values()


def test_every_briefing_says_its_language(bilingual_build: tuple[Path, BuildReport], zh_sample_dir: Path) -> None:
    out, report = bilingual_build
    chinese = len(list(zh_sample_dir.glob("*.html"))) - 1  # one is a news item, refused
    english = len(ENGLISH_OF_THE_SAME_DAYS) + 2  # and the two seeds
    assert report.briefings == chinese + english
    rows = _rows(out, "SELECT ?l (COUNT(?b) AS ?n) WHERE { ?b a pk:Briefing ; dcterms:language ?l } GROUP BY ?l")
    assert {str(r["l"]): int(str(r["n"])) for r in rows} == {"en": english, "zh": chinese}


def test_chinese_texts_are_tagged_and_english_ones_are_not(bilingual_build: tuple[Path, BuildReport]) -> None:
    out, _ = bilingual_build
    rows = _rows(
        out,
        "SELECT DISTINCT ?l ?tag WHERE { ?b dcterms:language ?l . "
        "{ ?b dcterms:title ?t } UNION { ?u pk:inBriefing ?b ; pk:question/pk:text ?t } BIND(LANG(?t) AS ?tag) }",
    )
    tags = {(str(r["l"]), str(r["tag"] or "")) for r in rows}
    assert tags == {("en", ""), ("zh", "zh")}


def test_one_spokesperson_and_one_outlet_in_both_languages(bilingual_build: tuple[Path, BuildReport]) -> None:
    out, _ = bilingual_build
    rows = _rows(
        out,
        "SELECT DISTINCT ?s ?l WHERE { ?b pk:spokesperson ?s ; dcterms:language ?l ; dcterms:date ?d "
        'FILTER(?d = "2018-05-11"^^xsd:date) }',
    )
    assert {str(r["l"]) for r in rows} == {"en", "zh"}
    assert {str(r["s"]) for r in rows} == {"https://w3id.org/presskg/id/spokesperson/geng-shuang"}
    asked = _rows(
        out,
        "SELECT DISTINCT ?l WHERE { ?e pk:askedBy <https://w3id.org/presskg/id/outlet/xinhua> ; "
        "pk:inBriefing/dcterms:language ?l }",
    )
    assert {str(r["l"]) for r in asked} == {"en", "zh"}
    names = _rows(
        out, 'SELECT ?n WHERE { <https://w3id.org/presskg/id/outlet/xinhua> skos:altLabel ?n FILTER(LANG(?n) = "zh") }'
    )
    assert {str(r["n"]) for r in names} == {"新华社", "新华通讯社"}


def _shacl(graph: rdflib.Graph, focus: list[rdflib.URIRef] | None = None) -> tuple[bool, str]:
    """The graph validated against the shapes: every node they target, or only those of ``focus``."""
    import pyshacl

    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, inplace=True, focus_nodes=focus
    )
    return bool(conforms), str(text)


@pytest.fixture(scope="module")
def merged(bilingual_build: tuple[Path, BuildReport]) -> rdflib.Graph:
    """The build's TriG export parsed once, its graphs merged: the tests that take it never change it."""
    data = rdflib.Dataset()
    data.parse(bilingual_build[0] / "graph.trig", format="trig")
    graph = rdflib.Graph()
    for quad in data.quads((None, None, None, None)):
        graph.add(quad[:3])
    return graph


def test_the_bilingual_build_conforms_to_the_shapes(merged: rdflib.Graph) -> None:
    conforms, text = _shacl(merged)  # in place, without inference: the graph is not changed
    assert conforms, text[:3000]


def test_shapes_catch_a_text_in_the_wrong_language(merged: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    for triple in merged:  # a copy to break (a quarter of the parse's time)
        graph.add(triple)
    pk = rdflib.Namespace("https://w3id.org/presskg/ontology#")
    turn, _, text = next(
        (s, p, o) for s, p, o in graph.triples((None, pk.text, None)) if getattr(o, "language", None) == "zh"
    )
    graph.remove((turn, pk.text, text))
    graph.add((turn, pk.text, rdflib.Literal(str(text))))  # the same Chinese text, untagged
    # Only the briefing of that text is validated (the whole graph's conformance is the test above): the shape
    # that checks a text's language targets briefings, so it is the one node whose report can name the error,
    # at a tenth of the whole graph's validation.
    unit = next((u for p in (pk.question, pk.answer) for u in graph.subjects(p, turn)), turn)  # or a text's own
    briefing = graph.value(unit, pk.inBriefing)
    assert isinstance(briefing, rdflib.URIRef) and (briefing, rdflib.RDF.type, pk.Briefing) in graph
    conforms, text_report = _shacl(graph, focus=[briefing])
    assert not conforms
    assert "briefing's language" in text_report


def test_jsonld_context_names_the_language(bilingual_build: tuple[Path, BuildReport]) -> None:
    out, _ = bilingual_build
    exported = (out / "graph.jsonld").read_text(encoding="utf-8")
    assert '"language":"zh"' in exported
    assert '"@language":"zh"' in exported


def test_queries_views_and_the_report_take_a_language(
    bilingual_build: tuple[Path, BuildReport], tmp_path: Path
) -> None:
    out, _ = bilingual_build
    runner = CliRunner()
    by_language = {}
    for lang in ("zh", "en"):
        result = runner.invoke(
            main,
            ["query", "--out", str(out), "--name", "report-outlet-activity", "--param", f"lang={lang}",
             "--format", "csv"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        by_language[lang] = result.output
    assert "Xinhua News Agency" in by_language["zh"] and "Xinhua News Agency" in by_language["en"]
    assert by_language["zh"] != by_language["en"]
    chinese = runner.invoke(main, ["query", "--out", str(out), "--name", "questions-from-outlet",
                                   "--param", "outlet=新华社", "--format", "csv"])  # fmt: skip
    assert chinese.exit_code == 0 and "？" in chinese.output  # the Chinese questions, asked by Xinhua
    report = runner.invoke(main, ["report", "--store", str(out), "--lang", "zh", "--out", str(tmp_path / "r")])
    assert report.exit_code == 0, report.output
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "zh" in page
    view = runner.invoke(
        main, ["view", "outlet-country", "--store", str(out), "--lang", "en", "--out", str(tmp_path / "v.html")]
    )
    assert view.exit_code == 0, view.output
