"""Targets, sixth round of issue 12 (tests/dev/targets-errors-6.md): who an act is aimed at where the sentence names
it inside a longer phrase. The sentences are from the development sets (acts-dev t1564980 e5, acts-dev-5 t1588050 e2,
t1581940 e6, t1690680 e6; acts-dev-4 t1702256 e5)."""

from __future__ import annotations

from kg.types import Position
from tests.test_position_groups import positions


def pairs(found: tuple[Position, ...], act: str) -> list[tuple[str | None, str | None]]:
    return sorted(((p.target.key if p.target else None), p.target_rule) for p in found if p.act == act)


def test_a_partner_named_after_an_adjective_is_the_target() -> None:
    question = "Australia has a new Prime Minister today. What would be the impact on China-Australia relations?"
    answer = "China stands ready to work with the new Australian government to move forward bilateral ties."
    assert pairs(positions(answer, question), "cooperate") == [("AUS", None)]


def test_a_member_a_pointing_group_singles_out_is_the_target() -> None:
    question = "The US said it would invest more in Asia. Will China change its investment strategies?"
    for answer in (
        "China is willing to work with the relevant countries, including the United States to contribute to peace.",
        "China is willing to work with the relevant countries, including the US, to contribute to peace.",
    ):
        assert pairs(positions(answer, question), "cooperate") == [("USA", None)]


def test_the_subject_of_a_hope_is_the_partner_of_the_cooperation_in_it() -> None:
    question = "Morrison said China and Australia are comprehensive strategic partners. What's your comment?"
    answer = "We hope Australia will meet China halfway and move forward our comprehensive strategic partnership."
    assert pairs(positions(answer, question), "cooperate") == [("AUS", None)]
    alone = "China is ready to move forward our comprehensive strategic partnership on the basis of mutual trust."
    assert pairs(positions(alone, "What's your comment on the partnership?"), "cooperate") == [(None, None)]


def test_cooperation_with_the_relevant_parties_is_with_the_questions_states_not_with_all_parties() -> None:
    # two states asked about (round 9: with one, "relevant parties" in an offer are everyone, test_targets_round9)
    question = "Russia and the UK reaffirmed their commitment to the JCPOA. What is your comment?"
    relevant = "China will continue to work with relevant parties to this end and safeguard its own lawful rights."
    call = "We call on the relevant parties to exercise restraint."
    assert pairs(positions(relevant, question), "cooperate") == pairs(positions(call, question), "appeal")
    assert ("RUS", "question_actor") in pairs(positions(relevant, question), "cooperate")
    everyone = "China will continue to work with all parties to this end and safeguard its own lawful rights."
    assert pairs(positions(everyone, question), "cooperate") == [(None, None)]


def test_an_object_that_points_back_is_the_actor_named_before_the_verb() -> None:
    # acts-dev-4 t1604154 e2 (the IMF there; the test's names know the WHO)
    question = "Pakistan hopes the WHO could send experts. What is your comment?"
    answer = (
        "As a member of the WHO, China supports the organization in objectively and professionally evaluating the "
        "situation in Pakistan."
    )
    assert pairs(positions(answer, question), "support") == [("who", None)]


def test_an_organisation_as_modifier_of_a_compound_or_of_premises_is_no_target() -> None:
    # acts-dev-4 t1604154 e1 ("the WTO-centered multilateral trading system"), acts-dev-5 t1611898 e2 ("bugging the
    # African Union headquarters"; the test's names know the UN and the WHO)
    question = "What is your comment on the report?"
    centred = "China firmly upholds the UN-centered international system and firmly opposes all forms of hegemonism."
    assert all(p.target is None for p in positions(centred, question))
    premises = "The false accusations of China bugging the WHO headquarters have already been refuted long ago."
    assert pairs(positions(premises, question), "reject") == [(None, None)]


def test_a_visits_purpose_is_aimed_at_a_state_asked_about_not_at_the_organisation_hosting_it() -> None:
    # acts-dev-5 t1665708 e8 (the SCO there; the test's names know ASEAN)
    question = "Regarding the meeting of the foreign ministers of ASEAN being held, do you have any information?"
    answer = "This meeting aims to make preparations for the Summit and facilitate exchanges on cooperation."
    assert pairs(positions(answer, question), "cooperate") == [(None, None)]
    asked = "Regarding the meeting of the foreign ministers of ASEAN and Japan, do you have any information?"
    assert pairs(positions(answer, asked.replace("ASEAN and ", "")), "cooperate") == [("JPN", "question_actor")]


def test_an_answer_to_the_reporters_own_words_is_aimed_at_no_one() -> None:
    # acts-dev-3 t1621251 e11, gold-c t1637013 e11
    question = "Canada says a Chinese flight was turned around. Do you have any comment?"
    for answer in ("I am afraid what you said is not true.", "I don't get your logic."):
        assert pairs(positions(answer, question), "reject") == [(None, None)]
    assert pairs(positions("Such claims are not true.", question), "reject") == [("CAN", "question_actor")]


def test_the_two_sides_in_an_object_are_the_pair_last_named() -> None:
    # acts-dev t1645211 e4
    question = "The DPRK and the US are preparing a new round of talks. What is your comment?"
    answer = "We look forward to seeing concrete actions from the two sides."
    assert [t for t, _rule in pairs(positions(answer, question), "appeal")] == ["PRK", "USA"]
