"""The lexicon stage: the act scheme of ``ontology/acts.ttl`` compiled for matching, and every cue match in a turn.

A cue is found where one pass of an Aho-Corasick automaton over the turn meets the literal opening of its pattern;
only then is the pattern itself tried there.

>>> lex = load_act_lexicon()
>>> [(cue.id, m.group()) for cue, m in match_cues(lex, "We firmly oppose this.") if cue.act == "oppose"]
[('oppose_verb', 'oppose')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick

from kg.cache import cache_name, read_cached, write_cached
from kg.errors import OntologyError
from kg.extract import regexcode
from kg.extract.actcues import ActCue as ActCue  # re-exported: the stages name it from here
from kg.extract.actcues import cue_fields, expand_fragments, pattern_fragments
from kg.extract.positions import openings as openings_module
from kg.extract.positions.grammar import TARGET_FRAGMENTS, TargetGrammar, grammar_sources
from kg.extract.positions.openings import (
    ANCHOR_LENGTH,
    MAX_OPENINGS,
    MIN_OPENING,
    OPENING_LENGTH,
    Folded,
    anchor_openings,
    fold,
    literal_openings,
    may_match,
    opening_guard,
    start_guard,
    tree_openings,
)
from kg.extract.quotes import QUOTES as QUOTES  # re-exported: the tests and stages name them from here
from kg.extract.quotes import straighten as straighten
from kg.extract.regexcode import Code, code_of, compiled, parse, register
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
GUARDED = ("neg", "report", "self_any")  # the patterns the learned check searches only where ``may_search`` says
CASELESS = int(re.IGNORECASE)  # flags as plain numbers: they name the patterns in the lexicon's compiled form


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
    no_organisations: frozenset[str] = frozenset()  # acts never aimed at an organisation (pk:organisationTarget "none")
    accusing: frozenset[str] = frozenset()  # acts aimed at a doer, never at the place (pk:accusesDoer)
    answering: frozenset[str] = frozenset()  # acts that, naming no one, answer the question (pk:answersQuestion)
    sharing_purpose: frozenset[str] = frozenset()  # acts whose purpose is the speaker's act too (pk:sharesPurpose)
    bilateral: frozenset[str] = frozenset()  # acts aimed at the question's partner in a sentence on the relation
    titled_state: frozenset[str] = frozenset()  # acts whose titled person's object is the question's state's
    # acts whose "all parties", "the relevant countries" are not the question's states (pk:partiesFromQuestion false)
    parties_apart: frozenset[str] = frozenset()
    groups: re.Pattern[str] = re.compile(r"(?!)")  # a group name of groups.ttl ("African countries")
    group_of: dict[str, EntityRef] = field(default_factory=dict)  # group_key(name) -> the organisation
    # GUARDED's patterns, each with an automaton of its literal openings or None where it has none (``may_search``);
    # pairs found by identity, not a dict: a pattern's own hash reads its whole compiled code (1.6 us for REPORT and
    # SELF, twice per look-up), which cost the sentence classifier more than the guards' own scans
    guards: tuple[tuple[re.Pattern[str], Any], ...] = ()
    # Patterns searched sentence by sentence, by their field's name ("groups", "grammar.everyone": a pattern's own
    # hash reads its whole code) -> an automaton of the literal openings of a part every match of them holds, or
    # None (``openings.start_guard``): a turn's reading tells from it the sentences that cannot hold a match
    # (``turn.Reading.may_find``), where a search would try the pattern at each of their characters.
    window_guards: dict[str, Any] = field(default_factory=dict)
    # cue id -> its compiled pattern's ``match``, filled as ``match_cues`` first tries each cue (compiling every
    # cue when the lexicon loads would cost a process that meets few of them)
    matchers: dict[str, Callable[[str, int], re.Match[str] | None]] = field(default_factory=dict, compare=False)


def group_key(name: str) -> str:
    """How a group name is looked up: lower case, one space, no leading "the".

    >>> group_key("The  African side")
    'african side'
    """
    return re.sub(r"^the ", "", " ".join(name.lower().split()))


def match_cues(lex: ActLexicon, norm: str) -> list[tuple[ActCue, re.Match[str]]]:
    """Every cue match in the turn, leftmost first: one pass of the anchor automaton finds where a cue may start,
    then only those cues are tried there (scanning each pattern over the whole turn is far slower)."""
    return match_folded(lex, norm, fold(norm))


def match_folded(lex: ActLexicon, norm: str, folded: Folded | None) -> list[tuple[ActCue, re.Match[str]]]:
    """``match_cues`` of a turn already folded (``openings.fold``: a turn's reading folds it once, for the cues
    and for the guards of its per-sentence searches, ``turn.Reading.may_find``)."""
    if folded is None:  # lower case is not what a case-blind cue matches: each is tried wherever a word starts
        return _sorted([*_tried_everywhere(lex, norm), *_unanchored(lex, norm)])
    lower, where = folded.lower, folded.where
    out: list[tuple[ActCue, re.Match[str]]] = []
    if len(lex.anchors):
        # A cue's compiled match, bound once per lexicon and process at the cue's first try (this loop makes
        # some 1,200 tries a briefing; looking the pattern up by its text at each cost a third of the loop).
        matchers = lex.matchers
        # No cue is found twice at one place: of two openings of a cue found there, one begins the other, and
        # only the shorter leads to the cue (_anchors).
        for last, (length, cues) in lex.anchors.iter(lower):
            start = last + 1 - length
            if start > 0 and ((before := lower[start - 1]).isalnum() or before == "_"):
                continue
            if where is not None:
                start = where[start]
            for cue in cues:
                if (match := matchers.get(cue.id)) is None:
                    match = matchers[cue.id] = compiled(cue.source, cue.flags).match
                if (m := match(norm, start)) is not None:
                    out.append((cue, m))
    return _sorted([*out, *_unanchored(lex, norm)])


def _unanchored(lex: ActLexicon, norm: str) -> list[tuple[ActCue, re.Match[str]]]:
    return [(cue, m) for cue in lex.unanchored for m in cue.pattern.finditer(norm)]


def _tried_everywhere(lex: ActLexicon, norm: str) -> list[tuple[ActCue, re.Match[str]]]:
    """Every anchored cue tried at every place the anchors could lead to (a word's start): what they would find
    if the text's lower case were what the cues match."""
    unanchored = {cue.id for cue in lex.unanchored}
    cues = [cue for cue in lex.cues.values() if cue.id not in unanchored]
    starts = [i for i in range(len(norm)) if i == 0 or not ((before := norm[i - 1]).isalnum() or before == "_")]
    return [(cue, m) for start in starts for cue in cues if (m := cue.pattern.match(norm, start)) is not None]


def _sorted(found: list[tuple[ActCue, re.Match[str]]]) -> list[tuple[ActCue, re.Match[str]]]:
    found.sort(key=lambda cm: (cm[1].start(), cm[0].id))
    return found


def may_search(lex: ActLexicon, pattern: re.Pattern[str], lower: str | None) -> bool:
    """False where ``pattern`` cannot match a text (``lower``: ``openings.lowered`` of it) because none of its
    literal openings occurs in it; the lexicon's own patterns (``GUARDED``) are guarded by the openings of its
    compiled form, any other (the learned check's conditionals) by its openings found once per process.

    >>> from kg.extract.positions.openings import lowered
    >>> lex = load_act_lexicon()
    >>> may_search(lex, lex.report, lowered("It is good.")), may_search(lex, lex.report, lowered("He said so."))
    (False, True)
    """
    for guarded, guard in lex.guards:
        if guarded is pattern:
            return may_match(guard, lower)
    return may_match(_guard(pattern), lower)


@cache
def _guard(pattern: re.Pattern[str]) -> Any:
    return opening_guard(literal_openings(pattern))


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
    group_of = _group_of(onto)
    sources = _pattern_sources(fragments, group_of, source=source)
    cue_openings, pattern_openings = _compiled_form(cues, sources, source=source)
    anchors, unanchored = _anchors(cues, cue_openings)
    return _lexicon(
        acts=tuple(scheme.notations.values()),
        cues=cues,
        anchors=anchors,
        unanchored=unanchored,
        patterns={key: compiled(pattern, flags) for key, (pattern, flags) in sources.items()},
        guarded=pattern_openings,
        named_organisations_only=_acts_where(onto, scheme, PK.organisationTarget, "named"),
        no_organisations=_acts_where(onto, scheme, PK.organisationTarget, "none"),
        accusing=_acts_where(onto, scheme, PK.accusesDoer, "true"),
        answering=_acts_where(onto, scheme, PK.answersQuestion, "true"),
        sharing_purpose=_acts_where(onto, scheme, PK.sharesPurpose, "true"),
        bilateral=_acts_where(onto, scheme, PK.bilateralPartner, "true"),
        titled_state=_acts_where(onto, scheme, PK.titledPersonState, "true"),
        parties_apart=_acts_where(onto, scheme, PK.partiesFromQuestion, "false"),
        group_of=group_of,
    )


def _group_of(onto: Ontology) -> dict[str, EntityRef]:
    """The group names of groups.ttl (``group_key`` of each) and the organisation each stands for."""
    return {
        group_key(name): EntityRef(EntityKind.ORGANIZATION, key)
        for key, names in group_names(onto).items()
        for name in names
    }


def _groups_source(group_of: dict[str, EntityRef]) -> str:
    """The group names as one pattern, the longest first."""
    return rf"(?<![\w-])(?:the\s+)?{_group_names_source(group_of)}(?![\w'-])"


def _group_names_source(group_of: dict[str, EntityRef]) -> str:
    names = sorted(group_of, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n).replace(r"\ ", " ").replace(" ", r"\s+") for n in names) + ")"


