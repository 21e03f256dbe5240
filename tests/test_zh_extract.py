"""Extraction from the Chinese originals: entities, topics and positions with the English IRIs, offsets into
the Chinese text. Turn texts are quoted from real pages of fmprc-zh (the page is named beside each)."""

from __future__ import annotations

import doctest
import importlib
import shutil
from pathlib import Path

import pytest
from conftest import corpus_missing

from kg.errors import OntologyError
from kg.extract import extract
from kg.extract.zh.entities import extract_zh_entities, find_zh_mentions
from kg.extract.zh.grammar import grammar_for
from kg.extract.zh.positions import extract_zh_positions
from kg.extract.zh.sentences import split_sentences
from kg.extract.zh.topics import _cues_for, extract_zh_topics
from kg.gazetteer import ontology_dir
from kg.read import read_briefings
from kg.types import Briefing, Exchange, Layout, Role, Turn
from tests._build import zh_briefing

MODULES = ["kg.extract.zh.lexicon", "kg.extract.zh.sentences", "kg.extract.zh.entities", "kg.extract.zh.topics",
           "kg.extract.zh.grammar", "kg.extract.zh.positions", "kg.align"]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def _keys(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.key) for m in find_zh_mentions(Turn(Role.ANSWER, 1, None, text))]


# --- entities ---------------------------------------------------------------------------------------------


def test_an_abbreviation_names_the_state_named_in_full_in_its_unit() -> None:
    # t1558642.html: "中阿" is China-Oman in the statement about Oman, China-Argentina in the exchange about Argentina
    oman = ("应国务委员兼外交部长王毅邀请，阿曼苏丹国外交事务主管大臣阿拉维将于5月12日至16日访问中国。"
            "中阿关系传统友好，今年是两国建交40周年。")  # fmt: skip
    argentina = ("你刚才宣布王毅国务委员兼外长即将访问阿根廷并出席二十国集团外长会议。"
                 "近年来中阿高层交往频繁，中方如何评价当前两国关系？")  # fmt: skip
    b = zh_briefing(
        (argentina, "阿根廷是拉美大国和重要新兴市场国家。近年来，中阿关系全面快速发展。"), statements=(oman,)
    )
    mentions, entities = extract_zh_entities(b)
    by_turn = {(m.turn, m.text, m.rule): m.key for m in mentions if m.rule == "zh-compound"}
    assert by_turn[("s1", "阿", "zh-compound")] == "OMN"
    assert by_turn[("e1q", "阿", "zh-compound")] == "ARG"
    assert by_turn[("e1a", "阿", "zh-compound")] == "ARG"
    assert {m.key for m in mentions if m.text == "王毅"} == {"wang-yi"}
    assert {e.key for e in entities} >= {"OMN", "ARG", "CHN", "wang-yi", "g20"}
    labels = {e.key: e.label for e in entities}
    assert labels["wang-yi"] == "Wang Yi" and labels["OMN"] == "Oman"  # the English gazetteer's entries


def test_side_forms_compounds_and_lists() -> None:
    # zh-2021-01-04.html (《北京日报》's question)
    text = "美驻瑞大使曾对媒体表示，很高兴瑞典就5G建设作出了与美、英、澳同样的结论。"
    assert _keys(text) == [("美", "USA"), ("瑞", "SWE"), ("瑞典", "SWE"), ("美", "USA"), ("英", "GBR"), ("澳", "AUS")]
    # t1558642.html: "朝美领导人会晤", "中日两国"; the side forms of the exchange about Japan
    assert _keys("据报道，朝美领导人会晤将于6月12日在新加坡举行。") == [("朝", "PRK"), ("美", "USA"), ("新加坡", "SGP")]
    assert _keys("中日双方签署了协议，日方表示欢迎。") == [("中", "CHN"), ("日", "JPN"), ("日", "JPN")]


def test_phrases_that_name_no_entity_and_words_across_boundaries() -> None:
    assert _keys("西方国家在中美洲使用美元，这在国际社会中日益常见，我们不断加强合作。") == []
    assert _keys("美好的未来") == [] and _keys("法律问题") == []
    assert _keys("印度尼西亚和南苏丹") == [("印度尼西亚", "IDN"), ("南苏丹", "SSD")]  # leftmost-longest


def test_mentions_keep_offsets_into_the_chinese_text() -> None:
    text = "中方坚决反对美方干涉中国内政，敦促美方停止向台湾出售武器。"
    for m in find_zh_mentions(Turn(Role.ANSWER, 1, None, text)):
        assert text[m.start : m.end] == m.text
    assert ("台湾", "taiwan") in _keys(text)


# --- sentences and topics ---------------------------------------------------------------------------------


def test_sentences_split_on_chinese_stops_and_keep_closing_quotes() -> None:
    text = "这是“一个中国”原则。你说呢？我们敦促美方；停止！\n新段落"
    expected = ["这是“一个中国”原则。", "你说呢？", "我们敦促美方；", "停止！", "新段落"]
    assert [text[a:b] for a, b in split_sentences(text)] == expected


