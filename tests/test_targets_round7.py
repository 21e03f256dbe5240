"""Targets, seventh round of issue 12 (tests/dev/targets-errors-7.md): an untargeted stance of principle beside the
same act aimed at a state is a position of its own (see also tests/test_targets_round4.py); an object named before
a relative pronoun stands for every actor named together with it; actors coordinated across "the government of"
share the act. The sentences are from the derive sets (acts-dev t1580976 e10, acts-dev-2 t1641502 e3, gold-d
t1566835 e3)."""

from __future__ import annotations

from kg.types import Position
from tests.test_position_groups import positions


def targets(found: tuple[Position, ...], act: str) -> set[str | None]:
    return {p.target.key if p.target else None for p in found if p.act == act}


def test_opposition_to_a_whole_class_stays_beside_the_targeted_one() -> None:
    question = "The US has imposed sanctions on Chinese companies over Iran. What is your comment?"
    answer = (
        "China firmly opposes all forms of proliferation activities and strictly fulfills its obligations. "
        "We firmly oppose the US imposing unilateral sanctions on Chinese companies."
    )
    assert targets(positions(answer, question), "oppose") == {None, "USA"}


def test_cooperation_with_everyone_stays_beside_cooperation_with_a_partner() -> None:
    question = "What do you expect of relations with Singapore?"
    answer = (
        "China stands ready to deepen cooperation with Singapore in all fields. "
        "China will also work actively with other parties to promote regional economic integration."
    )
    assert targets(positions(answer, question), "cooperate") == {None, "SGP"}


def test_a_restatement_that_names_no_class_is_still_left_out() -> None:
    question = "What do you expect of relations with Singapore?"
    answer = (
        "China stands ready to deepen cooperation with Singapore in all fields. "
        "China will also deepen cooperation to promote regional economic integration."
    )
    assert targets(positions(answer, question), "cooperate") == {"SGP"}


def test_the_object_before_a_relative_pronoun_is_every_actor_named_with_it() -> None:
    answer = (
        "We noted that certain people in Russia and the UK have been making irresponsible remarks on Xinjiang, "
        "which the Chinese side firmly opposes."
    )
    assert targets(positions(answer), "oppose") == {"RUS", "GBR"}
    alone = "We noted the remarks by the UK on Xinjiang, which the Chinese side firmly opposes."
    assert targets(positions(alone), "oppose") == {"GBR"}


def test_actors_coordinated_across_the_government_of_share_the_act() -> None:
    # gold-d t1566835 e3: "the memorandum signed between the UNHCR, the UNDP and the government of Myanmar".
    answer = "We welcome the memorandum signed between Russia and the government of Myanmar."
    assert targets(positions(answer), "welcome") == {"RUS", "MMR"}


def test_cooperation_with_everyone_stays_beside_a_partner_in_the_same_sentence() -> None:
    # t1566835 e3: "We stand ready to work with the international community and continue to play a positive role
    # in ... promote dialogue between Myanmar and Bangladesh".
    answer = (
        "We stand ready to work with the international community and continue to deepen cooperation with "
        "Singapore in all fields."
    )
    assert targets(positions(answer, "What do you expect of relations with Singapore?"), "cooperate") == {None, "SGP"}
    alone = "We stand ready to work hard and continue to deepen cooperation with Singapore in all fields."
    assert targets(positions(alone, "What do you expect of relations with Singapore?"), "cooperate") == {"SGP"}
