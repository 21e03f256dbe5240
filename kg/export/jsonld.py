"""The JSON-LD export: compacted with the context shipped as ``ontology/context.jsonld``, streamed one node object
per subject and graph (a writer of ``kg.export.rdf``).

>>> _Compactor(jsonld_context()).compact("https://w3id.org/presskg/ontology#Briefing")
'pk:Briefing'
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import ExportError
from kg.namespace import RDF, RDF_TYPE, XSD
from kg.ontology import ontology_dir
from kg.rdf import Object, Triple

if TYPE_CHECKING:
    from kg.export.rdf import Graph, Piece

COMPACT_CACHE = 50_000  # IRIs the JSON-LD writer remembers the compact form of


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context shipped as ``ontology/context.jsonld``."""
    with open(ontology_dir() / "context.jsonld", encoding="utf-8") as handle:
        context: dict[str, object] = json.load(handle)["@context"]
    return context


class JsonLdSink:
    """Compacted JSON-LD, one node object per subject and graph, written as soon as the subject ends.

    rdflib's JSON-LD serializer does the same through a general compaction algorithm at about 70 µs a triple,
    which would make JSON-LD the slowest step of a corpus build; the context here is fixed and simple (prefixes,
    plus terms that coerce to @id or to one datatype), so direct compaction is exact and fast. A subject
    described in several graphs gets a node object for each, with the same ``@id``: JSON-LD merges node objects
    by identifier, and this way nothing has to be held until the end. Tests parse the output back and compare
    it with the Turtle export triple for triple.
    """

    def __init__(self, handle: IO[bytes], piece: Piece) -> None:
        context = jsonld_context()
        self.handle = handle
        self.piece = piece
        self.compactor = _Compactor(context)
        # One node object per line, unindented (the json module's C encoder, made once: _node_encoder).
        self.encode = _node_encoder()
        self.separator = b"" if piece.first else JSONLD_SEPARATOR
        self.wrote = False
        if piece.first:
            handle.write(b'{"@context": ')
            handle.write(json.dumps(context, ensure_ascii=False, indent=1).encode("utf-8"))
            handle.write(b',\n"@graph": [\n')

    def add(self, graph: Graph, items: Sequence[ox.Quad] | Sequence[ox.Triple]) -> None:
        if not items:
            return
        compactor = self.compactor
        entries = (compactor.entry(triple.predicate, triple.object) for triple in items)
        node = _node(compactor.node_id(items[0].subject), entries)
        self.handle.write(self.separator + self.encode(node).encode("utf-8"))
        self.separator = JSONLD_SEPARATOR
        self.wrote = True

    def write_piece(self, graph: Graph, data: bytes) -> None:
        """Write a graph's node objects as ``JsonText`` wrote them (``kg.export.fragments``)."""
        if data:
            self.handle.write(self.separator + data)
            self.separator = JSONLD_SEPARATOR
            self.wrote = True

    def close(self) -> None:
        if self.piece.last:
            self.handle.write(b"\n]}\n")


class JsonText:
    """The node objects ``JsonLdSink`` writes, made from a graph's triples as strings (``kg.rdf.Triple``) rather
    than from pyoxigraph terms: a worker holds its briefing's triples so, and reading each attribute of a
    pyoxigraph term builds a Python object."""

    def __init__(self) -> None:
        self.compactor = _Compactor(jsonld_context())
        self.encode = _node_encoder()

    def nodes(self, runs: Sequence[Sequence[Triple]], limit: int) -> list[bytes]:
        """One node object per run of triples sharing a subject (in pieces of at most ``limit`` triples, as the
        store's writer is handed a long run), each encoded."""
        encode = self.encode
        return [
            encode(self.node(run[start : start + limit])).encode("utf-8")
            for run in runs
            for start in range(0, len(run), limit)
        ]

    def node(self, triples: Sequence[Triple]) -> dict[str, Any]:
        entry = self.compactor.text_entry
        return _node(self.compactor.compact(triples[0][0]), (entry(predicate, obj) for _, predicate, obj in triples))


