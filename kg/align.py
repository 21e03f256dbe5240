"""The English briefings linked to their Chinese originals, exchange by exchange (``pk:translationOf``).

The ministry publishes each press conference in Chinese and, the same day, an English translation that
sometimes drops an exchange (rarely, adds one). A translation and its original share a date and a
spokesperson; their exchanges come in the same order and name the same states, organisations, people and
places (one IRI in both languages), the same numbers, the same outlet; and a long answer stays long.

- Briefings pair where the date and spokesperson agree and the languages differ; where several Chinese
  briefings could be the original, the one whose exchanges align best wins.
- Exchanges align by dynamic programming over a similarity matrix (Needleman-Wunsch with free gaps): a pair
  counts where its similarity passes ``MIN_SIMILARITY``, order is kept, and an exchange one side lacks is a gap
  instead of shifting every later link.

The similarity of an English and a Chinese exchange (0 to 1) weighs: the overlap of the entities the two name
(China aside: it is named everywhere), of the numbers they print, the outlet where both name one, how their
lengths compare (relative to the pair's overall ratio of English to Chinese characters), and how near their
places in the two briefings are.

>>> en = BriefingSignature("t1", "en", "2018-05-11", "Geng Shuang", (
...     ExchangeSignature(1, frozenset({"country/FRA"}), frozenset(), None, 900),
...     ExchangeSignature(2, frozenset({"country/PRK", "country/USA"}), frozenset({"12"}), None, 400),
...     ExchangeSignature(3, frozenset({"country/JPN"}), frozenset(), None, 600)))
>>> zh = BriefingSignature("t2", "zh", "2018-05-11", "Geng Shuang", (
...     ExchangeSignature(1, frozenset({"country/FRA"}), frozenset(), None, 400),
...     ExchangeSignature(2, frozenset({"country/ARG"}), frozenset(), None, 300),
...     ExchangeSignature(3, frozenset({"country/PRK", "country/USA"}), frozenset({"12"}), None, 180),
...     ExchangeSignature(4, frozenset({"country/JPN"}), frozenset(), None, 260)))
>>> align_exchanges(en, zh)
((1, 1), (2, 3), (3, 4))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pyoxigraph as ox

from kg.namespace import ID_IRI, PK, PREFIXES, RDF_TYPE, XSD
from kg.profiles import profile
from kg.rdf import ALIGNMENT_GRAPH, briefing_iri
from kg.types import EntityKind, Extraction

_XSD_DATE = ox.NamedNode(XSD + "date")
SELF = "country/" + profile("fmprc").state  # the ministry's own state, named in nearly every exchange: no evidence
MIN_SIMILARITY = 0.2  # below it, two exchanges are not taken for each other
MIN_BRIEFING_SCORE = 0.3  # mean similarity of a briefing pair's links (per English exchange) that makes it a pair
# How much each clue counts; they sum to 1.
WEIGHTS = {"entities": 0.45, "numbers": 0.15, "outlet": 0.1, "length": 0.15, "place": 0.15}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
CJK = re.compile(r"[\u4e00-\u9fff]")
TURN_KEY = re.compile(r"e(\d+)[qa]")  # an exchange's turn key: e3q, e3a, e3q2 (a later part)


@dataclass(frozen=True, slots=True)
class ExchangeSignature:
    """What an exchange's translation keeps: whom and what it names, its numbers, its outlet, its length."""

    ordinal: int
    entities: frozenset[str]  # "country/USA", "org/who", "person/joe-biden", "place/taiwan"
    numbers: frozenset[str]
    outlet: str | None
    length: int  # characters of all its turns (question, answer, and the later parts of a follow-up)


@dataclass(frozen=True, slots=True)
class BriefingSignature:
    key: str
    language: str
    date: str | None  # ISO date
    spokesperson: str | None
    exchanges: tuple[ExchangeSignature, ...]


