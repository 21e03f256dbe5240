"""Reading a whole run: every file, past bad ones; years inferred from neighbours; duplicates kept once.

>>> result = read_briefings(["seeds/"])
>>> [len(b.exchanges) for b in result.briefings], result.errors
([16, 12], ())
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import multiprocessing.pool
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kg.errors import KGError
from kg.process import OverMemory, OverTime, run_each_bounded
from kg.read.codes import parse_error
from kg.read.dates import find_date, to_date
from kg.read.decode import MAX_BYTES
from kg.read.document import read_document
from kg.read.readers import parse_briefing
from kg.read.sources import iter_sources
from kg.types import Briefing

T = TypeVar("T")

#: Share of word triples two same-day briefings must have in common to be one briefing twice
#: (two translations of one briefing share about two thirds; different briefings under a tenth).
DUPLICATE_SIMILARITY = 0.3
#: The same for Chinese, by character triples: two copies of a page share nearly all of them, but a
#: spokesperson's statement that the same day's press conference repeats shares about a third with it.
DUPLICATE_SIMILARITY_BY_LANGUAGE = {"zh": 0.6}
#: How far (in days) a yearless date may lie from its only dated neighbour.
MAX_NEIGHBOUR_DAYS = 183
#: Wall seconds one file's reading may take (a corpus page takes about 50 ms).
SECONDS_PER_FILE = 60.0
#: Memory one file's reading may take (address space above the reading process's own, a hard limit): a base
#: for the interpreter's own needs (a corpus page adds under 20 MB), and a multiple of the file's size (a
#: generated 190 MB page of 90,000 paragraphs took 1.6 GB to read, 8.5 times its size), up to a ceiling.
MEMORY_BASE = 256 * 2**20
MEMORY_PER_BYTE = 12
MEMORY_CEILING = 3 * 2**30
#: Files read by one child process in turn (a new child takes over after one out of bounds): forking a child
#: for each file would cost more than reading a corpus page. A child costs about 15 ms of CPU besides its reading
#: (its fork's copied pages, its exit), a corpus page about 1.5 ms: at 16 files a child, the children's CPU was
#: 1.5-2 times their reading's; a child's memory stays flat over the whole corpus (bench/PROFILE.md, session 15).
FILES_PER_CHILD = 64


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a run read: the briefings, the files it could not read, and what it noticed on the way."""

    briefings: tuple[Briefing, ...]
    errors: tuple[KGError, ...]
    warnings: tuple[str, ...]


def read_briefing(path: str | Path, *, year: int | None = None) -> Briefing:
    """One file's briefing; a ``ParseError`` (E202) where its date has no year and ``year`` is None.

    >>> read_briefing("seeds/001_c898893308e39e3b.txt").date
    datetime.date(2020, 9, 14)
    """
    briefing = parse_briefing(read_document(path), year=year)
    if briefing.date is None:
        mention = find_date(briefing.title)
        raise parse_error("E202", str(path), detail=repr(mention.text) if mention else "")
    return briefing


