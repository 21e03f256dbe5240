"""Train the sentence classifier of acts (``sentence_model.py``) and measure it against the rules, by briefing.

    PYTHONPATH=. python -m kg.extract.positions.sentence_train            # cross-validate, write sentences-fmprc.json
    PYTHONPATH=. python -m kg.extract.positions.sentence_train --cv-only  # figures only

Data: the labelled sentences (``tests/dev/sentences/labels-*.jsonl``: every answer sentence of the tuning gold and
of ``tests/dev/acts-dev.jsonl``, ``-2``, ``-3``, with the gold positions it states; offsets only, the pages are read
from ``seeds/``, ``tests/data/fmprc-en/`` and the corpus) and, for scoring, those exchanges' gold positions.
``tests/dev/acts-dev-4.jsonl`` is no part of it. Each sentence is read as the extractor reads it (its features, the
acts the rules state in it, and the position each act would get there: ``find_candidates`` with a probe model that
adds every act), so the scores below count what the extractor would state.

A classifier per act (liblinear, L2, C = ``C``): positive where the readers tied a gold position of the act to the
sentence. Thresholds: for each act, the lowest score from which the positions the classifier adds (where the rules
state no such act; ``SCOPE``) are right, by act per exchange as ``kg eval`` counts them, at least ``FLOOR`` of the
time and raise acts plus pairs F1, in a 4-fold cross-validation inside the training briefings; else the act adds
nothing. Cross-validation groups by briefing (5 folds; no briefing in training and test at once).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.evaluate import _align_targets, _gold_sets, _norm, load_gold
from kg.extract import extract
from kg.extract.positions.assembly import find_candidates
from kg.extract.positions.learned import MODEL_DIR
from kg.extract.positions.lexicon import load_act_lexicon
from kg.extract.positions.sentence_added import SentenceRecord
from kg.extract.positions.sentence_model import (
    NEVER,
    RULE,
    ActClassifier,
    SentenceModel,
    model_path,
    model_to_json,
)
from kg.extract.positions.train import ROOT, corpus, folds
from kg.read import read_briefings
from kg.types import Position

PROFILE = "fmprc"
C = 0.5  # the inverse of the L2 penalty
CLASS_WEIGHT = "balanced"  # the rare positive sentences weighed up: more of them reach a threshold
MIN_COUNT = 2  # a feature seen in fewer training sentences is left out
FLOOR = 0.8  # the least share of added acts that must be right, in the inner cross-validation
MIN_ADDED = 3  # an act's threshold must add at least this many positions in the inner cross-validation
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
SCOPE = "sentence"
FOLDS = 5
LABELS = ROOT / "tests" / "dev" / "sentences"
# The development sets whose sentences are labelled, by name: acts-dev-4 (and any later set) is the check on unseen
# pages, never trained or tuned on.
LABELLED_DEV_SETS = ("acts-dev.jsonl", "acts-dev-2.jsonl", "acts-dev-3.jsonl")


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled answer sentence: its features, its labelled acts, the acts the rules state in it, and the
    (act, target) pairs each act the classifier may add would get, as the scorer writes them."""

    doc: str
    exchange: str
    features: tuple[str, ...]
    labels: frozenset[str]
    stated: frozenset[str]  # the acts the rules state in the sentence
    added: dict[str, tuple[str, ...]]
    in_exchange: frozenset[str] = frozenset()  # the acts the rules state in the exchange

    def blocks(self, act: str) -> bool:
        """Whether a rule position of ``act`` keeps the classifier from adding one here (``SCOPE``)."""
        return act in (self.in_exchange if SCOPE == "exchange" else self.stated)


@dataclass(frozen=True, slots=True)
class Exchange:
    """One gold exchange: its gold acts and pairs, and the rules' acts and pairs."""

    doc: str
    key: str
    acts: frozenset[str]
    pairs: frozenset[str]
    rule_acts: frozenset[str]
    rule_pairs: frozenset[str]


def _pair(p: Position, gold_pairs: set[str]) -> str:
    raw = f"{p.act}|{p.target.kind.value}:{p.target.key}" if p.target else f"{p.act}|"
    return next(iter(_align_targets({raw}, gold_pairs)))


