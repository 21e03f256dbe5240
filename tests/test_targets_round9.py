"""Targets, ninth round of issue 12 (tests/dev/targets-errors-9.md): who an act is aimed at where the act is right
and the target was not. The sentences are from the derive sets (acts-train-1..4, acts-dev..-3)."""

from __future__ import annotations

from kg.types import Position
from tests.test_position_groups import positions


def pairs(found: tuple[Position, ...], act: str) -> list[tuple[str | None, str | None]]:
    return sorted(((p.target.key if p.target else None), p.target_rule) for p in found if p.act == act)


def test_cooperation_with_the_relevant_parties_answering_about_one_state_is_an_offer_to_everyone() -> None:
    # acts-train t1613461 e1, t1685765 e5; with two states asked about it stays theirs (test_targets_round6)
    answer = "China stands ready to work with all relevant parties to advance the negotiations."
    one = "Singapore said the negotiations would conclude next year. What is your comment?"
    assert pairs(positions(answer, one), "cooperate") == [(None, None)]
    two = "Russia and the UK said the negotiations would conclude next year. What is your comment?"
    assert pairs(positions(answer, two), "cooperate") == [("GBR", "question_parties"), ("RUS", "question_actor")]


def test_an_organisation_is_never_criticized_or_rejected() -> None:
    # acts-train t1758235 e7, t1765251 e2: the WHO cited as an authority or a speaker (1 of 15 right on the derive
    # sets: pk:organisationTarget "none" on criticize and reject); a state named stays the target
    answer = "Paying no respect to science and WHO advice, some politicians have been stigmatizing China."
    assert [p.target for p in positions(answer) if p.act == "criticize"] in ([], [None])
    answer = "Paying no respect to science and WHO advice, some US politicians have been stigmatizing China."
    assert pairs(positions(answer), "criticize") == [("USA", None)]


def test_an_opposition_to_sanctions_is_aimed_at_the_state_the_question_says_imposes_them() -> None:
    # acts-train t1633680 e3, t1731707 e5 (Venezuela, Iran there; the test's names know Cuba)
    question = "The US introduced new sanctions against Cuba. Will China keep its cooperation with Cuba?"
    answer = "To begin with, our position is clear. We are against unilateral sanctions."
    assert [k for k, _rule in pairs(positions(answer, question), "oppose")] == ["USA"]
    # no imposer named before the word: as before, the state the question is about
    question = "Cuba says sanctions by the US hurt its economy. Will China keep its cooperation with Cuba?"
    assert [k for k, _rule in pairs(positions(answer, question), "oppose")] == ["CUB"]


def test_a_group_of_states_coordinated_with_an_actor_adds_its_bloc() -> None:
    # acts-train t1578409 e10, t1691074 e6 ("the DRC and other African countries as well as the WHO and the AU")
    answer = "China will stay in close communication with Syria and other Arab countries as well as the UN."
    assert [k for k, _rule in pairs(positions(answer), "cooperate")] == ["SYR", "arab-league", "un"]
