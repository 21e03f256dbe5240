"""Targets, eighth round of issue 12 (tests/dev/precision-errors-8.md): fewer wrong targets. Hand-written
sentences in the language of the derive sets' spurious pairs (acts-train-1..4)."""

from __future__ import annotations

from kg.types import Position
from tests.test_position_groups import positions


def targets(found: tuple[Position, ...], act: str) -> set[str | None]:
    return {p.target.key if p.target else None for p in found if p.act == act}


CYBER = "The US accused Chinese hackers of stealing data from American companies. What is your response?"


def test_opposition_to_a_whole_class_of_deeds_is_aimed_at_no_one() -> None:
    # acts-train-1..4: "We firmly oppose and combat all forms of cyber attack" (six pages), answering a question
    # about a US accusation, opposes no state (annotation.md, positions rule 1: the act aims elsewhere).
    assert targets(positions("We firmly oppose and combat all forms of cyber attack.", CYBER), "oppose") == {None}
    # an opposition that names no one and no class still answers the question (rule 1's own example)
    assert targets(positions("China firmly opposes interference by any country.", CYBER), "oppose") == {"USA"}
    # nor does an object that names the international community as the one misled (seeds/000, the README example)
    misled = "We firmly oppose the spread of false information misleading the international community."
    assert targets(positions(misled, CYBER), "oppose") == {"USA"}


def test_a_hope_for_a_joint_outcome_is_no_appeal() -> None:
    # acts-train-1..4: "We hope the two teams will implement the consensus of the Presidents", "We hope that
    # the visit will help enhance mutual trust" (twenty-five untargeted appeals on eighteen pages; rule 9).
    question = "The Vice Premier will visit Australia next week. What do you expect?"
    for hope in (
        "We hope the two teams will implement the important consensus of the two Presidents.",
        "We hope that our two countries could work in concert to uphold peace in the border areas.",
        "China hopes that the visit will further strengthen political mutual trust.",
        "We hope that, through this visit, the two sides will further implement the consensus.",
    ):
        assert targets(positions(hope, question), "appeal") == set(), hope
    # a pair the exchange names is appealed to; so is a state hoped to act
    pair = "India and Pakistan exchanged fire. We hope the two sides will exercise restraint."
    assert targets(positions(pair, "What is your comment?"), "appeal") == {"IND", "PAK"}
    assert targets(positions("We hope Australia will honour its commitment.", question), "appeal") == {"AUS"}


def acts(found: tuple[Position, ...]) -> set[str]:
    return {p.act for p in found}


def test_a_pointer_to_a_stated_position_that_the_answer_restates_is_no_no_comment() -> None:
    # acts-train-1..4 and the fourth judged sample: "We have made clear our position on this many times." followed
    # by the position itself is an answer, not a refusal (annotation.md, positions rule 5).
    question = "The US has imposed new tariffs. What is your comment?"
    restated = "We have made clear our position on this many times.\nChina firmly opposes the US move."
    assert acts(positions(restated, question)) == {"oppose"}
    alone = "We have made clear our position on this many times."
    assert acts(positions(alone, question)) == {"no_comment"}


def test_an_organ_is_a_target_as_the_organisation_it_acts_for() -> None:
    # acts-train-1..4: "The relevant motion approved by the European Parliament confounds right with wrong", "we
    # hope the relevant side [the European Commission] will": the gold names the EU (annotation.md, rule 2).
    from kg.extract.positions.actors import target_actors
    from kg.types import EntityKind, Mention

    text = "The motion of the European Parliament and the resolution of the UN Security Council"
    mentions = [
        Mention("a1", 18, 37, "European Parliament", EntityKind.ORGANIZATION, "european-parliament", "test"),
        Mention("a1", 64, 83, "UN Security Council", EntityKind.ORGANIZATION, "unsc", "test"),
    ]
    assert text[18:37] == "European Parliament" and text[64:83] == "UN Security Council"
    assert [a[2].key for a in target_actors(mentions, "CHN")] == ["eu", "unsc"]  # the UN's organs stay themselves


def test_acts_for_conforms_and_a_broken_copy_is_refused() -> None:
    import pyshacl
    import rdflib

    from tests.test_position_groups import ONTOLOGY

    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    orgs = (ONTOLOGY / "organizations.ttl").read_text(encoding="utf-8")
    text = (ONTOLOGY / "groups.ttl").read_text(encoding="utf-8")

    def conforms(groups: str) -> bool:
        graph = rdflib.Graph().parse(data=orgs, format="turtle").parse(data=groups, format="turtle")
        return bool(pyshacl.validate(graph, shacl_graph=shapes)[0])

    broken = text.replace("pk:actsFor org:eu .", "pk:actsFor org:no-such-union .", 1)
    assert conforms(text) and broken != text and not conforms(broken)
