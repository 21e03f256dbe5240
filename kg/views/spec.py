"""The view and report queries, one declarative entry each: what a row is keyed by, which columns describe the
keys, what it measures and how rows are ordered.

Both forms of a query are derived from its :class:`View`: the SPARQL text (``kg.views.sparql``; checked in as
``kg/queries/<name>.rq``, what endpoints and ``kg serve`` run) and the evaluation on the view index
(``kg.views.index``; what the embedded store answers with). Each building block (:data:`FACETS`,
:data:`COLUMNS`, :data:`MEASURES`) carries its SPARQL and its index form side by side, so that a new view is
one entry of :data:`VIEWS` made of existing blocks.

A view counts *units* (exchanges and statements, or exchanges only) or the *positions* stated in them, among
those the shared filter selects (``kg.views.filter``). Index forms read the ``Unit``/``Position`` records of
``kg.viewindex``; the totals a build aggregates (``kg.views.totals``) are made by the same walk.

>>> VIEWS["view-outlet-topic"].variables()[:3]
('source', 'sourceLabel', 'target')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from kg.namespace import CAMEO, PK, PK_IRI, XSD
from kg.viewindex import Entities

XSD_BOOLEAN = ox.NamedNode(XSD + "boolean")
XSD_DECIMAL = ox.NamedNode(XSD + "decimal")
COUNTRY = PK.Country
TARGET_TYPES = (PK.Country, PK.Organization, PK.Person, PK.Place)  # view-stance's types

# The turns of a unit whose mentions count: an exchange's question and answer, or the statement itself.
_MENTIONED = (
    "{{ SELECT DISTINCT ?unit ?{v} WHERE {{\n"
    "    {{ ?unit pk:question|pk:answer ?turn }} UNION {{ ?unit a pk:Statement . BIND(?unit AS ?turn) }}\n"
    "    ?turn pk:mentions ?{v} . ?{v} a pk:{type} }} }}"
)


@dataclass(frozen=True, slots=True)
class Facet:
    """What a key variable ranges over. ``sparql`` binds ``?{v}`` from ``?unit`` (and ``?briefing``, ``?date``,
    ``?position``). On the index, the values are the attribute ``attr`` of the ``Unit`` (a sorted tuple of
    distinct values) or, ``positional``, of each of its ``Position`` records (one value, None where absent);
    ``typed``: only values of that pk: class (the SPARQL tests it too). ``literal``: the values are plain
    literals (else IRIs)."""

    sparql: str
    attr: str
    positional: bool = False
    typed: str | None = None
    literal: bool = False


FACETS: dict[str, Facet] = {
    "outlet": Facet("?unit pk:askedBy ?{v} .", "outlets"),
    "outlet-type": Facet("?unit pk:askedBy/pk:outletType ?{v} .", "outlet_types"),
    "topic": Facet("?unit pk:topic ?{v} .", "topics"),
    "spokesperson": Facet("?briefing pk:spokesperson ?{v} .", "spokespersons"),
    "named-country": Facet(_MENTIONED.replace("{type}", "Country"), "countries"),
    "named-person": Facet(_MENTIONED.replace("{type}", "Person"), "persons"),
    "month": Facet("FILTER(BOUND(?date))\nBIND(SUBSTR(STR(?date), 1, 7) AS ?{v})", "months", literal=True),
    "asker": Facet('BIND(IF(EXISTS {{ ?unit pk:askedBy ?any }}, "named", "unnamed") AS ?{v})', "asker", literal=True),
    "holder": Facet("?position pk:holder ?{v} .", "holder", positional=True),
    "target": Facet("?position pk:target ?{v} .", "target", positional=True),
    "target-country": Facet("?position pk:target ?{v} .", "target", positional=True, typed=COUNTRY),
    "act": Facet("?position pk:act ?{v} .", "act", positional=True),
    "evidence": Facet("?position pk:evidence ?{v} .", "evidence", positional=True, literal=True),
}


@dataclass(frozen=True, slots=True)
class Column:
    """A value describing the keys. ``sparql`` (with ``?{k}``, ``?{k2}`` the keys and ``?{t}`` its variable)
    binds ``?{t}``, selected as ``SAMPLE(?{t})``; blocks that bind several columns' variables at once are
    written once. ``lookup`` makes, from the index's entity descriptions, the function that gives the value
    from the keys' values (once per query, then once per row)."""

    sparql: str
    lookup: Callable[[Entities], Callable[..., ox.NamedNode | ox.Literal | None]]
    var: str = "{o}_"  # the variable ``?{t}``, from the output name ``{o}``


