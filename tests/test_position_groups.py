"""Groups of states named as a party resolve to their bloc (annotation.md, positions v2 rule 2): the group names are
data (ontology/groups.ttl, pk:groupName), checked by the shapes and used by the target resolver. The sentences are
from the tuning gold and dev pages (t1622128, t1645211, t1751334, t1767935)."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.extract.positions import extract_positions, load_act_lexicon
from kg.extract.topics import extract_topics
from kg.ontology import group_names, load_ontology, ontology_dir
from kg.types import Position
from tests._build import briefing, mentions, read_page

ONTOLOGY = ontology_dir()
ROOT = Path(__file__).resolve().parent.parent


def positions(answer: str, question: str = "What is your comment?") -> tuple[Position, ...]:
    b = briefing([(question, answer)])  # the rules alone (as tests/test_positions_language.pairs says why)
    return extract_positions(b, mentions(b), extract_topics(b, mentions(b)), sentences=None)


@pytest.mark.parametrize(
    ("answer", "act", "bloc"),
    [
        (
            "We will strengthen our friendly and mutually beneficial cooperation with African countries.",
            "cooperate",
            "au",
        ),
        ("We stand ready to enhance mutual understanding and practical cooperation with Europe.", "cooperate", "eu"),
        (
            "China will continue working with CEE countries and supporting each other in this regard.",
            "cooperate",
            "ceec",
        ),
        (
            "Going forward, we will continue to work with Arab countries and the international community to enhance "
            "cooperation.",
            "cooperate",
            "arab-league",
        ),
    ],
)
def test_a_group_of_states_named_as_the_partner_is_its_bloc(answer: str, act: str, bloc: str) -> None:
    found = [p for p in positions(answer) if p.act == act]
    assert found and found[0].target is not None and found[0].target.key == bloc
    assert found[0].target_rule is None  # named, as a group: not inferred


@pytest.mark.parametrize(
    ("answer", "act", "keys"),
    [
        # t1645211 e8 (dev): the subject of a hope is a group of states: its bloc.
        ("We hope that the European side could view China's development in an objective way.", "appeal", {"eu"}),
        # t1769241 e10 (dev): a support that names no actor but a group of states.
        ("China will continue to increase support for Africa within its capacity.", "support", {"au"}),
        # t1768338 e6 (tuning gold): the group and the member it singles out.
        ("China is ready to work with African countries including Ethiopia for the final victory.", "cooperate",
         {"au", "ETH"}),
    ],
)  # fmt: skip
def test_a_group_of_states_as_subject_or_beneficiary_is_its_bloc(answer: str, act: str, keys: set[str]) -> None:
    found = [p for p in positions(answer) if p.act == act]
    assert {p.target.key for p in found if p.target} == keys
    assert all(p.target_rule is None for p in found)  # named, as a group


def test_a_group_is_not_the_one_accused() -> None:
    # t1622128 e2 (dev): "African countries" are who benefits, not whom the criticism is aimed at.
    answer = "Who is making efforts for the benefits of African countries and who is working with hidden motives?"
    found = [p for p in positions(answer) if p.act == "criticize"]
    assert found and all(p.target is None or p.target.key != "au" for p in found)


def test_an_actor_named_before_the_group_keeps_the_act() -> None:
    # "cooperation with Ethiopia and other African countries": Ethiopia is named first, the group does not replace it;
    # since round 9 of targets (tests/test_targets_round9.py) the group coordinated with it adds its bloc.
    found = positions("China will deepen cooperation with Ethiopia and other African countries.")
    assert {p.target.key for p in found if p.act == "cooperate" and p.target} == {"ETH", "au"}


def test_a_possessive_group_name_is_no_party() -> None:
    lex_pattern = load_act_lexicon().groups
    assert lex_pattern.search("with African countries") and not lex_pattern.search("for Africa's development")


def test_the_groups_of_a_gold_page_resolve() -> None:
    b = read_page(ROOT / "tests" / "data" / "fmprc-en" / "t1751334.html")
    found = extract_positions(b, mentions(b), extract_topics(b, mentions(b)))
    assert any(p.act == "cooperate" and p.target and p.target.key == "arab-league" for p in found)


def test_group_names_conform_and_a_broken_copy_is_refused() -> None:
    import pyshacl

    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    orgs = (ONTOLOGY / "organizations.ttl").read_text(encoding="utf-8")
    text = (ONTOLOGY / "groups.ttl").read_text(encoding="utf-8")

    def conforms(groups: str) -> tuple[bool, str]:
        graph = rdflib.Graph().parse(data=orgs, format="turtle").parse(data=groups, format="turtle")
        ok, _graph, report = pyshacl.validate(graph, shacl_graph=shapes)
        return bool(ok), str(report)

    assert conforms(text)[0]
    for broken in (
        text.replace("org:au pk:groupName", "org:no-such-bloc pk:groupName"),  # not an organisation
        text.replace('"African countries"', '"african|countries"'),  # no pattern syntax, capital first
    ):
        assert broken != text
        ok, report = conforms(broken)
        assert not ok and ("groupName" in report or "Organization" in report)


def test_group_names_are_read_by_the_accessor() -> None:
    names = group_names(load_ontology())
    assert "Arab countries" in names["arab-league"] and "Europe" in names["eu"]


def test_a_hypothetical_warning_is_toward_the_questions_actor_and_marked_inferred() -> None:
    # t1695338 e10 (tuning gold): annotation.md v2, rule 7.
    question = "US Senators will make Hong Kong-related legislation a priority. Will China take countermeasures?"
    answer = "Any attempt to interfere in China's internal affairs, including Hong Kong affairs, is doomed to fail."
    warn = [p for p in positions(answer, question) if p.act == "warn"]
    assert warn and warn[0].target is not None and warn[0].target.key == "USA"
    assert warn[0].target_rule == "question_actor"
    # Where the question is about no state, the warning is toward no one.
    assert [p.target for p in positions(answer, "What is your comment?") if p.act == "warn"] == [None]


def test_other_members_are_the_organisation_just_named() -> None:
    # t1580976 e1 (dev), t1732612 e5 (tuning gold): "work with other members" after "the BRICS cooperation".
    answer = "China will continue to take part in the ASEAN cooperation and work with other members to promote growth."
    found = [p for p in positions(answer) if p.act == "cooperate"]
    assert [(p.target.key if p.target else None, p.target_rule) for p in found] == [("asean", None)]
    # "All members of the international community" are no organisation's members.
    answer = "At the WHO meeting, China stands ready to work with all members of the international community."
    found = [p for p in positions(answer) if p.act == "cooperate"]
    assert found and all(p.target is None for p in found)
