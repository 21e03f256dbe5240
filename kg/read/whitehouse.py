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
  answers most. Guest officials are ``Briefing.speakers``, persons with the office the title or label gives.
- Every speaker is placed with the state they speak for (``Speaker.state``, ``place_speaker``): the state the
  title lists them with ("Prime Minister Morrison of Australia"), else the one the people gazetteer says they
  serve, else the profile's state where the title gives them an office of the institution or names one of the
  profile's kinds of event (``pf:briefingKind``: "Press Briefing", "Gaggle", "Press Call"), else none. Only
  speakers placed with the profile's state give positions (``kg.profiles.speaks_for_holder``): a foreign leader
  at joint remarks states no position of the United States, and, as positions are held only by a profile's
  state, none of their own either.

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
from kg.read.outlets import resolve_outlet
from kg.types import Briefing, Document, Entity, EntityKind, Exchange, Layout, Role, Speaker, Statement, Turn

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
    >>> split_wh_label("CBS: \u201cRepublicans want to push ...\u201d", profile("whitehouse")) is None
    True
    """
    q = _QUESTION.match(paragraph)
    if q is not None:
        return "question", "Q", (q.group("rest") or "").strip()
    m = _OFFICIAL.match(paragraph)
    if m is None or sum(ch.isalpha() for ch in m.group("label")) < 2:
        return None
    label = " ".join(m.group("label").split())
    if resolve_outlet(label).known:  # "CBS: ..." quoted in an answer: reporters ask under "Q" here
        return None
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
    """The official a label names: full name and office from the title, the profile or the gazetteer, and the
    state they speak for (``place_speaker``).

    >>> from kg.profiles import profile
    >>> resolve_speaker("SECRETARY GRANHOLM", "Press Briefing by Press Secretary Jen Psaki and Secretary of "
    ...                 "Energy Jennifer Granholm", profile("whitehouse"))
    Speaker(label='SECRETARY GRANHOLM', name='Jennifer Granholm', title='Secretary of Energy', named=True, state='USA')
    >>> resolve_speaker("SENIOR ADMINISTRATION OFFICIAL", "", profile("whitehouse")).named
    False
    >>> resolve_speaker("PRESIDENT ZELENSKYY", "Remarks by President Biden, Prime Minister Kishida of Japan, and "
    ...                 "President Zelenskyy of Ukraine", profile("whitehouse"))
    Speaker(label='PRESIDENT ZELENSKYY', name='Volodymyr Zelensky', title='President', named=True, state='UKR')
    """
    words = label.split()
    if any(w in profile.anonymous_words for w in words):
        return Speaker(label, _titlecase(label), _titlecase(label), named=False, state=profile.state)
    ranks = [w for w in words[:-1] if w not in profile.honorifics]
    rank = _titlecase(" ".join(ranks)) or None
    surname = words[-1].strip(".'\u2019")
    if surname in ("PRESIDENT",):  # "THE PRESIDENT": the office is the name, the institution's own president
        return Speaker(label, _titlecase(label.removeprefix("THE ")), "President", named=False, state=profile.state)
    listed = _from_title(surname, title, ranks, profile.honorifics)
    for name in profile.spokespersons if listed is None else ():
        if fold(name.split()[-1]) == fold(surname):
            return Speaker(label, name, rank or profile.spokesperson_titles[0], named=True, state=profile.state)
    known = _person(listed[0] if listed else None, surname, title, profile)
    if listed is not None:
        name, office = listed[0], listed[1] or rank
    else:
        name, office = (known.label if known else _titlecase(surname)), rank
    if name in profile.spokespersons:
        return Speaker(label, name, office, named=True, state=profile.state)
    return Speaker(label, name, office, named=True, state=place_speaker(surname, title, known, profile, office))


def place_speaker(
    surname: str, title: str, known: Entity | None, profile: Profile, office: str | None = None
) -> str | None:
    """The state a named official speaks for, or None where the reader cannot place them (they then state
    no position: only the profile's state holds the positions of its briefings).

    In this order: the state the title lists them with ("Prime Minister Morrison of Australia"); the state the
    people gazetteer says they serve; the profile's state where the office the title gives them holds one of the
    institution's names ("White House National Security Communications Advisor") or where the title names one of
    the profile's kinds of event ("Press Briefing", "Gaggle", "Press Call": officials briefing for the White
    House); else None (a guest at remarks with a foreign leader whom nothing places).

    >>> from kg.profiles import profile
    >>> wh = profile("whitehouse")
    >>> place_speaker("MORRISON", "Remarks by President Biden and Prime Minister Morrison of Australia", None, wh)
    'AUS'
    >>> place_speaker("MICHEL", "Press Briefing by Press Secretary Karine Jean-Pierre", None, wh)
    'USA'
    >>> place_speaker("STOLTENBERG", "Remarks by President Biden and NATO Secretary General Jens Stoltenberg", None,
    ...               wh) is None
    True
    """
    m = re.search(rf"\b{re.escape(surname)}\s+of\s+(?:the\s+)?(?P<country>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})",
                  title, re.IGNORECASE)  # fmt: skip
    if m is not None:
        words = m.group("country").split()
        for n in range(len(words), 0, -1):  # "Japan", "United Kingdom", not "Ukraine in a G7 ..."
            state = _countries().get(fold(" ".join(words[:n])))
            if state is not None:
                return state
    if known is not None and known.country:
        return known.country
    if office and any(re.search(rf"\b{re.escape(name)}\b", office) for name in profile.names):
        return profile.state
    kinds = "|".join(re.escape(k) for k in profile.briefing_kinds)
    if kinds and re.search(rf"\b(?:{kinds})\b", title, re.IGNORECASE):
        return profile.state
    return None


def _person(full_name: str | None, surname: str, title: str, profile: Profile) -> Entity | None:
    """The gazetteer's person: by the full name the title gives, else by the surname, where one person has it and
    either serves the profile's state or is named in the title ("MS. JOHNSON" at a COVID-19 briefing is no Boris
    Johnson; "PRIME MINISTER MORRISON" at remarks with the Prime Minister of Australia is Scott Morrison)."""
    people = _people()
    if full_name is not None:
        return people[0].get(fold(full_name))
    found = people[1].get(fold(surname))
    if found is None:
        return None
    if found.country == profile.state or re.search(rf"\b{re.escape(surname)}\b", title, re.IGNORECASE):
        return found
    return None


def _from_title(
    surname: str, title: str, ranks: list[str], honorifics: tuple[str, ...] = ()
) -> tuple[str, str | None] | None:
    """The full name and office of the person with this surname in a title's list of speakers; None where the
    title gives no first name (the word before the surname is the label's rank: "Prime Minister Morrison")."""
    listed = re.split(r"\s+by\s+", title, maxsplit=1, flags=re.IGNORECASE)[-1]
    # The surname alone first: the full pattern's lazy office tried at every start costs cubic time in an item
    # that lacks it (half of reading a White House page), and an item without the surname cannot match it.
    named = re.compile(re.escape(surname), re.IGNORECASE)
    for item in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+with\s+", listed, flags=re.IGNORECASE):
        if named.search(item) is None:
            continue
        m = re.search(rf"(?P<office>.*?)\s*(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?\s+{re.escape(surname)})\b",
                      item, re.IGNORECASE)  # fmt: skip
        if m and m.group("name")[0].isupper():
            name = m.group("name").split()
            if len(name) < 2 or fold(name[-2]) in {fold(r) for r in ranks}:
                return None
            # The word before the surname is a first name only where the office does not end in it.
            first = " ".join(name[-2:]) if len(name) > 1 else name[0]
            office = " ".join([m.group("office"), *name[:-2]]).split()
            while office and office[-1].upper() in honorifics:  # "COVID-19 Response Coordinator Dr. Ashish Jha"
                office.pop()
            return _case(first, surname), " ".join(office).strip(" ,") or None
    return None


def _case(name: str, surname: str) -> str:
    """The name with its surname as the title prints it (not the label's capitals)."""
    return name if not name.isupper() else _titlecase(name)


def _titlecase(text: str) -> str:
    """ "ACTING ADMINISTRATOR SLAVITT" -> "Acting Administrator Slavitt"; "JEAN-PIERRE" -> "Jean-Pierre"."""
    return " ".join("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")) for w in text.split())


