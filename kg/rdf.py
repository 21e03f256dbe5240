"""Extraction -> RDF quads. Every IRI is minted here, from stable keys, so the same input gives the same triples.

Each briefing is its own named graph (``id:graph/<key>``), so a changed source replaces its graph and nothing
else. Descriptions of the entities that briefings refer to (labels, ISO codes, Wikidata links) live once in
``id:graph/entities``; the ontology, topic and act schemes in ``id:graph/ontology``.

>>> briefing_iri("t1558711").value
'https://w3id.org/presskg/id/briefing/t1558711'
>>> entity_iri(EntityKind.COUNTRY, "USA").value
'https://w3id.org/presskg/id/country/USA'
>>> slug("Agence France-Presse")
'agence-france-presse'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.namespace import DCTERMS, ID_IRI, OWL, PK, PROV, RDF, RDFS, SDO, SKOS, XSD, slug
from kg.ontology import load_ontology
from kg.profiles import profile
from kg.read.language import CHINESE, ENGLISH, is_chinese
from kg.types import Briefing, EntityKind, EntityRef, Extraction, Mention, Role, Speaker, TopicAssignment, Turn

ONTOLOGY_GRAPH = ox.NamedNode(ID_IRI + "graph/ontology")
ENTITIES_GRAPH = ox.NamedNode(ID_IRI + "graph/entities")
ALIGNMENT_GRAPH = ox.NamedNode(ID_IRI + "graph/alignment")  # English briefings and exchanges -> their originals

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
ENTITY_PATH: dict[EntityKind, str] = {
    EntityKind.COUNTRY: "country",
    EntityKind.PLACE: "place",
    EntityKind.ORGANIZATION: "org",
    EntityKind.PERSON: "person",
    EntityKind.OUTLET: "outlet",
}
TURN_CLASS: dict[Role, str] = {Role.QUESTION: "Question", Role.ANSWER: "Answer", Role.STATEMENT: "Statement"}

Emit = Callable[[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal], ox.Quad]


def pk(term: str) -> ox.NamedNode:
    return _pk(term)


@cache
def _pk(term: str) -> ox.NamedNode:
    return ox.NamedNode(PK[term])  # an unknown term fails here rather than minting a new IRI


def _id(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID_IRI + path)


def graph_iri(briefing_key: str) -> ox.NamedNode:
    return _id(f"graph/{briefing_key}")


def briefing_iri(briefing_key: str) -> ox.NamedNode:
    return _id(f"briefing/{briefing_key}")


def source_iri(briefing_key: str) -> ox.NamedNode:
    return _id(f"source/{briefing_key}")


def exchange_iri(briefing_key: str, ordinal: int) -> ox.NamedNode:
    return _id(f"briefing/{briefing_key}/exchange/{ordinal}")


def statement_iri(briefing_key: str, ordinal: int) -> ox.NamedNode:
    return _id(f"briefing/{briefing_key}/statement/{ordinal}")


def unit_iri(briefing_key: str, unit: str) -> ox.NamedNode:
    """The exchange (``e3``) or statement (``s1``) a unit id names."""
    ordinal = int(unit[1:])
    return exchange_iri(briefing_key, ordinal) if unit[0] == "e" else statement_iri(briefing_key, ordinal)


def turn_iri(briefing_key: str, turn: Turn | str) -> ox.NamedNode:
    """A turn's node from its key: ``e3q`` -> ``.../exchange/3/question``, a later part ``e3a2`` -> ``.../answer/2``.

    >>> turn_iri("b1", "e3a2").value
    'https://w3id.org/presskg/id/briefing/b1/exchange/3/answer/2'
    """
    key = turn.key if isinstance(turn, Turn) else turn
    if key.startswith("s"):
        return statement_iri(briefing_key, int(key[1:]))
    m = _TURN_KEY.fullmatch(key)
    if m is None:
        raise ValueError(f"not a turn key: {key!r}")
    role = "question" if m.group(2) == "q" else "answer"
    part = f"/{m.group(3)}" if m.group(3) else ""
    return _id(f"briefing/{briefing_key}/exchange/{m.group(1)}/{role}{part}")


_TURN_KEY = re.compile(r"e(\d+)([qa])(\d*)")


def entity_iri(kind: EntityKind, key: str) -> ox.NamedNode:
    return _id(f"{ENTITY_PATH[kind]}/{key}")


def spokesperson_iri(name: str) -> ox.NamedNode:
    return _id(f"spokesperson/{slug(name) or 'unnamed'}")


UNLISTED = "unlisted"  # the outlet type of outlets the gazetteer does not list (ontology/outlet-types.ttl)


def outlet_type_iri(key: str) -> ox.NamedNode:
    return _id(f"outlet-type/{key}")


def topic_iri(notation: str) -> ox.NamedNode:
    return _id(f"topic/{notation}")


def act_iri(notation: str) -> ox.NamedNode:
    return _id(f"act/{notation}")


# Lone surrogates: what Python makes of file-name bytes that are not UTF-8. RDF text cannot hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _string(value: str) -> ox.Literal:
    r"""A plain literal; a file name's bytes that are not UTF-8 become U+FFFD.

    >>> _string("caf\udce9.txt").value
    'caf�.txt'
    """
    return ox.Literal(_SURROGATE.sub("\ufffd", value))


def text_literal(value: str, language: str) -> ox.Literal:
    """Text read from a briefing: tagged with its language (``"…"@zh``), except English, which stays a plain
    string as it always was (queries written for the English graph keep working).

    >>> str(text_literal("中方坚决反对", "zh")), str(text_literal("China opposes", "en"))
    ('"中方坚决反对"@zh', '"China opposes"')
    """
    return ox.Literal(value) if language == ENGLISH else ox.Literal(value, language=language)


def label_literal(value: str) -> ox.Literal:
    """A name from a gazetteer or as written: ``@zh`` where it is written in Chinese ("新华社"), else plain."""
    return text_literal(value, CHINESE if is_chinese(value) else ENGLISH)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))


TYPE = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode(RDFS + "label")
ALT_LABEL = ox.NamedNode(SKOS + "altLabel")
SAME_AS = ox.NamedNode(OWL + "sameAs")


def to_rdf(extraction: Extraction) -> list[ox.Quad]:
    """The quads of one briefing's named graph.

    >>> from kg.types import Source, Layout
    >>> b = Briefing(key="b1", source=Source(path="b1.txt", name="b1.txt", sha256="00"), layout=Layout.TEXT,
    ...              title="T", date=None, date_inferred=False, spokesperson=None, institution="MFA",
    ...              statements=(), exchanges=())
    >>> quads = to_rdf(Extraction(briefing=b))
    >>> {q.graph_name.value for q in quads}
    {'https://w3id.org/presskg/id/graph/b1'}
    """
    return list(_briefing_triples(extraction))


def _briefing_triples(extraction: Extraction) -> Iterator[ox.Quad]:
    b = extraction.briefing
    g = graph_iri(b.key)

    def q(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, p, o, g)

    bi, si = briefing_iri(b.key), source_iri(b.key)
    yield q(bi, TYPE, pk("Briefing"))
    yield q(bi, ox.NamedNode(DCTERMS + "title"), text_literal(b.title, b.language))
    yield q(bi, ox.NamedNode(DCTERMS + "language"), ox.Literal(b.language, datatype=ox.NamedNode(XSD + "language")))
    if b.date is not None:
        yield q(bi, ox.NamedNode(DCTERMS + "date"), ox.Literal(b.date.isoformat(), datatype=ox.NamedNode(XSD + "date")))
        if b.date_inferred:
            yield q(bi, pk("dateInferred"), _boolean(True))
    if b.spokesperson:
        yield q(bi, pk("spokesperson"), spokesperson_iri(b.spokesperson))
    yield q(bi, pk("institution"), entity_iri(EntityKind.ORGANIZATION, profile(b.profile).organization))
    yield from _speaker_titles(q, b)
    yield q(bi, ox.NamedNode(PROV + "wasDerivedFrom"), si)
    yield q(si, TYPE, pk("SourceDocument"))
    yield q(si, pk("sha256"), _string(b.source.sha256))
    where: ox.NamedNode | ox.Literal = ox.NamedNode(b.source.url) if b.source.url else _string(b.source.name)
    yield q(si, ox.NamedNode(DCTERMS + "source"), where)

    for st in b.statements:
        s = statement_iri(b.key, st.ordinal)
        yield q(s, TYPE, pk("Statement"))
        yield q(s, pk("inBriefing"), bi)
        yield q(s, pk("ordinal"), _integer(st.ordinal))
        yield from _turn_triples(q, s, st.turn, b)
    for ex in b.exchanges:
        e = exchange_iri(b.key, ex.ordinal)
        yield q(e, TYPE, pk("Exchange"))
        yield q(e, pk("inBriefing"), bi)
        yield q(e, pk("ordinal"), _integer(ex.ordinal))
        if ex.outlet is not None:
            yield q(e, pk("askedBy"), entity_iri(EntityKind.OUTLET, ex.outlet.key))
        for order, turn in enumerate(ex.turns(), start=1):
            t = turn_iri(b.key, turn)
            yield q(e, pk(turn.role.value), t)
            if ex.later:  # the order of the turns, where the exchange holds more than a question and an answer
                yield q(t, pk("turnOrder"), _integer(order))
            yield from _turn_triples(q, t, turn, b)

    yield from _mention_triples(q, b, extraction.mentions)
    yield from _topic_triples(q, b, extraction.topics)
    yield from _position_triples(q, b, extraction)


def _turn_triples(q: Emit, node: ox.NamedNode, turn: Turn, b: Briefing) -> Iterator[ox.Quad]:
    if turn.role is not Role.STATEMENT:  # a Statement node is both the unit and its turn
        yield q(node, TYPE, pk(TURN_CLASS[turn.role]))
    yield q(node, pk("text"), text_literal(turn.text, b.language))
    if turn.role is not Role.QUESTION and turn.speaker in _named_speakers(b):
        yield q(node, pk("speaker"), speaker_iri(b, turn.speaker))


def _named_speakers(b: Briefing) -> dict[str, Speaker]:
    return {s.name: s for s in b.speakers if s.named}


def speaker_iri(b: Briefing, name: str) -> ox.NamedNode:
    """The node of an official who speaks in a briefing: the spokesperson's, or a person's.

    >>> from kg.types import Source, Layout
    >>> b = Briefing(key="b1", source=Source(path="b1.md", name="b1.md", sha256="00"), layout=Layout.MARKDOWN,
    ...              title="T", date=None, date_inferred=False, spokesperson="Jen Psaki", institution="The White House",
    ...              statements=(), exchanges=(), profile="whitehouse")
    >>> speaker_iri(b, "Jen Psaki").value, speaker_iri(b, "John Kirby").value
    ('https://w3id.org/presskg/id/spokesperson/jen-psaki', 'https://w3id.org/presskg/id/person/john-kirby')
    """
    return spokesperson_iri(name) if name == b.spokesperson else entity_iri(EntityKind.PERSON, slug(name))


def _speaker_titles(q: Emit, b: Briefing) -> Iterator[ox.Quad]:
    # An office is held at a time ("Principal Deputy Press Secretary", later "Press Secretary"): it is stated in
    # the briefing's own graph, not with the person's name in the entities graph.
    for s in _named_speakers(b).values():
        if s.title:
            yield q(speaker_iri(b, s.name), ox.NamedNode(SDO + "jobTitle"), _string(s.title))


def _mention_triples(q: Emit, b: Briefing, mentions: Iterable[Mention]) -> Iterator[ox.Quad]:
    # One pk:mentions link per (turn, entity); the link is reified once, with the offsets of the first
    # occurrence and the rule, so the fact leads back to its sentence without a node per occurrence.
    seen: set[tuple[str, EntityKind, str]] = set()
    for m in sorted(mentions, key=lambda m: (m.turn, m.start)):
        link = (m.turn, m.kind, m.key)
        if link in seen:
            continue
        seen.add(link)
        t, o = turn_iri(b.key, m.turn), entity_iri(m.kind, m.key)
        yield q(t, pk("mentions"), o)
        r = ox.NamedNode(f"{t.value}/mention/{ENTITY_PATH[m.kind]}/{m.key}")
        yield from _reified(q, r, t, pk("mentions"), o)
        yield q(r, pk("start"), _integer(m.start))
        yield q(r, pk("end"), _integer(m.end))
        yield q(r, pk("rule"), _string(m.rule))


def _topic_triples(q: Emit, b: Briefing, topics: Iterable[TopicAssignment]) -> Iterator[ox.Quad]:
    for ta in topics:
        u, o = unit_iri(b.key, ta.unit), topic_iri(ta.topic)
        yield q(u, pk("topic"), o)
        r = ox.NamedNode(f"{u.value}/topic/{ta.topic}")
        yield from _reified(q, r, u, pk("topic"), o)
        yield q(r, pk("rule"), _string(ta.rule))
        for cue in dict.fromkeys(c.text for c in ta.cues):
            yield q(r, pk("cue"), text_literal(cue, b.language))


def _reified(q: Emit, r: ox.NamedNode, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode) -> Iterator[ox.Quad]:
    yield q(r, TYPE, ox.NamedNode(RDF + "Statement"))
    yield q(r, ox.NamedNode(RDF + "subject"), s)
    yield q(r, ox.NamedNode(RDF + "predicate"), p)
    yield q(r, ox.NamedNode(RDF + "object"), o)


def _target_key(target: EntityRef | None) -> str:
    return f"-{ENTITY_PATH[target.kind]}-{target.key}" if target else ""


def _position_triples(q: Emit, b: Briefing, extraction: Extraction) -> Iterator[ox.Quad]:
    for p in extraction.positions:
        node = ox.NamedNode(f"{briefing_iri(b.key).value}/position/{p.turn}-{p.start}-{p.act}{_target_key(p.target)}")
        yield q(node, TYPE, pk("Position"))
        unit = unit_iri(b.key, p.unit)
        yield q(node, pk("inExchange" if p.unit.startswith("e") else "inStatement"), unit)
        yield q(node, pk("act"), act_iri(p.act))
        yield q(node, pk("holder"), entity_iri(EntityKind.COUNTRY, p.holder))
        if p.stated_by:
            yield q(node, pk("statedBy"), spokesperson_iri(p.stated_by))
        if p.target is not None:
            yield q(node, pk("target"), entity_iri(p.target.kind, p.target.key))
        if p.target_rule is not None:
            yield q(node, pk("targetInferred"), _boolean(True))
            yield q(node, pk("targetRule"), _string(p.target_rule))
        if p.about:
            yield q(node, pk("about"), topic_iri(p.about))
        if p.intensity:
            yield q(node, pk("intensity"), text_literal(p.intensity, b.language))
        yield q(node, pk("evidence"), text_literal(p.evidence, b.language))
        yield q(node, pk("start"), _integer(p.start))
        yield q(node, pk("end"), _integer(p.end))
        yield q(node, pk("rule"), _string(p.rule))
        yield q(node, ox.NamedNode(PROV + "wasDerivedFrom"), turn_iri(b.key, p.turn))


def entity_quads(extraction: Extraction) -> list[ox.Quad]:
    """Descriptions, in the entities graph, of every entity the extraction refers to (``Extraction.entities``).

    Adding them again for another briefing is harmless: the store is a set of quads.
    """
    g = ENTITIES_GRAPH
    out: list[ox.Quad] = []
    b = extraction.briefing
    entities = extraction.entities
    for e in entities:
        node = entity_iri(e.kind, e.key)
        out.append(ox.Quad(node, TYPE, pk(ENTITY_CLASS[e.kind]), g))
        out.append(ox.Quad(node, LABEL, label_literal(e.label), g))
        out.extend(ox.Quad(node, ALT_LABEL, label_literal(alt), g) for alt in e.alt_labels if alt != e.label)
        out.extend(ox.Quad(node, SAME_AS, ox.NamedNode(iri), g) for iri in e.same_as)
        if e.kind is EntityKind.COUNTRY:
            out.append(ox.Quad(node, pk("iso3"), _string(e.key), g))
            if e.iso2:
                out.append(ox.Quad(node, pk("iso2"), _string(e.iso2), g))
        if e.country:
            prop = {EntityKind.OUTLET: "basedIn", EntityKind.PERSON: "serves"}.get(e.kind)
            if prop:
                out.append(ox.Quad(node, pk(prop), entity_iri(EntityKind.COUNTRY, e.country), g))
        if e.kind is EntityKind.OUTLET:
            out.append(ox.Quad(node, pk("outletType"), outlet_type_iri(e.outlet_type or UNLISTED), g))
    if b.spokesperson:
        sp = spokesperson_iri(b.spokesperson)
        out.append(ox.Quad(sp, TYPE, pk("Spokesperson"), g))
        out.append(ox.Quad(sp, LABEL, _string(b.spokesperson), g))
    for s in _named_speakers(b).values():
        if s.name != b.spokesperson:
            person = speaker_iri(b, s.name)
            out.append(ox.Quad(person, TYPE, pk("Person"), g))
            out.append(ox.Quad(person, LABEL, _string(s.name), g))
    inst = entity_iri(EntityKind.ORGANIZATION, profile(b.profile).organization)
    out.append(ox.Quad(inst, TYPE, pk("Organization"), g))
    out.append(ox.Quad(inst, LABEL, _string(b.institution), g))
    return out


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
