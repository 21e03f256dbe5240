"""Chinese word boundaries: jieba's segmentation, its dictionary read one first character at a time.

jieba segments with a table of 498,000 words and prefixes and their frequencies; loading it whole cost every process
that read a Chinese page about a second (``jieba.initialize``). A sentence's segmentation only ever looks up
strings of that sentence, each starting with one of its characters, so the table is kept in presskg's cache
(``kg.cache``) cut into one part per first character (11,772 of them), and a process loads the parts of the
characters its sentences hold before segmenting them: the same table for every string looked up, so the same words.
The file is named by jieba's version and dictionary file; where it cannot be read (the first process after an
install, a damaged file) the table is loaded whole as jieba does, and the file written for the next process.

>>> words("中日关系日益密切")
((0, 4), (4, 6), (6, 8))
"""

from __future__ import annotations

import logging
import marshal
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba

from kg.cache import cache_name, file_stamp, read_cached, write_cached

jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading at INFO on every process

_TOKENIZER = jieba.Tokenizer()  # the default dictionary, apart from jieba's shared tokenizer
_PARTS: dict[str, Any] = {}  # "index": first character -> (offset, length) in "blob"; empty: the table was loaded whole
_LOADED: set[str] = set()  # first characters whose part is in the tokenizer's table


@lru_cache(maxsize=8192)
def words(sentence: str) -> tuple[tuple[int, int], ...]:
    """The spans of jieba's dictionary words in ``sentence``. Without its HMM, which guesses words jieba does not
    know by gluing characters ("愿向尼方", "同尼方"), an abbreviation outside the dictionary stays a word of its own,
    so a side form after a verb or preposition is read ("中方愿向尼方提供援助" after "尼泊尔")."""
    _prepare(sentence)
    return tuple((start, end) for _, start, end in _TOKENIZER.tokenize(sentence, HMM=False))


def _prepare(sentence: str) -> None:
    """Make the tokenizer's table hold every string of the table that starts with a character of ``sentence``."""
    if not _TOKENIZER.initialized:
        _open_table()
    if not _PARTS:
        return  # loaded whole
    index, blob, table = _PARTS["index"], _PARTS["blob"], _TOKENIZER.FREQ
    for char in set(sentence) - _LOADED:
        _LOADED.add(char)
        if (where := index.get(char)) is not None:
            table.update(marshal.loads(blob[where[0] : where[0] + where[1]]))


def _open_table() -> None:
    """The table's parts from the cache, or the whole table (and the parts written for the next process)."""
    name = cache_name("jieba-table", _dictionary_stamp(), derived_by=(sys.modules[__name__],))
    stored = read_cached(name)
    if isinstance(stored, dict) and isinstance(stored.get("index"), dict) and isinstance(stored.get("blob"), bytes):
        _PARTS.update(stored)
        _TOKENIZER.FREQ, _TOKENIZER.total = {}, int(stored["total"])
        _TOKENIZER.initialized = True
        return
    _TOKENIZER.initialize()
    write_cached(name, _parts(_TOKENIZER.FREQ, _TOKENIZER.total))


def _parts(table: dict[str, int], total: int) -> dict[str, Any]:
    """The table cut by first character, each part a marshalled dict, with the offsets of each."""
    grouped: dict[str, dict[str, int]] = {}
    for word, frequency in table.items():
        grouped.setdefault(word[0], {})[word] = frequency
    index: dict[str, tuple[int, int]] = {}
    chunks: list[bytes] = []
    offset = 0
    for char, part in grouped.items():
        data = marshal.dumps(part)
        index[char] = (offset, len(data))
        chunks.append(data)
        offset += len(data)
    return {"total": total, "index": index, "blob": b"".join(chunks)}


def _dictionary_stamp() -> list[object]:
    """What names jieba's table: its version and its dictionary file's size and time."""
    return [jieba.__version__, *file_stamp(Path(str(jieba.__file__)).parent / "dict.txt")]