def test_topics_from_chinese_cues_and_related_entities() -> None:
    # t1558642.html: the question on the DPRK-US summit
    b = zh_briefing(
        (
            "据报道，朝美领导人会晤将于6月12日在新加坡举行。中方对此有何评论？",
            "中方对朝美双方筹备领导人会晤取得的积极进展表示欢迎，期待会晤取得积极成果，在推进半岛无核化、"
            "政治解决半岛问题、实现地区长治久安的道路上迈出重要的一步。",
        )
    )
    mentions, _ = extract_zh_entities(b)
    topics = extract_zh_topics(b, mentions)
    assert topics[0].topic == "korean_peninsula"
    answer = b.exchanges[0].answer
    assert answer is not None
    for cue in topics[0].cues:
        turn = answer if cue.turn == "e1a" else b.exchanges[0].question
        assert turn.text[cue.start : cue.end] == cue.text


def test_a_chinese_cue_for_an_unknown_topic_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    with (folder / "lexicon-zh.ttl").open("a", encoding="utf-8") as f:
        f.write('\n<https://w3id.org/presskg/id/topic/nothing> lex:zhCue "!无" .\n')
    with pytest.raises(OntologyError) as error:
        _cues_for(folder.resolve())
    assert error.value.code == "E551"


# --- positions --------------------------------------------------------------------------------------------


def _positions(answer: str, question: str = "美方宣布对台军售，中方有何回应？") -> list[tuple[str, str | None, str]]:
    b = zh_briefing((question, answer))
    mentions, _ = extract_zh_entities(b)
    return [(p.act, p.target.key if p.target else None, p.rule) for p in extract_zh_positions(b, mentions)]


def test_acts_and_their_targets() -> None:
    assert _positions("中方坚决反对美方对台军售。") == [("oppose", "USA", "oppose_verb")]
    assert _positions("我们敦促美方停止错误做法。") == [("demand", "USA", "demand_urge")]
    assert _positions("中方愿同东盟国家一道，维护地区和平稳定。")[0][:2] == ("cooperate", "asean")
    assert _positions("我对此无可奉告。") == [("no_comment", None, "no_comment_phrase")]
    # a claim of sovereignty answers whoever the question is about (the dev set's convention): the US here
    assert _positions("台湾是中国领土不可分割的一部分。") == [("sovereignty", "USA", "sovereignty_part")]
    # no one named in the sentence: the pointer "对此" refers back, and the question says to whom
    assert _positions("中方对此表示强烈不满，已经提出严正交涉。") == [
        ("oppose", "USA", "oppose_discontent"),
        ("protest", "USA", "protest_lodged"),
    ]


def test_negation_reported_speech_and_other_subjects() -> None:
    assert _positions("中方并不反对有关国家发展正常关系。") == []
    assert _positions("中方不赞成美方的做法。") == [("oppose", "USA", "oppose_not_agree")]
    assert _positions("美方称中方反对有关安排。") == []  # reported: not the spokesperson's position
    assert _positions("日本政府反对这一决议。") == []  # another actor is the subject
    # one act per clause by its main verb (conventions v2, rule 6): what is opposed is no criticism of its own
    assert set(_positions("我要强调的是，中方坚决反对美方将经贸问题政治化。")) == {("oppose", "USA", "oppose_verb")}
    # "不断" negates nothing: the cooperation and the support both stand
    found = _positions("我们不断加强同各方的合作，支持联合国发挥作用。")
    assert ("support", "un", "support_verb") in found and "cooperate" in {a for a, _, _ in found}


def test_position_evidence_is_the_sentence_with_its_offsets() -> None:
    answer = "我还没有看到你提到的消息。世界上只有一个中国。我们敦促美方恪守一个中国原则。"
    b = zh_briefing(("天主教台湾主教团主席称希望邀请教皇明年访问台湾。", answer))
    mentions, _ = extract_zh_entities(b)
    positions = extract_zh_positions(b, mentions)
    assert positions and all(answer[p.start : p.end] == p.evidence for p in positions)
    assert positions[-1].evidence == "我们敦促美方恪守一个中国原则。"


def test_a_malformed_chinese_act_cue_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    text = (folder / "acts-zh.ttl").read_text(encoding="utf-8")
    # a frame only the English grammar knows: the Chinese one refuses it as the English refuses an unknown one
    broken = text.replace('pk:rule "oppose_verb" ; pk:frame "self"', 'pk:rule "oppose_verb" ; pk:frame "modal"')
    assert broken != text
    (folder / "acts-zh.ttl").write_text(broken, encoding="utf-8")
    with pytest.raises(OntologyError) as error:
        grammar_for(folder.resolve())
    assert error.value.code == "E535" and "modal" in str(error.value)


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (('pk:rule "oppose_discontent"', 'pk:rule "oppose_verb"'), "E591"),  # one rule id twice
        (('pk:pattern "{DEG}反对"', 'pk:pattern "{DEG}反对("'), "E592"),  # a pattern that does not compile
        (('pk:pattern "{DEG}反对"', 'pk:pattern "{NOPE}反对"'), "E537"),  # a fragment nobody defines
        (("act:oppose lex:zhActCue", "act:opposes lex:zhActCue"), "E590"),  # cues of no act
    ],
)
def test_broken_chinese_act_cues_are_refused(tmp_path: Path, edit: tuple[str, str], code: str) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    text = (folder / "acts-zh.ttl").read_text(encoding="utf-8")
    assert edit[0] in text
    (folder / "acts-zh.ttl").write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(OntologyError) as error:
        grammar_for(folder.resolve())
    assert error.value.code == code


