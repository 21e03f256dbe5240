"""The target resolver's grammar: the word lists of ``ontology/targets.ttl`` (``pk:targetFragment``) set in the
patterns that say where an actor named near an act is its target, and where only its place, venue or victim.

>>> from kg.extract.positions.lexicon import load_act_lexicon
>>> g = load_act_lexicon().grammar
>>> bool(g.victim.search("sanctions against the ")), bool(g.victim.search("sanctions by the "))
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CASELESS = int(re.IGNORECASE)  # flags as plain numbers: they name the patterns in the lexicon's compiled form

TARGET_FRAGMENTS = (
    "RELATIVE", "PLACE_PREPOSITION", "ACTOR_HEAD", "PEOPLE", "DETERMINER", "VICTIM", "AUXILIARY", "INTRO", "LOCATION",
    "OWN_SIDE", "ORG_OWNED", "VENUE_FRAME", "VENUE_PREPOSITION", "INCLUDING", "INCLUDED", "MEMBERS_OF",
    "OTHER_STATES", "MEMBERS", "STATES_BACK", "RECIPIENT", "STANCE_VERB", "HOPED",
    "RELEVANT_PARTIES", "ORG_COMPOUND", "SESSION_NUMBER", "REPORTER", "REPORTERS_WORDS", "EVERYONE",
    "JOINT_SUBJECT", "WHOLE_CLASS", "SANCTIONS", "BILATERAL", "TITLE", "AGENT",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TargetGrammar:
    """The patterns the target resolver tries around an act, each built from one or two word lists."""

    relative: re.Pattern[str]  # a relative pronoun just before the act
    place_preposition: re.Pattern[str]  # a preposition just before an actor: a place or topic, not the doer
    actor_as_modifier: re.Pattern[str]  # ... unless the actor heads a noun phrase ("the US bill")
    people_in: re.Pattern[str]  # ... or qualifies people ("a certain politician in the US")
    determiners: re.Pattern[str]  # the words before an addressee or object
    victim: re.Pattern[str]  # "against", "targeting": the actor undergoes the object
    subject_end: re.Pattern[str]  # the first auxiliary of a hoped-for clause
    intro: re.Pattern[str]  # an introductory phrase before that clause's subject
    location: re.Pattern[str]  # "in", "at": where an act against someone took place
    own_side: re.Pattern[str]  # an object that is the speaker's own side
    org_as_modifier: re.Pattern[str]  # an organisation owning rules or texts ("the UN Charter")
    org_as_venue: re.Pattern[str]  # an organisation as venue or frame ("at the UN", "framework of the WTO")
    including: re.Pattern[str]  # a group singling out members
    included: re.Pattern[str]  # ... after them ("the international community, Greece included")
    members_of: re.Pattern[str]  # "all parties in Afghanistan"
    other_states: re.Pattern[str]  # "any country", "other countries": states left unnamed
    members: re.Pattern[str]  # "other members": of the organisation just named
    states_back: re.Pattern[str]  # "those countries": the states the previous sentence named
    recipient: re.Pattern[str]  # "informing the WHO": an organisation told something
    stance_verb: re.Pattern[str]  # "WHO ... oppose": an organisation stating its own stance
    hoped: re.Pattern[str]  # "We hope Australia will ...": a hope whose clause's subject is the partner of an act in it
    relevant_parties: re.Pattern[str]  # "with the relevant parties": the question's states, whatever the act
    reporter: re.Pattern[str]  # "I hope that you can ...": the reporter as a hoped-for clause's subject
    reporters_words: re.Pattern[str]  # "what you said", "your logic": the reporter's words, no state's
    everyone: re.Pattern[str]  # "all forms of", "with other parties": a stance of principle aimed at no one
    joint_subject: re.Pattern[str]  # "the visit", "our two countries": a hoped-for clause's joint subject
    whole_class: re.Pattern[str]  # "all forms of", "in all its forms": an object that is a whole class of deeds
    sanctions: re.Pattern[str]  # "unilateral sanctions": aimed at the state that imposes them
    bilateral: re.Pattern[str]  # "our two sides", "bilateral relations": a sentence on the relation of two sides
    titled_owner: re.Pattern[str]  # "Finance Secretary Carlos Dominguez's": an object owned by a titled name
    agent: re.Pattern[str]  # "a unilateral claim by the Japanese side": the agent just before an actor


def grammar_sources(frag: Callable[[str], str]) -> dict[str, tuple[str, int]]:
    """The text and flags of each pattern of the grammar (a field of ``TargetGrammar``), with each word list
    inserted by ``frag`` (a fragment's name -> its expanded pattern); the lexicon compiles them
    (``kg.extract.regexcode``)."""
    return dict(
        relative=(rf"(?<![\w])(?:{frag('RELATIVE')})\s+$", CASELESS),
        place_preposition=(rf"(?<![\w])(?:{frag('PLACE_PREPOSITION')})\s+(?:the\s+)?$", CASELESS),
        actor_as_modifier=(rf"(?:'s?|\s+(?-i:[A-Z])|\s+(?:{frag('ACTOR_HEAD')})(?![\w]))", CASELESS),
        people_in=(rf"(?<![\w])(?:{frag('PEOPLE')})\s+in\s+(?:the\s+)?$", CASELESS),
        determiners=(rf"\s*(?:that\s+)?(?:(?:{frag('DETERMINER')})\s+)*", CASELESS),
        victim=(rf"(?<![\w])(?:{frag('VICTIM')})\s+(?:the\s+)?$", CASELESS),
        subject_end=(rf"(?<![\w])(?:{frag('AUXILIARY')})(?![\w])", CASELESS),
        intro=(rf"\s*,?\s*(?:{frag('INTRO')})\s[^,;]{{0,120}},\s*", CASELESS),
        location=(  # "the attack in Afghanistan", "the terrorist attack in Nairobi, Kenya" (a city before its state)
            rf"(?<![\w])(?:{frag('LOCATION')})\s+(?:the\s+)?(?:[\w-]+,?\s+){{0,3}}?(?:of\s+(?:the\s+)?)?$",
            CASELESS,
        ),
        own_side=(rf"(?:the\s+)?(?:{frag('OWN_SIDE')})\s+(?!side\b)", CASELESS),
        org_as_modifier=(rf"(?:(?:'s)?\s+(?:{frag('ORG_OWNED')})|-(?:{frag('ORG_COMPOUND')}))(?![\w])", CASELESS),
        org_as_venue=(
            rf"(?<![\w])(?:(?:(?:{frag('VENUE_FRAME')}) of|{frag('VENUE_PREPOSITION')})\s+(?:the\s+)?"
            rf"|(?:{frag('SESSION_NUMBER')})\s+)$",
            CASELESS,
        ),
        including=(rf"\s*,?\s*(?:and\s+)?(?:{frag('INCLUDING')})\s+(?:the\s+)?", CASELESS),
        included=(rf"\s+(?:{frag('INCLUDED')})(?![\w])", CASELESS),
        members_of=(rf"\s+(?:{frag('MEMBERS_OF')})\s+(?:the\s+)?", CASELESS),
        other_states=(rf"(?:{frag('OTHER_STATES')})(?![\w])", CASELESS),
        members=(rf"(?:{frag('MEMBERS')})(?![\w])", CASELESS),
        states_back=(rf"(?:{frag('STATES_BACK')})(?![\w])", CASELESS),
        recipient=(rf"(?<![\w])(?:{frag('RECIPIENT')})\s+(?:the\s+)?$", CASELESS),
        stance_verb=(rf"(?<![\w])(?:{frag('STANCE_VERB')})(?![\w])", CASELESS),
        hoped=(rf"(?<![\w])(?:{frag('HOPED')})\s+", CASELESS),
        relevant_parties=(rf"(?<![\w])(?:{frag('RELEVANT_PARTIES')})(?![\w])", CASELESS),
        reporter=(rf"(?:{frag('REPORTER')})(?![\w'])", CASELESS),
        reporters_words=(rf"(?<![\w])(?:{frag('REPORTERS_WORDS')})(?![\w])", CASELESS),
        everyone=(rf"(?<![\w])(?:{frag('EVERYONE')})(?![\w])", CASELESS),
        joint_subject=(rf"(?<![\w])(?:{frag('JOINT_SUBJECT')})(?![\w])", CASELESS),
        whole_class=(rf"(?<![\w])(?:{frag('WHOLE_CLASS')})(?![\w])", CASELESS),
        sanctions=(rf"(?<![\w])(?:{frag('SANCTIONS')})(?![\w])", CASELESS),
        bilateral=(rf"(?<![\w])(?:{frag('BILATERAL')})(?![\w])", CASELESS),
        agent=(rf"(?<![\w])(?:{frag('AGENT')})\s+(?:(?!(?:to|which|that|who|and)\s)[\w'-]+\s+){{0,10}}$", CASELESS),
        titled_owner=(
            rf"\s*(?:the\s+)?(?:(?-i:[A-Z])[\w-]*\s+){{0,2}}(?:{frag('TITLE')})(?:\s+(?-i:[A-Z])[^\s',.;]*){{1,3}}'s(?![\w])",
            CASELESS,
        ),
    )