@dataclass(frozen=True, slots=True)
class BriefingAlignment:
    """An English briefing, its Chinese original, and the exchanges linked: (English ordinal, Chinese ordinal)."""

    translation: str  # the English briefing's key
    original: str  # the Chinese briefing's key
    exchanges: tuple[tuple[int, int], ...]
    score: float


_KIND_SEGMENT = {
    EntityKind.COUNTRY: "country",
    EntityKind.PLACE: "place",
    EntityKind.ORGANIZATION: "org",
    EntityKind.PERSON: "person",
}


def numbers_in(text: str) -> frozenset[str]:
    """The numbers of two digits or more a text prints, without their thousands separators.

    >>> sorted(numbers_in("On May 11, 2,000 people and 3.5 tons; 第5次"))
    ['11', '2000', '3.5']
    """
    out = set()
    for m in NUMBER.finditer(text):
        value = m.group(0)
        value = value.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", value) else value
        if len(value.replace(".", "")) >= 2:
            out.add(value)
    return frozenset(out)


def signature_of(found: Extraction) -> BriefingSignature:
    """The alignment signature of one extracted briefing."""
    b = found.briefing
    named: dict[int, set[str]] = defaultdict(set)
    for m in found.mentions:
        segment = _KIND_SEGMENT.get(m.kind)
        turn = TURN_KEY.match(m.turn)
        if segment is not None and turn is not None:
            named[int(turn.group(1))].add(f"{segment}/{m.key}")
    exchanges = []
    for ex in b.exchanges:
        # every turn: the Chinese reader keeps a reporter's follow-ups in ``later`` of one exchange
        text = "\n".join(t.text for t in ex.turns())
        outlet = ex.outlet.key if ex.outlet is not None and ex.outlet.known else None
        exchanges.append(
            ExchangeSignature(ex.ordinal, frozenset(named[ex.ordinal] - {SELF}), numbers_in(text), outlet, len(text))
        )
    date = b.date.isoformat() if b.date else None
    return BriefingSignature(b.key, b.language, date, b.spokesperson, tuple(exchanges))


def _overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    """Dice overlap of two sets; None where both are empty (no evidence either way)."""
    if not a and not b:
        return None
    return 2 * len(a & b) / (len(a) + len(b))


def similarity(en: ExchangeSignature, zh: ExchangeSignature, ratio: float, place: float) -> float:
    """How alike two exchanges are, 0 to 1; ``ratio`` is the pair's English/Chinese length ratio, ``place`` how
    near their relative positions are (1 where equal)."""
    clues: dict[str, float | None] = {
        "entities": _overlap(en.entities, zh.entities),
        "numbers": _overlap(en.numbers, zh.numbers),
        "outlet": None if en.outlet is None or zh.outlet is None else float(en.outlet == zh.outlet),
        "length": _length_fit(en.length, zh.length * ratio),
        "place": place,
    }
    if en.entities or zh.entities:  # one side naming someone the other does not is evidence against
        clues["entities"] = clues["entities"] or 0.0
    known = {k: v for k, v in clues.items() if v is not None}
    total = sum(WEIGHTS[k] for k in known)
    return sum(WEIGHTS[k] * v for k, v in known.items()) / total if total else 0.0


def _length_fit(a: float, b: float) -> float:
    return min(a, b) / max(a, b) if a > 0 and b > 0 else 0.0


def _ratio(en: BriefingSignature, zh: BriefingSignature) -> float:
    """English characters per Chinese character over the two briefings' exchanges."""
    zh_chars = sum(e.length for e in zh.exchanges)
    return sum(e.length for e in en.exchanges) / zh_chars if zh_chars else 1.0


def _matrix(en: BriefingSignature, zh: BriefingSignature, ratio: float) -> list[list[float]]:
    n, m = len(en.exchanges), len(zh.exchanges)
    return [
        [similarity(a, b, ratio, 1.0 - abs((i + 0.5) / n - (j + 0.5) / m)) for j, b in enumerate(zh.exchanges)]
        for i, a in enumerate(en.exchanges)
    ]


