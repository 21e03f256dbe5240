"""Train the learned check of acts (``learned.py``) and measure it against the rules, by briefing.

    PYTHONPATH=. python -m kg.extract.positions.train            # cross-validate, then write acts-fmprc.json
    PYTHONPATH=. python -m kg.extract.positions.train --cv-only  # figures only

Data: the tuning gold (``tests/gold/*.jsonl``, never ``holdout/`` or ``zh/``) and the development sets
(``tests/dev/acts-dev.jsonl`` to ``acts-dev-4.jsonl``: ``TRAINING_DEV_SETS``), with their pages from ``seeds/``,
``tests/data/fmprc-en/`` and the corpus (``shared/corpus/fmprc-en`` beside a parent folder, or
``$PRESSKG_CORPUS``). Each candidate of an exchange (``find_candidates``) is labelled positive where its act is
among the exchange's gold acts. The labels are noisy:
gold acts are coded per exchange, not per sentence, so a candidate whose act is right for another sentence of the
answer counts as right, and one whose act is right but whose target is wrong counts as right too.

Cross-validation groups by briefing (no briefing is trained and tested on at once): 5 folds; in each, the two
thresholds are chosen by a 4-fold cross-validation inside the training briefings only, and the figures of the
rules alone and of the rules with the model are taken on the test briefings (distinct acts and (act, target)
pairs per exchange, as ``kg eval`` counts them). Everything is deterministic (fixed folds, liblinear, seed 0).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.corpora import find_corpus
from kg.evaluate import _align_targets, _gold_sets, _norm, load_gold
from kg.extract import extract
from kg.extract.positions.assembly import find_candidates
from kg.extract.positions.learned import ActModel, features, model_path, model_to_json
from kg.read import read_briefings

ROOT = Path(__file__).resolve().parents[3]
PROFILE = "fmprc"
C = 1.0  # the inverse of the L2 penalty
MIN_COUNT = 2  # a feature seen fewer times in the training candidates is left out
DROPS = (0.0, 0.1, 0.2, 0.3, 0.4)  # 0.0 keeps every rule position
ADDS = (0.6, 0.7, 0.8, 0.9, 1.01)  # 1.01 adds nothing
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Example:
    """One candidate of one gold exchange, with its label."""

    doc: str
    exchange: str  # doc and exchange number
    act: str
    pair: str  # act|target as the gold writes it
    accepted: bool
    features: tuple[str, ...]
    label: bool


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold exchange's acts and pairs."""

    doc: str
    exchange: str
    acts: frozenset[str]
    pairs: frozenset[str]


# The development sets trained on, by name: a set added later (acts-dev-5, made as an unseen check) is not taken in
# by a glob.
TRAINING_DEV_SETS = ("acts-dev.jsonl", "acts-dev-2.jsonl", "acts-dev-3.jsonl", "acts-dev-4.jsonl")


def sources() -> tuple[list[Path], list[Path]]:
    """The gold files and the folders their pages are read from."""
    gold = sorted((ROOT / "tests" / "gold").glob("*.jsonl")) + [ROOT / "tests" / "dev" / n for n in TRAINING_DEV_SETS]
    return gold, [ROOT / "seeds", ROOT / "tests" / "data" / "fmprc-en", corpus()]


def corpus() -> Path:
    """The English corpus (``kg.corpora``), or where it would be beside the clone: reading its pages then fails
    with the page's name."""
    return find_corpus() or ROOT.parent / "shared" / "corpus" / "fmprc-en"


