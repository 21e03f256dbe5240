"""Acts, twelfth round of issue 12 (tests/dev/acts-errors-12.md): cues for missed acts, each kept on the protocol.
The sentences are written after ones of the derive sets (acts-train-1..4, acts-dev..-3, the tuning gold)."""

from __future__ import annotations

from tests.test_positions_round11 import acts


def act_names(answer: str, question: str) -> set[str]:
    return {a for a, _t in acts(answer, question)}


def test_a_claim_denied_for_want_of_proof_is_rejected() -> None:
    # acts-train t1661409 e10, t1665026 e3, gold t1653978 e11: "no solid proof has ever been provided to
    # substantiate criticism or allegation against China", "But it has failed to produce any solid evidence."
    question = "The US says Chinese companies steal technology. What is your comment?"
    for answer in (
        "The US keeps making this claim. But it has failed to produce any solid evidence.",
        "However, no solid proof has ever been provided to substantiate the allegation.",
        "But no such evidence has been offered to us so far.",
    ):
        assert "reject" in act_names(answer, question), answer
    # proof provided, or proof asked of someone, is no rejection
    for answer in (
        "The evidence has been provided to the court.",
        "We hope the investigation will produce solid evidence.",
    ):
        assert "reject" not in act_names(answer, question), answer


def test_a_claim_read_as_a_misreading_is_rejected() -> None:
    # acts-train t1618558 e2, t1647752 e10, t1683038 e11, t1776657 e3: "the so-called 'median line' is only a
    # unilateral claim by the Japanese side", "I think your words are highly misleading."
    question = "Japan says China's gas field crosses the median line. What is your comment?"
    found = acts("The so-called median line is only a unilateral claim by the Japanese side.", question)
    assert ("reject", "JPN") in found
    assert "reject" in act_names("I think your words are highly misleading.", question)
    # misleading someone is what a criticism says, not a rejection of a claim
    assert "reject" not in act_names("We oppose misleading the public.", question)


def test_a_practice_set_apart_from_the_name_given_to_it_is_a_rejection() -> None:
    # acts-train t1623846 e5, t1628520 e7: "The vocational education and training programs in Xinjiang cannot be
    # further different from the so-called forced labor as reported by the US media."
    question = "The US says there is forced labor in Xinjiang. What is your comment?"
    for answer in (
        "The training programs in Xinjiang cannot be further different from the so-called forced labor.",
        'The training is totally different from the "forced labor" alleged by some parties.',
    ):
        assert "reject" in act_names(answer, question), answer
    assert "reject" not in act_names("Our two economies are very different from each other.", question)


def test_a_claim_named_a_rumour_or_a_guess_is_rejected() -> None:
    # acts-train t1614461 e2, t1577969 e6: "The so-called barging into the PNG Foreign Minister's office is purely a
    # rumor from someone with ulterior motives."
    question = "Reports say Chinese diplomats barged into the foreign minister's office. What is your comment?"
    found = act_names("The so-called barging into the office is purely a rumor from someone with motives.", question)
    assert "reject" in found
    # a rumour reported as someone's words is not the speaker's rejection
    assert "reject" not in act_names("The minister said it was purely a rumor.", question)


def test_an_explanation_owed_or_a_task_named_for_a_state_is_a_demand() -> None:
    # acts-train t1685765 e10, acts-dev t1685017 e2: "the US owes China and the world an explanation"; acts-train
    # t1603722 e4, t1663725 e8, gold t1772428 e2: "Our advice for the US is to reflect upon ...", "The right course
    # of action for the US side is to dismiss this abusive lawsuit."
    question = "The US Congress passed a bill on Hong Kong. What is your comment?"
    for answer in (
        "Regarding the recent situation in Hong Kong, the US owes China and the world an explanation.",
        "Our advice for the US is to reflect upon its own record.",
        "The right course of action for the US side is to withdraw the bill.",
    ):
        assert ("demand", "USA") in acts(answer, question), answer
    # a task for everyone is a principle, and an explanation owed by China is no demand on anyone
    for answer in (
        "The urgent task for all countries is to focus on epidemic response.",
        "We owe our people an explanation and we will give it.",
    ):
        assert "demand" not in act_names(answer, question), answer


def test_joint_work_of_a_subject_that_names_china_is_cooperation() -> None:
    # acts-train t1594900 e6, t1623846 e1, t1637290 e2, t1682201 e8: "Our two countries should work together to
    # expand two-way openness", "China and Russia ... will continue to work together for the political resolution
    # of this issue", "we must work together for the early conclusion of a mutually beneficial deal"
    question = "How do you see the trade talks between China and Canada?"
    for answer in (
        "Our two countries should work together to expand two-way openness.",
        "On the basis of mutual respect, we must work together for the early conclusion of a mutually beneficial deal.",
        "China and Canada will make concerted efforts to implement the consensus.",
    ):
        assert "cooperate" in act_names(answer, question), answer
    # joint work of others is no act of China's
    for answer in (
        "We hope all countries will work together to win the battle against the disease.",
        "The US and the DPRK should work together for denuclearization.",
    ):
        assert "cooperate" not in act_names(answer, question), answer


