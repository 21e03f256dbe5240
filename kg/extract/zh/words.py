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
import string
import sys
from functools import lru_cache
from math import log
from pathlib import Path
from typing import Any

import jieba

from kg.cache import cache_name, file_stamp, read_cached, write_cached

jieba.setLogLevel(logging.WARNING)  # jieba prints its dictionary loading at INFO on every process

_TOKENIZER = jieba.Tokenizer()  # the default dictionary, apart from jieba's shared tokenizer
_PARTS: dict[str, Any] = {}  # "index": first character -> (offset, length) in "blob"; empty: the table was loaded whole
_LOADED: set[str] = set()  # first characters whose part is in the tokenizer's table
_HAN, _SKIP = jieba.re_han_default, jieba.re_skip_default  # jieba's blocks, and the spaces between them
_ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)  # jieba's re_eng


@lru_cache(maxsize=8192)
def words(sentence: str) -> tuple[tuple[int, int], ...]:
    """The spans of jieba's dictionary words in ``sentence``. Without its HMM, which guesses words jieba does not
    know by gluing characters ("愿向尼方", "同尼方"), an abbreviation outside the dictionary stays a word of its own,
    so a side form after a verb or preposition is read ("中方愿向尼方提供援助" after "尼泊尔")."""
    _prepare(sentence)
    spans: list[tuple[int, int]] = []
    start = 0
    for block in _HAN.split(sentence):  # jieba.Tokenizer.cut: runs of Han, letters, digits and +#&._%-
        if not block:
            continue
        if _HAN.match(block):
            spans.extend((start + a, start + b) for a, b in _block_words(block))
        else:  # each whitespace (or CRLF) one word, each other character one
            for part in _SKIP.split(block):
                widths = [len(part)] if _SKIP.match(part) else [1] * len(part)
                for width in widths:
                    spans.append((start, start + width))
                    start += width
            continue
        start += len(block)
    return tuple(spans)


def _block_words(block: str) -> list[tuple[int, int]]:
    """jieba's segmentation of one block without its HMM (``Tokenizer.__cut_DAG_NO_HMM``: ``get_DAG``, ``calc``),
    as spans, in one backward pass that looks each string up once: the same words, the same floating-point sums
    and the same ties (the longer word) as jieba's, at about half its cost."""
    table, n = _TOKENIZER.FREQ, len(block)
    log_total = log(_TOKENIZER.total)
    best: list[tuple[float, int]] = [(0, 0)] * (n + 1)  # jieba's route: (log-probability to the end, word's last)
    for k in range(n - 1, -1, -1):
        chosen: tuple[float, int] | None = None
        i, fragment = k, block[k]
        while i < n and fragment in table:
            frequency = table[fragment]
            if frequency:
                option = (log(frequency) - log_total + best[i + 1][0], i)
                if chosen is None or option > chosen:
                    chosen = option
            i += 1
            fragment = block[k : i + 1]
        best[k] = chosen if chosen is not None else (log(1) - log_total + best[k + 1][0], k)
    out: list[tuple[int, int]] = []
    x, ascii_run = 0, -1  # jieba joins single letters and digits that follow each other into one word
    while x < n:
        y = best[x][1] + 1
        if y == x + 1 and block[x] in _ASCII_ALNUM:
            ascii_run = x if ascii_run < 0 else ascii_run
        else:
            if ascii_run >= 0:
                out.append((ascii_run, x))
                ascii_run = -1
            out.append((x, y))
        x = y
    if ascii_run >= 0:
        out.append((ascii_run, n))
    return out


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
