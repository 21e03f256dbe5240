"""Two governments in one graph: a folder mixing the ministry's pages (English and Chinese), the seeds, White House
transcripts and files that are no briefing (a list of paths, a log, a transcript no profile reads, a Chinese news
item) builds what it can, names every refused file with its reason, builds nothing from
them, and compares how China and the United States speak about each other month by month."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import rdflib

import kg
from kg.pipeline import BuildReport

ROOT = Path(__file__).resolve().parent.parent
WH_SAMPLE = ROOT / "tests" / "data" / "whitehouse-en"
NOT_BRIEFINGS = {
    "2024-09-20-a-u-s-framework-for-climate-resilience-and-security.md": "E210",
    "paths.txt": "E209",
    "build.log": "E209",
    "psaki-copy.txt": "E210",
    "t1738079.html": "E203",  # a Chinese page of the ministry's site that is a news item, no briefing
}
#: Chinese pages of the sample: two briefings of 2022 and the news item.
CHINESE = ("zh-2022-02-24.html", "zh-2022-07-15.html", "t1738079.html")


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, sample_dir: Path, zh_sample_dir: Path
) -> tuple[Path, BuildReport]:
    folder = tmp_path_factory.mktemp("two") / "in"
    shutil.copytree(WH_SAMPLE, folder / "whitehouse")
    shutil.copytree(seeds_dir, folder / "seeds")
    (folder / "zh").mkdir()
    for name in CHINESE:
        shutil.copy(zh_sample_dir / name, folder / "zh" / name)
    for name in ("t1558711.html", "t1761102.html"):
        shutil.copy(sample_dir / name, folder / name)
    (folder / "paths.txt").write_text(
        "".join(f"whitehouse-en/{p.name}\n" for p in sorted(WH_SAMPLE.glob("*.md"))), encoding="utf-8"
    )
    (folder / "build.log").write_text(
        "2021-01-20 10:31:02 INFO reading press briefing of January 20, 2021\n"
        "2021-01-20 10:31:03 INFO 12 exchanges\n2021-01-20 10:31:04 WARNING no spokesperson\n",
        encoding="utf-8",
    )
    (folder / "psaki-copy.txt").write_text(
        "Press Briefing by Press Secretary Jen Psaki, December 6, 2021\n\n"
        "SECRETARY BLINKEN: We will not send officials to the Games.\n\nQ Thank you. And China?\n\n"
        "SECRETARY BLINKEN: We have been clear.\n",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("two-out")
    return out, kg.build([folder], out=out, exports=("trig",))


def _keys(out: Path) -> set[str]:
    rows = kg.query("SELECT ?b WHERE { ?b a pk:Briefing }", out=out).values()
    return {str(r["b"]).rsplit("/", 1)[-1] for r in rows}


def test_refused_files_are_named_with_their_reason_and_nothing_is_built_from_them(
    built: tuple[Path, BuildReport],
) -> None:
    out, report = built
    assert {Path(e.path or "").name: e.code for e in report.errors} == NOT_BRIEFINGS
    assert all(Path(e.path or "").name in str(e) and e.hint for e in report.errors)
    keys = _keys(out)
    assert len(keys) == 7 + 2 + 2 + 2  # White House transcripts, seeds, ministry pages in English and Chinese
    assert not keys & {Path(name).stem for name in NOT_BRIEFINGS}


def test_each_government_is_its_institution_and_state(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    rows = kg.query(
        "SELECT ?inst (COUNT(DISTINCT ?b) AS ?n) (GROUP_CONCAT(DISTINCT ?h) AS ?holders) WHERE {"
        " ?b pk:institution/rdfs:label ?inst . OPTIONAL { ?p pk:inExchange|pk:inStatement ?u ."
        " ?u pk:inBriefing ?b . ?p pk:holder/pk:iso3 ?h } } GROUP BY ?inst",
        out=out,
    ).values()
    found = {str(r["inst"]): (int(str(r["n"])), str(r["holders"])) for r in rows}
    assert found == {
        "Ministry of Foreign Affairs of the People's Republic of China": (6, "CHN"),
        "The White House": (7, "USA"),
    }


def test_officials_are_persons_with_titles_never_outlets(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    rows = kg.query(
        "SELECT DISTINCT ?name ?title WHERE { ?turn pk:speaker ?s . ?s a pk:Person ; rdfs:label ?name ."
        " ?s schema:jobTitle ?title }",
        out=out,
    ).values()
    titled = {(str(r["name"]), str(r["title"])) for r in rows}
    assert ("Brian Deese", "National Economic Director") in titled
    outlets = {str(r["l"]) for r in kg.query("SELECT ?l WHERE { ?o a pk:Outlet ; rdfs:label ?l }", out=out).values()}
    assert not {"MODERATOR", "AIDE", "Acting Administrator Slavitt", "Slavitt", "Brian Deese"} & outlets
    press = kg.query(
        "SELECT ?n WHERE { ?b pk:institution/rdfs:label 'The White House' ; pk:spokesperson/rdfs:label ?n }", out=out
    ).values()
    assert Counter(str(r["n"]) for r in press) == Counter({"Jen Psaki": 2, "Karine Jean-Pierre": 2})


def test_the_build_conforms_to_the_shapes(built: tuple[Path, BuildReport]) -> None:
    import pyshacl

    data = rdflib.Dataset()
    data.parse(built[0] / "graph.trig", format="trig")
    merged = rdflib.Graph()
    for quad in data.quads((None, None, None, None)):
        merged.add(quad[:3])
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    # in place: the merged graph is this test's own, and pyshacl would otherwise copy it (advanced mode)
    conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes, inference="none", advanced=True, inplace=True)
    assert conforms, str(text)[:3000]


def test_us_positions_toward_china_and_russia_are_in_the_stance_view(built: tuple[Path, BuildReport]) -> None:
    rows = kg.query(name="view-stance", out=built[0]).values()
    edges = {(str(r["sourceLabel"]), str(r["targetLabel"])) for r in rows}
    assert {("United States", "China"), ("United States", "Russia"), ("China", "United States")} <= edges


def test_compare_positions_counts_each_government_toward_the_other_by_month(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    rows = kg.query(name="compare-positions", params={"first": "CHN", "second": "USA"}, out=out).values()
    got = Counter({(str(r["month"]), str(r["holder"]), str(r["act"])): int(str(r["positions"])) for r in rows})
    # The same counts made another way: every dated position, aggregated here.
    every = kg.query(
        "SELECT ?p ?h ?t ?act ?d WHERE { ?p pk:holder/pk:iso3 ?h ; pk:act/skos:notation ?act ;"
        " pk:inExchange|pk:inStatement ?u . ?u pk:inBriefing/dcterms:date ?d . OPTIONAL { ?p pk:target/pk:iso3 ?t } }",
        out=out,
    ).values()
    months: dict[str, set[str]] = {}
    for r in every:
        months.setdefault(str(r["d"])[:7], set()).add(str(r["h"]))
    both = {m for m, holders in months.items() if {"CHN", "USA"} <= holders}
    expected = Counter(
        (str(r["d"])[:7], str(r["h"]), str(r["act"]))
        for r in every
        if str(r["d"])[:7] in both and {str(r["h"]), str(r["t"])} == {"CHN", "USA"}
    )
    assert got == expected
    assert both == {"2021-12"}
    assert {h for _, h, _ in got} == {"CHN", "USA"}


def test_the_report_compares_the_two_governments(built: tuple[Path, BuildReport], tmp_path: Path) -> None:
    import lxml.html

    from kg.export.report_page import write_report
    from kg.store import open_store

    out, _ = built
    page = write_report(open_store(out), tmp_path).read_text(encoding="utf-8")
    doc = lxml.html.fromstring(page)
    [section] = doc.xpath('//section[@id="compare"]')
    assert section.xpath(".//img/@src")[0].startswith("data:image/svg+xml;base64,")
    [table] = section.xpath('.//table[@data-query="compare-positions"]')
    columns = [th.text_content() for th in table.xpath(".//th")]
    printed = [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")]
    rows = kg.query(name="compare-positions", params={"first": "CHN", "second": "USA"}, out=out).values()
    assert printed == [[str(r[c]) if r[c] is not None else "" for c in columns] for r in rows]
    assert "--param first=CHN --param second=USA" in page
