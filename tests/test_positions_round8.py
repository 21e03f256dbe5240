"""Positions, issue 12's eighth round (acts missed across many derive pages, ``tests/dev/acts-errors-8.md``): the
general rules it added, each on a hand-written sentence of the kind the tally counted, with the traps that bound it."""

from __future__ import annotations

import pytest

from tests.test_positions_language import Pair, pairs

ABOUT_US = "The US has made new accusations against China. What is your comment?"
HONG_KONG = "What is your comment on the situation in Hong Kong?"
AFGHANISTAN = "What is your comment on the situation in Afghanistan?"
ABOUT_JAPAN = "Japan has protested against the Chinese survey ship. What is your comment?"

# (question, answer, pairs that must be found, pairs that must not be)
CASES: list[tuple[str, str, set[Pair], set[Pair]]] = [
    # Sovereignty claimed in so many words: "but one China", waters under China's jurisdiction, China's territory,
    # China's territorial sea (sovereignty_one_china, sovereignty_jurisdiction); not where someone else claims it.
    (ABOUT_JAPAN, "As is known to all, there is but one China in the world.", {("sovereignty", "JPN")}, set()),
    (ABOUT_JAPAN, "The ship was operating in waters under China's jurisdiction.", {("sovereignty", "JPN")}, set()),
    (ABOUT_JAPAN, "The islands are within China's territory.", {("sovereignty", "JPN")}, set()),
    (ABOUT_JAPAN, "The boat was fishing illegally in China's territorial sea.", {("sovereignty", "JPN")}, set()),
    (
        ABOUT_JAPAN,
        "Japan claimed that the waters are under China's jurisdiction.",
        set(),
        {("sovereignty", "JPN"), ("sovereignty", None)},
    ),
    # How far a claim stands from the facts, whoever the clause's subject (reject_untrue); not someone else's words.
    # Answering an accusation the question reports, a denial that names no one is aimed at no one (targets round 10).
    (ABOUT_US, "We have checked on this report and it is not factual.", {("reject", None)}, set()),
    (ABOUT_US, "The US accusation could not be further from the truth.", {("reject", "USA")}, set()),
    (ABOUT_US, "The relevant reports seriously deviate from the facts.", {("reject", "USA")}, set()),
    (ABOUT_US, "That's not at all true.", {("reject", "USA")}, set()),
    (ABOUT_US, "The US side said that our figures deviate from the facts.", set(), {("reject", "USA")}),
    # Blame denied: the accused is not the cause nor the one responsible (reject_blameless); not someone else's words.
    (ABOUT_US, "We are not the reason for the current situation.", {("reject", "USA")}, set()),
    (ABOUT_US, "China is a victim, not a perpetrator, of the epidemic.", {("reject", "USA")}, set()),
    (ABOUT_US, "The US said that it is not responsible for the situation.", set(), {("reject", "USA")}),
    # A call on everyone at once in the speaker's own words is an appeal with no target (appeal_everyone); not a joint
    # undertaking with China, not someone in particular, not someone else's words.
    (
        ABOUT_US,
        "The international community should make concerted efforts to oppose unilateralism.",
        {("appeal", None)},
        set(),
    ),
    (
        ABOUT_US,
        "All countries, especially the major economies, should oppose protectionism.",
        {("appeal", None)},
        set(),
    ),
    (ABOUT_US, "No individual or country should impose its own will upon others.", {("appeal", None)}, set()),
    (ABOUT_US, "China and all countries should work together.", set(), {("appeal", None)}),
    (ABOUT_US, "Western countries should stop interfering.", set(), {("appeal", None)}),
    (ABOUT_US, "He said all countries should support the plan.", set(), {("appeal", None)}),
    # China's central government is the speaker's side (profiles.ttl, pf:selfPattern); another state's is not.
    (
        HONG_KONG,
        "The central government firmly supports the SAR government in handling this issue.",
        {("support", None)},
        set(),
    ),
    (
        AFGHANISTAN,
        "The central government of Afghanistan supports the peace talks.",
        set(),
        {("support", None), ("support", "AFG")},
    ),
    (
        AFGHANISTAN,
        "The Afghan central government supports the peace talks.",
        set(),
        {("support", None), ("support", "AFG")},
    ),
    # Resolve announced by the speaker's side (warn_resolve), toward the one asked about; not support for someone
    # else's defence of their interests, nor a duty to protect businesses.
    (ABOUT_US, "We will firmly defend our legitimate rights and interests.", {("warn", "USA")}, set()),
    (ABOUT_US, "China does not want a trade war, but we are not afraid of fighting one.", {("warn", "USA")}, set()),
    (ABOUT_US, "If the US insists on escalating frictions, we will fight to the end.", {("warn", "USA")}, set()),
    (ABOUT_US, "We support Cambodia in safeguarding its legitimate rights and interests.", set(), {("warn", "USA")}),
    (
        ABOUT_US,
        "We will continue to safeguard the lawful rights and interests of Chinese businesses.",
        set(),
        {("warn", "USA")},
    ),
    # Incredulity in the speaker's own words, only negated (reject_puzzled).
    # (aimed at no one the sentence does not name: targets round 10)
    (ABOUT_US, "I don't see why the visit is necessarily linked to the trade talks.", {("reject", None)}, set()),
    (ABOUT_US, "I do not think there is any necessary link between them.", {("reject", None)}, set()),
    (ABOUT_US, "I can see why people are worried about the situation.", set(), {("reject", "USA")}),
    # Support continued or reaffirmed as a noun (support_provide's verbs); not support received.
    (AFGHANISTAN, "China will continue its firm support to the Afghan government.", {("support", "AFG")}, set()),
    (AFGHANISTAN, "We will continue to receive support from the Afghan government.", set(), {("support", "AFG")}),
]


@pytest.mark.parametrize(("question", "answer", "present", "absent"), CASES)
def test_round8(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found
    assert not absent & found
