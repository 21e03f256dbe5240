"""Issue 12 on the Chinese originals, eighth round (derived on tests/dev/zh/zh-train-1.jsonl, checked on
zh-train-2): each kept change of the Chinese cues has its test here, on hand-written sentences in the ministry's
wording."""

from __future__ import annotations

from kg.extract.zh.entities import extract_zh_entities
from kg.extract.zh.positions import extract_zh_positions
from tests._build import zh_briefing


def _acts(answer: str, question: str) -> set[tuple[str, str | None]]:
    b = zh_briefing((question, answer))
    mentions, _ = extract_zh_entities(b)
    return {(p.act, p.target.key if p.target else None) for p in extract_zh_positions(b, mentions)}


def test_contact_that_is_kept_up_and_outcomes_of_joint_efforts_are_no_cooperation() -> None:
    q = "澳大利亚公民在华被拘留，中方是否允许澳方领事探视？"
    # facts of existing contact (conventions v2, rule 4): 保持着 is an ongoing state, not readiness
    assert not any(a == "cooperate" for a, _ in _acts("中方与澳方保持着畅通的领事沟通渠道。", q))
    # an outcome credited to joint efforts ("在双方共同努力下") is no readiness to work together either
    assert not any(a == "cooperate" for a, _ in _acts("在双方共同努力下，两国关系持续向好发展。", q))
    # readiness to keep up contact or to make joint efforts still is
    assert ("cooperate", "AUS") in _acts("中方将继续与澳方保持沟通。", q)
    assert ("cooperate", "AUS") in _acts("中方愿与澳方共同努力，推动两国关系向前发展。", q)


def test_information_promised_later_is_no_comment() -> None:
    q = "王毅外长是否会出席下周的外长会？"
    # nothing to release yet, in the ministry's words (conventions v2, rule 5)
    assert ("no_comment", None) in _acts("有关日程正在安排之中，目前我没有要发布的消息。", q)
    # information promised once there is more, without giving it
    assert ("no_comment", None) in _acts("目前调查仍在进行中。如有进一步情况，我们将向大家提供。", q)
    # information that is given is no deferral
    assert not any(a == "no_comment" for a, _ in _acts("经双方商定，王毅外长将于下周出席外长会。", q))
