"""Score topic assignment on readers' topic files (and the English sets with topics), pooled and topic by topic.

A readers' file has one line per exchange: ``{"doc": "t1565728.html", "n": 3, "topics": [...]}``, ``n`` the
exchange's number as the page numbers them (1-based). The exchanges are tied to the extractor's the way
``tools/score_topics_dev.py`` ties its sets: by the question's opening, here taken from the page files that number
the same exchanges (``tests/dev/train/acts-train-*.jsonl``, whose lines hold ``doc``, ``n`` and
``question_start``), in question order. Scoring goes through ``tools/topics_cv.py`` (hits found once, topics chosen
as the extractor chooses them; a test there compares the two). Printed: the exchanges tied, topics P / R / F1
pooled over every exchange of every file named, then per topic TP / FP / FN, P, R, F1; with ``--errors``, every FP
and FN with the question's opening and the cues that fired (for derive sets only: never list a check set's errors).

Usage:
    python tools/score_topics_readers.py [READERS.jsonl ...] [--set gold|topics-dev|topics-check ...]
        [--pages PAGES.jsonl ...] [--corpus DIR] [--errors]

Never point it at a held-out gold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.corpora import require_corpus  # noqa: E402
from kg.evaluate import Score, load_gold  # noqa: E402
from kg.extract.topics import load_topic_lexicon  # noqa: E402
from kg.read import read_briefings  # noqa: E402
from tools.topics_cv import Doc, _doc, load_docs, predict  # noqa: E402

PAGES = sorted((ROOT / "tests" / "dev" / "train").glob("acts-train-[1-4].jsonl"))


@dataclass(frozen=True, slots=True)
class Tally:
    """Pooled and per-topic counts over the scored exchanges, and the errors as (kind, topic, where, detail)."""

    total: Score
    per_topic: dict[str, Score]
    errors: list[tuple[str, str, str, str]]
    tied: int  # annotated exchanges tied to one of the extractor's (their topics scored)


def question_starts(pages: Iterable[Path]) -> dict[tuple[str, int], str]:
    """(doc, n) -> the question's opening, from gold-format page files."""
    out: dict[tuple[str, int], str] = {}
    for path in pages:
        for doc, rows in load_gold(path)[1].items():
            out.update({(doc, int(str(row["n"]))): str(row["question_start"]) for row in rows})
    return out


def reader_rows(paths: Iterable[Path], starts: dict[tuple[str, int], str]) -> dict[str, list[dict[str, object]]]:
    """The readers' lines as gold exchange rows (doc -> rows in page order), each with its question's opening."""
    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            key = (row["doc"], int(row["n"]))
            if key not in starts:
                raise SystemExit(f"{path}:{number}: no page file numbers exchange {key[1]} of {key[0]}")
            rows[key[0]].append({"n": key[1], "question_start": starts[key], "topics": list(row["topics"])})
    for doc_rows in rows.values():
        doc_rows.sort(key=lambda r: int(r["n"]))  # type: ignore[call-overload]
    return dict(rows)


def reader_docs(rows: dict[str, list[dict[str, object]]], corpus: Path, set_name: str = "readers") -> list[Doc]:
    lexicon = load_topic_lexicon()
    by_name = {b.source.name: b for b in read_briefings([corpus / n for n in sorted(rows)]).briefings}
    return [_doc(set_name, name, by_name.get(name), rows[name], lexicon) for name in sorted(rows)]


