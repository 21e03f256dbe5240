"""Positions, issue 12's seventh round (acts missed on unseen pages, ``tests/dev/acts-errors-7.md``): the general
rules it added, each on a sentence of the kind the tally counted, with the traps that bound it."""

from __future__ import annotations

import pytest

from tests.test_positions_language import Pair, pairs

ABOUT_US = "The US has announced new sanctions. What is your comment?"
AFGHANISTAN = "What is your comment on the situation in Afghanistan?"

# (question, answer, pairs that must be found, pairs that must not be)
CASES: list[tuple[str, str, set[Pair], set[Pair]]] = [
    # A cue in an infinitive of purpose whose subject is the speaker's side (frames._purpose). ("... to continue
    # playing a constructive role" was the cue here until round 11 removed cooperate_role: tests/dev/acts-errors-11.md.)
    (
        AFGHANISTAN,
        "China stands ready to join relevant sides and the international community to continue deepening "
        "cooperation in promoting the peace and reconciliation process in Afghanistan.",
        {("cooperate", None)},
        set(),
    ),
    # ... not where the infinitive is the object of another act's cue (one act per clause, rule 6) ...
    (
        AFGHANISTAN,
        "We support the Afghan government's efforts to uphold national sovereignty.",
        {("support", "AFG")},
        {("sovereignty", "AFG"), ("sovereignty", None)},
    ),
    (
        AFGHANISTAN,
        "We welcome greater inputs from all members of the international community to support Afghanistan's "
        "development.",
        {("welcome", None)},
        {("support", "AFG"), ("support", None)},
    ),
    # ... nor over a call on someone else, nor where the verb reports what is done (rule 4).
    (AFGHANISTAN, "We urge the US to support the peace talks.", {("demand", "USA")}, {("support", None)}),
    (
        AFGHANISTAN,
        "The Ministry of Foreign Affairs responded actively by immediately setting to work with relevant authorities.",
        set(),
        {("cooperate", None)},
    ),
    (AFGHANISTAN, "China is doing its utmost to support and help Afghanistan.", set(), {("support", "AFG")}),
    # An opening phrase that ends in a verb of NOT_A_SUBJECT ("attacks") is closed by its comma: China is the subject.
    (
        AFGHANISTAN,
        "As a major victim of cyber attacks, China is ready to strengthen dialogue and cooperation with other parties.",
        {("cooperate", None)},
        set(),
    ),
    # A referral in any modal ("you need to ask"), also where it names what to ask an institution; asking "these
    # people" what they mean is rhetorical (tests/cases/position-acts.toml keeps that trap).
    (AFGHANISTAN, "You need to ask the Commerce Ministry for the specific details.", {("no_comment", None)}, set()),
    (
        AFGHANISTAN,
        "You may ask the Canadian government whether the Chinese side approached the Canadian government first.",
        {("no_comment", None)},
        set(),
    ),
    (AFGHANISTAN, "You can ask them what legal articles China has violated.", set(), {("no_comment", None)}),
    # An invitation is an appeal to the invited (appeal_welcome_to), not to the reporters.
    (
        AFGHANISTAN,
        "All like-minded countries are welcome to participate in the BRI cooperation.",
        {("appeal", None)},
        set(),
    ),
    (AFGHANISTAN, "You are welcome to visit Xinjiang and see for yourself.", set(), {("appeal", None)}),
    # The cue verb's synonyms in criticize_undermine's frame, not harm that comes back on the doer (warn_selfharm).
    (
        ABOUT_US,
        "Certain US practices have hurt the interests of not only Chinese businesses, but also American companies.",
        {("criticize", "USA")},
        set(),
    ),
    (ABOUT_US, "Such moves will only end up hurting their own interests.", {("warn", "USA")}, {("criticize", "USA")}),
    (ABOUT_US, "China's development will not harm the interests of any country.", set(), {("criticize", "USA")}),
    # Inflections and synonyms of welcome's cues: "think highly of", a congratulatory message sent.
    (
        AFGHANISTAN,
        "China thinks highly of the Vatican's long dedication to helping poor areas.",
        {("welcome", None)},
        set(),
    ),
    (AFGHANISTAN, "China has sent a congratulatory message to the new government.", {("welcome", None)}, set()),
    # Failure foretold, in its inflections and word orders (warn_fail): toward the one asked about where the
    # sentence names no one; not a failure the speaker's side disclaims ("We will not fail to respond").
    (ABOUT_US, "Such attempts will eventually fail.", {("warn", "USA")}, set()),
    (AFGHANISTAN, "Such attempts will not gain any popularity or succeed.", {("warn", None)}, set()),
    (AFGHANISTAN, "We will not fail to respond to the needs of Afghanistan.", set(), {("warn", "AFG"), ("warn", None)}),
    (AFGHANISTAN, "China will never fail its friends in Afghanistan.", set(), {("warn", "AFG"), ("warn", None)}),
]


@pytest.mark.parametrize(("question", "answer", "present", "absent"), CASES)
def test_round7(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found
    assert not absent & found
