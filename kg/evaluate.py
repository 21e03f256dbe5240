"""Score extraction against gold annotations (format: shared/spec/annotation.md).

Gold exchanges are aligned to extracted ones by the start of the question text; a gold exchange with no
match counts as missed for every field. Sets are compared per exchange and micro-averaged.

(act, target) pairs are also scored apart by the kind of their target (``act_targets_country``,
``act_targets_organization``, ``act_targets_none``): a pair falls in the kind of its own target, so a predicted
"criticize UN" where the gold says "criticize USA" is a false positive among organisations and a miss among
countries. An organisation target is right only when it is the gold's organisation (one of its gazetteer names).

>>> s = Score(tp=8, fp=2, fn=0)
>>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 3)
(0.8, 1.0, 0.889)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.extract import extract
from kg.gazetteer import load_gazetteer
from kg.read import read_briefings
from kg.read.outlets import resolve_outlet
from kg.types import EntityKind, Exchange, Extraction

TARGET_KINDS = ("country", "organization", "none")
SET_FIELDS = (
    "countries", "places", "orgs", "topics", "acts", "act_targets", *(f"act_targets_{k}" for k in TARGET_KINDS)
)  # fmt: skip


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Evaluation:
    documents: int = 0
    gold_exchanges: int = 0
    found_exchanges: int = 0  # gold exchanges matched by an extracted one
    extracted_exchanges: int = 0
    outlets_correct: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in SET_FIELDS})
    missing_documents: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def exchange_recall(self) -> float:
        return self.found_exchanges / self.gold_exchanges if self.gold_exchanges else 1.0

    @property
    def outlet_accuracy(self) -> float:
        return self.outlets_correct / self.gold_exchanges if self.gold_exchanges else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "gold_exchanges": self.gold_exchanges,
            "extracted_exchanges": self.extracted_exchanges,
            "exchanges_found": self.found_exchanges,
            "exchange_recall": round(self.exchange_recall, 4),
            "outlet_accuracy": round(self.outlet_accuracy, 4),
            **{
                name: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for name, s in self.scores.items()
            },
            "missing_documents": self.missing_documents,
            "errors": self.errors,
        }


def load_gold(path: str | Path) -> tuple[dict[str, dict[str, object]], dict[str, list[dict[str, object]]]]:
    """Documents and their exchanges (in order) from a gold JSONL file."""
    docs: dict[str, dict[str, object]] = {}
    exchanges: dict[str, list[dict[str, object]]] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    "E110",
                    f"line {number} is not JSON: {exc.msg}",
                    path=str(path),
                    hint="write one JSON object per line (see shared/spec/annotation.md)",
                ) from exc
            if row.get("kind") == "doc":
                docs[row["doc"]] = row
            elif row.get("kind") == "exchange":
                exchanges.setdefault(row["doc"], []).append(row)
            else:
                raise InputError(
                    "E111",
                    f"line {number}: kind must be 'doc' or 'exchange'",
                    path=str(path),
                    hint='give every line a "kind" of "doc" or "exchange"',
                )
    return docs, exchanges


_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ")).strip().lower()


def _names(kind: EntityKind, key: str) -> set[str]:
    entity = load_gazetteer(kind).get(key)
    names = {key.lower()}
    if entity is not None:
        names |= {entity.label.lower(), *(a.lower() for a in entity.alt_labels)}
    return names


def _predicted(extraction: Extraction, exchange: Exchange) -> dict[str, set[str]]:
    turns = {t.key for t in exchange.turns()}
    by_kind: dict[EntityKind, set[str]] = {k: set() for k in EntityKind}
    for m in extraction.mentions:
        if m.turn in turns:
            by_kind[m.kind].add(m.key)
    unit = f"e{exchange.ordinal}"
    positions = [p for p in extraction.positions if p.unit == unit]
    return {
        "countries": by_kind[EntityKind.COUNTRY],
        "places": by_kind[EntityKind.PLACE],
        "orgs": by_kind[EntityKind.ORGANIZATION],
        "topics": {t.topic for t in extraction.topics if t.unit == unit},
        "acts": {p.act for p in positions},
        "act_targets": {
            f"{p.act}|{p.target.kind.value}:{p.target.key}" if p.target else f"{p.act}|" for p in positions
        },
    }


def _align_named(predicted: set[str], gold: Iterable[str], kind: EntityKind) -> set[str]:
    """Map predicted entity keys onto the gold's names where any of the entity's names matches."""
    gold_names = {g.lower(): g for g in gold}
    out = set()
    for key in predicted:
        hit = next((gold_names[n] for n in _names(kind, key) if n in gold_names), None)
        out.add(hit if hit is not None else f"{kind.value}:{key}")
    return out


def _align_targets(predicted: set[str], gold_pairs: set[str]) -> set[str]:
    gold_targets = {pair.split("|", 1)[1] for pair in gold_pairs}
    out = set()
    for pair in predicted:
        act, target = pair.split("|", 1)
        if target:
            kind_name, key = target.split(":", 1)
            kind = EntityKind(kind_name)
            if kind is EntityKind.COUNTRY:
                target = key
            else:
                target = next((g for g in gold_targets if g and g.lower() in _names(kind, key)), target)
        out.add(f"{act}|{target}")
    return out


def target_kind(pair: str) -> str:
    """The kind of an (act, target) pair's target, as the scorer writes pairs: a country's ISO3 code, an
    organisation's gold name (or ``organization:<key>`` where no gold name matched), or nothing.

    >>> [target_kind(p) for p in ("oppose|USA", "support|WHO", "criticize|organization:un", "no_comment|")]
    ['country', 'organization', 'organization', 'none']
    """
    target = pair.split("|", 1)[1]
    if not target:
        return "none"
    if target in load_gazetteer(EntityKind.COUNTRY):
        return "country"
    return "organization"


def _split_targets(sets: dict[str, set[str]]) -> None:
    for kind in TARGET_KINDS:
        sets[f"act_targets_{kind}"] = {p for p in sets["act_targets"] if target_kind(p) == kind}


def _gold_sets(row: dict[str, object]) -> dict[str, set[str]]:
    positions: list[dict[str, str | None]] = row.get("positions") or []  # type: ignore[assignment]
    sets = {
        "countries": set(row.get("countries") or []),  # type: ignore[call-overload]
        "places": set(row.get("places") or []),  # type: ignore[call-overload]
        "orgs": set(row.get("orgs") or []),  # type: ignore[call-overload]
        "topics": set(row.get("topics") or []),  # type: ignore[call-overload]
        "acts": {str(p["act"]) for p in positions},
        "act_targets": {f"{p['act']}|{p['target'] or ''}" for p in positions},
    }
    _split_targets(sets)
    return sets


def score_document(extraction: Extraction, gold: Sequence[dict[str, object]], evaluation: Evaluation) -> None:
    briefing = extraction.briefing
    evaluation.documents += 1
    evaluation.extracted_exchanges += len(briefing.exchanges)
    unmatched = list(briefing.exchanges)
    for row in gold:
        evaluation.gold_exchanges += 1
        start = _norm(str(row["question_start"]))[:40]
        match = next((ex for ex in unmatched if _norm(ex.question.text).startswith(start)), None)
        gold_sets = _gold_sets(row)
        if match is None:
            for name in SET_FIELDS:
                evaluation.scores[name].add(set(), gold_sets[name])
            continue
        unmatched.remove(match)
        evaluation.found_exchanges += 1
        gold_outlet = row.get("outlet")
        if gold_outlet is None:
            evaluation.outlets_correct += match.outlet is None
        elif match.outlet is not None:
            evaluation.outlets_correct += resolve_outlet(str(gold_outlet)).key == match.outlet.key
        predicted = _predicted(extraction, match)
        predicted["places"] = _align_named(predicted["places"], gold_sets["places"], EntityKind.PLACE)
        predicted["orgs"] = _align_named(predicted["orgs"], gold_sets["orgs"], EntityKind.ORGANIZATION)
        predicted["act_targets"] = _align_targets(predicted["act_targets"], gold_sets["act_targets"])
        _split_targets(predicted)
        for name in SET_FIELDS:
            evaluation.scores[name].add(predicted[name], gold_sets[name])


def evaluate(gold_files: Iterable[str | Path], paths: Iterable[str | Path]) -> Evaluation:
    """Read ``paths``, extract, and score every document the gold files annotate."""
    docs: dict[str, dict[str, object]] = {}
    exchanges: dict[str, list[dict[str, object]]] = {}
    for gold in gold_files:
        d, e = load_gold(gold)
        docs.update(d)
        exchanges.update(e)
    result = read_briefings(paths)
    evaluation = Evaluation(errors=[str(e) for e in result.errors])
    by_name = {b.source.name: b for b in result.briefings}
    for name in docs:
        briefing = by_name.get(name)
        if briefing is None:
            evaluation.missing_documents.append(name)
            for row in exchanges.get(name, []):
                evaluation.gold_exchanges += 1
                gold_sets = _gold_sets(row)
                for f in SET_FIELDS:
                    evaluation.scores[f].add(set(), gold_sets[f])
            continue
        score_document(extract(briefing), exchanges.get(name, []), evaluation)
    return evaluation