def _node_encoder() -> Callable[[dict[str, Any]], str]:
    """``JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode`` of a node object, through the json module's
    C encoder made once: ``encode`` makes one at every call (with its circular-reference check, which node objects of
    strings, lists and dicts without cycles do not need), a third of its 2.7 us a node.

    >>> _node_encoder()({"@id": "ex:a", "rdfs:label": ["é", {"@value": "1"}]})
    '{"@id":"ex:a","rdfs:label":["é",{"@value":"1"}]}'
    """
    make = getattr(json.encoder, "c_make_encoder", None)  # the C accelerator (typeshed does not declare it)
    if make is None:  # an interpreter without the C encoder
        return json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    default = json.JSONEncoder().default  # raises TypeError naming the type, as encode does
    chunks = make(None, default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda node: "".join(chunks(node, 0))


def _node(node_id: str, entries: Iterable[tuple[str, object]]) -> dict[str, Any]:
    """A node object: its ``@id``, and each key's value, or its values as a list where there are several."""
    node: dict[str, Any] = {"@id": node_id}
    for key, value in entries:
        existing = node.get(key)
        if existing is None:
            node[key] = value
        elif isinstance(existing, list):
            existing.append(value)
        else:
            node[key] = [existing, value]
    return node


JSONLD_SEPARATOR = b",\n"


XSD_STRING = XSD + "string"
LANGUAGE_STRINGS = frozenset(
    (
        RDF + "langString",
        RDF + "dirLangString",
    )
)


class _Compactor:
    """Shortens IRIs with the context's prefixes and picks the context's term for each predicate."""

    def __init__(self, context: dict[str, object]) -> None:
        self.prefixes = sorted(
            ((str(v), k) for k, v in context.items() if isinstance(v, str) and v.endswith(("#", "/"))),
            key=lambda pair: -len(pair[0]),
        )
        self._compacted: dict[str, str] = {}
        self._rules: dict[str, tuple[str, str | None, str]] = {}
        self.terms: dict[str, tuple[str, str | None]] = {}  # predicate IRI -> (term, coercion)
        for term, definition in context.items():
            if isinstance(definition, dict):
                self.terms[self.expand(str(definition["@id"]))] = (term, self.expand_opt(definition.get("@type")))
            elif isinstance(definition, str) and not definition.endswith(("#", "/")):
                self.terms.setdefault(self.expand(definition), (term, None))

    def expand(self, value: str) -> str:
        prefix, sep, local = value.partition(":")
        for iri, name in self.prefixes:
            if sep and name == prefix:
                return iri + local
        return value

    def expand_opt(self, value: object) -> str | None:
        return None if value is None else "@id" if value == "@id" else self.expand(str(value))

    def compact(self, iri: str) -> str:
        cached = self._compacted.get(iri)
        if cached is None:
            cached = iri
            for base, name in self.prefixes:
                if iri.startswith(base) and len(iri) > len(base):
                    cached = f"{name}:{iri[len(base) :]}"
                    break
            if len(self._compacted) >= COMPACT_CACHE:
                # Predicates and classes recur, most subjects do not: start afresh rather than grow with the store.
                self._compacted.clear()
            self._compacted[iri] = cached
        return cached

    def node_id(self, term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
        return self.compact(term.value) if isinstance(term, ox.NamedNode) else f"_:{term}"

    def entry(
        self, predicate: ox.NamedNode, obj: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
    ) -> tuple[str, object]:
        # Every attribute read on an Oxigraph term builds a new Python object: each is read at most once here,
        # and what follows from the predicate alone is looked up once per predicate.
        iri = predicate.value
        rule = self._rules.get(iri)
        if rule is None:
            rule = self._rule(iri)
        term, coercion, key = rule
        if isinstance(obj, ox.Literal):
            datatype = obj.datatype.value
            if datatype in LANGUAGE_STRINGS:
                return key, {"@value": obj.value, "@language": obj.language}
            return self._typed(rule, obj.value, datatype)
        if isinstance(obj, ox.NamedNode):
            if iri == RDF_TYPE:
                return "@type", self.compact(obj.value)
            ref = self.compact(obj.value)
            return (term, ref) if coercion == "@id" else (key, {"@id": ref})
        if isinstance(obj, ox.BlankNode):
            ref = f"_:{obj}"
            return (term, ref) if coercion == "@id" else (key, {"@id": ref})
        raise ExportError(
            "E603", "RDF-star triples cannot be written as JSON-LD here", hint="export as --format trig or nq instead"
        )

    def text_entry(self, iri: str, obj: Object) -> tuple[str, object]:
        """``entry`` for a predicate and object as strings: an IRI its string, a literal a ``kg.rdf.Lit``."""
        rule = self._rules.get(iri)
        if rule is None:
            rule = self._rule(iri)
        term, coercion, key = rule
        if isinstance(obj, str):
            if iri == RDF_TYPE:
                return "@type", self.compact(obj)
            ref = self.compact(obj)
            return (term, ref) if coercion == "@id" else (key, {"@id": ref})
        suffix = obj.suffix
        if suffix.startswith("@"):
            return key, {"@value": obj.value, "@language": suffix[1:]}
        return self._typed(rule, obj.value, suffix[3:-1] if suffix else XSD_STRING)

    def _typed(self, rule: tuple[str, str | None, str], lexical: str, datatype: str) -> tuple[str, object]:
        """A literal that is not a language string: its value under the predicate's term where the term's
        coercion fits its datatype (or a plain string with none), else a value object under ``key``."""
        term, coercion, key = rule
        if coercion == datatype or (coercion is None and datatype == XSD_STRING):
            return term, lexical
        value: dict[str, str] = {"@value": lexical}
        if datatype != XSD_STRING:
            value["@type"] = self.compact(datatype)
        return key, value

    def _rule(self, iri: str) -> tuple[str, str | None, str]:
        """The predicate's term, the coercion the term declares, and the key for values that do not fit it (a
        term whose coercion does not fit a value cannot carry it: the prefixed IRI does)."""
        compacted = self.compact(iri)
        term, coercion = self.terms.get(iri, (compacted, None))
        rule = (term, coercion, compacted if coercion is not None else term)
        if len(self._rules) >= COMPACT_CACHE:
            self._rules.clear()
        self._rules[iri] = rule
        return rule
