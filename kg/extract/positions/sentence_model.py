"""The sentence classifier of acts: one logistic regression per act over an answer sentence, trained by the project
on sentences readers labelled (``tests/dev/sentences/``), to find acts the cue lists never match.

The cues bound what the learned check of ``learned.py`` can reach (it only re-scores their candidates). This model
reads every answer sentence instead, from cheap features a reader looks at: its words and word pairs, the lexicon's
classes (negation, reported speech, the speaker's side: NEG, REPORT, SELF in ``acts.ttl``), a conditional, a
question mark, where the sentence stands in the answer, the question's words, and which acts' cues matched in it
(stated by the rules, or turned down by their frames). Where the classifier of act X scores a sentence at or above
X's threshold and the rules state no X there (in the sentence, or in the exchange: the model's ``scope``), a
position of act X is added, with the sentence as evidence, its target from the resolver every act uses, and
``rule`` ``sentence_model`` (``pk:rule``), so that an analyst can tell it from the rules' positions.

The model is data (``sentences-<profile>.json``: per act the coefficients, intercept and threshold; no pickle),
trained by ``python -m kg.extract.positions.sentence_train``; scoring needs nothing but this module.

>>> m = SentenceModel({"oppose": ActClassifier({"w=oppose": 3.0, "reported": -4.0}, -1.0, 0.8)}, "sentence")
>>> m.adds(["w=oppose", "w=we"]), m.adds(["w=oppose", "reported"])
(['oppose'], [])
"""

from __future__ import annotations

import base64
import json
import math
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

from kg.extract.positions.learned import MODEL_DIR
from kg.extract.positions.lexicon import ActLexicon
from kg.extract.positions.sentence_features import (
    CLASSES,
    cue_features,
    question_features,
    sentence_classes,
    sentence_marks,
    text_and_words,
    word_pairs,
)

RULE = "sentence_model"  # the pk:rule of a position the classifier adds
SCOPES = ("sentence", "exchange")  # where the rules' own act of the same kind keeps the model from adding
NEVER = 1.01  # a threshold no score reaches
# Which of the resolver's targets an added position may take: ``any`` (as the rules' cues do); ``named``: only an
# actor the sentence itself names, or no one where the act takes no target (``sentence_added.takes_no_target``);
# ``named_or_previous``: that, or the actor the previous sentence names (a target inferred from the question, and
# no one for an act that takes a target, are left, and the position with them: out of fold on the training pages an
# added pair so aimed is right 31% and 16% of the time; tests/dev/classifier-errors-11.md).
AIMS = ("any", "named", "named_or_previous")
DIGITS = 4  # decimals a stored weight keeps: a sentence's 50-100 features move its score by 0.005 at most
SCALE: int = 10**DIGITS  # a weight as scoring sums it: a whole number of 10^-DIGITS (what the file's rounding keeps)
LANE = 64  # bits of a packed row per adding act, and of its count (``PackedTable``)
BIAS = 1 << 31  # added to a weight's int32 units in its lane (its sign bit flipped): the lane holds a number >= 0
MASK = (1 << LANE) - 1
FLIP_SIGN = bytes(b ^ 0x80 for b in range(256))  # the top byte of an int32 plus 2**31, as ``bytes.translate`` maps it


class Column(Mapping[str, float]):
    """One act's weights as a read-only view of a column of the model's table (feature -> a weight per act): a model
    read from its file is not copied into a dictionary per act (50,000 features by 13 acts).

    >>> column = Column({"w=a": (0.5, 0.0), "w=b": (0.0, 2.0)}, 1)
    >>> dict(column), column.get("w=a", 9.0), len(column)
    ({'w=b': 2.0}, 9.0, 1)
    """

    __slots__ = ("_k", "_table")

    def __init__(self, table: Mapping[str, Sequence[float]], k: int) -> None:
        self._table, self._k = table, k

    def __getitem__(self, feature: str) -> float:
        weight = self._table.weight(feature, self._k) if isinstance(self._table, WeightTable) else None
        weight = self._table[feature][self._k] if weight is None else weight
        if not weight:
            raise KeyError(feature)
        return weight

    def __iter__(self) -> Iterator[str]:
        if isinstance(self._table, WeightTable):
            return self._table.in_column(self._k)
        return (f for f, row in self._table.items() if row[self._k])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def units(weight: float) -> int:
    """A weight as the model file stores it and scoring sums it: rounded to DIGITS decimals, in 10^-DIGITS."""
    return round(round(weight, DIGITS) * SCALE)