def read_briefings(
    paths: Iterable[str | Path],
    *,
    year: int | None = None,
    strict: bool = False,
    max_bytes: int = MAX_BYTES,
    pool: multiprocessing.pool.Pool | None = None,
) -> ReadResult:
    """Read every file under ``paths``; a bad file is an entry in ``errors`` (or raised, with ``strict``).
    A file larger than ``max_bytes`` is refused (E103) from its size alone.

    A printed date without a year takes ``year`` where given, else the year that puts it between its nearest
    dated neighbours in source order (``date_inferred=True``). Two copies of one briefing (same bytes, or the
    same date, spokesperson and text) are kept once, with a warning naming both files. Each file is read in a
    child process within a time and memory budget (``_parse_files``; over it, E214 or E230); with a process
    ``pool``, the children are its workers' (the result is the same).
    """
    errors: list[KGError] = []
    files: dict[str, Path] = {}
    for given in paths:
        try:
            for file in iter_sources([given]):
                files.setdefault(os.path.realpath(file), file)
        except KGError as exc:
            if strict:
                raise
            errors.append(exc)
    parsed: list[Briefing] = []
    jobs = [(file, year, max_bytes) for file in sorted(files.values(), key=str)]
    chunks = child_chunks(jobs, os.cpu_count() or 1)
    for outcome in itertools.chain.from_iterable(
        pool.imap(_parse_files, chunks) if pool is not None else map(_parse_files, chunks)
    ):
        if isinstance(outcome, KGError):
            if strict:
                raise outcome
            errors.append(outcome)
        else:
            parsed.append(outcome)
    dated: list[Briefing] = []
    for index, briefing in enumerate(parsed):
        if briefing.date is not None:
            dated.append(briefing)
            continue
        try:
            dated.append(_with_inferred_year(briefing, parsed, index))
        except KGError as exc:
            if strict:
                raise
            errors.append(exc)
    kept, warnings = _without_duplicates(dated)
    return ReadResult(tuple(_unique_keys(kept)), tuple(errors), tuple(warnings))


