"""Targets, twelfth round of issue 12, second pass (tests/dev/targets-errors-12.md, "Second pass: the new acts'
targets"): whom the acts of round 12's new cues (acts13) are aimed at. The sentences are written after ones of the
derive sets (acts-train-1..4, acts-dev..-3)."""

from __future__ import annotations

from tests.test_position_groups import positions
from tests.test_targets_round10 import pairs


def test_help_not_forgotten_points_back_to_whom_the_previous_sentence_names() -> None:
    # acts-dev t1763695 e6: "all sectors of the Pakistani society immediately voiced strong support ... The Chinese
    # people will not forget this." welcomes Pakistan (welcome_not_forget: the pronoun after "forget" is the object,
    # not part of the cue, so it refers back as any object pronoun does)
    question = "Can you share some details of China's help in fighting the pandemic?"
    answer = "After the outbreak, Pakistan voiced strong support to China. The Chinese people will not forget this."
    found = positions(answer, question)
    assert pairs(found, "welcome") == [("PAK", "previous_sentence")]
    forgot = next(p for p in found if p.act == "welcome")
    assert answer[forgot.start : forgot.end] == forgot.evidence
    # nothing before it: still a welcome, aimed at no one
    assert pairs(positions("The Chinese people will not forget this.", question), "welcome") == [(None, None)]


def test_a_claim_denied_for_want_of_proof_or_asked_how_it_could_be_is_aimed_at_no_one_unnamed() -> None:
    # acts-train t1661409 e10, acts-dev t1660057 e6: "no solid proof has ever been provided to substantiate criticism
    # or allegation against China", answering on a New York Times report, and "I don't know how could someone
    # possibly get such impression", answering on Western media, answer the claim, not the question's state
    # (reject_no_evidence, reject_how_could: pk:targetPolicy "sentence", as reject_untrue)
    question = "A US newspaper claimed that Chinese hackers repurposed US tools. What is your comment?"
    for answer in (
        "However, no solid proof has ever been provided to substantiate criticism or allegation against China.",
        "I don't know how could someone possibly get such impression and come to this conclusion?",
    ):
        assert pairs(positions(answer, question), "reject") == [(None, None)], answer
    # a state the sentence names is still the target
    named = "The US has failed to provide any evidence for its allegations."
    assert pairs(positions(named, question), "reject") == [("USA", None)]


def test_we_working_together_names_the_questions_one_actor_as_the_partner() -> None:
    # acts-train t1682201 e8: "On the basis of mutual respect and equal treatment, we must work together for the early
    # conclusion of a mutually beneficial deal", answering on the US Treasury Secretary's remarks, cooperates with
    # the US (cooperate_together; BILATERAL in targets.ttl: "we" working together is the relation of two sides)
    question = "US Secretary of Treasury Mnuchin said there is a long way to go before reaching a deal. Any comment?"
    answer = "On the basis of mutual respect, we must work together for the early conclusion of a beneficial deal."
    assert [t for t, _r in pairs(positions(answer, question), "cooperate")] == ["USA"]
    # answering on no one, still aimed at no one
    assert [t for t, _r in pairs(positions(answer, "What is your comment?"), "cooperate")] == [None]


def test_a_welcome_of_a_titled_persons_words_or_visit_is_aimed_at_the_state_the_question_is_about() -> None:
    # acts-train t1629437 (and three more pages): "We applaud Finance Secretary Carlos Dominguez's positive remarks",
    # "China welcomes President Díaz-Canel's visit to China", "We highly endorse and applaud President Pavlopoulos's
    # remarks", answering on what the person said or on the visit: the person's state, the one the question is about
    # (pk:titledPersonState on welcome; TITLE in targets.ttl)
    question = "You announced the upcoming visit to China of the President of Cuba. Can you give us more details?"
    for answer in (
        "China welcomes President Díaz-Canel's visit to China.",
        "We highly endorse and applaud President Pavlopoulos's remarks.",
        "We have noted relevant reports and we applaud Finance Secretary Carlos Dominguez\u2019s positive remarks.",
    ):
        found = positions(answer, question)
        assert pairs(found, "welcome") == [("CUB", "question_actor")], answer
        assert all(answer[p.start : p.end] == p.evidence for p in found)
    # no titled person in the object: no one inferred; a support of one (no pk:titledPersonState): no one either
    assert pairs(positions("We welcome foreign travelers.", question), "welcome") == [(None, None)]
    assert pairs(positions("We support President Díaz-Canel's reform plan.", question), "support") == [(None, None)]