# --- the dispatch and real pages ----------------------------------------------------------------------------


def test_the_briefings_language_chooses_the_extractors() -> None:
    b = zh_briefing(("美国宣布向台湾出售武器，中方有何回应？", "中方坚决反对。"))
    found = extract(b)
    assert {m.rule for m in found.mentions} >= {"zh-side", "gazetteer"}
    assert [p.act for p in found.positions] == ["oppose"]
    english = extract(
        Briefing("e", b.source, Layout.TEXT, "t", None, False, "Geng Shuang", "MFA", (),
                 (Exchange(1, Turn(Role.QUESTION, 1, None, "What about the US?"),
                           Turn(Role.ANSWER, 1, "Geng Shuang", "China firmly opposes it."), None),))
    )  # fmt: skip
    assert [m.key for m in english.mentions] == ["USA", "CHN"]


def test_real_chinese_pages_extract_with_valid_offsets(corpus_dir: Path) -> None:
    chinese = corpus_dir.parent / "fmprc-zh"
    if not chinese.is_dir():
        corpus_missing("no fmprc-zh beside the corpus")
    pages = [chinese / name for name in ("t1558642.html", "t1774228.html", "zh-2021-01-04.html", "zh-2023-03-01.html")]
    result = read_briefings([p for p in pages if p.exists()])
    assert len(result.briefings) >= 3
    for b in result.briefings:
        assert b.language == "zh"
        found = extract(b)
        turns = {t.key: t.text for t in b.turns()}
        assert found.mentions and found.topics and found.positions
        assert all(turns[m.turn][m.start : m.end] == m.text for m in found.mentions)
        assert all(turns[p.turn][p.start : p.end] == p.evidence for p in found.positions)
        assert all(turns[c.turn][c.start : c.end] == c.text for t in found.topics for c in t.cues)
        assert {p.act for p in found.positions} <= {
            "oppose", "criticize", "reject", "demand", "appeal", "warn", "support", "welcome", "cooperate",
            "protest", "concern", "no_comment", "sovereignty",
        }  # fmt: skip


# --- the lexicon's shapes -----------------------------------------------------------------------------------


def _lexicon_conforms(extra: str = "") -> tuple[bool, str]:
    """The ontology folder's Turtle against the shapes of the Chinese lexicon (``ps:Zh*`` in shapes.ttl) and of the
    act cues and fragments of both languages (``ps:ActCue*``, ``ps:PatternFragmentShape``)."""
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    for path in sorted(ontology_dir().glob("*.ttl")):
        if path.name != "shapes.ttl":
            data.parse(path)
    if extra:
        data.parse(data=extra, format="turtle")
    everything = rdflib.Graph().parse(ontology_dir() / "shapes.ttl")
    shapes = rdflib.Graph()
    todo = [
        s
        for s in everything.subjects()
        if str(s).startswith(("https://w3id.org/presskg/shapes#Zh", "https://w3id.org/presskg/shapes#ActCue"))
        or str(s) == "https://w3id.org/presskg/shapes#PatternFragmentShape"
    ]
    while todo:  # each Zh shape with the blank nodes it holds
        node = todo.pop()
        for triple in everything.triples((node, None, None)):
            shapes.add(triple)
            if isinstance(triple[2], rdflib.BNode):
                todo.append(triple[2])
    assert len(shapes) > 10
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)


def test_the_chinese_lexicon_conforms_to_its_shapes() -> None:
    conforms, text = _lexicon_conforms()
    assert conforms, text[:2000]
    broken = """@prefix lex: <https://w3id.org/presskg/lexicon#> .
        <https://w3id.org/presskg/id/country/USA> lex:zhAbbreviation "美国" .
        <https://w3id.org/presskg/id/act/oppose> lex:zhActCue [ a <https://w3id.org/presskg/ontology#ActCue> ;
            <https://w3id.org/presskg/ontology#rule> "oppose_x" ; <https://w3id.org/presskg/ontology#frame> "modal" ;
            <https://w3id.org/presskg/ontology#polarity> "pos" ;
            <https://w3id.org/presskg/ontology#targetPolicy> "addressee" ] ."""
    conforms, text = _lexicon_conforms(broken)
    # "美国" is not one character, and is a second abbreviation of the US; "modal" is an English frame only; the
    # cue has no pattern
    assert not conforms and text.count("Constraint Violation") == 4
    assert "modal" in text and "pattern" in text
    english = """@prefix pk: <https://w3id.org/presskg/ontology#> .
        <https://w3id.org/presskg/id/act/oppose> pk:actCue [ a pk:ActCue ; pk:rule "oppose_y" ; pk:frame "self" ;
            pk:polarity "pos" ; pk:targetPolicy "addressee" ; pk:pattern "x" ] ."""
    conforms, text = _lexicon_conforms(english)
    # "addressee" is a policy of the Chinese grammar only
    assert not conforms and text.count("Constraint Violation") == 1 and "addressee" in text


