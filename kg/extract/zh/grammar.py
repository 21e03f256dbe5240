"""The grammar of the Chinese positions (``kg.extract.zh.positions``): the cues of ``acts-zh.ttl`` (``pk:ActCue``
nodes by ``lex:zhActCue``, checked as the English ones are by ``kg.extract.actcues``) and the word lists of
``lexicon-zh.ttl`` that check their matches, compiled once per ontology folder.

>>> from kg.ontology import ontology_dir
>>> g = grammar_for(ontology_dir().resolve())
>>> "中方" in g.self_words, bool(g.own_people and g.own_people.search("中国政府一贯鼓励中国企业按照市场原则"))
(True, True)
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from kg.errors import OntologyError
from kg.extract.actcues import ActCue, cue_fields, expand_fragments, pattern_fragments
from kg.extract.positions.openings import literal_openings, lowered
from kg.extract.regexcode import compiled, preload
from kg.extract.zh.lexicon import ZhLexicon, load_zh_lexicon
from kg.ontology import act_scheme, load_ontology, zh_act_cues
from kg.profiles import profile
from kg.types import EntityKind

# The Chinese originals are the ministry's: its profile names the state whose positions they state.
HOLDER = profile("fmprc").state
FRAMES = ("self", "other", "any")
TARGETS = (
    "after", "object", "sentence", "question", "context", "partner", "addressee", "doer", "subject", "mention", "none",
)  # fmt: skip
PLACE_WORDS = "(?:海外|广大|在外|在华)?"  # between an advising verb and China's own people ("要求海外中国公民")


@dataclass(frozen=True, slots=True)
class Grammar:
    """The Chinese cues and the word lists of ``lexicon-zh.ttl`` that check their matches, compiled."""

    cues: tuple[ActCue, ...]
    intensity: re.Pattern[str] | None
    self_words: tuple[str, ...]
    report: re.Pattern[str] | None
    negation: re.Pattern[str] | None
    not_negation: tuple[str, ...]
    pointers: tuple[str, ...]
    object_markers: tuple[str, ...]
    other_subjects: tuple[str, ...]
    own_side: tuple[str, ...]
    pointed_states: tuple[str, ...]
    not_report: tuple[str, ...]
    non_state: tuple[str, ...]
    all_parties: re.Pattern[str] | None
    venues: tuple[str, ...]
    governing: re.Pattern[str] | None
    particles: tuple[str, ...]
    bilateral: tuple[str, ...]
    back_pointers: tuple[str, ...]
    situations: tuple[str, ...]
    rule_nouns: tuple[str, ...]
    non_state_doers: tuple[str, ...]
    parties_concerned: tuple[str, ...]
    own_abbreviation: str  # the holder's abbreviation in compounds ("中" of "中美")
    own_people: re.Pattern[str] | None  # an instruction to China's own people ("要求中国企业", "提醒海外中国公民")
    received_acts: frozenset[str]
    groups: re.Pattern[str] | None  # lex:zhGroupName: "非洲国家" -> the AU
    group_of: dict[str, tuple[EntityKind, str]]
    receiving: tuple[str, ...]
    beneficiary: tuple[str, ...]
    non_state_nouns: tuple[str, ...] = ()  # lex:zhNonStateNouns: "荷兰一家咨询公司" is no state's conduct
    not_venues: tuple[str, ...] = ()  # lex:zhNotVenueMarkers: "对于伊朗" is no venue
    against_deeds: frozenset[str] = frozenset()  # lex:zhActsAgainstDeeds: acts not aimed at a deed's victim
    victim_markers: tuple[str, ...] = ()  # lex:zhVictimMarkers: "埃及发生了…袭击", "…大使馆遭到袭击"
    side_suffixes: tuple[str, ...] = ()  # lex:zhSideSuffixes, longest first: what may follow a state in a list
    joint_hope_acts: frozenset[str] = frozenset()  # lex:zhJointHopeActs: acts not stated by a hope for a joint outcome
    relayed_speakers: tuple[str, ...] = ()  # lex:zhRelayedSpeakers: "国务委员", "联合声明": whose words are relayed
    intent_cues: frozenset[str] = frozenset()  # lex:zhIntentCues: cues of cooperation that need intent
    intent_words: tuple[str, ...] = ()  # lex:zhIntentWords: "愿", "将", "继续": readiness, commitment, intent
    joint_parties: tuple[str, ...] = ()  # lex:zhJointParties: "双方", the parties of a call that may include China
    two_states: tuple[str, ...] = ()  # lex:zhTwoStates: "两国", China and the other side
    joint_outcomes: tuple[str, ...] = ()  # lex:zhJointOutcomes: outcomes China shares in ("此访", "两国关系")
    # The literal openings of the cues' matches (``kg.extract.positions.openings``) -> the ids of the cues that
    # open so, and the cues that have none: a turn is searched only for the cues that may match in it.
    cue_anchors: Any = None
    unanchored: frozenset[str] = frozenset()

    def cues_in(self, text: str) -> tuple[ActCue, ...]:
        """The cues, in order, whose patterns may match in ``text``: those none of whose openings occurs in it
        cannot match in any of its sentences. One pass of an automaton a turn, where each cue was searched for in
        each sentence (a third of the Chinese turns' cue searches found a cue's opening).

        >>> from kg.ontology import ontology_dir
        >>> g = grammar_for(ontology_dir())
        >>> some = g.cues_in("我们敦促美方立即停止。")
        >>> {c.id for c in g.cues_in("。")} == g.unanchored, len(g.unanchored) < len(some) < len(g.cues)
        (True, True)
        """
        if self.cue_anchors is None or (lower := lowered(text)) is None:
            return self.cues
        present = set(self.unanchored)
        for _end, ids in self.cue_anchors.iter(lower):
            present.update(ids)
        return tuple(cue for cue in self.cues if cue.id in present)


def _longest_first(words: frozenset[str]) -> str:
    # longest first, so "据报道" wins over "报道"
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _alternation(words: frozenset[str]) -> re.Pattern[str] | None:
    return re.compile(_longest_first(words)) if words else None


def _chinese_cues(directory: Path) -> tuple[ActCue, ...]:
    """The Chinese cues of ``acts-zh.ttl`` (``pk:ActCue`` nodes by ``lex:zhActCue``), checked as the English ones
    are (``kg.extract.actcues``) against this grammar's frames and target policies, and compiled (from the code
    kept in presskg's cache where an earlier process wrote it: ``kg.extract.regexcode.preload``)."""
    onto = load_ontology(directory)
    scheme, data = act_scheme(onto), zh_act_cues(onto)
    fragments = pattern_fragments(data.fragments)
    unknown = sorted(set(data.cues) - set(scheme.notations))
    if unknown:
        raise OntologyError(
            "E590", f"Chinese cues given for {', '.join(unknown)}, which are not acts", hint="attach them to an act"
        )
    found: list[tuple[str, str, str, str, str, str, str]] = []  # cue id, act, frame, polarity, target, pattern, file
    for iri, notation in scheme.notations.items():
        for node in data.cues.get(iri, ()):
            cue_id, frame, polarity, target, pattern = cue_fields(notation, node, frames=FRAMES, targets=TARGETS)
            if any(cue_id == other for other, *_ in found):
                raise OntologyError("E591", f"Chinese cue id {cue_id!r} used twice", path=node.file, hint="rename one")
            source = expand_fragments(pattern, fragments, where=cue_id, source=node.file)
            found.append((cue_id, notation, frame, polarity, target, source, node.file))
    with contextlib.suppress(re.error):  # an invalid pattern is named below
        preload("zh-act-cues", ((source, 0) for *_, source, _file in found))  # their code, from presskg's cache
    cues: dict[str, ActCue] = {}
    for cue_id, notation, frame, polarity, target, source, file in found:
        try:
            compiled(source, 0)  # checked here, and kept for its first use
        except re.error as exc:
            raise OntologyError("E592", f"Chinese cue {cue_id}: invalid pattern: {exc}", path=file) from exc
        cues[cue_id] = ActCue(cue_id, notation, frame, polarity, target, source)
    return tuple(sorted(cues.values(), key=lambda c: c.act))  # by act, each act's cues in the file's order