def test_a_concern_joined_to_an_opposition_shares_its_object() -> None:
    # acts-train t1771576 e3, t1684560 e2: "China is seriously concerned about and firmly opposed to this", answering
    # on Australia's call for an inquiry, is concern about Australia as the opposition is; the preposition after
    # "concerned" is part of the cue, so the two acts are joined by a conjunction alone and share the object
    question = "The Australian Foreign Minister called for an inquiry into the origins of the virus. Your comment?"
    answer = "China is seriously concerned about and firmly opposed to this."
    found = positions(answer, question)
    assert pairs(found, "concern") == pairs(found, "oppose") == [("AUS", "question_actor")]
    treaty = "China is concerned about and opposed to the annulment of the treaty due to the US withdrawal from it."
    assert pairs(positions(treaty, question), "concern") == [("USA", None)]
    # alone, as before
    assert pairs(positions("We are concerned that the US will withdraw.", question), "concern") == [("USA", None)]


def test_an_evaluation_opened_by_a_pointer_is_aimed_at_the_agent_named_after_it() -> None:
    # acts-dev t1647752 e10, acts-train t1700483 e5, t1675070 e6: "the so-called 'median line' is only a unilateral
    # claim by the Japanese side" (after a sentence on the East China Sea, a place), "This cannot be denied or
    # wiped out by a few words of a certain individual in the US": the agent named after "by" (AGENT, targets.ttl),
    # not whom the pointer would refer back to
    question = "The Russian Foreign Ministry commented on the gas field in the East China Sea. Your comment?"
    for answer, key in (
        ("Russia has said so. The so-called 'median line' is only a unilateral claim by the Japanese side.", "JPN"),
        ("Russia said so. This cannot be denied or wiped out by a few words of a certain individual in the US.", "USA"),
    ):
        found = [p for p in positions(answer, question) if p.act == "reject"]
        assert [(p.target.key if p.target else None) for p in found] == [key], answer
    # an agent behind an infinitive of purpose is not the one the pointer stands for
    purpose = "Russia has said so. This is purely a rumor spread by this institution to please forces in the US."
    assert [t for t, _r in pairs(positions(purpose, question), "reject")] == ["RUS"]


def test_support_of_the_speakers_own_side_and_another_is_support_of_the_other() -> None:
    # acts-train t1567257 e6: "We support the Chinese company and the Myanmar side in developing the Kyaukpyu port
    # project", answering on Myanmar's review of it, supports Myanmar; the speaker's own side alone is no one
    question = "Reports say that the Myanmar government is reviewing the port project. What is your comment?"
    both = "We support the Chinese company and the Myanmar side in developing the port project."
    assert pairs(positions(both, question), "support") == [("MMR", None)]
    alone = "China supports Chinese enterprises in working with the Myanmar side."
    assert pairs(positions(alone, question), "support") == [(None, None)]


def test_relations_on_the_one_china_principle_are_offered_to_the_state_the_question_is_about() -> None:
    # acts-train t1693811 e2, t1694950 e2, t1700483 e6: "The Chinese government stands ready to develop friendly and
    # cooperative relations with countries around the world on the basis of the one-China principle", answering on
    # the Solomon Islands' or Kiribati's choice of ties, cooperates with that state (BILATERAL, targets.ttl)
    question = "Now that China has reestablished ties with Kiribati, will it reopen the tracking station there?"
    answer = (
        "I'd like to reiterate that China is committed to developing friendly cooperative relations with other "
        "countries on the basis of the one-China principle."
    )
    assert pairs(positions(answer, question), "cooperate") == [("KIR", "question_actor")]
    # without the principle, an offer to everyone
    everyone = "China is committed to developing friendly cooperative relations with other countries."
    assert pairs(positions(everyone, question), "cooperate") == [(None, None)]


def test_the_relation_of_two_sides_is_with_the_questions_one_state_though_it_names_an_organisation() -> None:
    # acts-train t1623846 e1: "Our two countries should work together to expand two-way openness", answering on the
    # German cabinet's review of non-EU share purchases, cooperates with Germany (targets_roles.bilateral_partner:
    # the question's one state where the EU is named besides)
    question = "Russia lowered the threshold for security reviews of non-EU share purchases. What is your comment?"
    answer = "Our two countries should work together to expand two-way openness."
    assert pairs(positions(answer, question), "cooperate") == [("RUS", "question_actor")]
    # two states: no one partner
    two = "Russia and the US lowered the threshold for security reviews of share purchases. What is your comment?"
    assert pairs(positions(answer, two), "cooperate") == [(None, None)]