# --- later turns: a reporter's follow-up and its answer --------------------------------------------------------


def test_follow_ups_and_their_answers_are_extracted_on_a_real_page() -> None:
    # t1567715.html (2018-06-11), exchange 4: the spokesperson asks back (e4a), the reporter follows up on the G7
    # (e4q2) and the answer (e4a2) is where the positions are.
    page = Path(__file__).parent / "data" / "fmprc-zh" / "t1567715.html"
    (b,) = read_briefings([page]).briefings
    ex = b.exchanges[3]
    assert [t.key for t in ex.later] == ["e4q2", "e4a2"]
    found = extract(b)
    keys = {m.turn: set() for m in found.mentions}
    for m in found.mentions:
        keys[m.turn].add(m.key)
    assert "g7" in keys["e4q2"] and {"g7", "sco"} <= keys["e4a2"]
    later = [p for p in found.positions if p.turn == "e4a2"]
    assert ("appeal", "g7") in {(p.act, p.target.key if p.target else None) for p in later}
    assert all(ex.later[1].text[p.start : p.end] == p.evidence and p.unit == "e4" for p in later)
    (topic,) = [t for t in found.topics if t.unit == "e4" and t.topic == "multilateralism"]
    assert {"e4q2", "e4a2"} <= {c.turn for c in topic.cues}


def test_coordinated_actors_subjects_and_double_negation() -> None:
    # zh sentences as the ministry writes them (t1443750.html, t1685719.html, zh-2022-06-28.html)
    assert _positions("我们坚决反对美韩在韩部署“萨德”系统。") == [
        ("oppose", "USA", "oppose_verb"),
        ("oppose", "KOR", "oppose_verb"),
    ]  # one act, each state of the compound its target
    assert {t for a, t, _ in _positions("我们向美方和韩方提出严正交涉。") if a == "protest"} == {"USA", "KOR"}
    # a modal after an actor is a demand on it; with no actor before it, nothing
    assert _positions("美方应该停止任何形式的美台官方往来。") == [("demand", "USA", "demand_should")]
    assert [a for a, _, _ in _positions("应该通过对话解决分歧。")] == []
    # "不得不" negates nothing: the countermeasures are announced
    warned = _positions("如果美方加征关税，中方将不得不采取必要的反制措施，由此产生的一切后果全部由美方承担。")
    assert ("warn", "USA") in {(a, t) for a, t, _ in warned}
    # not accepting is rejection (the English "cannot accept"), aimed at the question's actor
    assert _positions("中方不会接受这样的安排。") == [("reject", "USA", "reject_not_accept")]
    # "合法政府" holds 法, which opens no word there: no France
    text = "中华人民共和国政府是代表全中国的唯一合法政府。"
    assert [k for _, k in _keys(text)] == ["CHN"]


def test_an_act_on_no_one_named_is_aimed_at_its_fronted_object_or_the_question() -> None:
    # t1685719.html: the object set before the verb with 对; then no actor in the sentence: the question's
    q = "美国总统国家安全事务助理博尔顿称，美将于8月2日退出《中导条约》。请问中方对此有何评论？"
    assert _positions("中方对美方执意退出《中导条约》深感遗憾并坚决反对。", q)[0][:2] == ("oppose", "USA")
    assert _positions("中方一贯反对单边制裁和长臂管辖。", q) == [("oppose", "USA", "oppose_verb")]
    # but a support with no one named stays aimed at no one
    assert _positions("中方支持通过对话解决分歧。", q) == [("support", None, "support_verb")]


def test_demands_on_a_subject_or_a_need_and_referrals() -> None:
    # zh-2022-06-28.html, t1685719.html, t1443750.html
    q = "美国和伊朗将举行间接谈判，中方对此有何评论？"
    assert _positions("美方作为当前伊核危机的始作俑者，应切实履行重返全面协议的承诺。", q) == [
        ("demand", "USA", "demand_should")
    ]  # the apposition between the subject and its modal
    assert _positions("现在球在美国一方，需要美方拿出诚意，展现诚信。", q) == [("demand", "USA", "demand_need")]
    assert _positions("具体情况还需要进一步了解核实。", q) == [("no_comment", None, "no_comment_phrase")]  # no demand
    assert _positions("商务部新闻发言人此前介绍了有关情况。", q) == [("no_comment", None, "no_comment_pointer")]


