"""The ontology folder, parsed once per process per fingerprint, and the typed values read from it.

Every module that knows something from ``ontology/*.ttl`` (gazetteers, reading cues, topics, acts, entity rules)
asks here: ``load_ontology()`` parses each file once (pyoxigraph: about 20 ms for the whole folder, against 0.4 s
with rdflib) into plain ``(subject, predicate, object, object kind)`` rows, and an accessor is one small function
over those rows, decorated with ``@accessor`` so that it runs once per parsed ontology:

    @accessor
    def outlet_labels(onto: Ontology) -> tuple[str, ...]:
        return tuple(o for s, p, o, _k in onto.rows() if p == RDFS_LABEL and "/outlet/" in s)

>>> onto = load_ontology()
>>> load_ontology() is onto, len(onto.fingerprint)
(True, 64)
>>> "Q" in reading_cues(onto).lists["anonymous-question"]
True
>>> sorted(act_scheme(onto).notations.values())[:3]
['appeal', 'concern', 'cooperate']
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar

import pyoxigraph as ox

from kg.cache import cache_name, read_cached, write_cached
from kg.errors import OntologyError
from kg.namespace import DCTERMS_RELATION, PK, RDF_TYPE, SKOS_ALT_LABEL, SKOS_NOTATION, SKOS_PREF_LABEL

READING_IRI = "https://w3id.org/presskg/reading#"
LEX_IRI = "https://w3id.org/presskg/lexicon#"

PROFILE_IRI = "https://w3id.org/presskg/profile#"

Kind = Literal["iri", "literal", "blank"]
Row = tuple[str, str, str, Kind]  # subject (a blank node as "_:id"), predicate, object's value, object's kind


@dataclass(frozen=True, slots=True, eq=False)
class OntologyFile:
    """One Turtle file of the folder: its bytes, its statements as plain rows (read from presskg's cache where an
    earlier process parsed the same files), and its quads, parsed at their first use (the ontology graph of a
    new store, the Chinese names' language tags)."""

    path: Path
    data: bytes
    rows: tuple[Row, ...]

    @property
    def quads(self) -> tuple[ox.Quad, ...]:
        return _quads(str(self.path), self.data)


@cache
def _quads(path: str, data: bytes) -> tuple[ox.Quad, ...]:
    return tuple(parse_turtle(data, source=path))


@dataclass(frozen=True, slots=True, eq=False)
class Ontology:
    """Every ``*.ttl`` of one folder, in name order, with the fingerprint of their bytes (compared by identity:
    one value per parse, so accessors cache on it)."""

    folder: Path
    fingerprint: str
    files: tuple[OntologyFile, ...]

    def rows(self) -> Iterator[Row]:
        """Every row of every file, in file order."""
        for file in self.files:
            yield from file.rows

    def file(self, name: str) -> OntologyFile | None:
        return next((f for f in self.files if f.path.name == name), None)


def ontology_dir() -> Path:
    """The folder of ontology and gazetteer files: ``$PRESSKG_ONTOLOGY`` or the project's ``ontology/``."""
    env = os.environ.get("PRESSKG_ONTOLOGY")
    return Path(env) if env else _project_ontology()


def resolved_folder(directory: Path | None = None) -> Path:
    """``directory`` (by default ``ontology_dir()``) resolved, once per process for each folder: the lexicons are
    cached by their resolved folder, and the extractors ask for them at every briefing, where resolving a path is a
    system call per part (3.5% of a worker's CPU on Chinese pages).

    >>> resolved_folder() == ontology_dir().resolve()
    True
    """
    return _resolved(directory or ontology_dir())


@cache
def _resolved(folder: Path) -> Path:
    return folder.resolve()


@cache
def _project_ontology() -> Path:
    # Resolved once: every extraction stage asks for the folder, and resolving a path is a system call per part.
    return Path(__file__).resolve().parent.parent / "ontology"


def _read_folder(folder: Path) -> tuple[tuple[Path, bytes], ...]:
    out = []
    for path in sorted(folder.glob("*.ttl")):
        try:
            out.append((path, path.read_bytes()))
        except OSError as exc:
            raise OntologyError("E502", f"cannot read: {exc.strerror}", path=str(path)) from exc
    return tuple(out)


def _fingerprint(files: tuple[tuple[Path, bytes], ...]) -> str:
    digest = hashlib.sha256()
    for path, data in files:
        digest.update(path.name.encode())
        digest.update(data)
    return digest.hexdigest()


def ontology_fingerprint(directory: Path | None = None) -> str:
    """sha256 over every ``*.ttl`` in the ontology folder: a change to any gazetteer or cue changes it."""
    return _fingerprint(_read_folder(directory or ontology_dir()))


def parse_turtle(text: str | bytes, *, source: str) -> list[ox.Quad]:
    """Parse Turtle, turning a syntax error into an ``OntologyError`` that names the file."""
    try:
        return list(ox.parse(text, ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise OntologyError("E501", f"invalid Turtle: {exc}", path=source, hint="fix the file's syntax") from exc


def as_rows(quads: list[ox.Quad] | tuple[ox.Quad, ...]) -> tuple[Row, ...]:
    """Quads as plain rows: string comparisons in the accessors instead of pyoxigraph attribute lookups."""
    out: list[Row] = []
    for q in quads:
        s, o = q.subject, q.object
        # a quoted triple (RDF-star, which no ontology file uses) is kept as text, like a blank node
        subject = s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}" if isinstance(s, ox.BlankNode) else str(s)
        if isinstance(o, ox.NamedNode | ox.Literal):
            out.append((subject, q.predicate.value, o.value, "iri" if isinstance(o, ox.NamedNode) else "literal"))
        else:
            out.append((subject, q.predicate.value, o.value if isinstance(o, ox.BlankNode) else str(o), "blank"))
    return tuple(out)


_PARSED: dict[tuple[Path, str], Ontology] = {}


def load_ontology(directory: Path | None = None) -> Ontology:
    """The folder's Turtle files (``$PRESSKG_ONTOLOGY`` or ``ontology/``), parsed once per process for each
    fingerprint: reading the bytes again is cheap, parsing them is what is saved. Their rows are kept in presskg's
    cache (``kg.cache``, named by the fingerprint, this module's source and pyoxigraph's version): a later process
    reads them instead of parsing the Turtle (30 ms); a file that cannot be read is made again."""
    folder = (directory or ontology_dir()).resolve()
    data = _read_folder(folder)
    key = (folder, _fingerprint(data))
    if key not in _PARSED:
        name = cache_name("ontology-rows", [key[1], ox.__version__], derived_by=(sys.modules[__name__],))
        rows = _rows_from_plain(read_cached(name), len(data))
        if rows is None:
            rows = [_interned(as_rows(_quads(str(path), raw))) for path, raw in data]
            write_cached(name, rows)
        files = tuple(OntologyFile(path, raw, file_rows) for (path, raw), file_rows in zip(data, rows, strict=True))
        _PARSED[key] = Ontology(folder, key[1], files)
    return _PARSED[key]


def _interned(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    """The rows with each subject, predicate, IRI and kind one string object: ``marshal`` then writes each once
    (the file a third smaller, read in half the time)."""
    intern = sys.intern
    return tuple((intern(s), intern(p), o if k == "literal" else intern(o), k) for s, p, o, k in rows)


def _rows_from_plain(plain: object, files: int) -> list[tuple[Row, ...]] | None:
    """The rows of each file as ``load_ontology`` kept them, or None where ``plain`` is not that."""
    if not isinstance(plain, list) or len(plain) != files or not all(isinstance(rows, tuple) for rows in plain):
        return None
    return plain


T = TypeVar("T")


def accessor(function: Callable[[Ontology], T]) -> Callable[[Ontology], T]:
    """Make a function of an ``Ontology`` run once per parsed ontology (its values are read-only)."""
    return cache(function)


def key_of(iri: str) -> str:
    """The key an IRI mints, its last path segment: ``.../country/FRA`` -> ``FRA``.

    >>> key_of("https://w3id.org/presskg/id/country/FRA"), key_of("https://w3id.org/presskg/id/topic/xinjiang/")
    ('FRA', 'xinjiang')
    """
    return iri.rstrip("/").rsplit("/", 1)[-1]


def local_name(iri: str) -> str:
    """The name after the last ``/`` or ``#``: ``...#titles`` -> ``titles``.

    >>> local_name("https://w3id.org/presskg/lexicon#titles"), local_name("https://w3id.org/presskg/id/country/FRA")
    ('titles', 'FRA')
    """
    return key_of(iri).rsplit("#", 1)[-1]


# --- accessors ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadingCues:
    """The reader's concepts (``rd:<name>``): their alternative labels in file order, and preferred labels."""

    lists: dict[str, tuple[str, ...]]
    preferred: dict[str, str]


@accessor
def reading_cues(onto: Ontology) -> ReadingCues:
    lists: dict[str, list[str]] = defaultdict(list)
    preferred: dict[str, str] = {}
    for s, p, o, kind in onto.rows():
        if kind != "literal" or not s.startswith(READING_IRI):
            continue
        if p == SKOS_ALT_LABEL:
            lists[s[len(READING_IRI) :]].append(o)
        elif p == SKOS_PREF_LABEL:
            preferred[s[len(READING_IRI) :]] = o
    return ReadingCues({k: tuple(dict.fromkeys(v)) for k, v in lists.items()}, preferred)


@dataclass(frozen=True, slots=True)
class EntityRules:
    """The word lists of ``entity-rules.ttl`` by local name, and the demonyms and compound forms of states."""

    word_lists: dict[str, frozenset[str]]
    demonyms: dict[str, str]  # word -> ISO3
    compound_forms: dict[str, str]  # word -> ISO3


@accessor
def entity_rules(onto: Ontology) -> EntityRules:
    lists: dict[str, set[str]] = defaultdict(set)
    demonyms: dict[str, str] = {}
    compounds: dict[str, str] = {}
    for s, p, o, kind in onto.rows():
        if kind != "literal" or not p.startswith(LEX_IRI):
            continue
        subject = "" if s.startswith("_:") else local_name(s)
        term = p[len(LEX_IRI) :]
        if term == "entry":
            lists[subject].add(o)
        elif term == "demonym":
            demonyms[o] = subject
        elif term == "compoundForm":
            compounds[o] = subject
    return EntityRules({k: frozenset(v) for k, v in lists.items()}, demonyms, compounds)


@dataclass(frozen=True, slots=True)
class Scheme:
    """The concepts of one class (``pk:Topic``, ``pk:Act``): notation, source file, cues and relations by IRI,
    in the order the files declare them."""

    notations: dict[str, str]  # IRI -> notation (the IRI's last segment where none is given)
    sources: dict[str, str]  # IRI -> the file that types it
    cues: dict[str, tuple[tuple[str, str], ...]]  # subject IRI -> (pk:cue literal, its file), typed or not
    relations: dict[str, tuple[str, ...]]  # IRI -> dcterms:relation targets


def _scheme(onto: Ontology, cls: str) -> Scheme:
    names: dict[str, str] = {}  # in order of first appearance, typed or not; untyped ones are dropped below
    sources: dict[str, str] = {}
    cues: dict[str, list[tuple[str, str]]] = defaultdict(list)
    relations: dict[str, list[str]] = defaultdict(list)
    for file in onto.files:
        for s, p, o, kind in file.rows:
            if s.startswith("_:"):
                continue
            if p == RDF_TYPE and kind == "iri" and o == cls:
                names.setdefault(s, key_of(s))
                sources.setdefault(s, str(file.path))
            elif p == SKOS_NOTATION and kind == "literal":
                names[s] = o
            elif p == PK.cue and kind == "literal":
                cues[s].append((o, str(file.path)))
            elif p == DCTERMS_RELATION and kind == "iri":
                relations[s].append(o)
    return Scheme(
        notations={iri: name for iri, name in names.items() if iri in sources},
        sources=sources,
        cues={k: tuple(v) for k, v in cues.items()},
        relations={k: tuple(v) for k, v in relations.items()},
    )


@accessor
def topic_scheme(onto: Ontology) -> Scheme:
    """The topics (``pk:Topic``) with their cue phrases and related entities."""
    return _scheme(onto, PK.Topic)


@accessor
def act_scheme(onto: Ontology) -> Scheme:
    """The acts (``pk:Act``); their cues and the scheme's pattern fragments are read by ``act_cues``."""
    return _scheme(onto, PK.Act)


@dataclass(frozen=True, slots=True)
class Described:
    """A node described by literal properties (a cue, a pattern fragment): property IRI -> value, and its file."""

    values: dict[str, str]
    file: str


@dataclass(frozen=True, slots=True)
class ActCues:
    """The act cues (``pk:actCue``) of each act IRI and the pattern fragments (``pk:fragment``) of the scheme, in
    the order the files give them."""

    cues: dict[str, tuple[Described, ...]]
    fragments: tuple[Described, ...]


def _described(onto: Ontology, predicate: str) -> dict[str, list[Described]]:
    """Subject IRI -> the nodes it links to by ``predicate``, each with its literal properties (blank node ids are
    local to their file, so each file is joined on its own)."""
    out: dict[str, list[Described]] = defaultdict(list)
    for file in onto.files:
        values: dict[str, dict[str, str]] = defaultdict(dict)
        links: list[tuple[str, str]] = []
        for s, p, o, kind in file.rows:
            if p == predicate and kind in ("blank", "iri"):
                links.append((s, f"_:{o}" if kind == "blank" else o))
            elif kind == "literal" and p != RDF_TYPE:
                values[s][p] = o
        for subject, node in links:
            out[subject].append(Described(values.get(node, {}), str(file.path)))
    return out


@accessor
def act_cues(onto: Ontology) -> ActCues:
    """The cues of every act and the scheme's pattern fragments (``ontology/acts.ttl``).

    >>> oppose = act_cues(load_ontology()).cues["https://w3id.org/presskg/id/act/oppose"]
    >>> verb = next(c for c in oppose if c.values[PK.rule] == "oppose_verb")
    >>> verb.values[PK.frame], verb.values[PK.targetPolicy]
    ('self', 'after')
    """
    return _cue_data(onto, PK.actCue, PK.fragment)


@accessor
def zh_act_cues(onto: Ontology) -> ActCues:
    """The Chinese cues of every act and their pattern fragments (``ontology/acts-zh.ttl``): the same
    ``pk:ActCue`` and ``pk:PatternFragment`` nodes, linked by ``lex:zhActCue`` and ``lex:zhFragment``.

    >>> oppose = zh_act_cues(load_ontology()).cues["https://w3id.org/presskg/id/act/oppose"]
    >>> next(c for c in oppose if c.values[PK.rule] == "oppose_verb").values[PK.pattern]
    '{DEG}反对'
    """
    return _cue_data(onto, LEX_IRI + "zhActCue", LEX_IRI + "zhFragment")


@accessor
def target_fragments(onto: Ontology) -> tuple[Described, ...]:
    """The word lists of the target resolver (``pk:targetFragment`` on ``pk:Acts``, ``ontology/targets.ttl``):
    ``pk:PatternFragment`` nodes, in the order the files give them.

    >>> victim = next(d for d in target_fragments(load_ontology()) if "targeting" in d.values[PK.pattern])
    >>> victim.values[PK.pattern].split("|")[:2]
    ['against', 'targeting']
    """
    return tuple(d for v in _described(onto, PK.targetFragment).values() for d in v)


@accessor
def group_names(onto: Ontology) -> dict[str, tuple[str, ...]]:
    """The organisations that groups of states stand for as a party (``pk:groupName``, ``ontology/groups.ttl``):
    organisation key -> its group names.

    >>> "African countries" in group_names(load_ontology())["au"]
    True
    """
    out: dict[str, list[str]] = defaultdict(list)
    for s, p, o, kind in onto.rows():
        if p == PK.groupName and kind == "literal":
            out[key_of(s)].append(o)
    return {k: tuple(v) for k, v in out.items()}


def _cue_data(onto: Ontology, cue: str, fragment: str) -> ActCues:
    fragments = _described(onto, fragment)
    cues = _described(onto, cue)
    return ActCues({k: tuple(v) for k, v in cues.items()}, tuple(d for v in fragments.values() for d in v))


@accessor
def organs(onto: Ontology) -> dict[str, str]:
    """Organisation key -> the key of the organisation it acts for as a party (``pk:actsFor``, ``ontology/groups.ttl``).

    >>> organs(load_ontology())["european-parliament"]
    'eu'
    """
    return {key_of(s): key_of(o) for s, p, o, kind in onto.rows() if p == PK.actsFor and kind == "iri"}


@accessor
def serving_people(onto: Ontology) -> dict[str, tuple[str, ...]]:
    """Country IRI -> the IRIs of people who serve it (``pk:serves``)."""
    out: dict[str, list[str]] = defaultdict(list)
    for s, p, o, kind in onto.rows():
        if p == PK.serves and kind == "iri" and not s.startswith("_:"):
            out[o].append(s)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True, slots=True)
class Profile:
    """One institution's profile (``profiles.ttl``): who speaks, for which state, in which layouts; lists keep
    the Turtle's order. ``kg.profiles`` looks them up."""

    key: str  # skos:notation, e.g. "fmprc"
    institution: str  # skos:prefLabel, the institution's canonical name
    names: tuple[str, ...]  # skos:altLabel: how titles name the institution
    organization: str  # the key of its id:org/<key> node in the graph
    state: str  # ISO3 of the state it speaks for: every position's holder
    layouts: tuple[str, ...]  # the reader's Layout values its transcripts come in
    spokesperson_titles: tuple[str, ...]
    spokespersons: tuple[str, ...]
    self_pattern: str  # how it names itself as a subject ("China|we|the Chinese side|..."), in act-pattern syntax
    procedural_labels: tuple[str, ...] = ()
    anonymous_words: tuple[str, ...] = ()
    honorifics: tuple[str, ...] = ()
    # The kinds of event its titles name ("Regular Press Conference", "Remarks", "Press Briefing"): where a
    # title names one, a speaker the profile places nowhere else speaks for the institution.
    briefing_kinds: tuple[str, ...] = ()


#: pf: property -> Profile field; the profile's skos:notation, prefLabel and altLabel give key, name and names.
_PROFILE_FIELDS = {
    "organization": "organization",
    "state": "state",
    "layout": "layouts",
    "spokespersonTitle": "spokesperson_titles",
    "spokesperson": "spokespersons",
    "selfPattern": "self_pattern",
    "proceduralLabel": "procedural_labels",
    "anonymousWord": "anonymous_words",
    "honorific": "honorifics",
    "briefingKind": "briefing_kinds",
}
_PROFILE_REQUIRED = ("notation", "prefLabel", "organization", "state", "layouts", "spokesperson_titles", "self_pattern")


@accessor
def institution_profiles(onto: Ontology) -> tuple[Profile, ...]:
    """Every ``pf:Profile`` of the folder, in the order of their IRIs; ``OntologyError`` (E541) for one that
    lacks what ``ps:ProfileShape`` requires.

    >>> [(p.key, p.state) for p in institution_profiles(load_ontology())]
    [('fmprc', 'CHN'), ('whitehouse', 'USA')]
    """
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    typed: set[str] = set()
    for s, p, o, kind in onto.rows():
        if not s.startswith(PROFILE_IRI):
            continue
        if p == RDF_TYPE and o == PROFILE_IRI + "Profile":
            typed.add(s)
        elif kind == "literal" and p.startswith(PROFILE_IRI) and local_name(p) in _PROFILE_FIELDS:
            found[s][_PROFILE_FIELDS[local_name(p)]].append(o)
        elif kind == "literal" and p in (SKOS_NOTATION, SKOS_PREF_LABEL, SKOS_ALT_LABEL):
            found[s][local_name(p)].append(o)
    return tuple(_profile(iri, found[iri], onto) for iri in sorted(typed))


def _profile(iri: str, values: dict[str, list[str]], onto: Ontology) -> Profile:
    missing = [name for name in _PROFILE_REQUIRED if not values.get(name)]
    if missing:
        raise OntologyError(
            "E541",
            f"profile {local_name(iri)!r} lacks {', '.join(missing)}",
            path=str(onto.folder / "profiles.ttl"),
            hint="give every profile the properties ps:ProfileShape in shapes.ttl requires",
        )
    lists = {name: tuple(dict.fromkeys(values.get(name, ()))) for name in _PROFILE_FIELDS.values()}
    return Profile(
        key=values["notation"][0],
        institution=values["prefLabel"][0],
        names=tuple(dict.fromkeys(values.get("altLabel", ()))),
        organization=lists["organization"][0],
        state=lists["state"][0],
        layouts=lists["layouts"],
        spokesperson_titles=lists["spokesperson_titles"],
        spokespersons=lists["spokespersons"],
        self_pattern=lists["self_pattern"][0],
        procedural_labels=lists["procedural_labels"],
        anonymous_words=lists["anonymous_words"],
        honorifics=lists["honorifics"],
        briefing_kinds=lists["briefing_kinds"],
    )
