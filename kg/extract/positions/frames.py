"""The frames stage: whether a cue match is the spokesperson's own act (the speaker's side as the subject, not
negated unless the cue asks for it, not someone else's words reported).

>>> from kg.extract.positions.lexicon import load_act_lexicon, match_cues
>>> from kg.extract.positions.turn import Reading
>>> lex = load_act_lexicon()
>>> def acts(text: str) -> list[str]:
...     r = Reading(lex, text, text, ((0, len(text)),), [0], [], [])
...     return [c.act for c, m in match_cues(lex, text) if judge(r, c, 0, m.start(), m.end())]
>>> acts("China firmly opposes the move."), acts("Russia said it opposes the move.")
(['oppose'], [])
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from kg.extract.positions.lexicon import ActCue, match_cues
from kg.extract.positions.pointers import group_ref
from kg.extract.positions.targets import addressee
from kg.extract.positions.turn import (
    ACTOR,
    COORDINATION,
    GENERIC,
    PREVIOUS,
    Reading,
    Verdict,
    deictic_kind,
    facing,
    previous_start,
)
from kg.types import EntityKind, EntityRef

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
     "welcome", "welcomes", "welcomed", "visit", "visits", "visited", "trust", "trusts", "respect", "respects",
     # verbs whose indirect object China is: "Moldova gave China support"
     "give", "gives", "gave", "given", "offer", "offers", "offered", "provide", "provides", "provided", "lend",
     "lends", "lent", "show", "showed", "shown", "extend", "extends", "extended"}
)  # fmt: skip
# "China and Canada have been offering each other support": support both ways is a relation, no act of China's.
RECIPROCAL = re.compile(r"(?<![\w])(?:each other|one another)(?![\w'])", re.I)
RECIPROCAL_ACTS = frozenset({"support"})
# An infinitive of purpose right before a cue ("... to continue playing"), and how far back its subject may stand.
PURPOSE_TO = re.compile(r"(?<![\w'])to\s+$", re.I)
PURPOSE_REACH = 120
DONE = re.compile(r"[a-z]+(?:ed|ing)", re.I)  # a verb in the past or in progress reports (annotation.md v2, rule 4)
NEGATION_REACH = 60  # characters from a negation to the evaluation it may govern
COORDINATION_REACH = 300  # characters from the subject to a predicate coordinated with its own
CONJUNCTIONS = frozenset({"and", "or"})
NOT_VERBS = frozenset({"always", "thus", "its", "this", "us", "plus", "yes", "as", "was", "perhaps", "nevertheless"})
PERSONAL = re.compile(r"(?:we|I)(?![\w'])", re.I)
# The speaker's side as one third-person subject, whose verbs agree with it: "China hopes that Ethiopia will
# maintain stability and supports ..." ("supports" is China's, not Ethiopia's).
SINGULAR_VERB = re.compile(r"[a-z]+[^s\W]s(?![\w])|(?:has|is|does)(?![\w])", re.I)
GERUND = re.compile(r"[a-z]+ing(?![\w])", re.I)
OBLIGED = re.compile(r"(?:have|has)\s+to(?![\w])", re.I)
PASSIVE_AFTER = re.compile(
    r"\s+(?:not\s+)?be\s+(?:[a-z]+ly\s+)?[a-z]+(?:ed|en|held|kept|made|paid|put|set|done)(?![\w])", re.I
)
PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")
ACCUSATIONS = frozenset({"criticize"})
INDEFINITE_THING = re.compile(r"(?<![\w])(?:anything|nothing)\s+(?:that|which)(?![\w])", re.I)
HYPOTHETICAL = re.compile(r"(any|anyone|anybody|whoever|all)\b|attempts?\b", re.I)
Frame = Callable[[Reading, ActCue, int, int, int], "Verdict | None"]


def judge(tc: Reading, cue: ActCue, i: int, s: int, e: int) -> tuple[int, int, ActCue, Verdict] | None:
    verdict = FRAME_CHECKS[cue.frame](tc, cue, tc.spans[i][0], s, e)
    if verdict is None:
        return None
    if (cue.polarity == "pos" and verdict.negated) or (cue.polarity == "neg" and not verdict.negated):
        return None
    if cue.act in RECIPROCAL_ACTS and RECIPROCAL.search(
        tc.norm, max(tc.clause_start(tc.spans[i][0], s), s - 40), e + 30
    ):
        return None
    return (s, e, cue, verdict)


def _frame_self(tc: Reading, cue: ActCue, ss: int, s: int, e: int) -> Verdict | None:
    m = tc.lex.subject_end.search(tc.norm, max(ss, s - 200), s)
    if m is None:
        return _coordinated_predicate(tc, ss, s) or _purpose(tc, ss, s, cue)
    if not _is_subject(tc, ss, m.start()) or tc.reported(ss, m.start()):
        return None
    return Verdict(bool(tc.lex.neg.search(m.group("mid"))), m.start(), None, _partners(tc, m))


def _is_subject(tc: Reading, ss: int, start: int) -> bool:
    before = PREVIOUS_WORD.search(tc.norm, max(ss, start - 20), start)
    if before is None:
        return True
    word = before.group(1).lower()
    if word == "what":  # "What we oppose is ..." speaks; "what China has done" is a noun phrase
        return PERSONAL.match(tc.norm, start) is not None
    if word not in CONJUNCTIONS and "," in tc.norm[before.end(1) : start]:
        return True  # "As a major victim of cyber attacks, China is ready to": an opening phrase ends at the comma
    # "talks with China", "Pakistan and China": not the speaker's own subject; but "..., and we welcome" is.
    return word not in NOT_A_SUBJECT or (word in CONJUNCTIONS and PERSONAL.match(tc.norm, start) is not None)


def _agrees(tc: Reading, subject: re.Match[str], c: re.Match[str], s: int) -> bool:
    """Whether a later predicate can only be the speaker's: a singular subject ("China", "the Chinese side") with
    a singular verb, and the later verb singular too ("China hopes that Ethiopia will ... and supports")."""
    if PERSONAL.match(tc.norm, subject.start()) or subject.start("joint") >= 0:
        return False
    own = (subject.group("mid") + " " + subject.group("verb")).split()
    later = (tc.norm[c.start("mid") : s] + " " + tc.norm[s : s + 20]).split()
    return any(_singular(w) for w in own) and bool(later) and _singular(later[0])


def _singular(word: str) -> bool:
    return SINGULAR_VERB.fullmatch(word) is not None and word.lower() not in NOT_VERBS


def _partners(tc: Reading, m: re.Match[str]) -> tuple[EntityRef, ...]:
    if m.start("joint") < 0:
        return ()
    return tuple(dict.fromkeys(a[2] for a in tc.actors_between(m.start("joint"), m.end("joint"))))


def _coordinated_predicate(tc: Reading, ss: int, s: int) -> Verdict | None:
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
    # A block word right before the conjunction governs nothing: "We firmly oppose that and have lodged ..."
    blocks = [
        m.start() for m in lex.coord_block.finditer(tc.norm, subject.start("mid"), c.start()) if m.end() < c.start()
    ]
    # "We hope X will ... and support Y": X supports; but in "China hopes that X will ... and supports Y" the verb
    # agrees with China only, where nothing but China's own verb ("hopes that") stood in the way.
    if blocks and not (max(blocks) <= subject.end() and _agrees(tc, subject, c, s)):
        return None
    if lex.report.search(tc.norm, subject.end(), c.start()) or tc.reported(ss, subject.start()):
        return None
    if not c.group("mid").strip(" ,") and GERUND.match(tc.norm, s) and not GERUND.fullmatch(subject.group("verb")):
        return None  # "We support the DPRK and the ROK in enhancing trust and improving ties": their gerunds
    return Verdict(bool(lex.neg.search(c.group("mid"))), subject.start(), None, _partners(tc, subject))


def _purpose(tc: Reading, ss: int, s: int, cue: ActCue) -> Verdict | None:
    """The spokesperson's side as the subject of a verb whose purpose the cue states, an infinitive after it:
    "China stands ready to join relevant sides to continue playing a constructive role", "We will devote more
    efforts to strengthening cooperation". Not where another cue stands before the infinitive (its object: one act
    per clause, annotation.md v2 rule 6; but a cooperation's purpose is the speaker's act too, pk:sharesPurpose:
    "China will work with the international community to support the DPRK"), nor over a call on someone else, a
    subordinate clause or someone else's words ({COORD_BLOCK}, {REPORT}: "We urge the US to support ..."), nor where
    the verb reports what was or is being done ("responded by setting to work with", "is doing its utmost to
    support": annotation.md v2, rule 4)."""
    to = PURPOSE_TO.search(tc.norm, max(ss, s - PURPOSE_REACH), s)
    if to is None:
        return None
    cs = tc.clause_start(ss, to.start())
    subject: re.Match[str] | None = None
    for m in tc.lex.self_subject.finditer(tc.norm, max(cs, to.start() - PURPOSE_REACH), to.start()):
        if _is_subject(tc, ss, m.start()):
            subject = m
    if subject is None or subject.end() > to.start() or tc.reported(ss, subject.start()):
        return None
    if DONE.fullmatch(subject.group("verb")):
        return None  # "responded by setting to work with", "is doing its utmost to": a report of what is done
    if tc.lex.coord_block.search(tc.norm, subject.start("mid"), s) or tc.lex.report.search(tc.norm, subject.end(), s):
        return None
    if any(
        m.start() == 0 and not _shares_purpose(tc, c, cue)
        for c, m in match_cues(tc.lex, tc.norm[subject.start("verb") : to.start()])
    ):
        return None  # "We support the efforts of Venezuela to uphold ...": the infinitive is the other act's object
    return Verdict(bool(tc.lex.neg.search(subject.group("mid"))), subject.start(), None, _partners(tc, subject))


def _shares_purpose(tc: Reading, before: ActCue, cue: ActCue) -> bool:
    """Whether the act of a cue before the infinitive makes it the speaker's act too: "China will work with the
    international community to support the DPRK" supports (pk:sharesPurpose); not the same act twice ("work with
    X to enhance cooperation" is one offer, read from its first cue)."""
    return before.act in tc.lex.sharing_purpose and cue.act != before.act


def _frame_self_to(tc: Reading, cue: ActCue, ss: int, s: int, e: int) -> Verdict | None:
    verdict = _frame_self(tc, cue, ss, s, e)
    if verdict is None:
        return None
    ref = addressee(tc, e, tc.spans[bisect.bisect_right(tc.starts, s) - 1][1])
    if ref is None:
        return None
    return Verdict(verdict.negated, verdict.start, ref)


def _frame_participle(tc: Reading, cue: ActCue, ss: int, s: int, e: int) -> Verdict | None:
    """A participle after a comma that continues the speaker's own clause, addressed at once: "The Chinese side has
    lodged stern representations with the Canadian side and the US side, demanding them to ..."."""
    if not tc.norm[max(ss, s - 3) : s].rstrip().endswith(","):
        return None
    cs = tc.clause_start(ss, s)
    subject = tc.lex.self_clause.match(tc.norm, cs, s) or tc.lex.self_clause.match(tc.norm, ss, s)
    if subject is None or tc.reported(ss, s):
        return None
    ref = addressee(tc, e, tc.spans[bisect.bisect_right(tc.starts, s) - 1][1])
    return None if ref is None else Verdict(False, s, ref)


def _frame_other(tc: Reading, cue: ActCue, ss: int, s: int, e: int) -> Verdict | None:
    cs = tc.clause_start(ss, s)
    if tc.reported(ss, s) or tc.lex.advice.search(tc.norm, max(cs, s - 80), s):
        return None  # "all parties shall avoid provocative actions" is advice, not an accusation
    negated = _negated(tc, cs, s)
    if cue.act in ACCUSATIONS and _hypothetical(tc, cs, s):
        return None  # "Any attempt to smear China ...", "Attempts to drive a wedge ...": a hypothesis accuses no one
    if tc.lex.self_clause.match(tc.norm, cs, s):
        # "China firmly opposes all forms of bullying" states a principle; "China opposes the so-called 'long-arm
        # jurisdiction' by certain country" also accuses someone, so it counts where it names who.
        return Verdict(negated, s, None, needs_target=True)
    return Verdict(negated, s, None)


def _hypothetical(tc: Reading, cs: int, s: int) -> bool:
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


def _negated(tc: Reading, cs: int, s: int) -> bool:
    """Whether a negation governs an evaluation at ``s``: "This is not a smear", but not "They cannot be altered
    by groundless accusations" (the negation is the verb's, the evaluation sits in its agent phrase)."""
    last = None
    for m in tc.lex.neg.finditer(tc.norm, cs, s):
        last = m
    if last is None or s - last.end() > NEGATION_REACH:
        return False
    return tc.lex.scope_break.search(tc.norm, last.end(), s) is None


def _frame_any(tc: Reading, cue: ActCue, ss: int, s: int, e: int) -> Verdict | None:
    if tc.reported(ss, s):
        return None
    window = max(tc.clause_start(ss, s), s - 30)
    return Verdict(bool(tc.lex.neg.search(tc.norm, window, s)), s, None)


def _frame_modal(tc: Reading, cue: ActCue, ss: int, s: int, e: int) -> Verdict | None:
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
        return Verdict(False, before[k][0], (ACTOR, tuple(dict.fromkeys(a[2] for a in before[k:]))))
    d = tc.lex.deictic_end.search(tc.norm, max(cs, s - 120), s)
    if d is not None:
        return Verdict(False, d.start(), (deictic_kind(d.group()), ()))
    pronoun = tc.lex.pronoun_subject.search(tc.norm, max(cs, s - 40), s)
    # "It should stop interfering" points back; "they", "he", "she" only to actors of this sentence or the one
    # before ("... to the Canadian and US governments that they should release her"): they often mean people or
    # groups named no closer ("Countries should ... In particular, they should avoid ...").
    if (
        pronoun is not None
        and not OBLIGED.match(tc.norm, s)  # "they have to spend 354 dollars": a burden, not a demand
        and (pronoun.group(1).lower() == "it" or facing(tc, previous_start(tc, ss), pronoun.start()))
    ):
        return Verdict(False, pronoun.start(), (PREVIOUS, ()))  # "It should stop interfering": the one just named
    return None


def _frame_modal_generic(tc: Reading, cue: ActCue, ss: int, s: int, e: int) -> Verdict | None:
    cs = tc.clause_start(ss, s)
    g = tc.lex.generic_end.search(tc.norm, max(cs, s - 120), s)
    if g is None or tc.reported(ss, s):
        return None
    ref = group_ref(tc, g.start(), s)
    if ref is None or ref[0] == GENERIC:
        # "The international community should ...", "All countries must ...": a principle for everyone, China
        # among them, is no appeal to anyone (annotation.md, positions rule 9: joint outcomes China is part of).
        return None
    return Verdict(False, g.start(), ref)


FRAME_CHECKS: dict[str, Frame] = {
    "self": _frame_self,
    "self_to": _frame_self_to,
    "participle": _frame_participle,
    "other": _frame_other,
    "any": _frame_any,
    "modal": _frame_modal,
    "modal_generic": _frame_modal_generic,
}
