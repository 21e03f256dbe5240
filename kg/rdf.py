"""Extraction -> RDF quads. Every IRI is minted from stable keys (``kg.iris``): the same input, the same triples.

Each briefing is its own named graph (``id:graph/<key>``), so a changed source replaces its graph and nothing
else. Descriptions of the entities that briefings refer to (labels, ISO codes, Wikidata links) live once in
``id:graph/entities``; the ontology, topic and act schemes in ``id:graph/ontology``.

A briefing's graph is written as N-Quads text straight from the extraction (``briefing_nquads``): its terms are
strings (an IRI is its string, a literal a ``Lit``), not a pyoxigraph object per term and quad, and each line is
what Oxigraph's own N-Quads serialiser writes for it. ``to_rdf`` parses those lines for callers that want quads.

>>> briefing_iri("t1558711").value
'https://w3id.org/presskg/id/briefing/t1558711'
>>> entity_iri(EntityKind.COUNTRY, "USA").value
'https://w3id.org/presskg/id/country/USA'
>>> slug("Agence France-Presse")
'agence-france-presse'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.iris import ALIGNMENT_GRAPH as ALIGNMENT_GRAPH
from kg.iris import ENTITIES_GRAPH as ENTITIES_GRAPH
from kg.iris import ENTITY_PATH as ENTITY_PATH
from kg.iris import ONTOLOGY_GRAPH as ONTOLOGY_GRAPH
from kg.iris import act_iri as act_iri
from kg.iris import briefing_iri as briefing_iri
from kg.iris import briefing_str as _briefing
from kg.iris import entity_iri as entity_iri
from kg.iris import entity_str as _entity
from kg.iris import exchange_iri as exchange_iri
from kg.iris import graph_iri as graph_iri
from kg.iris import graph_str as _graph
from kg.iris import outlet_type_iri as outlet_type_iri
from kg.iris import pk as pk
from kg.iris import source_iri as source_iri
from kg.iris import spokesperson_iri as spokesperson_iri
from kg.iris import statement_iri as statement_iri
from kg.iris import topic_iri as topic_iri
from kg.iris import turn_iri as turn_iri
from kg.iris import unit_iri as unit_iri
from kg.namespace import DCTERMS, OWL, PK, PROV, RDF, RDFS, SDO, SKOS, XSD, slug
from kg.ontology import load_ontology
from kg.profiles import profile
from kg.read.language import CHINESE, ENGLISH, is_chinese
from kg.types import Briefing, Entity, EntityKind, EntityRef, Extraction, Mention, Role, Speaker, TopicAssignment, Turn

# The files of ontology/ that are loaded whole into the ontology graph; gazetteers are not (only the entities
# briefings refer to are described, in the entities graph).
SCHEME_FILES = ("presskg.ttl", "topics.ttl", "acts.ttl", "cameo.ttl", "outlet-types.ttl")


ENTITY_CLASS: dict[EntityKind, str] = {
    EntityKind.COUNTRY: "Country",
    EntityKind.PLACE: "Place",
    EntityKind.ORGANIZATION: "Organization",
    EntityKind.PERSON: "Person",
    EntityKind.OUTLET: "Outlet",
}
TURN_CLASS: dict[Role, str] = {Role.QUESTION: "Question", Role.ANSWER: "Answer", Role.STATEMENT: "Statement"}


class Lit(NamedTuple):
    """A literal as a briefing's graph is written: its lexical value and what follows the quoted value in N-Quads
    (``""`` for a plain string, ``"@zh"``, ``"^^<datatype>"``)."""

    value: str
    suffix: str = ""


Object = str | Lit  # an IRI (its string) or a literal
Triple = tuple[str, str, Object]  # subject IRI, predicate IRI, object
Add = Callable[[Triple], None]  # a list's append: each part of a briefing's triples adds its own


UNLISTED = "unlisted"  # the outlet type of outlets the gazetteer does not list (ontology/outlet-types.ttl)


# Lone surrogates: what Python makes of file-name bytes that are not UTF-8. RDF text cannot hold them.
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_INTEGER, _BOOLEAN = f"^^<{XSD}integer>", f"^^<{XSD}boolean>"


# A briefing's literals repeat (every mention's rule and offsets, every position's): each made once per process.
@functools.lru_cache(maxsize=8192)
def _string(value: str) -> Lit:
    r"""A plain literal; a file name's bytes that are not UTF-8 become U+FFFD.

    >>> _string("caf\udce9.txt").value
    'caf�.txt'
    """
    return Lit(value if value.isascii() else _SURROGATE.sub("\ufffd", value))


def _text(value: str, language: str) -> Lit:
    # English stays a plain string, as it always was: queries written for the English graph keep working.
    return Lit(value) if language == ENGLISH else Lit(value, "@" + language)


def text_literal(value: str, language: str) -> ox.Literal:
    """Text read from a briefing: tagged with its language (``"…"@zh``), except English, which stays a plain
    string as it always was (queries written for the English graph keep working).

    >>> str(text_literal("中方坚决反对", "zh")), str(text_literal("China opposes", "en"))
    ('"中方坚决反对"@zh', '"China opposes"')
    """
    lit = _text(value, language)
    return ox.Literal(lit.value, language=lit.suffix[1:]) if lit.suffix else ox.Literal(lit.value)


def _label_language(value: str) -> str:
    return CHINESE if is_chinese(value) else ENGLISH


def label_literal(value: str) -> ox.Literal:
    """A name from a gazetteer or as written: ``@zh`` where it is written in Chinese ("新华社"), else plain."""
    return text_literal(value, _label_language(value))


@functools.lru_cache(maxsize=8192)
def _integer(value: int) -> Lit:
    """An xsd:integer literal, made once per value (a briefing's offsets repeat in its mentions and positions).

    >>> _integer(12), _integer(12) is _integer(12), _string("gazetteer") is _string("gazetteer")
    (Lit(value='12', suffix='^^<http://www.w3.org/2001/XMLSchema#integer>'), True, True)
    """
    return Lit(str(value), _INTEGER)


def _boolean(value: bool) -> Lit:
    return Lit("true" if value else "false", _BOOLEAN)


TYPE = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
ALT_LABEL = ox.NamedNode(SKOS + "altLabel")
SAME_AS = ox.NamedNode(OWL + "sameAs")
_TYPE, _LABEL, _ALT_LABEL, _SAME_AS = TYPE.value, LABEL.value, ALT_LABEL.value, SAME_AS.value
_TITLE, _LANGUAGE, _DATE, _SOURCE = (DCTERMS + t for t in ("title", "language", "date", "source"))
_DERIVED_FROM, _JOB_TITLE = PROV + "wasDerivedFrom", SDO + "jobTitle"
_LANGUAGE_TYPE, _DATE_TYPE = f"^^<{XSD}language>", f"^^<{XSD}date>"
_REIFIED = (RDF + "Statement", RDF + "subject", RDF + "predicate", RDF + "object")

# How Oxigraph's N-Quads serialiser escapes a literal's characters: the same bytes for the same quads.
_ESCAPES = {chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]} | {
    "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\",
}  # fmt: skip
_NEEDS_ESCAPE = re.compile('[\\x00-\\x1f"\\\\\\x7f]')
_CONTROL = re.compile("[\\x00-\\x1f\\x7f]")


def _escaped(value: str) -> str:
    r"""``value`` with the characters Oxigraph escapes escaped (``_ESCAPES``).

    Backslashes first, then quotes, by ``str.replace``, and the control characters (a turn's few newlines) one
    match at a time: ``str.translate`` with the table looks each character of a text that is not ASCII up in it,
    about 40 ns apiece (0.16 s against 0.02 s over the turns of 148 White House transcripts, which hold newlines
    and typographic apostrophes).

    >>> _escaped('say "hi"\\\n\u2019') == 'say \\"hi\\"\\\\\\n\u2019'
    True
    """
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    if '"' in value:
        value = value.replace('"', '\\"')
    return _CONTROL.sub(_control_escape, value)


def _control_escape(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def term_nt(term: Object) -> str:
    r"""A term in N-Triples, as Oxigraph writes it.

    >>> term_nt("https://x/a"), term_nt(Lit('say "hi"\n', "@en")), term_nt(_integer(3))
    ('<https://x/a>', '"say \\"hi\\"\\n"@en', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
    """
    if isinstance(term, str):
        return f"<{term}>"
    value = term.value
    if _NEEDS_ESCAPE.search(value):
        value = _escaped(value)
    return f'"{value}"{term.suffix}'


def nquads(triples: Iterable[Triple], graph: str) -> list[str]:
    """``triples`` as N-Quads lines (each ending in a newline) in ``graph``, in order."""
    tail = f" <{graph}> .\n"
    # term_nt inlined: this runs once per triple of every briefing.
    needs_escape = _NEEDS_ESCAPE.search
    out: list[str] = []
    for s, p, o in triples:
        if isinstance(o, str):
            out.append(f"<{s}> <{p}> <{o}>{tail}")
            continue
        value = o.value
        if needs_escape(value):
            value = _escaped(value)
        out.append(f'<{s}> <{p}> "{value}"{o.suffix}{tail}')
    return out


def parse_nquads(lines: Iterable[str]) -> list[ox.Quad]:
    """N-Quads lines as pyoxigraph quads (validated: a malformed IRI fails here)."""
    return list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def to_rdf(extraction: Extraction) -> list[ox.Quad]:
    """The quads of one briefing's named graph (those of ``briefing_nquads``, parsed).

    >>> from kg.types import Source, Layout
    >>> b = Briefing(key="b1", source=Source(path="b1.txt", name="b1.txt", sha256="00"), layout=Layout.TEXT,
    ...              title="T", date=None, date_inferred=False, spokesperson=None, institution="MFA",
    ...              statements=(), exchanges=())
    >>> quads = to_rdf(Extraction(briefing=b))
    >>> {q.graph_name.value for q in quads}
    {'https://w3id.org/presskg/id/graph/b1'}
    """
    return parse_nquads(briefing_nquads(extraction))


def briefing_nquads(extraction: Extraction) -> list[str]:
    """The N-Quads lines of one briefing's named graph, in the order they are made (a quad may come twice)."""
    return nquads(briefing_triples(extraction), _graph(extraction.briefing.key))


def briefing_triples(extraction: Extraction) -> list[Triple]:
    """The triples of one briefing's named graph, terms as strings (``Lit`` for literals).

    Appended to one list by each part in turn (no generator, no call per triple: a briefing has about a thousand).
    """
    b = extraction.briefing
    if b.source.url:
        ox.NamedNode(b.source.url)  # a page's URL that is no IRI fails here, as it would in a quad
    out: list[Triple] = []
    add = out.append
    bi, si = _briefing(b.key), source_iri(b.key)
    add((bi, _TYPE, PK.Briefing))
    add((bi, _TITLE, _text(b.title, b.language)))
    add((bi, _LANGUAGE, Lit(b.language, _LANGUAGE_TYPE)))
    if b.date is not None:
        add((bi, _DATE, Lit(b.date.isoformat(), _DATE_TYPE)))
        if b.date_inferred:
            add((bi, PK.dateInferred, _boolean(True)))
    if b.spokesperson:
        add((bi, PK.spokesperson, spokesperson_iri(b.spokesperson)))
    add((bi, PK.institution, _entity(EntityKind.ORGANIZATION, profile(b.profile).organization)))
    named = _named_speakers(b)
    _speaker_titles(add, b, named)
    add((bi, _DERIVED_FROM, si))
    add((si, _TYPE, PK.SourceDocument))
    add((si, PK.sha256, _string(b.source.sha256)))
    add((si, _SOURCE, b.source.url if b.source.url else _string(b.source.name)))

    for st in b.statements:
        s = statement_iri(b.key, st.ordinal)
        add((s, _TYPE, PK.Statement))
        add((s, PK.inBriefing, bi))
        add((s, PK.ordinal, _integer(st.ordinal)))
        _turn_triples(add, s, st.turn, b, named)
    for ex in b.exchanges:
        e = exchange_iri(b.key, ex.ordinal)
        add((e, _TYPE, PK.Exchange))
        add((e, PK.inBriefing, bi))
        add((e, PK.ordinal, _integer(ex.ordinal)))
        if ex.outlet is not None:
            add((e, PK.askedBy, _entity(EntityKind.OUTLET, ex.outlet.key)))
        for order, turn in enumerate(ex.turns(), start=1):
            t = turn_iri(b.key, turn)
            add((e, PK[turn.role.value], t))
            if ex.later:  # the order of the turns, where the exchange holds more than a question and an answer
                add((t, PK.turnOrder, _integer(order)))
            _turn_triples(add, t, turn, b, named)

    turns = _TurnIris(b.key)
    _mention_triples(add, turns, extraction.mentions)
    _topic_triples(add, b, extraction.topics)
    _position_triples(add, b, extraction, turns)
    return out


class _TurnIris(dict[str, str]):
    """A briefing's turn IRIs by turn key, each made once (``turn_iri`` matches the key with a pattern)."""

    def __init__(self, briefing_key: str) -> None:
        super().__init__()
        self.briefing_key = briefing_key

    def __missing__(self, key: str) -> str:
        iri = self[key] = turn_iri(self.briefing_key, key)
        return iri


def _turn_triples(add: Add, node: str, turn: Turn, b: Briefing, named: dict[str, Speaker]) -> None:
    if turn.role is not Role.STATEMENT:  # a Statement node is both the unit and its turn
        add((node, _TYPE, PK[TURN_CLASS[turn.role]]))
    add((node, PK.text, _text(turn.text, b.language)))
    if turn.role is not Role.QUESTION and turn.speaker in named:
        add((node, PK.speaker, speaker_iri(b, turn.speaker)))


def _named_speakers(b: Briefing) -> dict[str, Speaker]:
    return {s.name: s for s in b.speakers if s.named}


def speaker_iri(b: Briefing, name: str) -> str:
    """The node of an official who speaks in a briefing: the spokesperson's, or a person's.

    >>> from kg.types import Source, Layout
    >>> b = Briefing(key="b1", source=Source(path="b1.md", name="b1.md", sha256="00"), layout=Layout.MARKDOWN,
    ...              title="T", date=None, date_inferred=False, spokesperson="Jen Psaki", institution="The White House",
    ...              statements=(), exchanges=(), profile="whitehouse")
    >>> speaker_iri(b, "Jen Psaki"), speaker_iri(b, "John Kirby")
    ('https://w3id.org/presskg/id/spokesperson/jen-psaki', 'https://w3id.org/presskg/id/person/john-kirby')
    """
    return spokesperson_iri(name) if name == b.spokesperson else _entity(EntityKind.PERSON, slug(name))


def _speaker_titles(add: Add, b: Briefing, named: dict[str, Speaker]) -> None:
    # An office is held at a time ("Principal Deputy Press Secretary", later "Press Secretary"): it is stated in
    # the briefing's own graph, not with the person's name in the entities graph.
    for s in named.values():
        if s.title:
            add((speaker_iri(b, s.name), _JOB_TITLE, _string(s.title)))


def _mention_triples(add: Add, turns: _TurnIris, mentions: Iterable[Mention]) -> None:
    # One pk:mentions link per (turn, entity); the link is reified once, with the offsets of the first
    # occurrence and the rule, so the fact leads back to its sentence without a node per occurrence.
    seen: set[tuple[str, EntityKind, str]] = set()
    statement, subject, predicate, obj = _REIFIED
    mentions_, start_, end_, rule_ = PK.mentions, PK.start, PK.end, PK.rule
    for m in sorted(mentions, key=lambda m: (m.turn, m.start)):
        link = (m.turn, m.kind, m.key)
        if link in seen:
            continue
        seen.add(link)
        t, o = turns[m.turn], _entity(m.kind, m.key)
        add((t, mentions_, o))
        r = f"{t}/mention/{ENTITY_PATH[m.kind]}/{m.key}"
        add((r, _TYPE, statement))  # _reified, inline: this runs for every mention of a briefing
        add((r, subject, t))
        add((r, predicate, mentions_))
        add((r, obj, o))
        add((r, start_, _integer(m.start)))
        add((r, end_, _integer(m.end)))
        add((r, rule_, _string(m.rule)))


def _topic_triples(add: Add, b: Briefing, topics: Iterable[TopicAssignment]) -> None:
    for ta in topics:
        u, o = unit_iri(b.key, ta.unit), topic_iri(ta.topic)
        add((u, PK.topic, o))
        r = f"{u}/topic/{ta.topic}"
        _reified(add, r, u, PK.topic, o)
        add((r, PK.rule, _string(ta.rule)))
        for cue in dict.fromkeys(c.text for c in ta.cues):
            add((r, PK.cue, _text(cue, b.language)))


def _reified(add: Add, r: str, s: str, p: str, o: str) -> None:
    statement, subject, predicate, obj = _REIFIED
    add((r, _TYPE, statement))
    add((r, subject, s))
    add((r, predicate, p))
    add((r, obj, o))


def _target_key(target: EntityRef | None) -> str:
    return f"-{ENTITY_PATH[target.kind]}-{target.key}" if target else ""


def _position_triples(add: Add, b: Briefing, extraction: Extraction, turns: _TurnIris) -> None:
    for p in extraction.positions:
        node = f"{_briefing(b.key)}/position/{p.turn}-{p.start}-{p.act}{_target_key(p.target)}"
        add((node, _TYPE, PK.Position))
        unit = unit_iri(b.key, p.unit)
        add((node, PK.inExchange if p.unit.startswith("e") else PK.inStatement, unit))
        add((node, PK.act, act_iri(p.act)))
        add((node, PK.holder, _entity(EntityKind.COUNTRY, p.holder)))
        if p.stated_by:
            add((node, PK.statedBy, spokesperson_iri(p.stated_by)))
        if p.target is not None:
            add((node, PK.target, _entity(p.target.kind, p.target.key)))
        if p.target_rule is not None:
            add((node, PK.targetInferred, _boolean(True)))
            add((node, PK.targetRule, _string(p.target_rule)))
        if p.about:
            add((node, PK.about, topic_iri(p.about)))
        if p.intensity:
            add((node, PK.intensity, _text(p.intensity, b.language)))
        add((node, PK.evidence, _text(p.evidence, b.language)))
        add((node, PK.start, _integer(p.start)))
        add((node, PK.end, _integer(p.end)))
        add((node, PK.rule, _string(p.rule)))
        add((node, _DERIVED_FROM, turns[p.turn]))


def entity_quads(extraction: Extraction) -> list[ox.Quad]:
    """Descriptions, in the entities graph, of every entity the extraction refers to (``Extraction.entities``).

    Adding them again for another briefing is harmless: the store is a set of quads.
    """
    return parse_nquads(entity_nquads(extraction))


def entity_nquads(extraction: Extraction) -> list[str]:
    """The N-Quads lines of ``entity_quads``: each entity's own (the same for every briefing that refers to it,
    so made once per process: ``_described``), then the briefing's speakers and institution."""
    lines = [line for e in extraction.entities for line in _described(e)]
    lines += nquads(_speaker_triples(extraction), ENTITIES_GRAPH.value)
    return lines


@functools.lru_cache(maxsize=8192)
def _described(e: Entity) -> tuple[str, ...]:
    """The N-Quads lines describing one entity in the entities graph (a gazetteer entry: a frozen value)."""
    return tuple(nquads(_entity_triples(e), ENTITIES_GRAPH.value))


def _entity_triples(e: Entity) -> Iterator[Triple]:
    node = _entity(e.kind, e.key)
    yield node, _TYPE, PK[ENTITY_CLASS[e.kind]]
    yield node, _LABEL, _text(e.label, _label_language(e.label))
    yield from ((node, _ALT_LABEL, _text(alt, _label_language(alt))) for alt in e.alt_labels if alt != e.label)
    yield from ((node, _SAME_AS, iri) for iri in e.same_as)
    if e.kind is EntityKind.COUNTRY:
        yield node, PK.iso3, _string(e.key)
        if e.iso2:
            yield node, PK.iso2, _string(e.iso2)
    if e.country:
        prop = {EntityKind.OUTLET: PK.basedIn, EntityKind.PERSON: PK.serves}.get(e.kind)
        if prop:
            yield node, prop, _entity(EntityKind.COUNTRY, e.country)
    if e.kind is EntityKind.OUTLET:
        yield node, PK.outletType, outlet_type_iri(e.outlet_type or UNLISTED)


def _speaker_triples(extraction: Extraction) -> Iterator[Triple]:
    b = extraction.briefing
    if b.spokesperson:
        sp = spokesperson_iri(b.spokesperson)
        yield sp, _TYPE, PK.Spokesperson
        yield sp, _LABEL, _string(b.spokesperson)
    for s in _named_speakers(b).values():
        if s.name != b.spokesperson:
            person = speaker_iri(b, s.name)
            yield person, _TYPE, PK.Person
            yield person, _LABEL, _string(s.name)
    inst = _entity(EntityKind.ORGANIZATION, profile(b.profile).organization)
    yield inst, _TYPE, PK.Organization
    yield inst, _LABEL, _string(b.institution)


def ontology_quads(directory: Path | None = None) -> list[ox.Quad]:
    """The ontology and the topic and act schemes, in the ontology graph.

    Blank nodes (``owl:unionOf`` lists) get labels by order of appearance, not the parser's random ones, so
    every build writes the same quads.
    """
    onto = load_ontology(directory)
    out: list[ox.Quad] = []
    for name in SCHEME_FILES:
        file = onto.file(name)
        if file is not None:
            quads = _stable_blank_nodes(file.quads, prefix=re.sub(r"[^A-Za-z0-9]", "", file.path.stem))
            out.extend(ox.Quad(q.subject, q.predicate, q.object, ONTOLOGY_GRAPH) for q in quads)
    return out


def _stable_blank_nodes(quads: Iterable[ox.Quad], *, prefix: str) -> list[ox.Quad]:
    """Blank nodes (OWL lists, SHACL paths) renamed in order of first appearance: the parser names them at
    random, and the same input must give the same N-Quads on every build.

    >>> a = ox.Quad(ox.BlankNode(), ox.NamedNode("http://p"), ox.BlankNode())
    >>> [str(q) for q in _stable_blank_nodes([a, a], prefix="x")]
    ['_:x0 <http://p> _:x1', '_:x0 <http://p> _:x1']
    """
    names: dict[ox.BlankNode, ox.BlankNode] = {}

    def stable(term: ox.BlankNode) -> ox.BlankNode:
        if term not in names:
            names[term] = ox.BlankNode(f"{prefix}{len(names)}")
        return names[term]

    out = []
    for q in quads:
        subject = stable(q.subject) if isinstance(q.subject, ox.BlankNode) else q.subject
        obj = stable(q.object) if isinstance(q.object, ox.BlankNode) else q.object
        out.append(ox.Quad(subject, q.predicate, obj, q.graph_name))
    return out
