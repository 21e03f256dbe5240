"""A build over damaged or unusual state: a store whose manifest is gone or damaged, a build run from another
folder after an ontology change; each gives the briefings the store held, or a coded one-line error."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.api import build
from kg.cli import main
from kg.errors import StoreError
from kg.gazetteer import ontology_dir
from kg.manifest import read_manifest
from kg.process import process_context
from kg.read import batch
from kg.read.document import read_document
from kg.store import current_generation, manifest_path
from kg.types import Briefing, Document


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
    assert [(e.code, e.path) for e in report.errors] == [("E212", str(folder / "002_odd_year.txt"))]
    assert printed in str(report.errors[0])
    assert report.briefings == 2  # not given a neighbour's year and marked inferred


# Damaged state and odd arguments: each a coded one-line error with a hint that works, never a traceback.


def _fails_with(args: list[str], code: str) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not an uncaught exception
    assert f"[{code}]" in result.output, result.output
    return result.output


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    """``kg`` in a process of its own, which has opened no store before (as a user runs it)."""
    code = "import sys; from kg.cli import main; main(sys.argv[1:])"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)


def _kg_fails_with(args: list[str], code: str) -> str:
    result = _kg(*args)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert f"[{code}]" in result.stderr + result.stdout, result.stderr
    return result.stderr + result.stdout


@pytest.fixture
def built(seeds_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build([seeds_dir], out=out, exports=())
    return out


@pytest.mark.parametrize("damaged", ["CURRENT", "MANIFEST-*", "*.sst"])
def test_a_damaged_store_file_is_a_coded_error_and_full_repairs_it(
    damaged: str, built: Path, seeds_dir: Path, sample_dir: Path
) -> None:
    generation = current_generation(built)
    assert generation is not None
    for path in generation.glob(damaged):
        path.write_bytes(b"damaged" * 100)
    store = ["--store", str(built), "--no-export"]
    assert "--full" in _kg_fails_with(["stats", "--store", str(built)], "E302")
    page = str(sorted(sample_dir.glob("*.html"))[0])
    assert "--full" in _kg_fails_with(["build", str(seeds_dir), page, *store], "E309")
    repaired = _kg("build", "--full", str(seeds_dir), page, *store)
    assert repaired.returncode == 0, repaired.stderr
    assert _kg("stats", "--store", str(built)).returncode == 0


def test_a_build_lock_that_is_a_directory(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".build.lock").mkdir(parents=True)
    _fails_with(["build", str(seeds_dir), "--store", str(out), "--no-export"], "E308")


def test_a_full_disk_during_the_load_keeps_the_store(
    built: Path, sample_dir: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generation = current_generation(built)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline, "load_extracted", disk_full)
    page = str(sorted(sample_dir.glob("*.html"))[0])
    _fails_with(["build", str(seeds_dir), page, "--store", str(built), "--no-export"], "E310")
    assert current_generation(built) == generation


def test_query_file_that_never_ends(built: Path) -> None:
    _fails_with(["query", "--file", "/dev/zero", "--store", str(built)], "E415")


@pytest.mark.parametrize("port", ["99999", "abc"])
def test_an_endpoint_url_with_a_bad_port(port: str) -> None:
    _fails_with(["query", "ASK {}", "--endpoint", f"http://127.0.0.1:{port}/query"], "E318")


def test_a_symbolic_link_loop_is_named_a_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    report = build([tmp_path / "a.txt"], out=tmp_path / "out", exports=())
    assert [e.code for e in report.errors] == ["E108"]


def test_utf16_without_a_byte_order_mark_is_read(seeds_dir: Path, tmp_path: Path) -> None:
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    wide = tmp_path / "wide.txt"
    wide.write_bytes(seed.read_text(encoding="utf-8").encode("utf-16-le"))
    report = build([wide], out=tmp_path / "out", exports=())
    assert report.ok and report.briefings == 1


# The readers' budget: a page whose parsing would cost minutes or gigabytes is refused before it is parsed.


def _page(body: str) -> str:
    head = "<html><head><title>Regular Press Conference on May 11, 2018</title></head>"
    return f"{head}<body><div class='content'><p>Q: Is it so?</p><p>A: It is.</p>{body}</div></body></html>"


@pytest.mark.parametrize(
    "body",
    [
        "<div>" * 100_000 + "</div>" * 100_000,  # took 4 min 16 s
        "<span>a</span>" * 1_000_000,  # 14 MB, over 500 MB to parse
    ],
    ids=["deep", "many-elements"],
)
def test_a_page_over_the_readers_budget_is_refused_at_once(body: str, tmp_path: Path) -> None:
    page = tmp_path / "costly.html"
    page.write_text(_page(body), encoding="utf-8")
    started = time.monotonic()
    report = build([page], out=tmp_path / "out", exports=())
    assert [e.code for e in report.errors] == ["E213"]
    assert time.monotonic() - started < 30


def test_a_page_within_the_budget_is_read(tmp_path: Path) -> None:
    page = tmp_path / "nested.html"
    page.write_text(_page("<div>" * 500 + "<p>Q: Deep?</p><p>A: Yes.</p>" + "</div>" * 500), encoding="utf-8")
    assert read_document(page).paragraphs[-2:] == ("Q: Deep?", "A: Yes.")


@pytest.mark.parametrize("pooled", [False, True])
def test_a_file_over_its_time_budget_is_refused_and_the_batch_goes_on(
    pooled: bool, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch.parse_briefing

    def slow_for_one(doc: Document, *, year: int | None = None) -> Briefing:
        if doc.source.name.startswith("000_"):
            time.sleep(30)
        return real(doc, year=year)

    monkeypatch.setattr(batch, "SECONDS_PER_FILE", 0.5)
    monkeypatch.setattr(batch, "parse_briefing", slow_for_one)
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        pool = stack.enter_context(process_context().Pool(2)) if pooled else None
        result = batch.read_briefings([seeds_dir], pool=pool)
    assert [e.code for e in result.errors] == ["E214"] and len(result.briefings) == 1
    assert time.monotonic() - started < 15
