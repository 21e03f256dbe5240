"""Score topic assignment on a development set, topic by topic, and show what was missed or added.

Prints the overall figures of ``kg.evaluate`` for topics (micro-averaged over exchanges), then per topic
TP / FP / FN with precision, recall and F1, then every miss (FN) and spurious hit (FP) with the exchange's
first question sentence and the cues that fired, so a cue or scoring change can be judged on what it does.

Usage:
    python tools/score_topics_dev.py [GOLD.jsonl] [--corpus DIR] [--quiet]

Defaults: ``tests/dev/topics-dev.jsonl`` and the English corpus as ``kg.corpora`` finds it.
Never point it at the held-out gold set: tune on the development set only.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.corpora import require_corpus  # noqa: E402
from kg.evaluate import Evaluation, Score, _norm, load_gold, score_document  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.extract.sentences import split_sentences  # noqa: E402
from kg.read import read_briefings  # noqa: E402
from kg.types import Extraction  # noqa: E402

DEFAULT_GOLD = ROOT / "tests" / "dev" / "topics-dev.jsonl"


def first_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[spans[0][0] : spans[0][1]] if spans else text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--corpus", type=Path, help="the fmprc-en folder (default: kg.corpora.find_corpus)")
    parser.add_argument("--quiet", action="store_true", help="figures only, no list of misses and hits")
    args = parser.parse_args(argv)

    docs, gold_rows = load_gold(args.gold)
    corpus = args.corpus or require_corpus()
    result = read_briefings([corpus / name for name in docs])
    by_name = {b.source.name: b for b in result.briefings}
    evaluation = Evaluation()
    per_topic: dict[str, Score] = defaultdict(Score)
    errors: list[tuple[str, str, str, str, str]] = []  # kind, topic, doc#n, question, cues
    for name in docs:
        briefing = by_name.get(name)
        if briefing is None:
            print(f"missing document: {name}", file=sys.stderr)
            continue
        extraction: Extraction = extract(briefing)
        score_document(extraction, gold_rows.get(name, []), evaluation)
        unmatched = list(briefing.exchanges)
        for row in gold_rows.get(name, []):
            start = _norm(str(row["question_start"]))[:40]
            match = next((ex for ex in unmatched if _norm(ex.question.text).startswith(start)), None)
            gold = set(row.get("topics") or [])  # type: ignore[call-overload]
            if match is None:
                for topic in gold:
                    per_topic[topic].fn += 1
                continue
            unmatched.remove(match)
            unit = f"e{match.ordinal}"
            assigned = {t.topic: t for t in extraction.topics if t.unit == unit}
            question = first_sentence(match.question.text)[:160]
            for topic in set(assigned) | gold:
                score = per_topic[topic]
                if topic in assigned and topic in gold:
                    score.tp += 1
                elif topic in assigned:
                    score.fp += 1
                    t = assigned[topic]
                    cues = ", ".join(f"{c.turn[-1]}:{c.text}" for c in t.cues[:8])
                    errors.append(("FP", topic, f"{name}#{row['n']}", question, f"{t.score} [{cues}]"))
                else:
                    score.fn += 1
                    others = ", ".join(f"{t.topic} {t.score}" for t in assigned.values())
                    errors.append(("FN", topic, f"{name}#{row['n']}", question, f"(got: {others})"))

    total = evaluation.scores["topics"]
    print(
        f"topics over {evaluation.found_exchanges}/{evaluation.gold_exchanges} exchanges: "
        f"P {total.precision:.3f}  R {total.recall:.3f}  F1 {total.f1:.3f}  "
        f"(TP {total.tp}, FP {total.fp}, FN {total.fn})"
    )
    print(f"\n{'topic':26} {'TP':>4} {'FP':>4} {'FN':>4}   {'P':>5} {'R':>5} {'F1':>5}")
    for topic in sorted(per_topic, key=lambda t: -(per_topic[t].fp + per_topic[t].fn)):
        s = per_topic[topic]
        print(f"{topic:26} {s.tp:4} {s.fp:4} {s.fn:4}   {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}")
    if not args.quiet:
        for kind, topic, where, question, detail in sorted(errors, key=lambda e: (e[1], e[0], e[2])):
            print(f"\n{kind} {topic:22} {where}\n   Q: {question}\n   {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
