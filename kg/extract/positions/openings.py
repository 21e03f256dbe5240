r"""The literal openings of a pattern's matches, and the guard built on them: where none of a pattern's openings
occurs in a text, the pattern cannot match there, and one pass of an automaton says so far faster than the
pattern's own search. The act lexicon anchors its cues on them (``lexicon.match_cues``) and guards its other
patterns with them (``may_match``, for the learned check's features); both read a text lower-cased by ``lowered``,
which stands aside where lower case is not what a case-blind pattern matches.

>>> guard = opening_guard({"said ", "state"})
>>> may_match(guard, lowered("They stated it.")), may_match(guard, lowered("We oppose it.")), may_match(None, "x")
(True, False, True)
>>> lowered("He \u017faid so.") is None  # the long s matches "s" in any case, but does not lower-case to it
True
"""

from __future__ import annotations

import re
from typing import Any

import ahocorasick

OPENING_LENGTH = 5  # characters of a pattern's literal opening used as its guard
# Characters of a cue's literal opening used as its anchor (``anchor_openings``). Each anchor found leads to a try
# of the cue's pattern, and short ones fail nearly always: over 150 White House transcripts "have " led to 94,105
# tries for 690 matches, and all the five-character anchors to 671,151 tries for 19,086; ten characters take 40%
# off the cue matching there (longer ones gain nothing more: more patterns have too many openings, MAX_OPENINGS).
ANCHOR_LENGTH = 10
MIN_OPENING = 2
MAX_OPENINGS = 256
# Characters that re.IGNORECASE matches to an ASCII letter but str.lower() does not turn into that one letter
# ("\u017f", the long s, matches "s"): in a text holding one, a lower-cased opening may be missing where a match is not.
CASE_APART = frozenset("\u0130\u0131\u017f\u212a")


def lowered(text: str) -> str | None:
    """``text`` lower-cased for looking up openings, or None where it holds a character of ``CASE_APART`` (then
    only the patterns themselves can say where they match)."""
    return None if not text.isascii() and not CASE_APART.isdisjoint(text) else text.lower()


def literal_openings(pattern: re.Pattern[str], length: int = OPENING_LENGTH) -> set[str] | None:
    r"""The lower-cased literal strings (up to ``length`` characters) every match of ``pattern`` starts with, or
    None where some match may start otherwise (then the pattern is searched in full).

    A run of whitespace (``\s+``) is spelled as one space, since the text is searched with its runs collapsed:

    >>> sorted(literal_openings(re.compile(r"(?:firm|strong)\s+opposition|oppos(?:e|es)", re.I)))
    ['firm ', 'oppos', 'stron']
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # a private API: any surprise means "no openings", never a wrong answer
        return None
    return tree_openings(tree, length)


def anchor_openings(tree: Any) -> set[str] | None:
    r"""A cue's anchors: its ``tree_openings`` of up to ``ANCHOR_LENGTH`` characters, or where it has too many of
    those (``MAX_OPENINGS``: alternatives multiply as openings grow), its ``OPENING_LENGTH`` ones.

    Either set is sound (every match starts with one of its strings), so a cue found from them is found where its
    pattern matches, whichever set it has.

    >>> from re import _parser
    >>> sorted(anchor_openings(_parser.parse(r"(?:we|they)\s+will\s+firmly", re.I)))
    ['they will ', 'we will fi']
    """
    longer = tree_openings(tree, ANCHOR_LENGTH)
    return longer if longer is not None else tree_openings(tree)


def tree_openings(tree: Any, length: int = OPENING_LENGTH) -> set[str] | None:
    """``literal_openings`` of a pattern already parsed (``re._parser.parse``, as ``kg.extract.regexcode.parse``
    gives it).

    Reads the parse tree of the ``re`` module; should that change, every pattern is simply searched in full, which
    is slower but gives the same positions."""
    try:
        from re import _constants  # type: ignore[attr-defined]

        found = _sequence_openings(list(tree), _constants, length)
    except Exception:  # a private API: any surprise means "no openings", never a wrong answer
        return None
    if found is None or any(len(text) < MIN_OPENING for text, _ in found):
        return None
    return {text.lower() for text, _ in found}


def opening_guard(openings: set[str] | None) -> ahocorasick.Automaton | None:
    """An automaton of a pattern's literal openings, each cut at its first space (a run of white space in the
    text), or None where some match has no opening (the pattern must always be searched)."""
    words = {opening.split(" ")[0] for opening in openings or ()}
    if openings is None or "" in words or not all(word.isascii() for word in words):
        return None
    automaton = ahocorasick.Automaton()
    for word in sorted(words):
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def may_match(guard: ahocorasick.Automaton | None, lower: str | None) -> bool:
    """False where a pattern cannot match anywhere in a text (``lower``: ``lowered`` of it) because none of its
    openings (``guard``) occurs in it; True where it may, where it has no guard, or where case stands apart."""
    return guard is None or lower is None or next(guard.iter(lower), None) is not None


def _sequence_openings(items: list[Any], c: Any, length: int) -> set[tuple[str, bool]] | None:
    """(text, whole) pairs for a sequence of parse items; ``whole`` says the text is all the items match."""
    acc: set[tuple[str, bool]] = {("", True)}
    for op, av in items:
        if all(not whole or len(text) >= length for text, whole in acc):
            break
        step = _item_openings(op, av, c, length)
        if step is None:
            return None
        nxt: set[tuple[str, bool]] = set()
        for text, whole in acc:
            if not whole or len(text) >= length:
                nxt.add((text[:length], False))
                continue
            for more, more_whole in step:
                joined = text + more
                nxt.add((joined[:length], more_whole and len(joined) < length))
        if len(nxt) > MAX_OPENINGS:
            return None
        acc = nxt
    return acc


def _item_openings(op: Any, av: Any, c: Any, length: int) -> set[tuple[str, bool]] | None:
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
            sub = _sequence_openings(list(branch), c, length)
            if sub is None:
                return None
            out |= sub
        return out
    if op is c.SUBPATTERN:
        return _sequence_openings(list(av[-1]), c, length)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, body = av
        if low == 1 and list(body) == [(c.IN, [(c.CATEGORY, c.CATEGORY_SPACE)])]:
            return {(" ", True)}  # a space in a pattern: the anchors run over text with whitespace runs collapsed
        sub = _sequence_openings(list(body), c, length)
        if sub is None:
            return None
        once = sub if (low, high) == (1, 1) else {(text, False) for text, _ in sub}
        return once | ({("", True)} if low == 0 else set())
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {("", True)}  # zero-width: the opening continues after it
    return {("", False)}
