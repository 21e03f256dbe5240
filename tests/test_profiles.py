"""Institution profiles (ontology/profiles.ttl): checked by SHACL, one per layout, each with a known state, and
the source of every position's holder and of the speaker's side (SELF) in the act patterns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib

from kg.errors import OntologyError
from kg.extract import extract
from kg.extract.entities import country_gazetteer
from kg.extract.positions import load_act_lexicon
from kg.profiles import load_profiles, profile, profile_for_layout
from kg.read import read_briefing
from kg.types import Layout

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
WH_SAMPLE = ROOT / "tests" / "data" / "whitehouse-en"


def _validate(data: rdflib.Graph) -> tuple[bool, str]:
    import pyshacl

    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)


def test_profiles_conform_to_their_shape() -> None:
    conforms, text = _validate(rdflib.Graph().parse(ONTOLOGY / "profiles.ttl"))
    assert conforms, text[:2000]


def test_the_shape_catches_a_broken_profile() -> None:
    text = (ONTOLOGY / "profiles.ttl").read_text(encoding="utf-8").replace('pf:state "USA"', 'pf:state "us"')
    conforms, report = _validate(rdflib.Graph().parse(data=text, format="turtle"))
    assert not conforms and "profile#state" in report


def test_every_layout_has_one_profile_and_every_state_is_a_country() -> None:
    claimed = [layout for p in load_profiles() for layout in p.layouts]
    assert sorted(claimed) == sorted(layout.value for layout in Layout)
    for p in load_profiles():
        assert p.state in country_gazetteer(), p.key
        re.compile(p.self_pattern)
    assert profile_for_layout("markdown") == profile("whitehouse")


def test_an_unknown_profile_is_an_ontology_error() -> None:
    with pytest.raises(OntologyError) as caught:
        profile("bundestag")
    assert caught.value.code == "E542" and "fmprc" in str(caught.value)


def test_self_pattern_comes_from_the_profile() -> None:
    china, us = load_act_lexicon(profile_key="fmprc"), load_act_lexicon(profile_key="whitehouse")
    assert china.self_subject.match("China firmly opposes") and not us.self_subject.match("China firmly opposes")
    assert us.self_subject.match("The United States strongly condemns")
    assert not china.self_subject.match("The United States strongly condemns")


def test_white_house_positions_are_held_by_the_united_states() -> None:
    [page] = WH_SAMPLE.glob("2022-08-04-*.md")
    found = extract(read_briefing(page))
    assert found.positions and {p.holder for p in found.positions} == {"USA"}
    toward_china = [p for p in found.positions if p.target and p.target.key == "CHN"]
    assert any(p.act == "criticize" and "overreact" in p.evidence for p in toward_china)


def test_ministry_positions_are_held_by_china(seeds_dir: Path) -> None:
    found = extract(read_briefing(seeds_dir / "000_921da15b2d4a4fd7.txt"))
    assert found.positions and {p.holder for p in found.positions} == {"CHN"}
    assert any(p.target and p.target.key == "USA" for p in found.positions)