def tally(docs: Sequence[Doc]) -> Tally:
    """Counts and errors of the extractor's topics (as the scheme's settings choose them) against the docs' gold."""
    lexicon = load_topic_lexicon()
    assert lexicon.scoring is not None, "the ontology folder defines no topic"
    total, per_topic = Score(), defaultdict[str, Score](Score)
    errors: list[tuple[str, str, str, str]] = []
    tied = 0
    for doc in docs:
        total.fn += doc.missed
        chosen = predict(doc, lexicon.scoring, lexicon.order)
        for ordinal, (unit, got) in enumerate(zip(doc.units, chosen, strict=True), 1):
            if unit.gold is None:
                continue
            tied += 1
            for topic in got | unit.gold:
                score, where = per_topic[topic], f"{doc.name} e{ordinal}"
                if topic in got and topic in unit.gold:
                    score.tp += 1
                    total.tp += 1
                    continue
                kind = "FP" if topic in got else "FN"
                has_cue = any(h.topic == topic for h in unit.hits)
                cls = error_class(kind, has_cue, bool(got - unit.gold), bool(unit.gold - got))
                score.fp += kind == "FP"
                score.fn += kind == "FN"
                total.fp += kind == "FP"
                total.fn += kind == "FN"
                cues = ", ".join(f"{'Q' if h.asked else 'A'}{h.kind}:{h.text}" for h in unit.hits if h.topic == topic)
                detail = f"got {sorted(got)}, gold {sorted(unit.gold)}; {topic} cues [{cues}]"
                errors.append((kind, topic, where, f"{cls}: {detail}"))
    return Tally(total, dict(per_topic), errors, tied)


def error_class(kind: str, has_cue: bool, any_fp: bool, any_fn: bool) -> str:
    """The kind of one error: ``scope`` where the exchange has both a spurious and a missed topic (one topic read
    for its neighbour); else an FP is a ``passing`` mention, an FN ``below-bars`` (its cues fired, too weakly) or
    ``no-cue``.

    >>> error_class("FP", True, True, True), error_class("FP", True, True, False), error_class("FN", False, False, True)
    ('scope', 'passing', 'no-cue')
    """
    if any_fp and any_fn:
        return "scope"
    if kind == "FP":
        return "passing"
    return "below-bars" if has_cue else "no-cue"


def classes(t: Tally) -> dict[str, tuple[int, int]]:
    """Errors by kind and class ("FP passing"): how many, on how many pages."""
    count: dict[str, int] = defaultdict(int)
    pages: dict[str, set[str]] = defaultdict(set)
    for kind, _topic, where, detail in t.errors:
        key = f"{kind} {detail.split(':', 1)[0]}"
        count[key] += 1
        pages[key].add(where.split()[0])
    return {k: (count[k], len(pages[k])) for k in sorted(count)}


def print_tally(t: Tally, *, errors: bool) -> None:
    s = t.total
    print(
        f"topics over {t.tied} tied exchanges: P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"(TP {s.tp}, FP {s.fp}, FN {s.fn})"
    )
    print(f"\n{'topic':26} {'TP':>4} {'FP':>4} {'FN':>4}   {'P':>5} {'R':>5} {'F1':>5}")
    for topic in sorted(t.per_topic, key=lambda k: (-(t.per_topic[k].fp + t.per_topic[k].fn), k)):
        c = t.per_topic[topic]
        print(f"{topic:26} {c.tp:4} {c.fp:4} {c.fn:4}   {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}")
    print("\nerrors by class: " + "; ".join(f"{k} {n} ({p} pages)" for k, (n, p) in classes(t).items()))
    if errors:
        for kind, topic, where, detail in sorted(t.errors, key=lambda e: (e[1], e[0], e[2])):
            print(f"{kind} {topic:22} {where}  {detail}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("readers", nargs="*", type=Path, help="readers' topic files (doc, n, topics per line)")
    parser.add_argument("--set", nargs="*", default=(), choices=("gold", "topics-dev", "topics-check"))
    parser.add_argument("--pages", nargs="*", type=Path, default=PAGES, help="files numbering the exchanges")
    parser.add_argument("--corpus", type=Path, help="the fmprc-en folder (default: kg.corpora.find_corpus)")
    parser.add_argument("--errors", action="store_true", help="list every FP and FN (derive sets only)")
    args = parser.parse_args(argv)
    corpus = args.corpus or require_corpus()
    docs = load_docs(corpus, args.set) if args.set else []
    if args.readers:
        docs += reader_docs(reader_rows(args.readers, question_starts(args.pages)), corpus)
    if not docs:
        parser.error("name a readers' file or a --set")
    print_tally(tally(docs), errors=args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
