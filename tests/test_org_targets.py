"""Organisations as targets only where the act is directed at them (annotation.md v2, positions rule 2): an act
against someone, or a sovereignty claim, takes an organisation only where its evidence names it, never one
inferred from the question; friendly acts may still take the organisation the question is about."""

from __future__ import annotations

from kg.extract.positions import extract_positions
from kg.types import Briefing, EntityKind, Exchange, Layout, Mention, Role, Source, Turn


def _positions(question: str, answer: str, *orgs: str) -> list[tuple[str, str | None, str | None]]:
    q = Turn(Role.QUESTION, 1, None, question)
    a = Turn(Role.ANSWER, 1, "Zhao Lijian", answer)
    b = Briefing(
        "b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Zhao Lijian", "MFA", (), (Exchange(1, q, a, None),)
    )
    mentions = [
        Mention(turn.key, at, at + len(org), org, EntityKind.ORGANIZATION, org.lower(), "test")
        for org in orgs or ("WHO",)
        for turn in (q, a)
        if (at := turn.text.find(org)) >= 0
    ]
    return [(p.act, p.target.key if p.target else None, p.target_rule) for p in extract_positions(b, mentions)]


def test_an_accusation_does_not_take_the_questions_organisation() -> None:
    found = _positions(
        "The WHO has said the virus came from a lab in Wuhan. What is your comment?", "This is groundless."
    )
    assert found and all(target is None for _act, target, _rule in found), found


def test_a_named_organisation_is_still_a_target() -> None:
    found = _positions("What is your comment on the report?", "We firmly support the WHO.")
    assert ("support", "who", None) in found, found


def test_support_may_take_the_questions_organisation() -> None:
    found = _positions("The WHO has called for more funding. What is your comment?", "We support this.")
    assert ("support", "who", "question_actor") in found, found


def test_organisations_named_as_a_venue_are_no_targets() -> None:
    # The last of organisations named together after a venue word is a venue too; so is a summit's forum.
    answer = "The attempt to hype up Taiwan's participation in the WHO and the WHA is political manipulation."
    found = _positions("What is your comment?", answer, "WHO", "WHA")
    assert found and all(target is None for _act, target, _rule in found), found
    answer = "At the Summit of the FOCAC, leaders refuted the groundless claim that China creates debt traps."
    assert all(target != "focac" for _act, target, _rule in _positions("What is your comment?", answer, "FOCAC"))


def test_organisations_that_speak_are_not_accused() -> None:
    # issue 12: "The UN and the WHO have called on countries to fight disinformation" gave criticize UN and WHO.
    answer = "The UN and the WHO have called on countries to fight disinformation."
    found = _positions("What is your comment?", answer, "UN", "WHO")
    assert all(target is None for _act, target, _rule in found), found
    found = _positions("What is your comment?", "We firmly support the WHO. Its efforts are a smear of no one.", "WHO")
    assert ("support", "who", None) in found, found
