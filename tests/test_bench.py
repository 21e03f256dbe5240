"""The benchmark runs (quick mode, on the seeds), so it cannot rot. Nothing about timing is asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import load_script

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> object:
    return load_script("bench/run.py", "bench_run")


def test_quick_benchmark_reports_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench()
    results = bench.main(["--quick", "--peer-runs", "1", "--json", str(tmp_path / "figures.json")])  # type: ignore[attr-defined]
    printed = capsys.readouterr().out
    for heading in ("Builds", "Per-stage share", "Naive peer", "Named queries", "Add one briefing", "Targets vs"):
        assert heading in printed
    seeds, corpus, everything = results.builds
    assert (seeds.name, seeds.briefings, seeds.errors) == ("seeds", 2, 0)
    assert seeds.sentences > 0 and seeds.triples > 0 and seeds.peak_rss_mb > 0 and seeds.cpu > 0
    assert {"read", "extract", "store", "export"} <= set(seeds.stages)
    # The sample's English pages, then every sample corpus together (English, Chinese, White House); the report
    # says how many files each refused, with their codes.
    assert corpus.name == "corpus" and corpus.briefings > 50 and not corpus.errors
    assert everything.name == "all corpora" and set(everything.inputs) == {"fmprc-en", "fmprc-zh", "whitehouse-en"}
    assert everything.briefings >= corpus.briefings
    assert sum(everything.refused.values()) == everything.errors == sum(everything.refused_codes.values())
    assert f"{everything.refused.get('fmprc-zh', 0)} refused" in printed
    assert results.peer["briefings"] > 50 and results.peer["triples"] > 0 and results.peer["wall"] > 0
    assert "x the peer's" in printed
    names = {q.name for q in results.queries}
    assert names == {p.stem for p in (ROOT / "kg" / "queries").glob("*.rq")}
    assert all(q.same_rows for q in results.queries), "rdflib and Oxigraph disagree on a named query"
    assert results.add_one["api extracted"] == 1  # every one of the adds extracted its briefing
    add = results.add_one
    assert 0 < add["api, fastest (s)"] <= add["api (s)"] <= add["api, slowest (s)"] and add["cli, new process (s)"] > 0
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert [b["name"] for b in figures["builds"]] == ["seeds", "corpus", "all corpora"]
    from report import measured_against_targets  # bench/ is on the path once run.py is loaded

    targets = measured_against_targets(results)
    assert {"corpus build / peer wall (x)", "all corpora, with exports (s)", "add one briefing (s)"} <= set(targets)


def test_corpus_is_found_without_the_tests(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """$PRESSKG_CORPUS names the English corpus; the other corpora are its siblings."""
    bench = _bench()
    (tmp_path / "fmprc-en").mkdir()
    (tmp_path / "whitehouse-en").mkdir()
    monkeypatch.setenv("PRESSKG_CORPUS", str(tmp_path / "fmprc-en"))
    assert bench.find_corpus() == tmp_path / "fmprc-en"  # type: ignore[attr-defined]
    assert bench.find_corpus("whitehouse-en") == tmp_path / "whitehouse-en"  # type: ignore[attr-defined]
    assert bench.find_corpus("fmprc-zh") is None  # type: ignore[attr-defined]


def test_the_benchmark_needs_no_test_dependencies(tmp_path: Path) -> None:
    """With pytest and tests/conftest.py unimportable, bench/run.py loads and finds the corpus."""
    (tmp_path / "fmprc-en").mkdir()
    script = (
        "import runpy, sys\n"
        "sys.modules['pytest'] = sys.modules['conftest'] = sys.modules['hypothesis'] = None\n"
        f"bench = runpy.run_path({str(ROOT / 'bench' / 'run.py')!r})\n"
        "print(bench['find_corpus']())\n"
    )
    env = {**os.environ, "PRESSKG_CORPUS": str(tmp_path / "fmprc-en")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "fmprc-en")


def test_the_naive_peer_writes_the_vocabulary(sample_dir: Path, tmp_path: Path) -> None:
    """The peer reads the sample's pages and writes N-Triples that parse, in presskg's vocabulary and IRIs."""
    import pyoxigraph as ox

    from kg.read import read_briefings

    sys.path.insert(0, str(ROOT / "bench"))
    from peer import run_peer

    figures = run_peer([sample_dir], tmp_path / "peer.nt")
    with (tmp_path / "peer.nt").open("rb") as f:
        triples = list(ox.parse(f, ox.RdfFormat.N_TRIPLES))
    assert len(triples) == figures.triples > 0
    pk = "https://w3id.org/presskg/ontology#"
    types = Counter(t.object.value for t in triples if t.predicate.value.endswith("#type"))
    briefings = read_briefings([sample_dir]).briefings
    assert types[pk + "Briefing"] == figures.briefings
    assert abs(figures.briefings - len(briefings)) <= len(briefings) // 10
    exchanges = sum(len(b.exchanges) for b in briefings)
    assert abs(types[pk + "Exchange"] - exchanges) <= exchanges // 5, (types[pk + "Exchange"], exchanges)
    assert types[pk + "Position"] > 0 and types[pk + "Outlet"] > 0 and types[pk + "Country"] > 0
    predicates = {t.predicate.value.removeprefix(pk) for t in triples}
    assert {"askedBy", "mentions", "topic", "act", "target", "evidence", "inBriefing"} <= predicates
    assert any(str(t.subject.value).startswith("https://w3id.org/presskg/id/briefing/t1558711") for t in triples)


def test_replayed_corpus_has_new_keys_dates_and_hashes(sample_dir: Path, tmp_path: Path) -> None:
    from kg.read import read_briefings

    bench = _bench()
    size = len(list(sample_dir.glob("*.html"))) + 5  # the sample once, and five pages of a second replay
    pages = bench.replay_corpus(sample_dir, tmp_path / "replay", size)  # type: ignore[attr-defined]
    assert len(pages) == size and len({p.name for p in pages}) == size
    assert {p.name.split("-")[0] for p in pages} == {"r01", "r02"}
    originals = {b.key: b for b in read_briefings([sample_dir]).briefings}
    replayed = read_briefings(pages)
    # As many briefings as the pages hold (two sample pages are one briefing, in every replay too).
    first = [b for b in replayed.briefings if b.key.startswith("r01-")]
    assert not replayed.errors and len(first) == len(originals)
    for b in replayed.briefings:
        replay, _, key = b.key.partition("-")
        original = originals[key]
        assert b.source.sha256 != original.source.sha256
        assert b.date is not None and original.date is not None
        assert original.date.year - b.date.year == int(replay[1:])
        assert len(b.exchanges) == len(original.exchanges)


def test_a_slow_rdflib_query_is_stopped_and_reported_as_a_lower_bound() -> None:
    bench = _bench()
    with pytest.raises(bench._TimeUp), bench._time_limit(0.05):  # type: ignore[attr-defined]
        while True:
            pass
    figures = bench.QueryFigures("q", 3, 2.0, 3.0, 1, rdflib_median_ms=60000.0, rdflib_capped=True)  # type: ignore[attr-defined]
    assert figures.ratio == 30000.0


def test_exports_are_timed_as_a_build_writes_them(tmp_path: Path, seeds_dir: Path) -> None:
    from kg.api import build

    bench = _bench()
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=(), overview=False)
    seconds = bench.time_exports(out)  # type: ignore[attr-defined]
    assert set(seconds) == {"turtle + trig + jsonld + overview", "nq"}
    for name in ("graph.ttl", "graph.trig", "graph.jsonld", "graph.html", "graph.nq"):
        assert (out / name).stat().st_size > 0, name


def test_a_py_spy_profile_is_summarised_per_process_and_stage(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from pyspy_summary import read_profile, summary

    main = 'process 10:"kg build"'
    worker = 'process 11:"kg build"'
    raw = tmp_path / "profile.txt"
    raw.write_text(
        f"{main};build (kg/cli.py:118);load_extracted (kg/pipeline.py:410) 30\n"
        f"{main};build (kg/cli.py:118);write_rdf (kg/export/rdf.py:300);graph_runs (kg/export/rdf.py:106) 50\n"
        f"{main};{worker};extract_briefing (kg/pipeline.py:131);_matches (kg/extract/positions.py:80) 15\n"
        f"{main};{worker};extract_briefing (kg/pipeline.py:138) 5\n",
        encoding="utf-8",
    )
    profile = read_profile(raw)
    assert profile.roles == {"10": "main", "11": "worker"}
    assert profile.stages["10"] == {"store: load, compact, commit": 30, "export: RDF files": 50}
    assert profile.stages["11"] == {"extract: positions": 15, "rdf: serialise (ox.serialize)": 5}
    text = summary(profile, rate=10.0)
    assert "main (1 process): 8.0 s CPU, 80% of all samples" in text
    assert "graph_runs (kg/export/rdf.py)" in text and "worker (1 process): 2.0 s CPU" in text


def test_replay_only_writes_the_generated_pages(sample_dir: Path, tmp_path: Path) -> None:
    bench = _bench()
    bench.main(["--replay", "3", "--workdir", str(tmp_path / "gen"), "--corpus", str(sample_dir)])  # type: ignore[attr-defined]
    assert sorted(p.name for p in (tmp_path / "gen").iterdir()) == [
        f"r01-{p.name}" for p in sorted(sample_dir.glob("*.html"))[:3]
    ]


def test_a_build_that_refuses_many_files_is_measured_to_the_end(tmp_path: Path) -> None:
    """The figures of 1,500 refusals (each listed) are more than a pipe holds: the build must not block on them."""
    bench = _bench()
    bad = tmp_path / "bad"
    bad.mkdir()
    for i in range(1500):
        (bad / f"b{i:04d}.txt").write_text("", encoding="utf-8")
    with bench._time_limit(240):  # type: ignore[attr-defined]
        figures = bench.run_build("bad", [bad], tmp_path / "out", workers=1)  # type: ignore[attr-defined]
    assert (figures.briefings, figures.errors, figures.refused) == (0, 1500, {"bad": 1500})
    assert sum(figures.refused_codes.values()) == 1500
