"""The positions the spokesperson states: which act, toward whom, on what, in which sentence.

The acts and their cue patterns are data (``ontology/acts.ttl``); this module holds the grammar that decides
whether a cue match is the spokesperson's own act. For every answer and statement it runs one combined pattern
per act over the turn, then checks each match against its cue's *frame* (is the spokesperson's side the
subject? is it negated? is someone else's stance being reported?), and resolves the target: an actor named in
the clause, else a phrase pointing back ("they", "the relevant country") resolved from the previous sentence or
the question. One position per sentence and (act, target); the evidence is the sentence as written.

Decisions
- Negation blocks an act ("China has never opposed ...", "We do not support ..."); cues with polarity ``neg``
  turn a negated verb into its own act: "do not support/endorse" is *oppose*, "cannot accept / do not agree
  with" is *reject*, "I'm not aware" is *no_comment*. "should not" keeps a demand a demand.
- A clause that reports someone else's words ("Russia said it opposes ...", "The US accused China of ...")
  yields nothing, unless the spokesperson's side speaks first ("As I said, we oppose ...").
- Targets are states and organisations; a person stands for the state the gazetteer says they serve.
  China (the holder), places and outlets are never targets. "All parties", "the international community"
  leave the target empty.
- The speaker's subject also governs predicates coordinated with its own ("We have noted the reports and
  welcome ..."), but not past a subordinate clause or a call on someone else ("We urge the US to X and Y");
  "China and ASEAN will deepen cooperation" names the partner in the subject.
- A verb's object ends at the next verb of the speaker ("opposes the use of chemical weapons ... and supports
  the OPCW"); an actor that undergoes the object ("sanctions against Iran") is no target.
- An evaluation that names no one ("So-called 'cover-up' is groundless") aims at the actor the question is about;
  in a multi-part question, at the actor of the part the answer takes up ("On your second question, ...").
  Evaluations in the speaker's own clause ("China opposes so-called long-arm jurisdiction by certain country")
  count only where they name whom they accuse.
- Plural pointers ("the relevant countries") mean the question's actor only where it names one; "they" after a
  sentence whose subject is a place ("the DPP authorities in Taiwan have ...") refers to no target. "The two
  sides" and "both countries" are the two actors last named together (in the answer, else the question); "our
  two sides" includes China and names no one. "All parties, including Russia" names Russia.
- Accusations need someone accused: "any attempt to smear China", bare "attempts to sow discord" and "anything
  that undermines" are hypotheses and criticize no one (they may still warn). Where an evaluation's subject is a
  pronoun ("It has undermined the authority of the Security Council"), the pronoun's referent is accused, not
  the organisation in the object; an organisation owning rules ("the WTO rule") is no target.
- Contractions negate like their full forms ("haven't seen", "don't support"); a passive is no report ("whether it
  will be added"), nor is insisting on a course; opinions others "think" are reported unless the speaker asks.
- "X should be upheld" (a passive after a modal) demands nothing of X; "It should stop ..." demands of what "it"
  points to, "they should" only of actors named in that sentence or the one before.

>>> from kg.types import Briefing, Exchange, Role, Source, Layout, Turn, Mention, EntityKind
>>> q = Turn(Role.QUESTION, 1, None, "The US has imposed visa restrictions. What is your response?")
>>> a = Turn(Role.ANSWER, 1, "Lu Kang", "We firmly oppose this. We urge the US side to stop.")
>>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Lu Kang", "MFA", (),
...              (Exchange(1, q, a, None),))
>>> us = [Mention("e1q", 4, 6, "US", EntityKind.COUNTRY, "USA", "test"),
...       Mention("e1a", 34, 36, "US", EntityKind.COUNTRY, "USA", "test")]
>>> [(p.act, p.target.key if p.target else None, p.intensity, p.evidence) for p in extract_positions(b, us)]
[('oppose', 'USA', 'firmly', 'We firmly oppose this.'), ('demand', 'USA', None, 'We urge the US side to stop.')]
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from kg.errors import OntologyError
from kg.extract.sentences import split_sentences
from kg.gazetteer import load_gazetteer
from kg.namespace import PK
from kg.ontology import HOLDER, Scheme, act_scheme, load_ontology, ontology_dir
from kg.types import Briefing, EntityKind, EntityRef, Mention, Position, TopicAssignment, Turn

FRAMES = ("self", "self_to", "other", "any", "modal", "modal_generic")
PREDICATES = ("self", "self_to")  # frames whose cue is the speaker's own verb
POLARITIES = ("pos", "neg", "any")
TARGETS = ("after", "partner", "clause", "sentence", "question", "context", "subject", "mention", "none")
FRAGMENTS = (
    "SELF", "MID", "NEG", "REPORT", "SAY", "GENERIC", "ANYONE", "DEICTIC", "PRONOUN", "ANAPHOR", "HEAD", "INTENSITY",
    "COORD_BLOCK", "PAIR",
)  # fmt: skip

# Typographic quotes and no-break spaces map one character to one, so offsets into the turn stay valid.
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
CUE_SYNTAX = re.compile(r"([a-z][a-z0-9_]*)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)", re.S)
FRAGMENT_SYNTAX = re.compile(r"([A-Z][A-Z_]*)\s*=\s*(.+)", re.S)
FRAGMENT_REF = re.compile(r"\{([A-Z][A-Z_]*)\}")
# Where a clause starts, for the report check and the target search: semicolons, colons, dashes, and the
# conjunctions that open a new clause after a comma.
CLAUSE_BREAK = re.compile(r"[;:]|\s[-\u2013\u2014]+\s|,\s*(?:which|but|yet|while|whereas|and this|this|then)\b|\sbut\s")
# Words before a subject that make it something else: "the people of China", "talks with China".
NOT_A_SUBJECT = frozenset(
    {"of", "and", "with", "to", "by", "from", "for", "between", "against", "like", "than", "on", "in", "at",
     "about", "toward", "towards", "including", "or", "urge", "urged", "urges", "ask", "asked", "asks", "help",
     "let",
     # transitive verbs whose object China is: "understand and support China on Xinjiang-related issues"
     "support", "supports", "supported", "understand", "understands", "understood", "blame", "blames", "blamed",
     "accuse", "accuses", "accused", "attack", "attacks", "attacked", "smear", "smears", "smeared", "pressure",
     "pressured", "criticize", "criticizes", "criticized", "join", "joins", "joined", "thank", "thanks", "thanked",
     "invite", "invites", "invited", "target", "targets", "targeted", "sanction", "sanctioned", "contain", "suppress",
     "suppresses", "suppressed", "slander", "slandered", "vilify", "vilified", "stigmatize", "stigmatized",
     "welcome", "welcomes", "welcomed", "visit", "visits", "visited", "trust", "trusts", "respect", "respects"}
)  # fmt: skip
# Sentence adverbials that may open a clause before its subject ("First,", "However,").
OPENERS = (
    r"first|second|third|fourth|finally|lastly|however|but|and|so|meanwhile|moreover|besides|furthermore|here|now|"
    r"today|yet|therefore|thus|hence|in fact|indeed|of course|at the same time|in the meantime|on the one hand|"
    r"on the other hand|in addition|as always|once again|again"
)
SELF_AFTER = re.compile(r"\s+and\s+China(?![\w'])")
NEGATION_REACH = 60  # characters from a negation to the evaluation it may govern
SCOPE_BREAK = re.compile(r"(?<![\w])(?:by|from|against|that|which|who|because|but|if|when|while)(?![\w])", re.I)
ANAPHOR_REACH = 60  # characters from a pointing subject ("This is") to the evaluation it governs
COORDINATION_REACH = 300  # characters from the subject to a predicate coordinated with its own
CONJUNCTIONS = frozenset({"and", "or"})
NOT_VERBS = frozenset({"always", "thus", "its", "this", "us", "plus", "yes", "as", "was", "perhaps", "nevertheless"})
PERSONAL = re.compile(r"(?:we|I)(?![\w'])", re.I)
# The speaker's side as one third-person subject, whose verbs agree with it: "China hopes that Ethiopia will
# maintain stability and supports ..." ("supports" is China's, not Ethiopia's).
SINGULAR_VERB = re.compile(r"[a-z]+[^s\W]s(?![\w])|(?:has|is|does)(?![\w])", re.I)
ADVICE = re.compile(
    r"(?<![\w])(?:avoid|avoiding|refrain from|refraining from|guard against|prevent|preventing)\s+"
    r"(?:[\w'-]+\s+){0,6}$",
    re.I,
)
NOUN_BEFORE = re.compile(
    r"(?<![\w])(?:the|a|an|such|these|those|this|that|their|his|her|its|our|your|any|some|false|so-called|groundless|"
    r"baseless|member|united|relevant|these|unfounded|absurd|no)\s+$",
    re.I,
)
GERUND = re.compile(r"[a-z]+ing(?![\w])", re.I)
PRONOUN_SUBJECT = re.compile(
    r"(?<![\w'])(they|he|she|it)\s+(?:(?:also|really|still|first|immediately|now|then|indeed)\s+)*$", re.I
)
OBLIGED = re.compile(r"(?:have|has)\s+to(?![\w])", re.I)
PASSIVE_AFTER = re.compile(
    r"\s+(?:not\s+)?be\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|held|kept|made|paid|put|set|done)(?![\w])", re.I
)
BY_AFTER = re.compile(r"\s+by(?![\w])", re.I)
WORDS_AS_OBJECT = re.compile(r"(?<![\w])(?:what|as)\s+(?:you|he|she|they|someone|some people)\s+(?:just\s+)?$", re.I)
OWN_SOURCE = re.compile(r"\s+(?:what\s+(?:we|I)\b|my\b|our\b|the\s+information\s+(?:we|I)\b)", re.I)
ON_AFTER = re.compile(r"\s+(?:on|upon)(?![\w])", re.I)
THINKING = re.compile(r"think|thinks|believe|believes", re.I)  # verbs of opinion a rhetorical question puts
PASSIVE_BEFORE = re.compile(r"(?<![\w])(?:be|been|being|is|are|was|were)\s+(?:[a-z]+ly\s+)?$", re.I)
RELATIVE = re.compile(r"(?<![\w])(?:which|that|what|whom)\s+$", re.I)
PLACE_PREPOSITION = re.compile(
    r"(?<![\w])(?:in|at|into|within|inside|across|throughout|for|with|to|on|about|among|between|regarding|toward|towards|"
    r"over|including)\s+(?:the\s+)?$",
    re.I,
)
# An actor after a place preposition still acts where it heads a noun phrase ("accusations in the US bill") or
# qualifies people ("a certain politician in the US").
ACTOR_AS_MODIFIER = re.compile(
    r"(?:'s?|\s+(?-i:[A-Z])|\s+(?:side|bill|report|law|act|acts|government|administration|"
    r"politicians?|officials?|lawmakers?|media|military|congress|senate|arms|sales|sanctions|tariffs|moves?|"
    r"actions?|remarks|statements?|decisions?|policy|policies|interference|warships?|troops|leaders?)(?![\w]))",
    re.I,
)
PEOPLE_IN = re.compile(
    r"(?<![\w])(?:politicians?|officials?|individuals?|people|persons?|lawmakers?|forces|someone|somebody|some|those|"
    r"others?|figures?)\s+in\s+(?:the\s+)?$",
    re.I,
)
PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")
DETERMINERS = re.compile(
    r"\s*(?:that\s+)?(?:(?:the|all|both|relevant|certain|some|other|those|these|its|their|a|an|few|individual|"
    r"particular|government\s+of|people\s+of|side\s+of|leaders\s+of|authorities\s+of)\s+)*",
    re.I,
)


@dataclass(frozen=True, slots=True)
class ActCue:
    """One cue of ``acts.ttl``: the act it signals, its frame, polarity, target policy and pattern."""

    id: str
    act: str
    frame: str
    polarity: str
    target: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class ActLexicon:
    """The act scheme compiled for matching: one union pattern per act and the shared fragments."""

    acts: tuple[str, ...]
    cues: dict[str, ActCue]
    anchors: ahocorasick.Automaton  # lower-cased literal openings of the cue patterns -> cues
    unanchored: tuple[ActCue, ...]  # cues whose pattern has no literal opening: searched in full
    subject_end: re.Pattern[str]  # SELF MID* at the end of a span ("China and ASEAN will" counts: a joint subject)
    self_subject: re.Pattern[str]  # SELF MID* and the verb that follows, for a coordinated predicate
    coord_end: re.Pattern[str]  # "... and firmly", ", and has": a second predicate opening at the end of a span
    coord_block: re.Pattern[str]  # words that end the reach of a subject over a later predicate
    link: re.Pattern[str]  # nothing but a conjunction and adverbs between two acts
    self_any: re.Pattern[str]
    self_clause: re.Pattern[str]  # a clause whose subject is the speaker's side and whose verb is not one of saying
    self_and_end: re.Pattern[str]  # "China and " just before an actor: a joint subject
    anyone: re.Pattern[str]
    neg: re.Pattern[str]
    report: re.Pattern[str]
    generic_at: re.Pattern[str]
    generic_end: re.Pattern[str]
    pair_at: re.Pattern[str]  # "the two sides", "both countries": the two actors just named, if any
    deictic_at: re.Pattern[str]
    deictic_any: re.Pattern[str]
    deictic_end: re.Pattern[str]
    pronoun_at: re.Pattern[str]
    refer_any: re.Pattern[str]  # a pronoun or anaphor anywhere
    refer_start: re.Pattern[str]  # a pronoun or anaphor opening a clause
    head_gap: re.Pattern[str]  # between an actor and its verb: "'s side", " politicians"
    intensity: re.Pattern[str]


# A target as a frame or a search finds it, before resolution: an actor, or a pointer to resolve.
ACTOR, GENERIC, CONTEXT, SOLE, PREVIOUS = "actor", "generic", "context", "sole", "previous"
MENTIONED = "mentioned"  # "the countries you mentioned": the question's sole actor, else the pair it names
AS_MENTIONED = re.compile(r"mentioned|referred|cited|in question", re.I)
Ref = tuple[str, tuple[EntityRef, ...]]  # (ACTOR, actors) or (GENERIC | CONTEXT | SOLE | PREVIOUS, ())
# "The relevant countries", "some countries": several states, so the question's actor only where it is alone.
PLURAL_STATES = re.compile(r"(?:countries|states|governments|nations|sides|parties)(?![\w])", re.I)
# The previous sentence's subject was a place, which is never a target: a pronoun that follows refers to no one.
NOBODY = EntityRef(EntityKind.PLACE, "")
# A place heading a subject: "the DPP authorities in Taiwan have", "Hong Kong residents will".
PLACE_SUBJECT = re.compile(
    r"(?:'s?)?(?:\s+[a-z-]+){0,2}?\s+(?:have|has|had|is|are|was|were|will|would|should|must|can|could|may|might|do|"
    r"does|did)(?![\w])"
)
# "sanctions against Iran", "attacks targeting the WHO": an actor that undergoes the act's object is no target.
VICTIM = re.compile(r"(?<![\w])(?:against|targeting|targeted at|aimed at)\s+(?:the\s+)?$", re.I)
WITH = re.compile(r"(?<![\w])with\s+(?!regard\b|respect\b)", re.I)
ENDS_WITH = re.compile(r"(?<![\w])with$", re.I)
# "On your second question, ...": an answer paragraph that takes up one part of a multi-part question.
ANSWER_PART = re.compile(
    r"(?:^|\n)[\W]*(?:on|regarding|as for|as to|with regard to|concerning|for|about|to answer|in response to|to)\s+"
    r"(?:your|the)\s+(first|second|third|fourth|fifth|last)\s+question",
    re.I,
)
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}  # "last" is the last part
QUESTION_PART = re.compile(
    r"(?:^|[.?!]\s+|\n)(?:(?:first|second|third|fourth|fifth)(?:ly)?(?:\s+question)?\s*[,:]|(?:my|the)\s+(?:first|second|third|fourth|"
    r"fifth)\s+question)",
    re.I,
)
QUESTION_END = re.compile(r"\?+[\"'\u201d\u2019)]*")
THAT = re.compile(r"\s*(?:that\s+)?")
# Where the subject of a hoped-for clause ends: at its first auxiliary or infinitive marker.
SUBJECT_END = re.compile(
    r"(?<![\w])(?:will|would|can|could|may|might|should|shall|must|is|are|was|were|has|have|had|to|does|do|did)(?![\w])",
    re.I,
)
# An introductory phrase before that subject: "We hope that, with the joint efforts of all parties, the meeting".
INTRO = re.compile(
    r"\s*,?\s*(?:with|through|under|after|during|in|on|by|as|when|given|at|for|regarding|upon|amid|against|"
    r"based on|following|thanks to)\s[^,;]{0,120},\s*",
    re.I,
)
Targets = tuple[EntityRef | None, ...]
ACCUSATIONS = frozenset({"criticize"})
AGAINST = frozenset({"criticize", "oppose"})  # acts aimed at a doer, never at the place where it happened
LOCATION = re.compile(
    r"(?<![\w])(?:in|at|inside|within|across|throughout)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:of\s+(?:the\s+)?)?$", re.I
)  # acts that need someone accused, not anyone who might
# Of the indefinite subjects, those that are hypothetical wherever they stand (group 1), and bare "attempts to",
# which is only at the opening of a clause ("Attempts to sow discord ...", not "Pompeo's attempts to").
# An object that is the speaker's own side: "supports Chinese enterprises", "our citizens".
OWN_SIDE = re.compile(r"(?:the\s+)?(?:Chinese|China's|our|its own)\s+(?!side\b)", re.I)
INDEFINITE_THING = re.compile(r"(?<![\w])(?:anything|nothing)\s+(?:that|which)(?![\w])", re.I)
HYPOTHETICAL = re.compile(r"(any|anyone|anybody|whoever|all)\b|attempts?\b", re.I)
# An organisation named as the owner of rules or texts is no actor: "breaches the WTO rule", "the UN Charter".
ORG_AS_MODIFIER = re.compile(
    r"(?:'s)?\s+(?:rules?|charter|principles?|norms|framework|mechanisms?|resolutions?|agenda|recommendations?|"
    r"guidelines|standards|regulations|membership|conventions?|provisions)(?![\w])",
    re.I,
)
# A group that singles out members: "all parties concerned, including Russia", "relevant countries, especially".
INCLUDING = re.compile(
    r"\s*,?\s*(?:and\s+)?(?:including|especially|particularly|in particular|notably|such as|like)\s+(?:the\s+)?",
    re.I,
)
# Actors named together share an act: "the US and the DPRK", "the US side and the Canadian side".
COORDINATION = re.compile(
    r"(?:'s)?(?:\s+(?:side|government|governments))?\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+|-)(?:the\s+)?"
)


@dataclass(frozen=True, slots=True)
class _Verdict:
    negated: bool
    start: int  # where the frame's words begin (the subject), for the intensity search
    ref: Ref | None  # a target the frame fixed (addressee, modal subject), or None
    partners: tuple[EntityRef, ...] = ()  # actors of a joint subject with China ("China and ASEAN will ...")
    needs_target: bool = False  # an evaluation inside the speaker's own clause counts only against a named actor


CLAUSE_REACH = 600  # characters; the corpus's longest sentence has 922, its clauses far fewer


@dataclass(slots=True)
class _Turn:
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
            if NOUN_BEFORE.search(self.norm, max(cs, rm.start() - 16), rm.start()):
                continue  # "such claims", "member states", "the United States": a noun, not a verb of saying
            if PASSIVE_BEFORE.search(self.norm, max(cs, rm.start() - 20), rm.start()):
                continue  # "whether it will be added to the list": a passive names no one who speaks
            if ON_AFTER.match(self.norm, rm.end()):
                continue  # "if it insists on escalating frictions": insisting on a course is no report of words
            if BY_AFTER.match(self.norm, rm.end()) or WORDS_AS_OBJECT.search(
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


Frame = Callable[[_Turn, ActCue, int, int, int], "_Verdict | None"]


def extract_positions(
    briefing: Briefing, mentions: Sequence[Mention], topics: Sequence[TopicAssignment] = ()
) -> tuple[Position, ...]:
    """Every position the spokesperson states in the answers and statements of ``briefing``.

    ``mentions`` are the entity mentions of all turns (targets come from them; the question's mentions
    resolve "the relevant country"); ``topics`` give each position's ``about`` (the unit's best topic).
    Positions come in briefing order; ``turn.text[p.start:p.end] == p.evidence`` for each.

    >>> from kg.types import Briefing, Statement, Role, Source, Layout, Turn
    >>> s = Turn(Role.STATEMENT, 1, "Hua Chunying", "Russia opposes the move. China has never opposed it.")
    >>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Hua Chunying", "MFA",
    ...              (Statement(1, s),), ())
    >>> extract_positions(b, ())
    ()
    """
    lex = load_act_lexicon()
    by_turn: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_turn[m.turn].append(m)
    about: dict[str, TopicAssignment] = {}
    for t in topics:
        if t.unit not in about or t.score > about[t.unit].score:
            about[t.unit] = t
    out: list[Position] = []
    for st in briefing.statements:
        unit = f"s{st.ordinal}"
        context = _main_actor(_actors(by_turn.get(st.turn.key, ())))
        out.extend(_turn_positions(briefing, unit, st.turn, lex, by_turn, [(0, context, None)], about.get(unit)))
    for ex in briefing.exchanges:
        if ex.answer is None:
            continue
        unit = f"e{ex.ordinal}"
        # "The relevant country" is the one the question is about; the answer's own actors are resolved in place.
        asked = _actors(by_turn.get(ex.question.key, ()))
        contexts = _question_contexts(ex.question.text, ex.answer.text, asked)
        pair = _named_pair(ex.question.text.translate(QUOTES), asked, len(ex.question.text))
        out.extend(_turn_positions(briefing, unit, ex.answer, lex, by_turn, contexts, about.get(unit), pair))
    return tuple(out)


Context = tuple[int, EntityRef | None, EntityRef | None]  # from this answer offset: the main actor, the sole actor


def _question_contexts(question: str, answer: str, asked: list[tuple[int, int, EntityRef]]) -> list[Context]:
    """Whom the answer's pointers ("the relevant country", "such accusations") may mean, by answer offset: the
    question's main actor, and from "On your second question," on, the main actor of that part of the question.

    >>> from kg.types import EntityKind, EntityRef
    >>> rus, usa = EntityRef(EntityKind.COUNTRY, "RUS"), EntityRef(EntityKind.COUNTRY, "USA")
    >>> q = "First, on Putin's visit? Second, the US sanctions?"
    >>> [(n, c.key) for n, c, _ in _question_contexts(q, "On your second question, we oppose it.",
    ...                                                  [(10, 16, rus), (32, 34, usa)])]
    [(0, 'RUS'), (0, 'USA')]
    """

    def scope(actors: list[tuple[int, int, EntityRef]]) -> tuple[EntityRef | None, EntityRef | None]:
        main = _main_actor(actors)
        return main, main if len({a[2] for a in actors}) == 1 else None

    out: list[Context] = [(0, *scope(asked))]
    answered = list(ANSWER_PART.finditer(answer))
    if not answered or not asked:
        return out
    marks = [m.start() for m in QUESTION_PART.finditer(question)]
    if len(marks) < 2:
        marks = [0, *[m.end() for m in QUESTION_END.finditer(question)][:-1]]
    parts = list(zip(marks, [*marks[1:], len(question)], strict=True))
    for m in answered:
        n = ORDINALS.get(m.group(1).lower(), len(parts) - 1)
        if 0 <= n < len(parts):
            part = [a for a in asked if parts[n][0] <= a[0] < parts[n][1]]
            if part:
                out.append((m.start(), *scope(part)))
                continue
        out.append((m.start(), *scope(asked)))
    return out


def _turn_positions(
    briefing: Briefing,
    unit: str,
    turn: Turn,
    lex: ActLexicon,
    mentions: dict[str, list[Mention]],
    contexts: list[Context],
    about: TopicAssignment | None,
    asked_pair: tuple[EntityRef, ...] = (),
) -> list[Position]:
    text = turn.text
    if not text:
        return []
    spans = split_sentences(text)
    actors = _actors(mentions.get(turn.key, ()))
    places = tuple(sorted((m.start, m.end) for m in mentions.get(turn.key, ()) if m.kind is EntityKind.PLACE))
    tc = _Turn(lex, text, text.translate(QUOTES), spans, [s for s, _ in spans], actors, [a[0] for a in actors])
    tc.places = places
    tc.asked_pair = asked_pair

    # Frame checks look only inside their sentence, so every match is judged first and targets resolved after,
    # in sentence order, because "they" and "it" need the previous sentence's actor.
    found: dict[int, list[tuple[int, int, ActCue, _Verdict]]] = defaultdict(list)
    for cue, m in _matches(tc):
        s, e = m.start(), m.end()
        i = bisect.bisect_right(tc.starts, s) - 1
        if i < 0 or e > spans[i][1]:
            continue
        hit = _judge(tc, cue, i, s, e)
        if hit is not None:
            found[i].append(hit)

    out: list[Position] = []
    previous: EntityRef | None = None
    for i, (ss, se) in enumerate(spans):
        _offset, context, tc.sole = next(c for c in reversed(contexts) if c[0] <= ss)
        sentence: dict[tuple[str, EntityRef | None], Position] = {}
        hits = sorted(found.get(i, ()), key=lambda h: (h[0], h[2].id))
        for (s, e, cue, verdict), bound in zip(hits, _object_bounds(tc, hits, se), strict=True):
            intensity = lex.intensity.search(tc.norm, max(ss, min(verdict.start, s - 30)), e)
            for target in _resolve(tc, cue, verdict, i, s, e, previous, context, bound):
                if target is None and verdict.needs_target:
                    continue
                if (cue.act, target) not in sentence:
                    sentence[(cue.act, target)] = _position(briefing, unit, turn, cue, target, about, intensity, ss, se)
        # "We deplore and firmly oppose the US move": where an act of the sentence has a target, the same act
        # without one is the same stance read from a verb whose object comes later.
        targeted = {act for act, target in sentence if target is not None}
        out.extend(p for (act, target), p in sentence.items() if target is not None or act not in targeted)
        in_sentence = _facing(tc, ss, se)
        first = in_sentence[0][0] if in_sentence else se
        if any(ss <= a < first and PLACE_SUBJECT.match(tc.norm, b, se) for a, b in tc.places):
            previous = NOBODY
        elif in_sentence:
            previous = in_sentence[0][2]
        else:
            targets = [t for _act, t in sentence if t is not None]
            previous = targets[0] if targets else previous
    return out


def _object_bounds(tc: _Turn, hits: list[tuple[int, int, ActCue, _Verdict]], se: int) -> list[int]:
    """Where the object of each act of a sentence ends: "China opposes the use of chemical weapons ... and
    supports the OPCW" gives the OPCW to support only. Acts joined by nothing but a conjunction share the object
    that follows the last of them ("We deplore and firmly oppose the US move")."""
    bounds = [se] * len(hits)
    for k in range(len(hits) - 2, -1, -1):
        e = hits[k][1]
        # Only a predicate ends an object; an evaluation inside it ("opposes so-called 'long-arm jurisdiction' by
        # certain country") does not.
        nxt = next((j for j in range(k + 1, len(hits)) if hits[j][0] >= e and hits[j][2].frame in PREDICATES), None)
        if nxt is None:
            continue
        bounds[k] = bounds[nxt] if tc.lex.link.fullmatch(tc.norm, e, hits[nxt][0]) else hits[nxt][0]
    return bounds


def _position(
    briefing: Briefing,
    unit: str,
    turn: Turn,
    cue: ActCue,
    target: EntityRef | None,
    about: TopicAssignment | None,
    intensity: re.Match[str] | None,
    ss: int,
    se: int,
) -> Position:
    return Position(
        unit=unit,
        turn=turn.key,
        act=cue.act,
        holder=HOLDER,
        stated_by=briefing.spokesperson,
        target=target,
        about=about.topic if about else None,
        intensity=turn.text[intensity.start() : intensity.end()] if intensity else None,
        evidence=turn.text[ss:se],
        start=ss,
        end=se,
        rule=cue.id,
    )


def _matches(tc: _Turn) -> list[tuple[ActCue, re.Match[str]]]:
    """Every cue match in the turn, leftmost first: one pass of the anchor automaton finds where a cue may start,
    then only those cues are tried there (scanning each pattern over the whole turn is far slower)."""
    lex = tc.lex
    lower = tc.norm.lower()
    if len(lower) != len(tc.norm):
        lower = "".join(ch.lower()[0] for ch in tc.norm)
    # Anchors spell a pattern's space as one space; readers leave single spaces, so collapsing runs (with a map
    # back to the text's offsets) is rarely needed.
    lower = WHITESPACE.sub(" ", lower)
    where: list[int] | None = None
    if "  " in lower:
        where = [m.start() for m in NOT_SECOND_SPACE.finditer(lower)]
        lower = SPACES.sub(" ", lower)
    out: list[tuple[ActCue, re.Match[str]]] = []
    tried: set[tuple[str, int]] = set()
    if len(lex.anchors):
        for last, (length, cues) in lex.anchors.iter(lower):
            start = last + 1 - length
            if start > 0 and (lower[start - 1].isalnum() or lower[start - 1] == "_"):
                continue
            if where is not None:
                start = where[start]
            for cue in cues:
                if (cue.id, start) in tried:
                    continue
                tried.add((cue.id, start))
                m = cue.pattern.match(tc.norm, start)
                if m is not None:
                    out.append((cue, m))
    for cue in lex.unanchored:
        out.extend((cue, m) for m in cue.pattern.finditer(tc.norm))
    out.sort(key=lambda cm: (cm[1].start(), cm[0].id))
    return out


def _judge(tc: _Turn, cue: ActCue, i: int, s: int, e: int) -> tuple[int, int, ActCue, _Verdict] | None:
    verdict = FRAME_CHECKS[cue.frame](tc, cue, tc.spans[i][0], s, e)
    if verdict is None:
        return None
    if (cue.polarity == "pos" and verdict.negated) or (cue.polarity == "neg" and not verdict.negated):
        return None
    return (s, e, cue, verdict)


# Frames: each decides whether a match at [s, e) in the sentence starting at ss is the spokesperson's act.


def _frame_self(tc: _Turn, cue: ActCue, ss: int, s: int, e: int) -> _Verdict | None:
    m = tc.lex.subject_end.search(tc.norm, max(ss, s - 200), s)
    if m is None:
        return _coordinated_predicate(tc, ss, s)
    if not _is_subject(tc, ss, m.start()) or tc.reported(ss, m.start()):
        return None
    return _Verdict(bool(tc.lex.neg.search(m.group("mid"))), m.start(), None, _partners(tc, m))


def _is_subject(tc: _Turn, ss: int, start: int) -> bool:
    before = PREVIOUS_WORD.search(tc.norm, max(ss, start - 20), start)
    if before is None:
        return True
    word = before.group(1).lower()
    if word == "what":  # "What we oppose is ..." speaks; "what China has done" is a noun phrase
        return PERSONAL.match(tc.norm, start) is not None
    # "talks with China", "Pakistan and China": not the speaker's own subject; but "..., and we welcome" is.
    return word not in NOT_A_SUBJECT or (word in CONJUNCTIONS and PERSONAL.match(tc.norm, start) is not None)


def _agrees(tc: _Turn, subject: re.Match[str], c: re.Match[str], s: int) -> bool:
    """Whether a later predicate can only be the speaker's: a singular subject ("China", "the Chinese side") with
    a singular verb, and the later verb singular too ("China hopes that Ethiopia will ... and supports")."""
    if PERSONAL.match(tc.norm, subject.start()) or subject.start("joint") >= 0:
        return False
    own = (subject.group("mid") + " " + subject.group("verb")).split()
    later = (tc.norm[c.start("mid") : s] + " " + tc.norm[s : s + 20]).split()
    return any(_singular(w) for w in own) and bool(later) and _singular(later[0])


def _singular(word: str) -> bool:
    return SINGULAR_VERB.fullmatch(word) is not None and word.lower() not in NOT_VERBS


def _partners(tc: _Turn, m: re.Match[str]) -> tuple[EntityRef, ...]:
    if m.start("joint") < 0:
        return ()
    return tuple(dict.fromkeys(a[2] for a in tc.actors_between(m.start("joint"), m.end("joint"))))


def _coordinated_predicate(tc: _Turn, ss: int, s: int) -> _Verdict | None:
    """The spokesperson's side as the subject of an earlier predicate that this one is coordinated with:
    "We have noted relevant reports and welcome the clarification", "China is resolutely opposed to this and
    has made stern representations". The subject reaches over commas and "and", not over a subordinate clause,
    someone else's words or a call on someone else ("We urge the US to stop X and support Y")."""
    lex = tc.lex
    c = lex.coord_end.search(tc.norm, max(ss, s - 80), s)
    if c is None:
        return None
    cs = tc.clause_start(ss, c.start())
    subject: re.Match[str] | None = None
    for m in lex.self_subject.finditer(tc.norm, max(cs, c.start() - COORDINATION_REACH), c.start()):
        if _is_subject(tc, ss, m.start()):
            subject = m
    if subject is None or subject.end() > c.start():
        return None
    blocks = [m.start() for m in lex.coord_block.finditer(tc.norm, subject.start("mid"), c.start())]
    # "We hope X will ... and support Y": X supports; but in "China hopes that X will ... and supports Y" the verb
    # agrees with China only, where nothing but China's own verb ("hopes that") stood in the way.
    if blocks and not (max(blocks) <= subject.end() and _agrees(tc, subject, c, s)):
        return None
    if lex.report.search(tc.norm, subject.end(), c.start()) or tc.reported(ss, subject.start()):
        return None
    if not c.group("mid").strip(" ,") and GERUND.match(tc.norm, s) and not GERUND.fullmatch(subject.group("verb")):
        return None  # "We support the DPRK and the ROK in enhancing trust and improving ties": their gerunds
    return _Verdict(bool(lex.neg.search(c.group("mid"))), subject.start(), None, _partners(tc, subject))


