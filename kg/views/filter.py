"""The one filter of the views, the report and their named queries: which exchanges and statements count.

Each field of :data:`FIELDS` is one filter, written once: its query parameter and documentation (the ``# param``
headers of the generated ``view-*``/``report-*`` queries), its command-line option, its SPARQL (spliced into the
selection sub-query of ``kg.views.sparql``) and its test on the view index (``kg.views.index``).
:class:`ViewFilter` holds the values a caller chose, with the two graph cuts ``min_weight`` and ``top``.

>>> f = ViewFilter(start=dt.date(2020, 1, 1), outlet='AFP" } ; DROP ALL ; #')
>>> sorted(f.bindings())
['from', 'outlet']
>>> ViewFilter.from_bindings(f.bindings()) == ViewFilter(start=dt.date(2020, 1, 1), outlet='AFP" } ; DROP ALL ; #')
True
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespace import PK, XSD
from kg.store import Term
from kg.viewindex import Entities
from kg.viewunits import Unit

XSD_DATE = ox.NamedNode(XSD + "date")

# A filter's test on the index: given the entity descriptions and the wanted value, a test of one unit.
UnitTest = Callable[[Unit], bool]
Matcher = Callable[[Entities, str], UnitTest]
# The values a filter knows, each as the filter compares it (lowercased) -> as the store writes it.
Known = Callable[[Entities], dict[str, str]]


@dataclass(frozen=True, slots=True)
class FilterField:
    """One filter: ``param`` is the query parameter (and command-line option), ``attr`` the ViewFilter field.

    ``optional`` is the SPARQL (inside the selection, where ``?unit``, ``?briefing`` and ``?date`` are bound)
    that binds a witness only when the parameter matches, ``test`` the condition on it; ``matcher`` is the same
    test on the index.
    """

    param: str
    attr: str
    type: str  # the named-query parameter type: "date" or "string"
    doc: str
    help: str
    optional: str
    test: str
    matcher: Matcher
    known: Known | None = None


def _after(_: Entities, wanted: str) -> UnitTest:
    # A comparison with an undated briefing's missing date is an error in SPARQL: the unit is left out.
    return lambda u: u.date is not None and u.date >= wanted


def _before(_: Entities, wanted: str) -> UnitTest:
    return lambda u: u.date is not None and u.date <= wanted


def _spokesperson(e: Entities, wanted: str) -> UnitTest:
    found = _named(e, wanted)
    return lambda u: not found.isdisjoint(u.spokespersons)


def _outlet(e: Entities, wanted: str) -> UnitTest:
    found = _named(e, wanted)
    return lambda u: not found.isdisjoint(u.outlets)


def _topic(e: Entities, wanted: str) -> UnitTest:
    lowered = wanted.lower()
    found = {iri for iri, notation in e.notations.items() if notation.value.lower() == lowered}
    return lambda u: not found.isdisjoint(u.topics)


def _country(e: Entities, wanted: str) -> UnitTest:
    upper = wanted.upper()
    found = {iri for iri, codes in e.iso3.items() if upper in codes}
    return lambda u: not found.isdisjoint(u.mentions)


def _language(_: Entities, wanted: str) -> UnitTest:
    lowered = wanted.lower()
    return lambda u: (u.language or "").lower() == lowered


def _named(e: Entities, wanted: str) -> set[str]:
    """The IRIs with ``wanted`` as label or alternative label, in any case."""
    lowered = wanted.lower()
    return {iri for iri, known in e.names.items() if lowered in known}


def _names_of(kind: str) -> Known:
    """The names (label and alternative labels) of the entities of one class, each written as its label."""

    def known(e: Entities) -> dict[str, str]:
        out = {}
        for iri in e.instances.get(kind, ()):
            label = e.labels.get(iri)
            for name in e.names.get(iri, ()):
                out[name] = label.value if label is not None else name
        return out

    return known


def _topics_known(e: Entities) -> dict[str, str]:
    return {e.notations[iri].value.lower(): e.notations[iri].value for iri in e.instances.get(PK.Topic, ())
            if iri in e.notations}  # fmt: skip


def _countries_known(e: Entities) -> dict[str, str]:
    return {code.lower(): code for codes in e.iso3.values() for code in codes}


FIELDS: tuple[FilterField, ...] = (
    FilterField(
        "from", "start", "date", "only briefings on or after this date, e.g. 2020-01-01",
        "Only briefings on or after DATE.", "", "?date >= ?from", _after,
    ),
    FilterField(
        "to", "end", "date", "only briefings on or before this date, e.g. 2020-06-30",
        "Only briefings on or before DATE.", "", "?date <= ?to", _before,
    ),
    FilterField(
        "spokesperson", "spokesperson", "string",
        'only briefings held by this spokesperson, by name (any case), e.g. "Zhao Lijian"',
        "Only briefings held by this spokesperson (name, any case).",
        "OPTIONAL { ?briefing pk:spokesperson/rdfs:label ?spl . FILTER(LCASE(STR(?spl)) = LCASE(STR(?spokesperson))) }",
        "BOUND(?spl)", _spokesperson, _names_of(PK.Spokesperson),
    ),
    FilterField(
        "outlet", "outlet", "string",
        'only exchanges asked by this outlet, by name or alternative name (any case), e.g. "AFP"',
        "Only exchanges asked by this outlet (name or alternative name).",
        "OPTIONAL { ?unit pk:askedBy/(rdfs:label|skos:altLabel) ?ol . FILTER(LCASE(STR(?ol)) = LCASE(STR(?outlet))) }",
        "BOUND(?ol)", _outlet, _names_of(PK.Outlet),
    ),
    FilterField(
        "topic", "topic", "string",
        'only exchanges and statements about this topic, by notation (any case), e.g. "taiwan"',
        "Only exchanges and statements about this topic (notation, any case, e.g. taiwan).",
        "OPTIONAL { ?unit pk:topic/skos:notation ?tn . FILTER(LCASE(STR(?tn)) = LCASE(STR(?topic))) }",
        "BOUND(?tn)", _topic, _topics_known,
    ),
    FilterField(
        "country", "country", "string",
        'only exchanges and statements naming this country, by ISO 3166-1 alpha-3 code, e.g. "USA"',
        "Only exchanges and statements naming this country (ISO3, e.g. USA).",
        "OPTIONAL {\n"
        "  { ?unit pk:question|pk:answer ?ct } UNION { ?unit a pk:Statement . BIND(?unit AS ?ct) }\n"
        "  ?ct pk:mentions/pk:iso3 ?iso . FILTER(UCASE(STR(?iso)) = UCASE(STR(?country)))\n"
        "}",
        "BOUND(?iso)", _country, _countries_known,
    ),
    FilterField(
        "lang", "lang", "string", 'only briefings in this language, by code: "en", or "zh" for the Chinese originals',
        'Only briefings in this language: "en", or "zh" for the Chinese originals.',
        "OPTIONAL { ?briefing dcterms:language ?lg . FILTER(LCASE(STR(?lg)) = LCASE(STR(?lang))) }",
        "BOUND(?lg)", _language,
    ),
)  # fmt: skip
BY_PARAM = {f.param: f for f in FIELDS}


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """What every view, export and report may be narrowed to (the fields of :data:`FIELDS`), and two cuts.

    ``start``/``end``, ``spokesperson``, ``outlet``, ``topic`` (notation), ``country`` (ISO3) and ``lang`` (the
    briefing's language) select the exchanges and statements counted; text matches names case-insensitively.
    ``min_weight`` then drops lighter edges and ``top`` keeps the heaviest nodes, on the graph.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    spokesperson: str | None = None
    outlet: str | None = None
    topic: str | None = None
    country: str | None = None
    lang: str | None = None  # the briefing's language code: "en", or "zh" for the Chinese originals
    min_weight: int = 1
    top: int | None = None

    def bindings(self) -> dict[str, ox.Literal]:
        """The query parameters (``from``, ``to``, ``spokesperson``, ...) this filter sets, as RDF terms."""
        out: dict[str, ox.Literal] = {}
        for field in FIELDS:
            value = getattr(self, field.attr)
            if isinstance(value, dt.date):
                out[field.param] = ox.Literal(value.isoformat(), datatype=XSD_DATE)
            elif value and value.strip():
                out[field.param] = ox.Literal(value.strip())
        return out

    @classmethod
    def from_bindings(cls, bindings: Mapping[str, Term]) -> ViewFilter | None:
        """The filter ``bindings`` ask for, or None where the index cannot answer them as SPARQL would (an
        unknown parameter, a date that is not an xsd:date literal): such queries run as SPARQL."""
        values: dict[str, object] = {}
        for name, term in bindings.items():
            field = BY_PARAM.get(name)
            if field is None or not isinstance(term, ox.Literal):
                return None
            if field.type == "date":
                if term.datatype != XSD_DATE or not _is_iso_date(term.value):
                    return None
                values[field.attr] = dt.date.fromisoformat(term.value)
            else:
                values[field.attr] = term.value
        return cls(**values)  # type: ignore[arg-type]

    def selecting(self) -> dict[str, str]:
        """The set selection fields by parameter name, as the index compares them (dates in ISO form)."""
        out = {}
        for field in FIELDS:
            value = getattr(self, field.attr)
            if value is not None:
                out[field.param] = value.isoformat() if isinstance(value, dt.date) else value
        return out

    def nothing_matches(self) -> str:
        """What to tell a reader when the filter's known values select nothing.

        >>> ViewFilter(spokesperson="Zhao Lijian", end=dt.date(2019, 1, 1)).nothing_matches()
        'no exchange or statement matches spokesperson=Zhao Lijian, to=2019-01-01'
        """
        chosen = ", ".join(f"{k}={v}" for k, v in sorted(self.selecting().items()))
        return f"no exchange or statement matches {chosen or 'the store: it is empty'}"

    def describe(self) -> dict[str, str]:
        """The filter's set fields as text, for page headers and graph attributes.

        >>> ViewFilter(topic="taiwan", top=10).describe()
        {'topic': 'taiwan', 'top': '10'}
        """
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else str(v))
            for k, v in asdict(self).items()
            if v is not None and not (k == "min_weight" and v == 1)
        }


