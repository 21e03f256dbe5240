"""Implicit targets (annotation.md, positions v2 rule 1) and pointers, third round of issue 12: an act that answers
the question and whose object leaves the states unnamed ("any country", "other countries") is aimed at the state
the question is about, marked inferred. The sentences are from the tuning gold (001_c898893308e39e3b e5,
t1778769 e3) and dev pages (t1633218 e8, t1580976 e10)."""

from __future__ import annotations

import pytest

from tests.test_position_groups import positions


@pytest.mark.parametrize(
    ("question", "answer", "key"),
    [
        (
            "According to reports, many Indian soldiers are Tibetans in exile. What is China's comment?",
            'We firmly oppose any country to facilitate the activities of the "Tibet independence" forces.',
            "IND",
        ),
        (
            "Regarding the Japanese government's plan to sell weapons to Taiwan, what's your response?",
            "Our position is consistent and clear: we firmly oppose other countries selling arms to the Taiwan region.",
            "JPN",
        ),
    ],
)
def test_unnamed_states_in_an_answering_object_are_the_questions_state(question: str, answer: str, key: str) -> None:
    found = [p for p in positions(answer, question) if p.act == "oppose"]
    assert [(p.target.key if p.target else None, p.target_rule) for p in found] == [(key, "question_actor")]


def test_unnamed_states_aim_at_no_one_where_the_question_names_no_state() -> None:
    answer = "We firmly oppose other countries selling arms to the Taiwan region."
    assert [p.target for p in positions(answer) if p.act == "oppose"] == [None]


@pytest.mark.parametrize(
    "answer",
    [
        "China firmly opposes all forms of proliferation activities.",  # a phenomenon, not the states
        "China firmly opposes all forms of terrorism.",
    ],
)
def test_an_opposition_to_a_phenomenon_is_not_aimed_at_the_questions_state(answer: str) -> None:
    question = "The US imposed sanctions on five Chinese entities. What is your response?"
    found = [p for p in positions(answer, question) if p.act == "oppose"]
    assert found and all(p.target is None for p in found)


def test_cooperation_with_all_parties_is_offered_to_no_one_in_particular() -> None:
    # 000_921da15b2d4a4fd7 e6 (tuning gold), t1563568 e5: pk:partiesFromQuestion false on cooperate (targets.ttl).
    question = "The US and Japan have raised tariffs. What is your comment?"
    answer = "China is willing to work with all parties to firmly safeguard the multilateral trading system."
    assert [p.target for p in positions(answer, question) if p.act == "cooperate"] == [None]
    # A call on the same parties still stands for the states the question names (annotation.md, rule 2).
    call = "We call on all parties to exercise restraint."
    assert {p.target.key for p in positions(call, question) if p.act == "appeal" and p.target} == {"USA", "JPN"}


def test_parties_from_question_is_read_from_the_ontology_and_shape_checked() -> None:
    import pyshacl
    import rdflib

    from kg.extract.positions import load_act_lexicon
    from kg.ontology import ontology_dir

    assert load_act_lexicon().parties_apart == frozenset({"cooperate"})
    onto = ontology_dir()
    shapes = rdflib.Graph().parse(onto / "shapes.ttl")
    text = (onto / "targets.ttl").read_text(encoding="utf-8")
    broken = text.replace("pk:partiesFromQuestion false", 'pk:partiesFromQuestion "no"')
    for data, ok in ((text, True), (broken, False)):
        graph = rdflib.Graph().parse(onto / "acts.ttl").parse(data=data, format="turtle")
        conforms, _g, report = pyshacl.validate(graph, shacl_graph=shapes)
        assert conforms is ok, report
