"""Score position extraction on a development set and show what language is missed or spurious.

Usage (from the worktree root):

    PYTHONPATH=. python tools/score_dev.py [--gold tests/dev/acts-dev.jsonl ...] [--corpus DIR] [--quiet] [--act ACT]

``--gold`` may be given several times: the sets are pooled (their exchanges counted together).

Prints, per act, true positives / false positives / false negatives counted as distinct acts per exchange
(as ``kg eval`` counts them) and as (act, target) pairs; then, unless ``--quiet``, every spurious position
with its rule and evidence, and every missed (act, target) with the exchange it belongs to, so a cue can be
written for the language, not for the sentence. Scoring uses ``kg.evaluate`` (the same alignment of
exchanges and targets as ``kg eval``).
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from kg.corpora import require_corpus
from kg.evaluate import _align_targets, _gold_sets, _norm, _predicted, load_gold
from kg.extract import extract
from kg.read import read_briefings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="append", help="a gold file; repeat to pool (default: acts-dev)")
    parser.add_argument("--corpus", help="the fmprc-en folder (default: kg.corpora.find_corpus)")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    parser.add_argument("--act", help="list errors of this act only")
    args = parser.parse_args()

    docs: dict[str, dict[str, object]] = {}
    gold: dict[str, list[dict[str, object]]] = {}
    for path in args.gold or ["tests/dev/acts-dev.jsonl"]:
        more_docs, more_gold = load_gold(path)
        docs.update(more_docs)
        for name, rows in more_gold.items():
            gold.setdefault(name, []).extend(rows)
    corpus = Path(args.corpus) if args.corpus else require_corpus()
    result = read_briefings([corpus / name for name in docs])
    acts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    pairs: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    spurious: list[str] = []
    missed: list[str] = []
    for briefing in result.briefings:
        extraction = extract(briefing)
        unmatched = list(briefing.exchanges)
        for row in gold.get(briefing.source.name, []):
            start = _norm(str(row["question_start"]))[:40]
            match = next((ex for ex in unmatched if _norm(ex.question.text).startswith(start)), None)
            gold_sets = _gold_sets(row)
            where = f"{briefing.source.name} e{row['n']}"
            if match is None:
                missed.append(f"{where}: exchange not found")
                continue
            unmatched.remove(match)
            predicted = _predicted(extraction, match)
            predicted["act_targets"] = _align_targets(predicted["act_targets"], gold_sets["act_targets"])
            for act in predicted["acts"] | gold_sets["acts"]:
                counts = acts[act]
                counts[0] += act in predicted["acts"] and act in gold_sets["acts"]
                counts[1] += act in predicted["acts"] and act not in gold_sets["acts"]
                counts[2] += act not in predicted["acts"] and act in gold_sets["acts"]
            positions = [p for p in extraction.positions if p.unit == f"e{match.ordinal}"]
            for pair in predicted["act_targets"] | gold_sets["act_targets"]:
                act = pair.split("|", 1)[0]
                hit_p, hit_g = pair in predicted["act_targets"], pair in gold_sets["act_targets"]
                pairs[act][0] += hit_p and hit_g
                pairs[act][1] += hit_p and not hit_g
                pairs[act][2] += hit_g and not hit_p
                if args.act and act != args.act:
                    continue
                if hit_p and not hit_g:
                    target = pair.split("|", 1)[1]
                    for p in positions:
                        key = f"{p.target.kind.value}:{p.target.key}" if p.target else ""
                        if p.act == act and (
                            key == target
                            or (p.target and p.target.key.lower() == target.lower())
                            or (not p.target and not target)
                        ):
                            spurious.append(f"{where} {pair} [{p.rule}] {p.evidence!r}")
                elif hit_g and not hit_p:
                    others = sorted(x for x in predicted["act_targets"] if x.startswith(act + "|"))
                    missed.append(f"{where} {pair} (predicted for this act: {others})")

    def table(title: str, counts: dict[str, list[int]]) -> None:
        print(f"\n{title:<12} {'tp':>4} {'fp':>4} {'fn':>4}   {'P':>6} {'R':>6} {'F1':>6}")
        total = [0, 0, 0]
        for act in sorted(counts):
            tp, fp, fn = counts[act]
            total = [total[0] + tp, total[1] + fp, total[2] + fn]
            print(f"{act:<12} {tp:>4} {fp:>4} {fn:>4}   {_prf(tp, fp, fn)}")
        print(f"{'ALL':<12} {total[0]:>4} {total[1]:>4} {total[2]:>4}   {_prf(*total)}")

    table("acts", acts)
    table("act,target", pairs)
    if not args.quiet:
        print("\nSPURIOUS")
        print("\n".join(spurious))
        print("\nMISSED")
        print("\n".join(missed))


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:6.3f} {r:6.3f} {f:6.3f}"


if __name__ == "__main__":
    main()