def _frame_self_to(tc: _Turn, cue: ActCue, ss: int, s: int, e: int) -> _Verdict | None:
    verdict = _frame_self(tc, cue, ss, s, e)
    if verdict is None:
        return None
    ref = _addressee(tc, e, tc.spans[bisect.bisect_right(tc.starts, s) - 1][1])
    if ref is None:
        return None
    return _Verdict(verdict.negated, verdict.start, ref)


def _frame_other(tc: _Turn, cue: ActCue, ss: int, s: int, e: int) -> _Verdict | None:
    cs = tc.clause_start(ss, s)
    if tc.reported(ss, s) or ADVICE.search(tc.norm, max(cs, s - 80), s):
        return None  # "all parties shall avoid provocative actions" is advice, not an accusation
    negated = _negated(tc, cs, s)
    if cue.act in ACCUSATIONS and _hypothetical(tc, cs, s):
        return None  # "Any attempt to smear China ...", "Attempts to drive a wedge ...": a hypothesis accuses no one
    if tc.lex.self_clause.match(tc.norm, cs, s):
        # "China firmly opposes all forms of bullying" states a principle; "China opposes the so-called 'long-arm
        # jurisdiction' by certain country" also accuses someone, so it counts where it names who.
        return _Verdict(negated, s, None, needs_target=True)
    return _Verdict(negated, s, None)


