"""Entities named in a Chinese briefing, with the IRIs of the English gazetteers and offsets into the Chinese text.

Rules, named in ``Mention.rule``:

- ``gazetteer``: a Chinese name of an entry (``lexicon-zh.ttl``, pycountry's zh_CN names); one pass of an
  Aho-Corasick automaton over the text, leftmost-longest ("印度尼西亚" over "印度", "南苏丹" over "苏丹"), with
  the phrases of ``lex:zhNotEntities`` matched too and dropped ("西方", "中美洲");
- ``zh-side``: a state's abbreviation before a suffix of ``lex:zhSideSuffixes`` ("美方", "日方", "美军",
  "美驻瑞大使"); the mention is the abbreviation;
- ``zh-compound``: each abbreviation of a run of two or more ("中美", "朝美", "美日印澳") or of a list
  ("美、英、澳"); one mention each.

An abbreviation is a state's conventional one (``lex:zhAbbreviation``) or the first character of a state
named in full in the same exchange or statement, which wins ("中阿关系" after "阿曼" is Oman). Side forms and
compounds must fall on word boundaries as jieba segments the sentence: "中日益" is "中" + "日益", not "中日".

>>> from kg.types import Role, Turn
>>> turn = Turn(Role.ANSWER, 1, "汪文斌", "中方坚决反对美方干涉中国内政，中美关系和西方国家在世卫组织中日益孤立。")
>>> for m in find_zh_mentions(turn):
...     print(m.start, m.text, m.key, m.rule)
0 中 CHN zh-side
6 美 USA zh-side
10 中国 CHN gazetteer
15 中 CHN zh-compound
16 美 USA zh-compound
25 世卫组织 who gazetteer
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from kg.extract.entities import load_entity_lexicon
from kg.extract.zh.lexicon import EntityKey, ZhLexicon, load_zh_lexicon
from kg.extract.zh.sentences import split_sentences
from kg.extract.zh.words import words
from kg.ontology import resolved_folder
from kg.types import Briefing, Entity, EntityKind, Mention, Turn

RULE_NAME = "gazetteer"
RULE_SIDE = "zh-side"
RULE_COMPOUND = "zh-compound"
BLOCK: EntityKey | None = None  # what a phrase of lex:zhNotEntities names
LIST_COMMA = "、"


@dataclass(frozen=True, slots=True)
class _Matcher:
    automaton: Any  # ahocorasick.Automaton: form -> (length, entity key or BLOCK)
    lexicon: ZhLexicon
    side_suffixes: frozenset[str]


@cache
def _matcher_for(directory: Path) -> _Matcher:
    lexicon = load_zh_lexicon(directory)
    automaton = ahocorasick.Automaton()
    for name, entry in lexicon.names.items():
        automaton.add_word(name, (len(name), entry))
    for phrase in lexicon.words("zhNotEntities"):
        automaton.add_word(phrase, (len(phrase), BLOCK))
    automaton.make_automaton()
    return _Matcher(automaton, lexicon, lexicon.words("zhSideSuffixes"))


def _matcher(directory: Path | None) -> _Matcher:
    return _matcher_for(resolved_folder(directory))


def _names(text: str, matcher: _Matcher) -> list[tuple[int, int, EntityKey | None]]:
    """Leftmost-longest matches of names and blocked phrases, not overlapping."""
    hits = []
    for last, (length, entry) in matcher.automaton.iter(text):
        hits.append((last + 1 - length, last + 1, entry))
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    chosen = []
    reached = 0
    for start, end, entry in hits:
        if start >= reached:
            chosen.append((start, end, entry))
            reached = end
    return chosen


def abbreviations_in_context(named: Iterable[str], lexicon: ZhLexicon) -> dict[str, str]:
    """Abbreviation -> ISO3: the conventional ones, overridden by the first character of each state ``named``."""
    out = dict(lexicon.abbreviations)
    for iso3 in named:
        for name in lexicon.full_names.get(iso3, ()):
            out[name[0]] = iso3
    return out


def _on_word_boundaries(text: str, start: int, end: int) -> bool:
    """No word of jieba's crosses an edge of ``text[start:end]``: each word lies inside the span, outside it,
    or holds all of it ("中美" in "中美关系"), but none overlaps it in part ("中日" in "中" + "日益")."""
    for s, e in split_sentences(text):
        if s <= start and end <= e:
            a, b = start - s, end - s
            return not any(ws < a < we < b or a < ws < b < we for ws, we in words(text[s:e]))
    return False


def _opens_word(text: str, at: int, suffixes: Iterable[str]) -> bool:
    """No word of jieba's begins before ``at`` and goes on past it: the abbreviation of a side form opens its
    word ("美方", "法国政府"), it does not end one ("合法政府", "司法官员", "非法军售"), unless what precedes it in
    the word is itself a side word ("驻瑞" in "美驻瑞大使")."""
    joining = set(suffixes)
    for s, e in split_sentences(text):
        if s <= at < e:
            a = at - s
            return not any(ws < a < we and text[s + ws : at] not in joining for ws, we in words(text[s:e]))
    return False


def _abbreviated(
    text: str, taken: list[tuple[int, int]], abbreviations: dict[str, str], matcher: _Matcher
) -> list[tuple[int, int, str, str]]:
    """Side forms, compounds and lists ("美、英、澳") outside the names already taken: (start, end, ISO3, rule)."""
    free = [True] * len(text)
    for s, e in taken:
        free[s:e] = [False] * (e - s)

    def abbreviation(k: int) -> bool:
        return 0 <= k < len(text) and free[k] and text[k] in abbreviations

    out: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(text):
        if not abbreviation(i):
            i += 1
            continue
        j = i  # the run: abbreviations, possibly joined by a list comma ("美、英、澳")
        while abbreviation(j) or (text[j : j + 1] == LIST_COMMA and abbreviation(j + 1) and j > i):
            j += 1
        chars = [k for k in range(i, j) if text[k] != LIST_COMMA]
        listed = LIST_COMMA in text[i:j]
        if len(chars) >= 2 and (
            all(_on_word_boundaries(text, k, k + 1) for k in chars) if listed else _on_word_boundaries(text, i, j)
        ):
            out.extend((k, k + 1, abbreviations[text[k]], RULE_COMPOUND) for k in chars)
        elif len(chars) == 1:
            suffix = next((x for x in matcher.side_suffixes if text.startswith(x, j)), None)
            if suffix is not None and _on_word_boundaries(text, i, j) and _opens_word(text, i, matcher.side_suffixes):
                out.append((i, j, abbreviations[text[i]], RULE_SIDE))
        i = j
    return out


def _turn_mentions(turn: Turn, matcher: _Matcher, named: set[str]) -> list[Mention]:
    text = turn.text
    names = _names(text, matcher)
    mentions = [
        Mention(turn.key, s, e, text[s:e], entry[0], entry[1], RULE_NAME) for s, e, entry in names if entry is not None
    ]
    named |= {m.key for m in mentions if m.kind is EntityKind.COUNTRY}
    abbreviations = abbreviations_in_context(sorted(named), matcher.lexicon)
    for s, e, iso3, rule in _abbreviated(text, [(s, e) for s, e, _ in names], abbreviations, matcher):
        mentions.append(Mention(turn.key, s, e, text[s:e], EntityKind.COUNTRY, iso3, rule))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def find_zh_mentions(turn: Turn, *, directory: Path | None = None) -> tuple[Mention, ...]:
    """Every entity named in one Chinese turn, in text order, with ``turn.text[m.start:m.end] == m.text``."""
    return tuple(_turn_mentions(turn, _matcher(directory), set()))


def _units(briefing: Briefing) -> list[Sequence[Turn]]:
    units: list[Sequence[Turn]] = [(s.turn,) for s in briefing.statements]
    units.extend(ex.turns() for ex in briefing.exchanges)  # with the follow-ups and their answers (e3q2, e3a2)
    return units


def extract_zh_entities(
    briefing: Briefing, *, directory: Path | None = None
) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """The mentions of every turn of a Chinese briefing, and the gazetteer entities they refer to.

    An abbreviation is read in the context of its unit: the states named in full in the exchange (every turn of
    it, follow-ups included) or statement.
    """
    matcher = _matcher(directory)
    known = load_entity_lexicon(directory).entities
    mentions: list[Mention] = []
    for unit in _units(briefing):
        named: set[str] = set()
        for turn in unit:  # the states named in full anywhere in the unit, before reading its abbreviations
            named |= {e[1] for _, _, e in _names(turn.text, matcher) if e is not None and e[0] is EntityKind.COUNTRY}
        for turn in unit:
            mentions.extend(_turn_mentions(turn, matcher, set(named)))
    entities: dict[EntityKey, Entity] = {}
    for m in mentions:
        entity = known.get((m.kind, m.key))
        if entity is not None:
            entities.setdefault((m.kind, m.key), entity)
    return tuple(mentions), tuple(entities.values())


__all__ = ["RULE_COMPOUND", "RULE_NAME", "RULE_SIDE", "extract_zh_entities", "find_zh_mentions"]