def _group_names_guard(group_of: dict[str, EntityRef]) -> Any:
    """The guard of the group pattern: the openings of the names alone, which every match holds (the pattern's own
    begin with "the " where the optional article comes first, and "the " is in nearly every sentence)."""
    return start_guard(literal_openings(re.compile(_group_names_source(group_of), CASELESS), ANCHOR_LENGTH))


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


def _compiled_form(
    cues: dict[str, ActCue], patterns: dict[str, tuple[str, int]], *, source: str
) -> tuple[dict[str, set[str] | None], dict[str, set[str] | None]]:
    """The literal openings of each cue (``openings.anchor_openings``) and of each other pattern of the lexicon
    (``openings.tree_openings``), and
    the engine's code of all of them (``kg.extract.regexcode``, registered for ``compiled``): read from the file
    keyed by exactly these patterns (``kg.cache``) where an earlier process wrote one, else made by
    parsing every pattern once (half a second) and written. A file is written only after every cue parsed (an
    invalid one is E533), so the patterns it names are valid; one that cannot be read is made again, the same."""
    described = [(c.id, c.source, c.flags) for c in cues.values()]
    material = [OPENING_LENGTH, ANCHOR_LENGTH, MIN_OPENING, MAX_OPENINGS, described, sorted(patterns.items())]
    name = cache_name("act-lexicon", material, derived_by=(openings_module, regexcode))
    stored: Any = read_cached(name)
    if not _well_formed(stored, cues, patterns):
        stored = _make_compiled_form(cues, patterns, source=source)
        write_cached(name, stored)
    register({(code[0], flags): code for flags, code in stored["codes"]})
    return _sets(stored["cues"]), _sets(stored["patterns"])


