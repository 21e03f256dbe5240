"""Acts, eleventh round of issue 12 (tests/dev/acts-errors-11.md): near-miss variants of the cues, each kept on the
protocol. The sentences are written after ones of the derive sets (acts-train-1..4, acts-dev..-3)."""

from __future__ import annotations

from tests.test_position_groups import positions


def acts(answer: str, question: str) -> set[tuple[str, str | None]]:
    return {(p.act, p.target.key if p.target else None) for p in positions(answer, question)}


def test_confidence_in_a_named_states_government_or_people_is_support() -> None:
    # acts-train t1576325 e6, t1594900 e5, t1607513 e5, t1651102 e6: "We believe that the Pakistani side can overcome
    # the temporary difficulties", "China believes that the Venezuelan government and people are capable of handling
    # their domestic affairs" (support_confidence)
    question = "The Afghan government faces a difficult election. What is your comment?"
    for answer in (
        "We believe that the Afghan side can overcome the temporary difficulties.",
        "China believes that the Afghan government and people are capable of handling their domestic affairs.",
        "We are confident the Afghan people have the capability to ensure a smooth transition.",
    ):
        assert ("support", "AFG") in acts(answer, question), answer
    # the speaker's own authorities, a belief about no government, and a belief that a state will do harm are not
    for answer in (
        "I believe relevant Chinese authorities will carefully study the report.",
        "We believe the report will be studied carefully.",
        "We believe the situation will improve.",
    ):
        assert not any(a == "support" for a, _t in acts(answer, question)), answer


def test_a_question_answered_before_is_no_comment_only_where_nothing_follows_it() -> None:
    # acts-train t1589364 e1, t1661409 e3, t1701592 e4, t1735126 e5 (11 exchanges of the derive sets): "I took
    # similar questions yesterday." followed, in the next paragraph too, by the position restated is that position,
    # not a pointer back (annotation.md, positions rule 5; no_comment_answered in POSITION_STATED)
    question = "The US criticised China over Xinjiang. What is your comment?"
    for answer in (
        "I took similar questions yesterday. China firmly opposes the US interference in China's internal affairs.",
        "I took similar questions yesterday.\nChina firmly opposes the US interference in China's internal affairs.",
    ):
        found = acts(answer, question)
        assert ("oppose", "USA") in found and not any(a == "no_comment" for a, _t in found), answer
    # with nothing after it, or with the position stated before it, the pointer back is the answer to the rest
    assert ("no_comment", None) in acts("I took similar questions yesterday. You may refer to that.", question)
    before = "China opposes the US interference.\nAs to your second question, I took similar questions yesterday."
    assert ("no_comment", None) in acts(before, "First, on the US remarks? Second, on the visit?")


def test_support_given_to_foreign_reporting_procurement_or_exports_is_no_support_act() -> None:
    # acts-dev t1596795 e6, e7, t1633680 e10, e16, t1757799 e1, t1764277 e5 (9 exchanges of the derive sets, none
    # coded support): "China has been supporting and facilitating foreign media's normal reporting", "providing
    # support and convenience for foreign procurement" are services, not the act
    question = "The US expelled Chinese journalists. What is your comment?"
    for answer in (
        "China has been supporting and facilitating foreign media's normal reporting in China.",
        "The Chinese government will continue providing support and convenience for foreign procurement.",
        "We will provide support and assistance to foreign correspondents stationed in China with their work.",
        "While satisfying domestic demands, we support export by companies with qualifications and credibility.",
    ):
        assert not any(a == "support" for a, _t in acts(answer, question)), answer
    # support of the country's own companies, and of a state, still is (4 of 4 in the derive gold)
    assert ("support", None) in acts("We support Chinese companies in carrying out normal cooperation.", question)
    assert ("support", "USA") in acts("China supports the US in fighting the epidemic.", question)