def _target_type(e: Entities) -> Callable[[str], ox.NamedNode | None]:
    def lookup(target: str) -> ox.NamedNode | None:
        types = sorted(t for t in e.types.get(target, ()) if t in TARGET_TYPES)
        return ox.NamedNode(types[0]) if types else None

    return lookup


def _cameo(part: int) -> Callable[[Entities], Callable[[str], ox.NamedNode | ox.Literal | None]]:
    return lambda e: lambda act: found[part] if (found := e.cameo.get(act)) is not None else None


_BOOLEAN = {b: ox.Literal("true" if b else "false", datatype=XSD_BOOLEAN) for b in (False, True)}


def _serves(e: Entities) -> Callable[[str, str], ox.Literal]:
    return lambda person, country: _BOOLEAN[(person, country) in e.serves]


# A CAMEO code's first two digits are its root; the root's quad class and the class's polarity are data.
_CAMEO_BLOCK = f"""OPTIONAL {{{{
  ?{{k}} skos:closeMatch ?code .
  FILTER(STRSTARTS(STR(?code), "{CAMEO}"))
  BIND(IRI(CONCAT("{CAMEO}", SUBSTR(STRAFTER(STR(?code), "{CAMEO}"), 1, 2))) AS ?root)
  ?root skos:broader ?quadClass .
  ?quadClass skos:broader ?polarity .
  ?polarity pk:sign ?polaritySign .
  OPTIONAL {{{{ ?quadClass rdfs:label ?quadClassLabel }}}}
  OPTIONAL {{{{ ?root pk:goldstein ?goldstein }}}}
}}}}"""
# Typed from its lexical form: Virtuoso gives a boolean expression as the integer 1 or 0, STRDT a boolean.
_SERVES = 'BIND(STRDT(IF(EXISTS {{ ?{k} pk:serves ?{k2} }}, "true", "false"), xsd:boolean) AS ?{t})'
_VALUES = " ".join("pk:" + t.removeprefix(PK_IRI) for t in TARGET_TYPES)


def decimal_literal(value: Decimal) -> ox.Literal:
    """An xsd:decimal as Oxigraph writes one: no exponent, no trailing zeros ("-7", "-5.7").

    >>> [decimal_literal(Decimal(v)).value for v in ("-7.0", "10.0", "-5.70")]
    ['-7', '10', '-5.7']
    """
    return ox.Literal(format(value.normalize(), "f"), datatype=XSD_DECIMAL)


def _goldstein(e: Entities) -> Callable[[str], ox.Literal | None]:
    return lambda act: decimal_literal(found) if (found := e.goldstein.get(act)) is not None else None


COLUMNS: dict[str, Column] = {
    "label": Column("OPTIONAL {{ ?{k} rdfs:label ?{t} }}", lambda e: e.labels.get),
    "notation": Column("OPTIONAL {{ ?{k} skos:notation ?{t} }}", lambda e: e.notations.get),
    "type": Column(f"OPTIONAL {{{{ ?{{k}} a ?{{t}} . VALUES ?{{t}} {{{{ {_VALUES} }}}} }}}}", _target_type),
    "serves": Column(_SERVES, _serves),
    "cameo": Column(_CAMEO_BLOCK, _cameo(0), "code"),
    "quad": Column(_CAMEO_BLOCK, _cameo(1), "quadClass"),
    "quad-label": Column(_CAMEO_BLOCK, _cameo(2), "quadClassLabel"),
    "sign": Column(_CAMEO_BLOCK, _cameo(3), "polaritySign"),
    "goldstein": Column(_CAMEO_BLOCK, _goldstein, "goldstein"),
}


