"""The lexicon stage: the act scheme of ``ontology/acts.ttl`` compiled for matching, and every cue match in a turn.

A cue is found where one pass of an Aho-Corasick automaton over the turn meets the literal opening of its pattern;
only then is the pattern itself tried there.

>>> lex = load_act_lexicon()
>>> [(cue.id, m.group()) for cue, m in match_cues(lex, "We firmly oppose this.") if cue.act == "oppose"]
[('oppose_verb', 'oppose')]
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from kg.errors import OntologyError
from kg.extract.actcues import ActCue as ActCue  # re-exported: the stages name it from here
from kg.extract.actcues import compiled, cue_fields, expand_fragments, pattern_fragments
from kg.extract.positions.grammar import TARGET_FRAGMENTS, TargetGrammar, target_grammar
from kg.namespace import PK
from kg.ontology import (
    ActCues,
    Ontology,
    Scheme,
    act_cues,
    act_scheme,
    group_names,
    load_ontology,
    ontology_dir,
    target_fragments,
)
from kg.profiles import profile
from kg.types import EntityKind, EntityRef

FRAMES = ("self", "self_to", "participle", "other", "any", "modal", "modal_generic")
TARGETS = ("after", "partner", "clause", "sentence", "question", "asked", "context", "subject", "mention", "none")
FRAGMENTS = (
    "SELF", "MID", "NEG", "REPORT", "SAY", "GENERIC", "ANYONE", "DEICTIC", "PRONOUN", "ANAPHOR", "HEAD", "INTENSITY",
    "COORD_BLOCK", "PAIR", "PARTIES", "ADVICE", "SCOPE_BREAK", "NOUN_MARK", "PLACE_VERB",
    "BE", "SUBJECT_PRONOUN", "SUBJECT_ADVERB", "OTHER_SPEAKER", "OPENER",
)  # fmt: skip
# Typographic quotes and no-break spaces map one character to one, so offsets into the turn stay valid.
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


@dataclass(frozen=True, slots=True)
class ActLexicon:
    """The act scheme compiled for matching: one union pattern per act and the shared fragments."""

    acts: tuple[str, ...]
    cues: dict[str, ActCue]
    anchors: ahocorasick.Automaton  # lower-cased literal openings of the cue patterns -> cues
    unanchored: tuple[ActCue, ...]  # cues whose pattern has no literal opening: searched in full
    subject_end: re.Pattern[str]  # SELF MID* at the end of a span ("China and ASEAN will" counts: a joint subject)
    self_subject: re.Pattern[str]  # SELF MID* and the verb that follows, for a coordinated predicate
    coord_end: re.Pattern[str]  # "... and firmly", ", and has": a second predicate opening at the end of a span
    coord_block: re.Pattern[str]  # words that end the reach of a subject over a later predicate
    link: re.Pattern[str]  # nothing but a conjunction and adverbs between two acts
    self_any: re.Pattern[str]
    self_clause: re.Pattern[str]  # a clause whose subject is the speaker's side and whose verb is not one of saying
    self_and_end: re.Pattern[str]  # "China and " just before an actor: a joint subject
    anyone: re.Pattern[str]
    neg: re.Pattern[str]
    report: re.Pattern[str]
    generic_at: re.Pattern[str]
    parties_at: re.Pattern[str]  # the part of GENERIC that means the actors the exchange is about
    generic_end: re.Pattern[str]
    pair_at: re.Pattern[str]  # "the two sides", "both countries": the two actors just named, if any
    deictic_at: re.Pattern[str]
    deictic_any: re.Pattern[str]
    deictic_end: re.Pattern[str]
    pronoun_at: re.Pattern[str]
    refer_any: re.Pattern[str]  # a pronoun or anaphor anywhere
    refer_start: re.Pattern[str]  # a pronoun or anaphor opening a clause
    head_gap: re.Pattern[str]  # between an actor and its verb: "'s side", " politicians"
    intensity: re.Pattern[str]
    advice: re.Pattern[str]  # a verb of advice just before an evaluation ("avoid", "refrain from")
    scope_break: re.Pattern[str]  # a word that ends a negation's scope
    noun_before: re.Pattern[str]  # a determiner that makes the reporting word after it a noun
    place_subject: re.Pattern[str]  # a place heading a subject: up to two words, then its verb
    passive_before: re.Pattern[str]  # a form of "be" just before a reporting word
    pronoun_subject: re.Pattern[str]  # a pronoun subject (group 1) just before a cue
    words_as_object: re.Pattern[str]  # "what you", "as he": someone else's words as the object
    grammar: TargetGrammar  # the target resolver's patterns (ontology/targets.ttl)
    named_organisations_only: frozenset[str] = frozenset()  # acts whose organisation target must be named
    accusing: frozenset[str] = frozenset()  # acts aimed at a doer, never at the place (pk:accusesDoer)
    answering: frozenset[str] = frozenset()  # acts that, naming no one, answer the question (pk:answersQuestion)
    # acts whose "all parties", "the relevant countries" are not the question's states (pk:partiesFromQuestion false)
    parties_apart: frozenset[str] = frozenset()
    groups: re.Pattern[str] = re.compile(r"(?!)")  # a group name of groups.ttl ("African countries")
    group_of: dict[str, EntityRef] = field(default_factory=dict)  # group_key(name) -> the organisation


def group_key(name: str) -> str:
    """How a group name is looked up: lower case, one space, no leading "the".

    >>> group_key("The  African side")
    'african side'
    """
    return re.sub(r"^the ", "", " ".join(name.lower().split()))


def match_cues(lex: ActLexicon, norm: str) -> list[tuple[ActCue, re.Match[str]]]:
    """Every cue match in the turn, leftmost first: one pass of the anchor automaton finds where a cue may start,
    then only those cues are tried there (scanning each pattern over the whole turn is far slower)."""
    lower = norm.lower()
    if len(lower) != len(norm):
        lower = "".join(ch.lower()[0] for ch in norm)
    # Anchors spell a pattern's space as one space; readers leave single spaces, so collapsing runs (with a map
    # back to the text's offsets) is rarely needed.
    lower = WHITESPACE.sub(" ", lower)
    where: list[int] | None = None
    if "  " in lower:
        where = [m.start() for m in NOT_SECOND_SPACE.finditer(lower)]
        lower = SPACES.sub(" ", lower)
    out: list[tuple[ActCue, re.Match[str]]] = []
    if len(lex.anchors):
        # No cue is found twice at one place: of two openings of a cue found there, one begins the other, and
        # only the shorter leads to the cue (_anchors).
        for last, (length, cues) in lex.anchors.iter(lower):
            start = last + 1 - length
            if start > 0 and ((before := lower[start - 1]).isalnum() or before == "_"):
                continue
            if where is not None:
                start = where[start]
            for cue in cues:
                if (m := compiled(cue.source, cue.flags).match(norm, start)) is not None:
                    out.append((cue, m))
    for cue in lex.unanchored:
        out.extend((cue, m) for m in cue.pattern.finditer(norm))
    out.sort(key=lambda cm: (cm[1].start(), cm[0].id))
    return out


def load_act_lexicon(directory: Path | None = None, *, profile_key: str = "fmprc") -> ActLexicon:
    """The act scheme of the ontology folder (every ``*.ttl`` in it), compiled once per folder and profile:
    the SELF fragment, the speaker's side, is the profile's ``self_pattern`` (``ontology/profiles.ttl``).

    >>> lexicon = load_act_lexicon()
    >>> len(lexicon.acts), lexicon.cues["oppose_verb"].act
    (13, 'oppose')
    """
    # The profile of the same folder: another folder's profiles.ttl may name the speaker's side otherwise.
    return _load_lexicon(directory or ontology_dir(), profile(profile_key, directory).self_pattern)


@cache
def _load_lexicon(directory: Path, self_pattern: str) -> ActLexicon:
    onto = load_ontology(directory)
    scheme = act_scheme(onto)
    data = act_cues(onto)
    source = ", ".join(sorted(set(scheme.sources.values()))) or str(directory)
    # SELF, the speaker's side, is the briefing's institution's (its profile's pf:selfPattern).
    fragments = pattern_fragments(data.fragments) | {"SELF": self_pattern}
    missing = [name for name in FRAGMENTS if name not in fragments]
    if missing:
        raise OntologyError("E532", f"pk:Acts lacks fragments {missing}", path=source, hint="define them on pk:Acts")
    cues = _act_cues(scheme, data, fragments, source=source)
    # The target resolver's word lists (targets.ttl), checked once the cues are.
    targeting = pattern_fragments(target_fragments(onto))
    if clash := sorted(set(targeting) & set(fragments)):
        raise OntologyError(
            "E580",
            f"pk:targetFragment names {clash} already used by pk:fragment",
            path=source,
            hint="give each target fragment a name of its own (ontology/targets.ttl)",
        )
    fragments |= targeting
    if missing := [name for name in TARGET_FRAGMENTS if name not in fragments]:
        raise OntologyError(
            "E581",
            f"pk:Acts lacks target fragments {missing}",
            path=source,
            hint="define them by pk:targetFragment (ontology/targets.ttl)",
        )
    anchors, unanchored = _anchors(cues, source=source)
    lexicon = _lexicon(tuple(scheme.notations.values()), cues, anchors, unanchored, fragments, source=source)
    return replace(
        lexicon,
        named_organisations_only=_acts_where(onto, scheme, PK.organisationTarget, "named"),
        accusing=_acts_where(onto, scheme, PK.accusesDoer, "true"),
        answering=_acts_where(onto, scheme, PK.answersQuestion, "true"),
        parties_apart=_acts_where(onto, scheme, PK.partiesFromQuestion, "false"),
        **_groups(onto),
    )


def _groups(onto: Ontology) -> dict[str, Any]:
    """The group names of groups.ttl as one pattern, and the organisation each stands for."""
    group_of = {
        group_key(name): EntityRef(EntityKind.ORGANIZATION, key)
        for key, names in group_names(onto).items()
        for name in names
    }
    if not group_of:
        return {}
    names = sorted(group_of, key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", " ").replace(" ", r"\s+") for n in names)
    return {"groups": re.compile(rf"(?<![\w-])(?:the\s+)?(?:{alternatives})(?![\w'-])", re.I), "group_of": group_of}


def _acts_where(onto: Ontology, scheme: Scheme, predicate: str, value: str) -> frozenset[str]:
    """The notations of the acts whose ``predicate`` is ``value`` (acts.ttl)."""
    return frozenset(
        scheme.notations[s]
        for file in onto.files
        for s, p, o, _kind in file.rows
        if p == predicate and o == value and s in scheme.notations
    )


def _act_cues(scheme: Scheme, data: ActCues, fragments: dict[str, str], *, source: str) -> dict[str, ActCue]:
    """Every act's cues, checked and compiled, by cue id."""

    cues: dict[str, ActCue] = {}
    for iri, notation in scheme.notations.items():
        where = scheme.sources[iri]
        for node in data.cues.get(iri, ()):
            cue_id, frame, polarity, target, pattern = cue_fields(notation, node, frames=FRAMES, targets=TARGETS)
            if cue_id in cues:
                raise OntologyError("E536", f"cue id {cue_id!r} used twice", path=where, hint="rename one")
            # The start is checked for a word boundary where the automaton finds it; the end is checked here.
            body = rf"(?:{expand_fragments(pattern, fragments, where=cue_id, source=source)})(?![\w])"
            cues[cue_id] = ActCue(cue_id, notation, frame, polarity, target, body, re.I)
    return cues