def collect(gold_files: Sequence[Path], folders: Sequence[Path]) -> tuple[list[Example], list[Gold]]:
    """Every candidate of every gold exchange, labelled, and every gold exchange."""
    docs: dict[str, Path] = {}
    rows: dict[str, list[dict[str, object]]] = {}
    for path in gold_files:
        found_docs, found_rows = load_gold(path)
        for name in found_docs:
            rows[name] = found_rows.get(name, [])
            docs[name] = next((f / name for f in folders if (f / name).is_file()), folders[0] / name)
    examples: list[Example] = []
    golds: list[Gold] = []
    for briefing in read_briefings(sorted(docs.values())).briefings:
        name = briefing.source.name
        if briefing.profile != PROFILE or name not in rows:
            continue
        found = extract(briefing, stages=("entities", "topics"))
        _rules, candidates = find_candidates(briefing, found.mentions, found.topics)
        unmatched = list(briefing.exchanges)
        for row in rows[name]:
            sets = _gold_sets(row)
            key = f"{name}#{row['n']}"
            golds.append(Gold(name, key, frozenset(sets["acts"]), frozenset(sets["act_targets"])))
            start = _norm(str(row["question_start"]))[:32]
            match = next((ex for ex in unmatched if _norm(ex.question.text).startswith(start)), None)
            if match is None:
                continue
            unmatched.remove(match)
            for c in candidates:
                p = c.position
                if p.unit != f"e{match.ordinal}":
                    continue
                raw = f"{p.act}|{p.target.kind.value}:{p.target.key}" if p.target else f"{p.act}|"
                pair = next(iter(_align_targets({raw}, sets["act_targets"])))
                examples.append(Example(name, key, p.act, pair, c.accepted, tuple(features(c)), p.act in sets["acts"]))
    return examples, golds


def feature_matrix(features: Sequence[Sequence[str]], min_count: int) -> tuple[dict[str, int], Any]:
    """The vocabulary (feature -> column, sorted; features of at least ``min_count`` rows) and the binary sparse
    matrix of ``features``, one row each, that both trainers (this one and ``sentence_train``) fit on."""
    from scipy.sparse import csr_matrix

    counts = Counter(f for row in features for f in set(row))
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    rows, cols = [], []
    for r, row in enumerate(features):
        for f in sorted({vocab[f] for f in row if f in vocab}):
            rows.append(r)
            cols.append(f)
    return vocab, csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(features), len(vocab)))


def fit(examples: Sequence[Example], drop_below: float = 0.5, add_from: float = 0.5) -> ActModel:
    """A logistic regression on ``examples`` (features seen at least MIN_COUNT times)."""
    from sklearn.linear_model import LogisticRegression

    vocab, x = feature_matrix([e.features for e in examples], MIN_COUNT)
    y = [int(e.label) for e in examples]
    lr = LogisticRegression(C=C, solver="liblinear", random_state=0, max_iter=1000)
    lr.fit(x, y)
    weights = {f: float(lr.coef_[0][k]) for f, k in vocab.items()}
    return ActModel(weights, float(lr.intercept_[0]), drop_below, add_from)


def folds(docs: Sequence[str], n: int) -> list[set[str]]:
    """``n`` groups of briefings, dealt in sorted order (deterministic, no briefing in two groups)."""
    ordered = sorted(set(docs))
    return [set(ordered[k::n]) for k in range(n)]


def score(model: ActModel | None, examples: Sequence[Example], golds: Sequence[Gold]) -> dict[str, float]:
    """Micro precision, recall and F1 of acts and pairs over ``golds``' exchanges, rules alone where model is None."""
    chosen: dict[str, list[Example]] = {}
    for e in examples:
        if model is None:
            keep = e.accepted
        else:
            s = model.score(e.features)
            keep = s >= (model.drop_below if e.accepted else model.add_from)
        if keep:
            chosen.setdefault(e.exchange, []).append(e)
    out: dict[str, float] = {}
    for field in ("acts", "pairs"):
        tp = fp = fn = 0
        for g in golds:
            gold = g.acts if field == "acts" else g.pairs
            predicted = {e.act if field == "acts" else e.pair for e in chosen.get(g.exchange, [])}
            tp, fp, fn = tp + len(predicted & gold), fp + len(predicted - gold), fn + len(gold - predicted)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[f"{field}_p"], out[f"{field}_r"] = p, r
        out[field] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def choose_thresholds(examples: Sequence[Example], golds: Sequence[Gold]) -> tuple[float, float]:
    """The (drop_below, add_from) that maximise mean acts and pairs F1 in a 4-fold CV of these briefings alone."""
    groups = folds([g.doc for g in golds], 4)
    models = [(group, fit([e for e in examples if e.doc not in group])) for group in groups]
    best: tuple[float, float, float] = (-1.0, 0.0, 1.01)
    for drop in DROPS:
        for add in ADDS:
            total = 0.0
            for group, m in models:
                fold_model = ActModel(m.weights, m.intercept, drop, add)
                s = score(fold_model, [e for e in examples if e.doc in group], [g for g in golds if g.doc in group])
                total += s["acts"] + s["pairs"]
            if total > best[0] + 1e-9:
                best = (total, drop, add)
    return best[1], best[2]


