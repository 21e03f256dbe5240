"""Sampled precision of positions: a deterministic random sample for a reader to judge, and the score of the judged
file. The gold measures recall and precision on annotated pages; this measures precision where no gold exists, on
corpus pages outside every gold, development and sample set, as a user meets the extractor.

    kg precision sample ../shared/corpus/fmprc-en --out sample.jsonl   # 100 positions, seed 12
    kg precision score sample.jsonl                                      # after a reader filled the judgments

Each sampled line holds the position (act, target, whether the target was inferred and by which rule, the evidence
sentence and its offsets), the exchange's question and answer text, and empty judgments: ``act_correct``,
``target_correct`` (true, false; null while unjudged) and ``note``. The score counts only judged lines: act
precision over lines with ``act_correct`` set, (act, target) precision over lines with both set.

>>> rows = [{"act_correct": True, "target_correct": False}, {"act_correct": True, "target_correct": True},
...         {"act_correct": False, "target_correct": None}, {"act_correct": None, "target_correct": None}]
>>> s = score_judged(rows)
>>> (s.judged_acts, round(s.act_precision, 3), s.judged_pairs, round(s.pair_precision, 3), s.lines)
(3, 0.667, 3, 0.333, 4)
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.extract import extract
from kg.read import read_briefings
from kg.types import Briefing, Position

ROOT = Path(__file__).resolve().parent.parent
SIZE = 100
SEED = 12  # issue 12
# Pages a sample must avoid: every page annotated or used in tests (the gold's pages are among these folders, so the
# held-out gold is avoided without reading it), and every page an annotation file under tests/ names.
EXCLUDED_FOLDERS = ("seeds", "tests/data")
ANNOTATIONS = ("tests/gold", "tests/dev")
JUDGMENTS = (True, False, None)  # null: not judged


def excluded_pages(root: Path = ROOT) -> frozenset[str]:
    """The file names of every page the project's tests, gold and development sets use."""
    names: set[str] = set()
    for folder in EXCLUDED_FOLDERS:
        names |= {p.name for p in (root / folder).rglob("*") if p.is_file()}
    for folder in ANNOTATIONS:
        for path in sorted((root / folder).rglob("*.jsonl")):
            names |= set(_docs_named(path))
    return frozenset(names)


def _docs_named(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                doc = json.loads(line).get("doc") if line.strip() else None
            except (json.JSONDecodeError, AttributeError):
                continue
            if isinstance(doc, str):
                yield doc


def sample_positions(
    corpus: Path, size: int = SIZE, seed: int = SEED, excluded: frozenset[str] | None = None
) -> list[dict[str, object]]:
    """``size`` positions drawn at random (``seed``) from every position the extractor states on ``corpus``'s pages
    outside ``excluded`` (default: ``excluded_pages()``), in the order drawn, as the JSONL lines of a sample."""
    skip = excluded_pages() if excluded is None else excluded
    pages = sorted(p for p in Path(corpus).iterdir() if p.is_file() and p.name not in skip and p.suffix != ".tsv")
    rows = [row for b in read_briefings(pages).briefings for row in _rows(b)]
    rows.sort(key=lambda r: (str(r["doc"]), int(str(r["turn_order"])), int(str(r["start"])), str(r["act"])))
    chosen = random.Random(seed).sample(rows, min(size, len(rows)))
    for k, row in enumerate(chosen, 1):
        row["id"] = k
        del row["turn_order"]
    return chosen


def _rows(briefing: Briefing) -> Iterator[dict[str, object]]:
    texts: dict[str, tuple[str, str, int]] = {}  # turn key -> (question, answer, order)
    for st in briefing.statements:
        texts[st.turn.key] = ("", st.turn.text, len(texts))
    for ex in briefing.exchanges:
        for turn in ex.answers():
            texts[turn.key] = (ex.question.text, turn.text, len(texts))
    for p in extract(briefing).positions:
        question, answer, order = texts[p.turn]
        yield _row(briefing, p, question, answer, order)


def _row(briefing: Briefing, p: Position, question: str, answer: str, order: int) -> dict[str, object]:
    return {
        "id": 0,
        "doc": briefing.source.name,
        "date": briefing.date.isoformat() if briefing.date else None,
        "unit": p.unit,
        "turn_order": order,
        "act": p.act,
        "target": p.target.key if p.target else None,
        "target_kind": p.target.kind.value if p.target else None,
        "target_inferred": p.target_rule is not None,
        "target_rule": p.target_rule,
        "rule": p.rule,
        "evidence": p.evidence,
        "start": p.start,
        "end": p.end,
        "question": question,
        "answer": answer,
        "act_correct": None,
        "target_correct": None,
        "note": "",
    }


def write_sample(rows: Iterable[dict[str, object]], out: Path) -> int:
    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


@dataclass(frozen=True, slots=True)
class SampledPrecision:
    lines: int
    judged_acts: int
    acts_correct: int
    judged_pairs: int
    pairs_correct: int

    @property
    def act_precision(self) -> float:
        return self.acts_correct / self.judged_acts if self.judged_acts else 0.0

    @property
    def pair_precision(self) -> float:
        return self.pairs_correct / self.judged_pairs if self.judged_pairs else 0.0


def read_judged(path: Path) -> tuple[list[dict[str, object]], list[int]]:
    """The lines of a judged sample, and the numbers of the lines that cannot be scored: not a JSON object, or a
    judgment other than true, false or null."""
    rows: list[dict[str, object]] = []
    invalid: list[int] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                row = None
            if not isinstance(row, dict) or any(row.get(f) not in JUDGMENTS for f in ("act_correct", "target_correct")):
                invalid.append(number)
                continue
            rows.append(row)
    return rows, invalid


def score_judged(rows: Sequence[dict[str, object]]) -> SampledPrecision:
    """Act precision over the lines whose act is judged; (act, target) precision over those with both judged (a
    wrong act makes the pair wrong, whatever the target's judgment)."""
    acts = [r for r in rows if r.get("act_correct") is not None]
    pairs = [r for r in acts if r.get("target_correct") is not None or r.get("act_correct") is False]
    return SampledPrecision(
        lines=len(rows),
        judged_acts=len(acts),
        acts_correct=sum(r["act_correct"] is True for r in acts),
        judged_pairs=len(pairs),
        pairs_correct=sum(r["act_correct"] is True and r.get("target_correct") is True for r in pairs),
    )