def test_a_person_stands_for_the_state_they_serve() -> None:
    # t1685719.html: an evaluation of Trump's words aims at the United States; China's own officials are never
    # a target (the evaluation falls back to the question's actor)
    q = "昨天，特朗普总统发推特称，美方将对3000亿美元中国输美商品加征10%关税。中方对此有何回应？"
    assert _positions("特朗普总统的做法是极限施压。", q) == [("criticize", "USA", "criticize_smear")]
    assert {t for _, t, _ in _positions("杨洁篪主任驳斥了那些谣言。", q)} == {"USA"}


def test_the_question_s_actors_named_together_are_each_a_target() -> None:
    # conventions version 2, rule 1: an act on the question's actors alike gives one entry per actor
    q = "据报道，美韩已开始在韩部署“萨德”反导系统。中方对此有何回应？"
    assert _positions("中方对此坚决反对。", q) == [("oppose", "USA", "oppose_verb"), ("oppose", "KOR", "oppose_verb")]


def test_warnings_of_consequences() -> None:
    # zh-2022-09-05.html, zh-2021-11-25.html, t1554285.html: consequences for the actor the question is about
    q = "美国政府正考虑采取措施限制美国对中国科技公司的投资，外交部对此有何评论？"
    assert ("warn", "USA") in {(a, t) for a, t, _ in _positions("这种做法也将会反噬美方自身。", q)}
    assert _positions("个别人企图外交抵制冬奥会，注定不会得逞。", q) == [("warn", "USA", "warn_price")]
    assert _positions("如果美方执意如此，后果全部由美方承担。", q)[0][:2] == ("warn", "USA")


def test_hopes_that_are_nouns_or_joint_outcomes_appeal_to_no_one() -> None:
    # zh-2021-11-25.html: "热切期待" is a noun; a hope for what a meeting with China will bring is China's own
    assert "appeal" not in {a for a, _, _ in _positions("这只会同所有运动员的热切期待相违背。")}
    assert "appeal" not in {a for a, _, _ in _positions("中方期待通过此次会晤，同俄、印双方加强沟通。")}
    assert _positions("希望美方停止干涉。")[0][:2] == ("appeal", "USA")


# Issue 14, fourth round: each test below fails without the rule it names (tests/dev/zh/round4-notes.md).


def _acts(answer: str, question: str = "美方宣布对台军售，中方有何回应？") -> set[tuple[str, str | None]]:
    return {(act, target) for act, target, _ in _positions(answer, question)}


def test_concern_needs_its_verb_and_the_noun_is_no_concern() -> None:
    assert _acts("中方对此表示严重关切。") == {("concern", "USA")}
    assert _acts("在推进半岛无核化进程中，要均衡解决各方关切，包括朝方正当安全关切。") == set()


def test_sovereignty_holds_under_the_negation_of_interfering() -> None:
    assert ("sovereignty", "USA") in _acts("希望美方不要干涉中国司法内政。")
    assert ("sovereignty", "USA") in _acts("台湾问题不容任何外来干涉。")


def test_an_act_whose_object_is_china_is_someone_else_s() -> None:
    asked = "伊核问题联委会会议上，欧盟赞赏中国的贡献，中方有何评论？"
    assert _acts("与会各方均赞赏中国在应对疫情过程中所采取的果断举措。", asked) == set()
    assert _acts("包括伊朗在内各方高度评价了中方积极推进项目落实。", asked) == set()
    # a self word that modifies a noun China acts for is not China itself
    own = _acts("中方支持中国企业拿起法律武器，捍卫自己的正当权利。", "谷歌暂停与华为合作，你有何回应？")
    assert ("support", None) in own


def test_a_judgement_inside_a_demand_is_the_demand_s_object() -> None:
    assert _acts("我们敦促美方立即停止抹黑中国。") == {("demand", "USA")}
    assert ("criticize", "USA") in _acts("美方一些做法严重损害中方企业的利益。")


def test_a_venue_is_no_target_nor_the_question_s_actor() -> None:
    asked = "近日，在加拿大举行的七国集团外长会联合公报提及了一些涉华内容。中方有何评论？"
    found = _acts("中方坚决反对这种不负责任的言行。", asked)
    assert ("oppose", "g7") in found and ("oppose", "CAN") not in found


def test_the_doer_is_not_an_actor_set_as_an_object() -> None:
    asked = "美国决定延长对古巴的封锁，中方对此有何评论？"
    assert ("criticize", "USA") in _acts("过去60年，美国对古巴实施封锁，严重违反国际法。", asked)
    assert ("criticize", "CUB") not in _acts("过去60年，美国对古巴实施封锁，严重违反国际法。", asked)


def test_partners_and_objects_that_name_no_actor_give_no_target() -> None:
    asked = "伊朗表示禁运已解除，中方是否向伊朗出售武器？"
    assert _acts("中方将继续同有关各方加强沟通协作，共同推动改造进程。", asked) == {("cooperate", None)}
    assert _acts("中方愿同各方一道，维护全面协议。", asked) == {("cooperate", None)}
    assert _acts("中方欢迎外国企业来华投资兴业。", "英国或禁止华为参与5G建设，中方有何评论？") == {("welcome", None)}