def _checked(cues: dict[str, ActCue], *, source: str) -> None:
    """Compile every cue, refusing an invalid pattern (E533)."""
    for cue in cues.values():
        try:
            cue.pattern  # noqa: B018 - compiled for the check (and kept: kg.extract.actcues.compiled)
        except re.error as exc:
            raise OntologyError("E533", f"{cue.id}: invalid pattern: {exc}", path=source) from exc


def cache_dir() -> Path:
    """Where presskg keeps what it derives once per ontology: ``$PRESSKG_CACHE``, else ``$XDG_CACHE_HOME/presskg``,
    else ``~/.cache/presskg``."""
    given = os.environ.get("PRESSKG_CACHE")
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "presskg"


def _cue_openings(cues: dict[str, ActCue], *, source: str) -> dict[str, set[str] | None]:
    """Each cue's literal openings (:func:`_openings`), read from a file keyed by the cues' patterns where an
    earlier process wrote one: finding them parses every pattern (half a second per process). A file is written
    only after every pattern compiled (E533 otherwise), so the patterns it names are valid; one that cannot be
    read or written is made again, with the same result."""
    described = [(c.id, c.source, c.flags) for c in cues.values()]
    text = json.dumps([OPENING_LENGTH, MIN_OPENING, MAX_OPENINGS, sys.version_info[:2], described])
    name = f"act-openings-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:24]}.json"
    unusable = (OSError, ValueError, TypeError, AttributeError, RuntimeError)  # RuntimeError: no home folder
    with contextlib.suppress(*unusable):
        stored = json.loads((cache_dir() / name).read_text(encoding="utf-8"))
        return {cue_id: None if found is None else set(found) for cue_id, found in stored.items()}
    _checked(cues, source=source)
    openings = {cue.id: _openings(cue.pattern) for cue in cues.values()}
    with contextlib.suppress(*unusable):
        path = cache_dir() / name
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({k: None if v is None else sorted(v) for k, v in openings.items()}), "utf-8")
        os.replace(tmp, path)
    return openings


