"""The features of an answer sentence that the sentence classifier of acts (``sentence_model.py``) reads: its
words and word pairs, the lexicon's classes (negation, reported speech, the speaker's side: NEG, REPORT, SELF in
``acts.ttl``), a conditional, a question mark, where it stands in the answer, the question's words, and which acts'
cues matched in it. ``sentence_features`` is the one definition (training reads it); the scoring of
``sentence_model.PackedTable`` reads the same parts without making the strings of the words and pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from kg.extract.positions.learned import CONDITIONAL, WORD
from kg.extract.positions.lexicon import ActLexicon, may_search
from kg.extract.positions.openings import lowered

CLASSES = ("negated", "reported", "conditional", "speaker")  # the features ``sentence_classes`` searches for
QUESTION_WORD_MIN = 4  # shorter words of the question ("the", "of", "US") say little about the answer's act


def sentence_features(
    lex: ActLexicon,
    sentence: str,
    where: tuple[int, int],
    question: frozenset[str],
    cues: Mapping[str, bool],
) -> list[str]:
    """The features of one answer sentence: ``where`` is its index and the answer's number of sentences,
    ``question`` the question's words (``question_words``), ``cues`` the acts whose cues matched in the sentence
    (True: the rules state it; False: the frames turned every match down).

    >>> from kg.extract.positions.lexicon import load_act_lexicon
    >>> fs = sentence_features(load_act_lexicon(), "He said we oppose it?", (0, 2), frozenset({"sanctions"}),
    ...                        {"oppose": False})
    >>> [f for f in fs if not f.startswith(("w=", "b="))]
    ['reported', 'speaker', 'question', 'first', 'q=sanctions', 'declined=oppose']
    >>> [f for f in fs if f.startswith("b=")][:2]
    ['b=<s>_he', 'b=he_said']
    """
    text, words = text_and_words(sentence)
    return [
        *sentence_classes(lex, text),
        *sentence_marks(text, where),
        *question_features(question),
        *cue_features(cues),
        *(f"w={w}" for w in sorted(set(words))),
        *(f"b={a}_{b}" for a, b in word_pairs(words)),
    ]


def text_and_words(sentence: str) -> tuple[str, list[str]]:
    text = sentence.replace("\u2019", "'")
    return text, WORD.findall(text.lower())


def sentence_classes(lex: ActLexicon, text: str) -> list[str]:
    """The lexicon's classes (``CLASSES``) the sentence's text holds: its patterns' searches, most of the cost of a
    sentence's features."""
    out = []
    lower = lowered(text)
    for name, pattern in (("negated", lex.neg), ("reported", lex.report), ("conditional", CONDITIONAL)):
        if may_search(lex, pattern, lower) and pattern.search(text):
            out.append(name)
    if may_search(lex, lex.self_any, lower) and lex.self_any.search(text):
        out.append("speaker")
    return out


def sentence_marks(text: str, where: tuple[int, int]) -> list[str]:
    """A question mark, and the sentence's place in its answer."""
    index, count = where
    place = "only" if count == 1 else "first" if index == 0 else "last" if index == count - 1 else "middle"
    return ["question", place] if text.rstrip().endswith("?") else [place]


def question_features(question: frozenset[str]) -> list[str]:
    return [f"q={w}" for w in sorted(question)]


def cue_features(cues: Mapping[str, bool]) -> list[str]:
    return [f"{'cue' if stated else 'declined'}={act}" for act, stated in sorted(cues.items())]


def word_pairs(words: Sequence[str]) -> Iterable[tuple[str, str]]:
    """A sentence's word pairs (the first with ``<s>``), each once, in the order they first stand."""
    return dict.fromkeys(zip(["<s>", *words], words, strict=False))


def question_words(question: str) -> frozenset[str]:
    """The question's words the features name (``q=``): lower-cased, of QUESTION_WORD_MIN letters or more."""
    return frozenset(w for w in WORD.findall(question.lower()) if len(w) >= QUESTION_WORD_MIN)