def _sets(openings: dict[str, list[str] | None]) -> dict[str, set[str] | None]:
    return {key: None if found is None else set(found) for key, found in openings.items()}


def _well_formed(stored: Any, cues: dict[str, ActCue], patterns: dict[str, tuple[str, int]]) -> bool:
    """Whether a value read from a file is a compiled form of these cues and patterns (a file of another shape,
    or a hash that collided, is made again)."""
    return (
        isinstance(stored, dict)
        and isinstance(stored.get("cues"), dict)
        and stored["cues"].keys() == cues.keys()
        and isinstance(stored.get("patterns"), dict)
        and stored["patterns"].keys() == patterns.keys()
        and isinstance(stored.get("codes"), list)
    )


def _make_compiled_form(
    cues: dict[str, ActCue], patterns: dict[str, tuple[str, int]], *, source: str
) -> dict[str, Any]:
    """Parse every pattern once: its openings and its code from the one parse tree."""
    codes: list[tuple[int, Code]] = []

    def parsed(pattern: str, flags: int, openings: Callable[[Any], set[str] | None]) -> set[str] | None:
        tree = parse(pattern, flags)
        if (code := code_of(tree, pattern, flags)) is not None:
            codes.append((int(flags), code))
        return openings(tree)

    found: dict[str, Any] = {"cues": {}, "patterns": {}}
    for cue in cues.values():
        try:
            openings = parsed(cue.source, cue.flags, anchor_openings)  # the cues' anchors
        except re.error as exc:
            raise OntologyError("E533", f"{cue.id}: invalid pattern: {exc}", path=source) from exc
        found["cues"][cue.id] = None if openings is None else sorted(openings)
    for key, (pattern, flags) in patterns.items():
        openings = parsed(pattern, flags, tree_openings)
        found["patterns"][key] = None if openings is None else sorted(openings)
    found["codes"] = codes
    return found


