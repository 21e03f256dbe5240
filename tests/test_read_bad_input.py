"""Bad input: each file gets a one-line error with a stable code naming it; the rest of the batch is read."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from kg.errors import InputError, KGError, ParseError
from kg.read import read_briefing, read_briefings, read_document

SEED = "001_c898893308e39e3b.txt"


def seed_text(seeds_dir: Path) -> str:
    return (seeds_dir / SEED).read_text(encoding="utf-8")


def error_of(path: Path) -> KGError:
    with pytest.raises(KGError) as caught:
        read_briefing(path, year=2020)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    return caught.value


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n \t\n")
    for name in ("empty.txt", "blank.txt"):
        error = error_of(tmp_path / name)
        assert isinstance(error, InputError) and error.code == "E101"


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    error = error_of(tmp_path / "image.txt")
    assert isinstance(error, InputError) and error.code == "E102"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "cp1252"])
def test_legacy_encoded_seed_is_decoded(tmp_path: Path, seeds_dir: Path, encoding: str) -> None:
    text = seed_text(seeds_dir)
    if encoding == "big5":
        text = text.replace("\u00e9", "e")  # Big5 has no accented Latin letters
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    b = read_briefing(path)
    assert len(b.exchanges) == 12
    assert b.exchanges[-1].question.text == parse_text_question(text)


def parse_text_question(text: str) -> str:
    start = text.index("The Paper: ") + len("The Paper: ")
    end = text.index("Wang Wenbin:", start)
    return "\n".join(line.strip() for line in text[start:end].split("\n") if line.strip())


def test_latin1_page_text_is_decoded(tmp_path: Path, sample_dir: Path) -> None:
    text = (Path(__file__).parent / "data" / "text" / "t1558711.txt").read_text(encoding="utf-8")
    text = text.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x2013: "-", 0x2014: "-"})
    assert "Alfonso Mar\u00eda Dastis" in text  # a letter Latin-1 has, and no character it lacks
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    b = read_briefing(path)
    assert len(b.exchanges) == 10 and "Alfonso Mar\u00eda Dastis" in b.statements[2].turn.text


def test_undetectable_encoding_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("Q: \u4f60\u597d What is China\u2019s comment?\n\nA: \u6211\u4eec reports.".encode("gbk"))
    error = error_of(path)
    assert isinstance(error, InputError) and error.code == "E105" and "UTF-8" in str(error)


def test_truncated_html(tmp_path: Path, sample_dir: Path) -> None:
    data = (sample_dir / "t1558711.html").read_bytes()
    path = tmp_path / "cut.html"
    path.write_bytes(data[: len(data) // 2])
    error = error_of(path)
    assert isinstance(error, ParseError) and error.code == "E204"


def test_web_page_that_is_not_a_briefing(tmp_path: Path) -> None:
    path = tmp_path / "contact.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Contact us</title></head><body><div class='nav'>Home</div>"
        "<div class='content'><p>Address: No. 2, Chaoyangmen Nandajie, Beijing</p><p>Tel: 86-10-65961114</p>"
        "<p>We are open on weekdays.</p></div></body></html>",
        encoding="utf-8",
    )
    error = error_of(path)
    assert isinstance(error, ParseError) and error.code == "E203"


def test_briefing_with_no_questions_and_no_statements(tmp_path: Path) -> None:
    path = tmp_path / "hollow.html"
    path.write_text(
        "<html><head><title>Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on May 14, 2018"
        "</title></head><body><div class='content'><p>&nbsp;</p></div></body></html>",
        encoding="utf-8",
    )
    assert error_of(path).code == "E205"


def test_label_with_no_text(tmp_path: Path) -> None:
    path = tmp_path / "label.txt"
    path.write_text(
        "Foreign Ministry Spokesperson Wang Wenbin's regular press conference on May 11, 2021\n\n"
        "CCTV reporter: What is your comment?\n\nWang Wenbin: We noted it.\n\n"
        "Reuters reporter:\n\nWang Wenbin: Nothing to add.\n",
        encoding="utf-8",
    )
    error = error_of(path)
    assert isinstance(error, ParseError) and error.code == "E206" and "question 2" in str(error)


def test_date_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "feb30.txt"
    path.write_text("Regular Press Conference on February 30, 2019\n\nQ: Why?\n\nA: Because.\n", encoding="utf-8")
    assert error_of(path).code == "E207"


def test_no_date(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Regular Press Conference\n\nQ: Why?\n\nA: Because.\n", encoding="utf-8")
    assert error_of(path).code == "E201"


def test_200_mb_file_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written
    start = time.perf_counter()
    error = error_of(path)
    assert time.perf_counter() - start < 0.5
    assert isinstance(error, InputError) and error.code == "E103" and "209,715,200 bytes" in str(error)


def test_missing_path(tmp_path: Path) -> None:
    error = error_of(tmp_path / "gone.txt")
    assert isinstance(error, InputError) and error.code == "E100"


def test_directory_and_fifo_are_not_readable_files(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    assert error_of(tmp_path / "dir.txt").code == "E104"
    os.mkfifo(tmp_path / "pipe.txt")
    assert error_of(tmp_path / "pipe.txt").code == "E104"  # refused from stat(), without blocking on open


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path, seeds_dir: Path) -> None:
    path = tmp_path / "locked.txt"
    shutil.copy(seeds_dir / SEED, path)
    path.chmod(0)
    try:
        error = error_of(path)
        assert isinstance(error, InputError) and error.code == "E104"
    finally:
        path.chmod(0o644)


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path, seeds_dir: Path) -> None:
    shutil.copy(seeds_dir / SEED, tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = read_briefings([tmp_path, tmp_path / "missing.txt"])
    assert [b.source.name for b in result.briefings] == ["good.txt"]
    assert sorted(e.code for e in result.errors) == ["E100", "E101", "E102"]
    with pytest.raises(KGError):
        read_briefings([tmp_path], strict=True)


def test_errors_have_hints(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    error = read_briefings([tmp_path]).errors[0]
    assert error.hint and error.path and str(tmp_path) in error.path


def test_read_document_refuses_over_a_custom_limit(tmp_path: Path, seeds_dir: Path) -> None:
    shutil.copy(seeds_dir / SEED, tmp_path / "seed.txt")
    with pytest.raises(InputError) as caught:
        read_document(tmp_path / "seed.txt", max_bytes=1000)
    assert caught.value.code == "E103"


def test_permission_denied_while_opening(tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root can read any file, so the refusal is simulated where the reader opens it.
    shutil.copy(seeds_dir / SEED, tmp_path / "locked.txt")

    def denied(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    error = error_of(tmp_path / "locked.txt")
    assert isinstance(error, InputError) and error.code == "E104" and "Permission denied" in str(error)
