"""A build over damaged or unusual state: a store whose manifest is gone or damaged, a build run from another
folder after an ontology change; each gives the briefings the store held, or a coded one-line error."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.api import build
from kg.cli import main
from kg.errors import StoreError
from kg.gazetteer import ontology_dir
from kg.manifest import read_manifest
from kg.store import current_generation, manifest_path


@pytest.fixture
def sources(tmp_path: Path, seeds_dir: Path, sample_dir: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    for path in [*sorted(seeds_dir.glob("*.txt")), *sorted(sample_dir.glob("*.html"))[:2]]:
        shutil.copy(path, folder / path.name)
    return folder


def test_a_build_from_another_folder_after_an_ontology_change_keeps_every_briefing(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), ontology)
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(ontology))
    out = tmp_path / "out"
    monkeypatch.chdir(sources.parent)
    first = build([Path(sources.name)], out=out, exports=())  # relative paths, as a user types them
    assert first.briefings == 4
    cues = ontology / "outlets.ttl"
    cues.write_text(cues.read_text(encoding="utf-8") + "\n# changes the fingerprint\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = build([], out=out, exports=())
    assert (again.briefings, again.extracted) == (4, 4)
    assert not [w for w in again.warnings if "gone" in w]
    manifest = read_manifest(out)
    assert manifest is not None and all(Path(e.path).is_absolute() for e in manifest.briefings)


def test_a_missing_manifest_is_refused_not_an_empty_store(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out=out, exports=())
    generation = current_generation(out)
    assert generation is not None
    manifest_path(generation).unlink()
    seed = sorted(sources.glob("*.txt"))[0]
    with pytest.raises(StoreError) as caught:
        build([seed], out=out, exports=())
    assert caught.value.code == "E333" and "--full" in str(caught.value.hint)
    assert current_generation(out) == generation  # the store keeps its four briefings
    assert build([sources], out=out, exports=(), full=True).briefings == 4


def test_a_manifest_of_bytes_that_are_not_utf8_is_a_coded_error(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([sources], out=out, exports=())
    generation = current_generation(out)
    assert generation is not None
    manifest_path(generation).write_bytes(b'{"format": 1, "fingerprint": "\xff\xfe"}')
    result = CliRunner().invoke(main, ["build", str(sources), "--store", str(out), "--no-export"])
    assert result.exit_code != 0
    assert "E330" in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_file_name_that_is_not_utf8_is_read_like_any_other(seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    first, second = sorted(seeds_dir.glob("*.txt"))
    shutil.copy(first, folder / first.name)
    odd = os.fsdecode(os.fsencode(folder) + b"/caf\xe9 \xff.txt")  # Latin-1 bytes in the name
    shutil.copy(second, odd)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(out), "--no-export"])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    manifest = read_manifest(out)
    assert manifest is not None and len(manifest.briefings) == 2
    assert {Path(e.path) for e in manifest.briefings} == {folder / first.name, Path(odd)}  # read back as named


@pytest.mark.parametrize("printed", ["1899", "0", "99999"])
def test_a_year_outside_the_accepted_range_is_refused_not_replaced(
    printed: str, seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))
    for seed in seeds:
        shutil.copy(seed, folder / seed.name)
    text = seeds[0].read_text(encoding="utf-8").replace("December 9, 2021", f"December 10, {printed}", 1)
    (folder / "002_odd_year.txt").write_text(text, encoding="utf-8")
    report = build([folder], out=tmp_path / "out", exports=())
    assert [(e.code, e.path) for e in report.errors] == [("E209", str(folder / "002_odd_year.txt"))]
    assert printed in str(report.errors[0])
    assert report.briefings == 2  # not given a neighbour's year and marked inferred
