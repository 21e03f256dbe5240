"""Whose hope a hope is: a hoped-for joint outcome ("We hope the visit will deepen mutual trust") or a hope of the
reporter ("I hope that you can make an accurate reading") is no appeal (annotation.md, positions rule 9). Used by
the assembly, which drops such an appeal, and by the target resolver, which reads a hoped-for clause's subject.
"""

from __future__ import annotations

import re

from kg.extract.positions.pointers import pair_meant
from kg.extract.positions.turn import Reading

THAT = re.compile(r"\s*(?:that\s+)?")


def joint_hope(tc: Reading, s: int, e: int, end: int) -> bool:
    """Whether the hope at [s, e) is for a joint outcome, not an appeal: its clause's subject is an event ("We hope
    the visit will deepen mutual trust") or a pair China is one of ("We hope the two sides will implement the
    consensus of our presidents", with no other pair named; "our two countries") (annotation.md, positions rule 9).

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> def joint(text: str) -> bool:
    ...     r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [], [])
    ...     return joint_hope(r, 3, 12, len(text))
    >>> joint("We hope that the visit will deepen trust."), joint("We hope that the US will stop it.")
    (True, False)
    """
    q = _hoped_clause(tc, s, e, end)
    if q is None:
        return False
    intro = tc.lex.grammar.intro.match(tc.norm, q, end)
    if intro is not None:
        q = intro.end()
    if tc.lex.pair_at.match(tc.norm, q, end):
        return pair_meant(tc, q) == (None,)
    subject = joint_subject(tc, q, end)
    return subject is not None and not others_event(tc, subject)


def hoped_of_reporter(tc: Reading, s: int, e: int, end: int) -> bool:
    """Whether the hope at [s, e) is of the reporter: "I hope that you can make an accurate reading of the article"
    asks the reporter, no state, so it is no appeal.

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> def of_reporter(text: str) -> bool:
    ...     r = Reading(load_act_lexicon(), text, text, ((0, len(text)),), [0], [], [])
    ...     return hoped_of_reporter(r, 2, 7, len(text))
    >>> of_reporter("I hope that you can read it."), of_reporter("I hope that your side can read it.")
    (True, False)
    """
    q = _hoped_clause(tc, s, e, end)
    return q is not None and tc.lex.grammar.reporter.match(tc.norm, q, end) is not None


def _hoped_clause(tc: Reading, s: int, e: int, end: int) -> int | None:
    """Where the clause hoped for starts, after "that" (the cue at [s, e) a hope); None where it is no hope."""
    if not tc.lex.grammar.hoped.match(tc.norm, s):
        return None
    that = THAT.match(tc.norm, e, end)
    return that.end() if that else e


def joint_subject(tc: Reading, q: int, end: int) -> re.Match[str] | None:
    """The subject of the clause at ``q`` where it is an event or China with its partner ("the visit will deepen
    mutual trust", "our two countries will ...")."""
    verb = tc.lex.grammar.subject_end.search(tc.norm, q, end)
    return tc.lex.grammar.joint_subject.search(tc.norm, q, verb.start() if verb else q)


def others_event(tc: Reading, subject: re.Match[str]) -> bool:
    """Whether a hoped-for event is the pair's the question names, China not one of them ("We hope that the
    meeting to be held in Hanoi will be successful", answering on the DPRK-US summit: an appeal to both, not a
    joint outcome of China's); "our two countries" are always China with its partner."""
    return bool(tc.asked_pair) and not subject.group().lower().startswith("our ")
