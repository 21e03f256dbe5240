"""Issue 12 on the Chinese originals, ninth round (derived on tests/dev/zh/zh-train-1.jsonl and zh-train-3, checked
on zh-train-2 and zh-train-4): each kept change of the Chinese cues has its test here, on hand-written sentences in
the ministry's wording."""

from __future__ import annotations

from kg.extract.zh.entities import extract_zh_entities
from kg.extract.zh.positions import extract_zh_positions
from kg.extract.zh.topics import extract_zh_topics
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


def test_pointers_back_to_arrangements_or_a_position_made_clear_are_no_comment() -> None:
    q = "王毅外长访问瑞士期间是否会会见美方官员？"
    assert ("no_comment", None) in _acts("关于王毅外长访问瑞士，我刚才已经介绍了此访有关安排。", q)
    assert ("no_comment", None) in _acts("我刚才已经介绍了中方在这一问题上的有关立场。", q)
    assert ("no_comment", None) in _acts("关于你提到的期待，我刚才已经做了介绍。", q)
    assert ("no_comment", None) in _acts("刚才我已经表明了中方的立场。", q)
    assert ("no_comment", None) in _acts("昨天我已经回答了类似的问题，充分阐述了中国政府的立场。", q)
    # arrangements introduced, not pointed back to
    assert not any(a == "no_comment" for a, _ in _acts("我现在介绍一下此访有关安排。", q))


def test_facts_to_be_checked_and_news_for_the_press_later_are_no_comment() -> None:
    q = "据报道，马来西亚在南海举行了军事演习。中方对此有何评论？"
    assert ("no_comment", None) in _acts("你提到的情况，我需要进行核实。", q)
    assert ("no_comment", None) in _acts("中方正在了解相关的具体情况。", q)
    assert ("no_comment", None) in _acts("我刚从你这儿听到这个消息，需要去了解一下情况。", q)
    assert ("no_comment", None) in _acts("至于其他情况，我现在没有可以向你提供的信息。", q)
    assert ("no_comment", None) in _acts("有关安排一旦确定，我们会及时向媒体发布消息。", q)
    # a fact known and stated
    assert not any(a == "no_comment" for a, _ in _acts("马来西亚在南海举行的演习已经结束。", q))


def test_claims_denied_as_baseless_fake_or_unfounded_are_rejected() -> None:
    q = "美国国会一个委员会发布报告，称中方未执行安理会决议。中方对此有何回应？"
    assert ("reject", "USA") in _acts("这份所谓报告是少数议员恶意炮制的，毫无事实依据。", q)
    assert ("reject", "USA") in _acts("美方的说法根本没有事实依据。", q)
    assert any(a == "reject" for a, _ in _acts("你提到的是一个假消息。", q))
    assert ("reject", "USA") in _acts("我认为美方报告中的指责是无理的。", q)
    assert any(a == "reject" for a, _ in _acts("半岛核问题的症结不在中方，而在于美朝之间的矛盾。", q))
    assert any(a == "reject" for a, _ in _acts("中国从来不搞什么胁迫。", q))
    assert any(a == "reject" for a, _ in _acts("中国首先报告疫情，并不意味着就是疫情起源的地方。", q))
    # spreading fake news is an accusation, not a denial; a basis asked for is no denial either
    assert not any(a == "reject" for a, _ in _acts("美方应停止散布假消息。", q))
    assert not any(a == "reject" for a, _ in _acts("日方迄未提供足够的科学和事实依据。", q))


def test_deeds_judged_wrong_or_self_defeating_are_criticism() -> None:
    q = "加拿大外长称，孟晚舟案是一起普通的司法案件。中方对此有何评论？"
    assert ("criticize", "CAN") in _acts("这一事件从一开始加方就犯了严重错误。", q)
    assert ("criticize", "CAN") in _acts("加拿大方面错误地拘押了孟晚舟女士。", q)
    assert ("criticize", "CAN") in _acts("加方的做法特别不合时宜，只会适得其反。", q)
    assert ("criticize", "CAN") in _acts("加方一些人渲染所谓的中国威胁，这种做法很不光彩。", q)
    assert any(a == "criticize" for a, _ in _acts("上届政府采取的种种倒行逆施，给两国关系造成了严重的损害。", q))
    # a deed stated without judgement
    assert not any(a == "criticize" for a, _ in _acts("加拿大警方于去年12月拘押了孟晚舟女士。", q))