def load_labels(directory: Path = LABELS) -> dict[tuple[str, int, int], list[dict[str, object]]]:
    """(doc, exchange number, answer turn) -> the turn's labelled sentences."""
    out: dict[tuple[str, int, int], list[dict[str, object]]] = {}
    for path in sorted(directory.glob("labels-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out[(row["doc"], int(row["n"]), int(row["turn"]))] = row["sentences"]
    return out


def collect(labels_dir: Path = LABELS) -> tuple[list[Example], list[Exchange]]:
    """Every labelled sentence, read as the extractor reads it, and every labelled exchange."""
    labels = load_labels(labels_dir)
    docs = {doc for doc, _n, _t in labels}
    gold_files = sorted((ROOT / "tests" / "gold").glob("gold-*.jsonl"))
    gold_files += [ROOT / "tests" / "dev" / name for name in LABELLED_DEV_SETS]
    folders = [ROOT / "seeds", ROOT / "tests" / "data" / "fmprc-en", corpus()]
    rows: dict[str, list[dict[str, object]]] = {}
    paths: list[Path] = []
    for path in gold_files:
        found_docs, found_rows = load_gold(path)
        for name in found_docs:
            if name in docs and name not in rows:
                rows[name] = found_rows.get(name, [])
                paths.append(next((f / name for f in folders if (f / name).is_file()), folders[0] / name))
    lex = load_act_lexicon(profile_key=PROFILE)
    acts = sorted({c.act for c in lex.cues.values()})
    probe = SentenceModel({a: ActClassifier({}, 0.0, 0.0) for a in acts}, "sentence")  # adds every act
    examples: list[Example] = []
    exchanges: list[Exchange] = []
    for briefing in read_briefings(sorted(paths)).briefings:
        name = briefing.source.name
        found = extract(briefing, stages=("entities", "topics"))
        sink: list[SentenceRecord] = []
        positions, _c = find_candidates(
            briefing, found.mentions, found.topics, declined=False, sentences=probe, sink=sink
        )
        records = {(r.turn, r.index): r for r in sink}
        unmatched = list(briefing.exchanges)
        for row in rows[name]:
            start = _norm(str(row["question_start"]))[:32]
            match = next((ex for ex in unmatched if _norm(ex.question.text).startswith(start)), None)
            if match is None:
                continue
            unmatched.remove(match)
            sets = _gold_sets(row)
            key = f"{name}#{row['n']}"
            rules = [p for p in positions if p.unit == f"e{match.ordinal}" and p.rule != RULE]
            rule_pairs = frozenset(_pair(p, sets["act_targets"]) for p in rules)
            exchanges.append(
                Exchange(
                    name,
                    key,
                    frozenset(sets["acts"]),
                    frozenset(sets["act_targets"]),
                    frozenset(p.act for p in rules),
                    rule_pairs,
                )
            )
            for t, answer in enumerate(match.answers()):
                for s in labels.get((name, int(str(row["n"])), t), []):
                    r = records.get((answer.key, int(str(s["i"]))))
                    if r is None or (r.start, r.end) != (s["start"], s["end"]):
                        continue  # the split or the page changed since the labels were made
                    added: dict[str, list[str]] = defaultdict(list)
                    for p in r.added:
                        added[p.act].append(_pair(p, sets["act_targets"]))
                    tied = s["acts"]
                    assert isinstance(tied, list)
                    examples.append(
                        Example(
                            name,
                            key,
                            r.features,
                            frozenset(str(a["act"]) for a in tied),
                            r.stated,
                            {a: tuple(v) for a, v in added.items()},
                            frozenset(p.act for p in rules),
                        )
                    )
    return examples, exchanges


def fit_all(examples: Sequence[Example], thresholds: dict[str, float]) -> SentenceModel:
    """A logistic regression per act on ``examples`` (features seen in at least MIN_COUNT sentences), each with
    its threshold from ``thresholds`` (an act not named there adds nothing)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for e in examples for f in set(e.features))
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    rows, cols = [], []
    for r, e in enumerate(examples):
        for f in sorted({vocab[f] for f in e.features if f in vocab}):
            rows.append(r)
            cols.append(f)
    x = csr_matrix(([1.0] * len(rows), (rows, cols)), shape=(len(examples), len(vocab)))
    acts = {}
    for act in acts_of(examples):
        y = [int(act in e.labels) for e in examples]
        if not any(y):  # no sentence of the act: a classifier that never adds
            acts[act] = ActClassifier({}, -10.0, NEVER)
            continue
        lr = LogisticRegression(C=C, class_weight=CLASS_WEIGHT, solver="liblinear", random_state=0, max_iter=1000)
        lr.fit(x, y)
        weights = {f: float(lr.coef_[0][k]) for f, k in vocab.items()}
        acts[act] = ActClassifier(weights, float(lr.intercept_[0]), thresholds.get(act, NEVER))
    return SentenceModel(acts, SCOPE)


def acts_of(examples: Sequence[Example]) -> list[str]:
    return sorted({a for e in examples for a in e.added} | {a for e in examples for a in e.labels})


def additions(scored: Sequence[tuple[Example, dict[str, float]]], act: str, t: float) -> dict[str, set[str]]:
    """Exchange -> the pairs of ``act`` the classifier adds at threshold ``t``."""
    out: dict[str, set[str]] = defaultdict(set)
    for e, scores in scored:
        if not e.blocks(act) and scores.get(act, 0.0) >= t:
            out[e.exchange].update(e.added.get(act, ()))
    return out


def counts(exchanges: Sequence[Exchange], added: dict[str, set[str]]) -> dict[str, list[int]]:
    """tp, fp, fn of acts and pairs over ``exchanges`` with these pairs added to the rules'."""
    out = {"acts": [0, 0, 0], "pairs": [0, 0, 0]}
    for x in exchanges:
        pairs = set(x.rule_pairs) | added.get(x.key, set())
        # An untargeted pair of an act the exchange also aims at someone is left out (``restated_apart``).
        aimed = {p.split("|", 1)[0] for p in pairs if not p.endswith("|")}
        pairs = {p for p in pairs if not p.endswith("|") or p.split("|", 1)[0] not in aimed or p in x.rule_pairs}
        acts = {p.split("|", 1)[0] for p in pairs}
        for field, got, gold in (("acts", acts, x.acts), ("pairs", pairs, x.pairs)):
            c = out[field]
            c[0], c[1], c[2] = c[0] + len(got & gold), c[1] + len(got - gold), c[2] + len(gold - got)
    return out


def f1(c: Sequence[int]) -> tuple[float, float, float]:
    tp, fp, fn = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scored_out_of_fold(examples: Sequence[Example], n: int) -> list[tuple[Example, dict[str, float]]]:
    """Every example with each act's score from a model fitted on the other folds' briefings."""
    out = []
    for group in folds([e.doc for e in examples], n):
        model = fit_all([e for e in examples if e.doc not in group], {})
        for e in examples:
            if e.doc in group:
                out.append((e, {a: c.score(e.features) for a, c in model.acts.items()}))
    return out


def choose_thresholds(examples: Sequence[Example], exchanges: Sequence[Exchange]) -> dict[str, float]:
    """Per act, the threshold whose additions (scored out of fold, 4 folds of these briefings) are right at least
    FLOOR of the time and raise acts plus pairs F1 most; acts with none are left out (they add nothing)."""
    scored = scored_out_of_fold(examples, 4)
    base = counts(exchanges, {})
    base_sum = f1(base["acts"])[2] + f1(base["pairs"])[2]
    by_key = {x.key: x for x in exchanges}
    chosen: dict[str, float] = {}
    for act in acts_of(examples):
        best = (1e-9, NEVER)
        for t in THRESHOLDS:
            added = additions(scored, act, t)
            new = [k for k, pairs in added.items() if pairs and act not in by_key[k].rule_acts]
            right = sum(act in by_key[k].acts for k in new)
            if len(new) < MIN_ADDED or right < FLOOR * len(new):
                continue
            c = counts(exchanges, added)
            gain = f1(c["acts"])[2] + f1(c["pairs"])[2] - base_sum
            if gain > best[0]:
                best = (gain, t)
        if best[1] <= 1.0:
            chosen[act] = best[1]
    return chosen


def evaluate(model: SentenceModel, examples: Sequence[Example], exchanges: Sequence[Exchange]) -> dict[str, object]:
    """Rules alone and rules with the model on these exchanges: counts, and what the model added."""
    added: dict[str, set[str]] = defaultdict(set)
    for e in examples:
        for act in model.adds(e.features):
            if not e.blocks(act):
                added[e.exchange].update(e.added.get(act, ()))
    return {"rules": counts(exchanges, {}), "model": counts(exchanges, added)}


def cross_validate(examples: Sequence[Example], exchanges: Sequence[Exchange]) -> list[dict[str, object]]:
    """Per fold: thresholds chosen inside the training briefings, then rules and rules + model on the test ones."""
    out: list[dict[str, object]] = []
    for k, group in enumerate(folds([x.doc for x in exchanges], FOLDS)):
        train = [e for e in examples if e.doc not in group]
        train_x = [x for x in exchanges if x.doc not in group]
        thresholds = choose_thresholds(train, train_x)
        model = fit_all(train, thresholds)
        test_x = [x for x in exchanges if x.doc in group]
        result = evaluate(model, [e for e in examples if e.doc in group], test_x)
        out.append({"fold": k, "briefings": len(group), "exchanges": len(test_x), "thresholds": thresholds, **result})
    return out


def report(results: Sequence[dict[str, object]]) -> str:
    lines = ["fold briefings exchanges | rules acts P/R/F1 pairs P/R/F1 | model acts P/R/F1 pairs P/R/F1 | thresholds"]
    total: dict[str, list[int]] = {k: [0, 0, 0] for k in ("rules_acts", "rules_pairs", "model_acts", "model_pairs")}

    def fmt(c: Sequence[int]) -> str:
        return "{:.3f}/{:.3f}/{:.3f}".format(*f1(c))

    for r in results:
        cells = []
        for who in ("rules", "model"):
            got = r[who]
            assert isinstance(got, dict)
            for field in ("acts", "pairs"):
                cells.append(fmt(got[field]))
                total[f"{who}_{field}"] = [a + b for a, b in zip(total[f"{who}_{field}"], got[field], strict=True)]
        lines.append(
            f"{r['fold']} {r['briefings']} {r['exchanges']} | {cells[0]} {cells[1]} | {cells[2]} {cells[3]} | "
            f"{r['thresholds']}"
        )
    lines.append(
        f"all (micro) | {fmt(total['rules_acts'])} {fmt(total['rules_pairs'])} | "
        f"{fmt(total['model_acts'])} {fmt(total['model_pairs'])}"
    )
    lines.append(
        f"tp/fp/fn | rules acts {total['rules_acts']} pairs {total['rules_pairs']} | "
        f"model acts {total['model_acts']} pairs {total['model_pairs']}"
    )
    return "\n".join(lines)


def train(examples: Sequence[Example], exchanges: Sequence[Exchange]) -> SentenceModel:
    """The shipped model: thresholds by grouped CV of all the data, then fitted on all of it."""
    return fit_all(examples, choose_thresholds(examples, exchanges))


def about(examples: Sequence[Example], exchanges: Sequence[Exchange]) -> dict[str, object]:
    return {
        "trained_by": "python -m kg.extract.positions.sentence_train",
        "briefings": len({x.doc for x in exchanges}),
        "exchanges": len(exchanges),
        "sentences": len(examples),
        "labelled": sum(bool(e.labels) for e in examples),
        "C": C,
        "min_count": MIN_COUNT,
        "floor": FLOOR,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated figures, write nothing")
    parser.add_argument("--no-cv", action="store_true", help="write the model without cross-validating")
    parser.add_argument(
        "--on", action="store_true", help="switch the written model on (the extractor uses it by default); else off"
    )
    args = parser.parse_args(argv)
    examples, exchanges = collect()
    if not args.no_cv:
        print(report(cross_validate(examples, exchanges)))
    if not args.cv_only:
        model = dataclasses.replace(train(examples, exchanges), on=args.on)
        path = model_path(PROFILE)
        path.write_text(model_to_json(model, about(examples, exchanges)), encoding="utf-8")
        adding = {a: c.add_from for a, c in model.acts.items() if c.add_from <= 1.0}
        print(f"wrote {path.relative_to(MODEL_DIR.parents[2])} ({'on' if model.on else 'off'}): thresholds {adding}")


if __name__ == "__main__":
    main()
