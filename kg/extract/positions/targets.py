"""The targets stage: whom an act is aimed at, by one resolver every act uses. The exchange's actors (actors.py)
give what pointers mean ("they", "the relevant country", "the two sides", "all relevant parties"); a target the
evidence does not name is marked with the rule that inferred it.

What pointers and groups stand for is pointers.py's; ``group_named`` below shows one decision of this stage.
"""

from __future__ import annotations

import dataclasses
import re

from kg.extract.positions.hopes import THAT, joint_subject, others_event
from kg.extract.positions.lexicon import ActCue, group_key
from kg.extract.positions.pointers import Targets, back, group_ref, including, organisation_before, pair_meant, pointer
from kg.extract.positions.targets_roles import (
    bilateral_partner,
    evaluated,
    parties_named,
    sanctions_unnamed,
    states_only,
    venue,
)
from kg.extract.positions.turn import (
    ACTOR,
    COORDINATION,
    GENERIC,
    OTHERS,
    PREVIOUS,
    Reading,
    Ref,
    Verdict,
    coordinated,
    deictic_kind,
    facing,
)
from kg.types import EntityKind, EntityRef

ANAPHOR_REACH = 60  # characters from a pointing subject ("This is") to the evaluation it governs
WITH = re.compile(r"(?<![\w])with\s+(?!regard\b|respect\b)", re.I)
ENDS_WITH = re.compile(r"(?<![\w])with$", re.I)
# The rest of an own-side object coordinated with an actor: "the Chinese [company and the] Myanmar side".
OWN_AND = re.compile(r"[\w-]+(?:\s+[\w-]+)?\s+(?:and|as well as)\s+(?:the\s+)?", re.I)

# Which acts accuse a doer (never the place) and which answer the question where they name no one are
# pk:accusesDoer and pk:answersQuestion in acts.ttl (tc.lex.accusing, tc.lex.answering); the word lists that say
# where an actor is a place, venue, victim or owner of a text are ontology/targets.ttl (tc.lex.grammar).


def addressee(tc: Reading, e: int, sentence_end: int) -> Ref | None:
    """Who a call ("urge", "hope", "call on") is addressed to: the phrase that follows it at once."""
    lead = tc.lex.grammar.determiners.match(tc.norm, e, sentence_end)
    p = lead.end() if lead else e
    that = THAT.match(tc.norm, e, sentence_end)
    q = that.end() if that else e
    after = tc.actors_between(e, sentence_end)
    if after and after[0][0] <= p:
        return (ACTOR, coordinated(tc, after))
    d = tc.lex.deictic_at.match(tc.norm, q, sentence_end) or tc.lex.deictic_at.match(tc.norm, p, sentence_end)
    if d is not None:
        return (deictic_kind(d.group()), ())
    if tc.lex.pair_at.match(tc.norm, q, sentence_end) and (two := pair_meant(tc, q)) != (None,):
        return (ACTOR, tuple(r for r in two if r is not None))  # "We urge the two sides to ..."
    if tc.lex.grammar.states_back.match(tc.norm, q, sentence_end):
        return (PREVIOUS, ())  # "We urge those countries to ...": whom the previous sentence named
    if tc.lex.grammar.other_states.match(tc.norm, q, sentence_end):
        return (OTHERS, ())  # "We ask foreign governments to accord equal treatment to Chinese enterprises"
    group = group_ref(tc, q, sentence_end)
    if group is not None:
        return group  # "We call on all parties, including the US, to ...", "We urge the relevant parties to"
    if any(q <= a <= p for a, _b in tc.places):
        return (GENERIC, ())  # "the Taiwan authorities": no one actor
    if tc.lex.pronoun_at.match(tc.norm, q, sentence_end):
        return (PREVIOUS, ())
    return None


def resolve_targets(
    tc: Reading,
    cue: ActCue,
    verdict: Verdict,
    i: int,
    s: int,
    e: int,
    previous: EntityRef | None,
    context: EntityRef | None,
    bound: int,
) -> Targets:
    """The targets of one act: usually one actor or none; actors named together each count. The cue's target
    policy says where to look: a target its frame fixed, the partner of a joint subject, the clause's subject,
    the object after the verb (``after``, ``partner``), or the sentence (``sentence``, ``question``, ``mention``,
    ``context``). An act that names no one in a sentence on the relation of two sides is aimed at the question's
    one actor where its act says so (``bilateral_partner``)."""
    found = _by_policy(tc, cue, verdict, i, s, e, previous, context, bound)
    return bilateral_partner(tc, cue, tc.spans[i], parties_named(tc, e, tc.spans[i], found))


