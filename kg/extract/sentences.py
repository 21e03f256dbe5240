"""Sentence spans over a turn's text, for the extractors that work sentence by sentence.

A boundary is a run of ``.``, ``!`` or ``?`` (with any closing quotes or brackets after it) followed by
whitespace and then something that can open a sentence, or a newline (paragraphs never share a sentence).
A period that closes a known abbreviation ("Mr.", "No. 1", "e.g.") or a single initial ("Donald J. Trump")
is not a boundary; "U.S." and the like end a sentence only where an obvious sentence opener follows
("... sanctions by the U.S. The Chinese side ..."). Decimals and dotted acronyms need no rule: a boundary
needs whitespace after the period. Spans exclude surrounding whitespace, so ``text[start:end]`` is the
sentence as written.

>>> text = 'Mr. Pompeo said the U.S. would act. We "firmly oppose" it! Is No. 1 ready?\\nYes.'
>>> [text[a:b] for a, b in split_sentences(text)]
['Mr. Pompeo said the U.S. would act.', 'We "firmly oppose" it!', 'Is No. 1 ready?', 'Yes.']
"""

from __future__ import annotations

import re
from functools import lru_cache

Span = tuple[int, int]

# Abbreviations after which a period does not end a sentence, compared lower-cased without the final period.
# These are orthography, not domain knowledge, so they live here rather than in ontology/.
# fmt: off
NEVER_FINAL = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "cf", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "lt", "col", "capt", "sgt", "rep", "sen", "gov",
    "pres", "amb", "hon", "jr", "sr", "co", "corp", "inc", "ltd", "dept", "fig", "approx", "art", "para", "p", "pp",
    "vol", "op", "al",
})
# Dotted acronyms that are often the last word of a sentence: a boundary only before a sentence opener.
MAYBE_FINAL = frozenset({"u.s", "u.k", "u.n", "u.s.a", "e.u", "p.r.c", "d.c", "a.m", "p.m"})
OPENERS = frozenset({
    "the", "this", "that", "these", "those", "it", "its", "we", "i", "he", "she", "they", "there", "here", "in", "on",
    "at", "as", "for", "but", "and", "so", "if", "when", "while", "our", "his", "their", "china", "chinese", "after",
    "before", "since", "during", "however", "meanwhile", "moreover", "also", "what", "why", "how", "according", "let",
    "a", "an", "some", "many", "all", "both", "no", "not", "yes",
})
# fmt: on

# A candidate boundary: sentence-final punctuation, closers, then whitespace; or a newline.
# The lookahead keeps ", said" / "? he asked" joined: the next sentence must open with a capital,
# a digit, a quote or a bracket.
# Written as ``[.!?]+["'...]*(?=...)|\s*\n\s*`` would match, but opening with the class of the characters a boundary
# starts with, so that the engine skips to them instead of trying both alternatives at every character of a turn
# (the split is the first reading of each turn; 30% less time in it); the character taken chooses the branch.
BOUNDARY = re.compile(
    r"""[.!?\s](?:(?<=[.!?])[.!?]*["'\u201d\u2019)\]]*(?=[ \t\u00a0\u3000]+["'\u201c\u2018(\[]?[A-Z0-9])"""
    r"""|(?<=\n)\s*|(?<=\s)\s*\n\s*)"""
)
WORD_BEFORE = re.compile(r"(?<![A-Za-z.])([A-Za-z][A-Za-z.]*)\.$")
NEXT_WORD = re.compile(r"""\s*["'\u201c\u2018(\[]?([A-Za-z]+)""")


def split_sentences(text: str) -> tuple[Span, ...]:
    """Character spans ``(start, end)`` of the sentences of ``text``, in order, whitespace trimmed.

    >>> split_sentences("We urge the U.S. side to stop. It is 3.5 times as high.")
    ((0, 30), (31, 55))
    >>> split_sentences("")
    ()
    """
    return _split_cached(text)


@lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[Span, ...]:
    # Extractors split the same turn more than once (topics, positions); the cache makes that free.
    spans: list[Span] = []
    start = 0
    for m in BOUNDARY.finditer(text):
        end = m.end()
        if text[m.start()] in ".!?" and not _is_final(text, m.start(), end):
            continue
        append_span(text, start, end, spans)
        start = end
    append_span(text, start, len(text), spans)
    return tuple(spans)


def _is_final(text: str, punct: int, end: int) -> bool:
    """Whether the punctuation at ``punct`` really ends a sentence (abbreviations and initials do not)."""
    if text[punct] != "." or text[punct + 1 : punct + 2] in ".!?":
        return True
    # The word the period is attached to, with inner dots ("U.S", "e.g").
    m = WORD_BEFORE.search(text, max(0, punct - 12), punct + 1)
    if m is None:
        return True
    word = m.group(1).lower()
    if word in NEVER_FINAL:
        return False
    if len(word) == 1 and m.group(1).isupper():
        return False  # an initial: "Donald J. Trump"
    if word in MAYBE_FINAL:
        nxt = NEXT_WORD.match(text, end)
        return nxt is not None and nxt.group(1).lower() in OPENERS
    return True


MAX_SENTENCE = 2000  # characters; the corpus's longest sentence has 922


def append_span(text: str, start: int, end: int, spans: list[Span]) -> None:
    """Add the span ``text[start:end]``, whitespace trimmed, to ``spans`` (nothing where it is blank); a runaway
    longer than ``MAX_SENTENCE`` is cut (Chinese sentences use this too, ``kg.extract.zh.sentences``)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # Text that lost its full stops (scraped pages do) would make one sentence of a whole page, and the
    # extractors' work per sentence grows faster than its length: cut runaways at a space.
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        append_span(text, start, cut, spans)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
