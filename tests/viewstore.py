"""A small store built by hand for the views' tests: real sentences of the seeds and of corpus pages, with the
entities, topics and positions a careful reader would mark, so every count the views give can be worked out
on paper (the expected values are in tests/test_network.py).

Four briefings, thirteen units:
  A 2021-12-09 Wang Wenbin (seed 000): e1 Xinhua, e2 Reuters, e3 Radio Hong Kong, e5 Bloomberg, e12 Radio Hong Kong
  B 2020-09-14 Wang Wenbin (seed 001): e1 Xinhua, e2 Middle East News Agency
  C 2020-05-13 Zhao Lijian (t1778769): e1 AFP, e2 AFP, e3 Bloomberg, e4 CNN
  D 2020-03-02 Zhao Lijian (t1751334): s1 (a statement), e1 anonymous
and, with ``hostile=True``, a fifth (H 2020-05-18) whose texts and names carry script payloads.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.rdf import ONTOLOGY_GRAPH, entity_quads, graph_iri, ontology_quads, to_rdf
from kg.store import replace_graph, write_generation
from kg.types import (
    Briefing,
    Entity,
    EntityKind,
    EntityRef,
    Exchange,
    Extraction,
    Layout,
    Mention,
    OutletRef,
    Position,
    Role,
    Source,
    Statement,
    TopicAssignment,
    Turn,
)

ROOT = Path(__file__).resolve().parent.parent
C, PL, ORG, PE, OU = (
    EntityKind.COUNTRY,
    EntityKind.PLACE,
    EntityKind.ORGANIZATION,
    EntityKind.PERSON,
    EntityKind.OUTLET,
)

ENTITIES: dict[tuple[EntityKind, str], Entity] = {
    (e.kind, e.key): e
    for e in (
        Entity(C, "USA", "United States", ("the US", "U.S."), iso2="US"),
        Entity(C, "CHN", "China", ("Chinese side",), iso2="CN"),
        Entity(C, "RUS", "Russia", ("Russian Federation",), iso2="RU"),
        Entity(C, "GBR", "United Kingdom", ("Britain",), iso2="GB"),
        Entity(C, "CAN", "Canada", iso2="CA"),
        Entity(C, "AUS", "Australia", iso2="AU"),
        Entity(C, "UKR", "Ukraine", iso2="UA"),
        Entity(C, "ISR", "Israel", iso2="IL"),
        Entity(C, "BHR", "Bahrain", iso2="BH"),
        Entity(C, "ARE", "United Arab Emirates", ("UAE",), iso2="AE"),
        Entity(C, "FRA", "France", ("French side",), iso2="FR"),
        Entity(C, "CIV", "Côte d'Ivoire", ("Ivory Coast",), iso2="CI"),
        Entity(PL, "taiwan", "Taiwan"),
        Entity(PL, "xinjiang", "Xinjiang"),
        Entity(PL, "wuhan", "Wuhan"),
        Entity(ORG, "ioc", "IOC", ("International Olympic Committee",)),
        Entity(ORG, "un", "UN", ("United Nations",)),
        Entity(ORG, "who", "WHO", ("World Health Organization",)),
        Entity(PE, "wang-yi", "Wang Yi", country="CHN"),
        Entity(PE, "xi-jinping", "Xi Jinping", country="CHN"),
        Entity(PE, "vladimir-putin", "Vladimir Putin", ("Putin",), country="RUS"),
        Entity(PE, "sergey-lavrov", "Sergey Lavrov", ("Lavrov",), country="RUS"),
        Entity(PE, "joe-biden", "Joe Biden", ("Biden",), country="USA"),
        Entity(OU, "xinhua", "Xinhua News Agency", ("Xinhua",), country="CHN", outlet_type="state-media"),
        Entity(OU, "reuters", "Reuters", country="GBR", outlet_type="wire-service"),
        Entity(OU, "rthk", "Radio Television Hong Kong", ("Radio Hong Kong", "RTHK"), outlet_type="broadcaster"),
        Entity(OU, "bloomberg", "Bloomberg", ("Bloomberg News",), country="USA", outlet_type="wire-service"),
        Entity(OU, "mena", "Middle East News Agency", ("Egyptian Middle East News Agency",)),
        Entity(OU, "afp", "AFP", ("Agence France-Presse",), country="FRA", outlet_type="wire-service"),
        Entity(OU, "cnn", "CNN", country="USA", outlet_type="broadcaster"),
    )
}

# Topic and act concepts as the vocabulary defines them (acts: notation, CAMEO code).
ACTS = {
    "oppose": "110",
    "criticize": "111",
    "reject": "120",
    "demand": "100",
    "appeal": "020",
    "warn": "130",
    "support": "051",
    "welcome": "051",
    "cooperate": "030",
    "protest": "114",
    "concern": "012",
    "no_comment": "011",
    "sovereignty": "010",
}
TOPICS = (
    "taiwan", "xinjiang", "ukraine", "middle_east", "covid19", "technology", "human_rights", "democracy", "media",
    "sanctions", "olympics_sports", "diplomatic_visits", "multilateralism", "security_defense",
)  # fmt: skip


def scheme_turtle() -> str:
    lines = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix pk: <https://w3id.org/presskg/ontology#> .",
    ]
    for t in TOPICS:
        label = t.replace("_", " ")
        lines.append(
            f"<https://w3id.org/presskg/id/topic/{t}> a pk:Topic, skos:Concept ; skos:inScheme pk:Topics ; "
            f'skos:notation "{t}" ; rdfs:label "{label}" .'
        )
    for a, code in ACTS.items():
        lines.append(
            f"<https://w3id.org/presskg/id/act/{a}> a pk:Act, skos:Concept ; skos:inScheme pk:Acts ; "
            f'skos:notation "{a}" ; rdfs:label "{a.replace("_", " ")}" ; '
            f"skos:closeMatch <https://w3id.org/presskg/cameo/{code}> ."
        )
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class U:
    """One exchange (or statement, ``outlet='statement'``) as written down for the fixture."""

    ordinal: int
    outlet: str | None  # outlet key, None for "Q:", "statement" for an opening statement
    question: str
    answer: str
    q_mentions: tuple[tuple[str, EntityKind, str], ...] = ()  # (text as written, kind, key)
    a_mentions: tuple[tuple[str, EntityKind, str], ...] = ()
    topics: tuple[str, ...] = ()
    positions: tuple[
        tuple[str, tuple[EntityKind, str] | None, str, str | None], ...
    ] = ()  # act, target, sentence, intensity


BRIEFING_A = (
    "a-2021-12-09",
    dt.date(2021, 12, 9),
    "Wang Wenbin",
    (
        U(
            1,
            "xinhua",
            "According to reports, the United States plans to push the participating countries to reach a consensus on "
            'the "Future Internet Alliance" during the "Leaders\' Democracy Summit."',
            "The relevant report you mentioned is another example of the U.S. politicizing, instrumentalizing, and "
            "weaponizing democracy.\nChina opposes the politicization of scientific and technological cooperation, the "
            "use of ideological lines, exclusive arrangements, and other practices.",
            (("United States", C, "USA"),),
            (("U.S.", C, "USA"), ("China", C, "CHN")),
            ("democracy", "technology"),
            (
                (
                    "criticize",
                    (C, "USA"),
                    "The relevant report you mentioned is another example of the U.S. "
                    "politicizing, instrumentalizing, and weaponizing democracy.",
                    None,
                ),
                (
                    "oppose",
                    (C, "USA"),
                    "China opposes the politicization of scientific and technological cooperation, "
                    "the use of ideological lines, exclusive arrangements, and other practices.",
                    None,
                ),
            ),
        ),
        U(
            2,
            "reuters",
            "In addition to Russia, which countries have leaders and officials invited by China to participate in the "
            "Beijing Winter Olympics?",
            "According to the Olympic rules, leaders of various countries are invited to attend the Olympic Games by "
            "their own Olympic Committee and registered in the IOC system.\nWe welcome them.",
            (("Russia", C, "RUS"), ("China", C, "CHN")),
            (("IOC", ORG, "ioc"),),
            ("olympics_sports", "diplomatic_visits"),
            (("welcome", None, "We welcome them.", None),),
        ),
        U(
            3,
            "rthk",
            "Britain and Canada have stated that they will not send diplomatic representatives to attend the Beijing "
            "Winter Olympics. What's China's response to this?\nAccording to reports, 20 countries have not signed the "
            "Olympic Truce resolution previously passed by the UN General Assembly.",
            "First of all, I want to point out that China has not originally sent invitations to relevant countries.\n"
            "Individual countries such as the United States, Australia, Britain, and Canada refused to jointly propose "
            "the Beijing Winter Olympics UN General Assembly Olympic Truce resolution.\n"
            'We hope that relevant countries will practice the Olympic spirit of "more unity".',
            (("Britain", C, "GBR"), ("Canada", C, "CAN"), ("China", C, "CHN"), ("UN", ORG, "un")),
            (
                ("China", C, "CHN"),
                ("United States", C, "USA"),
                ("Australia", C, "AUS"),
                ("Britain", C, "GBR"),
                ("Canada", C, "CAN"),
                ("UN", ORG, "un"),
            ),
            ("olympics_sports", "diplomatic_visits"),
            (
                (
                    "appeal",
                    None,
                    'We hope that relevant countries will practice the Olympic spirit of "more unity".',
                    None,
                ),
                (
                    "criticize",
                    (C, "USA"),
                    "Individual countries such as the United States, Australia, Britain, and "
                    "Canada refused to jointly propose the Beijing Winter Olympics UN General Assembly Olympic Truce "
                    "resolution.",
                    None,
                ),
                (
                    "criticize",
                    (C, "GBR"),
                    "Individual countries such as the United States, Australia, Britain, and "
                    "Canada refused to jointly propose the Beijing Winter Olympics UN General Assembly Olympic Truce "
                    "resolution.",
                    None,
                ),
            ),
        ),
        U(
            5,
            "bloomberg",
            "The Uyghur Forced Labor Prevention Act was passed by 428 votes to 1 in the U.S. House of "
            "Representatives.\n"
            "The bill contains a clause that assumes that all goods from Xinjiang are produced by forced labor.",
            'The so-called "forced labor" in Xinjiang is completely false.\nThe United States has repeatedly used '
            "Xinjiang-related issues to spread rumors.\nChina once again warns the US that using Xinjiang-related "
            "issues to engage in conspiracies and tricks cannot stop the people of all ethnic groups in Xinjiang from "
            "pursuing a better life.\nChina urges the US to recognize the situation and immediately stop advancing the "
            "relevant bills.\nIf the US insists on taking actions that harm China's interests, China will definitely "
            "respond firmly.",
            (("U.S.", C, "USA"), ("Xinjiang", PL, "xinjiang")),
            (("Xinjiang", PL, "xinjiang"), ("United States", C, "USA"), ("China", C, "CHN")),
            ("xinjiang", "human_rights"),
            (
                ("reject", None, 'The so-called "forced labor" in Xinjiang is completely false.', None),
                (
                    "criticize",
                    (C, "USA"),
                    "The United States has repeatedly used Xinjiang-related issues to spread rumors.",
                    None,
                ),
                (
                    "warn",
                    (C, "USA"),
                    "China once again warns the US that using Xinjiang-related issues to engage in "
                    "conspiracies and tricks cannot stop the people of all ethnic groups in Xinjiang from pursuing a "
                    "better life.",
                    None,
                ),
                (
                    "demand",
                    (C, "USA"),
                    "China urges the US to recognize the situation and immediately stop advancing the relevant bills.",
                    None,
                ),
                (
                    "warn",
                    (C, "USA"),
                    "If the US insists on taking actions that harm China's interests, China will "
                    "definitely respond firmly.",
                    "firmly",
                ),
            ),
        ),
        U(
            12,
            "rthk",
            "Regarding the Ukraine-related issues of the US-Russia summit, US President Biden said that at this stage, "
            "he does not consider sending US ground troops to Ukraine, but emphasized that he has explained to Russian "
            "President Putin the consequences of economic sanctions.",
            "China has always maintained an objective and fair position on the Ukrainian issue.\nChina hopes that all "
            "parties will meet each other halfway, earnestly implement the New Minsk Agreement, and realize peace and "
            "tranquility in Ukraine as soon as possible.",
            (
                ("Ukraine", C, "UKR"),
                ("US", C, "USA"),
                ("Russia", C, "RUS"),
                ("Biden", PE, "joe-biden"),
                ("Putin", PE, "vladimir-putin"),
            ),
            (("China", C, "CHN"), ("Ukraine", C, "UKR")),
            ("ukraine", "diplomatic_visits"),
            (
                (
                    "appeal",
                    None,
                    "China hopes that all parties will meet each other halfway, earnestly implement the New "
                    "Minsk Agreement, and realize peace and tranquility in Ukraine as soon as possible.",
                    None,
                ),
            ),
        ),
    ),
)

BRIEFING_B = (
    "b-2020-09-14",
    dt.date(2020, 9, 14),
    "Wang Wenbin",
    (
        U(
            1,
            "xinhua",
            "How does China comment on State Councilor and Foreign Minister Wang Yi's recent visit to Russia?",
            "Under the strategic guidance of President Xi Jinping and President Putin, Sino-Russian relations have "
            "withstood the test of the epidemic.\n"
            "During State Councilor and Foreign Minister Wang Yi's visit to Russia, "
            "he and Foreign Minister Lavrov had in-depth discussions.\nChina and Russia have always firmly supported "
            "each other on the international stage, jointly safeguarded the core position of the United Nations.\n"
            "China will continue to work with Russia to maintain, consolidate and develop relations between the two "
            "countries.",
            (("China", C, "CHN"), ("Wang Yi", PE, "wang-yi"), ("Russia", C, "RUS")),
            (
                ("Xi Jinping", PE, "xi-jinping"),
                ("Putin", PE, "vladimir-putin"),
                ("Sino-Russian", C, "RUS"),
                ("Sino", C, "CHN"),
                ("Wang Yi", PE, "wang-yi"),
                ("Lavrov", PE, "sergey-lavrov"),
                ("United Nations", ORG, "un"),
            ),
            ("diplomatic_visits", "multilateralism"),
            (
                (
                    "support",
                    (C, "RUS"),
                    "China and Russia have always firmly supported each other on the "
                    "international stage, jointly safeguarded the core position of the United Nations.",
                    "firmly",
                ),
                (
                    "cooperate",
                    (C, "RUS"),
                    "China will continue to work with Russia to maintain, consolidate and "
                    "develop relations between the two countries.",
                    None,
                ),
            ),
        ),
        U(
            2,
            "mena",
            "Israel and Bahrain reached an agreement last Friday and agreed to establish diplomatic relations.\nJust a "
            "month ago, Israel and the UAE reached a similar agreement.",
            "China has noticed the relevant report.\nWe are happy to see measures that will help ease tensions among "
            "countries in the Middle East.\nWe hope that all parties concerned will take concrete actions to bring the "
            "Palestine issue back to the track of equal dialogue.",
            (("Israel", C, "ISR"), ("Bahrain", C, "BHR"), ("UAE", C, "ARE")),
            (("China", C, "CHN"),),
            ("middle_east",),
            (
                (
                    "welcome",
                    None,
                    "We are happy to see measures that will help ease tensions among countries in the Middle East.",
                    None,
                ),
                (
                    "appeal",
                    None,
                    "We hope that all parties concerned will take concrete actions to bring the "
                    "Palestine issue back to the track of equal dialogue.",
                    None,
                ),
            ),
        ),
    ),
)

BRIEFING_C = (
    "c-2020-05-13",
    dt.date(2020, 5, 13),
    "Zhao Lijian",
    (
        U(
            1,
            "afp",
            "Regarding the French government's plan to sell weapons to Taiwan, I understand the foreign ministry "
            "firmly opposes that, but the French company just refuted China's criticism.",
            "Our position is consistent and clear: we firmly oppose other countries selling arms to the Taiwan region. "
            "We have expressed grave concerns to the French side.\nOnce again we urge the French side to earnestly "
            "abide by the one-China principle and withdraw its arms sales plan to avoid more damage to China-France "
            "relations.",
            (("French", C, "FRA"), ("Taiwan", PL, "taiwan"), ("China", C, "CHN")),
            (("Taiwan", PL, "taiwan"), ("French side", C, "FRA"), ("China", C, "CHN")),
            ("taiwan", "security_defense"),
            (
                (
                    "oppose",
                    (C, "FRA"),
                    "Our position is consistent and clear: we firmly oppose other countries "
                    "selling arms to the Taiwan region.",
                    "firmly",
                ),
                ("concern", (C, "FRA"), "We have expressed grave concerns to the French side.", None),
                (
                    "demand",
                    (C, "FRA"),
                    "Once again we urge the French side to earnestly abide by the one-China "
                    "principle and withdraw its arms sales plan to avoid more damage to China-France relations.",
                    None,
                ),
            ),
        ),
        U(
            2,
            "afp",
            "US Republican Senators on Tuesday proposed a new legislation, which will give US executive authorities "
            "the power to slap sanctions on China if it does not give a full account of the coronavirus outbreak.",
            "This act sponsored by several US lawmakers shows no respect for facts. This is highly immoral. We are "
            "firmly opposed to it.\nWe have maintained close communication and cooperation with WHO.",
            (("US", C, "USA"), ("China", C, "CHN")),
            (("US", C, "USA"), ("WHO", ORG, "who")),
            ("covid19", "sanctions"),
            (
                (
                    "criticize",
                    (C, "USA"),
                    "This act sponsored by several US lawmakers shows no respect for facts.",
                    None,
                ),
                ("oppose", (C, "USA"), "We are firmly opposed to it.", "firmly"),
            ),
        ),
        U(
            3,
            "bloomberg",
            "A London-based researcher says that he identified more than 1,000 accounts on Twitter that were "
            "associated with an alleged Chinese disinformation effort.",
            "China opposes creating or spreading disinformation. Allegations in relevant reports of China spreading "
            "disinformation on Twitter are unfounded.",
            (("Chinese", C, "CHN"),),
            (("China", C, "CHN"),),
            ("media",),
            (
                ("oppose", None, "China opposes creating or spreading disinformation.", None),
                (
                    "reject",
                    None,
                    "Allegations in relevant reports of China spreading disinformation on Twitter are unfounded.",
                    None,
                ),
            ),
        ),
        U(
            4,
            "cnn",
            "There are reports that debris from the Chinese rocket Long March-5B launched last week fell onto at least "
            "two villages in Africa's Ivory Coast. Could you confirm and offer more information?",
            "I have no information on that and refer you to the competent authorities.",
            (("Chinese", C, "CHN"), ("Ivory Coast", C, "CIV")),
            (),
            (),
            (("no_comment", None, "I have no information on that and refer you to the competent authorities.", None),),
        ),
    ),
)

BRIEFING_D = (
    "d-2020-03-02",
    dt.date(2020, 3, 2),
    "Zhao Lijian",
    (
        U(
            1,
            "statement",
            "",
            "I'd like to share with you some latest figures. According to the statistics from the National Health "
            "Commission this morning, March 1 saw 2,837 patients cured and discharged from hospital in China's "
            "mainland.\nOver the past week, the cure rates of confirmed cases in Wuhan city, Hubei province, and the "
            "country as a whole have kept rising.",
            (),
            (("China", C, "CHN"), ("Wuhan", PL, "wuhan")),
            ("covid19",),
        ),
        U(
            1,
            None,
            "On February 28, WHO Director-General Tedros Adhanom Ghebreyesus announced that the WHO has increased its "
            "assessment of the risk of COVID-19 to very high at a global level. How does China see the overseas "
            "spread of the virus?",
            "We have noted relevant reports. Upholding the spirit of a community with a shared future, China will work "
            "actively with other parties.\nWe will also continue to work closely with the WHO.",
            (("WHO", ORG, "who"),),
            (("China", C, "CHN"), ("WHO", ORG, "who")),
            ("covid19", "multilateralism"),
            (("cooperate", (ORG, "who"), "We will also continue to work closely with the WHO.", None),),
        ),
    ),
)

PAYLOAD = (
    '<script>window.__kgPwned = "script";</script>'
    '"><img src=x onerror="window.__kgPwned = \'img\'">'
    "<a href=\"javascript:window.__kgPwned = 'link'\">read more</a>"
)
HOSTILE_OUTLET = Entity(OU, "evil", 'Evil News"><img src=x onerror="window.__kgPwned=\'outlet\'">')
HOSTILE_PERSON = Entity(PE, "mallory", "<svg onload=\"window.__kgPwned='person'\">Mallory", country="USA")
BRIEFING_H = (
    "h-2020-05-18",
    dt.date(2020, 5, 18),
    "Zhao Lijian",
    (
        U(
            1,
            "evil",
            f"The US says the WHO is a puppet. {PAYLOAD} What is your comment on Mallory?",
            f"These remarks by the US are lies. {PAYLOAD}",
            (("US", C, "USA"), ("WHO", ORG, "who"), ("Mallory", PE, "mallory")),
            (("US", C, "USA"),),
            ("covid19", "media"),
            (("criticize", (C, "USA"), f"These remarks by the US are lies. {PAYLOAD}", None),),
        ),
    ),
)

STANDARD = (BRIEFING_A, BRIEFING_B, BRIEFING_C, BRIEFING_D)


def _mentions(turn: Turn, items: tuple[tuple[str, EntityKind, str], ...]) -> list[Mention]:
    out = []
    for text, kind, key in items:
        if text not in turn.text:
            raise ValueError(f"{text!r} is not in turn {turn.key}: {turn.text[:60]!r}")
        start = turn.text.index(text)
        out.append(Mention(turn.key, start, start + len(text), text, kind, key, "fixture"))
    return out


def extraction(spec: tuple[str, dt.date, str, tuple[U, ...]], extra: tuple[Entity, ...] = ()) -> Extraction:
    key, date, speaker, units = spec
    statements: list[Statement] = []
    exchanges: list[Exchange] = []
    mentions: list[Mention] = []
    topics: list[TopicAssignment] = []
    positions: list[Position] = []
    used: set[tuple[EntityKind, str]] = set()
    known = {**ENTITIES, **{(e.kind, e.key): e for e in extra}}
    for u in units:
        if u.outlet == "statement":
            turn = Turn(Role.STATEMENT, u.ordinal, speaker, u.answer)
            statements.append(Statement(u.ordinal, turn))
            unit, answer = f"s{u.ordinal}", turn
        else:
            q = Turn(Role.QUESTION, u.ordinal, u.outlet, u.question)
            answer = Turn(Role.ANSWER, u.ordinal, speaker, u.answer)
            ref = None
            if u.outlet is not None:
                ref = OutletRef(known[(OU, u.outlet)].label, u.outlet, True)
                used.add((OU, u.outlet))
            exchanges.append(Exchange(u.ordinal, q, answer, ref))
            mentions += _mentions(q, u.q_mentions)
            unit = f"e{u.ordinal}"
        mentions += _mentions(answer, u.a_mentions)
        used |= {(kind, k) for _, kind, k in (*u.q_mentions, *u.a_mentions)}
        topics += [TopicAssignment(unit, t, 1.0, (), "fixture") for t in u.topics]
        for act, target, sentence, intensity in u.positions:
            start = answer.text.index(sentence)
            ref_t = EntityRef(*target) if target else None
            if target:
                used.add(target)
            positions.append(
                Position(
                    unit,
                    answer.key,
                    act,
                    "CHN",
                    speaker,
                    ref_t,
                    None,
                    intensity,
                    sentence,
                    start,
                    start + len(sentence),
                    "fixture",
                )
            )
    used.add((C, "CHN"))
    briefing = Briefing(
        key=key,
        source=Source(path=f"{key}.txt", name=f"{key}.txt", sha256="0" * 64, url=f"https://example.org/{key}.html"),
        layout=Layout.TEXT,
        title=f"Foreign Ministry Spokesperson {speaker}'s Regular Press Conference on {date:%B %d, %Y}",
        date=date,
        date_inferred=False,
        spokesperson=speaker,
        institution="Ministry of Foreign Affairs of the People's Republic of China",
        statements=tuple(statements),
        exchanges=tuple(exchanges),
    )
    return Extraction(
        briefing=briefing,
        mentions=tuple(mentions),
        topics=tuple(topics),
        positions=tuple(positions),
        entities=tuple(known[k] for k in sorted(used, key=lambda k: (k[0].value, k[1]))),
    )


def build_store(out: Path, *, hostile: bool = False) -> Path:
    """Write the fixture briefings into a store generation under ``out`` and return ``out``."""
    ontology = out / "ontology"
    ontology.mkdir(parents=True, exist_ok=True)
    for name in ("presskg.ttl", "cameo.ttl", "outlet-types.ttl"):
        shutil.copy(ROOT / "ontology" / name, ontology / name)
    schemes = ox.parse(scheme_turtle(), ox.RdfFormat.TURTLE)
    specs = (*STANDARD, BRIEFING_H) if hostile else STANDARD
    with write_generation(out) as store:
        replace_graph(
            store,
            ONTOLOGY_GRAPH,
            [*ontology_quads(ontology), *(ox.Quad(q.subject, q.predicate, q.object, ONTOLOGY_GRAPH) for q in schemes)],
        )
        for spec in specs:
            ex = extraction(spec, (HOSTILE_OUTLET, HOSTILE_PERSON))
            replace_graph(store, graph_iri(ex.briefing.key), to_rdf(ex))
            store.extend(entity_quads(ex))
    return out