def test_deferrals_are_no_comment() -> None:
    for answer in (
        "如果有这方面的消息，我们会及时向大家发布。",
        "我们将就此进一步核实确认。",
        "建议你询问中方主管部门。",
        "我刚才已经说得非常清楚了。",
        "我已经说过，中美经贸关系必须建立在相互尊重的基础上。",
    ):
        assert ("no_comment", None) in _acts(answer), answer


def test_a_claim_judged_is_not_reported_speech() -> None:
    asked = "美方称国际社会未能得到台湾方面的信息，中方有何评论？"
    assert ("reject", "USA") in _acts("这种说法不符合事实。", asked)
    assert ("reject", "USA") in _acts("注意到网上有报道，我们向主管部门了解了一下，有关报道是错误的。", asked)
    assert ("reject", "USA") not in _acts("美方称，这种做法不符合事实。", asked)


def test_readiness_to_cooperate_and_to_help() -> None:
    asked = "尼泊尔发生地震，中方对此有何评论？"
    assert ("cooperate", "NPL") in _acts("中方愿向尼泊尔提供必要救灾援助。", asked)
    assert ("cooperate", "NPL") in _acts("我们愿继续同尼泊尔加强合作。", asked)
    assert _acts("中国发展同尼泊尔的关系取得了成果。", asked) == set()


def test_a_demand_on_states_pointed_at_aims_at_the_question_s_actor() -> None:
    asked = "法国外长对中国和非洲的合作提出了批评。中方对此有何评论？"
    assert ("demand", "FRA") in _acts("有关国家应该客观公正评价中非合作。", asked)


# Issue 14, fifth round: each test below fails without the rule it names (tests/dev/zh/round5-notes.md).


def test_a_side_form_after_a_verb_or_preposition_is_read() -> None:
    # jieba's HMM glued the abbreviation of a state it does not know into a guessed word ("愿向尼方", "同尼方")
    b = zh_briefing(
        ("据报道，尼泊尔西部地区发生地震。中方对此有何评论？", "中方愿向尼方提供援助。中方愿同尼方深化合作。")
    )
    mentions, _ = extract_zh_entities(b)
    assert [(m.text, m.key) for m in mentions if m.turn == "e1a" and m.key != "CHN"] == [("尼", "NPL"), ("尼", "NPL")]
    assert _acts("中方愿向尼方提供必要救灾援助。", "尼泊尔发生地震，中方对此有何评论？") == {("cooperate", "NPL")}


def test_cooperation_s_partner_named_before_the_cue_or_the_one_asked_in_a_bilateral_relation() -> None:
    asked = "王毅国务委员会见了玻利维亚外长，你能否提供更多细节？"
    assert _acts("中方愿同玻方保持高层交往，在国际和地区事务中加强协调。", asked) == {("cooperate", "BOL")}
    asked = "德国总理默克尔将访华，双方将讨论什么问题？"
    answer = "中方愿在互尊互信的基础上，推动两国关系和各领域务实合作不断取得新进展。"
    assert _acts(answer, asked) == {("cooperate", "DEU")}


def test_the_modal_should_is_not_the_second_character_of_a_word() -> None:
    asked = "白俄罗斯总统将访华，中方对此有何期待？"
    assert _acts("共建“一带一路”倡议得到了白俄罗斯的积极响应和参与。", asked) == set()
    assert _acts("王毅外长在出席联大会议期间应约会见佩恩外长。", "澳大利亚外长表示愿改善对华关系。") == set()
    assert _acts("白俄罗斯方面应当尊重中方关切。", asked) == {("demand", "BLR")}


def test_a_joint_outcome_with_china_is_no_demand_nor_appeal() -> None:
    asked = "特朗普总统称中国没有兑现购买农产品的承诺，中方对此有何回应？"
    assert _acts("中美经贸关系必须建立在相互尊重、平等互利的基础上。", asked) == set()
    assert _acts("我们认为中美双方应当在平等和相互尊重的基础上讨论和解决农产品贸易问题。", asked) == set()
    assert _acts("美方应当停止打压中国企业。", asked) == {("demand", "USA")}
    assert ("appeal", "PRK") in _acts("朝美双方应当相向而行。", asked)


def test_advice_to_china_s_own_people_is_no_position() -> None:
    asked = "美方威胁撤销中国电信在美营运许可，你对此有何评论？"
    advice = "中国政府一贯鼓励中国企业按照市场原则和国际规则，在遵守当地法律的基础上开展对外经济合作。"
    assert _acts(advice, asked) == set()
    assert _acts("使领馆已发布通知，要求海外中国公民积极配合当地疫情防控工作。", asked) == set()
    assert _acts("我们要求美方停止无理打压中国企业。", asked) == {("demand", "USA")}