class WeightTable(Mapping[str, Sequence[float]]):
    """Feature -> its weights in each adding act, over one flat array as the model file stores it (int32 units of
    10^-DIGITS, a row of ``width`` per feature, in the order of ``features``): a model read from its file is not
    parsed number by number (140,000 of them), and a row is a slice of the array. The index of the features is made
    at the first look-up: scoring reads the array through ``PackedTable``, not this.

    >>> t = WeightTable(["w=a", "w=b"], array("i", [5000, 0, 0, 20000]), 2)
    >>> list(t.get("w=b")), t.get("w=c"), len(t)
    ([0.0, 2.0], None, 2)
    """

    __slots__ = ("_features", "_index", "_units", "_width")

    def __init__(self, features: Sequence[str], weights: array[int], width: int) -> None:
        self._features, self._units, self._width = features, weights, width
        self._index: dict[str, int] | None = None

    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = {f: i for i, f in enumerate(self._features)}  # feature -> its row
        return self._index

    def __getitem__(self, feature: str) -> Sequence[float]:
        start = self.index()[feature] * self._width
        return [u / SCALE for u in self._units[start : start + self._width]]

    def get(self, feature: str, default: Any = None) -> Any:
        return self[feature] if feature in self.index() else default

    def __iter__(self) -> Iterator[str]:
        return iter(self.index())

    def __len__(self) -> int:
        return len(self._features)

    def weight(self, feature: str, k: int) -> float:
        """The feature's weight in the ``k``-th adding act (KeyError where it has none)."""
        return float(self._units[self.index()[feature] * self._width + k] / SCALE)

    def in_column(self, k: int) -> Iterator[str]:
        """The features with a weight in the ``k``-th adding act."""
        return (f for f, u in zip(self._features, self._units[k :: self._width], strict=True) if u)

    def packed(self) -> PackedTable:
        return PackedTable.of_units(self._features, self._units, self._width)