def cross_validate(examples: Sequence[Example], golds: Sequence[Gold]) -> list[dict[str, object]]:
    """Per fold: the rules' figures and the rules-with-model figures on briefings the model never saw."""
    out: list[dict[str, object]] = []
    for k, group in enumerate(folds([g.doc for g in golds], FOLDS)):
        train = [e for e in examples if e.doc not in group]
        train_gold = [g for g in golds if g.doc not in group]
        drop, add = choose_thresholds(train, train_gold)
        m = fit(train, drop, add)
        test = [e for e in examples if e.doc in group]
        test_gold = [g for g in golds if g.doc in group]
        out.append(
            {
                "fold": k,
                "briefings": len(group),
                "exchanges": len(test_gold),
                "drop_below": drop,
                "add_from": add,
                "rules": score(None, test, test_gold),
                "model": score(m, test, test_gold),
            }
        )
    return out


def report(results: Sequence[dict[str, object]]) -> str:
    lines = ["fold briefings exchanges drop add | rules acts pairs | model acts pairs"]
    sums: Counter[str] = Counter()
    for r in results:
        rules, model = r["rules"], r["model"]
        assert isinstance(rules, dict) and isinstance(model, dict)
        lines.append(
            f"{r['fold']} {r['briefings']} {r['exchanges']} {r['drop_below']} {r['add_from']} | "
            f"{rules['acts']:.3f} {rules['pairs']:.3f} | {model['acts']:.3f} {model['pairs']:.3f}"
        )
        for name in ("acts", "pairs"):
            sums[f"rules_{name}"] += rules[name] / len(results)
            sums[f"model_{name}"] += model[name] / len(results)
    lines.append(
        f"mean | rules {sums['rules_acts']:.3f} {sums['rules_pairs']:.3f} | "
        f"model {sums['model_acts']:.3f} {sums['model_pairs']:.3f}"
    )
    return "\n".join(lines)


def train(examples: Sequence[Example], golds: Sequence[Gold]) -> ActModel:
    """The shipped model: thresholds by grouped CV of all the data, then fitted on all of it."""
    drop, add = choose_thresholds(examples, golds)
    return fit(examples, drop, add)


def about(examples: Sequence[Example], golds: Sequence[Gold]) -> dict[str, object]:
    return {
        "trained_by": "python -m kg.extract.positions.train",
        "briefings": len({g.doc for g in golds}),
        "exchanges": len(golds),
        "candidates": len(examples),
        "positive": sum(e.label for e in examples),
        "C": C,
        "min_count": MIN_COUNT,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated figures, write nothing")
    parser.add_argument("--no-cv", action="store_true", help="write the model without cross-validating")
    args = parser.parse_args(argv)
    examples, golds = collect(*sources())
    if not args.no_cv:
        print(report(cross_validate(examples, golds)))
    if not args.cv_only:
        model = train(examples, golds)
        path = model_path(PROFILE)
        path.write_text(model_to_json(model, about(examples, golds)), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}: drop below {model.drop_below}, add from {model.add_from}")


if __name__ == "__main__":
    main()
