"""The transfer check of Chinese extraction: the English tuning gold (tests/gold/gold-*.jsonl) carried over to the
Chinese originals through the alignment, and scored there.

An English gold exchange counts where its English exchange and a Chinese exchange are linked one to one (neither
side links to another exchange); its gold sets then score the Chinese exchange. Exchanges the English transcript
split or merged are left out, so the check measures extraction, not alignment. The Chinese originals are looked for
among the pages of ``tests/data/fmprc-zh`` and of the Chinese corpus that share an English briefing's date.

Run: ``PYTHONPATH=$PWD python -m tests.zhtransfer`` (prints the scores as JSON).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from kg.align import align_briefings, signature_of
from kg.evaluate import Evaluation, load_gold, score_document
from kg.extract import extract
from kg.read.batch import read_briefings
from kg.types import Extraction

ROOT = Path(__file__).resolve().parent.parent
ENGLISH_GOLD = sorted((ROOT / "tests" / "gold").glob("gold-*.jsonl"))
ENGLISH_SOURCES = (ROOT / "seeds", ROOT / "tests" / "data" / "fmprc-en")
CHINESE_SAMPLE = ROOT / "tests" / "data" / "fmprc-zh"


def chinese_pages(dates: Iterable[str], folders: Iterable[Path]) -> list[Path]:
    """The Chinese pages of ``folders`` (each with its INDEX.tsv) dated on one of ``dates``."""
    wanted = set(dates)
    pages: dict[str, Path] = {}
    for folder in folders:
        index = folder / "INDEX.tsv"
        if not index.is_file():
            continue
        with open(index, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row.get("date") in wanted and (folder / row["file"]).is_file():
                    pages.setdefault(row["file"], folder / row["file"])
    return sorted(pages.values())


def one_to_one(links: Iterable[tuple[int, int]]) -> dict[int, int]:
    """The English ordinal -> Chinese ordinal links where neither side links elsewhere.

    >>> one_to_one([(1, 1), (2, 2), (3, 2), (4, 3)])
    {1: 1, 4: 3}
    """
    pairs = list(links)
    en = Counter(e for e, _ in pairs)
    zh = Counter(z for _, z in pairs)
    return {e: z for e, z in pairs if en[e] == 1 and zh[z] == 1}


def carried_rows(
    english: Extraction, chinese: Extraction, links: dict[int, int], rows: list[dict[str, object]]
) -> list[dict[str, object]]:
    """The gold rows of the English briefing whose exchange links one to one, re-keyed to the Chinese exchange's
    question (so that the scorer finds it)."""
    by_start = {ex.ordinal: "".join(ex.question.text.split()).lower() for ex in english.briefing.exchanges}
    zh_question = {ex.ordinal: ex.question.text for ex in chinese.briefing.exchanges}
    out = []
    for row in rows:
        start = "".join(str(row["question_start"]).split()).lower()[:32]
        ordinal = next((o for o, text in by_start.items() if text.startswith(start)), None)
        if ordinal is None or ordinal not in links or links[ordinal] not in zh_question:
            continue
        carried = dict(row)
        carried["question_start"] = zh_question[links[ordinal]][:40]
        carried["outlet"] = None
        out.append(carried)
    return out


def transfer(chinese_folders: Iterable[Path] = (CHINESE_SAMPLE,)) -> Evaluation:
    """Score the Chinese extraction against the English tuning gold carried over (outlets are not scored)."""
    docs: dict[str, dict[str, object]] = {}
    gold: dict[str, list[dict[str, object]]] = {}
    for path in ENGLISH_GOLD:
        d, e = load_gold(path)
        docs.update(d)
        gold.update(e)
    english = {b.source.name: b for b in read_briefings(ENGLISH_SOURCES).briefings if b.source.name in docs}
    dates = {b.date.isoformat() for b in english.values() if b.date}
    chinese = [b for b in read_briefings(chinese_pages(dates, chinese_folders)).briefings if b.language == "zh"]
    found = {b.key: extract(b) for b in (*english.values(), *chinese)}
    alignments = align_briefings(signature_of(x) for x in found.values())
    evaluation = Evaluation()
    for a in alignments:
        en = found[a.translation]
        rows = carried_rows(en, found[a.original], one_to_one(a.exchanges), gold.get(en.briefing.source.name, []))
        if rows:
            score_document(found[a.original], rows, evaluation)
    return evaluation


def main() -> None:
    from tests.conftest import CHINESE_CORPUS, find_corpus

    corpus = find_corpus(CHINESE_CORPUS)
    folders = (CHINESE_SAMPLE, *((corpus,) if corpus else ()))
    e = transfer(folders)
    print(
        json.dumps(
            {
                "briefings": e.documents,
                "exchanges": e.gold_exchanges,
                "found": e.found_exchanges,
                **{k: round(e.scores[k].f1, 3) for k in ("countries", "topics", "acts", "act_targets")},
            }
        )
    )


if __name__ == "__main__":
    main()