def _by_policy(
    tc: Reading,
    cue: ActCue,
    verdict: Verdict,
    i: int,
    s: int,
    e: int,
    previous: EntityRef | None,
    context: EntityRef | None,
    bound: int,
) -> Targets:
    """The targets the cue's target policy finds (``resolve_targets``)."""
    policy = cue.target
    if policy == "none":
        return (None,)
    ss, se = tc.spans[i]
    if cue.act in tc.lex.no_organisations:
        tc = states_only(tc, ss, se)
    if cue.act in tc.lex.parties_apart:
        # "China is willing to work with all parties", answering a question about the US: an offer to everyone
        # concerned, not to the states the question names (pk:partiesFromQuestion false, targets.ttl); "work with
        # relevant parties to this end", answering a question about the JCPOA, is aimed at the states it names, but
        # "stands ready to work with all relevant parties to advance the negotiations", answering a question about
        # one state, is still an offer to everyone.
        relevant = tc.lex.grammar.relevant_parties.search(tc.norm, e, se) and len(tc.parties) > 1
        tc = dataclasses.replace(tc, sole=None) if relevant else dataclasses.replace(tc, sole=None, parties=())
    if verdict.ref is not None and verdict.ref[0] == OTHERS and _answers(tc, cue, context):
        # "We ask foreign governments to accord equal treatment to Chinese enterprises", answering a question about
        # the US ban on a Chinese company: aimed at the US (annotation.md, positions rule 1).
        return (context,)
    if verdict.ref is not None:
        return _fixed_by_frame(tc, verdict.ref, ss, s, previous, context)
    if not verdict.needs_target and sanctions_unnamed(tc, cue, e, ss, se):
        return (tc.imposer,)  # "We are against unilateral sanctions", answering "The US introduced sanctions on Iran"
    if policy == "partner" and verdict.partners:
        return verdict.partners  # "China and ASEAN will deepen cooperation"
    if policy == "clause":
        return _clause_subject(tc, e, bound, previous, context)
    if policy == "asked":
        # "Hong Kong affairs are purely China's internal affairs", answering a question about US sanctions: a
        # sovereign right is asserted against whoever the sentence names, else the actor the question is about.
        states = [a for a in facing(tc, ss, se) if a[2].kind is EntityKind.COUNTRY]
        if states:
            return coordinated(tc, states)
        # a visit's purpose names its venue ("preparations for the SCO Summit"): a state asked about, else no one; a
        # bloc of states only for an act against someone (pk:organisationTarget "named": "... internal affairs")
        state = context is not None and context.kind is EntityKind.COUNTRY
        against = cue.act in tc.lex.named_organisations_only
        return (context if state or (against and _actor_asked(tc, cue, context)) else None,)
    if policy in ("after", "partner"):
        found = _object_targets(tc, cue, verdict, (ss, s, e, bound), previous, context)
        if found == (None,):
            found = (group_named(tc, e, bound),)
        if found == (None,) and policy == "partner":
            return _hoped_partner(tc, ss, s, previous, context)
        return found
    return _sentence_targets(tc, cue, verdict, (ss, se, s), previous, context)


def group_named(tc: Reading, start: int, end: int) -> EntityRef | None:
    """The bloc a group of states named in [start, end) stands for, where no actor is named before it ("work with
    African countries": the AU; groups.ttl).

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> text = "China will work with African countries to fight the epidemic."
    >>> r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [], [])
    >>> group_named(r, 11, len(text))
    EntityRef(kind=<EntityKind.ORGANIZATION: 'organization'>, key='au')
    """
    if not tc.may_find("groups", start, end):
        return None
    m = tc.lex.groups.search(tc.norm, start, end)
    if m is None or tc.actors_between(start, m.start()):
        return None
    return tc.lex.group_of.get(group_key(m.group()))


