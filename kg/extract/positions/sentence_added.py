"""Where the sentence classifier (``sentence_model.py``) adds a position: in an answer sentence whose rules state no
position of the act, with the sentence as evidence and the target from the resolver every act uses.

The target is found as for a cue of the act: where the frames turned down a cue match of the act in the sentence,
as for that match; else as for the act's own kind of cue (``cue_for``: the target policy most of the act's cues in
``acts.ttl`` have, an object policy read over the whole sentence), from the sentence's start.

>>> from kg.extract.positions.lexicon import load_act_lexicon
>>> lex = load_act_lexicon()
>>> [(a, cue_for(lex, a).target) for a in ("criticize", "no_comment", "oppose", "sovereignty")]
[('criticize', 'question'), ('no_comment', 'none'), ('oppose', 'sentence'), ('sovereignty', 'asked')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kg.extract.positions.inference import aimed
from kg.extract.positions.lexicon import ActCue, ActLexicon
from kg.extract.positions.sentence_features import sentence_features
from kg.extract.positions.sentence_model import RULE, SentenceModel
from kg.extract.positions.targets import resolve_targets
from kg.extract.positions.turn import Reading, Verdict
from kg.types import EntityRef, Position

# Target policies that read the object after the cue's verb: with no verb, the sentence's actors are read instead.
OBJECT_POLICIES = frozenset({"after", "partner", "clause", "subject"})
Hit = tuple[int, int, ActCue, Verdict]
Make = Callable[[ActCue, EntityRef | None, str | None], Position]


@dataclass(frozen=True, slots=True)
class SentenceRecord:
    """One answer sentence the classifier read (training collects them): the sentence's turn, index and span, its
    features, the acts the rules state in it, and the positions the classifier would add, by act."""

    turn: str
    index: int
    start: int
    end: int
    features: tuple[str, ...]
    stated: frozenset[str]
    added: tuple[Position, ...]
    text: str = ""


@dataclass(frozen=True, slots=True)
class Classifying:
    """What the classifier reads of one exchange: the model, the question's words, and where records go."""

    model: SentenceModel
    question: frozenset[str]
    sink: list[SentenceRecord] | None = None
    # The packed sum of the question's features (``PackedTable``), the same for every sentence of the answer.
    question_total: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "question_total", self.model.packed().question_total(self.question))


def cue_for(lex: ActLexicon, act: str) -> ActCue:
    """The cue an added position of ``act`` is resolved as: the act's most common target policy, an object policy
    read as ``sentence``."""
    policies = Counter(c.target for c in lex.cues.values() if c.act == act)
    policy = min(policies.items(), key=lambda kv: (-kv[1], kv[0]))[0] if policies else "sentence"
    return ActCue(RULE, act, "self", "pos", "sentence" if policy in OBJECT_POLICIES else policy, "")


def takes_no_target(lex: ActLexicon, act: str) -> bool:
    """Whether an act is stated to no one as its cues read it (no_comment): an added position of it is untargeted
    under the ``named`` aim too."""
    return cue_for(lex, act).target == "none"


# The inference rules (``Position.target_rule``) whose targets each aim keeps besides those named in the sentence.
AIM_INFERENCES = {"named": frozenset(), "named_or_previous": frozenset({"previous_sentence"})}


def aimed_as_asked(aim: str, untargeted_act: bool, target_named: bool, inferred_by: str | None) -> bool:
    """Whether an added position whose target is ``target_named`` (an actor, not no one) and was ``inferred_by`` a
    rule (None: named in the sentence) is kept under ``aim`` (``sentence_model.AIMS``).

    >>> [aimed_as_asked("named", False, True, None), aimed_as_asked("named", False, True, "previous_sentence")]
    [True, False]
    >>> [aimed_as_asked("named", False, False, None), aimed_as_asked("named", True, False, None)]
    [False, True]
    >>> [aimed_as_asked("named_or_previous", False, True, r) for r in (None, "previous_sentence", "question_actor")]
    [True, True, False]
    >>> aimed_as_asked("any", False, True, "question_actor")
    True
    """
    if aim == "any":
        return True
    return (inferred_by is None or inferred_by in AIM_INFERENCES[aim]) and (target_named or untargeted_act)


def classified(
    tc: Reading,
    i: int,
    reading: Classifying,
    stated: Sequence[str],
    turned_down: Sequence[Hit],
    around: tuple[EntityRef | None, EntityRef | None],
    make: Make,
) -> list[Position]:
    """The positions the classifier adds in sentence ``i``: an act it scores at its threshold and the rules do not
    state there, one position per target. ``around`` is the previous sentence's actor and the question's."""
    ss, se = tc.spans[i]
    cues = {cue.act: False for _s, _e, cue, _v in turned_down}
    cues.update({act: True for act in stated})
    sentence, where = tc.text[ss:se], (i, len(tc.spans))
    if reading.sink is None:  # its features summed from their parts, their strings not made
        scored = reading.model.sentence_adds(tc.lex, sentence, where, reading.question_total, cues)
    else:  # training keeps them
        features = sentence_features(tc.lex, sentence, where, reading.question, cues)
        scored = reading.model.adds(features)
    acts = [act for act in scored if act not in cues or not cues[act]]
    out: list[Position] = []
    for act in acts:
        untargeted = takes_no_target(tc.lex, act)
        out.extend(
            p
            for p in _positions(tc, i, act, turned_down, around, make)
            if aimed_as_asked(reading.model.aim, untargeted, p.target is not None, p.target_rule)
        )
    if reading.sink is not None:
        reading.sink.append(SentenceRecord("", i, ss, se, tuple(features), frozenset(stated), tuple(out), sentence))
    return out


def _positions(
    tc: Reading,
    i: int,
    act: str,
    turned_down: Sequence[Hit],
    around: tuple[EntityRef | None, EntityRef | None],
    make: Make,
) -> list[Position]:
    ss, se = tc.spans[i]
    previous, context = around
    hit = next((h for h in turned_down if h[2].act == act), None)
    cue, s, e = (hit[2], hit[0], hit[1]) if hit else (cue_for(tc.lex, act), ss, ss)
    seen: dict[EntityRef | None, Position] = {}
    for found in resolve_targets(tc, cue, Verdict(False, s, None), i, s, e, previous, context, se):
        target, inferred = aimed(tc, found, ss, se, previous, context, act)
        if target not in seen:
            seen[target] = make(cue_for(tc.lex, act), target, inferred)
    return list(seen.values())