def _anchors(cues: dict[str, ActCue], *, source: str) -> tuple[ahocorasick.Automaton, tuple[ActCue, ...]]:
    """An automaton from each literal opening of a pattern ("oppos", "groun") to the cues that start with it, and
    the cues that have none."""
    anchored: dict[str, list[ActCue]] = defaultdict(list)
    unanchored: list[ActCue] = []
    found = _cue_openings(cues, source=source)
    for cue in cues.values():
        openings = found.get(cue.id)
        if openings is None:
            unanchored.append(cue)
        for opening in openings or ():
            anchored[opening].append(cue)
    anchors = ahocorasick.Automaton()
    for opening, with_it in anchored.items():
        # Where a shorter opening of the same cue begins this one ("will " of "will never"), both are found at the
        # same place: the cue is tried from the shorter alone, so a place and cue are tried once.
        shorter = {cue.id for n in range(1, len(opening)) for cue in anchored.get(opening[:n], ())}
        if own := tuple(cue for cue in with_it if cue.id not in shorter):
            anchors.add_word(opening, (len(opening), own))
    if len(anchors):
        anchors.make_automaton()
    return anchors, tuple(unanchored)


def _lexicon(
    acts: tuple[str, ...],
    cues: dict[str, ActCue],
    anchors: ahocorasick.Automaton,
    unanchored: tuple[ActCue, ...],
    fragments: dict[str, str],
    *,
    source: str,
) -> ActLexicon:
    """The lexicon, with the grammar's patterns built from the fragments."""

    def frag(name: str) -> str:
        return expand_fragments("{" + name + "}", fragments, where=name, source=source)

    sep = r"(?:\s*,\s*|\s+|(?=')|(?=n't))"
    # A word of MID ends at a word boundary, or where a contraction's "n't" follows ("haven't", "don't").
    mid = rf"(?:{sep}(?:{frag('MID')})(?:(?![\w'])|(?=n't)))*"
    self_ = rf"(?<![\w'-])(?:{frag('SELF')})"
    # "China and ASEAN", "China and most UN members": a joint subject of up to four words after China.
    joint = r"(?P<joint>\s+and\s+(?:[\w'-]+\s+){0,3}?[\w'-]+)?"
    return ActLexicon(
        acts=acts,
        cues=cues,
        anchors=anchors,
        unanchored=unanchored,
        subject_end=re.compile(rf"{self_}{joint}(?P<mid>{mid})[\s,]*$", re.I),
        # The verb is lower-case: "the FOCAC Beijing Summit" has no subject "Beijing".
        self_subject=re.compile(rf"{self_}{joint}(?P<mid>(?>{mid}))\s+(?P<verb>(?-i:[a-z])[\w'-]*)", re.I),
        coord_end=re.compile(rf"(?:\s*,(?:\s*and)?|\s+and)(?P<mid>{mid})[\s,]*$", re.I),
        coord_block=re.compile(rf"(?<![\w-])(?:{frag('COORD_BLOCK')})(?![\w-])|[;:?]", re.I),
        link=re.compile(rf"[\s,]*(?:(?:and|or|as well as)[\s,]+)?(?:(?:{frag('MID')})[\s,]+)*", re.I),
        # "we've said" speaks; "China's position" does not.
        self_any=re.compile(rf"{self_}(?![\w-])(?!'(?!(?:ve|ll|d|re|m)(?![\w])))", re.I),
        self_clause=re.compile(
            rf"[\s,]*(?:(?:{frag('OPENER')})[\s,]+)*{self_}(?>{mid})\s+(?!(?:{frag('SAY')})(?![\w]))[a-z]", re.I
        ),
        self_and_end=re.compile(rf"{self_}\s+and\s+(?:the\s+)?$", re.I),
        anyone=re.compile(rf"(?<![\w])(?:{frag('ANYONE')})(?![\w])", re.I),
        neg=re.compile(rf"(?<![\w])(?:{frag('NEG')})(?![\w])|n't", re.I),
        report=re.compile(rf"(?<![\w-])(?:{frag('REPORT')})(?![\w-])", re.I),
        generic_at=re.compile(rf"(?:{frag('GENERIC')})(?![\w])", re.I),
        parties_at=re.compile(rf"(?:{frag('PARTIES')})(?![\w])", re.I),
        generic_end=re.compile(rf"(?<![\w])(?:{frag('GENERIC')}){mid}\s*$", re.I),
        pair_at=re.compile(rf"(?:{frag('PAIR')})(?![\w])", re.I),
        deictic_at=re.compile(rf"(?:{frag('DEICTIC')})(?![\w])", re.I),
        deictic_any=re.compile(rf"(?<![\w])(?:{frag('DEICTIC')})(?![\w])", re.I),
        deictic_end=re.compile(rf"(?<![\w])(?:{frag('DEICTIC')})(?:\s+(?:{frag('HEAD')}))*{mid}\s*$", re.I),
        pronoun_at=re.compile(rf"(?:{frag('PRONOUN')})(?![\w])", re.I),
        refer_any=re.compile(rf"(?<![\w])(?:{frag('PRONOUN')}|{frag('ANAPHOR')})(?![\w])", re.I),
        refer_start=re.compile(
            rf"[\s,]*(?:(?:{frag('OPENER')})[\s,]+)*(?:{frag('PRONOUN')}|{frag('ANAPHOR')})(?![\w])", re.I
        ),
        head_gap=re.compile(rf"(?:'s?)?(?:\s+(?:{frag('HEAD')}))*{mid}\s*", re.I),
        intensity=re.compile(rf"(?<![\w])(?:{frag('INTENSITY')})(?![\w])", re.I),
        advice=re.compile(rf"(?<![\w])(?:{frag('ADVICE')})\s+(?:[\w'-]+\s+){{0,6}}$", re.I),
        scope_break=re.compile(rf"(?<![\w])(?:{frag('SCOPE_BREAK')})(?![\w])", re.I),
        noun_before=re.compile(rf"(?<![\w])(?:{frag('NOUN_MARK')})\s+$", re.I),
        place_subject=re.compile(rf"(?:'s?)?(?:\s+[a-z-]+){{0,2}}?\s+(?:{frag('PLACE_VERB')})(?![\w])"),
        passive_before=re.compile(rf"(?<![\w])(?:{frag('BE')})\s+(?:[a-z]+ly\s+)?$", re.I),
        pronoun_subject=re.compile(
            rf"(?<![\w'])({frag('SUBJECT_PRONOUN')})\s+(?:(?:{frag('SUBJECT_ADVERB')})\s+)*$", re.I
        ),
        words_as_object=re.compile(rf"(?<![\w])(?:what|as|like)\s+(?:{frag('OTHER_SPEAKER')})\s+(?:just\s+)?$", re.I),
        grammar=target_grammar(frag),
    )