def _hypothetical(tc: _Turn, cs: int, s: int) -> bool:
    """Whether the clause before ``s`` is about whoever might act, not about someone who did: "Any attempt to
    interfere ... is doomed to fail", "Attempts to sow discord ..."; but not "Pompeo's attempts to slander China"
    or "those who smear China" (someone the listener knows)."""
    if INDEFINITE_THING.search(tc.norm, cs, s):
        return True  # "stop doing anything that may undermine mutual trust"
    for m in tc.lex.anyone.finditer(tc.norm, cs, s):
        h = HYPOTHETICAL.match(m.group())
        if h is not None and not tc.actors_between(cs, s):
            opening = tc.norm[cs : m.start()].strip(" ,").lower()
            if not opening or opening in ("the", "no") or h.group(1):
                return True
    return False


def _negated(tc: _Turn, cs: int, s: int) -> bool:
    """Whether a negation governs an evaluation at ``s``: "This is not a smear", but not "They cannot be altered
    by groundless accusations" (the negation is the verb's, the evaluation sits in its agent phrase)."""
    last = None
    for m in tc.lex.neg.finditer(tc.norm, cs, s):
        last = m
    if last is None or s - last.end() > NEGATION_REACH:
        return False
    return SCOPE_BREAK.search(tc.norm, last.end(), s) is None


