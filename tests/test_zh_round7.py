"""Issue 14, seventh round: Chinese act cues that recover missed acts (each kept one has its test here). Turn
texts are quoted from real pages of fmprc-zh (the page is named beside each); none is a held-out page."""

from __future__ import annotations

from kg.extract.zh.entities import extract_zh_entities
from kg.extract.zh.positions import extract_zh_positions
from tests._build import zh_briefing


def _acts(answer: str, question: str) -> set[tuple[str, str | None]]:
    b = zh_briefing((question, answer))
    mentions, _ = extract_zh_entities(b)
    return {(p.act, p.target.key if p.target else None) for p in extract_zh_positions(b, mentions)}


def test_a_claim_said_not_to_exist_at_all_is_rejected() -> None:
    # t1730274: the doer of the claim is named before the cue
    us = "7日，美国国务卿蓬佩奥称中国共产党正在对被关押在新疆的少数民族穆斯林犯下大规模侵犯人权的罪行。"
    assert ("reject", "USA") in _acts("中国新疆根本不存在美方所说的民族、宗教、人权问题。", us)
    # t1653913: no one named, and the question names no actor
    deal = "你能否介绍中方以何为交换达成了该协议？"
    assert ("reject", None) in _acts("至于你说中方是不是拿其他东西做了交换，根本不存在这样的问题。", deal)
    # negated, it is no rejection ("并非根本不存在" says the thing exists)
    assert not any(a == "reject" for a, _ in _acts("这个问题并非根本不存在。", deal))


def test_a_breach_by_someone_else_is_criticism() -> None:
    # t1653078: "这" points back to the US contacts the question asks about
    q = "美国国务院助卿帮办米德伟访问台湾，中方对此有何评论？"
    assert ("criticize", "USA") in _acts("我们认为，这严重违反了美方自己作出的一个中国承诺。", q)
    # a breach China is accused of is someone else's claim, not China's criticism
    claim = "美方如果真的认为中国违反了世贸规则，是否可以提供具体的证据？"
    assert not any(a == "criticize" for a, _ in _acts(claim, q))


def test_readiness_to_keep_in_touch_or_consult_with_a_partner_is_cooperation() -> None:
    q = "中美元首是否会在近期会晤？"
    # t1636893, two answers of the same page
    assert ("cooperate", "USA") in _acts("中方愿意同美方以各种方式保持密切联系。", q)
    assert ("cooperate", "USA") in _acts("我们愿意跟美方本着平等尊重、互利共赢的精神进行磋商。", q)
    # a fact of contact, not readiness, is no cooperation (conventions v2, rule 4)
    assert not any(a == "cooperate" for a, _ in _acts("中美双方一直保持着沟通。", q))


def test_deferrals_and_referrals_in_the_ministry_s_set_phrases_are_no_comment() -> None:
    q = "据报道，美方将派团访华。你能否证实？"
    # zh-2021-07-16: information promised later without giving it (conventions v2, rule 5)
    assert ("no_comment", None) in _acts("我目前没有可以发布的消息。", q)
    assert ("no_comment", None) in _acts("请你保持关注。", q)
    # zh-2021-04-20: a referral elsewhere
    assert ("no_comment", None) in _acts("如果你想了解具体情况，请向联合国人权理事会秘书处咨询。", q)
    # information that is given is no deferral
    assert not any(a == "no_comment" for a, _ in _acts("中方已经发布了有关消息。", q))


def test_encouraging_and_supporting_exchanges_is_no_appeal() -> None:
    q = "美国智库学者联名发表声明，中方对此有何评论？"
    # zh-2020-10-19 and t1644829: China's own encouragement of exchanges, an act of support, asks nothing of anyone
    acts = _acts("我们鼓励和支持中外正常的交流与合作。", q)
    assert not any(a == "appeal" for a, _ in acts) and any(a == "support" for a, _ in acts)
    # encouraging someone to do something is still an appeal
    assert any(a == "appeal" for a, _ in _acts("我们鼓励美方多做有利于两国人民友好的事。", q))


def test_the_world_s_should_is_not_the_first_character_of_a_word() -> None:
    q = "美方宣布停止向世卫组织缴纳会费，中方有何评论？"
    # t1768268: "协助各国应对疫情" is what the WHO did, not a call on every state
    done = "世卫组织为协助各国应对疫情、推动国际抗疫合作做了大量工作。"
    assert not any(a == "appeal" for a, _ in _acts(done, q))
    assert any(a == "appeal" for a, _ in _acts("国际社会应当团结合作，共同应对疫情。", q))


def test_mutual_support_is_no_support_of_one_side() -> None:
    q = "中方是否会向尼日利亚提供抗疫援助？"
    # t1768268, t1778708: support given each other is cooperation's wording, not support of the partner
    assert not any(a == "support" for a, _ in _acts("中方愿同包括尼日利亚在内的非洲国家相互支持，相互帮助。", q))
    assert not any(a == "support" for a, _ in _acts("大疫当前，非常时期，互相帮助和支持都是应该的。", q))
    assert ("support", "NGA") in _acts("中方坚定支持尼日利亚抗击疫情。", q)


def test_hacking_and_cyber_attacks_named_as_a_problem_are_no_criticism() -> None:
    q = "据报道，美国国家安全局对中国高校发动网络攻击。中方有何评论？"
    # zh-2021-04-20, t1619568: the noun names a threat everyone faces, it judges no one's words or deeds
    assert not any(a == "criticize" for a, _ in _acts("我想强调的是，黑客攻击是各国面临的共同挑战。", q))
    assert not any(a == "criticize" for a, _ in _acts("中国是网络攻击的主要受害国之一。", q))
    # an attack on China by words is still criticism
    assert ("criticize", "USA") in _acts("美方再次恶意攻击中国。", q)


def test_a_dispute_to_be_settled_by_the_parties_is_an_appeal_to_them() -> None:
    # t1563482: the parties are the two states the question asks about
    q = "印度和巴基斯坦在克什米尔地区发生冲突，中方有何评论？"
    answer = "克什米尔问题是印巴两国之间的历史遗留问题，应由两国通过对话与协商妥善处理。"
    assert {("appeal", "IND"), ("appeal", "PAK")} <= _acts(answer, q)
    # a settlement reported as done is no appeal
    assert not any(a == "appeal" for a, _ in _acts("双方已经通过对话协商妥善处理了分歧。", q))


def test_a_welcome_or_thanks_china_receives_is_someone_else_s() -> None:
    q = "中国抗疫医疗专家组在哈萨克斯坦开展了哪些工作？"
    # t1768268, t1774733: the welcome and the thanks are the host's, given to China
    assert not any(a == "welcome" for a, _ in _acts("专家组抵达后，受到哈萨克斯坦政府和人民热烈欢迎。", q))
    thanks = "有关州市政府负责人均表达对中国政府和人民的诚挚感谢。"
    assert not any(a == "welcome" for a, _ in _acts(thanks, q))
    assert ("welcome", "KAZ") in _acts("中方欢迎哈萨克斯坦政府作出的决定。", q)