def _hoped_partner(tc: Reading, ss: int, s: int, previous: EntityRef | None, context: EntityRef | None) -> Targets:
    """The partner of an act inside a hoped-for clause that names none after the act: the clause's subject ("We hope
    Australia will meet China halfway and move forward our comprehensive strategic partnership": Australia), else no
    one.

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> aus = EntityRef(EntityKind.COUNTRY, "AUS")
    >>> text = "We hope Australia will meet China halfway and move forward our partnership."
    >>> r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [(8, 17, aus)], [8])
    >>> [t.key for t in _hoped_partner(r, 0, 46, None, None) if t]
    ['AUS']
    """
    hopes = list(tc.lex.grammar.hoped.finditer(tc.norm, ss, s))
    if not hopes:
        return (None,)
    return _clause_subject(tc, hopes[-1].end(), s, previous, context)


def _fixed_by_frame(
    tc: Reading, ref: Ref, ss: int, s: int, previous: EntityRef | None, context: EntityRef | None
) -> Targets:
    """The target a frame fixed (an addressee, a modal's subject), a pointer back resolved."""
    if ref[0] == PREVIOUS:
        # "We will stay in contact with the Russian side and urge it to": the antecedent may stand earlier
        # in the same sentence.
        before = facing(tc, ss, s)
        if before:
            k = len(before) - 1
            while k > 0 and COORDINATION.fullmatch(tc.norm, before[k - 1][1], before[k][0]):
                k -= 1  # "the Canadian and US governments that they should ...": both
            return tuple(dict.fromkeys(a[2] for a in before[k:]))
    return pointer(tc, ref, previous, context)


def _object_targets(
    tc: Reading,
    cue: ActCue,
    verdict: Verdict,
    where: tuple[int, int, int, int],
    previous: EntityRef | None,
    context: EntityRef | None,
) -> Targets:
    """The targets in the object of a verb (``after``) or after its "with" (``partner``); ``where`` is the
    sentence's start, the cue's span and where its object ends."""
    ss, s, e, bound = where
    policy = cue.target
    semicolon = tc.norm.find(";", e, bound)
    ce = semicolon if semicolon >= 0 else bound
    q = e + len(tc.norm[e:ce]) - len(tc.norm[e:ce].lstrip())
    head = _object_head(tc, policy, q, ce, previous, context)
    if head == (None,) and _answers(tc, cue, context) and tc.lex.grammar.other_states.match(tc.norm, q, ce):
        # "We firmly oppose any country facilitating ...", "we oppose other countries selling arms to Taiwan",
        # answering a question about India's or France's conduct: aimed at that state (annotation.md, rule 1).
        return (context,)
    if head is not None:
        return head
    if policy == "after" and tc.lex.pronoun_at.match(tc.norm, q, ce):
        # "As a member of the IMF, China supports the organization in evaluating the situation in Pakistan": the
        # object points back, to the actor named before the verb, else to the previous sentence's.
        before = facing(tc, ss, s)
        return (before[-1][2],) if before else back(tc, previous, context)
    if policy == "partner":
        # "conduct cooperation in economic, trade and other areas with it": the partner follows "with".
        if ENDS_WITH.search(tc.norm, s, e):
            return _with_partner(tc, e, ce, ss, s, previous, context)  # "work with ..."
        w = WITH.search(tc.norm, e, min(ce, e + 90)) if not tc.actors_between(s, e) else None
        if w is not None:
            return _with_partner(tc, w.end(), ce, ss, s, previous, context)
    found = [
        a
        for a in tc.actors_between(s, ce)
        if not tc.lex.grammar.victim.search(tc.norm, max(ss, a[0] - 16), a[0]) and not venue(tc, a, ss)
    ]
    if cue.act in tc.lex.accusing:
        # "condemns the attacks in Sulu province of the Philippines": where it happened is not who did it
        found = [a for a in found if not tc.lex.grammar.location.search(tc.norm, max(ss, a[0] - 40), a[0])]
    if found:
        return coordinated(tc, found)
    return _object_fallback(tc, cue, verdict, (ss, e, ce), previous, context)


