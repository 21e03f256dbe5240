"""Speaker labels: the ``Name:`` that opens a paragraph, and what kind of turn it opens.

A label is the text before a paragraph's first colon when that text has the shape of a label: a cue from
``ontology/reading.ttl`` ("Q", "A", "Follow-up", "Journalist clarifies", "The following question was raised
after the press conference"), a spokesperson's name, or a short capitalised name (an outlet, perhaps with
"reporter"). A sentence that merely contains a colon ("Our position is very clear: ...") is no label.

>>> split_label("Reuters: What is your comment?", spokespersons=frozenset())
Label(kind=<LabelKind.OUTLET: 'outlet'>, name='Reuters', rest='What is your comment?')
>>> split_label("Hua chunying: We noted it.", spokespersons=frozenset({"Hua Chunying"})).name
'Hua Chunying'
>>> split_label("Our position is very clear: no.", spokespersons=frozenset()) is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from kg.profiles import profile
from kg.read.cues import fold, load_cues
from kg.read.outlets import clean_outlet_name


class LabelKind(StrEnum):
    OUTLET = "outlet"  # a question by a named outlet's reporter
    QUESTION = "question"  # an anonymous question ("Q:")
    FOLLOW_UP = "follow-up"  # a further question by the previous reporter
    LEAD_IN = "lead-in"  # "The following question was raised after the press conference:"
    INTERJECTION = "interjection"  # the reporter's reply inside an exchange ("Journalist clarifies:")
    SPOKESPERSON = "spokesperson"  # a named spokesperson answering or announcing
    ANSWER = "answer"  # an anonymous answer ("A:")


#: Kinds that open a new exchange.
QUESTION_KINDS = frozenset({LabelKind.OUTLET, LabelKind.QUESTION, LabelKind.FOLLOW_UP, LabelKind.LEAD_IN})
#: Kinds that open (or resume) the spokesperson's speech.
ANSWER_KINDS = frozenset({LabelKind.SPOKESPERSON, LabelKind.ANSWER})


@dataclass(frozen=True, slots=True)
class Label:
    kind: LabelKind
    name: str  # the outlet or spokesperson as written (cleaned); the cue itself for the other kinds
    rest: str  # the paragraph's text after the label


_LABELLED = re.compile(r"^\s*(?P<label>[^:\uff1a\n]{1,160}?)\s*[:\uff1a]\s*(?P<rest>.*)$", re.DOTALL)
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$")
#: Characters an outlet's name never holds (sentence punctuation); "." only inside acronyms like "U.S.".
_NOT_IN_NAME = re.compile(r"[,;?!()\[\]{}/\\]")
MAX_OUTLET_WORDS = 8
MAX_OUTLET_CHARS = 60


@dataclass(frozen=True, slots=True)
class _Compiled:
    question: frozenset[str]
    answer: frozenset[str]
    follow_up: frozenset[str]
    reporter: frozenset[str]
    connectors: frozenset[str]
    spokespersons: dict[str, str]
    lead_in: re.Pattern[str]
    interjection: re.Pattern[str]


@cache
def _compiled() -> _Compiled:
    cues = load_cues()
    reporter = cues.alternation("reporter-word")
    return _Compiled(
        question=cues.folded("anonymous-question"),
        answer=cues.folded("anonymous-answer"),
        follow_up=cues.folded("follow-up"),
        reporter=cues.folded("reporter-word"),
        connectors=cues.folded("name-connector"),
        spokespersons={fold(name): name for name in profile("fmprc").spokespersons},
        lead_in=re.compile(rf"\b(?:{cues.alternation('question-lead-in')})\b", re.IGNORECASE),
        # "Journalist", "Journalist clarifies", "The journalist clarified", "Reporter adds"
        interjection=re.compile(rf"^(?:the\s+|a\s+)?(?:{reporter})(?:\s+[a-z]+)?$", re.IGNORECASE),
    )


def split_label(paragraph: str, *, spokespersons: frozenset[str]) -> Label | None:
    """The paragraph's label, or None where it opens with no label.

    ``spokespersons`` are names known to speak for the ministry in this document (from its title);
    the spokespersons of the ministry's profile (``ontology/profiles.ttl``) are known as well.
    """
    # A label ends at a colon: a paragraph without one (most) is not tried (the pattern's lazy label, up to 160
    # characters, tried at every length, cost most of this function).
    m = _LABELLED.match(paragraph) if ":" in paragraph or "\uff1a" in paragraph else None
    if m is None:
        return None
    raw, rest = m.group("label").strip(), m.group("rest").strip()
    # "At 10:00", "Between 00:00 and 24:00": a clock time, not a label.
    if raw[-1:].isdigit() and rest[:1].isdigit():
        return None
    kind, name = classify_label(raw, spokespersons=spokespersons)
    if kind is None:
        return None
    return Label(kind, name, rest)


def classify_label(raw: str, *, spokespersons: frozenset[str]) -> tuple[LabelKind | None, str]:
    """What kind of turn a label's text opens, and the name it gives (None where it is no label).

    >>> classify_label('"Global Times" reporter', spokespersons=frozenset())
    (<LabelKind.OUTLET: 'outlet'>, 'Global Times')
    >>> classify_label("Journalist clarifies", spokespersons=frozenset())[0]
    <LabelKind.INTERJECTION: 'interjection'>
    >>> classify_label("What I want to stress is as follows", spokespersons=frozenset())[0] is None
    True
    """
    c = _compiled()
    folded = fold(raw.strip("\"'\u201c\u201d\u2018\u2019 "))
    if folded in c.question:
        return LabelKind.QUESTION, raw
    if folded in c.answer:
        return LabelKind.ANSWER, raw
    if folded in c.follow_up:
        return LabelKind.FOLLOW_UP, raw
    known = {fold(name): name for name in spokespersons} | c.spokespersons
    if folded in known:
        return LabelKind.SPOKESPERSON, known[folded]
    if c.lead_in.search(raw):
        return LabelKind.LEAD_IN, raw
    if c.interjection.match(folded):
        return LabelKind.INTERJECTION, raw
    name = clean_outlet_name(raw)
    if is_name_shaped(name) and fold(name.split()[-1]) not in c.question:
        return LabelKind.OUTLET, name
    return None, raw


def is_name_shaped(text: str) -> bool:
    """Whether ``text`` reads as a proper name: a few capitalised words, lower case only for connectors.

    >>> is_name_shaped("The Globe and Mail"), is_name_shaped("Agence France-Presse"), is_name_shaped("I have two")
    (True, True, False)
    """
    c = _compiled()
    words = text.split()
    if not words or len(words) > MAX_OUTLET_WORDS or len(text) > MAX_OUTLET_CHARS or _NOT_IN_NAME.search(text):
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    for word in words:
        bare = word.strip("'\u2019\"\u201c\u201d")
        if not bare:
            return False
        if "." in bare and not _ACRONYM.match(bare):
            return False
        if bare[0].isupper() or bare[0].isdigit() or fold(bare) in c.connectors:
            continue
        return False
    return True


def is_label_fragment(paragraph: str) -> bool:
    """A short name standing alone on its line, as when a label is broken over lines ("NHK" then "reporter: ...").

    >>> is_label_fragment("NHK"), is_label_fragment('"Global Times"'), is_label_fragment("family members")
    (True, True, False)
    """
    text = paragraph.strip()
    if not text or ":" in text or text[-1] in ".?!,;":
        return False
    return is_name_shaped(clean_outlet_name(text))


def is_reporter_word(label: Label) -> bool:
    """Whether a label is a bare reporter word ("reporter:"), the second half of a broken label."""
    return fold(label.name) in _compiled().reporter