def test_a_hope_of_the_reporter_is_no_appeal() -> None:
    # acts-train t1623453 e6, t1626635 e4, t1628520 e3, t1652690 e8, t1665026 e12, t1667291 e11: "I hope that you can
    # make an accurate reading of Ambassador Lu Shaye's article" asks the reporter, no state (REPORTER, targets.ttl)
    question = "The ambassador's article has drawn criticism in Canada. What is your comment?"
    for answer in (
        "I hope that you can make an accurate reading and understanding of the article.",
        "I hope you make an accurate judgment upon them.",
        "I hope you will not over-interpret that.",
    ):
        assert not any(a == "appeal" for a, _t in acts(answer, question)), answer
    # a hope of a state, or of "your side", still is an appeal
    assert ("appeal", "CAN") in acts("We hope Canada can make an accurate judgment.", question)
    assert any(a == "appeal" for a, _t in acts("We hope your government will make the right choice.", question))


def test_a_role_played_on_is_no_offer_of_cooperation() -> None:
    # acts-train t1567257 e1, t1626635 e1, t1643710 e8, t1693289 e3, t1700483 e3, e4 (3 of 10 coded cooperate on the
    # derive sets): "China will continue to play a constructive role to this end" states no intent to work with anyone
    # (annotation.md, positions rule 9: cooperate needs intent); cooperate_role now needs the others it is played with
    question = "The US and the DPRK will hold a second summit. What is your comment?"
    found = acts("China will continue to play a constructive role to this end.", question)
    assert not any(a == "cooperate" for a, _t in found)
    along = acts("China will continue to play its due role along with other parties.", question)
    assert any(a == "cooperate" for a, _t in along)
    # working with others still is
    assert any(a == "cooperate" for a, _t in acts("China will continue to work with the US to this end.", question))


def test_an_evaluation_inside_the_object_of_an_opposition_is_the_thing_opposed() -> None:
    # acts-train t1594517 e1, t1667291 e8, t1683038 e2, t1685765 e5, acts-dev t1776881 e3: "China consistently opposes
    # the US side using Xinjiang-related issues to interfere in China's domestic affairs" is oppose alone (one act per
    # clause, annotation.md positions rule 6, as a call's object is: OPPOSITIONS in assembly.py)
    question = "The US Congress passed a bill on Xinjiang. What is your comment?"
    for answer in (
        "China consistently opposes the US using Xinjiang-related issues to interfere in China's domestic affairs.",
        "We firmly oppose US interference in China's internal affairs in any form.",
    ):
        found = acts(answer, question)
        assert ("oppose", "USA") in found and not any(a == "criticize" for a, _t in found), answer
    # a rejection inside the object is the thing opposed too; one in a clause of its own stays
    question2 = "US officials accused China of stealing technology. What is your comment?"
    opposed = acts("China firmly opposes the US making groundless accusations against China.", question2)
    assert ("oppose", "USA") in opposed and not any(a == "reject" for a, _t in opposed)
    apart = acts("China firmly opposes the accusations; they are totally groundless.", question2)
    assert {a for a, _t in apart} >= {"oppose", "reject"}
    # an accusation in a clause of its own after the opposition stays
    both = "We firmly oppose the bill; the US is interfering in China's internal affairs."
    assert {("oppose", "USA"), ("criticize", "USA")} <= acts(both, question)


def test_i_will_not_repeat_is_a_pointer_back_the_answer_only_where_nothing_follows() -> None:
    # acts-train t1594148 e4, t1619995 e6, t1681711 e10: "I talked about the situation in Xinjiang yesterday, so I will
    # not repeat it here", followed by the position restated, is that position (no_comment_no_repeat, split from
    # no_comment_decline, in POSITION_STATED); a refusal to comment stays no_comment beside other acts
    question = "The US criticised China over Xinjiang. What is your comment?"
    followed = acts("I talked about it yesterday, so I will not repeat it. China firmly opposes the US move.", question)
    assert ("oppose", "USA") in followed and not any(a == "no_comment" for a, _t in followed)
    assert ("no_comment", None) in acts("I talked about it yesterday, so I will not repeat it here.", question)
    declined = acts("We have no comment on that. China firmly opposes the US move.", question)
    assert {("no_comment", None), ("oppose", "USA")} <= declined