def _object_head(
    tc: Reading, policy: str, q: int, ce: int, previous: EntityRef | None, context: EntityRef | None
) -> Targets | None:
    """What the object's first words decide: the speaker's own side, an actor before a group word, a pointer, a
    pair, a group, anyone; None where they decide nothing."""
    own = tc.lex.grammar.own_side.match(tc.norm, q, ce) if policy == "after" else None
    if own is not None:
        # "China supports Chinese enterprises in working with the Myanmar side": its own; but "We support the Chinese
        # company and the Myanmar side in developing the port" also supports the one named together with it
        partner = tc.actors_between(own.end(), ce)[:1]
        if partner and OWN_AND.fullmatch(tc.norm, own.end(), partner[0][0]):
            return coordinated(tc, partner)
        return (None,)
    return _phrase_head(tc, q, ce, previous, context)


def _phrase_head(
    tc: Reading, q: int, end: int, previous: EntityRef | None, context: EntityRef | None
) -> Targets | None:
    """Whom the noun phrase at ``q`` names by its first words, the same for an act's object and a hope's subject:
    an actor before a group word ("with ASEAN countries", "We hope ASEAN countries will"), a pointer ("the
    relevant country"), a pair ("the two sides"), a group ("all parties concerned, including Russia"), anyone
    ("any country": no one); None where the first words decide nothing."""
    lex = tc.lex
    lead = lex.grammar.determiners.match(tc.norm, q, end)
    first = tc.actors_between(q, end)
    if first and first[0][0] <= (lead.end() if lead else q):
        return coordinated(tc, first)
    bloc = lex.groups.match(tc.norm, q, end) or (lex.groups.match(tc.norm, lead.end(), end) if lead else None)
    if bloc is not None:
        # "We hope the European side will": the EU (groups.ttl); "African countries including Nigeria": both
        return (lex.group_of[group_key(bloc.group())], *including(tc, bloc.end(), end))
    d = lex.deictic_at.match(tc.norm, q, end)
    if d is not None:
        # "work with the relevant countries, including the United States": the one it singles out
        return including(tc, d.end(), end) or pointer(tc, (deictic_kind(d.group()), ()), previous, context)
    if lex.pair_at.match(tc.norm, q, end):
        return pair_meant(tc, q)
    if lex.grammar.states_back.match(tc.norm, q, end):
        return back(tc, previous, context)  # "enhance cooperation with these countries"
    if lex.grammar.members.match(tc.norm, q, end):
        return (organisation_before(tc, q),)  # "work with other members", after "the BRICS cooperation"
    group = group_ref(tc, q, end)
    if group is not None:
        return pointer(tc, group, previous, context)
    if lex.anyone.match(tc.norm, q, end):
        return (None,)
    return None


def _object_fallback(
    tc: Reading,
    cue: ActCue,
    verdict: Verdict,
    where: tuple[int, int, int],
    previous: EntityRef | None,
    context: EntityRef | None,
) -> Targets:
    """An object that names no actor: a pointer in it, an object named before the verb, or the question's state."""
    ss, e, ce = where
    d = tc.lex.deictic_any.search(tc.norm, e, ce)
    if d is not None:
        return pointer(tc, (deictic_kind(d.group()), ()), previous, context)
    pair = tc.lex.pair_at.search(tc.norm, e, ce)
    if pair is not None and (two := pair_meant(tc, pair.start())) != (None,):
        return two  # "concrete actions from the two sides", "goodwill between the two leaders"
    if tc.lex.refer_any.search(tc.norm, e, min(ce, e + 40)):
        return back(tc, previous, context)
    if tc.lex.grammar.relative.search(tc.norm, ss, verdict.start):
        # "the remarks by Japan's Chief Cabinet Secretary, which we cannot accept": the object came first.
        # "certain people in Turkey and the UK have been making irresponsible remarks, which the Chinese side
        # firmly opposes": every actor named together with the last one before the relative pronoun.
        before = tc.actors_between(ss, verdict.start)
        if before:
            return _coordinated_last(tc, before)
    if cue.act in tc.lex.titled_state and context is not None and tc.lex.grammar.titled_owner.match(tc.norm, e, ce):
        # "We applaud Finance Secretary Carlos Dominguez's positive remarks", answering on what the Philippine
        # Finance Secretary said: the person stands for the state the question is about (pk:titledPersonState).
        return (context,)
    if tc.lex.grammar.whole_class.search(tc.norm, e, ce):
        # "China firmly opposes and combats all forms of cyber attack", answering a question about a US
        # accusation: a stance of principle on a whole class of deeds, aimed at no one (annotation.md, rule 1).
        return (None,)
    if _answers(tc, cue, context) and not _reporters(tc, ss, ce):
        # "China firmly opposes interference by any country", answering a question about Japan's statement:
        # an opposition that names no one is aimed at the state the question is about (annotation.md,
        # positions rule 1).
        return (context,)
    return (None,)