def _own_people(lexicon: ZhLexicon) -> re.Pattern[str] | None:
    """A verb of ``lex:zhOwnPeopleVerbs`` before a self word and a noun of ``lex:zhOwnSide``, maybe with a word of
    place between ("要求海外中国公民", "鼓励中国企业")."""
    verbs, selves, nouns = (lexicon.words(n) for n in ("zhOwnPeopleVerbs", "zhSelf", "zhOwnSide"))
    if not (verbs and selves and nouns):
        return None
    alternatives = [f"(?:{_longest_first(ws)})" for ws in (verbs, selves, nouns)]
    return re.compile(alternatives[0] + PLACE_WORDS + alternatives[1] + alternatives[2])


def _cue_anchors(cues: tuple[ActCue, ...]) -> tuple[Any, frozenset[str]]:
    """An automaton from each literal opening of a cue to the cues that open so, and the ids of the cues that have
    none (``openings.literal_openings``: a cue opening with a class of characters, say)."""
    by_opening: dict[str, list[str]] = {}
    unanchored: set[str] = set()
    for cue in cues:
        openings = literal_openings(cue.pattern)
        if openings is None:
            unanchored.add(cue.id)
        for opening in openings or ():
            by_opening.setdefault(opening, []).append(cue.id)
    if not by_opening:
        return None, frozenset(unanchored)
    automaton = ahocorasick.Automaton()
    for opening, ids in by_opening.items():
        automaton.add_word(opening, tuple(ids))
    automaton.make_automaton()
    return automaton, frozenset(unanchored)