WHITESPACE = re.compile(r"\s")
SPACES = re.compile(r" {2,}")
NOT_SECOND_SPACE = re.compile(r"(?<! ) |[^ ]", re.S)  # each character that survives collapsing
OPENING_LENGTH = 5  # characters of a pattern's literal opening used as its anchor
MIN_OPENING = 2
MAX_OPENINGS = 256


def _openings(pattern: re.Pattern[str]) -> set[str] | None:
    r"""The lower-cased literal strings (up to ``OPENING_LENGTH`` characters) every match of ``pattern`` starts
    with, or None where some match may start otherwise (then the pattern is searched in full).

    Reads the parse tree of the ``re`` module (``re._parser``); should that change, every cue is simply
    searched in full, which is slower but gives the same positions.

    A run of whitespace (``\s+``) is spelled as one space, since the text is searched with its runs collapsed:

    >>> sorted(_openings(re.compile(r"(?:firm|strong)\s+opposition|oppos(?:e|es)", re.I)))
    ['firm ', 'oppos', 'stron']
    """
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern.pattern, pattern.flags)
        found = _sequence_openings(list(tree), _constants)
    except Exception:  # a private API: any surprise means "no anchors", never a wrong answer
        return None
    if found is None or any(len(text) < MIN_OPENING for text, _ in found):
        return None
    return {text.lower() for text, _ in found}


