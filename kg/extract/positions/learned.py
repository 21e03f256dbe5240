"""The learned check of acts: a logistic regression over every candidate the cues find, trained by the project.

The rules (lexicon, frames) find candidates with high recall: every cue match, those the frames accept (the rules'
positions) and those they turn down (reported speech, negation, a subject other than the speaker, a question).
The model scores each candidate (act, sentence) from features a reader would look at: the cue and its act, the
frames' verdict, the sentence's words, negation, reported speech, conditionals, a question mark, who the subject
is, where in the answer the sentence stands, the target and how it was found. A rule position is dropped where
its score is below ``drop_below``; a turned-down candidate is added where its score reaches ``add_from``.

The model is data (``acts-<profile>.json``: the vocabulary's coefficients and the intercept, no pickle), trained
by ``python -m kg.extract.positions.train`` from the gold and development sets the project ships; scoring needs
nothing but this module. Its cross-validated figures are in the README ("Positions: the learned check").

>>> m = ActModel({"act=oppose": 2.0, "w=said": -3.0}, -0.5, 0.5, 0.5)
>>> round(m.score(["act=oppose"]), 3), round(m.score(["act=oppose", "w=said"]), 3)
(0.818, 0.182)
"""

from __future__ import annotations

import json
import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.extract.linear import LinearCheck, check_data, check_fields, dumps
from kg.extract.positions.lexicon import ActLexicon, load_act_lexicon, may_search
from kg.extract.positions.openings import lowered
from kg.types import EntityRef, Position

MODEL_DIR = Path(__file__).resolve().parent
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Closed word classes the features name: they describe grammar, not the acts (those live in acts.ttl).
# Negation, reported speech and the speaker's side are the lexicon's (acts.ttl: NEG, REPORT, SELF); a conditional
# is told by a closed class of grammar words.
CONDITIONAL = re.compile(r"(?<![\w])(?:if|would|could|whether|might|unless)(?![\w])", re.I)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One (act, target) read in one sentence, by the rules or turned down by their frames."""

    position: Position
    accepted: bool  # the rules state it
    sentence: int  # the sentence's index in its turn
    sentences: int  # how many sentences the turn has
    rule_acts: frozenset[str]  # the acts the rules state in the same sentence
    asked: EntityRef | None  # the actor the question (or the part answered) is about


ActModel = LinearCheck  # the check of acts: the learned checks' one form (kg/extract/linear.py)


def features(c: Candidate, lex: ActLexicon | None = None, known: Container[str] | None = None) -> list[str]:
    """The features of one candidate, as strings; with ``known`` (a model's weights), only the words it knows (a
    word it does not know adds nothing to a score: ``decide`` need not name it).

    >>> from kg.types import EntityKind
    >>> p = Position("e1", "a1", "oppose", "CHN", None, EntityRef(EntityKind.COUNTRY, "USA"), None, None,
    ...              "He said we oppose it.", 0, 21, "oppose_self", "previous_sentence")
    >>> fs = features(Candidate(p, False, 0, 3, frozenset(), None))
    >>> [f for f in fs if not f.startswith("w=")]  # doctest: +NORMALIZE_WHITESPACE
    ['act=oppose', 'rule=oppose_self', 'src=declined', 'act_src=oppose|declined', 'reported', 'speaker',
     'target=country', 'inferred=previous_sentence', 'first', 'others=0']
    """
    lex = lex or load_act_lexicon()
    p = c.position
    src = "rule" if c.accepted else "declined"
    text = p.evidence.replace("\u2019", "'")
    bag = set(WORD.findall(text.lower()))
    out = [f"act={p.act}", f"rule={p.rule}", f"src={src}", f"act_src={p.act}|{src}"]
    lower = lowered(text)  # the patterns are searched only where the lexicon's guard of their openings says
    for name, pattern in (("negated", lex.neg), ("reported", lex.report), ("conditional", CONDITIONAL)):
        if may_search(lex, pattern, lower) and pattern.search(text):
            out.append(name)
    if may_search(lex, lex.self_any, lower) and lex.self_any.search(text):
        out.append("speaker")
    if p.evidence.rstrip().endswith("?"):
        out.append("question")
    kind = p.target.kind.value if p.target else "none"
    out.append(f"target={kind}")
    if p.target_rule:
        out.append(f"inferred={p.target_rule}")
    if p.target is not None and p.target == c.asked:
        out.append("target_asked")
    out.append("first" if c.sentence == 0 else ("last" if c.sentence == c.sentences - 1 else "middle"))
    others = len(c.rule_acts - {p.act})
    out.append(f"others={min(others, 2)}")
    words = (f"w={w}" for w in sorted(bag))
    out.extend(words if known is None else (w for w in words if w in known))
    return out


def decide(model: ActModel, candidates: Sequence[Candidate], lex: ActLexicon | None = None) -> tuple[Position, ...]:
    """The rules' positions the model keeps and the turned-down candidates it adds, in briefing order (candidates
    come turn by turn, each turn's rule positions first). A model whose thresholds neither drop nor add leaves the
    rules' positions as they are, unscored."""
    if model.changes_nothing:
        return tuple(c.position for c in candidates if c.accepted)
    rank: dict[str, int] = {}
    chosen = []
    for c in candidates:
        rank.setdefault(c.position.turn, len(rank))
        score = model.score(features(c, lex, model.weights))
        if score >= (model.drop_below if c.accepted else model.add_from):
            chosen.append(c.position)
    return tuple(sorted(chosen, key=lambda p: (rank[p.turn], p.start)))


def model_path(profile_key: str) -> Path:
    return MODEL_DIR / f"acts-{profile_key}.json"


def model_to_json(model: ActModel, about: dict[str, object]) -> str:
    """The model as the JSON file stores it: sorted, rounded, with what it was trained on."""
    return dumps({"about": about, **check_data(model)})


def model_from_json(text: str) -> ActModel:
    return ActModel(*check_fields(json.loads(text)))


@lru_cache(maxsize=8)
def load_act_model(profile_key: str) -> ActModel | None:
    """The shipped model of a profile's language, or None where none is trained (the rules alone then)."""
    path = model_path(profile_key)
    return model_from_json(path.read_text(encoding="utf-8")) if path.is_file() else None
