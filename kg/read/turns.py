"""``parse_briefing``: a ``Document``'s paragraphs turned into opening statements and exchanges.

Rules, worked out from the seeds and the 380 corpus pages:

- A question opens with an outlet's label (``Reuters:``, ``"Global Times" reporter:``), ``Q:``, ``Follow-up:``
  (its own exchange, asked by the previous question's outlet) or a note that it was asked after the
  press conference. An answer opens with ``A:`` or a spokesperson's name. Both continue over unlabelled
  paragraphs until the next label.
- A label broken over two lines (``NHK`` alone, then ``reporter: First question...``) is mended.
- Where the spokesperson asks back and the reporter replies (``Journalist: ...``, ``Journalist clarifies:``),
  the reply is a question turn of its own and the spokesperson's next words an answer turn of its own, in the
  exchange's ``later`` turns, in the order spoken (``e3q2``, ``e3a2``); a reply before any answer is more of
  the question.
- Paragraphs before the first question, and after a rule of asterisks, are statements. Consecutive
  paragraphs of one announcement are one statement; a new one starts at a numbered paragraph
  (``II.``), an opener (``At the invitation of``, ``As agreed``), or a first sentence announcing a dated
  event (``... will hold ... on May 28``) that does not refer back (``During the visit``).
- Turn text is the paragraphs joined by newlines, label removed.

Choices where the data leaves room: a label with no text at all is a ``ParseError`` (E206); a page that
ends before the last answer keeps that exchange with ``answer=None`` and a warning; a briefing with
statements but no questions is kept with a warning; "Follow-up:" takes the previous question's outlet.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from kg.profiles import profile
from kg.read.assemble import assemble_briefing, require_turns
from kg.read.codes import parse_error
from kg.read.cues import load_cues
from kg.read.dates import MONTHS, find_date, title_date
from kg.read.labels import (
    ANSWER_KINDS,
    QUESTION_KINDS,
    Label,
    LabelKind,
    is_label_fragment,
    is_reporter_word,
    split_label,
)
from kg.read.outlets import resolve_outlet
from kg.types import Briefing, Document, Exchange, OutletRef, Role, Statement, Turn

_SEPARATOR = re.compile(r"^[\s*=_~#\-\u2013\u2014·•]{3,}$")
_NUMBERED = re.compile(r"^(?:[IVX]{1,4}|\d{1,2})[.)、]\s+\S")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WHEN = re.compile(
    rf"\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s*\d{{1,2}}\b"
    rf"|\b(?:{_WEEKDAYS}|tomorrow|tonight|next\s+week)\b"
    r"|\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?|o'clock)(?!\w)",
    re.IGNORECASE,
)


def is_separator(paragraph: str) -> bool:
    """A rule of asterisks or dashes between sections.

    >>> is_separator("***"), is_separator("* * *"), is_separator("A: ***")
    (True, True, False)
    """
    return bool(_SEPARATOR.match(paragraph))


@cache
def _announcement_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cues = load_cues()
    opener = re.compile(rf"^(?:{cues.alternation('announcement-opener')})\b", re.IGNORECASE)
    back = re.compile(rf"^(?:{cues.alternation('back-reference')})\b", re.IGNORECASE)
    future = re.compile(rf"\b(?:{cues.alternation('future-marker')})\b", re.IGNORECASE)
    decided = re.compile(rf"\b(?:{cues.alternation('announcement-verb')})\b", re.IGNORECASE)
    return opener, back, future, decided


def opens_announcement(paragraph: str) -> bool:
    """Whether an unlabelled paragraph among the statements starts a new announcement.

    >>> opens_announcement("At the invitation of Premier Li Keqiang, Prime Minister Oli will visit China.")
    True
    >>> opens_announcement("The Foreign Ministry will hold a promotion event at 3:30 pm on May 28.")
    True
    >>> opens_announcement("During the visit, President Xi Jinping will meet him on May 29.")
    False
    >>> opens_announcement("To help Italy, the Chinese government has decided to send a third team.")
    True
    >>> opens_announcement("China and Oman enjoy traditional friendship.")
    False
    """
    opener, back, future, decided = _announcement_patterns()
    if _NUMBERED.match(paragraph) or opener.match(paragraph):
        return True
    if back.match(paragraph):
        return False
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])", paragraph, maxsplit=1)[0]
    return bool(decided.search(first) or (_WHEN.search(first) and future.search(first)))


@dataclass(frozen=True, slots=True)
class Grammar:
    """What ``build_turns`` needs to know of a transcript's language; the state machine itself is shared.

    ``split_label(paragraph, known_spokespersons)`` finds a paragraph's label; ``opens_announcement`` tells
    whether an unlabelled paragraph among the statements starts a new one; ``reports_question`` whether an
    unlabelled paragraph inside an answer reports a question asked without a label; ``question_marks`` end a
    question; ``mend_labels`` joins labels broken over two lines (an accident of English pages).
    """

    split_label: Callable[[str, frozenset[str]], Label | None]
    opens_announcement: Callable[[str], bool]
    reports_question: Callable[[str], bool]
    question_marks: tuple[str, ...]
    mend_labels: bool


@dataclass
class _Turn:
    speaker: str | None
    paragraphs: list[str] = field(default_factory=list)
    # Indexes of paragraphs that carried no label: only these can be a question reported without one.
    unlabelled: list[int] = field(default_factory=list)
    label: str | None = None  # the label as written, for error messages

    def add(self, text: str, *, labelled: bool) -> None:
        if text:
            if not labelled:
                self.unlabelled.append(len(self.paragraphs))
            self.paragraphs.append(text)


@dataclass
class _Exchange:
    outlet: OutletRef | None
    question: _Turn
    answer: _Turn | None = None
    # After the first answer: the reporter's replies and the spokesperson's further answers, in order.
    later: list[tuple[Role, _Turn]] = field(default_factory=list)

    def last_answer(self) -> _Turn | None:
        """The answer turn that unlabelled paragraphs and a repeated spokesperson label continue, if any."""
        if self.later:
            role, turn = self.later[-1]
            return turn if role is Role.ANSWER else None
        return self.answer


@dataclass
class _Builder:
    """The state machine's state: what has been read so far, and which turn paragraphs join."""

    spokesperson: str | None
    grammar: Grammar
    statements: list[_Turn] = field(default_factory=list)
    exchanges: list[_Exchange] = field(default_factory=list)
    mode: str = "statement"  # "statement" | "question" | "answer" | "lead-in"
    warnings: list[str] = field(default_factory=list)

    @property
    def current(self) -> _Exchange | None:
        return self.exchanges[-1] if self.exchanges and self.mode in ("question", "answer") else None

    def open_exchange(self, outlet: OutletRef | None, label: Label | None) -> None:
        speaker = outlet.name if outlet else None
        self.exchanges.append(_Exchange(outlet, _Turn(speaker, label=label.name if label else None)))
        if label is not None:
            self.exchanges[-1].question.add(label.rest, labelled=True)
        self.mode = "question"

    def statement(self, text: str, *, speaker: str | None, new: bool, label: str | None = None) -> None:
        if new or not self.statements or self.mode != "statement":
            self.statements.append(_Turn(speaker or self.spokesperson, label=label))
        self.mode = "statement"
        self.statements[-1].add(text, labelled=label is not None)