def _coordinated_last(tc: Reading, actors: list[tuple[int, int, EntityRef]]) -> tuple[EntityRef, ...]:
    """The last actor of ``actors`` and those coordinated with it before it ("Turkey and the UK"), in order."""
    chain = [actors[-1]]
    for a in reversed(actors[:-1]):
        if not COORDINATION.fullmatch(tc.norm, a[1], chain[-1][0]):
            break
        chain.append(a)
    return tuple(dict.fromkeys(a[2] for a in reversed(chain)))


def _reporters(tc: Reading, ss: int, se: int) -> bool:
    """Whether the sentence [ss, se) answers the reporter's own words ("I don't get your logic", "what you said is
    not true"): an act there that names no one is aimed at no one, not at the question's actor.

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> text = "I am afraid what you said is not true."
    >>> _reporters(Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [], []), 0, len(text))
    True
    """
    return tc.lex.grammar.reporters_words.search(tc.norm, ss, se) is not None


def _answers(tc: Reading, cue: ActCue, context: EntityRef | None) -> bool:
    """Whether an act that names no one is aimed at the state the question is about (pk:answersQuestion)."""
    return cue.act in tc.lex.answering and _actor_asked(tc, cue, context)


def _actor_asked(tc: Reading, cue: ActCue, context: EntityRef | None) -> bool:
    """Whether the question's actor may be an act's target where the sentence names no one: a state, or a bloc of
    states (groups.ttl: "The European Union in a statement has said ...") for an act that may aim at an organisation."""
    if context is None:
        return False
    if context.kind is EntityKind.COUNTRY:
        return True
    return cue.act not in tc.lex.no_organisations and context in tc.lex.group_of.values()


def _sentence_targets(
    tc: Reading,
    cue: ActCue,
    verdict: Verdict,
    where: tuple[int, int, int],
    previous: EntityRef | None,
    context: EntityRef | None,
) -> Targets:
    """The targets the sentence names (``sentence``, ``question``, ``mention``, ``context``), else a pointer, else
    (``question``) the actor the question is about; ``where`` is the sentence's span and the cue's start."""
    ss, se, s = where
    lex = tc.lex
    policy = cue.target
    if verdict.needs_target and policy == "question":
        policy = "sentence"  # the question's actor is no fallback for a principle stated in the speaker's clause
    if cue.frame == "other" and policy in ("sentence", "question"):
        # "It has undermined the authority of the Security Council": a pointer as the subject is the one accused;
        # the actor in the object is what suffers.
        cs = tc.clause_start(ss, s)
        subject = _pointing_subject(tc, cs, s)
        if subject is not None and s - subject.end() <= ANAPHOR_REACH and not facing(tc, cs, s):
            # ... unless the agent is named after the act ("the so-called 'median line' is only a unilateral claim
            # by the Japanese side", "This cannot be denied by a few words of a certain individual in the US")
            agents = [a for a in evaluated(tc, s, se) if lex.grammar.agent.search(tc.norm, max(s, a[0] - 80), a[0])]
            return coordinated(tc, agents) if agents else back(tc, previous, context)
    found = evaluated(tc, ss, se) if policy in ("sentence", "question") else facing(tc, ss, se)
    anyone = lex.anyone.search(tc.norm, ss, se)
    d = lex.deictic_any.search(tc.norm, ss, se)
    named = min(found[0][0] if found else se, d.start() if d is not None else se)
    if anyone is not None and anyone.start() < named:
        # "Any attempt to interfere in China's internal affairs is doomed to fail": aimed at no one named, so, for
        # an act that answers the question (pk:answersQuestion), at the state the question is about (annotation.md,
        # positions rules 1 and 7); else at no one.
        return (context if _answers(tc, cue, context) else None,)
    if found:
        return coordinated(tc, found)
    if policy == "mention":
        return (None,)
    bloc = group_named(tc, ss, se) if cue.act not in lex.accusing else None
    if bloc is not None:
        return (bloc,)  # "increase support for Africa": the AU (groups.ttl); never the one accused
    if policy == "context":
        return back(tc, previous, context)
    if d is not None:
        return pointer(tc, (deictic_kind(d.group()), ()), previous, context)
    # "This is a typical act of bullying", "Such remarks are groundless": a pointer as the subject, close by; a
    # pronoun however far the act stands from it in its clause ("They've threatened to push the legislation,
    # wantonly criticized ..."; "Their real intention is to ... seek independence", after the DPP authorities):
    # the doer is what it means, or no one, never the question's actor by default. Not "Those leveling
    # accusations against China ... are doomed to fail": no pointer back, whoever does so.
    cs = tc.clause_start(ss, s)
    subject = _pointing_subject(tc, cs, s)
    if subject is not None and (s - subject.end() <= ANAPHOR_REACH or _pronoun_ends(tc, subject)):
        return back(tc, previous, context)
    if policy == "question" and not any(cs <= a < s for a, _b in tc.places) and not _reporters(tc, ss, se):
        # "So-called 'cover-up' is groundless", "The stigmatization of China is unpopular": an evaluation that
        # names no one answers the question, so it is aimed at the actor the question is about; unless its
        # subject is a place ("The Taiwan authorities are trying ... political maneuvering").
        return (context,)
    return (None,)


