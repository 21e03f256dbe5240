"""Cross-validation by briefing of the topic scoring settings (``pk:Topics`` in ``ontology/topics.ttl``).

Reads the English sets with topics (the tuning gold ``tests/gold/gold-a..d`` on ``seeds/`` and
``tests/data/fmprc-en``, ``tests/dev/topics-dev.jsonl`` and ``tests/dev/topics-check.jsonl`` on the corpus), finds
every exchange's topic hits once, then scores settings without extracting again. The briefings are split into K
folds (each set dealt round the folds in name order, so every fold holds some of each); for each fold the settings
are fitted on the other folds (coordinate ascent over a grid of each setting, from the scheme's values, on pooled
topics F1) and scored on it. Printed: the scheme's settings in sample, the CV figure of the fitting (pooled and per
set), the settings each fold chose, and the settings fitted on everything.

Usage:
    python tools/topics_cv.py [--corpus DIR] [--folds 5 | --by-set] [--passes 2] [--keys KEY ...] [--margin F1]
        [--only NAME ...]

Never point it at a held-out gold. Deterministic: the same sets give the same figures.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.corpora import require_corpus  # noqa: E402
from kg.evaluate import _norm, load_gold  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.extract.topic_scoring import Hit, TopicScoring, choose, unit_score  # noqa: E402
from kg.extract.topics import TopicLexicon, _turn_hits, load_topic_lexicon  # noqa: E402
from kg.read import read_briefings  # noqa: E402
from kg.types import Briefing, Mention  # noqa: E402

GOLD = [ROOT / "tests" / "gold" / f"gold-{part}.jsonl" for part in "abcd"]
SETS: dict[str, tuple[list[Path], list[Path] | None]] = {  # name -> gold files, folders (None: the corpus)
    "gold": (GOLD, [ROOT / "seeds", ROOT / "tests" / "data" / "fmprc-en"]),
    "topics-dev": ([ROOT / "tests" / "dev" / "topics-dev.jsonl"], None),
    "topics-check": ([ROOT / "tests" / "dev" / "topics-check.jsonl"], None),
}
# The grid each setting is searched over (weights and factors relative to their kind; bars in score units).
GRID: dict[str, tuple[float, ...]] = {
    "w!": (2.0, 2.5, 3.0, 3.5, 4.0),
    "w": (0.7, 0.85, 1.0, 1.2, 1.4),
    "w~": (0.2, 0.3, 0.4, 0.5, 0.6),
    "wnaming-entity": (2.0, 2.5, 3.0, 3.5, 4.0),
    "wrelated-entity": (1.0, 1.25, 1.5, 1.75, 2.0),
    "question_factor": (1.5, 1.75, 2.0, 2.25, 2.5),
    "first_sentence_factor": (1.0, 1.125, 1.25, 1.5),
    "tail_decay": (0.7, 0.8, 0.85, 0.9, 1.0),
    "tail_floor": (0.4, 0.5, 0.6, 0.7, 0.8),
    "repeat_decay": (0.6, 0.7, 0.8, 0.9),
    "min_score": (2.5, 2.75, 3.0, 3.25, 3.5, 4.0),
    "min_share": (0.3, 0.35, 0.4, 0.45, 0.5),
    "share_cap": (6.0, 7.0, 8.0, 10.0, 12.0),
    "answer_only_min": (4.0, 4.5, 5.0, 5.5, 6.0, 7.0),
    "max_topics": (2, 3, 4),
    "follow_up_max_words": (20, 30, 40),
    "sole_min": (1.5, 2.0, 2.5, 3.0),
    "sole_lead": (0.5, 0.6, 0.7, 0.8, 1.0),
}


@dataclass(frozen=True, slots=True)
class Unit:
    """One exchange: its topic hits, whether its question could continue the previous one, its gold topics."""

    hits: tuple[Hit, ...]
    words: int  # the question's length in words
    follow_up: bool  # the question holds a follow-up phrase
    gold: frozenset[str] | None  # None: not annotated


@dataclass(frozen=True, slots=True)
class Doc:
    set: str
    name: str
    units: tuple[Unit, ...]
    missed: int  # gold topics of annotated exchanges the reader did not find


def load_docs(corpus: Path, only: Sequence[str] = ()) -> list[Doc]:
    lexicon = load_topic_lexicon()
    docs: list[Doc] = []
    for set_name, (golds, folders) in SETS.items():
        if only and set_name not in only:
            continue
        rows: dict[str, list[dict[str, object]]] = {}
        for gold in golds:
            rows.update(load_gold(gold)[1])
        by_name = {b.source.name: b for b in read_briefings(folders or [corpus / n for n in rows]).briefings}
        for name in sorted(rows):
            docs.append(_doc(set_name, name, by_name.get(name), rows[name], lexicon))
    return docs


def _doc(
    set_name: str, name: str, briefing: Briefing | None, rows: list[dict[str, object]], lexicon: TopicLexicon
) -> Doc:
    if briefing is None:
        return Doc(set_name, name, (), sum(len(r.get("topics") or []) for r in rows))  # type: ignore[misc,arg-type]
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for m in extract(briefing).mentions:
        mentions[m.turn].append(m)
    gold: dict[int, frozenset[str]] = {}
    unmatched = list(briefing.exchanges)
    missed = 0
    for row in rows:
        start = _norm(str(row["question_start"]))[:32]
        match = next((ex for ex in unmatched if _norm(ex.question.text).startswith(start)), None)
        topics = frozenset(row.get("topics") or [])  # type: ignore[call-overload]
        if match is None:
            missed += len(topics)
            continue
        unmatched.remove(match)
        gold[match.ordinal] = topics
    units = []
    for ex in briefing.exchanges:
        hits = tuple(h for t in ex.turns() for h in _turn_hits(t, lexicon, mentions.get(t.key, [])))
        text = ex.question.text
        follow = lexicon.follow_up is not None and lexicon.follow_up.search(text) is not None
        units.append(Unit(hits, len(text.split()), follow, gold.get(ex.ordinal)))
    return Doc(set_name, name, tuple(units), missed)


def predict(doc: Doc, scoring: TopicScoring, order: dict[str, int]) -> list[set[str]]:
    """Each exchange's topics under ``scoring``, as ``kg.extract.topics`` chooses them (follow-ups included)."""
    out: list[set[str]] = []
    previous: set[str] = set()
    for unit in doc.units:
        by_topic: dict[str, list[float]] = defaultdict(list)
        for h in unit.hits:
            by_topic[h.topic].append(scoring.value(h))
        scores = {t: unit_score(v, scoring.repeat_decay) for t, v in by_topic.items()}
        chosen = set(choose(scores, {h.topic for h in unit.hits if h.asked}, order, scoring)[0])
        if not chosen and previous and unit.follow_up and unit.words <= scoring.follow_up_max_words:
            chosen = previous
        out.append(chosen)
        previous = chosen
    return out


