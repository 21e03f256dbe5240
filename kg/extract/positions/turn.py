"""What the stages read of one turn: its normalised text, sentences and actors (``Reading``), and what a frame
passes on to target resolution (``Verdict``).

>>> from kg.types import EntityKind, EntityRef
>>> from kg.extract.positions.lexicon import load_act_lexicon
>>> usa, rus = EntityRef(EntityKind.COUNTRY, "USA"), EntityRef(EntityKind.COUNTRY, "RUS")
>>> text = "China and Russia oppose what the US has done."
>>> r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [(10, 16, rus), (33, 35, usa)], [10, 33])
>>> [a[2].key for a in facing(r, 0, len(text))]  # Russia stands on China's side of the sentence
['USA']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg.extract.positions.lexicon import ActLexicon, group_key
from kg.extract.positions.openings import Folded, fold, opening_starts
from kg.types import EntityKind, EntityRef

# Where a clause starts, for the report check and the target search: semicolons, colons, dashes, and the
# conjunctions that open a new clause after a comma.
CLAUSE_BREAK = re.compile(r"[;:]|\s[-\u2013\u2014]+\s|,\s*(?:which|but|yet|while|whereas|and this|this|then)\b|\sbut\s")
SELF_AFTER = re.compile(r"\s+and\s+China(?![\w'])")
BY_AFTER = re.compile(r"\s+by(?![\w])", re.I)
OWN_SOURCE = re.compile(r"\s+(?:what\s+(?:we|I)\b|my\b|our\b|the\s+information\s+(?:we|I)\b)", re.I)
ON_AFTER = re.compile(r"\s+(?:on|upon)(?![\w])", re.I)
THINKING = re.compile(r"think|thinks|believe|believes", re.I)  # verbs of opinion a rhetorical question puts
# A target as a frame or a search finds it, before resolution: an actor, or a pointer to resolve.
ACTOR, GENERIC, CONTEXT, SOLE, PREVIOUS = "actor", "generic", "context", "sole", "previous"
MENTIONED = "mentioned"  # "the countries you mentioned": the question's sole actor, else the pair it names
PARTIES = "parties"  # "all relevant parties": the states the question (or the part answered) is about
OTHERS = "others"  # "We ask foreign governments to ...": states left unnamed, the question's where the act answers it
AS_MENTIONED = re.compile(r"mentioned|referred|cited|in question", re.I)
Ref = tuple[str, tuple[EntityRef, ...]]  # (ACTOR, actors) or (GENERIC | CONTEXT | SOLE | PREVIOUS, ())
# "The relevant countries", "some countries": several states, so the question's actor only where it is alone.
PLURAL_STATES = re.compile(r"(?:countries|states|governments|nations|sides|parties)(?![\w])", re.I)
# The previous sentence's subject was a place, which is never a target: a pronoun that follows refers to no one.
NOBODY = EntityRef(EntityKind.PLACE, "")
# Actors named together share an act: "the US and the DPRK", "the US side and the Canadian side".
OTHER_GROUP = re.compile(r"\s*,?\s+(?:and|as well as)\s+other\s+")  # "the DRC and other African countries"
COORDINATION = re.compile(
    r"(?:'s)?(?:\s+(?:side|government|governments))?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+|-)(?:the\s+)?"
    r"(?:(?:government|people|leaders|authorities) of\s+(?:the\s+)?)?"
)


@dataclass(frozen=True, slots=True)
class Verdict:
    negated: bool
    start: int  # where the frame's words begin (the subject), for the intensity search
    ref: Ref | None  # a target the frame fixed (addressee, modal subject), or None
    partners: tuple[EntityRef, ...] = ()  # actors of a joint subject with China ("China and ASEAN will ...")
    needs_target: bool = False  # an evaluation inside the speaker's own clause counts only against a named actor


CLAUSE_REACH = 600  # characters; the corpus's longest sentence has 922, its clauses far fewer


@dataclass(slots=True)
class Reading:
    """What the frames look at while one turn is read: its normalised text, sentences and actors."""

    lex: ActLexicon
    text: str
    norm: str
    spans: tuple[tuple[int, int], ...]
    starts: list[int]
    actors: list[tuple[int, int, EntityRef]]  # sorted by start
    actor_starts: list[int]
    sole: EntityRef | None = None  # the question's actor where it names only one: "relevant countries" may mean it
    places: tuple[tuple[int, int], ...] = ()  # where places are named in the turn
    asked_pair: tuple[EntityRef, ...] = ()  # two actors the question names together: whom "the two sides" means
    parties: tuple[EntityRef, ...] = ()  # the states of the question (or the part answered): "the relevant parties"
    previous_all: tuple[EntityRef, ...] = ()  # the previous sentence's first actor and those named together with it
    previous_bloc: EntityRef | None = None  # the bloc a group of states the previous sentence names stands for
    imposer: EntityRef | None = None  # the state the question names as imposing sanctions ("The US introduced ...")
    folded: Folded | None = field(init=False)  # ``openings.fold`` of the text, made once for the cues and guards
    # a pattern's name -> where in the turn its guard's openings begin (``may_find``), found at the first question
    opening_starts: dict[str, list[int] | None] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.folded = fold(self.norm)

    def may_find(self, pattern: str, start: int, end: int) -> bool:
        """False where the lexicon's pattern named ``pattern`` (``ActLexicon.window_guards``) cannot match inside
        [start, end) of the turn, because no literal opening of a part every match of it holds (its guard) begins
        there: one pass of the guard over the turn, then a bisection per question, in place of a search that tries
        the pattern at each character of each sentence. True where the pattern has no guard.

        >>> from kg.extract.positions.lexicon import load_act_lexicon
        >>> text = "We will work with all parties. It is good."
        >>> r = Reading(load_act_lexicon(), text, text, ((0, 30), (31, 42)), [0, 31], [], [])
        >>> everyone = r.lex.grammar.everyone
        >>> r.may_find("grammar.everyone", 0, 30), r.may_find("grammar.everyone", 31, 42), bool(everyone.search(text))
        (True, False, True)
        """
        if pattern not in self.opening_starts:
            self.opening_starts[pattern] = opening_starts(self.lex.window_guards.get(pattern), self.folded)
        starts = self.opening_starts[pattern]
        if starts is None:
            return True
        i = bisect.bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    def addressed_to_everyone(self, start: int, end: int) -> bool:
        """Whether the lexicon's ``grammar.everyone`` ("all forms of", "with other parties") matches inside
        [start, end) of the turn. Its guard holds the openings of its matches themselves, so every match begins
        where ``may_find`` finds one: the pattern is tried there alone, not searched from each character of the
        sentence (over 400 briefings' answers, 7,586 of 22,771 sentences hold an opening such as "with " or "the i",
        1,094 a match; the check 0.055 -> 0.017 s).

        >>> from kg.extract.positions.lexicon import load_act_lexicon
        >>> text = "We will work with all parties. We work with them."
        >>> r = Reading(load_act_lexicon(), text, text, ((0, 30), (31, 49)), [0, 31], [], [])
        >>> r.addressed_to_everyone(0, 30), r.addressed_to_everyone(31, 49), r.addressed_to_everyone(0, 20)
        (True, False, False)
        """
        everyone = self.lex.grammar.everyone
        if not self.may_find("grammar.everyone", start, end):
            return False
        starts = self.opening_starts["grammar.everyone"]
        if starts is None:  # no guard, or a text lower case does not fold: searched in full
            return everyone.search(self.norm, start, end) is not None
        match, norm = everyone.match, self.norm
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return any(match(norm, at, end) is not None for at in starts[first:last])

    def clause_start(self, sent_start: int, pos: int) -> int:
        # Only the last CLAUSE_REACH characters can hold the clause of ``pos``: without the bound, a sentence
        # with no full stops (scraped pages lose them) costs time quadratic in its length.
        start = max(sent_start, pos - CLAUSE_REACH)
        for m in CLAUSE_BREAK.finditer(self.norm, start, pos):
            start = m.end()
        return start

    def reported(self, sent_start: int, pos: int) -> bool:
        """Whether a reporting verb with someone else as its subject governs ``pos``."""
        cs = self.clause_start(sent_start, pos)
        for rm in self.lex.report.finditer(self.norm, cs, pos):
            if self.lex.noun_before.search(self.norm, max(cs, rm.start() - 16), rm.start()):
                continue  # "such claims", "member states", "the United States": a noun, not a verb of saying
            if self.lex.passive_before.search(self.norm, max(cs, rm.start() - 20), rm.start()):
                continue  # "whether it will be added to the list": a passive names no one who speaks
            if ON_AFTER.match(self.norm, rm.end()):
                continue  # "if it insists on escalating frictions": insisting on a course is no report of words
            if BY_AFTER.match(self.norm, rm.end()) or self.lex.words_as_object.search(
                self.norm, max(cs, rm.start() - 20), rm.start()
            ):
                continue  # "the freedom claimed by the US", "what you said is not true": words as a thing judged
            if rm.group().lower().startswith("according") and OWN_SOURCE.match(self.norm, rm.end()):
                continue  # "according to what we know": the speaker's own source
            if THINKING.fullmatch(rm.group()) and self.asks(sent_start):
                continue  # "Do they really think they can justify their groundless speculation?": the speaker asks
            if self.lex.self_any.search(self.norm, cs, rm.start()) is None:
                return True
        return False

    def asks(self, sent_start: int) -> bool:
        """Whether the sentence starting at ``sent_start`` is a question."""
        i = bisect.bisect_right(self.starts, sent_start) - 1
        return self.norm[self.spans[i][0] : self.spans[i][1]].rstrip(" \"')").endswith("?")

    def actors_between(self, start: int, end: int) -> list[tuple[int, int, EntityRef]]:
        i = bisect.bisect_left(self.actor_starts, start)
        j = bisect.bisect_left(self.actor_starts, end)
        return self.actors[i:j]


def previous_start(tc: Reading, ss: int) -> int:
    """Where the sentence before the one starting at ``ss`` starts (``ss`` itself for the first)."""
    i = bisect.bisect_right(tc.starts, ss) - 1
    return tc.spans[i - 1][0] if i > 0 else ss


def facing(tc: Reading, start: int, end: int) -> list[tuple[int, int, EntityRef]]:
    """The actors between ``start`` and ``end`` that can face China: an actor named together with China ("China
    and Russia believe", "exporting nations, like Russia and China") stands on China's side of that phrase."""
    return [
        a
        for a in tc.actors_between(start, end)
        if not tc.lex.self_and_end.search(tc.norm, max(start, a[0] - 40), a[0])
        and not SELF_AFTER.match(tc.norm, a[1], end)
    ]


def coordinated(tc: Reading, actors: list[tuple[int, int, EntityRef]]) -> tuple[EntityRef, ...]:
    """The first actor of ``actors`` and those coordinated with it ("the US and the DPRK"), with the bloc of a group
    of states named among them ("the DRC and other African countries as well as the WHO": the AU too, groups.ttl)."""
    out = [actors[0][2]]
    end, k = actors[0][1], 1
    while True:
        if k < len(actors) and COORDINATION.fullmatch(tc.norm, end, actors[k][0]):
            out.append(actors[k][2])
            end, k = actors[k][1], k + 1
            continue
        joined = OTHER_GROUP.match(tc.norm, end)
        bloc = tc.lex.groups.match(tc.norm, joined.end()) if joined is not None else None
        if bloc is None or (ref := tc.lex.group_of.get(group_key(bloc.group()))) is None:
            return tuple(dict.fromkeys(out))
        out.append(ref)
        end = bloc.end()


def deictic_kind(phrase: str) -> str:
    if PLURAL_STATES.search(phrase):
        return MENTIONED if AS_MENTIONED.search(phrase) else SOLE
    return CONTEXT