@cache
def grammar_for(directory: Path) -> Grammar:
    """The grammar of an ontology folder, read once per folder."""
    lexicon: ZhLexicon = load_zh_lexicon(directory)
    fragments = pattern_fragments(zh_act_cues(load_ontology(directory)).fragments)
    intensity = fragments.get("INTENSITY")
    cues = _chinese_cues(directory)
    anchors, unanchored = _cue_anchors(cues)
    return Grammar(
        cues=cues,
        cue_anchors=anchors,
        unanchored=unanchored,
        intensity=re.compile(intensity) if intensity else None,
        self_words=tuple(lexicon.words("zhSelf")),
        report=_alternation(lexicon.words("zhReportVerbs")),
        negation=_alternation(lexicon.words("zhNegations")),
        not_negation=tuple(lexicon.words("zhNotNegations")),
        pointers=tuple(lexicon.words("zhPointers")),
        object_markers=tuple(lexicon.words("zhObjectMarkers")),
        other_subjects=tuple(lexicon.words("zhOtherSubjects")),
        own_side=tuple(lexicon.words("zhOwnSide")),
        pointed_states=tuple(lexicon.words("zhPointedStates")),
        not_report=tuple(lexicon.words("zhNotReports")),
        non_state=tuple(lexicon.words("zhNonStateObjects")),
        all_parties=_alternation(frozenset(c + w for c in "同与和" for w in lexicon.words("zhAllParties"))),
        venues=tuple(lexicon.words("zhVenueMarkers")),
        governing=_alternation(lexicon.words("zhGoverningVerbs")),
        particles=tuple(lexicon.words("zhObjectParticles")),
        bilateral=tuple(lexicon.words("zhBilateral")),
        back_pointers=tuple(lexicon.words("zhBackPointers")),
        situations=tuple(lexicon.words("zhSituationNouns")),
        rule_nouns=tuple(lexicon.words("zhRuleNouns")),
        non_state_doers=tuple(lexicon.words("zhNonStateDoers")),
        parties_concerned=tuple(lexicon.words("zhPartiesConcerned")),
        own_abbreviation=next((a for a, iso3 in lexicon.abbreviations.items() if iso3 == HOLDER), ""),
        own_people=_own_people(lexicon),
        received_acts=lexicon.words("zhReceivedActs"),
        groups=_alternation(frozenset(lexicon.group_names)),
        group_of=dict(lexicon.group_names),
        receiving=tuple(lexicon.words("zhReceivingVerbs")),
        beneficiary=tuple(m + w for m in lexicon.words("zhBeneficiaryMarkers") for w in lexicon.words("zhSelf")),
        non_state_nouns=tuple(lexicon.words("zhNonStateNouns")),
        not_venues=tuple(lexicon.words("zhNotVenueMarkers")),
        against_deeds=lexicon.words("zhActsAgainstDeeds"),
        victim_markers=tuple(lexicon.words("zhVictimMarkers")),
        side_suffixes=tuple(sorted(lexicon.words("zhSideSuffixes"), key=len, reverse=True)),
        joint_hope_acts=lexicon.words("zhJointHopeActs"),
        joint_outcomes=tuple(lexicon.words("zhJointOutcomes")),
        joint_parties=tuple(lexicon.words("zhJointParties")),
        two_states=tuple(lexicon.words("zhTwoStates")),
        intent_cues=lexicon.words("zhIntentCues"),
        intent_words=tuple(lexicon.words("zhIntentWords")),
        relayed_speakers=tuple(lexicon.words("zhRelayedSpeakers")),
    )


__all__ = ["FRAMES", "HOLDER", "TARGETS", "Grammar", "grammar_for"]