def _frame_any(tc: _Turn, cue: ActCue, ss: int, s: int, e: int) -> _Verdict | None:
    if tc.reported(ss, s):
        return None
    window = max(tc.clause_start(ss, s), s - 30)
    return _Verdict(bool(tc.lex.neg.search(tc.norm, window, s)), s, None)


def _frame_modal(tc: _Turn, cue: ActCue, ss: int, s: int, e: int) -> _Verdict | None:
    if PASSIVE_AFTER.match(tc.norm, e):
        return None  # "the sovereignty of Syria should be upheld": what should happen to it, not its duty
    cs = tc.clause_start(ss, s)
    if tc.lex.subject_end.search(tc.norm, max(cs, s - 120), s) or tc.reported(ss, s):
        return None  # "we should ...": not a demand on anyone else
    before = [a for a in tc.actors_between(cs, s) if a[2].kind is not EntityKind.ORGANIZATION]
    # Only the nearest actor can be the subject; "the UN should play a key role" is no demand on a state.
    if before and tc.lex.head_gap.fullmatch(tc.norm, before[-1][1], s):
        k = len(before) - 1
        while k > 0 and COORDINATION.fullmatch(tc.norm, before[k - 1][1], before[k][0]):
            k -= 1
        if tc.lex.self_and_end.search(tc.norm, max(cs, before[k][0] - 60), before[k][0]):
            return None  # "China and the US should": a joint undertaking, not a demand
        return _Verdict(False, before[k][0], (ACTOR, tuple(dict.fromkeys(a[2] for a in before[k:]))))
    d = tc.lex.deictic_end.search(tc.norm, max(cs, s - 120), s)
    if d is not None:
        return _Verdict(False, d.start(), (_deictic_kind(d.group()), ()))
    pronoun = PRONOUN_SUBJECT.search(tc.norm, max(cs, s - 40), s)
    # "It should stop interfering" points back; "they", "he", "she" only to actors of this sentence or the one
    # before ("... to the Canadian and US governments that they should release her"): they often mean people or
    # groups named no closer ("Countries should ... In particular, they should avoid ...").
    if (
        pronoun is not None
        and not OBLIGED.match(tc.norm, s)  # "they have to spend 354 dollars": a burden, not a demand
        and (pronoun.group(1).lower() == "it" or _facing(tc, _previous_start(tc, ss), pronoun.start()))
    ):
        return _Verdict(False, pronoun.start(), (PREVIOUS, ()))  # "It should stop interfering": the one just named
    return None


