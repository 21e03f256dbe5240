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


def test_entity_mentions_are_evidence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A scheme whose only link from the text to the topic is the entity relation, not a cue phrase.
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
