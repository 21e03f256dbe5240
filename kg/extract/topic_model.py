"""The learned check of topics: a logistic regression over every topic an exchange's cues raise, trained by the project.

The cue rules (``topics.py``, ``topic_scoring.py``) score every topic a unit's cues hit and choose some of them. The
model scores each such candidate (unit, topic) from what the rules saw: the topic, whether the rules chose it, its
score and its share of the unit's best, its rank, where its hits stand (question, first sentence, later), their
kinds, and the cue phrases that fired. A chosen topic is dropped where its score is below ``drop_below``; a topic
the rules passed over is added where its score reaches ``add_from``.

The model is data (``topics-<profile>.json``: coefficients, intercept, thresholds and an ``on`` switch; no pickle),
trained by ``python tools/topics_train.py`` from the derive sets the project ships; scoring needs nothing but this
module. Only English exchanges of a profile with a model file are checked: Chinese topics keep their rules. Its
figures are in the README ("Topics: the learned check").

>>> m = TopicModel({"t=taiwan": 2.0, "chosen": 1.0}, -1.0, 0.5, 0.9, on=True)
>>> round(m.score(["t=taiwan", "chosen"]), 3), round(m.score(["t=taiwan"]), 3)
(0.881, 0.731)
"""

from __future__ import annotations

import json
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.extract.linear import LinearCheck, check_data, check_fields, dumps
from kg.extract.topic_scoring import Hit, TopicScoring

MODEL_DIR = Path(__file__).resolve().parent
RULE = "topics/learned"  # the rule of a topic the model adds
# Where a score stands against the bars, in score units (one ordinary cue in the question is 2.0, one strong 6.0).
SCORE_BINS = (1.0, 2.0, 3.0, 4.5, 6.0, 9.0, 14.0)
SHARE_BINS = (0.25, 0.4, 0.6, 0.8, 0.999)


@dataclass(frozen=True, slots=True)
class TopicModel(LinearCheck):
    """The learned checks' form (kg/extract/linear.py) with its switch: off, the extractor's topics are the rules'."""

    on: bool = False


def _bin(value: float, bins: Sequence[float]) -> int:
    return next((k for k, edge in enumerate(bins) if value < edge), len(bins))


def candidate_features(
    topic: str,
    hits: Sequence[Hit],
    scores: Mapping[str, float],
    chosen: Container[str],
) -> list[str]:
    """The features of one candidate topic of a unit: ``hits`` its hits, ``scores`` every topic's rule score,
    ``chosen`` the topics the rules chose.

    >>> h = Hit("taiwan", "e1q", True, 0, 6, "Taiwan", "!", 0)
    >>> candidate_features("taiwan", [h], {"taiwan": 6.0, "trade_economy": 2.0}, {"taiwan"})
    ... # doctest: +NORMALIZE_WHITESPACE
    ['t=taiwan', 'chosen', 't=taiwan|chosen', 'score=5', 't=taiwan|score=5', 'share=5', 'rank=0', 'others=1',
     'asked', 't=taiwan|asked', 't=taiwan|share=5', 'qhits=1', 'ahits=0', 'hits=1', 'kind=!', 'qkind=!',
     'cue=taiwan|taiwan']
    """
    score = scores[topic]
    best = max(scores.values())
    rank = sum(1 for t, s in scores.items() if s > score and t != topic)
    state = "chosen" if topic in chosen else "passed"
    out = [f"t={topic}", state, f"t={topic}|{state}"]
    out += [f"score={_bin(score, SCORE_BINS)}", f"t={topic}|score={_bin(score, SCORE_BINS)}"]
    out += [f"share={_bin(score / best, SHARE_BINS)}", f"rank={min(rank, 3)}", f"others={min(len(scores) - 1, 3)}"]
    asked = any(h.asked for h in hits)
    if asked:
        out += ["asked", f"t={topic}|asked"]
    else:
        out += [f"t={topic}|answer-only"]
    out.append(f"t={topic}|share={_bin(score / best, SHARE_BINS)}")
    out.append(f"qhits={min(sum(h.asked for h in hits), 3)}")
    out.append(f"ahits={min(sum(not h.asked for h in hits), 5)}")
    if any(not h.asked and h.sentence == 0 for h in hits):
        out.append("first")
    out.append(f"hits={min(len(hits), 4)}")
    out += sorted({f"kind={h.kind or 'o'}" for h in hits})
    out += sorted({f"qkind={h.kind or 'o'}" for h in hits if h.asked})
    out += sorted({f"cue={topic}|{h.text.lower()}" for h in hits})
    return out


def check(
    model: TopicModel,
    hits: Sequence[Hit],
    scores: Mapping[str, float],
    chosen: Sequence[str],
    scoring: TopicScoring,
    order: Mapping[str, int],
) -> list[str]:
    """The topics a unit takes once the model has checked the rules' ``chosen``: those it keeps and those it
    adds, best rule score first (ties in ``order``, as the rules rank them), at most ``scoring.max_topics``."""
    by_topic: dict[str, list[Hit]] = {}
    for h in hits:
        by_topic.setdefault(h.topic, []).append(h)
    taken = set(chosen)
    out = []
    for topic in by_topic:
        p = model.score(candidate_features(topic, by_topic[topic], scores, taken))
        if p >= (model.drop_below if topic in taken else model.add_from):
            out.append(topic)
    out.sort(key=lambda t: (-scores[t], order.get(t, len(order))))
    return out[: scoring.max_topics]


def model_path(profile_key: str) -> Path:
    return MODEL_DIR / f"topics-{profile_key}.json"


def model_to_json(model: TopicModel, about: Mapping[str, object]) -> str:
    """The model as the JSON file stores it: sorted, rounded, with what it was trained on and how it measured."""
    return dumps({"about": dict(about), "on": model.on, **check_data(model)})


def model_from_json(text: str) -> TopicModel:
    data = json.loads(text)
    return TopicModel(*check_fields(data), bool(data["on"]))


@lru_cache(maxsize=8)
def load_topic_model(profile_key: str) -> TopicModel | None:
    """The shipped model of a profile, or None where none is trained or it is switched off (the rules alone)."""
    path = model_path(profile_key)
    if not path.is_file():
        return None
    model = model_from_json(path.read_text(encoding="utf-8"))
    return model if model.on else None


def shipped_topic_model(profile_key: str) -> TopicModel | None:
    """The model file of a profile as shipped, on or off; None where there is none."""
    path = model_path(profile_key)
    return model_from_json(path.read_text(encoding="utf-8")) if path.is_file() else None
