"""Targets of Chinese positions, sixth round of issue 14 (conventions v2 of shared/spec/annotation.md): each rule
kept in the round has a test here. Turn texts are quoted from real pages of fmprc-zh, shortened."""

from __future__ import annotations

from tests.test_zh_extract import _acts


def test_an_act_aimed_at_a_compound_before_it_is_aimed_at_each_of_its_states() -> None:
    asked = "加拿大外长称逮捕孟晚舟不存在政治干预，中方有何评论？"
    found = _acts("美加两国滥用其双边引渡条约，对中国公民任意采取强制措施，是对中国公民合法权益的严重侵犯。", asked)
    assert {("criticize", "USA"), ("criticize", "CAN")} <= found
    found = _acts("我们也希望美加两国与中方相向而行。", asked)
    assert {("cooperate", "USA"), ("cooperate", "CAN")} <= found
    # a list before a cooperation is no compound: its last state only, as before
    found = _acts("中国驻美国、英国、日本等多国使馆与当地留学生开展视频交流。", "海外中国公民遇到哪些困难？")
    assert ("cooperate", "USA") not in found
