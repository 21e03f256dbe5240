"""Incremental builds: unchanged sources are skipped, changed ones replace their graph, removed ones are dropped,
a gazetteer change re-extracts everything; and every such store holds what a build from scratch would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import seeds_and_pages

from kg.api import build
from kg.cli import main
from kg.errors import StoreError
from kg.gazetteer import ontology_dir, ontology_fingerprint
from kg.manifest import read_manifest
from kg.pipeline import remove
from kg.store import current_generation, open_embedded


def quads(out: Path) -> list[str]:
    return sorted(str(q) for q in open_embedded(out).store)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A folder of our own: the two seeds and six corpus pages."""
    return seeds_and_pages(tmp_path / "src", 6)


def test_an_unchanged_build_skips_everything_and_keeps_the_generation(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build([sources], out=out, exports=("nq",))
    assert (first.extracted, first.unchanged) == (8, 0)
    generation = current_generation(out)
    again = build([sources], out=out, exports=("nq",))
    assert (again.extracted, again.unchanged, again.briefings) == (0, 8, 8)
    assert (again.exchanges, again.triples) == (first.exchanges, first.triples)
    assert current_generation(out) == generation  # nothing to do: no new generation


def test_manifest_names_each_briefing_source_and_hash(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out=out, exports=())
    manifest = read_manifest(out)
    assert manifest is not None and manifest.fingerprint == ontology_fingerprint()
    assert len(manifest.briefings) == 8
    import hashlib

    for entry in manifest.briefings:
        assert hashlib.sha256(Path(entry.path).read_bytes()).hexdigest() == entry.sha256
        assert entry.count("exchanges") > 0


def test_adding_in_steps_gives_the_store_of_one_build(sources: Path, tmp_path: Path) -> None:
    files = sorted(p for p in sources.iterdir() if p.suffix in (".txt", ".html"))
    whole, steps = tmp_path / "whole", tmp_path / "steps"
    build(files, out=whole, exports=())
    build(files[:3], out=steps, exports=())
    added = build(files[3:], out=steps, exports=())
    assert (added.extracted, added.unchanged) == (5, 0)
    assert quads(steps) == quads(whole)


def test_a_changed_source_replaces_its_graph_only(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out=out, exports=())
    seed = sorted(sources.glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    cut = text.rindex("\n\n", 0, len(text) - 10)  # drop the last paragraph
    seed.write_text(text[:cut] + "\n", encoding="utf-8")
    changed = build([sources], out=out, exports=())
    assert (changed.extracted, changed.unchanged) == (1, 7)
    assert quads(out) == quads(_fresh(sources, tmp_path / "fresh"))


def test_remove_by_key_and_by_path_gives_the_store_without_them(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out=out, exports=("trig",))
    html = sorted(sources.glob("*.html"))
    report = remove([html[0].stem, str(html[1])], out=out, exports=("trig",))
    assert report.removed == (html[0].stem, html[1].stem)
    assert report.briefings == 6
    for path in html[:2]:
        path.unlink()
    assert quads(out) == quads(_fresh(sources, tmp_path / "fresh"))
    assert "briefing/" + html[0].stem not in (out / "graph.trig").read_text(encoding="utf-8")
    with pytest.raises(StoreError, match="E332"):
        remove(["no-such-briefing"], out=out, exports=())


def test_kg_remove_command(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out=out, exports=())
    seed = sorted(sources.glob("*.txt"))[0]
    result = CliRunner().invoke(main, ["remove", str(seed), "--store", str(out), "--no-export"])
    assert result.exit_code == 0, result.output
    manifest = read_manifest(out)
    assert manifest is not None and manifest.entry(seed.stem) is None and len(manifest.briefings) == 7


def test_a_gazetteer_change_re_extracts_everything(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), ontology)
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(ontology))
    out = tmp_path / "out"
    seeds = sorted(sources.glob("*.txt"))
    build([sources], out=out, exports=())
    outlets = (ontology / "outlets.ttl").read_text(encoding="utf-8")
    (ontology / "outlets.ttl").write_text(outlets + "\n# a comment changes the fingerprint too\n", encoding="utf-8")
    # Given only the seeds, the build still re-extracts every briefing the store holds, from its source.
    again = build(seeds, out=out, exports=())
    assert (again.extracted, again.unchanged) == (8, 0)
    manifest = read_manifest(out)
    assert manifest is not None and manifest.fingerprint == ontology_fingerprint(ontology)
    assert quads(out) == quads(_fresh(sources, tmp_path / "fresh"))


def test_a_pool_of_workers_gives_the_same_store(sources: Path, tmp_path: Path) -> None:
    serial = build([sources], out=tmp_path / "serial", exports=(), workers=1)
    pooled = build([sources], out=tmp_path / "pooled", exports=(), workers=2)
    assert (serial.workers, pooled.workers) == (1, 2)
    assert quads(tmp_path / "serial") == quads(tmp_path / "pooled")
    assert set(pooled.work) == {"entities", "topics", "positions", "rdf"}


def test_full_starts_from_an_empty_store(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out=out, exports=())
    seeds = sorted(sources.glob("*.txt"))
    only = build(seeds, out=out, exports=(), full=True)
    assert only.extracted == 2
    assert quads(out) == quads(_fresh(seeds, tmp_path / "fresh"))


def _fresh(paths: Path | list[Path], out: Path) -> Path:
    build(paths if isinstance(paths, list) else [paths], out=out, exports=())
    return out


def test_the_pool_extracts_what_extract_does(seeds_dir: Path) -> None:
    import pyoxigraph as ox

    from kg.extract import extract
    from kg.pipeline import extract_briefing
    from kg.rdf import entity_quads, to_rdf
    from kg.read import read_briefings

    for briefing in read_briefings([seeds_dir]).briefings:
        expected = extract(briefing)
        extracted = extract_briefing(briefing)
        assert set(ox.parse(extracted.graph, format=ox.RdfFormat.N_QUADS)) == set(to_rdf(expected))
        described = set(ox.parse(b"".join(extracted.entities), format=ox.RdfFormat.N_QUADS))
        assert described == set(entity_quads(expected))


def test_reported_triples_are_the_stores_after_add_replace_and_remove(
    tmp_path: Path, seeds_dir: Path, sample_dir: Path
) -> None:
    """The report counts the store's quads from the manifest (a full count would scan the whole store)."""
    out = tmp_path / "out"
    pages = sorted(sample_dir.glob("*.html"))[:2]
    reports = [build([seeds_dir], out=out, exports=(), overview=False)]
    assert reports[-1].triples == len(open_embedded(out).store) > 0
    reports.append(build([pages[0]], out=out, exports=(), overview=False))
    assert reports[-1].triples == len(open_embedded(out).store) > reports[0].triples
    seed = tmp_path / "seed.txt"
    seed.write_text(sorted(seeds_dir.glob("*.txt"))[0].read_text(encoding="utf-8")[:4000], encoding="utf-8")
    reports.append(build([pages[1], seed], out=out, exports=(), overview=False))
    assert reports[-1].triples == len(open_embedded(out).store)
    reports.append(remove([pages[0].stem], out=out, exports=(), overview=False))
    assert reports[-1].triples == len(open_embedded(out).store)