def _previous_start(tc: _Turn, ss: int) -> int:
    """Where the sentence before the one starting at ``ss`` starts (``ss`` itself for the first)."""
    i = bisect.bisect_right(tc.starts, ss) - 1
    return tc.spans[i - 1][0] if i > 0 else ss


def _frame_modal_generic(tc: _Turn, cue: ActCue, ss: int, s: int, e: int) -> _Verdict | None:
    cs = tc.clause_start(ss, s)
    g = tc.lex.generic_end.search(tc.norm, max(cs, s - 120), s)
    if g is None or tc.reported(ss, s):
        return None
    return _Verdict(False, g.start(), (GENERIC, ()))


FRAME_CHECKS: dict[str, Frame] = {
    "self": _frame_self,
    "self_to": _frame_self_to,
    "other": _frame_other,
    "any": _frame_any,
    "modal": _frame_modal,
    "modal_generic": _frame_modal_generic,
}


def _addressee(tc: _Turn, e: int, sentence_end: int) -> Ref | None:
    """Who a call ("urge", "hope", "call on") is addressed to: the phrase that follows it at once."""
    lead = DETERMINERS.match(tc.norm, e, sentence_end)
    p = lead.end() if lead else e
    that = THAT.match(tc.norm, e, sentence_end)
    q = that.end() if that else e
    after = tc.actors_between(e, sentence_end)
    if after and after[0][0] <= p:
        return (ACTOR, _coordinated(tc, after))
    d = tc.lex.deictic_at.match(tc.norm, q, sentence_end) or tc.lex.deictic_at.match(tc.norm, p, sentence_end)
    if d is not None:
        return (_deictic_kind(d.group()), ())
    if tc.lex.pair_at.match(tc.norm, q, sentence_end) and (two := _pair(tc, q)) != (None,):
        return (ACTOR, tuple(r for r in two if r is not None))  # "We urge the two sides to ..."
    g = tc.lex.generic_at.match(tc.norm, q, sentence_end)
    if g is not None and (singled := _including(tc, g.end(), sentence_end)):
        return (ACTOR, singled)  # "We call on all parties, including the US, to ..."
    if g is not None or any(q <= a <= p for a, _b in tc.places):
        return (GENERIC, ())  # "all parties", "Western countries", "the Taiwan authorities": no one actor
    if tc.lex.pronoun_at.match(tc.norm, q, sentence_end):
        return (PREVIOUS, ())
    return None


