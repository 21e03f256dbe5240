"""Entities named in a briefing: countries, places, organisations, people and outlets, with their offsets.

One pass over each turn's text with an Aho-Corasick automaton, built once per ontology folder from the
gazetteers (``ontology/*.ttl``, plus the ISO 3166-1 names of pycountry for countries) and the word lists of
``ontology/entity-rules.ttl``. The text is folded to lower case with every non-word character turned into a
space (the same length, so offsets hold), and every name is searched between spaces: matches are word-bounded
by construction. Each match is then checked against the case of its name as written: acronyms ("US", "WHO")
match only in capitals, so "us" the pronoun never matches; other names need their capitals ("Turkey", not
"turkey"). Where matches overlap, the leftmost, then the longest wins ("South China Sea" over "China",
"Papua New Guinea" over "Guinea").

Rules, named in ``Mention.rule``:

- ``gazetteer``: a name or alternative name of a gazetteer entry;
- ``demonym``: an adjective or nationality noun that names a state ("the Chinese side", "American
  politicians"), except before the nouns of ``lex:notStateHeads`` ("Chinese people") or as a language;
- ``compound``: a member of a hyphenated compound of entities ("Sino-US", "China-EU", "DPRK-US");
- ``titled-name``: a capitalised name after a title ("Prime Minister Imran Khan") that no gazetteer knows;
- ``name-variant``: a later, untitled use of such a name in the same briefing ("Issoufou said").

>>> from kg.types import Role, Turn
>>> turn = Turn(Role.ANSWER, 1, "Wang Wenbin", "Let us urge the US side and the WHO to respect Sino-Japanese ties.")
>>> [(m.text, m.key, m.rule) for m in find_mentions(turn)]
[('US', 'USA', 'gazetteer'), ('WHO', 'who', 'gazetteer'), ('Sino', 'CHN', 'compound'), ('Japanese', 'JPN', 'compound')]
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from kg.extract.entityforms import Form, fold, searched_forms
from kg.gazetteer import EntityLexicon, country_gazetteer, load_entity_lexicon
from kg.namespace import slug
from kg.ontology import ontology_dir
from kg.types import Briefing, Entity, EntityKind, Mention, Turn

__all__ = ["EntityLexicon", "country_gazetteer", "extract_entities", "find_mentions", "load_entity_lexicon"]


# --- the matcher ------------------------------------------------------------------------------------------

# What a matched form does. Rank breaks ties between forms with the same folded text (lower = first).
_COMPOUND_KINDS = frozenset({EntityKind.COUNTRY, EntityKind.ORGANIZATION, EntityKind.PLACE})


@dataclass(frozen=True, slots=True)
class _Matcher:
    automaton: Any  # ahocorasick.Automaton: " folded form " -> (length, forms)
    lexicon: EntityLexicon
    not_state_heads: frozenset[str]  # lower case
    language_cues: frozenset[str]  # lower case
    honorifics: frozenset[str]
    particles: frozenset[str]
    not_names: frozenset[str]
    institution_words: frozenset[str]
    state_form_words: frozenset[str]  # "the", "Republic", "of": words of "of the Republic of Niger"
    abbreviated_titles: frozenset[str]  # titles written with a full stop ("Mr." as "Mr"), as matched
    surnames: dict[str, str]  # a gazetteer person's surname -> key, where only one person has it


@cache
def _matcher_for(directory: Path) -> _Matcher:
    # cached by the folder as given: resolving a path on every turn would cost a system call each time
    lexicon = load_entity_lexicon(directory)
    automaton = ahocorasick.Automaton()
    for word, length, forms in searched_forms(directory, lexicon):
        automaton.add_word(word, (length, forms))
    automaton.make_automaton()
    return _Matcher(
        automaton=automaton,
        lexicon=lexicon,
        not_state_heads=frozenset(w.lower() for w in lexicon.words("notStateHeads")),
        language_cues=frozenset(w.lower() for w in lexicon.words("languageCues")),
        honorifics=lexicon.words("honorifics"),
        particles=lexicon.words("nameParticles"),
        not_names=lexicon.words("notNameWords"),
        institution_words=lexicon.words("institutionWords"),
        state_form_words=lexicon.words("stateFormWords"),
        abbreviated_titles=frozenset(t[:-1] for t in lexicon.words("titles") if t.endswith(".")),
        surnames=_unique_surnames(lexicon),
    )


def _unique_surnames(lexicon: EntityLexicon) -> dict[str, str]:
    """Surname -> key for the gazetteer's people, where one person alone bears the surname: the last word of
    the label, or the first for states whose names put the surname first (``lex:surnameFirst``)."""
    surname_first = lexicon.words("surnameFirst")
    bearers: dict[str, set[str]] = defaultdict(set)
    for (kind, key), entity in lexicon.entities.items():
        if kind is EntityKind.PERSON:
            tokens = _name_tokens(entity.label)
            if len(tokens) >= 2:
                bearers[tokens[0] if entity.country in surname_first else tokens[-1]].add(key)
    return {name: next(iter(keys)) for name, keys in bearers.items() if len(keys) == 1}


def _case_fits(form: Form, text: str, start: int) -> bool:
    if form.exact:
        return text.startswith(form.written, start)
    return all(text[start + offset].isupper() for offset in form.capitals)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    form: Form


def _scan(text: str, matcher: _Matcher) -> list[_Hit]:
    """Every word-bounded match whose case fits, then the leftmost-longest ones that do not overlap."""
    hits: list[_Hit] = []
    for last, (length, forms) in matcher.automaton.iter(f" {fold(text)} "):
        start = last - length + 1
        end = last - 1
        for form in forms:
            if _case_fits(form, text, start):
                if form.tail and text.startswith(form.tail, end):
                    end += len(form.tail)
                hits.append(_Hit(start + form.name_offset, end, form))
                break
    hits.sort(key=lambda h: (h.start, h.start - h.end))
    chosen: list[_Hit] = []
    reached = 0
    for hit in hits:
        if hit.start >= reached:
            chosen.append(hit)
            reached = hit.end
    return chosen


# --- rules applied to the chosen matches ------------------------------------------------------------------

_FOLLOWING_WORDS = re.compile(r"(?:[ \t\u00a0]+|-)([^\W\d_]+)(?:[ \t\u00a0]+([^\W\d_]+))?(?:[ \t\u00a0]+([^\W\d_]+))?")
_WORDS = re.compile(r"[^\W\d_]+")


def _demonym_names_state(text: str, start: int, end: int, matcher: _Matcher) -> bool:
    """A demonym names the state unless a people/language/culture head follows, or it is a language."""
    following = _FOLLOWING_WORDS.match(text, end)
    if following is not None:
        words = [w.lower() for w in following.groups() if w]
        return not any(" ".join(words[:n]) in matcher.not_state_heads for n in range(1, len(words) + 1))
    # a bare demonym: a language where a cue comes before it, across a list of names ("in five languages,
    # including Chinese, Uygur and Kazak")
    for word in reversed(_WORDS.findall(text, max(0, start - 80), start)):
        if word.lower() in matcher.language_cues:
            return False
        if not (word[:1].isupper() or word in {"and", "or", "including", "both"}):
            break
    return True


_NAME_TOKEN = re.compile(r"[ \t\u00a0]+([^\W\d_][\w'\u2019.\-]*)")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_BRIDGES = frozenset({"of", "to"})  # "Prime Minister of Georgia X", "Ambassador to the US X"


@dataclass(frozen=True, slots=True)
class _TitledName:
    start: int
    end: int
    serves: str | None


def _titled_name(
    text: str, title: _Hit, starts: dict[int, _Hit], before: _Hit | None, matcher: _Matcher
) -> _TitledName | None:
    """The name that follows a title, where no gazetteer match already starts there.

    Honorifics are skipped ("Prime Minister Tun Dr Mahathir"), "of <state>" names the state served
    ("Prime Minister of Georgia Mamuka Bakhtadze"), "to <state>" is skipped ("Ambassador to the US X"), and a
    state right before the title is served too ("Pakistani Prime Minister Imran Khan").
    """
    serves = _state_before(text, title, before)
    abbreviated = title.form.written in matcher.abbreviated_titles and text.startswith(".", title.end)
    pos = title.end + 1 if abbreviated else title.end
    bridged = False  # "of <state>" read: a name must then have two words ("of the Pakistan Tehreek-e-Insaf")
    tokens: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # particles and initials, kept only when a name token follows
    while len(tokens) < 5:
        match = _NAME_TOKEN.match(text, pos)
        if match is None:
            break
        word_start, word = match.start(1), match.group(1)
        if not tokens and not pending and word in _BRIDGES:
            hit = _state_after(text, match.end(), starts, matcher)
            if hit is None:
                break
            if word == "of" and hit.form.kind is EntityKind.COUNTRY:
                serves = hit.form.key
            pos = hit.end
            bridged = True
            continue
        inside = next((starts[i] for i in range(word_start, match.end()) if i in starts), None)
        if inside is not None:
            if (tokens or inside.start > word_start) and inside.form.kind is EntityKind.PERSON:
                return None  # first names before a known surname ("Senator Macro Rubio", "Abdul Fatah Al-Sisi")
            break  # a gazetteer name, a title or a blocked phrase starts here: no new name
        if not tokens and not pending and (word in matcher.honorifics or word.rstrip(".'\u2019") in matcher.honorifics):
            pos = match.end()
            continue
        if _INITIALS.fullmatch(word) or (tokens and word in matcher.particles):
            pending.append((word_start, match.end()))
            pos = match.end()
            continue
        bare = word.rstrip(".,")
        ends_here = bare != word or _POSSESSIVE.search(bare) is not None
        bare = _POSSESSIVE.sub("", bare)
        particle_joined = "-" in bare and bare.split("-", 1)[0].lower() in matcher.particles
        if not particle_joined and (
            not bare[:1].isupper() or bare in matcher.not_names or not any(c.islower() for c in bare)
        ):
            if bare in matcher.institution_words:
                return None  # the words read so far name an institution: "Hubei Provincial Committee"
            break
        tokens.extend(pending)
        pending.clear()
        tokens.append((word_start, word_start + len(bare)))
        pos = match.end()
        if ends_here:
            break
    if not tokens or (bridged and len(tokens) < 2):
        return None
    if serves is None:  # "President Mahamadou Issoufou of the Republic of Niger"
        after = _NAME_TOKEN.match(text, tokens[-1][1])
        if after is not None and after.group(1) == "of":
            hit = _state_after(text, after.end(), starts, matcher)
            if hit is not None and hit.form.kind is EntityKind.COUNTRY:
                serves = hit.form.key
    return _TitledName(tokens[0][0], tokens[-1][1], serves)


def _state_after(text: str, pos: int, starts: dict[int, _Hit], matcher: _Matcher) -> _Hit | None:
    """The state, place or organisation named after "of" at ``pos``, past words of a state's formal name
    ("of the Republic of Niger", "of the Kingdom of Cambodia")."""
    for _ in range(6):
        word = _NAME_TOKEN.match(text, pos)
        if word is None:
            return None
        hit = starts.get(word.start(1))
        if hit is not None:
            return hit if hit.form.role == "entity" and hit.form.kind in _COMPOUND_KINDS else None
        if word.group(1) not in matcher.state_form_words:
            return None
        pos = word.end()
    return None


def _state_before(text: str, title: _Hit, before: _Hit | None) -> str | None:
    if before is None:
        return None
    gap = text[before.end : title.start]
    if (
        before.form.kind is EntityKind.COUNTRY
        and before.form.role in {"entity", "demonym"}
        and gap.strip() in {"", "'s", "\u2019s"}
        and len(gap) <= 3
    ):
        return before.form.key
    return None


@dataclass(frozen=True, slots=True)
class _TurnFindings:
    mentions: list[Mention]
    serves: dict[str, str]  # titled-name person key -> ISO3 served, where the text says


def _find(turn: Turn, matcher: _Matcher) -> _TurnFindings:
    text, turn_key = turn.text, turn.key
    chosen = _scan(text, matcher)
    mentions: list[Mention] = []
    serves: dict[str, str] = {}
    starts = {hit.start: hit for hit in chosen}
    for index, hit in enumerate(chosen):
        form = hit.form
        if form.role == "block":
            continue
        if form.role == "title":
            name = _titled_name(text, hit, starts, chosen[index - 1] if index else None, matcher)
            if name is not None:
                written = text[name.start : name.end]
                key = slug(written)
                mentions.append(Mention(turn_key, name.start, name.end, written, EntityKind.PERSON, key, "titled-name"))
                if name.serves:
                    serves[key] = name.serves
            continue
        if form.role == "demonym" and not _demonym_names_state(text, hit.start, hit.end, matcher):
            continue
        if form.role == "compound" and not text.startswith("-", hit.end):
            continue
        assert form.kind is not None
        rule = {"entity": "gazetteer", "demonym": "demonym", "compound": "compound"}[form.role]
        mentions.append(Mention(turn_key, hit.start, hit.end, text[hit.start : hit.end], form.kind, form.key, rule))
    mentions.sort(key=lambda m: m.start)  # titled names were added when their title was read
    return _TurnFindings(_mark_compounds(text, mentions), serves)


def _mark_compounds(text: str, mentions: list[Mention]) -> list[Mention]:
    """Members of "China-US", "Sino-US", "China-EU": two entities joined by a hyphen."""
    joined: set[int] = set()
    for i in range(len(mentions) - 1):
        left, right = mentions[i], mentions[i + 1]
        if (
            left.kind in _COMPOUND_KINDS
            and right.kind in _COMPOUND_KINDS
            and right.start == left.end + 1
            and text[left.end] == "-"
        ):
            joined.update((i, i + 1))
    return [
        dataclasses.replace(m, rule="compound") if i in joined and m.rule != "compound" else m
        for i, m in enumerate(mentions)
    ]


# --- one person across variants ---------------------------------------------------------------------------


def _name_tokens(name: str) -> list[str]:
    return name.replace("\u2019", "'").split()


def _resolve_people(mentions: list[Mention], matcher: _Matcher) -> list[Mention]:
    """Give a titled single name ("Prime Minister Khan") the key of the one fuller name in scope that starts
    or ends with it ("Imran Khan", "Wang Yi" for "Foreign Minister Wang"), titled or from the gazetteer;
    failing that, of the one gazetteer person with that surname ("Vice Foreign Minister Kong")."""
    lexicon = matcher.lexicon
    full: dict[str, set[str]] = defaultdict(set)  # a first or last token -> keys of fuller names
    for m in mentions:
        if m.kind is not EntityKind.PERSON:
            continue
        name = lexicon.entities[(m.kind, m.key)].label if m.rule == "gazetteer" else m.text
        tokens = _name_tokens(name)
        if len(tokens) >= 2:
            full[tokens[0]].add(m.key)
            full[tokens[-1]].add(m.key)
    out = []
    for m in mentions:
        if m.kind is EntityKind.PERSON and m.rule in {"titled-name", "name-variant"}:
            tokens = _name_tokens(m.text)
            if len(tokens) == 1:
                in_scope = full.get(tokens[0], set())
                key = next(iter(in_scope)) if len(in_scope) == 1 else None
                if not in_scope:
                    key = matcher.surnames.get(tokens[0])
                if key is not None:
                    m = dataclasses.replace(m, key=key)
        out.append(m)
    return out


def _name_variants(turns: Sequence[Turn], mentions: list[Mention], matcher: _Matcher) -> list[Mention]:
    """Untitled uses, elsewhere in the briefing, of names first seen after a title: the full name, and the
    last word of a longer name where no other such name ends with it ("Petrov" for "Ivan Petrov")."""
    titled = {m.text: m.key for m in mentions if m.rule == "titled-name"}
    if not titled:
        return mentions
    surnames: dict[str, set[str]] = defaultdict(set)
    for name, key in titled.items():
        tokens = _name_tokens(name)
        if len(tokens) >= 2 and len(tokens[-1]) >= 4 and tokens[-1] not in matcher.not_names:
            surnames[tokens[-1]].add(key)
    forms = dict(titled)
    for surname, keys in surnames.items():
        if len(keys) == 1 and surname not in forms:
            forms[surname] = next(iter(keys))
    alternatives = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))
    # The names without the look-behind that opens the full pattern, so that the engine skips to where a name's
    # first letter is (a pattern opening with a look-behind is tried at every character of every turn).
    pattern = re.compile(rf"({alternatives})(?![\w-])")
    by_turn: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_turn[m.turn].append(m)
    out: list[Mention] = []
    for turn in turns:
        existing = by_turn.get(turn.key, [])
        extra = [
            Mention(
                turn.key,
                found.start(),
                found.end(),
                found.group(),
                EntityKind.PERSON,
                forms[found.group()],
                "name-variant",
            )
            for found in _unpreceded(pattern, turn.text)
            if not any(found.start() < m.end and m.start < found.end() for m in existing)
        ]
        out.extend(sorted((*existing, *extra), key=lambda m: m.start))
    return out


def _unpreceded(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""The matches of ``(?<![\w'\u2019-])`` followed by ``pattern``, as its ``finditer`` finds them: where the
    look-behind fails at a match, the search goes on from the next character (a shorter name may start inside).

    >>> [m.group() for m in _unpreceded(re.compile(r"(Ivan Petrov|Petrov)(?![\w-])"), "xIvan Petrov, Petrov")]
    ['Petrov', 'Petrov']
    """
    at = 0
    while (found := pattern.search(text, at)) is not None:
        start = found.start()
        if start > 0 and ((before := text[start - 1]).isalnum() or before in "_'\u2019-"):
            at = start + 1
            continue
        yield found
        at = found.end()


