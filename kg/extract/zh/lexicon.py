"""What the Chinese extractors know, read once per ontology folder: Chinese names, state abbreviations, word
lists and cues (``ontology/lexicon-zh.ttl``), plus the Chinese ISO 3166-1 names of pycountry's zh_CN locale.

Every Chinese name maps to the (kind, key) of an English gazetteer entry, so a state, place, organisation or
person has one IRI in both languages. Names are taken from ``skos:altLabel`` literals tagged ``@zh`` on any
``id:`` resource, whichever file states them.

>>> lexicon = load_zh_lexicon()
>>> lexicon.names["美国"], lexicon.names["世卫组织"]
((<EntityKind.COUNTRY: 'country'>, 'USA'), (<EntityKind.ORGANIZATION: 'organization'>, 'who'))
>>> lexicon.abbreviations["美"], "方" in lexicon.words("zhSideSuffixes")
('USA', True)
"""

from __future__ import annotations

import gettext
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import gazetteer as gazetteer_module
from kg.cache import cache_name, file_stamp, read_cached, write_cached
from kg.gazetteer import iso_digest, load_entity_lexicon, ontology_fingerprint, pycountry_dir
from kg.namespace import ID_IRI, SKOS_ALT_LABEL, slug
from kg.ontology import LEX_IRI, load_ontology, resolved_folder
from kg.types import EntityKind

SKOS_ALT = SKOS_ALT_LABEL
ZH_CUE = LEX_IRI + "zhCue"
ZH_ABBREVIATION = LEX_IRI + "zhAbbreviation"
ZH_GROUP_NAME = LEX_IRI + "zhGroupName"
# The first segment of an id: IRI names the kind of entity it is ("id:country/USA", "id:org/who").
KIND_SEGMENTS: dict[str, EntityKind] = {
    "country": EntityKind.COUNTRY,
    "place": EntityKind.PLACE,
    "org": EntityKind.ORGANIZATION,
    "person": EntityKind.PERSON,
    "outlet": EntityKind.OUTLET,
}

EntityKey = tuple[EntityKind, str]


@dataclass(frozen=True, slots=True)
class ZhLexicon:
    """Chinese names by the entry they name, abbreviations, word lists, and the raw cues of topics (the acts'
    cues are nodes, read by ``kg.ontology.zh_act_cues``)."""

    names: dict[str, EntityKey]  # "美国" -> (COUNTRY, "USA"); "世卫组织" -> (ORGANIZATION, "who")
    full_names: dict[str, tuple[str, ...]]  # ISO3 -> the state's Chinese names (for contextual abbreviations)
    abbreviations: dict[str, str]  # "美" -> "USA": the conventional ones of lex:zhAbbreviation
    group_names: dict[str, EntityKey]  # "非洲国家" -> (ORGANIZATION, "au"): lex:zhGroupName, targets only
    word_lists: dict[str, frozenset[str]]
    topic_cues: dict[str, tuple[str, ...]]  # topic notation -> raw cue literals

    def words(self, name: str) -> frozenset[str]:
        """One word list by its local name (``"zhNegations"``); empty where absent."""
        return self.word_lists.get(name, frozenset())


def load_zh_lexicon(directory: Path | None = None) -> ZhLexicon:
    """The Chinese lexicon of an ontology folder (``$PRESSKG_ONTOLOGY`` or ``ontology/``), cached per folder."""
    return _lexicon_for(resolved_folder(directory))


def _iso_chinese_names() -> dict[str, list[str]]:
    """pycountry's Chinese names of every ISO 3166-1 entry, by alpha-3."""
    import pycountry  # 30 ms to import: only where the lexicon is made, not read from presskg's cache

    try:
        zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    except OSError:  # a pycountry without its locale files: the names of the ontology folder still work
        return {}
    out: dict[str, list[str]] = {}
    for iso in pycountry.countries:
        names = [getattr(iso, attr, None) for attr in ("common_name", "name", "official_name")]
        translated = [zh.gettext(n) for n in names if n]
        out[iso.alpha_3] = [n for n in dict.fromkeys(translated) if n and not n.isascii()]
    return out


def _iso_entries(directory: Path) -> dict[str, EntityKey]:
    """ISO alpha-3 -> the entry the English extractor gives it: a state, or a place for a territory."""
    import pycountry

    lexicon = load_entity_lexicon(directory)
    out: dict[str, EntityKey] = {}
    for iso in pycountry.countries:
        if (EntityKind.COUNTRY, iso.alpha_3) in lexicon.entities:
            out[iso.alpha_3] = (EntityKind.COUNTRY, iso.alpha_3)
            continue
        # a territory: the English extractor keys it by the slug of its first usable name
        for name in (getattr(iso, "common_name", None), iso.name):
            if name and (EntityKind.PLACE, slug(name)) in lexicon.entities:
                out[iso.alpha_3] = (EntityKind.PLACE, slug(name))
                break
    return out


