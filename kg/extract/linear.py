"""The learned checks' one form: a logistic regression over string features with the two thresholds that apply it
(drop a rule's item scored below ``drop_below``, add a turned-down one scored from ``add_from``), and its JSON file.
The check of acts (``positions/learned.py``) and of topics (``topic_model.py``) are both this; scoring needs nothing
but this module, training is the trainers' (scikit-learn).

>>> m = LinearCheck({"w=oppose": 2.0}, -1.0, 0.3, 0.9)
>>> round(m.score(["w=oppose"]), 3), m.adds_nothing
(0.731, False)
>>> fields = check_fields(json.loads(json.dumps(check_data(m))))
>>> LinearCheck(*fields) == m
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LinearCheck:
    """A logistic regression over string features, and the two thresholds that apply it."""

    weights: dict[str, float]
    intercept: float
    drop_below: float
    add_from: float

    @property
    def changes_nothing(self) -> bool:
        """Thresholds that neither drop a rule's item nor add a candidate."""
        return self.drop_below <= 0.0 and self.add_from > 1.0

    @property
    def adds_nothing(self) -> bool:
        """Thresholds that never add a turned-down candidate (a score never exceeds 1): only the rules' items need
        scoring."""
        return self.add_from > 1.0

    def score(self, features: Iterable[str]) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))


def check_data(model: LinearCheck) -> dict[str, object]:
    """The fields of a check as its JSON file stores them: weights sorted and rounded, zeros left out."""
    return {
        "intercept": round(model.intercept, 6),
        "drop_below": model.drop_below,
        "add_from": model.add_from,
        "weights": {k: round(v, 6) for k, v in sorted(model.weights.items()) if round(v, 6) != 0.0},
    }


def check_fields(data: Mapping[str, Any]) -> tuple[dict[str, float], float, float, float]:
    """A check's fields read back from ``check_data``'s form, in the order ``LinearCheck`` takes them."""
    weights = {str(k): float(v) for k, v in data["weights"].items()}
    return weights, float(data["intercept"]), float(data["drop_below"]), float(data["add_from"])


def dumps(data: Mapping[str, object]) -> str:
    """A model file's text: sorted keys, one space of indent, a final newline (diffs of a retraining stay small)."""
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
