"""Targets of Chinese positions, sixth round of issue 14 (conventions v2 of shared/spec/annotation.md): each rule
kept in the round has a test here. Turn texts are quoted from real pages of fmprc-zh, shortened."""

from __future__ import annotations

from tests.test_zh_extract import _acts, _keys


def test_an_act_aimed_at_a_compound_before_it_is_aimed_at_each_of_its_states() -> None:
    asked = "加拿大外长称逮捕孟晚舟不存在政治干预，中方有何评论？"
    found = _acts("美加两国滥用其双边引渡条约，对中国公民任意采取强制措施，是对中国公民合法权益的严重侵犯。", asked)
    assert {("criticize", "USA"), ("criticize", "CAN")} <= found
    found = _acts("我们也希望美加两国与中方相向而行。", asked)
    assert {("cooperate", "USA"), ("cooperate", "CAN")} <= found
    # a list before a cooperation is no compound: its last state only, as before
    found = _acts("中国驻美国、英国、日本等多国使馆与当地留学生开展视频交流。", "海外中国公民遇到哪些困难？")
    assert ("cooperate", "USA") not in found


def test_a_call_on_the_parties_concerned_is_each_state_the_question_names() -> None:
    asked = "韩国国防部表示，朝鲜周一发射了不明飞行物。中方对此有何评论？"
    found = _acts("当前形势下，中方呼吁有关各方相互显示灵活，致力于通过对话协商解决问题。", asked)
    assert found == {("appeal", "KOR"), ("appeal", "PRK")}
    # a question naming more states does not say which of them are the parties: the one it is most about
    asked = "美国要求盟友加入护航同盟，日本、韩国、伊朗对此有何表态？美国是否也邀请了中方？"
    found = _acts("我们希望有关各方保持克制，不要采取激化矛盾的举措。", asked)
    assert found == {("appeal", "USA")}
    # support of the parties' efforts is no call on them
    asked = "美国总统表示愿与朝鲜领导人再次会晤，中方有何评论？"
    assert ("support", "PRK") not in _acts("中方支持有关各方坚持对话解决问题的正确方向。", asked)


def test_states_listed_with_a_side_word_after_each_are_each_a_target() -> None:
    asked = "王毅提及保护海外中国公民的权益，是否具体指孟晚舟案？"
    found = _acts("这当然也包括我们最近一再向加拿大政府、美国政府提出交涉的孟晚舟案。", asked)
    assert {("protest", "CAN"), ("protest", "USA")} <= found
    # a state's envoy to another state is no list of the two
    asked = "据报道，美国驻德国大使致函德经济部长，中方对此有何评论？"
    assert ("criticize", "DEU") not in _acts("此次他又对德国5G网络建设指手画脚。", asked)


def test_the_same_demand_addressed_again_by_name_in_one_sentence_aims_at_each() -> None:
    asked = "博尔顿称美司法部起诉和引渡孟晚舟并非政治行为，中方对此有何评论？"
    answer = "我们再次敦促美方立即撤销对孟晚舟女士的逮捕令和引渡请求，敦促加拿大方面立即释放孟晚舟女士。"
    assert _acts(answer, asked) == {("demand", "USA"), ("demand", "CAN")}


def test_an_organisation_the_answer_names_is_no_implicit_target_where_the_question_names_no_actor() -> None:
    asked = "昨天“人权观察”组织发布的涉疆报告称中国侵犯人权。中方对此有何评论？"
    answer = "不久前，上海合作组织秘书长赴新疆访问。你提到的这个所谓“人权组织”一向充满偏见，有关报告纯属造谣抹黑。"
    found = _acts(answer, asked)
    assert ("criticize", None) in found and not any(t == "sco" for _, t in found)
    # a state the answer names stays the implicit target
    asked = "中方对此有何回应？"
    assert ("oppose", "USA") in _acts("美方再次售台武器。中方对此坚决反对。", asked)


