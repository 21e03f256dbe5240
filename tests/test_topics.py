"""Topics: the SKOS scheme in ontology/topics.ttl and the cue-scored assignment, on real questions and answers."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import OntologyError
from kg.extract.topics import extract_topics, load_topic_lexicon
from kg.gazetteer import ontology_dir
from kg.types import EntityKind, Mention
from tests._build import briefing, corpus_pages, mentions, read_page

# fmt: off
VOCABULARY_TOPICS = [
    "taiwan", "hong_kong", "xinjiang", "tibet", "south_china_sea", "east_china_sea", "korean_peninsula",
    "iran_nuclear", "afghanistan", "ukraine", "middle_east", "china_india", "covid19", "trade_economy", "technology",
    "cyberspace", "human_rights", "democracy", "media", "sanctions", "olympics_sports", "climate_environment",
    "diplomatic_visits", "multilateralism", "development_cooperation", "consular_affairs", "security_defense",
    "arms_control", "anti_corruption", "legal_cases",
]
# fmt: on

# One real question per topic (the first sentence of a corpus or seed question).
QUESTIONS = {
    "taiwan": "According to reports, on May 16, US Senator Marco Rubio said at a hearing of the Senate Foreign "
    'Relations Committee that Paraguay may be the next country to cut off its "diplomatic ties" with Taiwan.',
    "hong_kong": "It is reported that the US Department of State has submitted the Hong Kong Policy Act Report to "
    "the Congress.",
    "xinjiang": "UN experts reportedly criticized China's policy in Xinjiang yesterday.",
    "tibet": "The US Congress has voted to demand access for US diplomats, journalists and tourists to Tibet.",
    "south_china_sea": "According to reports, the US lately mentioned the so-called China's militarization in the "
    'South China Sea on several occasions and said that it would continue with its "freedom of navigation operation".',
    "east_china_sea": "Japan is going to describe Diaoyu Dao as part of its territory in textbooks for high school "
    "students.",
    "korean_peninsula": "It is reported that the DPRK-US summit will be held in Singapore on June 12.",
    "iran_nuclear": "It is reported that Iran, China, Russia, France, Germany, and the UK will attend a meeting of the "
    "Joint Commission of the Joint Comprehensive Plan of Action (JCPOA) in Vienna on May 25.",
    "afghanistan": "On June 7, Afghan President Ashraf Ghani announced a temporary ceasefire with the Taliban from "
    "June 12 to 20 as a way to implement a fatwa issued on June 4 by the Afghan Ulema Council.",
    "ukraine": "According to the Russian Federal Security Service, three Ukrainian naval ships reached the Russian "
    "border on Sunday morning in the Black Sea.",
    "middle_east": "On May 14, the US Embassy in Israel was relocated from Tel Aviv to Jerusalem.",
    "china_india": "Indian Prime Minister Narendra Modi said in his keynote speech at the Shangri-La Dialogue that "
    "Asia and the world will have a better future when India and China work together with trust and confidence.",
    "covid19": "Can you share with us any new details on how China is coordinating with other countries to prevent "
    "the spread of the new coronavirus?",
    "trade_economy": "Several US officials have indicated that the agreement reached between China and the US on "
    "trade issues just represents a temporary truce.",
    "technology": "The US social network giant Facebook said yesterday that it is cooperating with four Chinese "
    "companies including Huawei on information sharing.",
    "cyberspace": "US officials said that China has hacked Hilary Clinton's emails.",
    "human_rights": "The US Department of State recently released its 2017 Annual International Religious Freedom "
    "Report.",
    "democracy": "According to reports, the United States plans to push the participating countries to reach a "
    'consensus on the "Future Internet Alliance" during the "Leaders\' Democracy Summit."',
    "media": "The reporter for the US website BuzzFeed Megha Rajagopalan says that the Chinese government has "
    "cancelled her visa, her journalist visa in China.",
    "sanctions": "The US Department of State released a statement on August 27, announcing the US sanctions against "
    "Russia over the poisoning of a former spy in the United Kingdom went into effect the same day.",
    "olympics_sports": "There is much talk of postponing the Tokyo Olympics.",
    "climate_environment": "What outcomes have been reached at the just concluded 2018 UN climate change conference "
    "(COP24) in Katowice?",
    "diplomatic_visits": "You just announced State Councilor and Foreign Minister Wang Yi's upcoming visit to France.",
    "multilateralism": "The World Health Assembly (WHA) this year has decided not to include the Taiwan-related "
    "proposal in its supplementary agenda.",
    "development_cooperation": "Yesterday, China and Trinidad and Tobago signed a memorandum of understanding on "
    "jointly advancing the Silk Road Economic Belt and the 21st Century Maritime Silk Road.",
    "consular_affairs": "Is there any update on the health of the Chinese national who was injured in the Paris knife "
    "attack over the weekend?",
    "security_defense": "According to reports, on May 13, suicide terrorist attacks hit three churches in Surabaya, "
    "which is located in the province of East Java of Indonesia, killing at least 13 people and injuring 43 others.",
    "arms_control": "According to reports, the DPRK announced on May 24 that it had demolished the Punggye-ri nuclear "
    "test site.",
    "anti_corruption": "Yesterday, we saw on the website of the Foreign Ministry a list of corruption fugitives and "
    "their relevant information released by China's Central Anti-Corruption Coordination Group.",
    "legal_cases": "According to reports, after the Canadian government arrested Ms. Meng Wanzhou, the chief "
    "financial officer of Huawei, the spokesperson of the Chinese Embassy in Canada has issued a statement about this.",
}


def topics_of(question: str, answer: str | None = None, **kw: object) -> list[str]:
    b = briefing([(question, answer)])
    return [t.topic for t in extract_topics(b, mentions(b))]


def test_scheme_has_the_thirty_topics_of_the_vocabulary() -> None:
    quads = list(ox.parse((ontology_dir() / "topics.ttl").read_bytes(), ox.RdfFormat.TURTLE))
    skos = "http://www.w3.org/2004/02/skos/core#"
    topic_class = ox.NamedNode("https://w3id.org/presskg/ontology#Topic")
    subjects = {q.subject for q in quads if q.predicate.value.endswith("#type") and q.object == topic_class}
    assert len(subjects) == 30
    for s in subjects:
        props = {q.predicate.value for q in quads if q.subject == s}
        for needed in ("notation", "prefLabel", "definition", "inScheme"):
            assert skos + needed in props, (s, needed)
        assert "https://w3id.org/presskg/ontology#cue" in props
        notation = next(q.object.value for q in quads if q.subject == s and q.predicate.value == skos + "notation")
        assert s.value == f"https://w3id.org/presskg/id/topic/{notation}"
    assert sorted(load_topic_lexicon().topics) == sorted(VOCABULARY_TOPICS)


@pytest.mark.parametrize("topic", VOCABULARY_TOPICS)
def test_each_topic_on_a_real_question(topic: str) -> None:
    assert topic in topics_of(QUESTIONS[topic])


def test_one_to_three_topics_and_cues_with_offsets() -> None:
    q = QUESTIONS["xinjiang"]
    a = (
        "The so-called Xinjiang-related issue is not about human rights, ethnicity or religion at all, but about "
        "combating violent terrorism and separatism. The vocational education and training centers in Xinjiang "
        "are schools that help people free themselves from extremist thoughts."
    )
    b = briefing([(q, a)])
    assigned = extract_topics(b, mentions(b))
    assert 1 <= len(assigned) <= 3
    assert assigned[0].topic == "xinjiang"
    texts = {t.key: t.text for t in b.turns()}
    for t in assigned:
        assert t.unit == "e1" and t.cues and t.score > 0
        for cue in t.cues:
            assert texts[cue.turn][cue.start : cue.end] == cue.text


def test_a_word_once_in_a_long_answer_is_not_a_topic() -> None:
    q = (
        "What's China's response to the US House of Representatives passing the Hong Kong Human Rights and "
        "Democracy Act?"
    )
    a = (
        "Hong Kong is China's Hong Kong, and Hong Kong affairs are purely China's internal affairs. "
        "The Hong Kong SAR government is handling the situation in accordance with law. "
        "Any attempt to interfere in Hong Kong affairs is doomed to fail. "
        "Such moves will also harm the interests of US businesses, including in trade with Hong Kong."
    )
    found = topics_of(q, a)
    assert found[0] == "hong_kong"
    assert "trade_economy" not in found


def test_the_question_says_what_the_exchange_is_about() -> None:
    # The answer's opening courtesy names no topic; the question decides.
    found = topics_of(
        QUESTIONS["olympics_sports"],
        "I have noted the relevant reports. China's position is consistent and clear.",
    )
    assert found == ["olympics_sports"]


def test_case_sensitive_acronyms() -> None:
    assert "multilateralism" in topics_of("What is your comment on the WHO's decision on the WHO investigation?")
    assert "multilateralism" not in topics_of("Who will attend the meeting, and who will lead the team?")


def test_statements_get_topics_too() -> None:
    s = (
        "At the invitation of Foreign Minister Wang Yi, Foreign Minister Sergey Lavrov of the Russian Federation "
        "will pay an official visit to China from May 4 to 6."
    )
    b = briefing(statements=[s])
    assert [(t.unit, t.topic) for t in extract_topics(b)] == [("s1", "diplomatic_visits")]


def scheme_settings() -> str:
    """The ``pk:Topics`` node of the shipped scheme (its scoring settings), with the prefixes it needs."""
    text = (ontology_dir() / "topics.ttl").read_text(encoding="utf-8")
    start = text.index("pk:Topics a skos:ConceptScheme")
    prefixes = [line for line in text[:start].splitlines() if line.startswith("@prefix")]
    return "\n".join(prefixes) + "\n" + text[start : text.index(" .\n", start) + 3]


def test_entity_mentions_are_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A scheme whose only link from the text to the topic is the entity relation, not a cue phrase.
    (tmp_path / "settings.ttl").write_text(scheme_settings())
    (tmp_path / "topics.ttl").write_text(
        """
        @prefix pk: <https://w3id.org/presskg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <https://w3id.org/presskg/id/topic/xinjiang> a pk:Topic ; skos:notation "xinjiang" ;
            pk:cue "!vocational education and training" ;
            dcterms:relation <https://w3id.org/presskg/id/place/xinjiang> .
        """
    )
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(tmp_path))
    b = briefing([("What is your comment on the remarks about the Xinjiang Uygur Autonomous Region?", None)])
    text = b.exchanges[0].question.text
    start = text.index("the Xinjiang Uygur Autonomous Region")
    mention = Mention("e1q", start, start + 36, text[start : start + 36], EntityKind.PLACE, "xinjiang", "gazetteer")
    assert extract_topics(b) == ()
    (assigned,) = extract_topics(b, [mention])
    assert assigned.topic == "xinjiang"
    assert [c.text for c in assigned.cues] == ["the Xinjiang Uygur Autonomous Region"]


def test_malformed_cue_is_an_ontology_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "topics.ttl").write_text(
        "@prefix pk: <https://w3id.org/presskg/ontology#> .\n"
        '<https://w3id.org/presskg/id/topic/x> a pk:Topic ; pk:cue "!" .\n'
    )
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(tmp_path))
    with pytest.raises(OntologyError) as err:
        extract_topics(briefing([("Anything?", None)]))
    assert err.value.code == "E521"


def test_deterministic() -> None:
    b = briefing([(QUESTIONS["legal_cases"], QUESTIONS["technology"])])
    assert extract_topics(b, mentions(b)) == extract_topics(b, mentions(b))


@pytest.mark.corpus
def test_cue_offsets_over_the_corpus(corpus_dir: Path) -> None:
    units = assigned = 0
    started = time.perf_counter()
    for path in corpus_pages(corpus_dir):
        b = read_page(path)
        texts = {t.key: t.text for t in b.turns()}
        units += len(b.exchanges) + len(b.statements)
        for t in extract_topics(b, mentions(b)):
            assigned += 1
            assert t.cues
            for cue in t.cues:
                assert texts[cue.turn][cue.start : cue.end] == cue.text
    print(f"\ntopics: {assigned} assignments over {units} units in {time.perf_counter() - started:.2f}s")
    assert assigned > units  # most exchanges are about something


def test_entity_relations_name_gazetteer_entries() -> None:
    # A relation to an IRI no gazetteer defines would silently never fire.
    import re

    from kg.extract.entities import country_gazetteer
    from kg.gazetteer import load_gazetteer, ontology_dir
    from kg.rdf import entity_iri
    from kg.types import EntityKind

    known = {entity_iri(kind, key).value for kind in EntityKind for key in load_gazetteer(kind)}
    known |= {entity_iri(EntityKind.COUNTRY, key).value for key in country_gazetteer()}
    text = (ontology_dir() / "topics.ttl").read_text(encoding="utf-8")
    related = set(re.findall(r"dcterms:relation\s+<([^>]+)>", text))
    related |= set(re.findall(r",\s*<(https://w3id\.org/presskg/id/[^>]+)>", text))
    assert related, "topics.ttl relates no entity to a topic"
    assert sorted(related - known) == []


# --- the question leads; the answer's tail, phrases inside other cues and follow-ups (real corpus exchanges) ------

FTA_QUESTION = (
    "Yesterday, China and Singapore inked the protocol on upgrading the China-Singapore Free Trade Agreement. What "
    "do you think is the significance of signing the document at this point?"
)
FTA_ANSWER = (
    "Yesterday, Premier Li Keqiang who is on a visit in Singapore and Singaporean Prime Minister Lee Hsien Loong "
    "witnessed the signing of the protocol on upgrading the China-Singapore Free Trade Agreement. The official from "
    "the Department of International Trade and Economic Affairs of the Ministry of Commerce has elaborated on that. "
    "Here I would like to stress the following three points.\n"
    "First, the signing of the protocol will further unleash the potential of bilateral economic and trade "
    "cooperation.\n"
    "Second, the protocol incorporated the cooperation on the Belt and Road Initiative for the first time, "
    "emphasizing that the Belt and Road Initiative is of great importance to deepening bilateral cooperation "
    "across the board, achieving the goal of common development.\n"
    "Third, the signing of the protocol demonstrates the positive attitude and resolve of China and Singapore to "
    "firmly support free trade and economic globalization with concrete actions."
)


def test_a_topic_only_the_answer_raises_in_passing_does_not_count() -> None:
    # The question is about a trade agreement; the Belt and Road is one point of the answer's middle.
    assert topics_of(FTA_QUESTION, FTA_ANSWER) == ["trade_economy"]
    # Where the question itself names the second subject, it counts.
    question = FTA_QUESTION.replace("What do you", "Is it linked to the Belt and Road? What do you")
    assert set(topics_of(question, FTA_ANSWER)) == {"trade_economy", "development_cooperation"}


def test_where_the_question_names_no_topic_the_answer_decides() -> None:
    found = topics_of(
        "Could you give us more details?",
        "The Chinese government has sent medical teams to Italy, Serbia and Cambodia, and donated medical supplies "
        "to help them fight the COVID-19 pandemic.",
    )
    assert found[:2] == ["covid19", "development_cooperation"]


def test_second_subject_of_a_question_is_not_drowned_by_the_first() -> None:
    q = (
        "What is the reckoning of China to the situation with Huawei and the decision of the US Commerce "
        "Department? Is it the next step of a trade war?"
    )
    a = (
        "Are you referring to the US Commerce Department's decision to add Huawei and its affiliates to its "
        "so-called Entity List? China has taken note of this decision. We ask our companies to follow the laws and "
        "regulations on export control. But at the same time, we oppose the act of any country to impose "
        "unilateral sanctions on Chinese entities based on its domestic laws, and to abuse export control measures "
        'while making "national security" a catch-all phrase. We urge the US to stop its wrong practices, create '
        "conditions for Chinese and American companies to carry out normal trade and cooperation, and avoid "
        "causing more damage to bilateral economic and trade ties."
    )
    assert set(topics_of(q, a)) == {"technology", "sanctions", "trade_economy"}


def test_a_phrase_inside_a_longer_cue_of_another_topic_means_that_topic() -> None:
    q = (
        "As President of the UN Security Council for the month of March, how will China discharge its duties and "
        "what kind of role will it play? What are the priorities?"
    )
    a = (
        "China has assumed Presidency of the UN Security Council for March. This month, the Security Council will "
        "discuss regional hotspot issues. Faced with the fluid and complex international landscape, the world needs "
        "multilateralism and a stronger UN and Security Council more than ever."
    )
    assert topics_of(q, a) == ["multilateralism"]
    # "visa" inside "visa restrictions": retaliation, not consular business.
    found = topics_of("What is your comment on the visa restrictions the US announced on Chinese officials?")
    assert "sanctions" in found and "consular_affairs" not in found


def test_words_that_only_begin_like_a_cue_do_not_fire() -> None:
    # "important" is no import, "exercise restraint" no military exercise.
    assert (
        topics_of(
            "How does China look at the report from the Netherlands?",
            "The Netherlands is one of China's most important partners in the EU. China attaches high importance to "
            "our bilateral relations.",
        )
        == []
    )
    found = topics_of(
        "According to reports, Yemeni Houthi forces launched an attack on a civilian airport that injured 26 people "
        "in Saudi Arabia on Wednesday. What's your comment?",
        "China condemns the attack against civilians and civilian infrastructure. We hope relevant parties will stay "
        "calm, exercise restraint and avoid any move that may escalate the tensions in the region.",
    )
    assert found == ["middle_east"]


def test_a_follow_up_question_continues_the_previous_subject() -> None:
    first = (
        "The International Crisis Group's statement indicates that the Ministry of State Security detained Michael "
        "Kovrig. Does that indicate that the charges likely brought forth against him are espionage-related?",
        "First of all, on this case that has been reported by the media, I have no information to offer.",
    )
    follow_up = (
        "Are you saying that the ICG has not registered in China as an NGO?",
        "I have made my point clear. It has not registered in the mainland of China as required by law.",
    )
    b = briefing([first, follow_up])
    assigned = extract_topics(b, mentions(b))
    by_unit = {(t.unit, t.topic): t for t in assigned}
    assert ("e1", "legal_cases") in by_unit and ("e2", "legal_cases") in by_unit
    inherited = by_unit[("e2", "legal_cases")]
    assert inherited.rule == "topics/follow-up"
    assert all(c.turn.startswith("e1") for c in inherited.cues)  # the evidence is where it was said
    # Without a follow-up phrase, a question that names no topic stays without one.
    b = briefing([first, ("Does the Chinese government have any comment on the new era name?", "No.")])
    assert {t.unit for t in extract_topics(b, mentions(b))} == {"e1"}


def test_follow_up_phrases_come_from_the_reading_cues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the reading cues in the ontology folder, no question continues another.
    b = briefing([(QUESTIONS["legal_cases"], None), ("Are you saying that this is not true?", None)])
    units, source = {}, ontology_dir()
    for name, files in {"topics only": ("topics.ttl",), "with reading cues": ("topics.ttl", "reading.ttl")}.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        for file in files:
            (folder / file).write_text((source / file).read_text(encoding="utf-8"))
        monkeypatch.setenv("PRESSKG_ONTOLOGY", str(folder))
        units[name] = {t.unit for t in extract_topics(b, mentions(b))}
    assert units == {"topics only": {"e1"}, "with reading cues": {"e1", "e2"}}
