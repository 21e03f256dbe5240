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

from kg.extract.positions.learned import CONDITIONAL, MODEL_DIR, WORD
from kg.extract.positions.lexicon import ActLexicon, may_search
from kg.extract.positions.openings import lowered

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
SCALE = 10**DIGITS  # a weight as scoring sums it: a whole number of 10^-DIGITS (what the file's rounding keeps)
LANE = 64  # bits of a packed row per adding act, and of its count (``PackedTable``)
BIAS = 1 << 48  # added to a weight in its lane, so that a lane holds a number >= 0 and 65,535 rows fit in it
MASK = (1 << LANE) - 1
QUESTION_WORD_MIN = 4  # shorter words of the question ("the", "of", "US") say little about the answer's act


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
        weight = self._table[feature][self._k]
        if not weight:
            raise KeyError(feature)
        return weight

    def __iter__(self) -> Iterator[str]:
        return (f for f, row in self._table.items() if row[self._k])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class WeightTable(Mapping[str, Sequence[float]]):
    """Feature -> its weights in each adding act, over one flat array as the model file stores it (float32, a row
    of ``width`` per feature, in the order of ``features``): a model read from its file is not parsed number by
    number (650,000 of them), and a row is a slice of the array.

    >>> t = WeightTable(["w=a", "w=b"], array("f", [0.5, 0.0, 0.0, 2.0]), 2)
    >>> list(t.get("w=b")), t.get("w=c"), len(t)
    ([0.0, 2.0], None, 2)
    """

    __slots__ = ("_index", "_weights", "_width")

    def __init__(self, features: Sequence[str], weights: array[float], width: int) -> None:
        self._index = {f: i for i, f in enumerate(features)}  # feature -> its row
        self._weights, self._width = weights, width

    def __getitem__(self, feature: str) -> Sequence[float]:
        start = self._index[feature] * self._width
        return self._weights[start : start + self._width]

    def get(self, feature: str, default: Any = None) -> Any:  # scoring's one look-up per feature, without a raise
        row = self._index.get(feature)
        return default if row is None else self._weights[row * self._width : (row + 1) * self._width]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def rows(self) -> Iterator[tuple[str, Sequence[float]]]:
        """Each feature and its row, cut from the array in one pass rather than looked up one by one."""
        return zip(self._index, zip(*[iter(self._weights)] * self._width, strict=True), strict=True)


@dataclass(frozen=True, slots=True)
class PackedTable:
    """A model's table as a sentence's score sums it: per feature one integer holding 1 in its lowest LANE bits
    (the count) and, LANE bits each in ``adding``'s order, its weight in each act in units of 10^-DIGITS plus BIAS.
    ``sum`` then adds every act's weights of a sentence at once, exactly (integers: in any order, so the question's
    features are summed once per exchange). The features of words and word pairs are keyed by the word and the
    pair, which ``sentence_features`` has before it makes their strings.

    >>> t = PackedTable.of([("w=a", (0.5, -1.25)), ("b=a_b", (0.0, 2.0)), ("first", (0.1, 0.0))], 2)
    >>> t.weights(t.total(["w=a", "b=a_b", "w=zz"])), t.weights(t.total([]))
    ([0.5, 0.75], [0.0, 0.0])
    """

    width: int
    head: dict[str, int]  # the sentence's other features: its classes, place, the question's words, the cues
    words: dict[str, int]  # w=<word>, by the word
    pairs: dict[tuple[str, str], int]  # b=<first>_<second>, by the two words

    @classmethod
    def of(cls, rows: Iterable[tuple[str, Sequence[float]]], width: int) -> PackedTable:
        shifts = range(LANE, LANE * (width + 1), LANE)
        head: dict[str, int] = {}
        words: dict[str, int] = {}
        pairs: dict[tuple[str, str], int] = {}
        for feature, row in rows:
            packed = sum(((round(w * SCALE) + BIAS) << shift for w, shift in zip(row, shifts, strict=True)), 1)
            if feature.startswith("w="):
                words[feature[2:]] = packed
            elif feature.startswith("b="):
                first, second = feature[2:].split("_", 1)  # a word has no "_" (``WORD``)
                pairs[first, second] = packed
            else:
                head[feature] = packed
        return cls(width, head, words, pairs)

    def total(self, features: Iterable[str]) -> int:
        """The packed sum of these features' rows."""
        out = 0
        for f in features:
            if f.startswith("w="):
                out += self.words.get(f[2:], 0)
            elif f.startswith("b="):
                first, second = f[2:].split("_", 1)
                out += self.pairs.get((first, second), 0)
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
        head, words = sentence_parts(lex, sentence, where)
        get = self.head.get
        total = question + sum(map(get, head, repeat(0))) + sum(map(get, cue_features(cues), repeat(0)))
        total += sum(map(self.words.get, set(words), repeat(0)))
        return total + sum(map(self.pairs.get, word_pairs(words), repeat(0)))

    def weights(self, total: int) -> list[float]:
        """Each adding act's sum of weights in a packed sum."""
        count = total & MASK
        return [(((total >> (LANE * (k + 1))) & MASK) - count * BIAS) / SCALE for k in range(self.width)]


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
            rows = self.table.rows() if isinstance(self.table, WeightTable) else self.table.items()
            object.__setattr__(self, "_packed", PackedTable.of(rows, len(self.adding)))
        assert self._packed is not None
        return self._packed