def test_docstring_examples_of_what_a_question_asks_about() -> None:
    import doctest

    import kg.extract.zh.asked

    result = doctest.testmod(kg.extract.zh.asked, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_each_part_of_an_answer_aims_at_what_its_part_of_the_question_asks() -> None:
    asked = (
        "第一个问题，西藏流亡政府的头目称数千名西藏人被关押。你对此有何评论？第二个问题，杨洁篪称包括美国在内的"
        "外国势力安排高级官员会见香港反中乱港头面人物。你能否提供更多细节？"
    )
    answer = "关于第一个问题，他是一个彻头彻尾的“藏独”分子，制造了无数谣言。关于第二个问题，美方公然妄议香港事务。"
    found = _acts(answer, asked)
    assert ("criticize", None) in found and ("criticize", "USA") in found
    # a part of the question that names no actor: the state that part of the answer names
    asked = "我有两个问题。第一，据报道约有250名中国间谍在布鲁塞尔活动，你对此有何评论？第二，中美元首会否会晤？"
    answer = "关于第一个问题，这与美方一些人胁迫其盟友有关。希望有关方面停止攻击中国。关于第二个问题，我不了解。"
    assert ("appeal", "USA") in _acts(answer, asked)


def test_indonesia_s_short_name_is_indonesia() -> None:
    asked = "关于中国和印尼的问题。印尼军方今天表示已向纳土纳群岛附近海域派遣战机和军舰。中方对此有何回应？"
    assert ("appeal", "IDN") in _acts("我们希望印尼方面保持冷静。", asked)


def test_an_object_set_before_the_cue_wins_over_an_actor_in_a_later_clause() -> None:
    asked = "沙特领导的联军宣布停火两周，以便为推动也门政府与胡塞组织对话创造条件。中方对此有何评论？"
    answer = "中方对沙特领导的联军宣布停火表示欢迎，希望此举有利于也门和地区国家更好地抗击疫情。"
    found = _acts(answer, asked)
    assert ("welcome", "SAU") in found and ("welcome", "YEM") not in found
    # an actor after the cue in its own clause is still its object
    assert ("welcome", "YEM") in _acts("中方对此表示欢迎也门政府的决定。", asked)


def test_an_opposition_to_a_deed_is_not_aimed_at_its_victim() -> None:
    asked = "上周，巴基斯坦驻阿富汗大使馆遭到袭击。中方对此有何评论？"
    found = _acts("中方强烈谴责并坚决反对任何形式的暴恐行径，向受伤人员致以慰问。", asked)
    assert found == {("criticize", None), ("oppose", None)}
    # concern is for the victim; and the doer of the deed asked about stays the target
    assert _acts("中方对此表示严重关切。", "南非发生骚乱，中方对此有何评论？") == {("concern", "ZAF")}
    asked = "西北工业大学遭受美国国家安全局网络攻击，中方将采取什么措施？"
    assert ("oppose", "USA") in _acts("中方坚决反对任何形式的网络攻击。", asked)


def test_cooperation_between_the_two_sides_is_with_the_state_asked_about() -> None:
    asked = "发言人能否介绍俄罗斯总理米舒斯京此访有关安排？中方对此有何期待？"
    assert ("cooperate", "RUS") in _acts("我们期待通过米舒斯京总理访华，进一步加强双方合作。", asked)
    # not with an organisation the question is about
    asked = "中非合作论坛北京峰会成果落实情况如何？"
    assert ("cooperate", None) in _acts("这次对话会主要是为双方创造机会，加强务实合作。", asked)


def test_states_listed_with_a_judgement_s_object_are_objects_too_not_its_doer() -> None:
    asked = "据报道，美政府高官表示七国集团峰会公报将强调应对华“去风险”。发言人对此有何评论？"
    answer = "当今世界面临的最大风险，是凭借自身军事优势对阿富汗、伊拉克、叙利亚等弱小国家发动野蛮侵略的霸权行径。"
    found = _acts(answer, asked)
    assert ("criticize", "SYR") not in found and ("criticize", "IRQ") not in found


def test_opposing_a_deed_pointed_at_aims_at_its_doer_not_its_object() -> None:
    asked = "2日，美国决定将对古巴实施的《对敌贸易法》再次延长一年。中方对此有何评论？"
    answer = "过去60年，美国对古巴实施野蛮、毫无人道的封锁，严重违反国际法，中方对此坚决反对。"
    found = _acts(answer, asked)
    assert ("oppose", "USA") in found and ("oppose", "CUB") not in found


def test_a_call_on_states_pointed_at_is_addressed_to_the_state_asked_about() -> None:
    asked = "美国“胡蜂号”军舰正与菲律宾在南海海域举行军演。外交部对此有何回应？"
    assert _acts("南海本来风平浪静，希望域外势力不要兴风作浪。", asked) == {("appeal", "USA")}
    asked = "美国政府批准向日本出售反导导弹。中方对此是否感到关切？"
    assert ("appeal", "USA") in _acts("我们希望，有关国家之间的交流合作能真正有利于地区的和平稳定。", asked)


def test_a_hope_to_act_with_someone_or_a_hope_and_belief_is_no_appeal() -> None:
    asked = "新西兰新一届政府组成，中方对中新关系有何期待？"
    found = _acts("中方期待同新西兰新一届政府共同努力，推动中新全面战略伙伴关系不断取得新的发展。", asked)
    assert not any(act == "appeal" for act, _ in found)
    asked = "哈萨克斯坦总统宣布辞职，中方对此有何评论？"
    assert _acts("中方希望并相信，哈萨克斯坦国家发展建设事业将不断取得新成绩。", asked) == set()
    # a hope addressed to the parties attending (与会各方) stays an appeal
    assert ("appeal", "USA") in _acts("希望与会各方继续做中美地方交流的桥梁。", "中美友城大会举行，你有何评论？")


def test_a_preposition_ending_in_a_venue_marker_makes_no_venue() -> None:
    asked = "对于伊朗称空袭美军基地系自卫，中方有何评论？"
    found = _acts("我们一贯主张有关各方应该通过对话、谈判等和平方式妥善解决彼此间的矛盾分歧。", asked)
    assert found == {("appeal", "IRN"), ("appeal", "USA")}
    # a venue stays a venue
    asked = "正在摩洛哥马拉喀什举行的联合国移民问题政府间大会通过了《移民问题全球契约》。中方对此有何评价？"
    assert ("welcome", "MAR") not in _acts("中国政府对政府间大会通过《契约》表示欢迎。", asked)


def test_canada_s_side_form_is_read_without_its_full_name() -> None:
    asked = "华为公司首席财务官孟晚舟被拘押一事是否会影响正在进行的中美经贸磋商？"
    answer = "中方已就此事分别向加方、美方提出严正交涉，要求对方立即释放被拘押人员。"
    found = _acts(answer, asked)
    assert {("protest", "CAN"), ("protest", "USA"), ("demand", "CAN"), ("demand", "USA")} <= found
    # "加" inside a word is no Canada
    assert _keys("中方将进一步加强合作，更加方便两国人员往来，增加方面的投入。") == [("中", "CHN")]


def test_a_demand_s_subject_may_open_its_sentence_before_a_clause() -> None:
    asked = "美国防部称将组建外空部队以应对中俄威胁。你对此有何评论？"
    answer = "如果美方真正关心外空安全，关心外空非武器化，就应停止上述行径。"
    assert ("demand", "USA") in _acts(answer, asked)
    asked = "日本外相称中方应遵守国际规则和秩序。中方对此有何回应？"
    assert ("demand", "JPN") in _acts("日方在谈论规则和秩序之前，首先应当停止强推核污染水排海计划。", asked)
    # the owner of the subject is no subject
    asked = "美军空袭巴格达机场，伊朗指挥官遇害。中方对此有何评论？"
    assert ("demand", "IRQ") not in _acts(
        "伊拉克的主权、独立和领土完整应当得到尊重，中东海湾地区的和平与稳定应当得到维护。", asked
    )


def test_g7_and_g20_as_written_in_chinese_text_are_the_organisations() -> None:
    asked = "美国政府高官称，G7峰会公报将对中国“经济胁迫”表示担忧。请问发言人有何评论？"
    assert ("demand", "g7") in _acts("我们敦促G7顺应开放包容的时代大势，不要搞胁迫外交。", asked)
    assert ("G20", "g20") in _keys("中方不会出席在争议地区举办的G20会议。")


def test_a_state_named_as_the_nationality_of_no_state_actor_is_not_asked_about() -> None:
    asked = "英国伦敦的一名研究员称，他识别出超过1000个推特账户与中国的“虚假信息宣传”有关。中方对此有何评论？"
    assert _acts("有关报道声称中国通过推特平台散播虚假信息，这是毫无根据的。", asked) == {("reject", None)}
    asked = "荷兰一家咨询公司报告称，华为可能在荷兰皇家电信公司不知情的情况下监控了其用户通话。中方对此有何评论？"
    assert _acts("针对华为公司的有关指控完全站不住脚。", asked) == {("reject", None)}
    # officials and lawmakers act for their state
    asked = "澳大利亚议员敦促澳政府外交抵制北京冬奥会，中方对此有何评论？"
    assert _acts("中方一贯坚决反对将任何体育运动政治化的言行。", asked) == {("oppose", "AUS")}