def child_chunks(jobs: list[T], cores: int) -> list[list[T]]:
    """``jobs`` in the runs that one reading child takes each: small enough that every worker of a pool (one a core)
    gets at least four, at most ``FILES_PER_CHILD``.

    >>> [len(c) for c in child_chunks(list(range(379)), 2)][:2], len(child_chunks(list(range(3300)), 2))
    ([47, 47], 52)
    """
    per_child = max(1, min(FILES_PER_CHILD, len(jobs) // (4 * cores)))
    return [jobs[i : i + per_child] for i in range(0, len(jobs), per_child)]


def memory_budget(size: int) -> int:
    """The memory reading a file of ``size`` bytes may take, above what the reading process held before.

    >>> memory_budget(50_000) // 2**20, memory_budget(200 * 2**20) // 2**20
    (256, 2656)
    """
    return min(MEMORY_CEILING, MEMORY_BASE + MEMORY_PER_BYTE * size)


def _parse_files(jobs: list[tuple[Path, int | None, int]]) -> list[Briefing | KGError]:
    """Each file's briefing, or the error that says why there is none (returned, so it crosses processes).

    The files are read in a child process, each bounded in time (``SECONDS_PER_FILE``: the child is killed at
    the deadline by the caller, whatever thread it runs in) and in memory (``memory_budget``, a hard limit of
    address space): a page that would run away costs that much and no more, and is refused (E214, E230, E231)
    while a new child reads the files left.
    """
    _warm_up()
    budgets = {job[0]: memory_budget(_size(job[0])) for job in jobs}
    outcomes = run_each_bounded(_read_file, jobs, seconds=SECONDS_PER_FILE, memory=lambda job: budgets[job[0]])
    return [_coded(outcome, job[0], budgets[job[0]]) for job, outcome in zip(jobs, outcomes, strict=True)]


def _coded(outcome: Briefing | Exception, file: Path, budget: int) -> Briefing | KGError:
    if isinstance(outcome, (Briefing, KGError)):
        return outcome
    if isinstance(outcome, OverTime):
        return parse_error("E214", str(file), detail=f"{SECONDS_PER_FILE:g} s")
    if isinstance(outcome, OverMemory):
        return parse_error("E230", str(file), detail=f"{budget / 2**20:,.0f} MB")
    return parse_error("E231", str(file), detail=str(outcome) or type(outcome).__name__)


def _size(file: Path) -> int:
    try:
        return os.stat(file).st_size
    except OSError:
        return 0  # read_bytes says why


#: Small pages of each kind read once in every process that starts readers, before its first child: the
#: readers' tables (cues, outlets, labels, profiles) load lazily, and loaded in a child they would load again in
#: every one (130 ms a file instead of 15).
_WARM_UP = {
    "warm-up.html": "<html><head><title>Foreign Ministry Spokesperson Wang Wenbin's Regular Press Conference on "
    "May 11, 2021</title></head><body><div class='content'><p>Wang Wenbin: Good afternoon.</p>"
    "<p>AFP: Is it so?</p><p>Wang Wenbin: It is.</p></div></body></html>",
    "warm-up-zh.html": "<html><head><title>2021年5月11日外交部发言人汪文斌主持例行记者会</title></head><body>"
    "<div class='content'><p>法新社记者：是这样吗？</p><p>汪文斌：是的。</p></div></body></html>",
    "warm-up.txt": "Press Briefing by Press Secretary Jen Psaki, May 11, 2021\n\nQ: Is it so?\n\nMS. PSAKI: It is.\n",
    "warm-up.md": "---\ndate: '2021-05-11'\ntitle: Press Briefing by Press Secretary Jen Psaki, May 11, 2021\n---\n\n"
    "MS. PSAKI:  Good afternoon.\n\nQ:  Is it so?\n\nMS. PSAKI:  It is.\n",
}
_warmed: set[int] = set()


def _warm_up() -> None:
    """Read the warm-up pages in this process, once (a fork inherits what they loaded)."""
    if os.getpid() in _warmed:
        return
    warm_up_briefings()


def warm_up_briefings() -> list[Briefing]:
    """The warm-up pages' briefings (one of each kind), read in this process, which loads the readers' tables
    here: what a process that forks readers or extractors reads first (``kg.load.warm_up_extraction``)."""
    _warmed.add(os.getpid())
    read: list[Briefing] = []
    with tempfile.TemporaryDirectory(prefix="kg-warm-") as folder:
        for name, text in _WARM_UP.items():
            page = Path(folder, name)
            page.write_text(text, encoding="utf-8")
            outcome = _read_file((page, 2021, MAX_BYTES))
            if isinstance(outcome, Briefing):
                read.append(outcome)
    return read


def _read_file(job: tuple[Path, int | None, int]) -> Briefing | KGError:
    file, year, max_bytes = job
    try:
        return parse_briefing(read_document(file, max_bytes=max_bytes), year=year)
    except KGError as exc:
        return exc


def _with_inferred_year(briefing: Briefing, run: list[Briefing], index: int) -> Briefing:
    mention = find_date(briefing.title)
    if mention is None:  # parse_briefing refuses a briefing without a date, so this is a yearless one
        raise parse_error("E208", briefing.source.path, detail="an undated briefing")
    before = _neighbour(run, index, -1, briefing)
    after = _neighbour(run, index, +1, briefing)
    chosen = infer_year(mention.month, mention.day, before, after)
    if chosen is None:
        around = ", ".join(str(b.date) for b in (before, after) if b is not None and b.date) or "no dated briefing"
        raise parse_error("E208", briefing.source.path, detail=f"{mention.text!r} (neighbours: {around})")
    year, used = chosen
    note = f"year {year} of {mention.text!r} inferred from {', '.join(b.source.name for b in used)}"
    remaining = tuple(w for w in briefing.warnings if "has no year" not in w)
    return dataclasses.replace(
        briefing, date=to_date(mention, year=year), date_inferred=True, warnings=(*remaining, note)
    )


def _neighbour(run: list[Briefing], index: int, step: int, of: Briefing) -> Briefing | None:
    """The nearest briefing in ``step`` direction whose year was printed, from the same folder if it has one."""
    folder = os.path.dirname(of.source.path)
    ordered = run[index + 1 :] if step > 0 else run[index - 1 :: -1]
    nearest = None
    for b in ordered:
        if _printed(b):
            if os.path.dirname(b.source.path) == folder:
                return b
            nearest = nearest or b
    return nearest


def _printed(briefing: Briefing) -> bool:
    return briefing.date is not None and not briefing.date_inferred


def infer_year(
    month: int, day: int, before: Briefing | None, after: Briefing | None
) -> tuple[int, tuple[Briefing, ...]] | None:
    """The year that puts (month, day) between the neighbours' dates, and the neighbours it rests on.

    With both neighbours the date must fall between them (inclusive) in exactly one year; with one,
    within half a year of it; where the neighbours are out of order, each alone is tried (the earlier first).
    """
    around = [b for b in (before, after) if b is not None and b.date is not None]
    years = sorted({d.year + shift for b in around if (d := b.date) is not None for shift in (-1, 0, 1)})

    def candidate(year: int) -> dt.date | None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None

    if before and after and before.date and after.date and before.date <= after.date:
        fits = [y for y in years if (d := candidate(y)) and before.date <= d <= after.date]
        if len(fits) == 1:
            return fits[0], (before, after)
        return None
    for neighbour in around:
        assert neighbour.date is not None
        near = [y for y in years if (d := candidate(y)) and abs((d - neighbour.date).days) <= MAX_NEIGHBOUR_DAYS]
        if len(near) == 1:
            return near[0], (neighbour,)
    return None


def _words(briefing: Briefing) -> set[tuple[str, ...]]:
    # Words in English; single Han characters in Chinese, which writes no spaces between words.
    tokens = re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]", " ".join(t.text for t in briefing.turns()).lower())
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def _without_duplicates(briefings: list[Briefing]) -> tuple[list[Briefing], list[str]]:
    """One briefing of each set of copies: the one with the shortest file name (copies get the longer names,
    ``x (1).html``, ``Copy of x.html``), then the first in source order; the kept ones stay in source order."""
    kept: list[Briefing] = []
    warnings: list[str] = []
    by_hash: dict[str, Briefing] = {}
    # A translation is no copy: the Chinese original and its English translation share a day and spokesperson.
    by_day: dict[tuple[dt.date | None, str | None, str], list[Briefing]] = {}
    # Word triples are computed only for briefings that share a day and spokesperson with another: most never
    # do, and keeping every briefing's triples would cost hundreds of MB on thousands of briefings.
    triples: dict[str, set[tuple[str, ...]]] = {}

    def words(briefing: Briefing) -> set[tuple[str, ...]]:
        found = triples.get(briefing.source.path)
        if found is None:
            found = triples[briefing.source.path] = _words(briefing)
        return found

    order = {id(b): i for i, b in enumerate(briefings)}
    # Of two copies the one with the shorter file name is kept ("t1560672.html" over "t1560672 (1).html").
    for briefing in sorted(briefings, key=lambda b: (len(b.source.name), order[id(b)])):
        first = by_hash.get(briefing.source.sha256)
        if first is not None:
            warnings.append(
                f"{briefing.source.path} is a copy of {first.source.path} (same bytes): kept {first.source.name}"
            )
            continue
        same_day = by_day.setdefault((briefing.date, briefing.spokesperson, briefing.language), [])
        threshold = DUPLICATE_SIMILARITY_BY_LANGUAGE.get(briefing.language, DUPLICATE_SIMILARITY)
        twin = next((b for b in same_day if _similarity(words(briefing), words(b)) >= threshold), None)
        if twin is not None:
            warnings.append(
                f"{briefing.source.path} and {twin.source.path} hold the same briefing ({briefing.date}, "
                f"{briefing.spokesperson}, {_similarity(words(briefing), words(twin)):.0%} of word triples shared): "
                f"kept {twin.source.name}"
            )
            continue
        by_hash[briefing.source.sha256] = briefing
        same_day.append(briefing)
        kept.append(briefing)
    return sorted(kept, key=lambda b: order[id(b)]), warnings


def _similarity(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _unique_keys(briefings: list[Briefing]) -> list[Briefing]:
    """Keys come from file names; two files with one stem (a.txt, a.html) get the hash's start appended."""
    seen: dict[str, int] = {}
    for b in briefings:
        seen[b.key] = seen.get(b.key, 0) + 1
    return [dataclasses.replace(b, key=f"{b.key}-{b.source.sha256[:8]}") if seen[b.key] > 1 else b for b in briefings]