def test_help_remembered_never_to_be_forgotten_is_welcome() -> None:
    # acts-train t1757799 e26, t1763695 e6, gold t1751334 e9: "Pakistan mobilized the whole nation to provide
    # assistance to China, which we will never forget.", "The Chinese people will not forget this."
    question = "Pakistan has sent medical supplies to China. What is your comment?"
    for answer in (
        "Right after the epidemic broke out, Pakistan mobilized the whole nation to provide assistance to China, "
        "which we will never forget.",
        "Pakistan stood with us in times of adversity. The Chinese people will not forget this.",
    ):
        assert "welcome" in act_names(answer, question), answer
    # forgetting asked of others, or remembered without the negation, is not the act
    for answer in ("Some people forget that China was hit first.", "We hope they will not forget history."):
        assert "welcome" not in act_names(answer, question), answer


def test_dissatisfaction_and_what_is_not_welcome_are_opposition() -> None:
    # acts-train t1625414 e10, t1629668 e1: "We are strongly dissatisfied with that"; t1578409 e3, t1613461 e5:
    # "Of course we don't welcome a trade war in which everyone loses"; gold t1644890 e5: "Any attempts to create
    # 'two Chinas' ... will be strongly opposed by all the Chinese people."
    question = "Canada has arrested a Chinese citizen. What is your comment?"
    for answer in (
        "We are strongly dissatisfied with that and urge the Canadian side to correct its mistakes.",
        "Of course we don't welcome a trade war in which everyone loses.",
        "Any attempts to split China will be strongly opposed by all the Chinese people.",
    ):
        assert "oppose" in act_names(answer, question), answer
    # welcome stated, and someone else's dissatisfaction reported, are not
    for answer in (
        "We welcome the Canadian side's decision.",
        "Canada said it is dissatisfied with the verdict.",
    ):
        assert "oppose" not in act_names(answer, question), answer


def test_the_central_governments_support_restated_is_support() -> None:
    # acts-train t1670850 e10, t1693811 e5: "I'd like to reaffirm the Central Government's resolute support of the
    # SAR government in advancing the amendment of the two ordinances."
    question = "The US criticised the amendment bill in Hong Kong. What is your comment?"
    answer = "I'd like to reaffirm the Central Government's resolute support of the SAR government in this work."
    assert "support" in act_names(answer, question)
    # support of someone else's government, or received from it, is not China's act
    assert "support" not in act_names("The project has won the support of the British government.", question)


def test_a_hope_that_the_two_sides_work_together_is_cooperation() -> None:
    # acts-train t1594517 e3, t1633680 e1, t1664498 e10, t1682558 e6: "We hope both sides can make concerted efforts
    # in this.", "We hope that Australia and China could work together to move forward the partnership."
    question = "Australia's foreign minister will visit China next week. What is your comment?"
    for answer in (
        "We hope both sides can make concerted efforts in this.",
        "We hope that Australia and China could work together to move forward our partnership.",
    ):
        assert "cooperate" in act_names(answer, question), answer
    # a hope that two other states work together is no cooperation of China's
    other = "We hope that the US and the DPRK can work together for denuclearization."
    assert "cooperate" not in act_names(other, "Will the US and the DPRK meet again?")


def test_a_claim_refuted_by_what_could_not_have_happened_is_rejected() -> None:
    # acts-train t1614461 e4, t1594148 e2: "If it had any constricting terms, it could not have seen so many
    # cooperation projects up and running."
    question = "Some say the Belt and Road Initiative is a debt trap. What is your comment?"
    answer = "If it had any constricting terms, it could not have seen so many cooperation projects up and running."
    assert "reject" in act_names(answer, question)
    # a hypothesis with no counterfactual past refutes nothing
    assert "reject" not in act_names("If this happened in Canada, we would not even care.", question)


def test_another_states_steps_acknowledged_or_found_deserving_are_welcome() -> None:
    # acts-train t1562652 e4, e10, t1626635 e1, t1643710 e1: "China fully acknowledges this string of positive
    # measures taken by the DPRK side", "We recognize and encourage that", "... deserves appreciation"
    question = "The DPRK has dismantled its nuclear test site. What is your comment?"
    for answer in (
        "China fully acknowledges this string of positive measures taken by the DPRK side.",
        "The DPRK has taken steps to ease tensions. We recognize and encourage that.",
        "It is an important step made by the DPRK, which deserves appreciation and encouragement.",
    ):
        assert "welcome" in act_names(answer, question), answer
    # steps acknowledged as needed are not welcomed
    assert "welcome" not in act_names("We hope the DPRK will take more positive measures.", question)


def test_asking_how_a_claim_could_be_is_a_rejection() -> None:
    # acts-dev-3 t1778378 e2, acts-train t1776657 e10: "How could it have anything to do with 'economic coercion'?"
    question = "Australia accuses China of economic coercion. What is your comment?"
    assert "reject" in act_names('How could it have anything to do with "economic coercion"?', question)
    # a question on what the two sides can do is no rejection
    assert "reject" not in act_names("How can we deepen our cooperation? By meeting each other halfway.", question)


def test_a_denial_of_what_someone_claimed_is_a_rejection() -> None:
    # acts-train t1625414 e10, t1698607 e6: "The Chinese ships did not engage in 'trans-boundary fishing' as the
    # Japanese side claimed."
    question = "Japan says Chinese fishing boats entered its waters. What is your comment?"
    answer = 'The Chinese ships did not engage in "trans-boundary fishing" as the Japanese side claimed.'
    assert ("reject", "JPN") in acts(answer, question)
    # a claim repeated without a denial rejects nothing
    assert "reject" not in act_names("The ships were fishing in the area, as the Japanese side claimed.", question)