def _best_path(sim: Sequence[Sequence[float]]) -> tuple[float, list[tuple[int, int]]]:
    """The monotone set of links maximising the sum of (similarity - MIN_SIMILARITY); gaps cost nothing."""
    n = len(sim)
    m = len(sim[0]) if n else 0
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip English, 1 skip Chinese, 2 link
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = (score[i - 1][j], score[i][j - 1], score[i - 1][j - 1] + sim[i - 1][j - 1] - MIN_SIMILARITY)
            best = max(range(3), key=lambda k: (options[k], k == 2))
            score[i][j], move[i][j] = options[best], best
    links: list[tuple[int, int]] = []
    i, j, total = n, m, 0.0
    while i > 0 and j > 0:
        if move[i][j] == 2:
            if sim[i - 1][j - 1] > MIN_SIMILARITY:
                links.append((i - 1, j - 1))
                total += sim[i - 1][j - 1]
            i, j = i - 1, j - 1
        elif move[i][j] == 0:
            i -= 1
        else:
            j -= 1
    return total, links[::-1]


@dataclass(frozen=True, slots=True)
class _Grid:
    """What gap filling reads: the similarity matrix and the lengths on both sides (Chinese ones scaled to English)."""

    sim: Sequence[Sequence[float]]
    en_lengths: Sequence[int]
    zh_lengths: Sequence[float]


def _fill_gaps(links: list[tuple[int, int]], grid: _Grid) -> list[tuple[int, int]]:
    """Link the exchanges left between two links (indices), where order alone says what they are.

    Between two links, as many English as Chinese exchanges left over pair in order (a translation that
    changed what the clues see). English ones left over beyond that are the English transcript's splits of an
    exchange (a reporter's follow-ups, which the Chinese keeps in one exchange): the run links partly to the
    Chinese exchange before it and partly to the one after (``_split_run``). Chinese ones left over are
    exchanges the translation dropped, and stay unlinked.
    """
    n, m = len(grid.sim), len(grid.sim[0])
    out: list[tuple[int, int]] = []
    bounds = [(-1, -1), *links, (n, m)]
    for (a, b), (c, d) in pairwise(bounds):
        english, chinese = list(range(a + 1, c)), list(range(b + 1, d))
        paired = list(zip(english, chinese, strict=False))
        out.extend(paired)
        left = english[len(paired) :]
        before = chinese[-1] if chinese else b
        if left:
            held = [i for i, j in out if j == before]
            out.extend(_split_run(left, (before, held), (d, [c]) if d < m else None, grid))
        if (c, d) != (n, m):
            out.append((c, d))
    return sorted(out)


def _split_run(
    run: list[int], before: tuple[int, list[int]], after: tuple[int, list[int]] | None, grid: _Grid
) -> list[tuple[int, int]]:
    """English exchanges ``run`` (consecutive) to the Chinese exchange before them, then the one after.

    ``before`` and ``after`` are a Chinese exchange and the English ones already linked to it. The split
    maximises the run's similarities plus how well each Chinese exchange's length fits the English it gets:
    follow-ups carry little content, but a Chinese exchange that holds them is as long as all of them.
    """
    (zb, held_b), after_pair = before, after
    if zb < 0:
        return [] if after_pair is None else [(i, after_pair[0]) for i in run]
    if after_pair is None:
        return [(i, zb) for i in run]
    za, held_a = after_pair

    def length(indices: Iterable[int]) -> int:
        return sum(grid.en_lengths[i] for i in indices)

    def value(k: int) -> float:  # the first k to ``zb``, the rest to ``za``
        similar = sum(grid.sim[i][zb] for i in run[:k]) + sum(grid.sim[i][za] for i in run[k:])
        fit = _length_fit(length([*held_b, *run[:k]]), grid.zh_lengths[zb]) + _length_fit(
            length([*run[k:], *held_a]), grid.zh_lengths[za]
        )
        return similar + len(run) * fit

    best = max(range(len(run) + 1), key=lambda k: (value(k), k))
    return [(i, zb) for i in run[:best]] + [(i, za) for i in run[best:]]


