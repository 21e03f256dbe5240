"""Agreement between two annotations of the same pages: a second reader scored against the gold exactly as
``kg eval`` scores the extractor, so that the extractor's figures can be read against what two careful readers reach.

The measures are ``kg.evaluate``'s (per exchange: countries, places, orgs, topics, acts, (act, target) pairs and
their split by target kind; outlet accuracy). Exchanges are matched by the start of their question as both files
write it (``question_start``); organisations, as names or as targets, are compared by the gazetteer's entity where a
name is one of its labels (so "WHO" and "World Health Organization" agree), else by the name itself.

>>> reference = {"kind": "exchange", "doc": "t1.html", "n": 1, "question_start": "What is China's comment on",
...              "outlet": None, "countries": ["USA"], "orgs": ["WHO"], "topics": [],
...              "positions": [{"act": "oppose", "target": "USA"}, {"act": "support", "target": "WHO"}]}
>>> who = "World Health Organization"
>>> stated = [{"act": "oppose", "target": "USA"}, {"act": "support", "target": who}]
>>> other = dict(reference, orgs=[who], positions=stated)
>>> result = compare_exchanges({"t1.html": [reference]}, {"t1.html": [other]})
>>> result.scores["orgs"].f1, result.scores["act_targets"].f1, result.scores["act_targets_organization"].f1
(1.0, 1.0, 1.0)
>>> result = compare_exchanges({"t1.html": [reference]}, {"t1.html": [dict(other, positions=[])]})
>>> result.scores["acts"].recall, result.found_exchanges
(0.0, 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from kg.evaluate import SET_FIELDS, Evaluation, _gold_sets, _norm, _split_targets, load_gold
from kg.gazetteer import load_gazetteer
from kg.read.outlets import resolve_outlet
from kg.types import EntityKind

QUESTION_PREFIX = 24  # characters (without white space) two readers' question starts must share to be one exchange

Rows = Mapping[str, Sequence[dict[str, object]]]


def agreement(gold_files: Iterable[str | Path], other_files: Iterable[str | Path]) -> Evaluation:
    """``other_files`` scored against ``gold_files`` on the pages both annotate (the gold is the reference)."""
    return compare_exchanges(_exchanges(gold_files), _exchanges(other_files))


def compare_exchanges(gold: Rows, other: Rows) -> Evaluation:
    """Per page both name, every gold exchange against the other's exchange of the same question."""
    result = Evaluation()
    for doc in sorted(set(gold) & set(other)):
        result.documents += 1
        unmatched = list(other[doc])
        result.extracted_exchanges += len(unmatched)
        for row in gold[doc]:
            result.gold_exchanges += 1
            reference = _canonical(_gold_sets(row))
            match = next((r for r in unmatched if _same_question(row, r)), None)
            if match is None:
                for name in SET_FIELDS:
                    result.scores[name].add(set(), reference[name])
                continue
            unmatched.remove(match)
            result.found_exchanges += 1
            result.outlets_correct += _outlet(row) == _outlet(match)
            theirs = _canonical(_gold_sets(match))
            for name in SET_FIELDS:
                result.scores[name].add(theirs[name], reference[name])
    result.missing_documents.extend(sorted(set(gold) - set(other)))
    return result


def _exchanges(files: Iterable[str | Path]) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for path in files:
        out.update(load_gold(path)[1])
    return out


def _same_question(a: dict[str, object], b: dict[str, object]) -> bool:
    x, y = _norm(str(a["question_start"])), _norm(str(b["question_start"]))
    return bool(x) and x[:QUESTION_PREFIX] == y[:QUESTION_PREFIX]


def _outlet(row: dict[str, object]) -> str | None:
    name = row.get("outlet")
    return None if not name else resolve_outlet(str(name)).key


@lru_cache(maxsize=1)
def _organisation_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for key, entity in load_gazetteer(EntityKind.ORGANIZATION).items():
        for name in (key, entity.label, *entity.alt_labels):
            keys.setdefault(name.lower(), key)
    return keys


def _organisation(name: str) -> str:
    return _organisation_keys().get(name.lower(), name.lower())


def _canonical(sets: dict[str, set[str]]) -> dict[str, set[str]]:
    """Organisation names and targets by entity; country codes, acts and topics as written."""
    countries = load_gazetteer(EntityKind.COUNTRY)
    out = dict(sets)
    out["orgs"] = {_organisation(o) for o in sets["orgs"]}
    pairs = set()
    for pair in sets["act_targets"]:
        act, target = pair.split("|", 1)
        pairs.add(f"{act}|{target if not target or target in countries else _organisation(target)}")
    out["act_targets"] = pairs
    _split_targets(out)
    return out
