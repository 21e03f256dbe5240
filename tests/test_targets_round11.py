"""Targets, eleventh round of issue 12 (tests/dev/targets-errors-11.md): who an act is aimed at where the act is right
and the target was not. The sentences are written after ones of the derive sets (acts-train-1..4, acts-dev..-3)."""

from __future__ import annotations

from kg.types import Position
from tests.test_position_groups import positions
from tests.test_targets_round10 import pairs


def targets(found: tuple[Position, ...], act: str) -> list[str | None]:
    return sorted((p.target.key if p.target else "") for p in found if p.act == act)


def test_a_state_singled_out_after_a_group_with_included_is_the_target() -> None:
    # acts-dev t1663021 e2: "China stands ready to work with the international community, Greece included, to
    # engage in more dialogue" is aimed at Greece, as "..., including Greece" is (INCLUDED, targets.ttl)
    question = "Japan's prime minister called for dialogue among civilizations. What is your comment?"
    for answer in (
        "China stands ready to work with the international community, Japan included, to engage in more dialogue.",
        "China stands ready to work with the international community, including Japan, to engage in more dialogue.",
    ):
        assert targets(positions(answer, question), "cooperate") == ["JPN"], answer
    both = "China will work with the international community, the US and Japan included, to fight the epidemic."
    assert targets(positions(both, question), "cooperate") == ["JPN", "USA"]
    # a state named later in the sentence, not set off after the group, is not singled out by it
    later = "China will work with the international community to engage in dialogue, and Japan included it in its plan."
    assert targets(positions(later, question), "cooperate") == [""]


def test_a_demand_on_states_left_unnamed_is_aimed_at_the_state_the_question_is_about() -> None:
    # acts-train t1608469 e3, t1628520 e6, t1651487 e7: "We ask foreign governments to accord equal treatment to
    # Chinese enterprises", answering on a US or Norwegian measure against a Chinese company, demands it of that
    # state (OTHERS in the addressee frame, demand pk:answersQuestion; 3 of 3 so on the derive sets)
    question = "The US banned a Chinese company from buying American products. What is your comment?"
    for answer in (
        "We also ask foreign governments to accord equal and reasonable treatment to Chinese enterprises.",
        "Meanwhile, we also request other countries to accord unbiased and equal treatment to Chinese enterprises.",
    ):
        assert pairs(positions(answer, question), "demand") == [("USA", "question_actor")], answer
    # a question about no state leaves it aimed at no one; a state the call names stays its target
    assert targets(positions(answer, "What is your comment on the new rules?"), "demand") == [""]
    assert targets(positions("We urge the US to stop it.", question), "demand") == ["USA"]
    # an appeal to other countries (appeal does not answer the question) stays a stance aimed at no one
    appeal = "We call on other countries to provide a fair environment for Chinese enterprises."
    assert targets(positions(appeal, question), "appeal") == [""]


def test_cooperation_in_a_sentence_on_the_relation_of_two_sides_is_with_the_questions_one_actor() -> None:
    # acts-train t1616369 e6, t1639956 e2, t1699827 e6, t1681711 e5: "Our two sides will act on the important consensus
    # reached by the two leaders to ... advance cooperation across the board", answering a question about India, is
    # cooperation with India (pk:bilateralPartner on cooperate, BILATERAL in targets.ttl; 6 of 7 so in the derive gold)
    question = "The Indian special representatives met in Beijing. What is your comment?"
    answer = (
        "Our two sides will act on the important consensus reached by the two leaders to strengthen strategic "
        "communication and advance cooperation across the board."
    )
    assert pairs(positions(answer, question), "cooperate") == [("IND", "question_actor")]
    # no relation of two sides named, or a question about two actors: no partner is inferred
    assert targets(positions("We will strengthen cooperation with other countries.", question), "cooperate") == [""]
    pair = "The US and Japan held talks on trade. What is your comment?"
    assert targets(positions(answer, pair), "cooperate") == [""]
    # an act without pk:bilateralPartner (appeal) is not so inferred
    call = "Our two sides call on all countries to uphold multilateralism."
    assert targets(positions(call, question), "appeal") == [""]


def test_welcome_and_support_in_a_sentence_on_the_relation_are_aimed_at_the_questions_one_actor() -> None:
    # as cooperate (tuning gold: one pair more right, one wrong fewer; the derive sets and the pools unchanged)
    question = "The Russian president visited China last week. What is your comment?"
    assert targets(positions("China welcomes the momentum of bilateral relations.", question), "welcome") == ["RUS"]
    assert targets(positions("China supports the steady growth of bilateral trade.", question), "support") == ["RUS"]
    assert targets(positions("China welcomes the recovery of the world economy.", question), "welcome") == [""]