def sentence_features(
    lex: ActLexicon,
    sentence: str,
    where: tuple[int, int],
    question: frozenset[str],
    cues: Mapping[str, bool],
) -> list[str]:
    """The features of one answer sentence: ``where`` is its index and the answer's number of sentences,
    ``question`` the question's words (``question_words``), ``cues`` the acts whose cues matched in the sentence
    (True: the rules state it; False: the frames turned every match down).

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> fs = sentence_features(load_act_lexicon(), "He said we oppose it?", (0, 2), frozenset({"sanctions"}),
    ...                        {"oppose": False})
    >>> [f for f in fs if not f.startswith(("w=", "b="))]
    ['reported', 'speaker', 'question', 'first', 'q=sanctions', 'declined=oppose']
    >>> [f for f in fs if f.startswith("b=")][:2]
    ['b=<s>_he', 'b=he_said']
    """
    head, words = sentence_parts(lex, sentence, where)
    return [
        *head,
        *question_features(question),
        *cue_features(cues),
        *(f"w={w}" for w in sorted(set(words))),
        *(f"b={a}_{b}" for a, b in word_pairs(words)),
    ]


def sentence_parts(lex: ActLexicon, sentence: str, where: tuple[int, int]) -> tuple[list[str], list[str]]:
    """A sentence's features of its own besides its words' (the lexicon's classes, a question mark, its place), and
    its words: the parts of ``sentence_features`` that ``PackedTable.sentence_total`` reads too."""
    text = sentence.replace("\u2019", "'")
    words = WORD.findall(text.lower())
    out = []
    lower = lowered(text)
    for name, pattern in (("negated", lex.neg), ("reported", lex.report), ("conditional", CONDITIONAL)):
        if may_search(lex, pattern, lower) and pattern.search(text):
            out.append(name)
    if may_search(lex, lex.self_any, lower) and lex.self_any.search(text):
        out.append("speaker")
    if text.rstrip().endswith("?"):
        out.append("question")
    index, count = where
    out.append("only" if count == 1 else "first" if index == 0 else "last" if index == count - 1 else "middle")
    return out, words


def question_features(question: frozenset[str]) -> list[str]:
    return [f"q={w}" for w in sorted(question)]


def cue_features(cues: Mapping[str, bool]) -> list[str]:
    return [f"{'cue' if stated else 'declined'}={act}" for act, stated in sorted(cues.items())]


def word_pairs(words: Sequence[str]) -> Iterable[tuple[str, str]]:
    """A sentence's word pairs (the first with ``<s>``), each once, in the order they first stand."""
    return dict.fromkeys(zip(["<s>", *words], words, strict=False))


def question_words(question: str) -> frozenset[str]:
    """The question's words the features name (``q=``): lower-cased, of QUESTION_WORD_MIN letters or more."""
    return frozenset(w for w in WORD.findall(question.lower()) if len(w) >= QUESTION_WORD_MIN)


def model_path(profile_key: str) -> Path:
    return MODEL_DIR / f"sentences-{profile_key}.json"


def model_to_json(model: SentenceModel, about: dict[str, object]) -> str:
    """The model as the JSON file stores it: per act its threshold and intercept; the features (one a line) and,
    for each in that order, its weight in each act that adds (``adding``), rounded to ``DIGITS`` and packed as
    float32 little-endian in base64 (``weights``; a feature all of whose weights round to 0 is left out); the acts
    whose threshold no score reaches are named (``never``), not stored. Packed, 50,000 features by 13 acts read in
    milliseconds, where as JSON numbers they took 0.4-0.8 s in every worker.

    >>> m = SentenceModel({"oppose": ActClassifier({"w=oppose": 3.0, "w=we": 0.00001}, -1.0, 0.8)}, "sentence")
    >>> text = model_to_json(m, {})
    >>> json.loads(text)["features"], dict(model_from_json(text).acts["oppose"].weights)
    (['w=oppose'], {'w=oppose': 3.0})
    >>> model_from_json(text).adds(["w=oppose"]), model_to_json(model_from_json(text), {}) == text
    (['oppose'], True)
    """
    adding = sorted(act for act, c in model.acts.items() if c.add_from <= 1.0)
    features: list[str] = []
    packed = array("f")
    for f in sorted({f for act in adding for f in model.acts[act].weights}):
        row = [round(model.acts[act].weights.get(f, 0.0), DIGITS) + 0.0 for act in adding]
        if any(row):
            features.append(f)
            packed.extend(row)
    if sys.byteorder != "little":
        packed.byteswap()
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
        "weights": base64.b64encode(packed.tobytes()).decode("ascii"),
    }
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def model_from_json(text: str) -> SentenceModel:
    data = json.loads(text)
    adding = [str(act) for act in data["adding"]]
    packed = array("f", base64.b64decode(data["weights"]))
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