def test_support_china_receives_is_someone_else_s() -> None:
    asked = "摩尔多瓦总统感谢中方援助，中方对此有何评论？"
    assert _acts("疫情发生以来，摩方给予中方积极支持。", asked) == set()
    assert _acts("这些举措得到了中国民众的理解和支持。", asked) == set()
    assert _acts("伊方和意方都以不同方式对中方表达了慰问和支持。", asked) == set()
    assert ("support", "MDA") in _acts("中方支持摩方抗击疫情的努力。", asked)


def test_a_group_of_states_named_as_a_party_is_its_bloc() -> None:
    asked = "阿拉伯卫生部长理事会会议发表声明，高度赞赏中国抗击疫情努力。中方对此有何回应？"
    assert _acts("中方将继续与阿拉伯国家和国际社会一道，加强合作、分享经验。", asked) == {("cooperate", "arab-league")}
    asked = "一支中国医疗工作组已抵达尼日利亚。中方对此有何评论？"
    assert _acts("中方愿同非洲国家一道，共同取得抗疫的最终胜利。", asked) == {("cooperate", "au")}
    # the bloc's own name is a mention of the organisation, not a group
    assert _acts("中方愿同非盟加强合作。", asked) == {("cooperate", "au")}


def test_a_pointer_back_after_a_demand_is_each_actor_named_before_it() -> None:
    asked = "华为公司首席财务官孟晚舟在加拿大被拘押，中方对此有何评论？"
    answer = "中方已就此事分别向加方、美方提出严正交涉，要求对方立即释放被拘押人员。"
    assert ("demand", "CAN") in _acts(answer, asked) and ("demand", "USA") in _acts(answer, asked)
    # "其他国家" is no pointer back
    assert ("demand", "USA") not in _acts("美方宣布了新措施。我们希望其他国家也能为中国投资者提供公平环境。", asked)


def test_an_object_that_includes_an_actor_is_the_object_not_the_actor() -> None:
    asked = "美智库学者发表联合声明，中方对此有何评论？"
    found = _acts("我们欢迎包括美国、加拿大智库学者在内的各界人士来华访问。", asked)
    assert found == {("welcome", None)}


def test_concern_over_a_situation_is_aimed_at_no_one() -> None:
    asked = "伊朗称空袭美军基地系自卫，中方有何评论？"
    assert _acts("中方对当前中东局势感到担忧。", asked) == {("concern", None)}
    assert _acts("对于当前事态，中方感到忧虑。", asked) == {("concern", None)}
    assert _acts("中方对此深感担忧。", asked) == {("concern", "IRN")}


def test_a_judgement_s_doer_is_never_an_actor_after_it() -> None:
    asked = "美国国会某委员会称世卫组织将台湾排除在外，你对此有何评论？"
    found = _acts("有关方面利用疫情大搞政治操弄，持续炒作台所谓参加世界卫生组织问题。", asked)
    assert ("criticize", "who") not in found and ("criticize", "USA") in found
    assert ("criticize", "USA") in _acts("美方一再抹黑中国。", "澳大利亚智库发表报告，中方有何评论？")


def test_what_others_are_asked_to_do_is_the_demand_s_or_hope_s_content() -> None:
    asked = "据报道，朝鲜又发射了不明飞行物。中方对此有何评论？"
    assert _acts("希望朝美双方能够切实相向而行，坚持对话。", asked) == {("appeal", "PRK"), ("appeal", "USA")}
    found = _acts("中方敦促美方停止支持台当局的政治操弄。", "美国国会发布涉台报告，中方有何评论？")
    assert found == {("demand", "USA")}
    # China a party, or the spokesperson's side hoping and welcoming: its own act
    assert ("cooperate", "USA") in _acts("我们希望美方同中方相向而行。", "美国民调显示，中方有何评论？")
    asked = "美国学者发表公开信，你有何评论？"
    assert ("welcome", "USA") in _acts("我们希望并欢迎美国社会各界多一点理性的声音。", asked)
    asked = "美方宣布加征关税，中方有何回应？"
    assert ("warn", "USA") in _acts("如果美方出台新的关税措施，中方将不得不采取必要的反制措施。", asked)


def test_what_others_are_encouraged_to_do_is_no_act_of_china_s() -> None:
    asked = "美国总统表示不寻求以利比亚模式弃核，中方对此有何评论？"
    assert not any(act == "cooperate" for act, _ in _acts("中方将继续鼓励美朝双方相向而行，建立互信。", asked))


def test_sovereignty_asserted_against_an_actor_s_conduct() -> None:
    asked = "美国军舰进入黄岩岛邻近海域，中方有何回应？"
    assert ("sovereignty", "USA") in _acts("美方军舰有关行为侵犯了中国主权。", asked)
    assert ("sovereignty", "USA") in _acts("中方将继续采取一切必要措施捍卫国家主权和安全。", asked)
    asked = "加拿大总理批评谢伦伯格案判决，中方有何评论？"
    assert ("sovereignty", "CAN") in _acts("希望他们尊重法治，尊重中国的司法主权。", asked)