@cache
def _people() -> tuple[dict[str, Entity], dict[str, Entity]]:
    """The people gazetteer by full name and by surname (the last word of the name, or a one-word alternative
    name: "Zelenskyy"), where no two people share the surname."""
    by_name: dict[str, Entity] = {}
    by_surname: dict[str, list[Entity]] = {}
    for entity in load_gazetteer(EntityKind.PERSON).values():
        by_name[fold(entity.label)] = entity
        surnames = {fold(entity.label.split()[-1])} | {fold(a) for a in entity.alt_labels if len(a.split()) == 1}
        for surname in surnames:
            by_surname.setdefault(surname, []).append(entity)
    return by_name, {surname: found[0] for surname, found in by_surname.items() if len(found) == 1}


@cache
def _countries() -> dict[str, str]:
    """Country names and their alternatives, folded -> ISO 3166-1 alpha-3."""
    return {
        fold(name): entity.key
        for entity in load_gazetteer(EntityKind.COUNTRY).values()
        for name in (entity.label, *entity.alt_labels)
    }


def _spokesperson(title: str, profile: Profile, answered: Counter[str], speakers: dict[str, Speaker]) -> str | None:
    offices = "|".join(re.escape(t) for t in sorted(profile.spokesperson_titles, key=len, reverse=True))
    m = re.search(
        rf"\b(?:{offices})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}?)(?=\s+and\b|,|$|\s+on\b)", title
    )
    if m:
        return m.group("name")
    spoken = [s.name for s in speakers.values() if s.name in profile.spokespersons and s.name in answered]
    return max(spoken, key=lambda name: answered[name]) if spoken else None