@dataclass(frozen=True, slots=True)
class Measure:
    """An aggregate of a group's counted things (``?counted``: ``?unit`` or ``?position``). ``sparql`` is the
    aggregate expression; ``binds`` what it needs bound per row. Its index form is in ``kg.views.index``
    (:data:`kg.views.index.AGGREGATES`), by the same name."""

    sparql: str
    binds: str = ""
    grows: bool = False  # text that grows with the group (every unit's IRI): a view with one is not sorted in SPARQL


_ITEM = 'BIND(CONCAT(COALESCE(STR(?date), "-"), "|", STR(?{counted})) AS ?item)'
# The Goldstein weight of the position's act (its CAMEO code's root, ontology/cameo.ttl). Not OPTIONAL: a view
# that sums weights counts only the positions whose act has one.
_WEIGHT = f"""?{{counted}} pk:act/skos:closeMatch ?weightCode .
FILTER(STRSTARTS(STR(?weightCode), "{CAMEO}"))
BIND(IRI(CONCAT("{CAMEO}", SUBSTR(STRAFTER(STR(?weightCode), "{CAMEO}"), 1, 2))) AS ?weightRoot)
?weightRoot pk:goldstein ?weight ."""
MEASURES: dict[str, Measure] = {
    "count": Measure("COUNT(DISTINCT ?{counted})"),
    "briefings": Measure("COUNT(DISTINCT ?briefing)"),
    "first": Measure("MIN(?date)"),
    "last": Measure("MAX(?date)"),
    "evidence": Measure('GROUP_CONCAT(DISTINCT ?item; separator=" ")', _ITEM, grows=True),
    "stance": Measure("SUM(?weight)", _WEIGHT),
    "latest": Measure("MAX(?unitItem)", 'BIND(CONCAT(COALESCE(STR(?date), "-"), "|", STR(?unit)) AS ?unitItem)'),
}


@dataclass(frozen=True, slots=True)
class Out:
    """One output variable: a key (``kind`` a facet), a column of keys ``of`` or a measure."""

    name: str
    role: str  # "key", "column" or "measure"
    kind: str
    of: tuple[str, ...] = ()


def key(name: str, facet: str) -> Out:
    return Out(name, "key", facet)


def col(name: str, column: str, *of: str) -> Out:
    return Out(name, "column", column, of)


def measure(name: str, kind: str) -> Out:
    return Out(name, "measure", kind)


@dataclass(frozen=True, slots=True)
class View:
    """One view or report query: its outputs in order, what it counts and its ORDER BY (``-name``: DESC).

    ``counted`` is "unit" (exchanges and statements), "exchange" (exchanges only) or "position"; ``pair``: the
    two keys range over the same facet and each unordered pair is one row, in IRI order."""

    name: str
    title: str
    description: str
    counted: str
    outputs: tuple[Out, ...]
    order: tuple[str, ...]
    pair: bool = False

    def variables(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outputs)

    def key_outputs(self) -> tuple[Out, ...]:
        return tuple(o for o in self.outputs if o.role == "key")

    def sorted_in_sparql(self) -> bool:
        """Whether the SPARQL text carries the ORDER BY. Not where a measure's text grows with the group: Virtuoso
        cannot sort rows holding a string of more than about 4 KB (error SR319/SR478), and the evidence of one
        edge of the corpus runs to hundreds; ``kg`` then puts the rows in this order itself (kg.viewquery)."""
        return not any(o.role == "measure" and MEASURES[o.kind].grows for o in self.outputs)