def align_exchanges(en: BriefingSignature, zh: BriefingSignature) -> tuple[tuple[int, int], ...]:
    """The (English ordinal, Chinese ordinal) links of two briefings of one press conference, in order.

    Several English exchanges may link to one Chinese exchange (the English transcript splits what the
    Chinese keeps together); a Chinese exchange the translation dropped links to none.
    """
    return _score(en, zh)[1]


def _score(en: BriefingSignature, zh: BriefingSignature) -> tuple[float, tuple[tuple[int, int], ...]]:
    if not en.exchanges or not zh.exchanges:
        return 0.0, ()
    ratio = _ratio(en, zh)
    sim = _matrix(en, zh, ratio)
    total, links = _best_path(sim)
    grid = _Grid(sim, [e.length for e in en.exchanges], [z.length * ratio for z in zh.exchanges])
    filled = _fill_gaps(links, grid)
    pairs = tuple((en.exchanges[i].ordinal, zh.exchanges[j].ordinal) for i, j in filled)
    return total / max(len(en.exchanges), 1), pairs


def align_briefings(signatures: Iterable[BriefingSignature]) -> tuple[BriefingAlignment, ...]:
    """Every English briefing of ``signatures`` with its Chinese original, where one is among them.

    A briefing without exchanges (statements only) pairs on date and spokesperson alone, where that is unique.
    """
    originals: dict[tuple[str | None, str | None], list[BriefingSignature]] = defaultdict(list)
    translations: list[BriefingSignature] = []
    for s in signatures:
        if s.date is None:
            continue
        if s.language == "zh":
            originals[(s.date, s.spokesperson)].append(s)
        elif s.language == "en":
            translations.append(s)
    out: list[BriefingAlignment] = []
    taken: set[str] = set()
    for en in sorted(translations, key=lambda s: s.key):
        candidates = [zh for zh in originals.get((en.date, en.spokesperson), []) if zh.key not in taken]
        scored = sorted(((*_score(en, zh), zh) for zh in candidates), key=lambda t: (-t[0], t[2].key))
        if not scored:
            continue
        score, links, zh = scored[0]
        if score >= MIN_BRIEFING_SCORE or (not en.exchanges and len(candidates) == 1):
            taken.add(zh.key)
            out.append(BriefingAlignment(en.key, zh.key, links, round(score, 3)))
    return tuple(out)


def is_chinese(text: str) -> bool:
    """Whether a title or text is written in Chinese (has CJK ideographs)."""
    return CJK.search(text) is not None


# --- the build step: every English briefing of the store with its Chinese original ---------------------------

_BRIEFINGS = """
SELECT ?b ?date ?sp ?title ?lang WHERE {
  %s
  ?b a pk:Briefing ; dcterms:date ?date ; dcterms:title ?title .
  OPTIONAL { ?b pk:spokesperson ?sp }
  OPTIONAL { ?b dcterms:language ?lang }
}"""
_GROUPS = """
SELECT ?date ?sp WHERE {
  VALUES ?b { %s }
  ?b dcterms:date ?date .
  OPTIONAL { ?b pk:spokesperson ?sp }
}"""
_EXCHANGES = """
SELECT ?b ?e ?n ?o ?qt ?at WHERE {
  VALUES ?b { %s }
  ?e pk:inBriefing ?b ; pk:ordinal ?n ; pk:question/pk:text ?qt .
  OPTIONAL { ?e pk:answer/pk:text ?at }
  OPTIONAL { ?e pk:askedBy ?o }
}"""
_MENTIONS = """
SELECT ?e ?x WHERE {
  VALUES ?b { %s }
  ?e pk:inBriefing ?b ; pk:question|pk:answer ?t .
  ?t pk:mentions ?x .
}"""
_ENTITY_SEGMENTS = tuple(f"{ID_IRI}{segment}/" for segment in _KIND_SEGMENT.values())


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    result = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)  # every query here is a SELECT
    return result


