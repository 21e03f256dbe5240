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
from dataclasses import dataclass
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


OTHER_WHITESPACE = re.compile(r"[^\S ]")  # white space but the space itself: what ``fold`` turns into spaces
SPACES = re.compile(r" {2,}")
NOT_SECOND_SPACE = re.compile(r"(?<! ) |[^ ]", re.S)  # each character that survives collapsing


@dataclass(frozen=True, slots=True)
class Folded:
    """A text as literal openings are looked up in it: lower-cased (``lowered``), its white space spaces and each
    run of it one space (openings spell a pattern's white space as one space), and where runs were collapsed,
    the offset in the text of each character kept (``where``; None: the offsets are the text's)."""

    lower: str
    where: list[int] | None = None

    def offset(self, index: int) -> int:
        """The offset in the text of the character at ``index`` of ``lower``."""
        return index if self.where is None else self.where[index]


def fold(text: str) -> Folded | None:
    """``text`` folded for looking up openings, or None where lower case is not what a case-blind pattern matches
    (``lowered``). Readers leave single spaces, so collapsing runs (and the map back) is rarely needed; only white
    space other than a space is replaced (a newline): replacing every space by itself cost a call per space.

    >>> fold("We  firmly\\noppose"), fold("We firmly oppose").where
    (Folded(lower='we firmly oppose', where=[0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), None)
    """
    lower = lowered(text)
    if lower is None:
        return None
    lower = OTHER_WHITESPACE.sub(" ", lower)
    if "  " not in lower:
        return Folded(lower)
    return Folded(SPACES.sub(" ", lower), [m.start() for m in NOT_SECOND_SPACE.finditer(lower)])


def lowered(text: str) -> str | None:
    """``text`` lower-cased for looking up openings, or None where it holds a character of ``CASE_APART`` (then
    only the patterns themselves can say where they match)."""
    # Four searches for a character, not a set's look-up of each of the text's characters (a long non-ASCII turn).
    return None if not text.isascii() and any(ch in text for ch in CASE_APART) else text.lower()


def literal_openings(pattern: re.Pattern[str], length: int = OPENING_LENGTH) -> set[str] | None:
    r"""The lower-cased literal strings (up to ``length`` characters) every match of ``pattern`` starts with, or
    None where some match may start otherwise (then the pattern is searched in full).

    A run of whitespace (``\s+``) is spelled as one space, since the text is searched with its runs collapsed:

    >>> sorted(literal_openings(re.compile(r"(?:firm|strong)\s+opposition|oppos(?:e|es)", re.I)))
    ['firm ', 'oppos', 'stron']

    An optional part is read on into what follows it (a cue anchored on "the " is tried after every "the "), a
    part that may repeat is not:

    >>> sorted(literal_openings(re.compile(r"(?:the\s+)?international|(?:very\s+)*good", re.I), 10))
    ['good', 'internatio', 'the intern', 'very ']
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


def start_guard(openings: set[str] | None) -> ahocorasick.Automaton | None:
    """An automaton of a pattern's literal openings whole, each to its length, for ``opening_starts``; None where
    some match has no opening, or one opens with white space (a match could begin inside a run ``fold`` collapses).
    """
    if openings is None or any(not opening or opening[0] == " " for opening in openings):
        return None
    automaton = ahocorasick.Automaton()
    for opening in sorted(openings):
        automaton.add_word(opening, len(opening))
    automaton.make_automaton()
    return automaton


def opening_starts(guard: ahocorasick.Automaton | None, folded: Folded | None) -> list[int] | None:
    """The offsets in a text (``folded``: ``fold`` of it), ascending, where one of a pattern's openings (``guard``:
    ``start_guard`` of them) begins: every match of the pattern begins at one of them. None where the pattern has
    no guard or the text no folded form: a match may begin anywhere.

    >>> opening_starts(start_guard({"with ", "all f"}), fold("Work with  all forms, with\\tall."))
    [5, 11, 22]
    """
    if guard is None or folded is None:
        return None
    return sorted({folded.offset(last + 1 - length) for last, length in guard.iter(folded.lower)})


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
        # At most once ("(?:the\s+)?"), the body's openings are what the repeat's are, whole where they are whole
        # (the match goes on after them): only a body that may repeat leaves its openings unfinished.
        once = sub if high == 1 else {(text, False) for text, _ in sub}
        return once | ({("", True)} if low == 0 else set())
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {("", True)}  # zero-width: the opening continues after it
    return {("", False)}