# --- public functions -------------------------------------------------------------------------------------


@cache
def _default_folder(environment_value: str | None) -> Path:
    return ontology_dir()


def _matcher(directory: Path | None) -> _Matcher:
    # ontology_dir() resolves a path on every call; per turn that would cost more than the matching itself
    return _matcher_for(directory or _default_folder(os.environ.get("PRESSKG_ONTOLOGY")))


def find_mentions(turn: Turn, *, directory: Path | None = None) -> tuple[Mention, ...]:
    """Every entity named in one turn, in text order, with ``turn.text[m.start:m.end] == m.text``.

    Titled single names resolve to a fuller name in the same turn; ``extract_entities`` resolves them across
    the briefing and adds the untitled repetitions of titled names.

    >>> from kg.types import Role, Turn
    >>> turn = Turn(Role.QUESTION, 2, "Reuters", "Pakistani Prime Minister Imran Khan met Chairman Kim in Hong Kong.")
    >>> for m in find_mentions(turn):
    ...     print(m.start, m.end, m.text, m.kind.value, m.key, m.rule)
    0 9 Pakistani country PAK demonym
    25 35 Imran Khan person imran-khan gazetteer
    49 52 Kim person kim-jong-un gazetteer
    56 65 Hong Kong place hong-kong gazetteer
    """
    matcher = _matcher(directory)
    return tuple(_resolve_people(_find(turn, matcher).mentions, matcher))