def test_resolve_that_cannot_be_shaken_and_reciprocal_responses_are_warnings() -> None:
    q = "美国官员称，钓鱼岛适用《美日安保条约》。中方对此有何回应？"
    assert ("warn", "USA") in _acts("无论任何人说什么、做什么，都动摇不了中方维护自身主权和领土完整的决心和意志。", q)
    assert ("warn", "USA") in _acts("任何人都不要低估中国人民捍卫国家主权和领土完整的坚强决心。", q)
    assert ("warn", "USA") in _acts("中方必将采取正当有力措施，坚定捍卫自身主权和安全利益。", q)
    assert ("warn", "USA") in _acts("对于歧视性措施，我们不得不按照对等原则回应。", q)
    assert ("warn", "USA") in _acts("中方有决心、有能力维护自身的合法正当权益。", q)
    assert any(a == "warn" for a, _ in _acts("奉劝美方不要玩火，须知玩火者必自焚。", q))
    # resolve stated with nothing that threatens
    assert not any(a == "warn" for a, _ in _acts("中方维护地区和平稳定的决心是一贯的。", q))


def _topics(question: str, answer: str) -> set[str]:
    return {t.topic for t in extract_zh_topics(zh_briefing((question, answer))) if t.unit == "e1"}


def test_congratulations_on_an_election_and_strategic_dialogues_are_diplomatic_visits() -> None:
    # the scheme's definition: visits, talks, calls, meetings, summits, envoys, congratulations to leaders
    q = "几内亚宪法法院宣布总统选举最终结果。中方对此有何评论？"
    assert "diplomatic_visits" in _topics(q, "中方对孔戴总统胜选表示热烈祝贺。")
    assert "diplomatic_visits" in _topics(q, "习近平主席已向孔戴总统发去贺电。")
    q = "印度外秘这两天在中国出席系列会议。中方对成果有何评论？"
    assert "diplomatic_visits" in _topics(q, "中国外交部副部长与印度外秘在北京举行了中印战略对话。")
    # a result announced, with no congratulation or meeting
    assert "diplomatic_visits" not in _topics(q, "有关结果由该国选举委员会公布。")


def test_economic_corridors_medical_teams_and_aid_projects_are_development_cooperation() -> None:
    # the scheme's definition: Belt and Road, aid, debt relief, China-Africa cooperation, medical teams sent abroad
    answer = "我没有可以提供的消息。"
    assert "development_cooperation" in _topics("中巴经济走廊框架下合作项目总投资是多少？", answer)
    assert "development_cooperation" in _topics("中方下一步还计划向哪些国家派遣医疗专家组？", answer)
    assert "development_cooperation" in _topics("巴基斯坦总理出席中国援建的快速路项目启动仪式。有何评论？", answer)
    assert "development_cooperation" in _topics("中法签署第三方市场合作示范项目清单。发言人可否介绍？", answer)
    # a corridor of air traffic is none
    assert "development_cooperation" not in _topics("据报道，有关航线将绕开这一空域。中方有何评论？", answer)


def test_what_china_will_do_with_a_partner_is_cooperation() -> None:
    q = "瓜达尔东湾快速路项目已经竣工。中方对此有何评论？"
    assert ("cooperate", "PAK") in _acts("中方将继续同巴方一道，建设好、运营好中巴经济走廊项目。", q)
    assert ("cooperate", "PAK") in _acts("我们也将与巴方加强沟通，推动项目顺利运营。", q)
    # a programme announced for an official, or for others, is no commitment of the spokesperson's side
    assert not any(a == "cooperate" for a, _ in _acts("访问期间，李克强总理将同巴基斯坦总理举行会谈。", q))
    assert not any(a == "cooperate" for a, _ in _acts("北京等省市还将同巴基斯坦友好省市共同举办活动。", q))


def test_indisputable_and_historic_sovereignty_claims_are_sovereignty() -> None:
    q = "美国军舰近日驶入南沙群岛有关岛礁邻近海域。中方对此有何回应？"
    assert ("sovereignty", "USA") in _acts("中国对南沙群岛及其附近海域拥有无可争辩的主权。", q)
    assert ("sovereignty", "USA") in _acts("中方坚定维护自身在南海的领土主权和海洋权益。", q)
    assert ("sovereignty", "USA") in _acts("有关岛礁自古以来就是中国领土。", q)
    assert ("sovereignty", "USA") in _acts("这一地区历来属于中国，不存在争议。", q)
    assert ("sovereignty", "USA") in _acts("这一问题事关中国国家主权和领土完整。", q)
    # another state's sovereignty respected is no claim of China's
    assert not any(a == "sovereignty" for a, _ in _acts("中方尊重各国的主权和领土完整。", q))
