"""Topics, fifth round (issue 12): the sole-topic rule and the cue changes, on questions and answers of the tuning
gold and the development sets (tests/dev/topics-errors-5.md gives the error classes they come from)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib

from kg.extract import extract
from kg.extract.topics import SOLE_RULE, extract_topics, load_topic_lexicon
from kg.extract.zh.entities import extract_zh_entities
from kg.extract.zh.topics import extract_zh_topics
from kg.gazetteer import ontology_dir
from kg.types import TopicAssignment
from tests._build import briefing, zh_briefing

ASSANGE = (
    "What is the reaction of the Chinese government toward Julian Assange's arrest?",
    "The Chinese side noted the relevant reports and hopes that parties will properly resolve this issue through "
    "friendly consultation.",
)


def topics(*exchanges: tuple[str, str]) -> list[TopicAssignment]:
    """The topics of one briefing of ``exchanges``, with the real entity mentions."""
    return list(extract(briefing(list(exchanges))).topics)


def test_an_exchange_no_topic_passes_takes_its_clear_leader() -> None:
    # One ordinary cue ("arrest") in the question: below the usual bar, but the exchange is about it.
    found = topics(ASSANGE)
    assert [(t.topic, t.rule) for t in found] == [("legal_cases", SOLE_RULE)]
    assert found[0].cues[0].text == "arrest"


def test_no_sole_topic_where_the_question_names_two_alike_or_none() -> None:
    # Two subjects about as weak as each other: the exchange stays without a topic rather than guess one.
    assert topics(("Was the ambassador told about the arrest before the flights left?", "I have no information.")) == []
    # A topic only the answer names is not the sole subject of a question that names none.
    assert topics(("Can you tell us more?", "The flights were cancelled.")) == []


def test_the_sole_topic_rule_is_data_of_the_scheme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon = load_topic_lexicon()
    assert (lexicon.scoring.sole_min, lexicon.scoring.sole_lead) == (2.0, 0.7)
    folder = tmp_path / "ontology"
    folder.mkdir()
    text = (ontology_dir() / "topics.ttl").read_text(encoding="utf-8")
    (folder / "topics.ttl").write_text(text.replace('pk:soleTopicMinScore "2.0"', 'pk:soleTopicMinScore "9.0"'))
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(folder))
    b = briefing([ASSANGE])
    assert extract_topics(b) == ()


def test_the_scheme_settings_conform_to_the_shapes() -> None:
    import pyshacl

    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl")
    text = (ontology_dir() / "topics.ttl").read_text(encoding="utf-8")
    conforms, _graph, report = pyshacl.validate(rdflib.Graph().parse(data=text, format="turtle"), shacl_graph=shapes)
    assert conforms, report
    for broken in (
        text.replace('pk:soleTopicLead "0.7"^^xsd:decimal', 'pk:soleTopicLead "1.5"^^xsd:decimal'),
        text.replace('pk:soleTopicLead "0.7"^^xsd:decimal', 'pk:soleTopicLead "high"'),
        text.replace('    pk:soleTopicLead "0.7"^^xsd:decimal ;\n', ""),
    ):
        assert broken != text
        graph = rdflib.Graph().parse(data=broken, format="turtle")
        conforms, _graph, report = pyshacl.validate(graph, shacl_graph=shapes)
        assert not conforms and "soleTopicLead" in report


def test_a_pandemic_question_citing_the_who_is_not_about_multilateralism() -> None:
    # check/t1771576.html#7 (topics-check): the WHO named in passing, in the question and in the answer.
    cited = topics(
        (
            "US White House Trade Adviser Peter Navarro said during a recent interview that the Chinese hid the virus "
            "behind the shield of the World Health Organization, and hoarded personal protective equipment which "
            "they are now profiteering from. Do you have any comment?",
            "Since the outbreak of COVID-19, in an open, transparent and responsible spirit, China has been providing "
            "timely updates to WHO and the international community, engaging in international cooperation and "
            "providing support and donation to other countries to the best of its capacity. This is a fact "
            "witnessed by all.\nIt is even more ridiculous to say China hoards personal protective equipment. "
            "According to the incomplete statistics from Chinese customs, China provided the US with 1.864 billion "
            "masks and 156 invasive ventilators.\nWe urge Navarro to stop spreading rumors and shifting "
            "responsibilities. They should be focusing on fighting the virus at home.",
        )
    )
    assert [t.topic for t in cited] == ["covid19"]
    # The WHO as an institution, named again and again, still is.
    institution = topics(
        (
            "The US has halted its funding to the WHO. What is your comment?",
            "The WHO is the most authoritative international institution in global public health. Supporting the "
            "WHO is supporting international cooperation. The WHO deserves the support of all countries.",
        )
    )
    assert "multilateralism" in [t.topic for t in institution]


def test_an_outlet_named_as_the_source_of_a_report_is_not_its_subject() -> None:
    # t1595908.html#4 (tuning gold)
    found = topics(
        (
            "The Wall Street Journal has reported that China might be considering skipping out trade talks if the US "
            "was to bring in the next round of tariffs. Could you comment on that?",
            "If the US imposes any additional tariffs on China, we will have to take necessary countermeasures.",
        )
    )
    assert "trade_economy" in [t.topic for t in found]
    assert "media" not in [t.topic for t in found]
    # Journalists are still the media topic, whoever employs them.
    assert "media" in [t.topic for t in topics(("Why was the CNN journalist's visa not renewed?", "No comment."))]


def test_huawei_named_as_meng_wanzhous_employer_is_her_case() -> None:
    # t1619623.html#2 (tuning gold)
    found = [
        t.topic
        for t in topics(
            (
                "Whether the detention of Meng Wanzhou, the chief financial officer of Huawei, might affect the "
                "ongoing trade negotiations between China and the US?",
                "The consultations are going on.",
            )
        )
    ]
    assert "legal_cases" in found and "technology" not in found
    assert "technology" in [t.topic for t in topics(("Will the UK let Huawei build its 5G network?", "No comment."))]


def test_counter_terrorism_argued_for_the_xinjiang_policy_is_xinjiang() -> None:
    # 001_c898893308e39e3b.txt#12 (tuning gold), t1684227.html#2 (topics-dev): the answer defends the policy.
    found = topics(
        (
            "What is your response to the criticism of China's policies in Xinjiang?",
            "Xinjiang has adopted counter-terrorism and de-radicalization measures in accordance with law. "
            "Xinjiang once suffered from violent terrorist attacks. The counter-terrorism and de-radicalization "
            "measures have worked: there has been no violent terrorist case in Xinjiang for years. Terrorism and "
            "extremism are the common enemy of mankind.",
        )
    )
    assert [t.topic for t in found] == ["xinjiang"]


def _zh(question: str, answer: str) -> list[str]:
    b = zh_briefing((question, answer))
    mentions, _ = extract_zh_entities(b)
    return [t.topic for t in extract_zh_topics(b, mentions)]


def test_chinese_cues_weak_where_their_english_ones_are() -> None:
    # 使馆 (embassy), 会见 (meet), 边界 (border) are weak, as "~embassy", "~meet", "~border" are: a passing mention
    # is no topic, not even the sole one (t1636893.html#1, t1595813.html#2 of the Chinese originals).
    assert _zh("梅德韦杰夫专门去中国驻俄罗斯使馆做客。中方对此有何评论？", "这体现了两国人民之间的深厚友谊。") == []
    assert _zh("老挝和柬埔寨就解决两国边界争议达成共识。中方对此有何评论？", "中方乐见双方达成共识。") == []
    # One ordinary cue in the question is the sole topic, as in English (t1636893.html#11: 航班, flights).
    assert _zh("一架新西兰航空航班在飞往中国的途中返航。你能否提供更多信息？", "你可以去问民航部门。") == [
        "consular_affairs"
    ]


def test_a_chinese_scheme_without_the_settings_gives_no_sole_topic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    text = (folder / "topics.ttl").read_text(encoding="utf-8")
    (folder / "topics.ttl").write_text(text.replace('pk:soleTopicMinScore "2.0"^^xsd:decimal ;', ""))
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(folder))
    assert _zh("一架新西兰航空航班在飞往中国的途中返航。你能否提供更多信息？", "你可以去问民航部门。") == []


def test_iran_named_is_the_country_not_the_nuclear_issue() -> None:
    # t1694560.html#1 (tuning gold): investment in Iran's oil and gas.
    found = topics(
        (
            "According to reports, China will invest 280 billion dollars to develop Iran's oil and gas and "
            "petrochemical sectors and China will invest another 120 billion dollars to upgrade Iran's transport and "
            "manufacturing infrastructure. Can you confirm this report and offer some details?",
            "I'm not aware of what you said. What I can tell you is that China and Iran enjoy friendly relations and "
            "our two countries conduct friendly and mutually beneficial cooperation in various fields within the "
            "framework of international law.",
        )
    )
    assert "iran_nuclear" not in [t.topic for t in found]
    nuclear = topics(("Iran says it will resume uranium enrichment beyond the JCPOA limits. Any comment?", "No."))
    assert [t.topic for t in nuclear] == ["iran_nuclear"]


def test_cues_named_in_passing_are_ordinary() -> None:
    # 000_921da15b2d4a4fd7.txt#7 (tuning gold): "human rights" is New Zealand's reason for a boycott of the Games.
    found = topics(
        (
            "When answering questions from reporters, the New Zealand Minister of Trade stated that New Zealand has "
            "always been firm on human rights and will not send government officials to attend the Beijing Winter "
            "Olympics.\nWhat is the Chinese government's response to this?",
            "The Beijing Winter Olympics is a grand event for athletes and snow sports enthusiasts from all over the "
            "world. We welcome athletes from all over the world, including New Zealand, to participate in the Beijing "
            "Winter Olympics. The movement is politicized.",
        )
    )
    assert [t.topic for t in found] == ["olympics_sports"]
    # t1653978.html#5: a president arrested in a coup is the coup, not a legal case.
    coup = topics(
        (
            "A military coup unfolded in Sudan. The Sudanese Defense Ministry said that President Omar al-Bashir was "
            "arrested. What's China's view on the situation in Sudan?",
            "We have been closely following the development of the situation in Sudan.",
        )
    )
    assert "legal_cases" not in [t.topic for t in coup]
    # Alone in a question, the same cue is still its subject.
    assert [(t.topic, t.rule) for t in topics(("Any comment on the report on human rights?", "No."))] == [
        ("human_rights", SOLE_RULE)
    ]


def test_nato_named_as_a_party_to_a_call_is_not_security() -> None:
    # topics-dev t1764277.html#3: NATO's Secretary General named as the other party of a call on disinformation.
    found = topics(
        (
            "The US State Department Spokesperson said yesterday that Secretary Pompeo spoke with NATO Secretary "
            "General Jens Stoltenberg and discussed the importance of countering efforts by China to spread "
            "disinformation and propaganda related to the virus. I wonder if you have a comment?",
            "Since the epidemic broke out, China, in an open, transparent and responsible manner, has been providing "
            "timely updates to WHO and countries around the world including the US. Some US officials are accusing "
            "China of disinformation campaigns, I wonder if they could point out what information is not true?",
        )
    )
    assert "security_defense" not in [t.topic for t in found]
    exercises = topics(("NATO will hold military exercises near the Russian border. Any comment?", "No comment."))
    assert [t.topic for t in exercises] == ["security_defense"]
