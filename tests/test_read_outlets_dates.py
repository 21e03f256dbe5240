"""Outlet resolution through ontology/outlets.ttl, and dates as titles print them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kg.gazetteer import load_gazetteer
from kg.read import find_date, resolve_outlet
from kg.read.dates import to_date
from kg.types import EntityKind


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("AFP", "afp"),
        ("Agence France-Presse", "afp"),
        ("agence france presse", "afp"),
        ("Bloomberg News", "bloomberg"),
        ('"Global Times" reporter', "global-times"),
        ("\u201cMacao Monthly\u201d reporter", "macao-monthly"),
        ("Reporter from the Press Trust of India", "pti"),
        ("PTI", "pti"),
        ("Xinhua News Agency reporter", "xinhua"),
        ("Phoenix TV ", "phoenix-tv"),
        ("TASS News Agency", "tass"),
        ("China National Radio", "cnr"),
        ("CNR", "cnr"),
    ],
)
def test_known_outlets_resolve_to_one_key(written: str, key: str) -> None:
    ref = resolve_outlet(written)
    assert ref.key == key and ref.known


def test_unknown_outlet_is_named_as_written() -> None:
    ref = resolve_outlet('  "Taiwan   Guoguang"  reporter ')
    assert (ref.name, ref.key, ref.known) == ("Taiwan Guoguang", "taiwan-guoguang", False)


def test_gazetteer_entries_are_well_formed() -> None:
    outlets = load_gazetteer(EntityKind.OUTLET)
    assert len(outlets) >= 40
    names: dict[str, str] = {}
    for key, entity in outlets.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key)
        assert entity.country and re.fullmatch(r"[A-Z]{3}", entity.country), key
        assert all(s.startswith("http://www.wikidata.org/entity/Q") for s in entity.same_as)
        for name in (entity.label, *entity.alt_labels):
            assert names.setdefault(name.casefold(), key) == key, f"{name!r} names two outlets"
    assert outlets["afp"].same_as == ("http://www.wikidata.org/entity/Q40464",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regular Press Conference on May 11, 2018", (2018, 5, 11)),
        ("Regular Press Conference on June11, 2018", (2018, 6, 11)),
        ("Regular Press Conference on September 17", (None, 9, 17)),
        ("regular press conference on December 9, 2021", (2021, 12, 9)),
        ("on 9 December 2021", (2021, 12, 9)),
        ("on Sept. 3rd, 2019", (2019, 9, 3)),
        ("held 2020-03-25", (2020, 3, 25)),
        ("on May 11,2018", (2018, 5, 11)),
    ],
)
def test_find_date(text: str, expected: tuple[int | None, int, int]) -> None:
    found = find_date(text)
    assert found is not None and (found.year, found.month, found.day) == expected


def test_no_date_and_impossible_date() -> None:
    assert find_date("Regular Press Conference") is None
    mention = find_date("February 30, 2019")
    assert mention is not None
    with pytest.raises(ValueError):
        to_date(mention)
    assert to_date(find_date("February 29") or mention, year=2020) == dt.date(2020, 2, 29)