@dataclass(frozen=True, slots=True)
class PackedTable:
    """A model's table as a sentence's score sums it: per feature one integer holding 1 in its lowest LANE bits
    (the count) and, LANE bits each in ``adding``'s order, its weight in each act in units of 10^-DIGITS (``units``)
    plus BIAS. ``sum`` then adds every act's weights of a sentence at once, exactly (integers: in any order, so the
    question's features are summed once per exchange). The features of words and word pairs are keyed by the word
    and the pair, which ``sentence_features`` has before it makes their strings.

    >>> t = PackedTable.of([("w=a", (-0.5, -1.25)), ("b=a_b", (0.25, 2.0)), ("first", (0.1, -3.0))], 2)
    >>> t.weights(t.total(["w=a", "b=a_b", "w=zz"])), t.weights(t.total(["w=a", "first"])), t.weights(t.total([]))
    ([-0.25, 0.75], [-0.4, -4.25], [0.0, 0.0])
    """

    width: int
    head: dict[str, int]  # the sentence's other features: its classes, place, the question's words, the cues
    words: dict[str, int]  # w=<word>, by the word
    pairs: dict[tuple[str, str], int]  # b=<first>_<second>, by the two words
    # The most the lexicon's classes (``CLASSES``) can add to each act's sum: their positive weights, in the lanes
    # of a packed sum (no count).
    classes_bound: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "classes_bound", self._classes_bound())

    @classmethod
    def of(cls, rows: Iterable[tuple[str, Sequence[float]]], width: int) -> PackedTable:
        """The table of a model built from its weights (training), rounded as its file would store them."""
        features: list[str] = []
        packed = array("i")
        for feature, row in rows:
            features.append(feature)
            packed.extend(units(w) for w in row)
        return cls.of_units(features, packed, width)

    @classmethod
    def of_units(cls, features: Sequence[str], weights: array[int], width: int) -> PackedTable:
        """The table of the file's array (``WeightTable``): each row's lanes laid out as bytes (the int32 units,
        their sign bit flipped, which adds BIAS, widened to LANE bits) and read as one integer, without a step per
        weight in Python."""
        raw = weights.tobytes() if sys.byteorder == "little" else _swapped(weights)
        step, n = (width + 1) * LANE // 8, len(features)
        lanes = bytearray(step * n)
        lanes[0::step] = b"\x01" * n  # the count
        for k in range(width):
            at = (k + 1) * LANE // 8
            for b in range(3):
                lanes[at + b :: step] = raw[4 * k + b :: 4 * width]
            lanes[at + 3 :: step] = raw[4 * k + 3 :: 4 * width].translate(FLIP_SIGN)
        view = memoryview(lanes)
        packed = [int.from_bytes(view[start : start + step], "little") for start in range(0, step * n, step)]
        rows = list(zip(features, packed, strict=True))
        words = {f[2:]: p for f, p in rows if f[:2] == "w="}
        pairs = {pair_key(f): p for f, p in rows if f[:2] == "b="}
        head = {f: p for f, p in rows if f[:2] not in ("w=", "b=")}
        return cls(width, head, words, pairs)

    def total(self, features: Iterable[str]) -> int:
        """The packed sum of these features' rows."""
        out = 0
        for f in features:
            if f.startswith("w="):
                out += self.words.get(f[2:], 0)
            elif f.startswith("b="):
                out += self.pairs.get(pair_key(f), 0)
            else:
                out += self.head.get(f, 0)
        return out

    def question_total(self, question: frozenset[str]) -> int:
        """The packed sum of the question's features (``question_features``): the same for its answer's sentences."""
        return sum(map(self.head.get, question_features(question), repeat(0)))

    def sentence_total(
        self, lex: ActLexicon, sentence: str, where: tuple[int, int], question: int, cues: Mapping[str, bool]
    ) -> int:
        """The packed sum of ``sentence_features``' rows (its arguments; ``question`` the question's total), read
        from its parts without making the strings of its words and pairs."""
        text, words = text_and_words(sentence)
        return self.unclassed_total(text, words, where, question, cues) + self.classes_total(lex, text)

    def unclassed_total(
        self, text: str, words: Sequence[str], where: tuple[int, int], question: int, cues: Mapping[str, bool]
    ) -> int:
        """``sentence_total`` without the lexicon's classes (``sentence_classes``)."""
        get = self.head.get
        total = question + sum(map(get, sentence_marks(text, where), repeat(0)))
        total += sum(map(get, cue_features(cues), repeat(0))) + sum(map(self.words.get, set(words), repeat(0)))
        return total + sum(map(self.pairs.get, word_pairs(words), repeat(0)))

    def classes_total(self, lex: ActLexicon, text: str) -> int:
        return sum(map(self.head.get, sentence_classes(lex, text), repeat(0)))

    def _classes_bound(self) -> int:
        rows = [self.lanes(self.head[name]) for name in CLASSES if name in self.head]
        most = [sum(max(0, row[k]) for row in rows) for k in range(self.width)]
        return sum(m << (LANE * (k + 1)) for k, m in enumerate(most))

    def lanes(self, total: int) -> list[int]:
        """Each adding act's sum of weights in a packed sum, in units."""
        count = total & MASK
        return [((total >> (LANE * (k + 1))) & MASK) - count * BIAS for k in range(self.width)]

    def weights(self, total: int) -> list[float]:
        """Each adding act's sum of weights in a packed sum."""
        return [u / SCALE for u in self.lanes(total)]