def test_more_warnings_of_failure_and_self_harm() -> None:
    asked = "美国国务院批准对台军售，中方有何回应？"
    for answer in (
        "美国这样的强权政治早已被拉美人民深恶痛绝，也注定会失败。",
        "任何利用台湾问题挑拨中国同太平洋岛国关系的图谋都是不可能得逞的。",
        "为投资合作设置障碍，到头来只会害人害己。",
        "这样的无稽之谈越多，对自身形象越不利。",
    ):
        assert any(act == "warn" for act, _ in _acts(answer, asked)), answer


def test_as_i_just_said_points_back() -> None:
    assert ("no_comment", None) in _acts("正如我刚才强调的，全面协议现有参与方始终本着负责任态度。")


def test_should_have_is_a_demand_and_the_deserved_is_not() -> None:
    asked = "日本自民党人士称日外相访华将释放错误信息，中方有何评论？"
    assert _acts("日方应有基本的信义。", asked) == {("demand", "JPN")}
    assert _acts("日方在地区事务中发挥了应有的作用。", asked) == set()


def test_an_organisation_that_owns_rules_is_no_target() -> None:
    asked = "美国准备承认以色列对约旦河西岸部分地区行使主权，中方对此有何评论？"
    found = _acts("中方对有关吞并约旦河西岸的计划表示关切，这违反国际法和安理会第2334号等决议。", asked)
    assert ("concern", "unsc") not in found
    asked = "越南常驻联合国代表团递交照会，中方有何评论？"
    assert ("reject", "un") not in _acts("越南方面有关主张违反《联合国宪章》，是非法的、无效的。", asked)
    assert ("support", "who") in _acts("中方支持世卫组织发挥领导作用。", asked)


def test_a_hope_addressed_to_the_media_concerned_has_no_target() -> None:
    asked = "日本自民党人士称日外相访华将释放错误信息，中方有何评论？"
    assert _acts("希望有关媒体不要再借题发挥和炒作。", asked) == {("appeal", None)}
    assert _acts("希望有关国家不要借题发挥。", asked) == {("appeal", "JPN")}


def test_a_judgement_of_a_doer_that_is_no_actor_has_no_target() -> None:
    asked = "美国国务院发言人就达赖接受采访发表评论，中方对此有何回应？"
    assert _acts("十四世达赖是披着宗教外衣、从事反华分裂活动的政治流亡者，他说的话全是谎言。", asked) == {
        ("criticize", None)
    }
    assert ("criticize", "USA") in _acts("有关方面一再散布谎言。", asked)


def test_the_parties_concerned_are_the_question_s_actors_the_world_is_no_one() -> None:
    asked = "伊朗和美国之间的紧张局势不断升级，中方有何评论？"
    found = _acts("我们一贯主张有关各方应该通过对话、谈判等和平方式妥善解决彼此间的矛盾分歧。", asked)
    assert found == {("appeal", "IRN"), ("appeal", "USA")}
    assert _acts("国际社会应该团结合作，共同早日战胜疫情。", asked) == {("appeal", None)}
    asked = "美国准备承认以色列对约旦河西岸部分地区行使主权，但要求以政府与巴勒斯坦方面谈判。中方有何评论？"
    assert ("appeal", "PSE") in _acts("国际社会应当发挥建设性作用，推动巴以双方早日重启和谈。", asked)


def test_a_call_on_the_parties_is_addressed_to_the_question_s_actors() -> None:
    asked = "英、法、德外长宣布启动伊核问题全面协议争端解决机制，中方对此有何评论？"
    found = _acts("当前形势下，我们呼吁各方保持冷静克制。", asked)
    assert {("appeal", "GBR"), ("appeal", "FRA"), ("appeal", "DEU")} <= found
    assert _acts("我们呼吁国际社会加强团结。", asked) == {("appeal", None)}


def test_a_referral_is_addressed_and_checking_with_the_authorities_is_none() -> None:
    assert ("no_comment", None) in _acts("两岸关系的问题，你应该向国台办询问。")
    assert ("no_comment", None) in _acts("你们可以先向土耳其外交部了解一下。")
    assert not any(a == "no_comment" for a, _ in _acts("经向主管部门了解，有关的媒体报道并不准确。"))


def test_a_courtesy_to_the_reporters_is_no_welcome() -> None:
    assert _acts("首先，感谢你对外交部的信任。") == set()
    assert _acts("欢迎大家届时积极参与并采访报道此次活动。") == set()
    assert ("welcome", "USA") in _acts("我们欢迎美方的这一表态。")


def test_what_is_opposed_is_the_opposition_s_object_not_a_criticism() -> None:
    asked = "澳大利亚议员敦促澳政府外交抵制北京冬奥会，中方对此有何评论？"
    assert _acts("中方一贯坚决反对将任何体育运动政治化的言行。", asked) == {("oppose", "AUS")}


def test_the_noun_demand_is_no_demand() -> None:
    asked = "瑞典警察粗暴对待中国游客，中方对此有何评论？"
    assert _acts("瑞典警方仍然没有回应中国使馆有关见面沟通情况的要求。", asked) == set()
    assert _acts("中方要求瑞方彻查事件。", asked) == {("demand", "SWE")}