def _anchors(
    cues: dict[str, ActCue], found: dict[str, set[str] | None]
) -> tuple[ahocorasick.Automaton, tuple[ActCue, ...]]:
    """An automaton from each literal opening of a pattern ("oppos", "groun") to the cues that start with it, and
    the cues that have none."""
    anchored: dict[str, list[ActCue]] = defaultdict(list)
    unanchored: list[ActCue] = []
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


def _pattern_sources(
    fragments: dict[str, str], group_of: dict[str, EntityRef], *, source: str
) -> dict[str, tuple[str, int]]:
    """The text and flags of every pattern of the lexicon but the cues, by the field of ``ActLexicon`` it fills
    (``grammar.<field>`` for the target resolver's), built from the fragments."""

    def frag(name: str) -> str:
        return expand_fragments("{" + name + "}", fragments, where=name, source=source)

    sep = r"(?:\s*,\s*|\s+|(?=')|(?=n't))"
    # A word of MID ends at a word boundary, or where a contraction's "n't" follows ("haven't", "don't").
    mid = rf"(?:{sep}(?:{frag('MID')})(?:(?![\w'])|(?=n't)))*"
    self_ = rf"(?<![\w'-])(?:{frag('SELF')})"
    # "China and ASEAN", "China and most UN members": a joint subject of up to four words after China.
    joint = r"(?P<joint>\s+and\s+(?:[\w'-]+\s+){0,3}?[\w'-]+)?"
    sources = dict(
        subject_end=(rf"{self_}{joint}(?P<mid>{mid})[\s,]*$", CASELESS),
        # The verb is lower-case: "the FOCAC Beijing Summit" has no subject "Beijing".
        self_subject=(rf"{self_}{joint}(?P<mid>(?>{mid}))\s+(?P<verb>(?-i:[a-z])[\w'-]*)", CASELESS),
        # "We have seen relevant reports but are not aware of ...": "but" joins predicates of one subject too.
        coord_end=(rf"(?:\s*,(?:\s*(?:and|but))?|\s+(?:and|but))(?P<mid>{mid})[\s,]*$", CASELESS),
        coord_block=(rf"(?<![\w-])(?:{frag('COORD_BLOCK')})(?![\w-])|[;:?]", CASELESS),
        link=(rf"[\s,]*(?:(?:and|or|as well as)[\s,]+)?(?:(?:{frag('MID')})[\s,]+)*", CASELESS),
        # "we've said" speaks; "China's position" does not.
        self_any=(rf"{self_}(?![\w-])(?!'(?!(?:ve|ll|d|re|m)(?![\w])))", CASELESS),
        self_clause=(
            rf"[\s,]*(?:(?:{frag('OPENER')})[\s,]+)*{self_}(?>{mid})\s+(?!(?:{frag('SAY')})(?![\w]))[a-z]",
            CASELESS,
        ),
        self_and_end=(rf"{self_}\s+and\s+(?:the\s+)?$", CASELESS),
        anyone=(rf"(?<![\w])(?:{frag('ANYONE')})(?![\w])", CASELESS),
        neg=(rf"(?<![\w])(?:{frag('NEG')})(?![\w])|n't", CASELESS),
        report=(rf"(?<![\w-])(?:{frag('REPORT')})(?![\w-])", CASELESS),
        generic_at=(rf"(?:{frag('GENERIC')})(?![\w])", CASELESS),
        parties_at=(rf"(?:{frag('PARTIES')})(?![\w])", CASELESS),
        generic_end=(rf"(?<![\w])(?:{frag('GENERIC')}){mid}\s*$", CASELESS),
        pair_at=(rf"(?:{frag('PAIR')})(?![\w])", CASELESS),
        deictic_at=(rf"(?:{frag('DEICTIC')})(?![\w])", CASELESS),
        deictic_any=(rf"(?<![\w])(?:{frag('DEICTIC')})(?![\w])", CASELESS),
        deictic_end=(rf"(?<![\w])(?:{frag('DEICTIC')})(?:\s+(?:{frag('HEAD')}))*{mid}\s*$", CASELESS),
        pronoun_at=(rf"(?:{frag('PRONOUN')})(?![\w])", CASELESS),
        refer_any=(rf"(?<![\w])(?:{frag('PRONOUN')}|{frag('ANAPHOR')})(?![\w])", CASELESS),
        refer_start=(
            rf"[\s,]*(?:(?:{frag('OPENER')})[\s,]+)*(?:{frag('PRONOUN')}|{frag('ANAPHOR')})(?![\w])",
            CASELESS,
        ),
        head_gap=(rf"(?:'s?)?(?:\s+(?:{frag('HEAD')}))*{mid}\s*", CASELESS),
        intensity=(rf"(?<![\w])(?:{frag('INTENSITY')})(?![\w])", CASELESS),
        advice=(rf"(?<![\w])(?:{frag('ADVICE')})\s+(?:[\w'-]+\s+){{0,6}}$", CASELESS),
        scope_break=(rf"(?<![\w])(?:{frag('SCOPE_BREAK')})(?![\w])", CASELESS),
        noun_before=(rf"(?<![\w])(?:{frag('NOUN_MARK')})\s+$", CASELESS),
        place_subject=(rf"(?:'s?)?(?:\s+[a-z-]+){{0,2}}?\s+(?:{frag('PLACE_VERB')})(?![\w])", 0),
        passive_before=(rf"(?<![\w])(?:{frag('BE')})\s+(?:[a-z]+ly\s+)?$", CASELESS),
        pronoun_subject=(rf"(?<![\w'])({frag('SUBJECT_PRONOUN')})\s+(?:(?:{frag('SUBJECT_ADVERB')})\s+)*$", CASELESS),
        words_as_object=(rf"(?<![\w])(?:what|as|like)\s+(?:{frag('OTHER_SPEAKER')})\s+(?:just\s+)?$", CASELESS),
    )
    sources |= {f"grammar.{key}": value for key, value in grammar_sources(frag).items()}
    if group_of:
        sources["groups"] = (_groups_source(group_of), CASELESS)
    return sources


def _lexicon(*, patterns: dict[str, re.Pattern[str]], guarded: dict[str, set[str] | None], **values: Any) -> ActLexicon:
    """The lexicon from its compiled patterns (``_pattern_sources``' keys), the openings of the patterns that
    ``may_search`` guards, and its other values."""
    grammar = TargetGrammar(**{k.removeprefix("grammar."): p for k, p in patterns.items() if k.startswith("grammar.")})
    own: dict[str, Any] = {key: pattern for key, pattern in patterns.items() if not key.startswith("grammar.")}
    guards = tuple((own[key], opening_guard(guarded[key])) for key in GUARDED)
    window_guards = {"grammar.everyone": start_guard(guarded["grammar.everyone"])}
    if "groups" in own:
        window_guards["groups"] = _group_names_guard(values["group_of"])
    return ActLexicon(grammar=grammar, guards=guards, window_guards=window_guards, **own, **values)
