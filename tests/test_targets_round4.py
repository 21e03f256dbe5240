"""Targets, fourth round of issue 12 (tests/dev/targets-errors-4.md): an untargeted restatement of an act the same
answer aims at a named actor is no second stance; a pointer back ("they", "that", "the two sides") stands for every
actor the previous sentence names together, not its first. The sentences are from the tuning gold (t1619623 e4,
t1595908 e2) and dev pages (t1767935 e12, t1693289 e4)."""

from __future__ import annotations

from kg.types import Position
from tests.test_position_groups import positions


def pairs(found: tuple[Position, ...], act: str) -> list[tuple[str | None, str | None]]:
    return sorted(((p.target.key if p.target else None), p.target_rule) for p in found if p.act == act)


def test_an_untargeted_restatement_beside_a_targeted_act_is_left_out() -> None:
    question = "The US says Chinese hackers attacked a hotel group. Do you have any comment?"
    answer = (
        "China firmly opposes all forms of cyber attack. We firmly oppose the US making groundless accusations "
        "on the issue of cyber security."
    )
    assert pairs(positions(answer, question), "oppose") == [("USA", None)]


def test_an_untargeted_act_stays_where_the_answer_aims_it_at_no_one() -> None:
    question = "The US says Chinese hackers attacked a hotel group. Do you have any comment?"
    answer = "China firmly opposes all forms of cyber attack. We support the UN in its work on cyber security."
    found = positions(answer, question)
    assert pairs(found, "oppose") == [(None, None)]
    assert [p.target.key for p in found if p.act == "support" and p.target] == ["UN"]


def test_they_points_back_to_every_actor_named_together() -> None:
    question = "Russia says the New START should be extended. What is your comment?"
    answer = (
        "The US and Russia have the largest nuclear arsenals. "
        "While upholding the New START, they should further drastically reduce their nuclear arsenal."
    )
    assert pairs(positions(answer, question), "demand") == [("RUS", "previous_sentence"), ("USA", "previous_sentence")]


def test_that_points_back_to_the_states_a_pointer_stood_for() -> None:
    question = "What is your reaction on the statement from the UK, Japan and Australia on the South China Sea?"
    answer = (
        "On the other hand, however, some non-regional countries made unwelcome remarks and deliberately highlighted "
        "tensions in disregard of the efforts by regional countries to safeguard peace and stability in the South "
        "China Sea. China opposes that."
    )
    found = [p for p in positions(answer, question) if p.act == "oppose"]
    assert {p.target.key for p in found if p.target} == {"GBR", "JPN", "AUS"}


def test_a_long_list_in_the_previous_sentence_is_no_group_to_point_back_to() -> None:
    question = "How is the epidemic going abroad?"
    answer = "The epidemic is spreading in the US, the UK, Russia, Japan and India. We firmly oppose that."
    found = [p for p in positions(answer, question) if p.act == "oppose"]
    assert len({p.target for p in found}) == 1