def _is_iso_date(value: str) -> bool:
    try:
        return dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def check_known(entities: Entities, chosen: ViewFilter) -> None:
    """Raise QueryError E450 for a chosen value the store does not know (no such spokesperson, outlet, topic
    notation or country code), naming it and the closest known values: a typo must not pass for "nothing"."""
    for param, value in chosen.selecting().items():
        field = BY_PARAM[param]
        if field.known is None:
            continue
        known = field.known(entities)
        wanted = value.strip().lower()
        if wanted in known:
            continue
        close = difflib.get_close_matches(wanted, list(known), n=5, cutoff=0.6)
        if not close:  # nothing alike: a spelling that starts or ends the same, else the first few
            close = [k for k in sorted(known) if k.startswith(wanted[:3]) or k.endswith(wanted[-3:])][:5]
        shown = list(dict.fromkeys(known[k] for k in close or sorted(known)[:5]))
        raise QueryError(
            "E450",
            f"no {param} {value!r} in the store",
            hint=f"closest known: {', '.join(shown)}" if shown else f"the store knows no {param}",
        )


def unit_tests(entities: Entities, chosen: ViewFilter) -> list[UnitTest]:
    """The index tests of the filter's set fields (after :func:`check_known`): a unit counts when it passes
    every one."""
    check_known(entities, chosen)
    return [BY_PARAM[param].matcher(entities, value) for param, value in chosen.selecting().items()]
