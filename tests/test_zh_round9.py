"""Issue 12 on the Chinese originals, ninth round (derived on tests/dev/zh/zh-train-1.jsonl and zh-train-3, checked
on zh-train-2 and zh-train-4): each kept change of the Chinese cues has its test here, on hand-written sentences in
the ministry's wording."""

from __future__ import annotations

from kg.extract.zh.entities import extract_zh_entities
from kg.extract.zh.positions import extract_zh_positions
from tests._build import zh_briefing


def _acts(answer: str, question: str) -> set[tuple[str, str | None]]:
    b = zh_briefing((question, answer))
    mentions, _ = extract_zh_entities(b)
    return {(p.act, p.target.key if p.target else None) for p in extract_zh_positions(b, mentions)}


def test_a_pointer_back_is_no_comment_only_where_the_answer_adds_no_other_act() -> None:
    q = "日本官员称中方在东海的活动威胁地区安全。中方对此有何回应？"
    # the pointer back is the whole answer (conventions v2, rule 5)
    assert ("no_comment", None) in _acts("我刚才已经阐述了中方立场。", q)
    # the answer goes on to state a position: that position is the answer, the pointer is not coded
    went_on = _acts("我刚才已经阐述了中方立场。中方坚决反对日方的错误言论。", q)
    assert ("oppose", "JPN") in went_on and not any(a == "no_comment" for a, _ in went_on)
    # a position stated first and pointed back to afterwards leaves the pointer as the answer to the rest
    assert ("no_comment", None) in _acts("中方坚决反对日方的错误言论。\n关于其他问题，我刚才已经阐述了中方立场。", q)
    # a no_comment that is no pointer back stays with the other acts
    both = _acts("中方坚决反对日方的错误言论。我不了解你提到的具体情况。", q)
    assert ("no_comment", None) in both and ("oppose", "JPN") in both