EDGE = (measure("weight", "count"), measure("first", "first"), measure("last", "last"), measure("evidence", "evidence"))
_EVERY_UNIT = '"date|IRI"'

_VIEWS = (
    View(
        "view-outlet-topic", "View: outlets and the topics they ask about",
        "One row per (outlet, topic): how many exchanges the outlet asked about the topic, the first and last "
        f"date, and every exchange as {_EVERY_UNIT} (the evidence of kg.network.outlet_topic_network).",
        "exchange",
        (key("source", "outlet"), col("sourceLabel", "label", "source"), key("target", "topic"),
         col("targetLabel", "label", "target"), col("targetNotation", "notation", "target"), *EDGE),
        ("-weight", "source", "target"),
    ),
    View(
        "view-outlet-country", "View: outlets and the countries their exchanges name",
        "One row per (outlet, country): how many of the outlet's exchanges name the country in the question or "
        f"the answer, the first and last date, and every exchange as {_EVERY_UNIT} "
        "(kg.network.outlet_country_network).",
        "exchange",
        (key("source", "outlet"), col("sourceLabel", "label", "source"), key("target", "named-country"),
         col("targetLabel", "label", "target"), *EDGE),
        ("-weight", "source", "target"),
    ),
    View(
        "view-country-comention", "View: countries named together",
        "One row per pair of countries (each pair once, in IRI order): in how many exchanges or statements both "
        "are named (question or answer), the first and last date, and every unit as "
        f"{_EVERY_UNIT} (kg.network.country_comention_network).",
        "unit",
        (key("source", "named-country"), col("sourceLabel", "label", "source"), key("target", "named-country"),
         col("targetLabel", "label", "target"), *EDGE),
        ("-weight", "source", "target"),
        pair=True,
    ),
    View(
        "view-person-country", "View: persons and the countries named with them",
        "One row per (person, country) named in the same exchange or statement: how many units, whether the "
        f"person serves that country (pk:serves), the first and last date, and every unit as {_EVERY_UNIT} "
        "(kg.network.person_country_network).",
        "unit",
        (key("source", "named-person"), col("sourceLabel", "label", "source"), key("target", "named-country"),
         col("targetLabel", "label", "target"), col("serves", "serves", "source", "target"), *EDGE),
        ("-weight", "source", "target"),
    ),
    View(
        "view-topic-cooccurrence", "View: topics that occur together",
        "One row per pair of topics (each pair once, in IRI order): how many exchanges or statements are about "
        f"both, the first and last date, and every unit as {_EVERY_UNIT} "
        "(kg.network.topic_cooccurrence_network).",
        "unit",
        (key("source", "topic"), col("sourceLabel", "label", "source"), col("sourceNotation", "notation", "source"),
         key("target", "topic"), col("targetLabel", "label", "target"), col("targetNotation", "notation", "target"),
         *EDGE),
        ("-weight", "source", "target"),
        pair=True,
    ),
    View(
        "view-stance", "View: stances of the spokesperson's state toward its targets",
        "One row per (holder, target, act): how many positions take the act toward the target, the act's CAMEO "
        "quad class, its sign (+1 cooperative, -1 conflictual) and Goldstein weight (ontology/cameo.ttl), the first "
        f"and last date, and every position as {_EVERY_UNIT} (kg.network.stance_network). Positions without a target "
        "are not counted.",
        "position",
        (key("source", "holder"), col("sourceLabel", "label", "source"), key("target", "target"),
         col("targetLabel", "label", "target"), col("targetType", "type", "target"), key("act", "act"),
         col("actNotation", "notation", "act"), col("actLabel", "label", "act"), col("cameo", "cameo", "act"),
         col("quad", "quad", "act"), col("quadLabel", "quad-label", "act"), col("sign", "sign", "act"),
         col("goldstein", "goldstein", "act"), *EDGE),
        ("-weight", "source", "target", "act"),
    ),
    View(
        "report-most-targeted-countries", "Report: the countries most positions are directed at",
        "How many stated positions take each country as their target, most first.",
        "position",
        (key("target", "target-country"), col("label", "label", "target"), measure("positions", "count")),
        ("-positions", "label"),
    ),
    View(
        "report-outlet-activity", "Report: the most active outlets",
        "How many exchanges each outlet opened and at how many briefings, with the first and last date, most "
        "exchanges first.",
        "exchange",
        (key("outletNode", "outlet"), col("outletLabel", "label", "outletNode"), measure("exchanges", "count"),
         measure("briefings", "briefings"), measure("first", "first"), measure("last", "last")),
        ("-exchanges", "outletLabel"),
    ),
    View(
        "report-exchanges-by-month", "Report: exchanges per month, with and without a named outlet",
        'How many exchanges each month (YYYY-MM of the briefing\'s date) has whose question names the outlet that '
        'asked ("named") and how many do not ("unnamed"): the population the outlet charts count. Undated '
        "briefings are left out.",
        "exchange",
        (key("month", "month"), key("asker", "asker"), measure("exchanges", "count")),
        ("month", "asker"),
    ),
    View(
        "report-stance-index-by-month", "Report: the net stance index toward each country, by month",
        "Per country and month (YYYY-MM of the briefing's date): the positions taken toward it whose act has a "
        "CAMEO code, and the net stance, the sum of their acts' Goldstein weights (-10 conflictual to +10 "
        "cooperative, ontology/cameo.ttl); stance / positions is the mean weight the report draws. Undated "
        "briefings are left out.",
        "position",
        (key("target", "target-country"), col("label", "label", "target"), key("month", "month"),
         measure("positions", "count"), measure("stance", "stance")),
        ("target", "month"),
    ),
    View(
        "report-stance-index-by-spokesperson", "Report: the net stance index toward each country, by spokesperson",
        "Per spokesperson and country: the positions taken toward it at the spokesperson's briefings whose act "
        "has a CAMEO code, the net stance (the sum of their Goldstein weights, ontology/cameo.ttl) and the first "
        "and last date; stance / positions is the mean weight.",
        "position",
        (key("speaker", "spokesperson"), col("speakerName", "label", "speaker"), key("target", "target-country"),
         col("label", "label", "target"), measure("positions", "count"), measure("stance", "stance"),
         measure("first", "first"), measure("last", "last")),
        ("speakerName", "-positions", "target"),
    ),
    View(
        "report-stance-index-by-outlet-type", "Report: the net stance index toward each country, by outlet type",
        "Per outlet type (pk:outletType: state media, wire service, newspaper, broadcaster, ...; "
        "ontology/outlet-types.ttl), country and month (YYYY-MM of the briefing's date): the positions taken toward "
        "the country in answers to questions from outlets of that type whose act has a CAMEO code, and the net "
        "stance, the sum of their acts' Goldstein weights (ontology/cameo.ttl); stance / positions is the mean "
        "weight. Only exchanges whose question names its outlet count; undated briefings are left out.",
        "position",
        (key("outletType", "outlet-type"), col("outletTypeLabel", "label", "outletType"),
         key("target", "target-country"), col("label", "label", "target"), key("month", "month"),
         measure("positions", "count"), measure("stance", "stance")),
        ("outletType", "target", "month"),
    ),
    View(
        "report-topics-by-outlet-type", "Report: who asks about what, by outlet type",
        "How many exchanges asked by outlets of each type (pk:outletType, ontology/outlet-types.ttl) are about "
        "each topic (an exchange about two topics counts for both), with the first and last date. Only exchanges "
        "whose question names its outlet count.",
        "exchange",
        (key("outletType", "outlet-type"), col("outletTypeLabel", "label", "outletType"),
         key("topicNode", "topic"), col("topicNotation", "notation", "topicNode"), measure("exchanges", "count"),
         measure("first", "first"), measure("last", "last")),
        ("outletTypeLabel", "-exchanges", "topicNotation"),
    ),
    View(
        "report-positions-by-month", "Report: positions toward each country by month and act",
        "How many positions take each country as their target, per month (YYYY-MM of the briefing's date) and "
        "act; undated briefings are left out.",
        "position",
        (key("target", "target-country"), col("label", "label", "target"), key("month", "month"), key("act", "act"),
         col("actNotation", "notation", "act"), measure("positions", "count")),
        ("target", "month", "actNotation"),
    ),
    View(
        "report-quoted-statements", "Report: the statements quoted most often, per act",
        "For each act, each distinct evidence sentence with at how many briefings it is said and how many "
        'positions state it, and its latest occurrence as "date|exchange-or-statement IRI"; ranked by '
        "briefings (a sentence naming two targets states two positions but is said once).",
        "position",
        (key("act", "act"), col("actNotation", "notation", "act"), key("evidence", "evidence"),
         measure("briefings", "briefings"), measure("positions", "count"), measure("latest", "latest")),
        ("actNotation", "-briefings", "-positions", "-latest"),
    ),
    View(
        "report-topic-mix-per-outlet", "Report: the topic mix of each outlet's questions",
        "How many of each outlet's exchanges are about each topic (an exchange about two topics counts for both).",
        "exchange",
        (key("outletNode", "outlet"), col("outletLabel", "label", "outletNode"), key("topicNode", "topic"),
         col("topicNotation", "notation", "topicNode"), measure("exchanges", "count")),
        ("outletLabel", "-exchanges", "topicNotation"),
    ),
    View(
        "report-topics-by-spokesperson", "Report: topics by spokesperson",
        "How many exchanges and statements each spokesperson's briefings devoted to each topic, with the first "
        "and last date.",
        "unit",
        (key("speaker", "spokesperson"), col("speakerName", "label", "speaker"), key("topicNode", "topic"),
         col("topicNotation", "notation", "topicNode"), measure("units", "count"), measure("first", "first"),
         measure("last", "last")),
        ("speakerName", "-units", "topicNotation"),
    ),
    View(
        "briefings-per-spokesperson", "Briefings per spokesperson",
        "How many briefings each spokesperson held (those with an exchange or a statement), with the first and "
        "last date.",
        "unit",
        (key("spokesperson", "spokesperson"), col("name", "label", "spokesperson"),
         measure("briefings", "briefings"), measure("first", "first"), measure("last", "last")),
        ("-briefings", "name"),
    ),
)  # fmt: skip
VIEWS: dict[str, View] = {v.name: v for v in _VIEWS}

# Aggregates a build keeps at commit for the named queries that are not views (``kg.views.compare``): made of the
# same blocks, aggregated by ``kg.views.totals`` and walked under a filter by ``kg.views.index`` like any view, but
# no query of their own (no ``kg/queries`` file).
_TALLIES = (
    View(
        "tally-positions-by-month-holder-target-act", "Positions per month, holder, target and act",
        "How many positions each holder takes toward each target with each act, per month (compare-positions).",
        "position",
        (key("month", "month"), key("holder", "holder"), key("target", "target"), key("act", "act"),
         measure("positions", "count")),
        ("month", "holder", "target", "act"),
    ),
    View(
        "tally-positions-by-month-holder", "Positions per month and holder",
        "How many positions each holder takes per month, with or without a target (the months a state speaks in).",
        "position",
        (key("month", "month"), key("holder", "holder"), measure("positions", "count")),
        ("month", "holder"),
    ),
)  # fmt: skip
TALLIES: dict[str, View] = {v.name: v for v in _TALLIES}
AGGREGATED: dict[str, View] = {**VIEWS, **TALLIES}  # what the totals of a generation hold