def _resolve(
    tc: _Turn,
    cue: ActCue,
    verdict: _Verdict,
    i: int,
    s: int,
    e: int,
    previous: EntityRef | None,
    context: EntityRef | None,
    bound: int,
) -> Targets:
    """The targets of one act: usually one actor or none; actors named together each count."""
    policy = cue.target
    if policy == "none":
        return (None,)
    ss, se = tc.spans[i]
    if verdict.ref is not None:
        if verdict.ref[0] == PREVIOUS:
            # "We will stay in contact with the Russian side and urge it to": the antecedent may stand earlier
            # in the same sentence.
            before = _facing(tc, ss, s)
            if before:
                k = len(before) - 1
                while k > 0 and COORDINATION.fullmatch(tc.norm, before[k - 1][1], before[k][0]):
                    k -= 1  # "the Canadian and US governments that they should ...": both
                return tuple(dict.fromkeys(a[2] for a in before[k:]))
        return _pointer(verdict.ref, previous, context, tc.sole, tc.asked_pair)
    lex = tc.lex
    if policy == "partner" and verdict.partners:
        return verdict.partners  # "China and ASEAN will deepen cooperation"
    if policy == "clause":
        return _clause_subject(tc, e, bound, previous, context)
    if policy in ("after", "partner"):
        semicolon = tc.norm.find(";", e, bound)
        ce = semicolon if semicolon >= 0 else bound
        q = e + len(tc.norm[e:ce]) - len(tc.norm[e:ce].lstrip())
        if policy == "after" and OWN_SIDE.match(tc.norm, q, ce):
            return (None,)  # "China supports Chinese enterprises in working with the Myanmar side": its own
        lead = DETERMINERS.match(tc.norm, q, ce)
        first = tc.actors_between(q, ce)
        if first and first[0][0] <= (lead.end() if lead else q):
            return _coordinated(tc, first)  # "with ASEAN countries": an actor before a group word is the actor
        d = lex.deictic_at.match(tc.norm, q, ce)
        if d is not None:
            return _pointer((_deictic_kind(d.group()), ()), previous, context, tc.sole, tc.asked_pair)
        if lex.pair_at.match(tc.norm, q, ce):
            return _pair(tc, q)  # "China supports the two countries in ..."
        g = lex.generic_at.match(tc.norm, q, ce)
        if g is not None and (singled := _including(tc, g.end(), ce)):
            return singled  # "work with all parties concerned, including Russia"
        if g is not None or lex.anyone.match(tc.norm, q, ce):
            return (None,)  # "work with all parties", "oppose any country ..."
        if policy == "partner":
            # "conduct cooperation in economic, trade and other areas with it": the partner follows "with".
            if ENDS_WITH.search(tc.norm, s, e):
                return _with_partner(tc, e, ce, ss, s, previous, context)  # "work with ..."
            w = WITH.search(tc.norm, e, min(ce, e + 90)) if not tc.actors_between(s, e) else None
            if w is not None:
                return _with_partner(tc, w.end(), ce, ss, s, previous, context)
        found = [a for a in tc.actors_between(s, ce) if not VICTIM.search(tc.norm, max(ss, a[0] - 16), a[0])]
        if cue.act in AGAINST:
            # "condemns the attacks in Sulu province of the Philippines": where it happened is not who did it
            found = [a for a in found if not LOCATION.search(tc.norm, max(ss, a[0] - 40), a[0])]
        if found:
            return _coordinated(tc, found)
        d = lex.deictic_any.search(tc.norm, e, ce)
        if d is not None:
            return _pointer((_deictic_kind(d.group()), ()), previous, context, tc.sole, tc.asked_pair)
        if lex.refer_any.search(tc.norm, e, min(ce, e + 40)):
            return (_back(previous, context),)
        if RELATIVE.search(tc.norm, ss, verdict.start):
            # "the remarks by Japan's Chief Cabinet Secretary, which we cannot accept": the object came first.
            before = tc.actors_between(ss, verdict.start)
            if before:
                return (before[-1][2],)
        return (None,)
    if verdict.needs_target and policy == "question":
        policy = "sentence"  # the question's actor is no fallback for a principle stated in the speaker's clause
    if cue.frame == "other" and policy in ("sentence", "question"):
        # "It has undermined the authority of the Security Council": a pointer as the subject is the one accused;
        # the actor in the object is what suffers.
        cs = tc.clause_start(ss, s)
        subject = lex.refer_start.match(tc.norm, cs, s)
        if subject is not None and s - subject.end() <= ANAPHOR_REACH and not _facing(tc, cs, s):
            return (_back(previous, context),)
    found = _facing(tc, ss, se)
    if policy in ("sentence", "question"):
        # An evaluation's target is rarely where something happens: "smears ... at the UN", "epidemic in the US";
        # but "the accusations in the US bill" and "a certain politician in the US" do name the actor.
        found = [
            a for a in found if not (a[2].kind is EntityKind.ORGANIZATION and ORG_AS_MODIFIER.match(tc.norm, a[1], se))
        ]
        found = [
            a
            for a in found
            if not PLACE_PREPOSITION.search(tc.norm, max(ss, a[0] - 16), a[0])
            or ACTOR_AS_MODIFIER.match(tc.norm, a[1], se)
            or PEOPLE_IN.search(tc.norm, max(ss, a[0] - 30), a[0])
        ]
    anyone = lex.anyone.search(tc.norm, ss, se)
    d = lex.deictic_any.search(tc.norm, ss, se)
    named = min(found[0][0] if found else se, d.start() if d is not None else se)
    if anyone is not None and anyone.start() < named:
        return (None,)  # "any attempt to ... is doomed to fail"
    if found:
        return _coordinated(tc, found)
    if policy == "mention":
        return (None,)
    if policy == "context":
        return (_back(previous, context),)
    if d is not None:
        return _pointer((_deictic_kind(d.group()), ()), previous, context, tc.sole, tc.asked_pair)
    # "This is a typical act of bullying", "Such remarks are groundless": a pointer as the subject, close by.
    cs = tc.clause_start(ss, s)
    subject = lex.refer_start.match(tc.norm, cs, s)
    if subject is not None and s - subject.end() <= ANAPHOR_REACH:
        return (_back(previous, context),)
    if policy == "question" and not any(cs <= a < s for a, _b in tc.places):
        # "So-called 'cover-up' is groundless", "The stigmatization of China is unpopular": an evaluation that
        # names no one answers the question, so it is aimed at the actor the question is about; unless its
        # subject is a place ("The Taiwan authorities are trying ... political maneuvering").
        return (context,)
    return (None,)


def _with_partner(
    tc: _Turn, q: int, end: int, ss: int, s: int, previous: EntityRef | None, context: EntityRef | None
) -> Targets:
    """The partner named right after "with": an actor, a pointer back, or a group (no one)."""
    lex = tc.lex
    while q < end and tc.norm[q].isspace():
        q += 1
    lead = DETERMINERS.match(tc.norm, q, end)
    after = tc.actors_between(q, end)
    if after and after[0][0] <= (lead.end() if lead else q):
        return _coordinated(tc, after)  # "ASEAN countries": an actor before a group word
    d = lex.deictic_at.match(tc.norm, q, end)
    if d is not None:
        return _pointer((_deictic_kind(d.group()), ()), previous, context, tc.sole, tc.asked_pair)
    if lex.pair_at.match(tc.norm, q, end):
        return _pair(tc, q)
    g = lex.generic_at.match(tc.norm, q, end)
    if g is not None and (singled := _including(tc, g.end(), end)):
        return singled
    if g is not None or lex.anyone.match(tc.norm, q, end):
        return (None,)
    if lex.pronoun_at.match(tc.norm, q, end):
        before = _facing(tc, ss, s)
        return (before[-1][2],) if before else (_back(previous, context),)
    lead = DETERMINERS.match(tc.norm, q, end)
    after = tc.actors_between(q, end)
    if after and after[0][0] <= (lead.end() if lead else q):
        return _coordinated(tc, after)
    return (None,)


def _clause_subject(tc: _Turn, e: int, end: int, previous: EntityRef | None, context: EntityRef | None) -> Targets:
    """The subject of the clause a hope or reminder is about: "We hope that, with the joint efforts of all parties,
    the meeting will ..." (no one), "We hope the US will ..." (the US), "I'd remind Canada to ..." (Canada)."""
    lex = tc.lex
    that = THAT.match(tc.norm, e, end)
    q = that.end() if that else e
    intro = INTRO.match(tc.norm, q, end)
    if intro is not None:
        q = intro.end()
    lead = DETERMINERS.match(tc.norm, q, end)
    first = tc.actors_between(q, end)
    if first and first[0][0] <= (lead.end() if lead else q):
        return _coordinated(tc, first)  # "We hope ASEAN countries will ..."
    d = lex.deictic_at.match(tc.norm, q, end)
    if d is not None:
        return _pointer((_deictic_kind(d.group()), ()), previous, context, tc.sole, tc.asked_pair)
    if lex.pair_at.match(tc.norm, q, end):
        return _pair(tc, q)  # "We hope the two sides will exercise restraint"
    g = lex.generic_at.match(tc.norm, q, end)
    if g is not None and (singled := _including(tc, g.end(), end)):
        return singled  # "We hope all parties, including the US, will ..."
    if g is not None or lex.anyone.match(tc.norm, q, end):
        return (None,)
    if lex.pronoun_at.match(tc.norm, q, end):
        return (_back(previous, context),)
    verb = SUBJECT_END.search(tc.norm, q, end)
    found = _facing(tc, q, verb.start() if verb else end)
    return _coordinated(tc, found) if found else (None,)


