"""Frozen values passed between the stages: ``Document -> Briefing -> Extraction -> RDF``.

Every extracted item carries character offsets into the text of the turn it came from
(``turn.text[start:end] == item.text``), so any fact in the graph leads back to its sentence.

>>> turn = Turn(role=Role.ANSWER, ordinal=1, speaker="Wang Wenbin", text="China firmly opposes it.")
>>> turn.key
'e1a'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Layout(StrEnum):
    """How a source document is laid out; readers detect it without configuration."""

    SEED = "seed"  # "Outlet reporter:" / "Spokesperson:" paragraphs split by blank lines
    HTML = "html"  # a page saved from the ministry's website
    TEXT = "text"  # plain-text copy of a page: "Outlet: ..." / "Name: ..." or "Q:" / "A:"
    MARKDOWN = "markdown"  # a markdown transcript with a front matter (date, title, source_url): "Q" / "MS. PSAKI:"


class Role(StrEnum):
    QUESTION = "question"
    ANSWER = "answer"
    STATEMENT = "statement"


class EntityKind(StrEnum):
    COUNTRY = "country"
    PLACE = "place"
    ORGANIZATION = "organization"
    PERSON = "person"
    OUTLET = "outlet"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a briefing was read from."""

    path: str  # the path as given to the reader
    name: str  # the file name
    sha256: str  # hash of the source bytes
    url: str | None = None  # the page's URL where the page (or its folder's INDEX.tsv) names it


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded source: its layout, title and paragraphs, before turns are recognised."""

    source: Source
    layout: Layout
    title: str | None
    paragraphs: tuple[str, ...]
    language: str = "en"  # BCP 47 code of the text's language ("en", "zh"), detected by kg.read.language
    published: dt.date | None = None  # the date a web page says it was published, where it says so
    date: dt.date | None = None  # where the file states it apart from the title (a markdown front matter)


@dataclass(frozen=True, slots=True)
class Turn:
    """One stretch of speech: a question, an answer or an opening statement.

    ``ordinal`` is the 1-based order of the exchange (questions, answers) or of the statement.
    ``speaker`` is the label as written (an outlet or a spokesperson's name), or None.
    ``text`` holds the paragraphs joined by newlines; all offsets point into it.
    """

    role: Role
    ordinal: int
    speaker: str | None
    text: str
    part: int = 1  # the n-th question (or answer) turn of its exchange: a reporter's reply is question part 2

    @property
    def key(self) -> str:
        """A short id unique within its briefing: ``s2``, ``e3q``, ``e3a``; ``e3q2`` for a later part.

        >>> Turn(Role.QUESTION, 3, "Journalist", "The border areas.", part=2).key
        'e3q2'
        """
        if self.role is Role.STATEMENT:
            return f"s{self.ordinal}"
        return f"e{self.ordinal}{'q' if self.role is Role.QUESTION else 'a'}{self.part if self.part > 1 else ''}"


@dataclass(frozen=True, slots=True)
class OutletRef:
    """A question's outlet: the name as written, and the gazetteer key it resolved to."""

    name: str  # as written, minus "reporter", quotes and stray spaces
    key: str  # the canonical key: the gazetteer's where known, else a slug of ``name``
    known: bool  # True where the gazetteer knows the outlet


@dataclass(frozen=True, slots=True)
class Exchange:
    """A question and its answer; where the reporter replies (to a question the spokesperson asked back) and
    the spokesperson goes on, those turns follow in ``later``, in the order they were spoken."""

    ordinal: int
    question: Turn
    answer: Turn | None  # None where the page ends before the answer
    outlet: OutletRef | None  # None where the reporter is anonymous ("Q:")
    later: tuple[Turn, ...] = ()  # question and answer turns after the first answer (part 2, 3, ...)

    def turns(self) -> tuple[Turn, ...]:
        """Every turn of the exchange in spoken order."""
        return (self.question, *((self.answer,) if self.answer is not None else ()), *self.later)

    def answers(self) -> tuple[Turn, ...]:
        """The spokesperson's answer turns in order."""
        return tuple(t for t in self.turns() if t.role is Role.ANSWER)


@dataclass(frozen=True, slots=True)
class Statement:
    ordinal: int
    turn: Turn


@dataclass(frozen=True, slots=True)
class Speaker:
    """An official who speaks in a briefing under a label of their own ("MR. KIRBY:", "SECRETARY GRANHOLM:")."""

    label: str  # as written, e.g. "SECRETARY GRANHOLM"
    name: str  # the full name where the title gives it ("Jennifer Granholm"), else the label in title case
    title: str | None  # the office as the briefing's title or label gives it ("Secretary of Energy"), if any
    named: bool  # False for an anonymous official ("SENIOR ADMINISTRATION OFFICIAL"): no person to describe
    # ISO 3166-1 alpha-3 of the state the speaker speaks for ("UKR" for "PRESIDENT ZELENSKYY" at a joint press
    # conference), where the reader can place them; None where it cannot. Positions are taken only from the turns
    # of speakers who speak for the briefing's profile's state (see kg.read.whitehouse).
    state: str | None = None


@dataclass(frozen=True, slots=True)
class Briefing:
    """One press conference as read: its metadata and its turns in order."""

    key: str  # stable id within a build, derived from the source file name
    source: Source
    layout: Layout
    title: str
    date: dt.date | None
    date_inferred: bool  # True where the year was not printed and was inferred from the run
    spokesperson: str | None
    institution: str
    statements: tuple[Statement, ...]
    exchanges: tuple[Exchange, ...]
    warnings: tuple[str, ...] = ()
    language: str = "en"  # BCP 47 code of the turns' language: "en", or "zh" for the Chinese originals
    profile: str = "fmprc"  # the institution profile it was read under (ontology/profiles.ttl)
    speakers: tuple[Speaker, ...] = ()  # officials answering under their own labels, in order of first answer

    def turns(self) -> tuple[Turn, ...]:
        """Every turn: statements first, then each exchange's turns in spoken order."""
        out: list[Turn] = [s.turn for s in self.statements]
        for ex in self.exchanges:
            out.extend(ex.turns())
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Entity:
    """A gazetteer entry: what RDF needs to describe an entity once it is mentioned."""

    kind: EntityKind
    key: str  # ISO 3166-1 alpha-3 for countries; a slug otherwise
    label: str
    alt_labels: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()  # Wikidata IRIs
    iso2: str | None = None  # countries
    country: str | None = None  # ISO3: the state a person serves, or an outlet is based in
    outlet_type: str | None = None  # outlets: the key of its pk:outletType (ontology/outlet-types.ttl)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in a turn, at ``turn.text[start:end] == text``."""

    turn: str  # Turn.key
    start: int
    end: int
    text: str
    kind: EntityKind
    key: str  # Entity.key
    rule: str


@dataclass(frozen=True, slots=True)
class Cue:
    """Text that made a topic fire, at ``turn.text[start:end] == text``."""

    turn: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class TopicAssignment:
    """A topic an exchange (``e3``) or statement (``s1``) is substantially about."""

    unit: str  # "e3" or "s1"
    topic: str  # skos:notation of the topic
    score: float
    cues: tuple[Cue, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class EntityRef:
    kind: EntityKind
    key: str


@dataclass(frozen=True, slots=True)
class Position:
    """One stated position of the spokesperson, with the sentence that states it."""

    unit: str  # "e3" or "s1"
    turn: str  # Turn.key of the answer or statement
    act: str  # skos:notation of the act
    holder: str  # ISO3 of the spokesperson's state
    stated_by: str | None  # the spokesperson's name
    target: EntityRef | None
    about: str | None  # topic notation
    intensity: str | None  # "firmly", "strongly", as written
    evidence: str  # turn.text[start:end]
    start: int
    end: int
    rule: str
    # Where the target is not named in the evidence but inferred from the exchange (annotation.md, positions
    # rule 1), the rule that inferred it ("question_actor", "previous_sentence", ...): pk:targetInferred.
    target_rule: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one briefing, ready for ``to_rdf``."""

    briefing: Briefing
    mentions: tuple[Mention, ...] = ()
    topics: tuple[TopicAssignment, ...] = ()
    positions: tuple[Position, ...] = ()
    entities: tuple[Entity, ...] = field(default=())  # every entity the mentions and targets refer to