def extract_entities(
    briefing: Briefing, *, directory: Path | None = None
) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    """The mentions of every turn of a briefing, and every entity they refer to, described for RDF.

    Countries come with key = ISO3 and ``iso2``; people found by their titles get an entity labelled with the
    fullest form of their name in the briefing, serving the state the text names before the title or after
    "of" ("Pakistani Prime Minister X", "Prime Minister of Georgia X").

    >>> import datetime as dt
    >>> from kg.types import Exchange, Layout, Role, Source, Turn
    >>> q = Turn(Role.QUESTION, 1, None, "Foreign Minister Ivan Petrov of Ruritania visited the UN.")
    >>> a = Turn(Role.ANSWER, 1, "Lu Kang", "Petrov met the Chinese side.")
    >>> briefing = Briefing("b", Source("b.txt", "b.txt", "0"), Layout.TEXT, "t", dt.date(2019, 1, 2), False,
    ...     "Lu Kang", "MFA", (), (Exchange(1, q, a, None),))
    >>> mentions, entities = extract_entities(briefing)
    >>> for m in mentions:
    ...     print(m.turn, m.text, m.key, m.rule)
    e1q Ivan Petrov ivan-petrov titled-name
    e1q UN un gazetteer
    e1a Petrov ivan-petrov name-variant
    e1a Chinese CHN demonym
    >>> for e in sorted(entities, key=lambda e: e.key):
    ...     print(e.kind.value, e.key, e.label, e.iso2)
    country CHN China CN
    person ivan-petrov Ivan Petrov None
    organization un UN None
    """
    matcher = _matcher(directory)
    lexicon = matcher.lexicon
    turns = briefing.turns()
    mentions: list[Mention] = []
    serves: dict[str, str] = {}
    for turn in turns:
        findings = _find(turn, matcher)
        mentions.extend(findings.mentions)
        serves.update(findings.serves)
    mentions = _resolve_people(_name_variants(turns, mentions, matcher), matcher)
    entities: dict[tuple[EntityKind, str], Entity] = {}
    names: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        known = lexicon.entities.get((m.kind, m.key))
        if known is not None:
            entities.setdefault((m.kind, m.key), known)
        else:
            names[m.key].append(m.text)
    for key, written in names.items():
        label = max(written, key=lambda n: (len(_name_tokens(n)), len(n)))
        others = tuple(dict.fromkeys(n for n in written if n != label))
        entities[(EntityKind.PERSON, key)] = Entity(
            kind=EntityKind.PERSON, key=key, label=label, alt_labels=others, country=serves.get(key)
        )
    return tuple(mentions), tuple(entities.values())