def _pointing_subject(tc: Reading, cs: int, s: int) -> re.Match[str] | None:
    """A pointer ("it", "this", "such remarks") opening the clause at ``cs``, or after its introductory phrase ("In
    disregard of international law and obligations, it resorted to maximum pressure"); None where none does."""
    subject = tc.lex.refer_start.match(tc.norm, cs, s)
    if subject is None and (intro := tc.lex.grammar.intro.match(tc.norm, cs, s)) is not None:
        subject = tc.lex.refer_start.match(tc.norm, intro.end(), s)
    return subject


LAST_WORD = re.compile(r"[\w-]+$")


def _pronoun_ends(tc: Reading, subject: re.Match[str]) -> bool:
    """Whether a pointing subject ends in a pronoun ("they", "their", "it"), not a demonstrative ("those", "such")."""
    last = LAST_WORD.search(tc.norm, subject.start(), subject.end())
    return last is not None and tc.lex.pronoun_at.fullmatch(tc.norm, last.start(), subject.end()) is not None


def _with_partner(
    tc: Reading, q: int, end: int, ss: int, s: int, previous: EntityRef | None, context: EntityRef | None
) -> Targets:
    """The partner named right after "with": an actor, a pointer back, or a group (no one)."""
    lex = tc.lex
    while q < end and tc.norm[q].isspace():
        q += 1
    head = _phrase_head(tc, q, end, previous, context)  # "ASEAN countries", "the relevant side", "all parties"
    if head is not None:
        return head
    if lex.pronoun_at.match(tc.norm, q, end):
        before = facing(tc, ss, s)
        return (before[-1][2],) if before else back(tc, previous, context)
    lead = tc.lex.grammar.determiners.match(tc.norm, q, end)
    after = tc.actors_between(q, end)
    if after and after[0][0] <= (lead.end() if lead else q):
        return coordinated(tc, after)
    return (None,)


def _clause_subject(tc: Reading, e: int, end: int, previous: EntityRef | None, context: EntityRef | None) -> Targets:
    """The subject of the clause a hope or reminder is about: "We hope that, with the joint efforts of all parties,
    the meeting will ..." (no one), "We hope the US will ..." (the US), "I'd remind Canada to ..." (Canada)."""
    lex = tc.lex
    that = THAT.match(tc.norm, e, end)
    q = that.end() if that else e
    intro = tc.lex.grammar.intro.match(tc.norm, q, end)
    if intro is not None:
        q = intro.end()
    head = _phrase_head(tc, q, end, previous, context)
    if head is not None:
        return head
    if lex.pronoun_at.match(tc.norm, q, end):
        return back(tc, previous, context)
    verb = tc.lex.grammar.subject_end.search(tc.norm, q, end)
    found = facing(tc, q, verb.start() if verb else end)
    if found:
        return coordinated(tc, found)
    subject = joint_subject(tc, q, end)
    return tc.asked_pair if subject is not None and others_event(tc, subject) else (None,)