def counts(docs: Iterable[Doc], scoring: TopicScoring, order: dict[str, int]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for doc in docs:
        fn += doc.missed
        for unit, got in zip(doc.units, predict(doc, scoring, order), strict=True):
            if unit.gold is None:
                continue
            tp += len(got & unit.gold)
            fp += len(got - unit.gold)
            fn += len(unit.gold - got)
    return tp, fp, fn


def f1(c: tuple[int, int, int]) -> float:
    tp, fp, fn = c
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _weight_kind(key: str) -> str | None:
    """The hit kind a GRID key names a weight of ("w!" strong cues, "w" ordinary ones), or None."""
    return key[1:] if key.startswith("w") and key[1:] in ("!", "", "~", "naming-entity", "related-entity") else None


def get(scoring: TopicScoring, key: str) -> float:
    kind = _weight_kind(key)
    return scoring.weights[kind] if kind is not None else float(getattr(scoring, key))


def put(scoring: TopicScoring, key: str, value: float) -> TopicScoring:
    kind = _weight_kind(key)
    if kind is not None:
        return replace(scoring, weights={**scoring.weights, kind: value})
    cast = int if key in ("max_topics", "follow_up_max_words") else float
    return replace(scoring, **{key: cast(value)})  # type: ignore[arg-type]


def fit(
    docs: Sequence[Doc],
    start: TopicScoring,
    order: dict[str, int],
    passes: int,
    keys: Sequence[str] = tuple(GRID),
    margin: float = 0.0,
) -> TopicScoring:
    """Coordinate ascent over the GRID of ``keys`` on pooled F1 of ``docs``: a value is taken where it raises F1 by
    more than ``margin``, so a tie (or a gain within the margin) keeps the current value (the scheme's)."""
    best, best_f1 = start, f1(counts(docs, start, order))
    for _ in range(passes):
        moved = False
        for key in keys:
            grid = GRID[key]
            for value in grid:
                if value == get(best, key):
                    continue
                trial = put(best, key, value)
                score = f1(counts(docs, trial, order))
                if score > best_f1 + margin + 1e-9:
                    best, best_f1, moved = trial, score, True
        if not moved:
            break
    return best


def folds(docs: Sequence[Doc], k: int) -> list[int]:
    """Each doc's fold: every set dealt round the folds in name order."""
    out: list[int] = []
    dealt: dict[str, int] = defaultdict(int)
    for doc in docs:
        out.append(dealt[doc.set] % k)
        dealt[doc.set] += 1
    return out


def changed(scoring: TopicScoring, base: TopicScoring) -> str:
    keys = [k for k in GRID if get(scoring, k) != get(base, k)]
    return ", ".join(f"{k} {get(base, k)}->{get(scoring, k)}" for k in keys) or "(the scheme's)"


def report(name: str, per_set: dict[str, list[int]]) -> None:
    total = [sum(v[i] for v in per_set.values()) for i in range(3)]
    parts = "  ".join(f"{s} {f1(tuple(c)):.3f}" for s, c in per_set.items())  # type: ignore[arg-type]
    print(f"{name:34} all {f1(tuple(total)):.3f}  {parts}")  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="the fmprc-en folder (default: kg.corpora.find_corpus)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=())
    parser.add_argument("--keys", nargs="*", default=list(GRID), choices=list(GRID), help="the settings to fit")
    parser.add_argument("--margin", type=float, default=0.0, help="the least F1 gain a move must bring")
    parser.add_argument("--by-set", action="store_true", help="hold out one set at a time, not folds of briefings")
    args = parser.parse_args(argv)
    lexicon = load_topic_lexicon()
    base, order = lexicon.scoring, lexicon.order
    assert base is not None, "the ontology folder defines no topic"
    docs = load_docs(args.corpus or require_corpus(), args.only)
    assert not [f.name for f in fields(base) if f.name not in GRID and f.name != "weights"], "a setting not in GRID"
    sets = list(dict.fromkeys(d.set for d in docs))
    inside = {s: list(counts([d for d in docs if d.set == s], base, order)) for s in sets}
    report("scheme's settings, in sample", inside)
    assignment = [sets.index(d.set) for d in docs] if args.by_set else folds(docs, args.folds)
    held: dict[str, list[int]] = {s: [0, 0, 0] for s in sets}
    for k in range(len(sets) if args.by_set else args.folds):
        train = [d for d, f in zip(docs, assignment, strict=True) if f != k]
        fitted = fit(train, base, order, args.passes, args.keys, args.margin)
        test = [d for d, f in zip(docs, assignment, strict=True) if f == k]
        mine, theirs = f1(counts(test, fitted, order)), f1(counts(test, base, order))
        print(f"fold {k}: held F1 {mine:.3f} (scheme's {theirs:.3f}); {changed(fitted, base)}")
        for doc in test:
            c = counts([doc], fitted, order)
            held[doc.set] = [a + b for a, b in zip(held[doc.set], c, strict=True)]
    report("fitted on two sets, held set" if args.by_set else f"fitted on {args.folds - 1} folds, held fold", held)
    everything = fit(docs, base, order, args.passes, args.keys, args.margin)
    print(f"fitted on all: {changed(everything, base)}")
    report(
        "fitted on all, in sample", {s: list(counts([d for d in docs if d.set == s], everything, order)) for s in sets}
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