def _sequence_openings(items: list[Any], c: Any) -> set[tuple[str, bool]] | None:
    """(text, whole) pairs for a sequence of parse items; ``whole`` says the text is all the items match."""
    acc: set[tuple[str, bool]] = {("", True)}
    for op, av in items:
        if all(not whole or len(text) >= OPENING_LENGTH for text, whole in acc):
            break
        step = _item_openings(op, av, c)
        if step is None:
            return None
        nxt: set[tuple[str, bool]] = set()
        for text, whole in acc:
            if not whole or len(text) >= OPENING_LENGTH:
                nxt.add((text[:OPENING_LENGTH], False))
                continue
            for more, more_whole in step:
                joined = text + more
                nxt.add((joined[:OPENING_LENGTH], more_whole and len(joined) < OPENING_LENGTH))
        if len(nxt) > MAX_OPENINGS:
            return None
        acc = nxt
    return acc


def _item_openings(op: Any, av: Any, c: Any) -> set[tuple[str, bool]] | None:
    if op is c.LITERAL:
        return {(chr(av), True)}
    if op is c.IN:
        chars = [chr(v) for kind, v in av if kind is c.LITERAL]
        if len(chars) == len(av) and len(chars) <= 4:
            return {(ch, True) for ch in chars}
        return {("", False)}
    if op is c.BRANCH:
        out: set[tuple[str, bool]] = set()
        for branch in av[1]:
            sub = _sequence_openings(list(branch), c)
            if sub is None:
                return None
            out |= sub
        return out
    if op is c.SUBPATTERN:
        return _sequence_openings(list(av[-1]), c)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, high, body = av
        if low == 1 and list(body) == [(c.IN, [(c.CATEGORY, c.CATEGORY_SPACE)])]:
            return {(" ", True)}  # a space in a pattern: the anchors run over text with whitespace runs collapsed
        sub = _sequence_openings(list(body), c)
        if sub is None:
            return None
        once = sub if (low, high) == (1, 1) else {(text, False) for text, _ in sub}
        return once | ({("", True)} if low == 0 else set())
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {("", True)}  # zero-width: the opening continues after it
    return {("", False)}
