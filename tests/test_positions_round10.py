"""Positions, issue 12's tenth round (acts the frames and the one-act-per-sentence choice lose,
``tests/dev/acts-errors-10.md``): the general rules it changed, each on a hand-written exchange of the kind the tally
counted, with the traps that bound it."""

from __future__ import annotations

import pytest

from tests.test_positions_language import Pair, pairs

ABOUT_US_TALKS = "The US and China will hold trade talks next week. What is your comment?"
ABOUT_KOREA = "The DPRK and the ROK held talks yesterday. What is your comment?"
ABOUT_US_ARMS = "The US approved arms sales to Taiwan. What is your comment?"
ABOUT_TARIFFS = "The US has raised tariffs on Chinese goods. What is your comment?"
ABOUT_SUMMIT = "The DPRK and the US will hold their second summit in Hanoi. What is your comment?"
ABOUT_WTO = "US officials say China does not abide by WTO rules. What is your comment?"
ABOUT_JAPAN = "The Japanese Prime Minister will visit China next month. What do you expect?"

# (question, answer, pairs that must be found, pairs that must not be)
CASES: list[tuple[str, str, set[Pair], set[Pair]]] = [
    # A hope that the addressee will work with China: an appeal to it as well as cooperation with it (appeal_hope
    # no longer turns JOINT_WITH down); a hope in which China is among the subjects is still no appeal.
    (
        ABOUT_US_TALKS,
        "We hope the US can work with China to meet each other halfway and strive for a mutually beneficial deal.",
        {("appeal", "USA"), ("cooperate", "USA")},
        set(),
    ),
    (
        ABOUT_JAPAN,
        "We hope that Japan will continue to work with China in the same direction.",
        {("appeal", "JPN")},
        set(),
    ),
    (
        ABOUT_JAPAN,
        "We hope that China and Japan will work together for the success of the visit.",
        set(),
        {("appeal", "JPN")},
    ),
    (ABOUT_JAPAN, "Japan said it hopes the US will work with China.", set(), {("appeal", "JPN"), ("appeal", "USA")}),
    # The purpose of a cooperation the speaker's side offers is its act too (pk:sharesPurpose on cooperate); not
    # the object of another act ("support the efforts of X to ..."), nor of a call on someone else.
    (
        ABOUT_KOREA,
        "China will continue to work with the international community to support the DPRK and the ROK in improving"
        " their relations.",
        {("support", "PRK"), ("support", "KOR")},
        set(),
    ),
    (
        ABOUT_KOREA,
        "We urge the US to work with the international community to support the DPRK and the ROK.",
        set(),
        {("support", "PRK"), ("support", "KOR")},
    ),
    (ABOUT_KOREA, "We welcome the efforts of the DPRK to support the talks.", set(), {("support", "PRK")}),
    # "Our two sides" is the speaker's side with its partner (pf:selfPattern); "the two sides" may be two others.
    (
        ABOUT_JAPAN,
        "Our two sides will act on the consensus reached by the two leaders to strengthen strategic communication"
        " and advance cooperation across the board.",
        {("cooperate", "JPN")},  # the question's one actor since round 11 (pk:bilateralPartner; t1616369 e6: India)
        {("cooperate", None)},
    ),
    (
        "The DPRK and the US will meet in Hanoi. What is your comment?",
        "We believe the two sides will strengthen cooperation.",
        set(),
        {("cooperate", None), ("cooperate", "PRK"), ("cooperate", "USA")},
    ),
    # A word that may open a subordinate clause ("that") right before the conjunction is an object and blocks no
    # coordinated predicate; one with words after it still does.
    (
        ABOUT_US_ARMS,
        "We firmly oppose that and have lodged stern representations with the US side.",
        {("oppose", "USA"), ("protest", "USA")},
        set(),
    ),
    (
        ABOUT_US_ARMS,
        "We hope that the US side will stop arms sales and lodge stern representations with Taiwan.",
        set(),
        {("protest", "USA"), ("protest", None)},
    ),
    # A hope with an infinitive is the speaker's own plan, its purpose the speaker's act; a hope that someone else
    # will act is not.
    (
        ABOUT_JAPAN,
        "China hopes to take this visit as an opportunity to deepen political trust and practical cooperation.",
        {("cooperate", None)},
        set(),
    ),
    (ABOUT_JAPAN, "We hope the US will deepen practical cooperation with Japan.", set(), {("cooperate", "JPN")}),
    # "but" joins two predicates of the speaker's side as "and" does; not someone else's, nor reported ones.
    (
        ABOUT_TARIFFS,
        "We have seen relevant reports but are not aware of the specific situation.",
        {("no_comment", None)},
        set(),
    ),
    (
        ABOUT_TARIFFS,
        "China does not want a trade war, but is by no means afraid of fighting one.",
        {("warn", "USA")},
        set(),
    ),
    (
        ABOUT_TARIFFS,
        "The US side has seen the reports but is not aware of the situation.",
        set(),
        {("no_comment", None)},
    ),
    (
        ABOUT_TARIFFS,
        "Russia said it does not want a trade war, but is by no means afraid of fighting one.",
        set(),
        {("warn", "USA")},
    ),
    # A hoped-for event of a pair the question names, China not one of them, is an appeal to both; an event of
    # China's own (a visit to Japan) or "our two countries" is still a joint outcome, no appeal (rule 9).
    (
        ABOUT_SUMMIT,
        "We hope that the meeting to be held in Hanoi will be successful.",
        {("appeal", "PRK"), ("appeal", "USA")},
        set(),
    ),
    (
        ABOUT_SUMMIT,
        "We hope that our two countries will deepen cooperation.",
        set(),
        {("appeal", "PRK"), ("appeal", "USA")},
    ),
    (
        ABOUT_JAPAN,
        "We hope that the visit will deepen mutual trust between China and Japan.",
        set(),
        {("appeal", "JPN")},
    ),
    # A claim refuted by a rhetorical question on what would follow from it (reject_if_why, annotation.md rule 8);
    # not an if-clause that is not the other side's, nor someone else's question reported.
    (
        ABOUT_WTO,
        "If China does not mean to abide by the WTO rules, then why did China choose to join the WTO in the first"
        " place?",
        {("reject", "USA")},
        set(),
    ),
    (
        ABOUT_WTO,
        "If the rules are so unfair, like they claimed, why are so many countries joining the WTO?",
        {("reject", "USA")},
        set(),
    ),
    (ABOUT_WTO, "If you have more questions, how can we help you?", set(), {("reject", "USA"), ("reject", None)}),
    (
        ABOUT_WTO,
        "The US officials asked: if China abides by the rules, then why are there so many disputes?",
        set(),
        {("reject", "USA"), ("reject", None)},
    ),
]


@pytest.mark.parametrize(("question", "answer", "present", "absent"), CASES)
def test_round10(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found
    assert not absent & found
