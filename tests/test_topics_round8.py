"""Topics, eighth round (issue 12): cue strengths changed on the readers' pages and kept where the check pages did
not fall (tests/dev/topics-errors-8.md). Each test fails with the cue's former strength."""

from __future__ import annotations

from kg.extract import extract
from tests._build import briefing


def topics(question: str, answer: str) -> list[str]:
    """The topics of one exchange, with the real entity mentions, best first."""
    return [t.topic for t in extract(briefing([(question, answer)])).topics]


def test_assistance_asked_and_answered_is_development_cooperation() -> None:
    # "assistance" was a weak cue: named in the question and the answer it did not reach the bar.
    found = topics(
        "Will China provide assistance to Laos after the floods?",
        "China will continue to provide assistance to Laos within its capacity.",
    )
    assert found == ["development_cooperation"]


def test_leaders_is_an_ordinary_visit_cue() -> None:
    # A weak cue before: an exchange about what the leaders will do when they meet got no topic.
    assert topics(
        "What will the two leaders discuss?",
        "The leaders will discuss regional issues of common concern.",
    ) == ["diplomatic_visits"]


def test_consultations_are_an_ordinary_visit_cue() -> None:
    # A weak cue before: an exchange about a round of consultations got no topic.
    assert topics(
        "Will the vice foreign ministers hold consultations next week?",
        "The two sides will hold consultations in Beijing on Tuesday.",
    ) == ["diplomatic_visits"]


def test_a_question_whether_leaders_meet_is_about_the_visit_too() -> None:
    # "meet with" in the question asks about the meeting itself: a strong cue beside the states that meet.
    found = topics("Will President Moon Jae-in meet with Kim Jong Un again?", "I have no information to offer.")
    assert set(found) == {"korean_peninsula", "diplomatic_visits"}


def test_terrorism_named_as_a_pretext_is_not_security() -> None:
    # "terrorism" was a strong cue: named once in a question on Xinjiang it made security_defense a topic.
    found = topics(
        "The US says the fight against terrorism is a pretext to detain Uyghurs in Xinjiang. What is your comment?",
        "Xinjiang affairs are purely China's internal affairs. The US should stop interfering.",
    )
    assert "xinjiang" in found and "security_defense" not in found


def test_the_one_china_principle_in_the_answer_is_taiwan() -> None:
    # An ordinary cue before: an answer that says what the exchange is about in these words gave no topic.
    found = topics(
        "The Dominican Republic established diplomatic relations with China today. What is your comment?",
        "We appreciate the Dominican Republic's adherence to the one-China principle.",
    )
    assert found == ["taiwan"]


def test_peace_talks_between_others_are_not_a_visit() -> None:
    # "talks" was an ordinary cue: named three times in an exchange on the Yemeni peace talks it made a visit topic.
    found = topics(
        "The Yemeni parties are holding peace talks in Sweden. Does China support the talks?",
        "China supports the talks between the parties in Yemen and hopes they will reach an agreement.",
    )
    assert found == ["middle_east"]


def test_a_trip_is_a_visit() -> None:
    # "trip" was ordinary where "visit" is strong: a question on a trip alone passed only the sole-subject rule.
    found = extract(briefing([("Will the Premier make a trip to Europe next month?", "I have no information.")]))
    assert [(t.topic, t.score) for t in found.topics] == [("diplomatic_visits", 6.0)]
