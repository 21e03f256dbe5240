"""What the English (``kg/extract/positions/``) and the Chinese (``kg/extract/zh/``) position extractors share:
the act cue record, how a cue node and the pattern fragments are read from the ontology and checked, how
fragments are inserted into a pattern, and how a briefing's mentions and topics are grouped for the turns.

Both languages' cues are ``pk:ActCue`` nodes with the same five properties (``acts.ttl`` by ``pk:actCue``,
``acts-zh.ttl`` by ``lex:zhActCue``); each language says which frames and target policies its grammar knows.

>>> from kg.ontology import Described
>>> from kg.namespace import PK
>>> node = Described({PK.rule: "oppose_verb", PK.frame: "self", PK.polarity: "pos", PK.targetPolicy: "after",
...                   PK.pattern: "{DEG}反对"}, "acts-zh.ttl")
>>> cue_fields("oppose", node, frames=("self",), targets=("after",))
('oppose_verb', 'self', 'pos', 'after', '{DEG}反对')
>>> expand_fragments("{DEG}反对", {"DEG": "坚决|强烈"}, where="oppose_verb", source="acts-zh.ttl")
'(?:坚决|强烈)反对'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kg.errors import OntologyError
from kg.extract.regexcode import compiled as compiled  # re-exported: a cue's pattern, compiled once per process
from kg.namespace import PK, RDFS_LABEL
from kg.ontology import Described
from kg.types import Mention, TopicAssignment

POLARITIES = ("pos", "neg", "any")
CUE_ID = re.compile(r"[a-z][a-z0-9_]*")
FRAGMENT_NAME = re.compile(r"[A-Z][A-Z_]*")
FRAGMENT_REF = re.compile(r"\{([A-Z][A-Z_]*)\}")
FRAGMENT_DEPTH = 4  # rounds of insertion: a fragment may use others, to this depth


@dataclass(frozen=True, slots=True)
class ActCue:
    """One cue of an act: the act it signals, its frame, polarity, target policy and pattern (``source``, its
    fragments inserted, with its ``flags``), compiled at its first use in a process (:func:`compiled`): a
    briefing meets a few of a lexicon's cues, and compiling all of them cost a new process a quarter second (from
    the code of the lexicon's compiled form, ``kg.extract.regexcode``, a few microseconds each)."""

    id: str
    act: str
    frame: str
    polarity: str
    target: str
    source: str
    flags: int = 0

    @property
    def pattern(self) -> re.Pattern[str]:
        return compiled(self.source, self.flags)


def pattern_fragments(nodes: Iterable[Described]) -> dict[str, str]:
    """The named pattern fragments of ``pk:Acts`` (``pk:PatternFragment`` nodes: an ``rdfs:label`` and a
    ``pk:pattern``), by name."""
    fragments: dict[str, str] = {}
    for node in nodes:
        name, pattern = node.values.get(RDFS_LABEL, ""), node.values.get(PK.pattern, "").strip()
        if FRAGMENT_NAME.fullmatch(name) is None or not pattern:
            raise OntologyError(
                "E531",
                f"pk:Acts: malformed fragment {name!r}",
                path=node.file,
                hint="give each pk:fragment an upper-case rdfs:label and a pk:pattern",
            )
        fragments[name] = pattern
    return fragments


def cue_fields(
    notation: str, node: Described, *, frames: Sequence[str], targets: Sequence[str]
) -> tuple[str, str, str, str, str]:
    """The five properties of one cue (rule, frame, polarity, target policy, pattern), checked against the frames
    and target policies the language's grammar knows: a missing one is E534, a value outside its list E535."""
    checks: tuple[tuple[str, Sequence[str] | None], ...] = (
        (PK.rule, None),
        (PK.frame, frames),
        (PK.polarity, POLARITIES),
        (PK.targetPolicy, targets),
        (PK.pattern, None),
    )
    out: list[str] = []
    for prop, allowed in checks:
        value = node.values.get(prop, "").strip()
        name = prop.rsplit("#", 1)[1]
        if not value or (prop == PK.rule and CUE_ID.fullmatch(value) is None):
            raise OntologyError(
                "E534",
                f"act {notation}: a cue lacks a valid pk:{name}",
                path=node.file,
                hint="give each pk:actCue a pk:rule ([a-z][a-z0-9_]*), pk:frame, pk:polarity, pk:targetPolicy "
                "and pk:pattern",
            )
        if allowed is not None and value not in allowed:
            raise OntologyError(
                "E535",
                f"act {notation}: unknown pk:{name} {value!r}",
                path=node.file,
                hint=f"use one of {tuple(allowed)}",
            )
        out.append(value)
    rule, frame, polarity, target, pattern = out
    return rule, frame, polarity, target, pattern


def expand_fragments(pattern: str, fragments: dict[str, str], *, where: str, source: str) -> str:
    """Insert ``{NAME}`` fragments (which may use others) and let a space stand for any whitespace."""
    for _ in range(FRAGMENT_DEPTH):
        if not FRAGMENT_REF.search(pattern):
            break

        def insert(m: re.Match[str]) -> str:
            if m.group(1) not in fragments:
                raise OntologyError("E537", f"{where}: unknown fragment {{{m.group(1)}}}", path=source)
            return "(?:" + fragments[m.group(1)] + ")"

        pattern = FRAGMENT_REF.sub(insert, pattern)
    return pattern.replace(" ", r"\s+")


def mentions_by_turn(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    """The mentions of each turn key, in the order given."""
    out: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        out[m.turn].append(m)
    return out


def best_topics(topics: Iterable[TopicAssignment]) -> dict[str, TopicAssignment]:
    """Each unit's best-scored topic (the first given, on a tie): what the unit's positions are ``about``."""
    about: dict[str, TopicAssignment] = {}
    for t in topics:
        if t.unit not in about or t.score > about[t.unit].score:
            about[t.unit] = t
    return about