def _mend_broken_labels(paragraphs: tuple[str, ...], spokespersons: frozenset[str]) -> list[str]:
    """Join a name alone on its line to a following bare "reporter: ..." ("NHK" + "reporter: ...")."""
    out: list[str] = []
    for paragraph in paragraphs:
        label = split_label(paragraph, spokespersons=spokespersons)
        if (
            out
            and label is not None
            and label.kind is LabelKind.INTERJECTION
            and is_reporter_word(label)
            and is_label_fragment(out[-1])
            and split_label(out[-1], spokespersons=spokespersons) is None
        ):
            out[-1] = f"{out[-1]} {paragraph.strip()}"
            continue
        out.append(paragraph)
    return out


def build_turns(
    paragraphs: tuple[str, ...],
    *,
    spokesperson: str | None,
    path: str | None = None,
    grammar: Grammar | None = None,
) -> tuple[tuple[Statement, ...], tuple[Exchange, ...], tuple[str, ...], Counter[str]]:
    """Statements, exchanges, warnings, and how often each spokesperson label answered (English by default)."""
    grammar = grammar or ENGLISH
    known = frozenset({spokesperson}) if spokesperson else frozenset()
    state = _Builder(spokesperson, grammar)
    answered_by: Counter[str] = Counter()
    mended = _mend_broken_labels(paragraphs, known) if grammar.mend_labels else list(paragraphs)
    for paragraph in mended:
        if is_separator(paragraph):
            state.mode = "statement"
            state.statements.append(_Turn(spokesperson))  # a fresh statement after the rule
            continue
        label = grammar.split_label(paragraph, known)
        if label is None:
            _unlabelled(state, paragraph)
        elif label.kind in QUESTION_KINDS:
            _question(state, label)
        elif label.kind in ANSWER_KINDS:
            if label.kind is LabelKind.SPOKESPERSON:
                answered_by[label.name] += 1
            _answer(state, label)
        else:  # an interjection: the reporter replying inside the exchange
            _reply(state, label)
    statements = tuple(
        Statement(n, Turn(Role.STATEMENT, n, s.speaker, "\n".join(s.paragraphs)))
        for n, s in enumerate((s for s in state.statements if s.paragraphs), start=1)
    )
    exchanges = []
    for n, ex in enumerate(state.exchanges, start=1):
        if not ex.question.paragraphs:
            raise parse_error("E206", path, detail=f"question {n} ({ex.question.label or 'unlabelled'}:)")
        if ex.answer is None and (split := _unlabelled_answer_start(ex.question, grammar)) is not None:
            # The page dropped the "A:" label: the answer starts after the paragraph that asks.
            ex.answer = _Turn(spokesperson, paragraphs=ex.question.paragraphs[split:])
            del ex.question.paragraphs[split:]
            state.warnings.append(
                f"question {n} has no answer label: its answer is taken to start at paragraph {split + 1}"
            )
        answer = None
        if ex.answer is not None:
            if not ex.answer.paragraphs:
                raise parse_error("E206", path, detail=f"the answer to question {n} ({ex.answer.label}:)")
            answer = Turn(Role.ANSWER, n, ex.answer.speaker, "\n".join(ex.answer.paragraphs))
        else:
            state.warnings.append(f"question {n} has no answer: the transcript ends or moves on before one")
        question = Turn(Role.QUESTION, n, ex.question.speaker, "\n".join(ex.question.paragraphs))
        exchanges.append(Exchange(n, question, answer, ex.outlet, _later_turns(n, ex)))
    return statements, tuple(exchanges), tuple(state.warnings), answered_by


