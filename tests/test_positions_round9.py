"""Positions, issue 12's ninth round (acts missed across many derive pages, ``tests/dev/acts-errors-9.md``): the
general rules it added, each on a hand-written sentence of the kind the tally counted, with the traps that bound it."""

from __future__ import annotations

import pytest

from tests.test_positions_language import Pair, pairs

ABOUT_US = "The US has made new accusations against China. What is your comment?"
ABOUT_CANADA = "Canada has detained a Chinese citizen. What is your comment?"
ABOUT_US_BILL = "The US Congress has passed a bill on Hong Kong. What is your comment?"

# (question, answer, pairs that must be found, pairs that must not be)
CASES: list[tuple[str, str, set[Pair], set[Pair]]] = [
    # A repeated offence (criticize_repeat); not the speaker's side's own record, not someone else's words.
    (ABOUT_US, "This is not the first time for US officials to spread such rumors.", {("criticize", "USA")}, set()),
    (ABOUT_US, "It is not the first time that we were accused of such things.", {("criticize", "USA")}, set()),
    (ABOUT_US, "This is not the first time that President Xi wrote back to students.", set(), {("criticize", "USA")}),
    (ABOUT_US, "The US said this is not the first time.", set(), {("criticize", "USA")}),
    # Innocence asserted: the accused broke no law (reject_lawful); not someone else's words.
    (ABOUT_CANADA, "Canada detained a Chinese citizen who has violated no Canadian laws.", {("reject", "CAN")}, set()),
    (ABOUT_CANADA, "The Chinese diplomats didn't do anything against local laws.", {("reject", "CAN")}, set()),
    (ABOUT_CANADA, "Canada said that he violated no Canadian laws.", set(), {("reject", "CAN")}),
    # An act named as interference in China's internal affairs or a violation of its sovereignty
    # (sovereignty_violated); not a call to stop, not someone else's words.
    (
        ABOUT_US_BILL,
        "The bill constitutes gross interference in China's internal affairs.",
        {("sovereignty", "USA")},
        set(),
    ),
    (ABOUT_US_BILL, "The passage of the act is a violation of China's sovereignty.", {("sovereignty", "USA")}, set()),
    (ABOUT_US_BILL, "The US has grossly interfered in China's internal affairs.", {("sovereignty", "USA")}, set()),
    (ABOUT_US_BILL, "We urge the US to stop interfering in China's internal affairs.", set(), {("sovereignty", "USA")}),
    (ABOUT_US_BILL, "Russia said the bill is a violation of China's sovereignty.", set(), {("sovereignty", "USA")}),
]


@pytest.mark.parametrize(("question", "answer", "present", "absent"), CASES)
def test_round9(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found
    assert not absent & found