def _entry_of(iri: str) -> EntityKey | None:
    if not iri.startswith(ID_IRI):
        return None
    segment, _, key = iri[len(ID_IRI) :].partition("/")
    kind = KIND_SEGMENTS.get(segment)
    return (kind, key) if kind is not None and key else None


@cache
def _lexicon_for(directory: Path) -> ZhLexicon:
    """The folder's lexicon, read from presskg's cache (``kg.cache``) where an earlier process made it for the same
    ontology files, pycountry data and code; else made (pycountry's Chinese names, the ontology's ``@zh`` labels)
    and written."""
    material = [ontology_fingerprint(directory), iso_digest(), _locale_stamp()]
    name = cache_name("zh-lexicon", material, derived_by=(sys.modules[__name__], gazetteer_module))
    try:
        return _from_plain(read_cached(name))
    except (TypeError, ValueError, KeyError, AttributeError):  # no file, or not one of ours: made again
        pass
    lexicon = _make_lexicon(directory)
    write_cached(name, _to_plain(lexicon))
    return lexicon


def _locale_stamp() -> list[object]:
    """pycountry's Chinese names file, named by its size and time, found without importing pycountry."""
    folder = pycountry_dir()
    return [] if folder is None else file_stamp(folder / "locales" / "zh_CN" / "LC_MESSAGES" / "iso3166-1.mo")


def _to_plain(lexicon: ZhLexicon) -> dict[str, Any]:
    return {
        "names": {name: (kind.value, key) for name, (kind, key) in lexicon.names.items()},
        "full_names": lexicon.full_names,
        "abbreviations": lexicon.abbreviations,
        "group_names": {name: (kind.value, key) for name, (kind, key) in lexicon.group_names.items()},
        "word_lists": {name: sorted(words) for name, words in lexicon.word_lists.items()},
        "topic_cues": lexicon.topic_cues,
    }


def _from_plain(plain: Any) -> ZhLexicon:
    return ZhLexicon(
        names={name: (EntityKind(kind), key) for name, (kind, key) in plain["names"].items()},
        full_names={iso: tuple(names) for iso, names in plain["full_names"].items()},
        abbreviations=dict(plain["abbreviations"]),
        group_names={name: (EntityKind(kind), key) for name, (kind, key) in plain["group_names"].items()},
        word_lists={name: frozenset(words) for name, words in plain["word_lists"].items()},
        topic_cues={topic: tuple(cues) for topic, cues in plain["topic_cues"].items()},
    )


def _make_lexicon(directory: Path) -> ZhLexicon:
    names: dict[str, EntityKey] = {}
    full: dict[str, list[str]] = defaultdict(list)
    iso_entries = _iso_entries(directory)
    for iso3, chinese in _iso_chinese_names().items():
        iso_entry = iso_entries.get(iso3)
        if iso_entry is None:
            continue
        for name in chinese:
            names.setdefault(name, iso_entry)
            if iso_entry[0] is EntityKind.COUNTRY:
                full[iso3].append(name)
    abbreviations: dict[str, str] = {}
    groups: dict[str, EntityKey] = {}
    lists: dict[str, set[str]] = defaultdict(set)
    topic_cues: dict[str, list[str]] = defaultdict(list)
    for file in load_ontology(directory).files:  # parsed once per process (kg.ontology), quads with their tags
        for q in file.quads:
            s, p, o = q.subject, q.predicate.value, q.object
            if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.Literal):
                continue
            entry = _entry_of(s.value)
            if p == SKOS_ALT and o.language == "zh" and entry is not None:
                names[o.value] = entry
                if entry[0] is EntityKind.COUNTRY:
                    full[entry[1]].append(o.value)
            elif p == ZH_ABBREVIATION and entry is not None:
                abbreviations[o.value] = entry[1]
            elif p == ZH_GROUP_NAME and entry is not None:
                groups[o.value] = entry
            elif p == LEX_IRI + "entry" and s.value.startswith(LEX_IRI + "zh"):
                lists[s.value[len(LEX_IRI) :]].add(o.value)
            elif p == ZH_CUE and s.value.startswith(ID_IRI + "topic/"):
                topic_cues[s.value.rsplit("/", 1)[-1]].append(o.value)
    return ZhLexicon(
        names=names,
        full_names={k: tuple(dict.fromkeys(v)) for k, v in full.items()},
        abbreviations=abbreviations,
        group_names=groups,
        word_lists={k: frozenset(v) for k, v in lists.items()},
        topic_cues={k: tuple(v) for k, v in topic_cues.items()},
    )
