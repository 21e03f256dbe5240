"""Bad input end to end: one folder mixing good pages with every kind of bad file, built by ``kg build``
(CLI and Python API). Each bad file gets one line naming it and the problem, the rest is built, the summary
lists every skipped file, the exit status says so; ``--strict`` stops at the first one and changes nothing."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
from kg.cli import main
from kg.errors import KGError
from kg.pipeline import BuildReport
from kg.store import current_generation, open_embedded

DATA = Path(__file__).resolve().parent / "data"
GOOD_PAGES = ("t1560672.html", "t1563568.html", "t1567808.html")  # the last prints "June11, 2018"
TYPOGRAPHIC_TO_ASCII = str.maketrans({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-"})
SEED_TITLE = "Foreign Ministry Spokesperson Wang Wenbin's regular press conference on May 11, 2021"


@dataclass(frozen=True)
class Mixed:
    folder: Path
    good: frozenset[str]  # briefing keys expected in the graph
    bad: dict[str, str]  # file name -> expected error code
    missing: Path  # a path given on the command line that does not exist


def make_mixed_folder(root: Path, seeds_dir: Path, sample_dir: Path) -> Mixed:
    folder = root / "in"
    folder.mkdir(parents=True)
    for name in GOOD_PAGES:
        shutil.copy(sample_dir / name, folder / name)
    # Two copies of one briefing, as a browser names a second download.
    shutil.copy(sample_dir / GOOD_PAGES[0], folder / "t1560672 (1).html")

    # Legacy encodings that can be told apart: decoded and built.
    seed0 = (seeds_dir / "000_921da15b2d4a4fd7.txt").read_text(encoding="utf-8")
    seed1 = (seeds_dir / "001_c898893308e39e3b.txt").read_text(encoding="utf-8")
    (folder / "seed0-gbk.txt").write_bytes(seed0.encode("gbk"))
    (folder / "seed1-gb18030.txt").write_bytes(seed1.encode("gb18030"))
    page_text = (DATA / "text" / "t1595274.txt").read_text(encoding="utf-8").replace("'", "\u2019")
    (folder / "t1595274-big5.txt").write_bytes(page_text.encode("big5"))
    latin = (DATA / "text" / "t1558711.txt").read_text(encoding="utf-8").translate(TYPOGRAPHIC_TO_ASCII)
    assert "Mar\u00eda" in latin
    (folder / "t1558711-latin1.txt").write_bytes(latin.encode("latin-1"))
    # A briefing of announcements only is a briefing (with a warning); one with nothing at all is not.
    (folder / "announcements.txt").write_text(
        f"{SEED_TITLE}\n\nAt the invitation of Foreign Minister Wang Yi, the Foreign Minister of Peru will visit.\n",
        encoding="utf-8",
    )
    # A page whose own address is malformed: the page is read, the address dropped.
    body = "".join(f"<p>{p}</p>" for p in seed1.split("\n\n")[1:])
    (folder / "bad-canonical.html").write_text(
        "<!DOCTYPE html><html><head><title>Foreign Ministry Spokesperson Wang Wenbin's Regular Press Conference "
        'on September 15, 2020</title><link rel="canonical" href="https://example.com/a b>&quot;"></head>'
        f"<body><div class='content'>{body}</div></body></html>",
        encoding="utf-8",
    )

    bad: dict[str, str] = {}

    def put(name: str, data: bytes, code: str) -> None:
        (folder / name).write_bytes(data)
        bad[name] = code

    put("empty.txt", b"", "E101")
    put("blank.html", b"\n \n\t\n", "E101")
    put("[bold]odd\x1b[31m name\n.txt", b"", "E101")  # a name that is markup, a terminal escape and a newline
    put("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "E102")
    put(
        "undetectable.txt",
        "Q: \u4f60\u597d What is China\u2019s comment?\n\nA: \u6211\u4eec reports.".encode("gbk"),
        "E105",
    )
    page = (sample_dir / "t1593246.html").read_bytes()
    put("truncated.html", page[: len(page) // 2], "E204")
    put(
        "contact.html",
        b"<!DOCTYPE html><html><head><title>Contact us</title></head><body><div class='content'>"
        b"<p>Address: No. 2, Chaoyangmen Nandajie</p><p>Tel: 86-10-65961114</p></div></body></html>",
        "E203",
    )
    put("hollow.html", f"<html><head><title>{SEED_TITLE}</title></head><body></body></html>".encode(), "E205")
    put(
        "label.txt",
        f"{SEED_TITLE}\n\nCCTV reporter: What is your comment?\n\nWang Wenbin: We noted it.\n\n"
        "Reuters reporter:\n\nWang Wenbin: Nothing to add.\n".encode(),
        "E206",
    )
    put("undated.txt", b"Regular Press Conference\n\nQ: Why?\n\nA: Because.\n", "E201")
    put("feb30.txt", b"Regular Press Conference on February 30, 2019\n\nQ: Why?\n\nA: Because.\n", "E207")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB that take no disk
    bad["huge.txt"] = "E103"
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    bad["dangling.txt"] = "E107"
    os.mkfifo(folder / "pipe.html")
    bad["pipe.html"] = "E104"
    if os.geteuid() != 0:  # root reads files whatever their mode
        shutil.copy(seeds_dir / "000_921da15b2d4a4fd7.txt", folder / "locked.txt")
        (folder / "locked.txt").chmod(0)
        bad["locked.txt"] = "E104"

    good = frozenset(
        {"t1560672", "t1563568", "t1567808", "seed0-gbk", "seed1-gb18030", "t1595274-big5", "t1558711-latin1"}
        | {"announcements", "bad-canonical"}
    )
    return Mixed(folder, good, bad, root / "no-such-file.html")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, sample_dir: Path) -> Mixed:
    return make_mixed_folder(tmp_path_factory.mktemp("mixed"), seeds_dir, sample_dir)


@pytest.fixture(scope="module")
def built(mixed: Mixed, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("mixed-out")
    return out, kg.build([mixed.folder, mixed.missing], out=out, exports=("nq",))


def briefing_keys(out: Path) -> set[str]:
    rows = kg.query("SELECT ?b WHERE { ?b a pk:Briefing }", out=out).values()
    return {str(r["b"]).rsplit("/", 1)[-1] for r in rows}


def store_quads(out: Path) -> set[str]:
    return {str(q) for q in open_embedded(out).store}


def test_the_api_builds_the_good_files_and_reports_every_bad_one(mixed: Mixed, built: tuple[Path, BuildReport]) -> None:
    out, report = built
    assert not report.ok
    assert report.briefings == len(mixed.good)
    by_file = {Path(e.path or "").name: e.code for e in report.errors}
    assert by_file == {**mixed.bad, mixed.missing.name: "E100"}
    assert all(e.hint for e in report.errors)
    assert briefing_keys(out) == set(mixed.good)


def test_two_copies_of_one_briefing_are_one_briefing_and_a_warning(built: tuple[Path, BuildReport]) -> None:
    out, report = built
    copies = [w for w in report.warnings if "t1560672 (1).html" in w]
    assert len(copies) == 1 and "t1560672.html" in copies[0] and "same bytes" in copies[0]
    dates = kg.query("SELECT ?b WHERE { ?b dcterms:date '2018-05-18'^^xsd:date }", out=out).rows
    assert len(dates) == 1


def test_legacy_encodings_are_decoded_into_the_graph(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    text = kg.query(
        "SELECT ?t WHERE { ?s pk:inBriefing <https://w3id.org/presskg/id/briefing/t1558711-latin1> ; "
        "pk:text ?t FILTER(CONTAINS(?t, 'Dastis')) }",
        out=out,
    ).values()
    assert text and "Alfonso Mar\u00eda Dastis" in str(text[0]["t"])
    quotes = kg.query(
        "ASK { ?e pk:inBriefing <https://w3id.org/presskg/id/briefing/t1595274-big5> ; "
        "(pk:question|pk:answer)? ?turn . ?turn pk:text ?t FILTER(CONTAINS(?t, 'China\u2019s')) }",
        out=out,
    )
    assert quotes.boolean is True
    # Its title prints no year: the year comes from the briefings beside it.
    dated = kg.query(
        "SELECT ?d ?inferred WHERE { <https://w3id.org/presskg/id/briefing/t1595274-big5> dcterms:date ?d ; "
        "pk:dateInferred ?inferred }",
        out=out,
    ).values()
    assert dated == [{"d": "2018-09-14", "inferred": True}]


def test_announcements_only_is_kept_with_a_warning(built: tuple[Path, BuildReport]) -> None:
    _, report = built
    assert any("announcements.txt" in w and "no questions" in w for w in report.warnings)


def test_a_malformed_page_address_is_dropped_not_fatal(built: tuple[Path, BuildReport]) -> None:
    out, _ = built
    rows = kg.query(
        "SELECT ?where WHERE { <https://w3id.org/presskg/id/source/bad-canonical> dcterms:source ?where }", out=out
    ).values()
    assert [r["where"] for r in rows] == ["bad-canonical.html"]


def test_cli_prints_one_line_per_skipped_file_and_exits_1(mixed: Mixed, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(mixed.folder), str(mixed.missing), "--store", str(out)])
    assert result.exit_code == 1, result.output
    skipped = [line for line in result.stdout.splitlines() if line.startswith("refused: ")]
    assert len(skipped) == len(mixed.bad) + 1
    for name, code in {**mixed.bad, mixed.missing.name: "E100"}.items():
        shown = name.encode("unicode_escape").decode("ascii")  # control characters are shown escaped
        lines = [line for line in skipped if f"{shown}: " in line]
        assert len(lines) == 1, (name, skipped)
        assert re.search(rf"\[{code}\] \(.+\)$", lines[0]), lines[0]
    assert all(line.isprintable() for line in result.stdout.splitlines())
    row = next(line for line in result.stdout.splitlines() if "files refused" in line)
    assert str(len(mixed.bad) + 1) in row
    assert briefing_keys(out) == set(mixed.good)
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning: ")]
    assert any("t1560672 (1).html" in line for line in warnings)


def test_cli_keep_going_is_the_default(mixed: Mixed, tmp_path: Path) -> None:
    runner = CliRunner()
    plain = runner.invoke(main, ["build", str(mixed.folder), "--store", str(tmp_path / "a")])
    explicit = runner.invoke(main, ["build", str(mixed.folder), "--keep-going", "--store", str(tmp_path / "b")])
    assert plain.exit_code == explicit.exit_code == 1
    assert briefing_keys(tmp_path / "a") == briefing_keys(tmp_path / "b") == set(mixed.good)


def test_strict_stops_at_the_first_bad_file_and_changes_nothing(mixed: Mixed, tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    kg.build([seeds_dir], out=out, exports=("nq", "turtle"))
    generation = current_generation(out)
    before = store_quads(out)
    exports = {p.name: p.read_bytes() for p in out.glob("graph.*")}

    result = CliRunner().invoke(main, ["build", str(mixed.folder), "--strict", "--store", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(mixed.folder) in lines[0]
    assert re.search(r"\[E\d{3}\] \(.+\)$", lines[0])
    assert "kg build" not in result.stdout  # no summary: nothing was built

    with pytest.raises(KGError):
        kg.build([mixed.folder], out=out, strict=True)

    assert current_generation(out) == generation
    assert store_quads(out) == before
    assert {p.name: p.read_bytes() for p in out.glob("graph.*")} == exports
    assert briefing_keys(out) == {"000_921da15b2d4a4fd7", "001_c898893308e39e3b"}


def test_strict_on_good_files_builds(tmp_path: Path, sample_dir: Path) -> None:
    folder = tmp_path / "good"
    folder.mkdir()
    for name in GOOD_PAGES:
        shutil.copy(sample_dir / name, folder / name)
    result = CliRunner().invoke(main, ["build", str(folder), "--strict", "--store", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert briefing_keys(tmp_path / "out") == {"t1560672", "t1563568", "t1567808"}


def test_the_size_limit_can_be_raised_and_lowered(tmp_path: Path, seeds_dir: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(seeds_dir), "--max-mb", "0.01", "--store", str(out)])
    assert result.exit_code == 1
    assert result.stdout.count("[E103]") == 2 and "--max-mb" in result.stdout
    report = kg.build([seeds_dir], out=out, max_bytes=10 * 2**20, exports=())
    assert report.ok and report.briefings == 2


def test_nothing_readable_exits_1_and_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--store", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "refused: " in result.stdout and "empty.txt" in result.stdout


def test_the_real_command_in_a_narrow_terminal(mixed: Mixed, tmp_path: Path) -> None:
    # Outside CliRunner: the installed entry point's own streams, with a narrow terminal width that would make
    # a pretty-printer wrap long lines.
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "COLUMNS": "40", "PYTHONPATH": str(root)}
    command = [sys.executable, "-c", "from kg.cli import main; main()", "build", str(mixed.folder)]
    done = subprocess.run(
        [*command, "--store", str(tmp_path / "out")], env=env, cwd=root, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1, done.stderr
    skipped = [line for line in done.stdout.splitlines() if line.startswith("refused: ")]
    assert len(skipped) == len(mixed.bad)
    assert all(re.search(r"\[E\d{3}\] \(.+\)$", line) for line in skipped), skipped
    assert briefing_keys(tmp_path / "out") == set(mixed.good)