def _later_turns(n: int, ex: _Exchange) -> tuple[Turn, ...]:
    """The exchange's turns after its first answer, numbered per role from 2 (a reply with no text is none)."""
    parts = {Role.QUESTION: 1, Role.ANSWER: 1}
    out = []
    for role, turn in ex.later:
        if turn.paragraphs:
            parts[role] += 1
            out.append(Turn(role, n, turn.speaker, "\n".join(turn.paragraphs), part=parts[role]))
    return tuple(out)


def _reply(state: _Builder, label: Label) -> None:
    """The reporter's reply inside an exchange ("Journalist: The border areas."): its own turn once the
    spokesperson has answered, so the order of the turns is kept; before any answer, more of the question."""
    current = state.current
    if current is None:
        state.open_exchange(None, label)
    elif current.answer is None:
        current.question.add(label.rest, labelled=True)
    else:
        reply = _Turn(current.question.speaker, label=label.name)
        reply.add(label.rest, labelled=True)
        current.later.append((Role.QUESTION, reply))


def _unlabelled_answer_start(question: _Turn, grammar: Grammar) -> int | None:
    """Where an unanswered question's own paragraphs turn into an unlabelled answer: the first unlabelled
    paragraph after one that ends with a question mark."""
    for index in question.unlabelled:
        asked = question.paragraphs[index - 1].rstrip("\"'\u201d\u2019)\uff09 ") if index > 0 else ""
        if asked.endswith(grammar.question_marks):
            return index
    return None


