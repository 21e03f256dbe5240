"""Targets, twelfth round of issue 12 (tests/dev/targets-errors-12.md): who an act is aimed at where the act is right
and the target was not. The sentences are written after ones of the derive sets (acts-train-1..4, acts-dev..-3)."""

from __future__ import annotations

from tests.test_position_groups import positions
from tests.test_targets_round10 import pairs


def test_the_relevant_parties_are_the_questions_states_the_sentence_names_where_it_names_some() -> None:
    # acts-train t1622128 e7, t1633218 e3, t1655318 e8, t1672069 e5: "We hope that all relevant parties to the Yemen
    # issue could faithfully implement the outcomes", answering on the Yemen talks in Sweden, is aimed at Yemen, not
    # at Sweden too; "We hope all parties can make more efforts to promote stability in Venezuela", answering on the
    # US and Russia at the Security Council, at neither (targets_roles.parties_named: 7 of 7 so inferred were wrong)
    question = "Russia and the UK reaffirmed their commitment to the JCPOA. What is your comment?"
    for answer in (
        "We hope all relevant parties to the Russia issue could faithfully implement the outcomes.",
        "We hope all parties can make more efforts to promote stability and development in Russia.",
        "We call on the relevant parties to exercise restraint and help Russia maintain stability.",
    ):
        assert pairs(positions(answer, question), "appeal") == [("RUS", None)], answer
    # a group whose sentence names none of the question's states after it is still each of them
    call = "We call on the relevant parties to exercise restraint."
    assert pairs(positions(call, question), "appeal") == [("GBR", "question_parties"), ("RUS", "question_actor")]
    # ... and one that names them all keeps them all
    both = "We hope all relevant parties, Russia and the UK included, could implement the outcomes."
    assert pairs(positions(both, question), "appeal") == [("GBR", None), ("RUS", None)]


def test_an_opposition_answering_a_bloc_of_states_is_aimed_at_it() -> None:
    # acts-train t1672069 e1, t1682201 e4, acts-dev t1662090 e3: "Hong Kong affairs are purely China's internal
    # affairs", "we firmly oppose interference in Hong Kong affairs", answering on an EU statement or a European
    # Parliament motion, are aimed at the EU as they would be at a state (groups.ttl: a bloc of states); an
    # organisation that is no bloc stays a target only where the evidence names it (pk:organisationTarget "named")
    bloc = "The EU in a statement has said that the amendments could have consequences for Hong Kong. Your comment?"
    agency = "The WHO said the amendments could have consequences for Hong Kong. What is your comment?"
    for answer, act in (
        ("Our position is very clear: we firmly oppose interference in Hong Kong affairs.", "oppose"),
        ("Hong Kong affairs are purely China's internal affairs.", "sovereignty"),
    ):
        assert pairs(positions(answer, bloc), act) == [("eu", "question_actor")], answer
        assert pairs(positions(answer, agency), act) == [(None, None)], answer
    # criticize is never aimed at an organisation (pk:organisationTarget "none"), a bloc neither
    remarks = "Such irresponsible remarks are groundless and interfere in Hong Kong affairs."
    assert all(t is None for t, _r in pairs(positions(remarks, bloc), "criticize"))
