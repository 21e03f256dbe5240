"""Entity mentions: each rule and its traps on real sentences from the seeds and the corpus pages, offsets over
the whole corpus, and the speed of the extractor (printed, not asserted)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import time
from pathlib import Path

import pytest

from kg.errors import OntologyError
from kg.extract.entities import country_gazetteer, extract_entities, find_mentions, load_entity_lexicon
from kg.gazetteer import ontology_dir
from kg.types import Briefing, EntityKind, Exchange, Layout, Mention, Role, Source, Statement, Turn

COUNTRY, PLACE, ORG, PERSON, OUTLET = (
    EntityKind.COUNTRY,
    EntityKind.PLACE,
    EntityKind.ORGANIZATION,
    EntityKind.PERSON,
    EntityKind.OUTLET,
)


def mentions(text: str, **kwargs: object) -> tuple[Mention, ...]:
    found = find_mentions(Turn(Role.ANSWER, 1, "Geng Shuang", text), **kwargs)  # type: ignore[arg-type]
    for m in found:
        assert text[m.start : m.end] == m.text
    return found


def keys(text: str, kind: EntityKind | None = None) -> list[str]:
    return [m.key for m in mentions(text) if kind is None or m.kind is kind]


def briefing(*turn_texts: tuple[Role, str]) -> Briefing:
    statements, exchanges, question = [], [], None
    for role, text in turn_texts:
        if role is Role.STATEMENT:
            statements.append(Statement(len(statements) + 1, Turn(role, len(statements) + 1, "Geng Shuang", text)))
        elif role is Role.QUESTION:
            question = Turn(role, len(exchanges) + 1, None, text)
        else:
            assert question is not None
            exchanges.append(Exchange(len(exchanges) + 1, question, Turn(role, len(exchanges) + 1, "Geng", text), None))
    return Briefing(
        "test",
        Source("t.txt", "t.txt", "0"),
        Layout.TEXT,
        "t",
        dt.date(2019, 5, 1),
        False,
        "Geng Shuang",
        "MFA",
        tuple(statements),
        tuple(exchanges),
    )


# --- case, word bounds and the pronoun "us" ---------------------------------------------------------------


def test_us_the_pronoun_never_matches_us_the_state() -> None:
    text = (
        "If the US side officially informs us of the latest case, China will carry out necessary investigations "
        "in the same responsible and earnest manner."
    )
    found = mentions(text)
    assert [(m.text, m.key) for m in found] == [("US", "USA"), ("China", "CHN")]


def test_acronym_who_is_matched_in_capitals_only() -> None:
    text = (
        "Gauden Galea, who is the WHO representative in China, told Sky News that despite asking repeatedly, "
        "the WHO hadn't been invited by China to take part in those investigations."
    )
    assert [m.text for m in mentions(text) if m.kind is ORG] == ["WHO", "WHO"]


def test_us_with_full_stops_and_the_united_states_from_the_seed() -> None:
    text = (
        "The relevant report you mentioned is another example of the U.S. politicizing, instrumentalizing, and "
        'weaponizing democracy. The so-called "Future Internet Alliance" promoted by the United States is another '
        "example."
    )
    found = [m for m in mentions(text) if m.kind is COUNTRY]
    assert [(m.text, m.key) for m in found] == [("U.S.", "USA"), ("United States", "USA")]


def test_lower_case_common_words_are_not_states() -> None:
    assert keys("We had turkey and a chad of paper; the guinea pig ate the china.") == []


# --- demonyms -------------------------------------------------------------------------------------------


def test_demonym_names_the_state_before_a_noun_but_not_before_people() -> None:
    text = (
        "It is reported that WSJ sent another letter to the Chinese side, acknowledging that its insulting article "
        "has roused wide indignation among the Chinese people and it is troubled by that."
    )
    found = [m for m in mentions(text) if m.kind is EntityKind.COUNTRY]
    assert [(m.text, m.key, m.rule) for m in found] == [("Chinese", "CHN", "demonym")]
    assert text[found[0].start : found[0].start + 12] == "Chinese side"
    outlets = [m.key for m in mentions(text) if m.kind is EntityKind.OUTLET]
    assert outlets == ["wall-street-journal"]  # the outlet gazetteer knows "WSJ"


def test_demonym_american_politicians_from_the_seed() -> None:
    text = (
        "On the one hand, individual American politicians advocated the realization of fairness and equality "
        'and the construction of a so-called "clean network."'
    )
    assert [(m.text, m.key, m.rule) for m in mentions(text)] == [("American", "USA", "demonym")]


def test_demonym_as_a_language_is_not_a_state() -> None:
    text = "The white paper is available in five languages, including Chinese, Uygur and Kazak."
    assert keys(text) == []
    assert keys("I'd like to ask my question in Chinese.") == []


def test_nationals_named_by_plural_demonym() -> None:
    text = "Q: Following the detention of the two Canadians, have they already been given consular access?"
    assert keys(text) == ["CAN"]


def test_indian_ocean_is_a_place_not_india() -> None:
    text = (
        "China and Sri Lanka will stay committed to advancing the cooperation on the project of the Hambantota Port "
        "in a bid to make Sri Lanka the logistics hub of the Indian Ocean."
    )
    found = mentions(text)
    assert "IND" not in [m.key for m in found]
    assert [(m.text, m.kind) for m in found if m.kind is PLACE] == [
        ("Hambantota Port", PLACE),
        ("Indian Ocean", PLACE),
    ]


def test_latin_american_names_no_state() -> None:
    text = "A: Argentina is a major Latin American country and an important emerging market, chair of the G20 in 2018."
    assert keys(text) == ["ARG", "g20"]


# --- names that hide in others --------------------------------------------------------------------------


def test_georgia_is_the_state() -> None:
    text = (
        "The Foreign Ministry had a video conference with COVID-19 experts from Azerbaijan, Belarus, Georgia, "
        "Moldova, Armenia, Turkmenistan and the SCO Secretariat."
    )
    assert keys(text) == ["AZE", "BLR", "GEO", "MDA", "ARM", "TKM", "sco"]


def test_turkey_and_turkiye_are_one_state() -> None:
    assert keys("China stands ready to work with Turkey to move forward the China-Turkey strategic relationship.") == [
        "CHN",
        "TUR",
        "CHN",
        "TUR",
    ]
    assert keys("Türkiye and Turkiye") == ["TUR", "TUR"]


def test_the_two_congos() -> None:
    text = (
        "Q: On July 13, the Democratic Republic of the Congo's Health Ministry issued an official statement. "
        "The leaders of Ethiopia, the Republic of the Congo and other African countries have already said so. "
        "Did China help the DRC in dealing with that?"
    )
    assert keys(text, COUNTRY) == ["COD", "ETH", "COG", "CHN", "COD"]


def test_koreas_and_the_peninsula() -> None:
    text = (
        "After the accident, the Foreign Ministry and the Chinese Embassy in the Republic of Korea immediately "
        "activated the emergency response mechanism. Minister of Foreign Affairs of the Democratic People's Republic "
        "of Korea Ri Yong-ho will visit China. We hope for lasting peace on the Korean Peninsula and a political "
        "settlement of the Peninsula issue."
    )
    found = mentions(text)
    assert [m.key for m in found if m.kind is COUNTRY] == ["CHN", "KOR", "PRK", "CHN"]
    assert [m.key for m in found if m.kind is PLACE] == ["korean-peninsula", "korean-peninsula"]
    assert [m.key for m in found if m.kind is PERSON] == ["ri-yong-ho"]


def test_taiwan_hong_kong_macao_are_places_never_countries() -> None:
    text = (
        "China firmly opposes any official contacts between the US and China's Taiwan region, and interference in "
        "the affairs of the Hong Kong SAR and Macao."
    )
    found = mentions(text)
    assert [(m.key, m.kind) for m in found if m.kind is PLACE] == [
        ("taiwan", PLACE),
        ("hong-kong", PLACE),
        ("macao", PLACE),
    ]
    states = country_gazetteer()
    assert not {"TWN", "HKG", "MAC", "PRI", "GRL"} & set(states)
    assert len(states) == 195
    lexicon = load_entity_lexicon()
    assert lexicon.entities[(PLACE, "taiwan")].label == "Taiwan"
    assert (PLACE, "greenland") in lexicon.entities  # an ISO territory becomes a place


def test_new_zealand_is_not_zealand_and_niger_is_not_nigeria() -> None:
    text = (
        "China appreciates Prime Minister Jacinda Ardern's positive remarks on deepening China-New Zealand relations."
    )
    assert keys(text, COUNTRY) == ["CHN", "CHN", "NZL"]
    assert keys("Niger is an important Western African country. Q: Nigeria is going to hold its elections.") == [
        "NER",
        "NGA",
    ]


def test_guineas() -> None:
    text = (
        "Papua New Guinea, Equatorial Guinea and Guinea-Bissau attended, while the Independent National Electoral "
        "Commission of Guinea announced the result; piracy in the Gulf of Guinea."
    )
    assert keys(text) == ["PNG", "GNQ", "GNB", "GIN", "gulf-of-guinea"]


def test_jordan_the_state_and_the_jordan_valley() -> None:
    text = "Saudi Arabia, Jordan, the UAE and the Arab League all condemned the plan to annex the Jordan Valley."
    assert keys(text) == ["SAU", "JOR", "ARE", "arab-league", "jordan-valley"]


# --- compounds ------------------------------------------------------------------------------------------


def test_compounds_of_states_and_organisations() -> None:
    text = (
        "Our two sides will exchange views on China-France relations, China-EU relations, the Sino-Indian border "
        "and the DPRK-US summit."
    )
    found = mentions(text)
    assert [(m.text, m.key, m.rule) for m in found] == [
        ("China", "CHN", "compound"),
        ("France", "FRA", "compound"),
        ("China", "CHN", "compound"),
        ("EU", "eu", "compound"),
        ("Sino", "CHN", "compound"),
        ("Indian", "IND", "compound"),
        ("DPRK", "PRK", "compound"),
        ("US", "USA", "compound"),
    ]
    assert found[3].kind is ORG


def test_a_hyphenated_word_is_not_a_compound() -> None:
    found = mentions("The United States has repeatedly used Xinjiang-related issues to spread rumors.")
    assert [(m.key, m.rule) for m in found] == [("USA", "gazetteer"), ("xinjiang", "gazetteer")]


def test_blocked_phrase_national_security_council_is_not_the_unsc() -> None:
    text = "The 13th meeting of the Shanghai Cooperation Organization (SCO) National Security Council Secretaries."
    assert keys(text) == ["sco", "sco"]


def test_a_word_that_is_a_place_only_with_its_accents_or_in_lower_case_is_no_place() -> None:
    # "Reunion" opening a sentence is the English noun; the island is written "Réunion".
    assert keys("Reunion of separated families will resume next month.", EntityKind.PLACE) == []
    assert keys("France sent a frigate to Réunion.", EntityKind.PLACE) == ["reunion"]
    # "TAIPEI" in capitals is the acronym of a US act, not the city.
    assert keys("The US President signed the TAIPEI Act.", EntityKind.PLACE) == []
    assert keys("Tsai Ing-wen met the delegation in Taipei.", EntityKind.PLACE) == ["taipei"]


# --- people ---------------------------------------------------------------------------------------------


def test_titled_name_unknown_to_the_gazetteer_serves_the_state_after_of() -> None:
    text = (
        "At the invitation of President Xi Jinping, President Mahamadou Issoufou of the Republic of Niger will pay "
        "a state visit to China. Prime Minister of Georgia Mamuka Bakhtadze and Prime Minister of Malta Joseph "
        "Muscat will attend."
    )
    people = [m for m in mentions(text) if m.kind is PERSON]
    assert [(m.text, m.key, m.rule) for m in people] == [
        ("Xi Jinping", "xi-jinping", "gazetteer"),
        ("Mahamadou Issoufou", "mahamadou-issoufou", "titled-name"),
        ("Mamuka Bakhtadze", "mamuka-bakhtadze", "titled-name"),
        ("Joseph Muscat", "joseph-muscat", "titled-name"),
    ]
    _, entities = extract_entities(briefing((Role.STATEMENT, text)))
    serves = {e.key: e.country for e in entities if e.kind is PERSON}
    assert serves == {
        "xi-jinping": "CHN",
        "mahamadou-issoufou": "NER",
        "mamuka-bakhtadze": "GEO",
        "joseph-muscat": "MLT",
    }


def test_state_before_the_title_is_served() -> None:
    text = "Pakistani Prime Minister Imran Khan and Cuban Foreign Minister Bruno Rodriguez met in Beijing."
    _, entities = extract_entities(briefing((Role.STATEMENT, text)))
    assert {e.key: e.country for e in entities if e.kind is PERSON} == {"imran-khan": "PAK", "bruno-rodriguez": "CUB"}


def test_one_person_across_variants() -> None:
    q = "Q: US Secretary of State Mike Pompeo said China is a threat. What's your comment?"
    a = (
        "A: We have taken note of the groundless accusations Secretary Pompeo leveled against China. "
        "Mr. Pompeo should stop it. Pompeo's remarks are absurd."
    )
    found, entities = extract_entities(briefing((Role.QUESTION, q), (Role.ANSWER, a)))
    people = [m for m in found if m.kind is PERSON]
    assert [m.text for m in people] == ["Mike Pompeo", "Pompeo", "Pompeo", "Pompeo"]
    assert {m.key for m in people} == {"mike-pompeo"}
    (pompeo,) = [e for e in entities if e.kind is PERSON]
    assert pompeo.country == "USA" and pompeo.label == "Mike Pompeo"


def test_titled_person_unknown_to_the_gazetteer_across_variants_in_a_briefing() -> None:
    q = "Q: At the invitation of President Xi Jinping, President Mahamadou Issoufou will pay a state visit to China."
    a = (
        "A: During the visit, President Xi will host a welcome ceremony and banquet for President Issoufou. "
        "Apart from Beijing, Issoufou's itinerary also includes Zhejiang and Jiangxi provinces."
    )
    found, entities = extract_entities(briefing((Role.QUESTION, q), (Role.ANSWER, a)))
    issoufou = [m for m in found if m.kind is PERSON and "Issoufou" in m.text]
    assert [(m.text, m.rule) for m in issoufou] == [
        ("Mahamadou Issoufou", "titled-name"),
        ("Issoufou", "titled-name"),
        ("Issoufou", "name-variant"),
    ]
    assert {m.key for m in issoufou} == {"mahamadou-issoufou"}
    labels = {e.key: e.label for e in entities if e.kind is PERSON}
    assert labels == {"xi-jinping": "Xi Jinping", "mahamadou-issoufou": "Mahamadou Issoufou"}


def test_titled_surname_links_to_the_one_known_person_with_it() -> None:
    text = "During the visit, President Xi Jinping will meet with Prime Minister Philippe."
    people = [m for m in mentions(text) if m.kind is PERSON]
    assert [(m.text, m.key) for m in people] == [("Xi Jinping", "xi-jinping"), ("Philippe", "edouard-philippe")]
    text = "Vice Foreign Minister Kong paid the visit at the invitation of the Pakistani side."
    assert [(m.text, m.key) for m in mentions(text) if m.kind is PERSON] == [("Kong", "kong-xuanyou")]


def test_titled_form_in_the_gazetteer_names_the_person_and_yields_to_the_full_name() -> None:
    text = (
        "Q: After the Canadian government arrested Ms. Meng Wanzhou, the CFO of Huawei. "
        "How many passports does Ms. Meng have?"
    )
    found = [m for m in mentions(text) if m.kind is PERSON]
    assert [(m.text, m.key) for m in found] == [("Meng Wanzhou", "meng-wanzhou"), ("Meng", "meng-wanzhou")]


@pytest.mark.parametrize(
    "text",
    [
        "Gong Xiaosheng, Secretary of Hubei Provincial Committee of the Communist Party of China, spoke.",
        "Kudlow, the Director of the US White House National Economic Committee, said so.",
        "Imran Khan, Chairman of the Pakistan Tehreek-e-Insaf, announced that he has won the election.",
        "Michael Ryan, Executive Director of the WHO Health Emergencies Programme said to the media on May 4.",
        "We would like to thank the Secretary. What is more, the President. Could you confirm it?",
        "Yousef Bin Alawi Bin Abdullah, Minister Responsible for Foreign Affairs of the Sultanate of Oman.",
    ],
)
def test_no_false_people(text: str) -> None:
    invented = [m.text for m in mentions(text) if m.kind is PERSON and m.rule == "titled-name"]
    assert invented == []


def test_institutions_and_places_after_a_title_are_not_people() -> None:
    text = "President of the Czech Republic Miloš Zeman and President of Kenya Uhuru Kenyatta will attend."
    found = mentions(text)
    assert [(m.text, m.kind) for m in found] == [
        ("Czech Republic", COUNTRY),
        ("Miloš Zeman", PERSON),
        ("Kenya", COUNTRY),
        ("Uhuru Kenyatta", PERSON),
    ]


# --- outlets, folders and errors ------------------------------------------------------------------------


OUTLETS = """
@prefix pk: <https://w3id.org/presskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/presskg/id/outlet/reuters> a pk:Outlet ; rdfs:label "Reuters" ;
    pk:basedIn <https://w3id.org/presskg/id/country/GBR> .
