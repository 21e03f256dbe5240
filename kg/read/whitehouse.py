"""``parse_whitehouse``: a White House briefing transcript (markdown, ``Layout.MARKDOWN``) turned into turns.

Rules, worked out from the 1,104 transcripts of 2021-2025:

- Every question opens with ``Q`` (then spaces, sometimes a colon) and is its own exchange; reporters are not
  named. A ``Q`` that follows a ``Q`` with no answer between is a new exchange that has no answer.
- Officials speak under their label in capitals (``MS. PSAKI:``, ``SECRETARY GRANHOLM:``, ``SENIOR
  ADMINISTRATION OFFICIAL:``). The first official to speak after a question opens its answer; the next ones,
  and unlabelled paragraphs, continue it. Before the first question, each label opens a statement.
- Labels of people who only run the briefing (``MODERATOR:``, ``OPERATOR:``, ``AIDE:``, from the profile)
  are no turn: their lines are left out until the next label.
- An official is named by the briefing's title where it lists them ("by Press Secretary Jen Psaki and National
  Economic Director Brian Deese"), else by the people gazetteer (the one person it lists with that surname),
  else by the label itself; a label broken by the page (``S. PSAKI:``) is known by its surname.
- The press secretary is the spokesperson: the one the title names, else the profile's spokesperson who
  answers most.

>>> from pathlib import Path
>>> from kg.read import read_document
>>> [page] = Path("tests/data/whitehouse-en").glob("2021-01-22-*.md")
>>> b = parse_whitehouse(read_document(page))
>>> b.date, b.spokesperson
(datetime.date(2021, 1, 22), 'Jen Psaki')
>>> [(s.name, s.title) for s in b.speakers]
[('Jen Psaki', 'Press Secretary'), ('Brian Deese', 'National Economic Director')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from kg.gazetteer import load_gazetteer
from kg.profiles import Profile, profile_for_layout
from kg.read.assemble import assemble_briefing
from kg.read.codes import parse_error
from kg.read.cues import fold
from kg.read.dates import find_date, title_date
from kg.types import Briefing, Document, EntityKind, Exchange, Layout, Role, Speaker, Statement, Turn

#: "Q    Thank you, Jen." / "Q: ..." / "Q" alone.
_QUESTION = re.compile(r"^Q(?:\s*:)?(?:\s+(?P<rest>.*)|$)", re.DOTALL)
#: A label in capitals: one to seven words of capitals, dots, hyphens and apostrophes, then a colon.
_OFFICIAL = re.compile(
    r"^(?P<label>[A-Z][A-Z.'\u2019-]*(?:\s+[A-Z][A-Z.'\u2019-]*){0,6})\s*:(?:\s+(?P<rest>.*)|$)", re.DOTALL
)
_NAME_WORD = r"[A-Z][\w\u2019'.-]*"


@dataclass
class _Open:
    speaker: str | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class _State:
    statements: list[_Open] = field(default_factory=list)
    exchanges: list[tuple[_Open, _Open | None]] = field(default_factory=list)
    mode: str = "statement"  # "statement" | "question" | "answer" | "skip"


def split_wh_label(paragraph: str, profile: Profile) -> tuple[str, str, str] | None:
    """``(kind, label, rest)`` where a paragraph opens with a label: kind "question", "official" or "procedural".

    >>> from kg.profiles import profile
    >>> split_wh_label("Q    Thank you, Jen.", profile("whitehouse"))
    ('question', 'Q', 'Thank you, Jen.')
    >>> split_wh_label("MR. DEESE:  Thanks, Jen.", profile("whitehouse"))
    ('official', 'MR. DEESE', 'Thanks, Jen.')
    >>> split_wh_label("MODERATOR: Next question.", profile("whitehouse"))[0]
    'procedural'
    >>> split_wh_label("But just to start: Our economy", profile("whitehouse")) is None
    True
    """
    q = _QUESTION.match(paragraph)
    if q is not None:
        return "question", "Q", (q.group("rest") or "").strip()
    m = _OFFICIAL.match(paragraph)
    if m is None or sum(ch.isalpha() for ch in m.group("label")) < 2:
        return None
    label = " ".join(m.group("label").split())
    kind = "procedural" if label in profile.procedural_labels else "official"
    return kind, label, (m.group("rest") or "").strip()


def parse_whitehouse(doc: Document, *, year: int | None = None) -> Briefing:
    """The briefing a White House transcript holds; ``ParseError`` where it has no date (E201) or fits the
    profile nowhere (E210: no question and no official's label)."""
    profile = profile_for_layout(Layout.MARKDOWN.value)
    if profile is None:  # the profiles file lost the markdown layout
        raise parse_error("E210", doc.source.path, detail=f"no profile reads the {doc.layout.value} layout")
    path = doc.source.path
    title = doc.title or ""
    state = _State()
    speakers: dict[str, Speaker] = {}
    answered: Counter[str] = Counter()
    labels_seen: Counter[str] = Counter()
    for paragraph in doc.paragraphs:
        found = split_wh_label(paragraph, profile)
        if found is None:
            _continue(state, paragraph)
            continue
        kind, label, rest = found
        labels_seen[label] += 1
        if kind == "question":
            state.exchanges.append((_Open(None, [rest] if rest else []), None))
            state.mode = "question"
        elif kind == "procedural":
            state.mode = "skip"
        else:
            speaker = speakers.setdefault(label, resolve_speaker(label, title, profile))
            _official(state, speaker, rest)
            answered[speaker.name] += 1
    if not state.exchanges and not any(k for k in labels_seen if k != "Q" and k not in profile.procedural_labels):
        shown = ", ".join(f"{k}:" for k, _ in labels_seen.most_common(5)) or "none"
        raise parse_error("E210", path, detail=f"speaker labels {shown}; title {title[:80]!r}")
    date = doc.date
    if date is None:
        mention = find_date(title)
        if mention is None or (mention.year is None and year is None):
            raise parse_error("E201", path, detail=f" (title: {title[:80]!r})" if title else " (no title)")
        date = title_date(mention, path, year=year)
    statements, exchanges, warnings = _turns(state, path)
    return assemble_briefing(
        doc,
        profile,
        title=title,
        date=date,
        date_inferred=False,
        spokesperson=_spokesperson(title, profile, answered, speakers),
        statements=statements,
        exchanges=exchanges,
        notes=warnings,
        note_untitled=False,
        speakers=_distinct(s for s in speakers.values() if s.name in answered),
    )


def _distinct(speakers: Iterable[Speaker]) -> tuple[Speaker, ...]:
    """One speaker per name, the first label that named them ("MS. PSAKI" before a broken "S. PSAKI")."""
    out: dict[str, Speaker] = {}
    for speaker in speakers:
        out.setdefault(speaker.name, speaker)
    return tuple(out.values())


def _continue(state: _State, paragraph: str) -> None:
    if state.mode == "skip":
        return
    if state.mode == "question":
        state.exchanges[-1][0].paragraphs.append(paragraph)
    elif state.mode == "answer":
        answer = state.exchanges[-1][1]
        assert answer is not None  # mode "answer" is only set together with an answer
        answer.paragraphs.append(paragraph)
    elif state.statements:
        state.statements[-1].paragraphs.append(paragraph)
    # Unlabelled lines before anyone speaks ("James S. Brady Press Briefing Room", "1:03 P.M. EST") are no turn.


def _official(state: _State, speaker: Speaker, rest: str) -> None:
    if not state.exchanges:
        state.statements.append(_Open(speaker.name, [rest] if rest else []))
        state.mode = "statement"
        return
    question, answer = state.exchanges[-1]
    if answer is None:
        answer = _Open(speaker.name)
        state.exchanges[-1] = (question, answer)
    if rest:
        answer.paragraphs.append(rest)
    state.mode = "answer"


def _turns(state: _State, path: str) -> tuple[tuple[Statement, ...], tuple[Exchange, ...], list[str]]:
    warnings: list[str] = []
    statements = tuple(
        Statement(n, Turn(Role.STATEMENT, n, s.speaker, "\n".join(s.paragraphs)))
        for n, s in enumerate((s for s in state.statements if s.paragraphs), start=1)
    )
    exchanges = []
    unanswered = []
    for n, (q, a) in enumerate(state.exchanges, start=1):
        if not q.paragraphs:
            raise parse_error("E206", path, detail=f"question {n} (Q)")
        answer = None
        if a is not None and a.paragraphs:
            answer = Turn(Role.ANSWER, n, a.speaker, "\n".join(a.paragraphs))
        else:
            unanswered.append(str(n))
        exchanges.append(Exchange(n, Turn(Role.QUESTION, n, None, "\n".join(q.paragraphs)), answer, None))
    if unanswered:
        # Reporters often speak twice before an answer ("Q And one more —"): one note, not one per question.
        shown = ", ".join(unanswered[:10]) + (", ..." if len(unanswered) > 10 else "")
        warnings.append(
            f"{len(unanswered)} of {len(exchanges)} questions have no answer before the next (questions {shown})"
        )
    return statements, tuple(exchanges), warnings


def resolve_speaker(label: str, title: str, profile: Profile) -> Speaker:
    """The official a label names: full name and office from the title, the profile or the gazetteer.

    >>> from kg.profiles import profile
    >>> resolve_speaker("SECRETARY GRANHOLM", "Press Briefing by Press Secretary Jen Psaki and Secretary of "
    ...                 "Energy Jennifer Granholm", profile("whitehouse"))
    Speaker(label='SECRETARY GRANHOLM', name='Jennifer Granholm', title='Secretary of Energy', named=True)
    >>> resolve_speaker("SENIOR ADMINISTRATION OFFICIAL", "", profile("whitehouse")).named
    False
    """
    words = label.split()
    if any(w in profile.anonymous_words for w in words):
        return Speaker(label, _titlecase(label), _titlecase(label), named=False)
    ranks = [w for w in words[:-1] if w not in profile.honorifics]
    rank = _titlecase(" ".join(ranks)) or None
    surname = words[-1].strip(".'\u2019")
    if surname in ("PRESIDENT",):  # "THE PRESIDENT": the office is the name
        return Speaker(label, _titlecase(label.removeprefix("THE ")), "President", named=False)
    listed = _from_title(surname, title, ranks)
    if listed is not None:
        return Speaker(label, listed[0], listed[1] or rank, named=True)
    for name in profile.spokespersons:
        if fold(name.split()[-1]) == fold(surname):
            return Speaker(label, name, rank or profile.spokesperson_titles[0], named=True)
    known = _people_by_surname().get(fold(surname))
    return Speaker(label, known or _titlecase(surname), rank, named=True)


def _from_title(surname: str, title: str, ranks: list[str]) -> tuple[str, str | None] | None:
    """The full name and office of the person with this surname in a title's list of speakers; None where the
    title gives no first name (the word before the surname is the label's rank: "Prime Minister Morrison")."""
    listed = title.split(" by ", 1)[-1] if " by " in title else title
    for item in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+with\s+", listed):
        m = re.search(rf"(?P<office>.*?)\s*(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?\s+{re.escape(surname)})\b",
                      item, re.IGNORECASE)  # fmt: skip
        if m and m.group("name")[0].isupper():
            name = m.group("name").split()
            if len(name) < 2 or fold(name[-2]) in {fold(r) for r in ranks}:
                return None
            # The word before the surname is a first name only where the office does not end in it.
            first = " ".join(name[-2:]) if len(name) > 1 else name[0]
            office = " ".join([m.group("office"), *name[:-2]]).strip(" ,") or None
            return _case(first, surname), office
    return None


def _case(name: str, surname: str) -> str:
    """The name with its surname as the title prints it (not the label's capitals)."""
    return name if not name.isupper() else _titlecase(name)


def _titlecase(text: str) -> str:
    """ "ACTING ADMINISTRATOR SLAVITT" -> "Acting Administrator Slavitt"; "JEAN-PIERRE" -> "Jean-Pierre"."""
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in text.split())


@cache
def _people_by_surname() -> dict[str, str]:
    """Surname -> full name of the people the gazetteer lists, where no two of them share the surname."""
    names: dict[str, list[str]] = {}
    for entity in load_gazetteer(EntityKind.PERSON).values():
        names.setdefault(fold(entity.label.split()[-1]), []).append(entity.label)
    return {surname: found[0] for surname, found in names.items() if len(found) == 1}


def _spokesperson(title: str, profile: Profile, answered: Counter[str], speakers: dict[str, Speaker]) -> str | None:
    offices = "|".join(re.escape(t) for t in sorted(profile.spokesperson_titles, key=len, reverse=True))
    m = re.search(
        rf"\b(?:{offices})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}?)(?=\s+and\b|,|$|\s+on\b)", title
    )
    if m:
        return m.group("name")
    spoken = [s.name for s in speakers.values() if s.name in profile.spokespersons and s.name in answered]
    return max(spoken, key=lambda name: answered[name]) if spoken else None
