"""Issue 12 on the Chinese originals, eighth round (derived on tests/dev/zh/zh-train-1.jsonl, checked on
zh-train-2): each kept change of the Chinese cues has its test here, on hand-written sentences in the ministry's
wording."""

from __future__ import annotations

from kg.extract.zh.entities import extract_zh_entities
from kg.extract.zh.positions import extract_zh_positions
from kg.extract.zh.topics import extract_zh_topics
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


def test_claims_denied_as_no_such_case_or_without_basis_are_rejected() -> None:
    q = "印度海关扣押了一艘中国商船，称其运载军用物资。中方对此有何回应？"
    # the situation claimed denied outright
    assert ("reject", "IND") in _acts("中方已如实申报，不存在你所说的这种情况。", q)
    assert ("reject", "IND") in _acts("有关货物根本不是什么军用物资。", q)
    # a claim said to have no (legal) basis, or to be a false narrative
    assert ("reject", "IND") in _acts("印方的认定没有任何法律依据。", q)
    assert ("reject", "IND") in _acts("印方对中国的指责完全是虚假叙事。", q)
    # a fact stated, with no claim denied
    assert not any(a == "reject" for a, _ in _acts("有关货物由一家中国私营企业生产。", q))


def test_welcome_as_a_ceremony_s_name_and_kending_as_an_adverb_are_no_welcome() -> None:
    q = "刚果（金）总统齐塞克迪将访华，中方对此访有何期待？"
    # 欢迎 naming a ceremony or banquet of a visit's programme
    assert not any(a == "welcome" for a, _ in _acts("访问期间，双方将出席欢迎仪式和欢迎宴会。", q))
    # 肯定 as an adverb (surely), not approval
    assert not any(a == "welcome" for a, _ in _acts("你去过那里，我想你肯定不会同意这种说法。", q))
    # welcoming, and approving, still are
    assert ("welcome", "COD") in _acts("中方欢迎刚果（金）总统齐塞克迪访华。", q)
    assert any(a == "welcome" for a, _ in _acts("中方对此高度肯定。", q))


def test_yaoqiu_as_a_noun_of_need_or_rule_is_no_demand() -> None:
    q = "有报道称中方将限制外国企业进入中国市场，中方有何回应？"
    # a need (内在要求, 必然要求) or what rules require (法律法规要求), no one asked to do anything
    assert not any(a == "demand" for a, _ in _acts("应对气候变化是中国自身可持续发展的内在要求。", q))
    assert not any(a == "demand" for a, _ in _acts("国际合作是科技发展的必然要求。", q))
    assert not any(a == "demand" for a, _ in _acts("只要遵守中国法律法规要求，我们欢迎各国企业进入中国市场。", q))
    # asking someone to act still is a demand
    assert ("demand", "USA") in _acts("中方要求美方立即停止错误做法。", q)


def test_hope_as_a_noun_that_is_brought_is_no_appeal() -> None:
    q = "沙特和伊朗恢复外交关系，中方对此有何评论？"
    # 希望 as the thing brought (带来新希望), not the spokesperson hoping
    assert not any(a == "appeal" for a, _ in _acts("和解的春风为地区国家带来新面貌，给地区人民带来新希望。", q))
    assert not any(a == "appeal" for a, _ in _acts("中国的成功为全球抗疫树立了信心，带来了希望。", q))
    # hoping that someone acts still is an appeal
    assert ("appeal", "IRN") in _acts("我们希望伊朗同地区国家改善关系。", q)


def _topics(question: str, answer: str) -> set[str]:
    return {t.topic for t in extract_zh_topics(zh_briefing((question, answer))) if t.unit == "e1"}


def test_summits_meetings_transits_and_congratulations_are_diplomatic_visits() -> None:
    # the scheme's definition: visits, talks, calls, meetings, summits, envoys, congratulations to leaders
    answer = "我目前没有可以发布的消息。"
    assert "diplomatic_visits" in _topics("瑞士将举办乌克兰问题高级别峰会，中方是否有意参会？", answer)
    assert "diplomatic_visits" in _topics(
        "据报道，台湾地区领导人将经停美国并同美国众议院议长会面。中方有何评论？", answer
    )
    assert "diplomatic_visits" in _topics("土库曼斯坦总统再次当选，中方是否致贺电？", answer)
    # a question on a matter of its own names no meeting
    assert "diplomatic_visits" not in _topics("据报道，今年前7个月中非贸易规模同比增长7.4%。中方有何评论？", answer)


def test_visas_entry_travellers_and_casualties_among_citizens_are_consular_affairs() -> None:
    # the scheme's definition: visas (not retaliatory), citizens abroad, travel and flights, entry measures
    answer = "我目前没有可以发布的消息。"
    assert "consular_affairs" in _topics("美国将取消针对自华入境旅客的检测措施，中方有何评论？", answer)
    assert "consular_affairs" in _topics("中方是否会进一步优化出入境政策，便利中外人员往来？", answer)
    assert "consular_affairs" in _topics("孟加拉国一处堆场发生爆炸。火灾中是否有中方人员伤亡？", answer)
    assert "consular_affairs" not in _topics("中方对二十国集团领导人峰会有何期待？", answer)