@dataclass(frozen=True, slots=True)
class ActClassifier:
    """One act's logistic regression over string features, and the score from which it adds a position."""

    weights: Mapping[str, float]
    intercept: float
    add_from: float

    def score(self, features: Iterable[str]) -> float:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class SentenceModel:
    """A classifier per act; ``scope`` says where a rule position of the same act keeps it from adding; ``on``
    whether the extractor uses it by default (the switch of its profile: a model measured but not kept is off)."""

    acts: dict[str, ActClassifier]
    scope: str
    on: bool = True
    aim: str = "any"  # one of AIMS
    # The table as the model file holds it (a row of weights per feature, the adding acts in sorted order), where
    # the model was read from one: taken as it is instead of built again from the acts' weights.
    rows: Mapping[str, Sequence[float]] | None = field(default=None, repr=False, compare=False)
    # The acts that add, in sorted order, and per feature its weight in each of them.
    adding: tuple[str, ...] = field(init=False, repr=False, compare=False)
    table: Mapping[str, Sequence[float]] = field(init=False, repr=False, compare=False)
    # The table packed for scoring (``PackedTable``: one look-up per feature scores every act), made at the first
    # score: the sums of the weights rounded as the file stores them, exact where ``ActClassifier.score`` adds floats.
    _packed: PackedTable | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.aim not in AIMS:
            raise ValueError(f"a sentence model's aim is one of {AIMS}, not {self.aim!r}")
        adding = tuple(sorted(a for a, c in self.acts.items() if c.add_from <= 1.0))
        if self.rows is not None:
            object.__setattr__(self, "adding", adding)
            object.__setattr__(self, "table", self.rows)
            return
        rows: dict[str, list[float]] = {}
        for k, act in enumerate(adding):
            for f, w in self.acts[act].weights.items():
                rows.setdefault(f, [0.0] * len(adding))[k] = w
        object.__setattr__(self, "adding", adding)
        object.__setattr__(self, "table", {f: tuple(r) for f, r in rows.items()})

    @property
    def adds_nothing(self) -> bool:
        return not self.adding

    def adds(self, features: Iterable[str]) -> list[str]:
        """The acts whose classifier reaches its threshold on a sentence of these features, in sorted order."""
        return self.adds_total(self.packed().total(features))

    def sentence_adds(
        self, lex: ActLexicon, sentence: str, where: tuple[int, int], question: int, cues: Mapping[str, bool]
    ) -> list[str]:
        """``adds`` of ``sentence_features``' features (its arguments; ``question`` the packed sum of the question's,
        ``PackedTable.question_total``), summed from their parts. Where even the positive weights of every class
        of the lexicon would not lift an act to its threshold, its patterns are not searched: the sum with them is
        no larger, and a score rises with its sum (an exact skip; 4 sentences in 5 on the corpus pages)."""
        table = self.packed()
        text, words = text_and_words(sentence)
        total = table.unclassed_total(text, words, where, question, cues)
        if not self.adds_total(total + table.classes_bound):
            return []
        return self.adds_total(total + table.classes_total(lex, text))

    def adds_total(self, total: int) -> list[str]:
        """``adds`` of the features whose packed sum is ``total`` (``PackedTable``)."""
        out = []
        for act, weight in zip(self.adding, self.packed().weights(total), strict=True):
            c = self.acts[act]
            if 1.0 / (1.0 + math.exp(-(c.intercept + weight))) >= c.add_from:
                out.append(act)
        return out

    def packed(self) -> PackedTable:
        if self._packed is None:
            table = self.table
            packed = (
                table.packed() if isinstance(table, WeightTable) else PackedTable.of(table.items(), len(self.adding))
            )
            object.__setattr__(self, "_packed", packed)
        assert self._packed is not None
        return self._packed


def pair_key(feature: str) -> tuple[str, str]:
    """A pair's feature ``b=<first>_<second>`` as (first, second), as ``PackedTable.pairs`` keys it (a word has no
    "_": ``WORD``)."""
    first, _, second = feature[2:].partition("_")
    return first, second


def _swapped(weights: array[int]) -> bytes:
    """The array's bytes little-endian, on a big-endian machine."""
    swapped = array(weights.typecode, weights)
    swapped.byteswap()
    return swapped.tobytes()


def model_path(profile_key: str) -> Path:
    return MODEL_DIR / f"sentences-{profile_key}.json"


