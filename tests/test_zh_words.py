"""Chinese word boundaries from jieba's table read one first character at a time (``kg.extract.zh.words``): the same
words as jieba's whole table, whether the parts come from the cache file, the file is made by this process, or it
is damaged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jieba
import pytest

from kg.extract.zh import words as words_module
from kg.extract.zh.sentences import split_sentences
from kg.read import read_briefings

SAMPLE = Path(__file__).resolve().parent / "data" / "fmprc-zh"


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    briefings = read_briefings(sorted(SAMPLE.glob("*.html"))).briefings
    found = [turn.text[s:e] for b in briefings for turn in b.turns() for s, e in split_sentences(turn.text)]
    assert len(found) > 200, "tests/data/fmprc-zh holds too few sentences"
    return found


@pytest.fixture(scope="module")
def reference(sentences: list[str]) -> list[tuple[tuple[int, int], ...]]:
    whole = jieba.Tokenizer()  # jieba's own: the whole table, its dictionary words (no HMM, as the extractor)
    return [tuple((s, e) for _, s, e in whole.tokenize(sentence, HMM=False)) for sentence in sentences]


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A new tokenizer with no table, and an empty cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRESSKG_CACHE", str(folder))

    def reset() -> None:
        monkeypatch.setattr(words_module, "_TOKENIZER", jieba.Tokenizer())
        words_module._PARTS.clear()
        words_module._LOADED.clear()
        words_module.words.cache_clear()

    reset()
    yield folder
    words_module._PARTS.clear()
    words_module._LOADED.clear()
    words_module.words.cache_clear()


def _segmented(sentences: list[str]) -> list[tuple[tuple[int, int], ...]]:
    return [words_module.words(sentence) for sentence in sentences]


def test_parts_read_from_the_file_give_the_words_of_the_whole_table(
    fresh: Path, sentences: list[str], reference: list[tuple[tuple[int, int], ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _segmented(sentences) == reference  # no file: the whole table, and the file written
    assert not words_module._PARTS and len(list(fresh.glob("jieba-table-*.bin"))) == 1
    monkeypatch.setattr(words_module, "_TOKENIZER", jieba.Tokenizer())
    words_module.words.cache_clear()

    def whole(*args: object) -> None:
        raise AssertionError("the whole table was loaded, not the parts from the file")

    monkeypatch.setattr(words_module._TOKENIZER, "initialize", whole)
    assert _segmented(sentences) == reference
    assert words_module._PARTS and len(words_module._LOADED) < len(words_module._PARTS["index"])  # the parts needed


def test_a_damaged_file_loads_the_whole_table(
    fresh: Path, sentences: list[str], reference: list[tuple[tuple[int, int], ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _segmented(sentences[:1])
    (path,) = fresh.glob("jieba-table-*.bin")
    data = path.read_bytes()
    path.write_bytes(data[:1000])
    monkeypatch.setattr(words_module, "_TOKENIZER", jieba.Tokenizer())
    words_module.words.cache_clear()
    assert _segmented(sentences) == reference
    assert not words_module._PARTS  # whole
    assert path.stat().st_size == len(data)  # written again


@pytest.mark.parametrize(
    "text",
    [
        "G20峰会在COVID-19疫情期间举行",  # letters and digits that jieba joins into one word, and words it knows
        "a b\r\nc\t中美 关系\n\n日本",  # whitespace and CRLF: one word each
        "100%的 A.B_C-D#E&F+G。",  # the symbols jieba keeps inside its blocks
        "１２３ＡＢ中国“ok”（完）",  # full-width digits and letters, quotes, brackets
        "",
        " ",
        "x",
        "中",
        "的的的的的的的的",  # a run of one character: ties between readings
    ],
)
def test_the_words_are_jiebas_without_its_hmm(text: str) -> None:
    """The backward pass over each block (``_block_words``) gives jieba's own words, whatever the text holds."""
    whole = jieba.Tokenizer()
    assert words_module.words(text) == tuple((s, e) for _, s, e in whole.tokenize(text, HMM=False))