def _unlabelled(state: _Builder, paragraph: str) -> None:
    current = state.current
    if state.mode == "lead-in":
        state.open_exchange(None, None)
        state.exchanges[-1].question.add(paragraph, labelled=False)
    elif current is not None and current.later:
        role, turn = current.later[-1]
        if role is Role.QUESTION and turn.paragraphs:
            # A reply is one paragraph; the spokesperson goes on without a label (as the page left it out).
            turn = _Turn(state.spokesperson)
            current.later.append((Role.ANSWER, turn))
        turn.add(paragraph, labelled=False)
    elif current is not None and state.mode == "question":
        current.question.add(paragraph, labelled=False)
    elif current is not None and current.answer is not None:
        current.answer.add(paragraph, labelled=False)
    else:
        state.statement(paragraph, speaker=None, new=state.grammar.opens_announcement(paragraph))


def _question(state: _Builder, label: Label) -> None:
    if label.kind is LabelKind.LEAD_IN and not label.rest:
        state.mode = "lead-in"  # the question follows in the next paragraph
        return
    if label.kind is LabelKind.OUTLET:
        outlet: OutletRef | None = resolve_outlet(label.name)
    elif label.kind is LabelKind.FOLLOW_UP and state.exchanges:
        outlet = state.exchanges[-1].outlet
    else:
        outlet = None
    state.open_exchange(outlet, label)


def _answer(state: _Builder, label: Label) -> None:
    speaker = label.name if label.kind is LabelKind.SPOKESPERSON else state.spokesperson
    current = state.current
    if current is not None and current.answer is not None:
        last = current.last_answer()
        if last is None:
            # The spokesperson goes on after the reporter's reply: an answer turn of its own, in order.
            further = _Turn(speaker, label=label.name)
            further.add(label.rest, labelled=True)
            current.later.append((Role.ANSWER, further))
            state.mode = "answer"
            return
        reported = _reported_question(last, state.grammar)
        if reported is None:
            # The spokesperson's label again, with no reply between: the same answer turn goes on.
            last.add(label.rest, labelled=True)
            return
        # "After the press conference, a journalist asked if ...": a question reported without a label.
        asked = last.paragraphs[reported:]
        del last.paragraphs[reported:]
        last.unlabelled = [i for i in last.unlabelled if i < reported]
        state.open_exchange(None, None)
        for text in asked:
            state.exchanges[-1].question.add(text, labelled=False)
        current = state.current
    if current is not None:
        current.answer = _Turn(speaker, label=label.name)
        current.answer.add(label.rest, labelled=True)
        state.mode = "answer"
        return
    # Before any question, or after a rule: the spokesperson speaks unasked.
    state.statement(label.rest, speaker=speaker, new=True, label=label.name)


@cache
def _lead_in() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{load_cues().alternation('question-lead-in')})\b", re.IGNORECASE)


def _reported_question(answer: _Turn, grammar: Grammar) -> int | None:
    """Index of an unlabelled paragraph in an answer that reports a new question ("a journalist asked ...")."""
    for index in reversed(answer.unlabelled):
        if index > 0 and grammar.reports_question(answer.paragraphs[index]):
            return index
    return None


#: The grammar of the English pages (the seeds, the ministry's English site, text copies of them).
ENGLISH = Grammar(
    split_label=lambda paragraph, known: split_label(paragraph, spokespersons=known),
    opens_announcement=opens_announcement,
    reports_question=lambda paragraph: _lead_in().search(paragraph) is not None,
    question_marks=("?",),
    mend_labels=True,
)


#: One word of a name in a title: a capital, then letters, hyphens or apostrophes, not the possessive "'s".
_NAME_WORD = r"[A-Z](?:[\w-]|['\u2019](?!s\b))*"