def model_to_json(model: SentenceModel, about: dict[str, object]) -> str:
    """The model as the JSON file stores it: per act its threshold and intercept; the features (one a line) and,
    for each in that order, its weight in each act that adds (``adding``) in units of 10^-DIGITS (``units``;
    ``scale``), packed as int32 little-endian in base64 (``weights``; a feature all of whose weights round to 0 is
    left out); the acts whose threshold no score reaches are named (``never``), not stored. Packed, 23,000 features
    by 6 acts read in milliseconds, where as JSON numbers they took 0.4-0.8 s in every worker; as whole units they
    are what scoring sums (``PackedTable``), with no float to round.

    >>> m = SentenceModel({"oppose": ActClassifier({"w=oppose": 3.0, "w=we": 0.00001}, -1.0, 0.8)}, "sentence")
    >>> text = model_to_json(m, {})
    >>> json.loads(text)["features"], dict(model_from_json(text).acts["oppose"].weights)
    (['w=oppose'], {'w=oppose': 3.0})
    >>> model_from_json(text).adds(["w=oppose"]), model_to_json(model_from_json(text), {}) == text
    (['oppose'], True)
    """
    adding = sorted(act for act, c in model.acts.items() if c.add_from <= 1.0)
    features: list[str] = []
    packed = array("i")
    for f in sorted({f for act in adding for f in model.acts[act].weights}):
        row = [units(model.acts[act].weights.get(f, 0.0)) for act in adding]
        if any(row):
            features.append(f)
            packed.extend(row)
    if sys.byteorder != "little":
        packed.byteswap()
    assert packed.itemsize == 4  # int32 as the file says
    data = {
        "about": about,
        "scope": model.scope,
        "on": model.on,
        "acts": {
            act: {"add_from": model.acts[act].add_from, "intercept": round(model.acts[act].intercept, 6)}
            for act in adding
        },
        "adding": adding,
        "aim": model.aim,
        "never": sorted(act for act, c in model.acts.items() if c.add_from > 1.0),
        "features": features,
        "scale": SCALE,
        "weights": base64.b64encode(packed.tobytes()).decode("ascii"),
    }
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def model_from_json(text: str) -> SentenceModel:
    data = json.loads(text)
    if data.get("scale") != SCALE:  # a file of float32 weights (before session 15), or of other units
        raise ValueError(f"a sentence model's weights are int32 units of 1/{SCALE}: retrain it (sentence_train)")
    adding = [str(act) for act in data["adding"]]
    packed = array("i", base64.b64decode(data["weights"]))
    if sys.byteorder != "little":
        packed.byteswap()
    table = WeightTable(data["features"], packed, len(adding))
    acts: dict[str, ActClassifier] = {
        act: ActClassifier(
            Column(table, k), float(data["acts"][act]["intercept"]), float(data["acts"][act]["add_from"])
        )
        for k, act in enumerate(adding)
    }
    acts.update({str(act): ActClassifier({}, 0.0, NEVER) for act in data.get("never", ())})
    return SentenceModel(acts, str(data["scope"]), bool(data["on"]), str(data.get("aim", "any")), rows=table)


@lru_cache(maxsize=8)
def load_sentence_model(profile_key: str) -> SentenceModel | None:
    """The shipped classifier of a profile, or None where none is trained, it is off or it adds nothing (the rules
    alone then). A file that is off is not parsed: its weights (several MB) would cost every worker 0.1-0.3 s."""
    path = model_path(profile_key)
    if not path.is_file() or not switched_on(path.read_bytes()):
        return None
    model = model_from_json(path.read_text(encoding="utf-8"))
    return None if not model.on or model.adds_nothing else model


def switched_on(text: bytes) -> bool:
    """Whether a model file as ``model_to_json`` writes it is on, read from its top-level switch line (one space of
    indent: the weights are indented deeper) without parsing the file.

    >>> switched_on(model_to_json(SentenceModel({}, "sentence", on=False), {}).encode())
    False
    >>> switched_on(model_to_json(SentenceModel({}, "sentence", on=True), {}).encode())
    True
    """
    return b'\n "on": true,\n' in text


def shipped_sentence_model(profile_key: str) -> SentenceModel | None:
    """The classifier file of a profile as shipped, on or off; None where there is none."""
    path = model_path(profile_key)
    return model_from_json(path.read_text(encoding="utf-8")) if path.is_file() else None