def _named_pair(text: str, actors: list[tuple[int, int, EntityRef]], end: int) -> tuple[EntityRef, ...]:
    """The last two distinct actors named together before ``end`` ("India and Pakistan", "the DPRK and the US",
    "DPRK-US"), or () where there are none: whom "the two sides" stands for.

    >>> from kg.types import EntityKind, EntityRef
    >>> ind, pak = EntityRef(EntityKind.COUNTRY, "IND"), EntityRef(EntityKind.COUNTRY, "PAK")
    >>> [r.key for r in _named_pair("India and Pakistan are neighbours.", [(0, 5, ind), (10, 18, pak)], 34)]
    ['IND', 'PAK']
    """
    before = [a for a in actors if a[1] <= end]
    for (_s1, e1, r1), (s2, _e2, r2) in reversed(list(itertools.pairwise(before))):
        if r1 != r2 and COORDINATION.fullmatch(text, e1, s2):
            return (r1, r2)
    return ()


def _pair(tc: _Turn, pos: int) -> tuple[EntityRef | None, ...]:
    """Whom "the two sides" at ``pos`` means: the pair last named in the answer, else in the question, else no
    one (China and one other, or a pair never named)."""
    return _named_pair(tc.norm, tc.actors, pos) or tc.asked_pair or (None,)


def _including(tc: _Turn, start: int, end: int) -> tuple[EntityRef, ...]:
    """The actors a group singles out right after it: "all parties concerned, including Russia", "the
    international community, in particular the US"; () where it singles out no one."""
    m = INCLUDING.match(tc.norm, start, end)
    if m is None:
        return ()
    after = tc.actors_between(m.end(), end)
    if after and after[0][0] == m.end():
        return _coordinated(tc, after)
    return ()


def _facing(tc: _Turn, start: int, end: int) -> list[tuple[int, int, EntityRef]]:
    """The actors between ``start`` and ``end`` that can face China: an actor named together with China ("China
    and Russia believe", "exporting nations, like Russia and China") stands on China's side of that phrase."""
    return [
        a
        for a in tc.actors_between(start, end)
        if not tc.lex.self_and_end.search(tc.norm, max(start, a[0] - 40), a[0])
        and not SELF_AFTER.match(tc.norm, a[1], end)
    ]


def _coordinated(tc: _Turn, actors: list[tuple[int, int, EntityRef]]) -> tuple[EntityRef, ...]:
    """The first actor of ``actors`` and those coordinated with it ("the US and the DPRK")."""
    out = [actors[0][2]]
    for (_s1, e1, _r1), (s2, _e2, r2) in itertools.pairwise(actors):
        if not COORDINATION.fullmatch(tc.norm, e1, s2):
            break
        out.append(r2)
    return tuple(dict.fromkeys(out))


def _pointer(
    ref: Ref,
    previous: EntityRef | None,
    context: EntityRef | None,
    sole: EntityRef | None,
    pair: tuple[EntityRef, ...] = (),
) -> Targets:
    kind, actors = ref
    if kind == ACTOR:
        return actors
    if kind == MENTIONED:
        return (sole,) if sole is not None else pair or (None,)  # "the countries you just mentioned"
    return {GENERIC: (None,), CONTEXT: (context,), SOLE: (sole,), PREVIOUS: (_back(previous, context),)}[kind]


def _back(previous: EntityRef | None, context: EntityRef | None) -> EntityRef | None:
    """What "they" or "it" refers to: the previous sentence's actor, else the question's; nobody where the
    previous sentence was about a place ("The DPP authorities ... Their scheme will never succeed")."""
    if previous is NOBODY:
        return None
    return previous or context


def _deictic_kind(phrase: str) -> str:
    if PLURAL_STATES.search(phrase):
        return MENTIONED if AS_MENTIONED.search(phrase) else SOLE
    return CONTEXT


def _actors(mentions: Sequence[Mention]) -> list[tuple[int, int, EntityRef]]:
    """Mentions that can be targets, as (start, end, ref), by position: states, organisations, people's states."""
    people = _person_states()
    out: list[tuple[int, int, EntityRef]] = []
    for m in mentions:
        ref: EntityRef | None = None
        if m.kind is EntityKind.COUNTRY and m.key != HOLDER:
            ref = EntityRef(EntityKind.COUNTRY, m.key)
        elif m.kind is EntityKind.ORGANIZATION:
            ref = EntityRef(EntityKind.ORGANIZATION, m.key)
        elif m.kind is EntityKind.PERSON and people.get(m.key) not in (None, HOLDER):
            ref = EntityRef(EntityKind.COUNTRY, people[m.key])
        if ref is not None:
            out.append((m.start, m.end, ref))
    out.sort(key=lambda a: (a[0], -a[1]))
    return out


def _main_actor(actors: list[tuple[int, int, EntityRef]]) -> EntityRef | None:
    """The actor named most often (the first named, on a tie): whom "the relevant country" stands for."""
    if not actors:
        return None
    counts: dict[EntityRef, int] = defaultdict(int)
    for _s, _e, ref in actors:
        counts[ref] += 1
    return max(counts, key=lambda r: counts[r])  # dict order is first-mention order, max keeps the first


@cache
def _person_states() -> dict[str, str]:
    return {key: e.country for key, e in load_gazetteer(EntityKind.PERSON).items() if e.country}


def load_act_lexicon(directory: Path | None = None) -> ActLexicon:
    """The act scheme of the ontology folder (every ``*.ttl`` in it), compiled once per folder.

    >>> lexicon = load_act_lexicon()
    >>> len(lexicon.acts), lexicon.cues["oppose_verb"].act
    (13, 'oppose')
    """
    return _load_lexicon(directory or ontology_dir())


@cache
def _load_lexicon(directory: Path) -> ActLexicon:
    scheme = act_scheme(load_ontology(directory))
    source = ", ".join(sorted(set(scheme.sources.values()))) or str(directory)
    fragments = _fragments(scheme)
    missing = [name for name in FRAGMENTS if name not in fragments]
    if missing:
        raise OntologyError("E532", f"pk:Acts lacks fragments {missing}", path=source, hint="define them on pk:Acts")
    cues = _act_cues(scheme, fragments, source=source)
    anchors, unanchored = _anchors(cues)
    return _lexicon(tuple(scheme.notations.values()), cues, anchors, unanchored, fragments, source=source)


def _fragments(scheme: Scheme) -> dict[str, str]:
    """The named pattern fragments, the ``"NAME = pattern"`` cues of ``pk:Acts``."""
    fragments: dict[str, str] = {}
    for raw, file in scheme.cues.get(PK.Acts, ()):
        m = FRAGMENT_SYNTAX.fullmatch(raw.strip())
        if m is None:
            raise OntologyError(
                "E531", f"pk:Acts: malformed fragment {raw!r}", path=file, hint='write "NAME = pattern"'
            )
        fragments[m.group(1)] = m.group(2).strip()
    return fragments


def _act_cues(scheme: Scheme, fragments: dict[str, str], *, source: str) -> dict[str, ActCue]:
    """Every act's cues, checked and compiled, by cue id."""

    def compile_(pattern: str, *, where: str) -> re.Pattern[str]:
        # The start is checked for a word boundary where the automaton finds it; the end is checked here.
        body = rf"(?:{_expand(pattern, fragments, where=where, source=source)})(?![\w])"
        try:
            return re.compile(body, re.I)
        except re.error as exc:
            raise OntologyError("E533", f"{where}: invalid pattern: {exc}", path=source) from exc

    cues: dict[str, ActCue] = {}
    for iri, notation in scheme.notations.items():
        where = scheme.sources[iri]
        for raw, _file in scheme.cues.get(iri, ()):
            m = CUE_SYNTAX.fullmatch(raw.strip())
            if m is None:
                raise OntologyError(
                    "E534",
                    f"act {notation}: malformed cue {raw!r}",
                    path=where,
                    hint='write "<id> <frame> <polarity> <target> <pattern>"',
                )
            cue_id, frame, polarity, target, pattern = m.groups()
            for value, allowed, what in (
                (frame, FRAMES, "frame"),
                (polarity, POLARITIES, "polarity"),
                (target, TARGETS, "target"),
            ):
                if value not in allowed:
                    raise OntologyError(
                        "E535", f"cue {cue_id}: unknown {what} {value!r}", path=where, hint=f"use one of {allowed}"
                    )
            if cue_id in cues:
                raise OntologyError("E536", f"cue id {cue_id!r} used twice", path=where, hint="rename one")
            cues[cue_id] = ActCue(cue_id, notation, frame, polarity, target, compile_(pattern, where=cue_id))
    return cues


def _anchors(cues: dict[str, ActCue]) -> tuple[ahocorasick.Automaton, tuple[ActCue, ...]]:
    """An automaton from each literal opening of a pattern ("oppos", "groun") to the cues that start with it, and
    the cues that have none."""
    anchored: dict[str, list[ActCue]] = defaultdict(list)
    unanchored: list[ActCue] = []
    for cue in cues.values():
        openings = _openings(cue.pattern)
        if openings is None:
            unanchored.append(cue)
        for opening in openings or ():
            anchored[opening].append(cue)
    anchors = ahocorasick.Automaton()
    for opening, with_it in anchored.items():
        anchors.add_word(opening, (len(opening), tuple(with_it)))
    if len(anchors):
        anchors.make_automaton()
    return anchors, tuple(unanchored)