# A translation pairs only with an original of its date and spokesperson: the pairs of one such group depend
# on its briefings alone, so a build aligns again only the groups of the briefings it added, replaced or removed.
Group = tuple[ox.Literal, str | None]  # (the dcterms:date term, the spokesperson's IRI or None)


def briefing_groups(store: ox.Store, keys: Iterable[str]) -> set[Group]:
    """The (date, spokesperson) groups of the briefings of ``keys`` that ``store`` holds: taken before a build
    drops a briefing (its group must be aligned again without it) and after it loads one."""
    iris = " ".join(str(briefing_iri(k)) for k in sorted(set(keys)))
    if not iris:
        return set()
    found = set()
    for row in _select(store, _GROUPS % iris):
        date, sp = row["date"], row["sp"]
        if isinstance(date, ox.Literal):
            found.add((date, sp.value if sp is not None else None))
    return found


def pairable_groups(records: Iterable[Mapping[str, Any]]) -> set[Group]:
    """The (date, spokesperson) groups of a new store in which a translation could pair with an original, read
    from its briefings' view-index records (``kg.viewindex.briefing_facts``: ``date``, ``language``,
    ``spokespersons``) instead of the store: every group of a date that has a briefing in each language (one of
    unknown language counts as both). A superset of the groups :func:`store_signatures` finds pairs in, so
    ``align_store(store, pairable_groups(records))`` links what ``align_store(store)`` does on that store; and
    without a Chinese briefing it reads nothing of the store (``align_store`` returns at once on no groups).

    >>> r = lambda d, lang, *sp: {"date": d, "language": lang, "spokespersons": [f"https://x/{s}" for s in sp]}
    >>> sorted((d.value, sp) for d, sp in pairable_groups(
    ...     [r("2019-05-01", "en", "a"), r("2019-05-01", "zh", "a", "b"), r("2019-05-02", "en"), r(None, "zh")]))
    [('2019-05-01', 'https://x/a'), ('2019-05-01', 'https://x/b')]
    >>> pairable_groups([r("2019-05-02", "en", "a"), r("2019-05-02", "en-GB", "b")])
    set()
    """
    languages: dict[str, set[str]] = defaultdict(set)
    speakers: dict[str, set[str | None]] = defaultdict(set)
    for record in records:
        date = record.get("date")
        if date is None:
            continue
        language = record.get("language")
        languages[date] |= {language[:2]} if language else {"en", "zh"}
        speakers[date] |= set(record.get("spokespersons") or [None])
    return {
        (ox.Literal(date, datatype=_XSD_DATE), sp)
        for date, found in languages.items()
        if {"en", "zh"} <= found
        for sp in speakers[date]
    }


def _briefings(store: ox.Store, groups: Collection[Group] | None) -> dict[str, tuple[str, str, str | None]]:
    """Briefing IRI -> (language, date, spokesperson IRI) of the store's dated briefings, or of ``groups``'."""
    terms = " ".join(sorted({str(d) for d, _ in groups or ()}))
    dates = "" if groups is None else f"VALUES ?date {{ {terms} }}"
    wanted = None if groups is None else {(d.value, sp) for d, sp in groups}
    found: dict[str, tuple[str, str, str | None]] = {}
    for row in _select(store, _BRIEFINGS % dates):
        language = row["lang"].value if row["lang"] is not None else ("zh" if is_chinese(row["title"].value) else "en")
        found[row["b"].value] = (language[:2], row["date"].value, row["sp"].value if row["sp"] is not None else None)
    return found if wanted is None else {b: v for b, v in found.items() if (v[1], v[2]) in wanted}


def _candidates(store: ox.Store, groups: Collection[Group] | None) -> dict[str, tuple[str, str, str | None]]:
    """The briefings of :func:`_briefings` another language's briefing could pair with."""
    found = _briefings(store, groups)
    languages: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for language, date, sp in found.values():
        languages[(date, sp)].add(language)
    return {b: v for b, v in found.items() if {"en", "zh"} <= languages[(v[1], v[2])]}