@cache
def _spokesperson_in_title() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The ministry's title patterns: "<title> <Name>'s <kind>" for the kinds of page its profile names
    ("Spokesperson Hua Chunying's Remarks on ..."), else "<title> <Name>" before a possessive or "on"."""
    titles = load_cues().alternation("spokesperson-title")
    name = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}?"
    kinds = "|".join(re.escape(k) for k in sorted(profile("fmprc").briefing_kinds, key=len, reverse=True))
    return (
        re.compile(rf"\b(?:{titles})\s+(?P<name>{name})['\u2019]s\s+(?i:{kinds})\b"),
        re.compile(rf"\b(?:{titles})\s+(?P<name>{name})(?:['\u2019]s?\b|\s+(?:at|on|holds|hosts)\b|,|$)"),
    )


def spokesperson_from_title(title: str) -> str | None:
    """The spokesperson a title names; None where it names the office alone ("Spokesperson's Remarks").

    >>> spokesperson_from_title("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018")
    'Geng Shuang'
    >>> spokesperson_from_title("Foreign Ministry Spokesperson Hua Chunying's Remarks on US Remarks on Venezuela")
    'Hua Chunying'
    >>> spokesperson_from_title("Spokesperson Geng Shuang's Daily Briefing Online on February 21, 2020")
    'Geng Shuang'
    >>> spokesperson_from_title("Foreign Ministry Spokesperson's Remarks on March 8, 2019") is None
    True
    """
    for pattern in _spokesperson_in_title():
        m = pattern.search(title)
        if m is not None:
            return m.group("name")
    return None


def parse_briefing(doc: Document, *, year: int | None = None) -> Briefing:
    """The briefing a document holds. Where the title prints no year and ``year`` is None, ``date`` is None
    (``read_briefing`` then asks for --year; ``read_briefings`` infers it from the run).

    >>> from kg.read import read_document
    >>> b = parse_briefing(read_document("seeds/000_921da15b2d4a4fd7.txt"))
    >>> b.date, b.spokesperson, len(b.exchanges), b.exchanges[0].outlet.key
    (datetime.date(2021, 12, 9), 'Wang Wenbin', 16, 'xinhua')
    """
    path = doc.source.path
    title = doc.title or ""
    spokesperson = spokesperson_from_title(title) if title else None
    statements, exchanges, warnings, answered_by = build_turns(doc.paragraphs, spokesperson=spokesperson, path=path)
    if spokesperson is None and answered_by:
        # A title that names the office alone ("Foreign Ministry Spokesperson's Remarks on ..."): the one who
        # answers most is the spokesperson, and the turns are read again knowing them, so that the statements
        # before the first question are theirs too.
        spokesperson = answered_by.most_common(1)[0][0]
        statements, exchanges, warnings, _ = build_turns(doc.paragraphs, spokesperson=spokesperson, path=path)
    notes = list(warnings)
    if not _names_a_briefing(title) and not any(e.answer is not None for e in exchanges):
        raise parse_error("E203", path, detail="no answered questions, and no briefing named in its title")
    require_turns(statements, exchanges, path, notes)
    mention = find_date(title) if title else None
    if mention is None:
        raise parse_error("E201", path, detail=f" (title: {title[:80]!r})" if title else " (no title)")
    date = title_date(mention, path, year=year) if mention.year is not None or year is not None else None
    if date is None:
        notes.append(f"the date {mention.text!r} has no year")
    return assemble_briefing(
        doc,
        profile("fmprc"),
        title=title,
        date=date,
        date_inferred=date is not None and mention.year is None,
        spokesperson=spokesperson,
        statements=statements,
        exchanges=exchanges,
        notes=notes,
    )


def _names_a_briefing(title: str) -> bool:
    cues = load_cues()
    words = f"{cues.alternation('briefing-title')}|{cues.alternation('spokesperson-title')}"
    return bool(title) and re.search(rf"\b(?:{words})\b", title, re.IGNORECASE) is not None