<https://w3id.org/presskg/id/outlet/the-australian> a pk:Outlet ; rdfs:label "The Australian" .
<https://w3id.org/presskg/id/outlet/ap> a pk:Outlet ; rdfs:label "AP" ; skos:altLabel "Associated Press" .
"""


@pytest.fixture
def folder_with_outlets(tmp_path: Path) -> Path:
    for path in ontology_dir().glob("*.ttl"):
        if path.name != "outlets.ttl":
            shutil.copy(path, tmp_path / path.name)
    (tmp_path / "outlets.ttl").write_text(OUTLETS, encoding="utf-8")
    return tmp_path


def test_outlets_of_the_gazetteer_are_mentions_and_not_people(folder_with_outlets: Path) -> None:
    text = (
        "Q: According to the Associated Press, US Senator Macro Rubio accused China's Confucius Institutes. "
        "Reuters says the Australian side agreed."
    )
    found = mentions(text, directory=folder_with_outlets)
    assert [(m.text, m.kind, m.key) for m in found] == [
        ("Associated Press", OUTLET, "ap"),
        ("US", COUNTRY, "USA"),
        ("Rubio", PERSON, "marco-rubio"),  # a misspelt first name before a known surname
        ("China", COUNTRY, "CHN"),
        ("Reuters", OUTLET, "reuters"),
        ("Australian", COUNTRY, "AUS"),
    ]
    found = mentions("The Australian reported it first.", directory=folder_with_outlets)
    assert [(m.text, m.kind) for m in found] == [("The Australian", OUTLET)]
    _, entities = extract_entities(briefing((Role.STATEMENT, "Reuters asked us.")), directory=folder_with_outlets)
    assert [(e.key, e.country) for e in entities] == [("reuters", "GBR")]


def test_folder_from_the_environment(folder_with_outlets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(folder_with_outlets))
    assert [m.kind for m in mentions("Reuters asked.")] == [OUTLET]


def test_a_territory_typed_as_a_country_is_an_error(folder_with_outlets: Path) -> None:
    (folder_with_outlets / "mine.ttl").write_text(
        "@prefix pk: <https://w3id.org/presskg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/presskg/id/country/TWN> a pk:Country ; rdfs:label "Taiwan" .\n',
        encoding="utf-8",
    )
    with pytest.raises(OntologyError) as error:
        load_entity_lexicon(folder_with_outlets)
    assert error.value.code == "E510"


def test_a_user_file_adds_a_name_without_code(folder_with_outlets: Path) -> None:
    (folder_with_outlets / "mine.ttl").write_text(
        "@prefix pk: <https://w3id.org/presskg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://w3id.org/presskg/id/place/xinjiang> a pk:Place ; rdfs:label "Xinjiang" ;\n'
        '    skos:altLabel "Sinkiang Province" .\n',
        encoding="utf-8",
    )
    assert keys_in(folder_with_outlets, "Old maps say Sinkiang Province.") == ["xinjiang"]


def keys_in(directory: Path, text: str) -> list[str]:
    return [m.key for m in mentions(text, directory=directory)]


# --- the entities handed to RDF -------------------------------------------------------------------------


def test_entities_are_described_for_rdf() -> None:
    text = "The WHO and the Chinese side met in Wuhan; Secretary of State Pompeo met the ROK Foreign Minister."
    found, entities = extract_entities(briefing((Role.STATEMENT, text)))
    by_key = {(e.kind, e.key): e for e in entities}
    assert {(m.kind, m.key) for m in found} == set(by_key)
    china, korea = by_key[(COUNTRY, "CHN")], by_key[(COUNTRY, "KOR")]
    assert (china.iso2, korea.iso2) == ("CN", "KR")
    assert "People's Republic of China" in china.alt_labels  # pycountry's official name
    assert china.same_as == ("http://www.wikidata.org/entity/Q148",)
    assert by_key[(ORG, "who")].label == "WHO"
    assert by_key[(PERSON, "mike-pompeo")].country == "USA"


def test_every_country_without_a_turtle_entry_has_pycountry_names_and_codes() -> None:
    states = country_gazetteer()
    for iso3, state in states.items():
        assert len(iso3) == 3 and state.iso2 and len(state.iso2) == 2, iso3
        assert "," not in state.label, state.label


# --- the whole corpus -----------------------------------------------------------------------------------


def corpus_paragraphs(corpus_dir: Path) -> list[list[str]]:
    from selectolax.lexbor import LexborHTMLParser

    pages = []
    for path in sorted(corpus_dir.glob("*.html")):
        tree = LexborHTMLParser(path.read_bytes().decode("utf-8", "replace"))
        pages.append([p.text() for p in tree.css("div.content p") if p.text().strip()])
    return pages


@pytest.mark.corpus
def test_offsets_hold_for_every_mention_of_the_corpus(corpus_dir: Path) -> None:
    pages = corpus_paragraphs(corpus_dir)
    assert len(pages) >= 300
    turns = [Turn(Role.ANSWER, n + 1, None, text) for page in pages for n, text in enumerate(page)]
    sentences = sum(len(re.findall(r"[.!?](?:\s|$)", t.text)) or 1 for t in turns)
    find_mentions(turns[0])  # build the matcher outside the timing
    started = time.perf_counter()
    found = [(turn, find_mentions(turn)) for turn in turns]
    elapsed = time.perf_counter() - started
    total = 0
    for turn, turn_mentions in found:
        for m in turn_mentions:
            assert turn.text[m.start : m.end] == m.text, (turn.text, m)
            assert m.kind is not COUNTRY or len(m.key) == 3
        starts = [m.start for m in turn_mentions]
        assert starts == sorted(starts)
        assert all(a.end <= b.start for a, b in itertools.pairwise(turn_mentions))
        total += len(turn_mentions)
    assert total > 30_000
    print(
        f"\nentities: {len(turns)} paragraphs, {sentences} sentences, {total} mentions in {elapsed:.2f}s: "
        f"{sentences / elapsed:,.0f} sentences/s"
    )


@pytest.mark.corpus
def test_briefing_extraction_over_the_corpus(corpus_dir: Path) -> None:
    pages = corpus_paragraphs(corpus_dir)
    started = time.perf_counter()
    for page in pages:
        statements = tuple(Statement(n + 1, Turn(Role.STATEMENT, n + 1, None, text)) for n, text in enumerate(page))
        b = Briefing("p", Source("p", "p", "0"), Layout.HTML, "t", None, False, None, "MFA", statements, ())
        found, entities = extract_entities(b)
        texts = {t.key: t.text for t in b.turns()}
        for m in found:
            assert texts[m.turn][m.start : m.end] == m.text
        assert {(m.kind, m.key) for m in found} == {(e.kind, e.key) for e in entities}
    print(f"\nentities by briefing: {len(pages)} pages in {time.perf_counter() - started:.2f}s")
