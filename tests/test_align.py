"""English briefings linked to their Chinese originals: the hand-checked pairs, gaps on either side, the store step."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import corpus_missing

from kg.align import (
    BriefingSignature,
    ExchangeSignature,
    align_briefings,
    align_exchanges,
    signature_of,
)
from kg.extract import extract
from kg.read import read_briefings
from kg.types import Briefing

HAND_CHECKED = Path(__file__).parent / "data" / "alignment" / "hand-checked.json"
TARGET = 0.97  # share of English exchanges linked to the right Chinese exchange


def _pairs() -> list[dict]:  # type: ignore[type-arg]
    return json.loads(HAND_CHECKED.read_text(encoding="utf-8"))["pairs"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def briefings(corpus_dir: Path) -> dict[tuple[str, str], Briefing]:
    chinese = corpus_dir.parent / "fmprc-zh"
    if not chinese.is_dir():
        corpus_missing("no fmprc-zh beside the corpus")
    paths = [corpus_dir / p["english"] for p in _pairs()] + [chinese / p["chinese"] for p in _pairs()]
    result = read_briefings(paths)
    assert not result.errors
    return {(b.language, b.key): b for b in result.briefings}


def _signature(b: Briefing) -> BriefingSignature:
    return signature_of(extract(b))


def test_hand_checked_pairs_are_linked(briefings: dict[tuple[str, str], Briefing]) -> None:
    signatures = [_signature(b) for b in briefings.values()]
    found = {a.translation: a for a in align_briefings(signatures)}
    right = total = 0
    for pair in _pairs():
        english, chinese = pair["english"].removesuffix(".html"), pair["chinese"].removesuffix(".html")
        assert found[english].original == chinese, english
        links = dict(found[english].exchanges)
        for link in pair["links"]:
            total += 1
            right += links.get(link["en"]) == link["zh"]
    assert total >= 150 and len(_pairs()) >= 10
    assert right / total >= TARGET, f"{right}/{total} English exchanges linked right"


def test_a_signature_counts_the_follow_ups_an_exchange_holds(briefings: dict[tuple[str, str], Briefing]) -> None:
    # The Chinese reader keeps a reporter's follow-ups as later turns of one exchange (t1733439's 6th holds
    # English 8 to 11): its length is that of every turn, else the follow-ups go to the next exchange.
    chinese = briefings[("zh", "t1733439")]
    held = next(ex for ex in chinese.exchanges if ex.ordinal == 6)
    assert len(held.later) >= 2
    signature = next(e for e in _signature(chinese).exchanges if e.ordinal == 6)
    assert signature.length == len("\n".join(t.text for t in held.turns()))


def _without_exchange(b: Briefing, ordinal: int) -> Briefing:
    """The briefing with one exchange gone (the others keep their ordinals)."""
    return replace(b, exchanges=tuple(ex for ex in b.exchanges if ex.ordinal != ordinal))


@pytest.mark.parametrize("side", ["en", "zh"])
def test_an_exchange_missing_on_one_side_shifts_no_other_link(
    briefings: dict[tuple[str, str], Briefing], side: str
) -> None:
    pair = next(p for p in _pairs() if p["english"] == "t1779579.html")  # 12 exchanges each, all 1:1
    english = briefings[("en", "t1779579")]
    chinese = briefings[("zh", pair["chinese"].removesuffix(".html"))]
    expected = {link["en"]: link["zh"] for link in pair["links"]}
    for gone in (1, 6, 12):
        en = _signature(_without_exchange(english, gone) if side == "en" else english)
        zh = _signature(_without_exchange(chinese, gone) if side == "zh" else chinese)
        links = dict(align_exchanges(en, zh))
        kept = {e: z for e, z in expected.items() if (e if side == "en" else z) != gone}
        assert all(links.get(e) == z for e, z in kept.items()), (side, gone, links)
        if side == "zh":
            assert gone not in links.values()  # nothing links to an exchange the original lacks


def _sig(*exchanges: tuple[set[str], int], key: str = "b", language: str = "en") -> BriefingSignature:
    return BriefingSignature(
        key,
        language,
        "2020-01-01",
        "Geng Shuang",
        tuple(ExchangeSignature(i + 1, frozenset(e), frozenset(), None, n) for i, (e, n) in enumerate(exchanges)),
    )


def test_follow_ups_split_in_english_link_to_the_exchange_that_holds_them() -> None:
    # The Chinese keeps a reporter's follow-ups in one exchange; the English transcript gives each its own.
    en = _sig(({"country/FRA"}, 500), ({"country/IND"}, 600), (set(), 80), (set(), 300), ({"country/JPN"}, 400))
    zh = _sig(({"country/FRA"}, 200), ({"country/IND"}, 390), ({"country/JPN"}, 160), language="zh")
    assert align_exchanges(en, zh) == ((1, 1), (2, 2), (3, 2), (4, 2), (5, 3))


def test_briefings_pair_only_on_date_and_spokesperson() -> None:
    en = _sig(({"country/FRA"}, 500), key="e")
    zh = _sig(({"country/FRA"}, 200), key="z", language="zh")
    assert [(a.translation, a.original) for a in align_briefings([en, zh])] == [("e", "z")]
    assert align_briefings([en, replace(zh, spokesperson="Hua Chunying")]) == ()
    assert align_briefings([en, replace(zh, date="2020-01-02")]) == ()
    # two Chinese candidates: the one whose exchanges agree wins
    other = _sig(({"country/USA"}, 200), key="y", language="zh")
    assert [a.original for a in align_briefings([en, other, zh])] == ["z"]