def store_signatures(
    store: ox.Store, groups: Collection[Group] | None = None
) -> tuple[list[BriefingSignature], dict[tuple[str, int], str]]:
    """The signatures of the store's briefings that may pair (of ``groups`` only, where given), and each
    exchange's IRI by (briefing IRI, ordinal)."""
    candidates = _candidates(store, groups)
    if not candidates:
        return [], {}
    values = " ".join(f"<{b}>" for b in sorted(candidates))
    named: dict[str, set[str]] = defaultdict(set)
    for row in _select(store, _MENTIONS % values):
        iri = row["x"].value
        if iri.startswith(_ENTITY_SEGMENTS):
            named[row["e"].value].add(iri[len(ID_IRI) :])
    exchanges: dict[str, list[ExchangeSignature]] = defaultdict(list)
    iris: dict[tuple[str, int], str] = {}
    for row in _select(store, _EXCHANGES % values):
        b, e, ordinal = row["b"].value, row["e"].value, int(row["n"].value)
        text = row["qt"].value + ("\n" + row["at"].value if row["at"] is not None else "")
        outlet = row["o"].value.rsplit("/", 1)[-1] if row["o"] is not None else None
        entities = frozenset(named[e] - {SELF})
        exchanges[b].append(ExchangeSignature(ordinal, entities, numbers_in(text), outlet, len(text)))
        iris[(b, ordinal)] = e
    signatures = [
        BriefingSignature(b, language, date, sp, tuple(sorted(exchanges[b], key=lambda x: x.ordinal)))
        for b, (language, date, sp) in candidates.items()
    ]
    return signatures, iris


def _unlink(store: ox.Store, groups: Collection[Group]) -> None:
    """Drop the links of the briefings of ``groups`` and of briefings no longer in the store (on either side of
    a link: a briefing's own, or one of its exchanges')."""
    aligned_again = set(_briefings(store, groups))
    briefing_type, kind = ox.NamedNode(RDF_TYPE), ox.NamedNode(PK.Briefing)
    stale: dict[str, bool] = {}

    def is_stale(iri: str) -> bool:
        b = iri.split("/exchange/", 1)[0]
        if b not in stale:
            stale[b] = b in aligned_again or not any(store.quads_for_pattern(ox.NamedNode(b), briefing_type, kind))
        return stale[b]

    for quad in list(store.quads_for_pattern(None, None, None, ALIGNMENT_GRAPH)):
        subject, obj = quad.subject, quad.object
        if not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.NamedNode):
            continue  # the step writes IRIs only
        if is_stale(subject.value) or is_stale(obj.value):
            store.remove(quad)


def align_store(store: ox.Store, groups: Collection[Group] | None = None) -> int:
    """Link the English briefings of ``store`` to their Chinese originals, and their exchanges, in the named graph
    ``id:graph/alignment``: all of them (the graph rebuilt whole), or, given ``groups`` (:func:`briefing_groups`
    of what a build added, replaced or removed), those of these groups, the links of the others kept. Returns
    the links written."""
    if groups is None:
        store.remove_graph(ALIGNMENT_GRAPH)
    elif not groups:  # nothing dated added, replaced or removed
        return 0
    else:
        _unlink(store, groups)
    signatures, iris = store_signatures(store, groups)
    translation_of = ox.NamedNode(PK.translationOf)
    quads: list[ox.Quad] = []
    for a in align_briefings(signatures):
        quads.append(ox.Quad(ox.NamedNode(a.translation), translation_of, ox.NamedNode(a.original), ALIGNMENT_GRAPH))
        for en, zh in a.exchanges:
            source, target = ox.NamedNode(iris[(a.translation, en)]), ox.NamedNode(iris[(a.original, zh)])
            quads.append(ox.Quad(source, translation_of, target, ALIGNMENT_GRAPH))
    if quads:
        store.bulk_extend(quads)
    return len(quads)
