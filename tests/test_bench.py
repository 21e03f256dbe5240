"""The benchmark runs (quick mode, on the seeds), so it cannot rot. Nothing about timing is asserted."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_quick_benchmark_reports_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench()
    results = bench.main(["--quick", "--json", str(tmp_path / "figures.json")])  # type: ignore[attr-defined]
    printed = capsys.readouterr().out
    for heading in ("Builds", "Per-stage share", "Named queries", "Add one briefing", "Targets vs measured"):
        assert heading in printed
    (seeds,) = results.builds
    assert (seeds.briefings, seeds.errors) == (2, 0)
    assert seeds.sentences > 0 and seeds.triples > 0 and seeds.peak_rss_mb > 0
    assert {"read", "extract", "store", "export"} <= set(seeds.stages)
    names = {q.name for q in results.queries}
    assert names == {p.stem for p in (ROOT / "kg" / "queries").glob("*.rq")}
    assert all(q.same_rows for q in results.queries), "rdflib and Oxigraph disagree on a named query"
    assert results.add_one["api extracted"] == 1
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert figures["builds"][0]["name"] == "seeds"


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