def _lexicon(
    acts: tuple[str, ...],
    cues: dict[str, ActCue],
    anchors: ahocorasick.Automaton,
    unanchored: tuple[ActCue, ...],
    fragments: dict[str, str],
    *,
    source: str,
) -> ActLexicon:
    """The lexicon, with the grammar's patterns built from the fragments."""

    def frag(name: str) -> str:
        return _expand("{" + name + "}", fragments, where=name, source=source)

    sep = r"(?:\s*,\s*|\s+|(?=')|(?=n't))"
    # A word of MID ends at a word boundary, or where a contraction's "n't" follows ("haven't", "don't").
    mid = rf"(?:{sep}(?:{frag('MID')})(?:(?![\w'])|(?=n't)))*"
    self_ = rf"(?<![\w'-])(?:{frag('SELF')})"
    # "China and ASEAN", "China and most UN members": a joint subject of up to four words after China.
    joint = r"(?P<joint>\s+and\s+(?:[\w'-]+\s+){0,3}?[\w'-]+)?"
    return ActLexicon(
        acts=acts,
        cues=cues,
        anchors=anchors,
        unanchored=unanchored,
        subject_end=re.compile(rf"{self_}{joint}(?P<mid>{mid})[\s,]*$", re.I),
        # The verb is lower-case: "the FOCAC Beijing Summit" has no subject "Beijing".
        self_subject=re.compile(rf"{self_}{joint}(?P<mid>(?>{mid}))\s+(?P<verb>(?-i:[a-z])[\w'-]*)", re.I),
        coord_end=re.compile(rf"(?:\s*,(?:\s*and)?|\s+and)(?P<mid>{mid})[\s,]*$", re.I),
        coord_block=re.compile(rf"(?<![\w-])(?:{frag('COORD_BLOCK')})(?![\w-])|[;:?]", re.I),
        link=re.compile(rf"[\s,]*(?:(?:and|or|as well as)[\s,]+)?(?:(?:{frag('MID')})[\s,]+)*", re.I),
        # "we've said" speaks; "China's position" does not.
        self_any=re.compile(rf"{self_}(?![\w-])(?!'(?!(?:ve|ll|d|re|m)(?![\w])))", re.I),
        self_clause=re.compile(
            rf"[\s,]*(?:(?:{OPENERS})[\s,]+)*{self_}(?>{mid})\s+(?!(?:{frag('SAY')})(?![\w]))[a-z]", re.I
        ),
        self_and_end=re.compile(rf"{self_}\s+and\s+(?:the\s+)?$", re.I),
        anyone=re.compile(rf"(?<![\w])(?:{frag('ANYONE')})(?![\w])", re.I),
        neg=re.compile(rf"(?<![\w])(?:{frag('NEG')})(?![\w])|n't", re.I),
        report=re.compile(rf"(?<![\w-])(?:{frag('REPORT')})(?![\w-])", re.I),
        generic_at=re.compile(rf"(?:{frag('GENERIC')})(?![\w])", re.I),
        generic_end=re.compile(rf"(?<![\w])(?:{frag('GENERIC')}){mid}\s*$", re.I),
        pair_at=re.compile(rf"(?:{frag('PAIR')})(?![\w])", re.I),
        deictic_at=re.compile(rf"(?:{frag('DEICTIC')})(?![\w])", re.I),
        deictic_any=re.compile(rf"(?<![\w])(?:{frag('DEICTIC')})(?![\w])", re.I),
        deictic_end=re.compile(rf"(?<![\w])(?:{frag('DEICTIC')})(?:\s+(?:{frag('HEAD')}))*{mid}\s*$", re.I),
        pronoun_at=re.compile(rf"(?:{frag('PRONOUN')})(?![\w])", re.I),
        refer_any=re.compile(rf"(?<![\w])(?:{frag('PRONOUN')}|{frag('ANAPHOR')})(?![\w])", re.I),
        refer_start=re.compile(rf"[\s,]*(?:(?:{OPENERS})[\s,]+)*(?:{frag('PRONOUN')}|{frag('ANAPHOR')})(?![\w])", re.I),
        head_gap=re.compile(rf"(?:'s?)?(?:\s+(?:{frag('HEAD')}))*{mid}\s*", re.I),
        intensity=re.compile(rf"(?<![\w])(?:{frag('INTENSITY')})(?![\w])", re.I),
    )


def _expand(pattern: str, fragments: dict[str, str], *, where: str, source: str) -> str:
    """Insert ``{NAME}`` fragments (which may use others) and let a space stand for any whitespace."""
    for _ in range(4):
        if not FRAGMENT_REF.search(pattern):
            break

        def insert(m: re.Match[str]) -> str:
            if m.group(1) not in fragments:
                raise OntologyError("E537", f"{where}: unknown fragment {{{m.group(1)}}}", path=source)
            return "(?:" + fragments[m.group(1)] + ")"

        pattern = FRAGMENT_REF.sub(insert, pattern)
    return pattern.replace(" ", r"\s+")


WHITESPACE = re.compile(r"\s")
SPACES = re.compile(r" {2,}")
NOT_SECOND_SPACE = re.compile(r"(?<! ) |[^ ]", re.S)  # each character that survives collapsing
OPENING_LENGTH = 5  # characters of a pattern's literal opening used as its anchor
MIN_OPENING = 2
MAX_OPENINGS = 256


def _openings(pattern: re.Pattern[str]) -> set[str] | None:
    r"""The lower-cased literal strings (up to ``OPENING_LENGTH`` characters) every match of ``pattern`` starts
    with, or None where some match may start otherwise (then the pattern is searched in full).

    Reads the parse tree of the ``re`` module (``re._parser``); should that change, every cue is simply
    searched in full, which is slower but gives the same positions.

    A run of whitespace (``\s+``) is spelled as one space, since the text is searched with its runs collapsed:

    >>> sorted(_openings(re.compile(r"(?:firm|strong)\s+opposition|oppos(?:e|es)", re.I)))
    ['firm ', 'oppos', 'stron']
    """
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern.pattern, pattern.flags)
        found = _sequence_openings(list(tree), _constants)
    except Exception:  # a private API: any surprise means "no anchors", never a wrong answer
        return None
    if found is None or any(len(text) < MIN_OPENING for text, _ in found):
        return None
    return {text.lower() for text, _ in found}


def _sequence_openings(items: list[Any], c: Any) -> set[tuple[str, bool]] | None:
    """(text, whole) pairs for a sequence of parse items; ``whole`` says the text is all the items match."""
    acc: set[tuple[str, bool]] = {("", True)}
    for op, av in items:
        if all(not whole or len(text) >= OPENING_LENGTH for text, whole in acc):
            break
        step = _item_openings(op, av, c)
        if step is None:
            return None
        nxt: set[tuple[str, bool]] = set()
        for text, whole in acc:
            if not whole or len(text) >= OPENING_LENGTH:
                nxt.add((text[:OPENING_LENGTH], False))
                continue
            for more, more_whole in step:
                joined = text + more
                nxt.add((joined[:OPENING_LENGTH], more_whole and len(joined) < OPENING_LENGTH))
        if len(nxt) > MAX_OPENINGS:
            return None
        acc = nxt
    return acc


def _item_openings(op: Any, av: Any, c: Any) -> set[tuple[str, bool]] | None:
    if op is c.LITERAL:
        return {(chr(av), True)}
    if op is c.IN:
        chars = [chr(v) for kind, v in av if kind is c.LITERAL]
        if len(chars) == len(av) and len(chars) <= 4:
            return {(ch, True) for ch in chars}
        return {("", False)}
    if op is c.BRANCH:
        out: set[tuple[str, bool]] = set()
        for branch in av[1]:
            sub = _sequence_openings(list(branch), c)
            if sub is None:
                return None
            out |= sub
        return out
    if op is c.SUBPATTERN:
        return _sequence_openings(list(av[-1]), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, body = av
        if low == 1 and list(body) == [(c.IN, [(c.CATEGORY, c.CATEGORY_SPACE)])]:
            return {(" ", True)}  # a space in a pattern: the anchors run over text with whitespace runs collapsed
        sub = _sequence_openings(list(body), c)
        if sub is None:
            return None
        once = sub if (low, high) == (1, 1) else {(text, False) for text, _ in sub}
        return once | ({("", True)} if low == 0 else set())
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {("", True)}  # zero-width: the opening continues after it
    return {("", False)}
