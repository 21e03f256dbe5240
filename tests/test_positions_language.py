"""Positions: the recurring language each act and target rule covers, on real corpus sentences, with traps."""

from __future__ import annotations

import pytest

from kg.extract.positions import extract_positions
from kg.extract.topics import extract_topics
from tests._build import briefing, mentions

Pair = tuple[str, str | None]
ABOUT_US = "US Secretary of State Pompeo made these remarks yesterday. What is your comment?"


def pairs(answer: str, question: str = "What is your comment?") -> set[Pair]:
    b = briefing([(question, answer)])
    # The rules alone: these cases pin how the rules read language; the sentence classifier's additions are
    # measured on whole pages instead (tests/test_sentence_acts.py, the development sets, sampled precision).
    found = extract_positions(b, mentions(b), extract_topics(b, mentions(b)), sentences=None)
    assert all(answer[p.start : p.end] == p.evidence for p in found)
    return {(p.act, p.target.key if p.target else None) for p in found}


# (question, answer, pairs that must be found, pairs that must not be)
CASES: list[tuple[str, str, set[Pair], set[Pair]]] = [
    # A subject governs a later predicate coordinated with its own ...
    (
        "What is your comment?",
        "We have noted relevant reports and welcome the clarification by the US.",
        {("welcome", "USA")},
        set(),
    ),
    (
        "What is your comment?",
        "China is resolutely opposed to this and has made stern representations to the US.",
        {("oppose", None), ("protest", "USA")},
        set(),
    ),
    (
        "Will China send chartered flights to Russia?",
        "We will stay in close contact with the Russian side and urge it to provide convenience and guarantee for "
        "our citizens with regard to their stay and medical needs.",
        {("cooperate", "RUS"), ("demand", "RUS")},
        set(),
    ),
    (
        "What is your comment?",
        "As I said when answering the Indian journalist's question, we have noted relevant reports and we welcome "
        "Pakistan's goodwill gesture.",
        {("welcome", "PAK")},
        set(),
    ),
    # ... unless the later verb belongs to someone the speaker calls on or hopes for ...
    (
        "What is your comment?",
        "We hope foreign nationals living in China could understand, support and cooperate with relevant regulations.",
        {("appeal", None)},
        {("support", None), ("cooperate", None)},
    ),
    (
        "What is your comment?",
        "The Chinese side appreciates the remarks of the leaders of the new Australian administration that Australia "
        "views China's development as an opportunity instead of a threat and is committed to developing long-term "
        "constructive partnership with China.",
        {("welcome", "AUS")},
        {("cooperate", "AUS"), ("cooperate", None)},
    ),
    # ... but a singular verb agreeing with China is China's own.
    (
        "What is your comment on the situation in Ethiopia?",
        "As a friendly country to Ethiopia, China sincerely hopes that Ethiopia will maintain stability and supports "
        "the Ethiopian government's endeavor to uphold solidarity and promote development.",
        {("appeal", "ETH"), ("support", "ETH")},
        set(),
    ),
    # A joint subject with China: the partner of the cooperation.
    (
        "How does China see its relations with ASEAN?",
        "China and ASEAN will continue to deepen our cooperation regarding the three pillars, namely, political "
        "security, economy and social and people-to-people exchanges.",
        {("cooperate", "asean")},
        set(),
    ),
    (
        "What is your comment on the Helms-Burton Act?",
        "China and most UN members have long been opposing US sanctions that have brought great harm to Cuba's "
        "economic and social development and people's lives.",
        {("oppose", "USA")},
        {("oppose", "CUB")},
    ),
    # A verb's object ends where the next verb of the speaker begins.
    (
        "What is your comment on the OPCW report?",
        "I would like to take this opportunity to reiterate that China always firmly opposes the use of chemical "
        "weapons for any purpose by any country, organization or individual under any circumstance, and supports the "
        "OPCW in carrying out comprehensive, objective and impartial investigation into any possible use of chemical "
        "weapons.",
        {("oppose", None), ("support", "opcw")},
        {("oppose", "opcw")},
    ),
    # An evaluation that names no one answers the question's actor; "so-called" reports no one's words.
    (
        ABOUT_US,
        'Second, so-called "China\'s cover-up and intransparency" is groundless.',
        {("reject", "USA")},
        set(),
    ),
    (
        ABOUT_US,
        "Any attempt to sow discord between China and Russia is doomed to fail.",
        {("warn", "USA")},  # a hypothetical warning is toward the question's actor (annotation.md v2, rule 7)
        {("warn", None), ("criticize", "USA"), ("criticize", None)},
    ),
    # A negation scopes over its verb, not over the agent phrase after it.
    (
        "US officials accused China of intellectual property theft. What is your comment?",
        "They cannot be altered by groundless accusations and malicious slanders.",
        {("reject", "USA"), ("criticize", "USA")},
        set(),
    ),
    # An accusation inside the speaker's own clause counts where it names whom it accuses ...
    (
        "The US Treasury imposed sanctions on a Chinese company. What is your comment?",
        'In the meantime, China is a victim of the so-called "long-arm jurisdiction" by certain country in '
        "accordance with its domestic laws.",
        {("criticize", "USA")},
        set(),
    ),
    # ... but inside the object of an opposition it is the thing opposed, not a second act (round 11,
    # tests/dev/acts-errors-11.md: the readers code oppose alone there).
    (
        "The US Treasury imposed sanctions on a Chinese company. What is your comment?",
        'In the meantime, China opposes the imposition of unilateral sanctions and so-called "long-arm jurisdiction" '
        "by certain country in accordance with its domestic laws.",
        {("oppose", "USA")},
        {("criticize", "USA")},
    ),
    (
        "What is your comment?",
        "China firmly opposes all forms of protectionism and bullying.",
        {("oppose", None)},
        {("criticize", None)},
    ),
    # "The relevant countries": the question's actor only where it is the only one.
    (
        "Japan released a report on chemical weapons. What is your comment?",
        "We call on relevant countries to strictly abide by the provisions of the CWC.",
        {("appeal", "JPN")},
        set(),
    ),
    (
        "Japan and the US released a report on chemical weapons. What is your comment?",
        "We call on relevant countries to strictly abide by the provisions of the CWC.",
        {("appeal", "JPN"), ("appeal", "USA")},  # annotation.md v2, positions rule 1: one entry per actor
        {("appeal", None)},
    ),
    # Hopes about any clause are appeals; their target is the clause's subject. Not where the subject is an event
    # China takes part in: a hope for a joint outcome (annotation.md v2, rule 9; tests/dev/precision-errors-8.md).
    (
        "What do you expect from the summit?",
        "We hope this summit will further consolidate consensus, promote international cooperation on climate "
        "change and inject new impetus into the full and effective implementation of the Paris Agreement.",
        set(),
        {("appeal", None)},
    ),
    (
        "What do you expect from the meetings?",
        "It is hoped that with the joint efforts of all parties, the Foreign Ministers' Meetings will focus on "
        "cooperation, expand consensus, further promote regional cooperation and development.",
        set(),
        {("appeal", None)},  # a joint outcome China takes part in: not coded (annotation.md v2, rule 9)
    ),
    (
        "The new US ambassador said China is using payday loan diplomacy. How do you respond?",
        "We have noted that some US officials keep finding fault with the mutually beneficial cooperation China is "
        "conducting with others, including Pacific Island countries. We hope that these people could adjust their "
        "mindset and contribute to their development instead of constantly making troubles out of nothing.",
        {("appeal", "USA"), ("criticize", "USA")},
        set(),
    ),
    (
        "What is your comment on the oil price?",
        "As a major energy importer and consumer, we hope to see a stable international energy market.",
        {("appeal", None)},
        set(),
    ),
    (
        "What is the purpose of the visit?",
        "China hopes to take Prime Minister Oli's visit as an opportunity to deepen our practical cooperation under "
        "the framework of the Belt and Road Initiative.",
        set(),
        {("appeal", None)},
    ),
    (
        "What is your advice to travellers?",
        "I would like to remind fellow countrymen overseas to abide by local laws and regulations, respect the "
        "customs and mind your conduct.",
        {("appeal", None)},
        set(),
    ),
    (
        "What is your comment on the UPR?",
        "I would like to remind you that out of 346 recommendations, China accepted 284, or 82% of the total, that "
        "suit its national conditions.",
        set(),
        {("appeal", None)},
    ),
    # Readiness to do something together with someone: cooperate, with the partner after "with".
    (
        "Can you comment on the flights from the ROK?",
        "China stands ready to share information and experience with the ROK, step up cooperation to tide over the "
        "difficulty together, and provide assistance to the best of our capability.",
        {("cooperate", "KOR")},
        set(),
    ),
    (
        "What is your comment on the trade talks with Sri Lanka?",
        "China attaches importance to its friendly cooperative relations with Sri Lanka and is willing to continue "
        "to conduct cooperation in economic, trade and other areas with it in the spirit of equality and mutual "
        "benefit.",
        {("cooperate", "LKA")},
        set(),
    ),
    (
        "Has China reestablished ties with Kiribati?",
        "We look forward to reestablishing diplomatic relations with Kiribati and turning a new page in our bilateral "
        "relations.",
        {("cooperate", "KIR")},
        set(),
    ),
    (
        "When will the summit take place?",
        "China will continue working with CEE countries and supporting each other in this regard.",
        {("cooperate", "ceec")},  # a group of states as the partner is its bloc (groups.ttl; v2 rule 2)
        {("support", None)},
    ),
    (
        "What is your comment on the India-China talks?",
        "India is willing to maintain close dialogue and communication with China, deepen across-the-board "
        "cooperation and properly handle differences.",
        set(),
        {("cooperate", "IND"), ("cooperate", None)},
    ),
    # Gratitude that is remembered.
    (
        "What will the medical team do in Myanmar?",
        "The Chinese government and people will never forget the support and help we received from Myanmar earlier "
        "amid the epidemic.",
        {("welcome", "MMR")},
        set(),
    ),
    # Declining: answered before, nothing to update, will release it, ask elsewhere, not heard of it.
    ("Is there an update?", "I have nothing to update you at the moment.", {("no_comment", None)}, set()),
    ("What is your comment?", "I responded to this question yesterday.", {("no_comment", None)}, set()),
    ("Will the leader visit?", "We will release relevant information once we have it.", {("no_comment", None)}, set()),
    ("Can you confirm?", "You may ask the competent authority of Myanmar.", {("no_comment", None)}, set()),
    ("Is the visit planned?", "I have not heard of the arrangement you mentioned.", {("no_comment", None)}, set()),
    (
        "What is your view on the undetected outbreaks?",
        "Still, I believe your question should be answered by the US government.",
        {("no_comment", None)},
        set(),
    ),
    ("When will it be announced?", "Please stay tuned.", {("no_comment", None)}, set()),
    (
        "What is your comment?",
        "Before answering your question, I want to quote a few of the latest numbers.",
        set(),
        {("no_comment", None)},
    ),
    (
        "What is your comment on the Hanoi summit between the DPRK and the US?",  # "the two sides" China is not one of
        "Right after the Hanoi summit in February, we stated that we hope the two sides will strengthen faith, remain "
        "patient, show flexibility and accommodate each other's legitimate concerns.",
        {("appeal", "PRK"), ("appeal", "USA")},
        {("no_comment", None)},
    ),
    # Rejection: lies, "no such thing", "unfair to say"; "lies with" is no lie.
    (
        ABOUT_US,
        "Instead of fooling the world, the lies of American politicians will only further reveal their hidden "
        "political intention.",
        {("reject", "USA"), ("criticize", "USA")},
        set(),
    ),
    (
        "What is your comment on the detention?",
        "The responsibility lies completely with the Canadian side, and Canada knows it clearly.",
        set(),
        {("reject", "CAN"), ("reject", None)},
    ),
    (
        "What is your comment?",
        "There is no so-called religious persecution in China at all.",
        {("reject", None)},
        set(),
    ),
    (
        "Some say there was a cover-up in Wuhan. What would you say to that?",
        'It is unfair and unjust to say there was a "cover-up" in China.',
        {("reject", None)},
        set(),
    ),
    # Nouns are no verbs of saying: "member states" does not report anyone's words.
    (
        "What is your comment on the UN budget?",
        "All member states should earnestly fulfill this obligation, help ease the UN's financial difficulties and "
        "support its work.",
        # a call on every member at once: an appeal with no target (appeal_everyone; the readers code it so,
        # tests/dev/acts-errors-8.md), and no support stated by anyone
        {("appeal", None)},
        {("support", None), ("support", "un")},
    ),
    # Criticism of conduct.
    (
        "Is there any update on Meng Wanzhou?",
        "As for Canada's wrongful detention of Ms. Meng Wanzhou, we have made clear our position.",
        {("criticize", "CAN")},
        set(),
    ),
    (
        "US Secretary of State Pompeo criticized China on the South China Sea. Any comment?",
        "Meanwhile, some non-regional country has repeatedly stirred up troubles in an attempt to ruin the harmony.",
        {("criticize", "USA")},
        set(),
    ),
    (
        "What is your comment?",
        "In disregard of facts, a certain politician in the US has tried to smear and vilify China's policy in "
        "Xinjiang time and again in a gross attempt to interfere in China's internal affairs.",
        {("criticize", "USA")},
        set(),
    ),
    # Warnings: hurting itself, will never succeed; "they" after a place subject is no one.
    (
        "Canada is said to play the Taiwan card. What is your comment?",
        'If, as you said earlier, the Canadian side did try to play the "Taiwan card", then it has miscalculated the '
        "situation so much that it will only end up hurting itself.",
        {("warn", "CAN")},
        set(),
    ),
    (
        "The head of the WHO has accused Taiwan of racist attacks. Do you agree?",
        "Since the outbreak of COVID-19, the DPP authorities in Taiwan have been doing all they can to make reckless "
        "political maneuvers and hype up Taiwan's participation in the WHO and the World Health Assembly. Their real "
        "intention is to seek independence under the pretext of the pandemic. Their scheme will never succeed.",
        {("warn", None)},
        {("warn", "who")},
    ),
    # Demands: embassies speak for China; "had better"; places are addressees but no targets.
    (
        "What is China's comment on the case in Singapore?",
        "The Chinese embassy in Singapore has asked the Singaporean side to deal with the case in a just manner in "
        "accordance with law.",
        {("demand", "SGP")},
        set(),
    ),
    (
        ABOUT_US,
        "The US politicians had better stop wasting efforts in sowing discord.",
        {("demand", "USA")},
        {("criticize", "USA")},  # annotation.md v2, positions rule 6: one act per clause, the call's
    ),
    (
        "What is your comment on Taiwan?",
        'We urge the Taiwan authorities to get a clear understanding of the situation and come back to the "1992 '
        'consensus" as soon as possible.',
        {("demand", None)},
        set(),
    ),
    # Regret is disapproval.
    (
        "What is your comment on the Iranian nuclear issue?",
        "We regret that the US moves have heightened tensions surrounding the Iranian nuclear issue.",
        {("oppose", "USA")},
        set(),
    ),
    # Groups (annotation.md, positions rule 2): "the relevant parties" are the states the question is about; a
    # group in a named state is that state; the international community is no one.
    (
        "Russia said its strikes on US bases were self-defense. What's China's opinion?",
        "We call on relevant sides to exercise restraint.",
        {("appeal", "RUS"), ("appeal", "USA")},
        {("appeal", None)},
    ),
    (
        "What is your comment on the talks in Doha?",
        "We call on all parties in Syria to put the country and people first.",
        {("appeal", "SYR")},
        {("appeal", None)},
    ),
    (
        "The US and Russia traded threats. What is your comment?",
        "We hope the international community will work together for peace.",
        {("appeal", None)},
        {("appeal", "USA"), ("appeal", "RUS")},
    ),
    # Near misses of declining (rule 5), a participle that continues the speaker's clause, a contracted "shouldn't".
    (
        "What did the two sides propose?",
        "With regard to what has been proposed during the consultations, we cannot give you any details at the moment.",
        {("no_comment", None)},
        set(),
    ),
    (
        "Will Kim Jong Un meet the State Councilor?",
        "Like I said, we will release information on State Councilor Wang Yi's visit to the DPRK in due course.",
        {("no_comment", None)},
        set(),
    ),
    (
        "What is your comment on the detention?",
        "The Chinese side has lodged stern representations with the Canadian side and the US side, demanding them to "
        "immediately release the detainee.",
        {("demand", "CAN"), ("demand", "USA"), ("protest", "CAN")},
        {("demand", None)},
    ),
    (
        "Canada said it would keep asking for the release. What is your comment?",
        "Canada said it lodged representations with China, demanding it to release the two.",
        set(),
        {("demand", None), ("demand", "CAN")},
    ),
    (
        "What is your comment on the US restrictions on Chinese journalists?",
        "The US shouldn't wantonly oppress Chinese media out of ideological bias.",
        {("demand", "USA")},
        set(),
    ),
    # Organisations (rule 2): a target only where the act is directed at it, never as the venue, nor through a
    # pronoun whose antecedent is the organisation that spoke; named groups are their organisation.
    (
        "What is your comment on the new US sanctions?",
        "We oppose the imposition of unilateral sanctions by certain country outside the framework of the UN.",
        {("oppose", "USA")},
        {("oppose", "un")},
    ),
    (
        "What is your comment on the meeting?",
        "The WHO praised China's response. We appreciate this.",
        {("welcome", None)},
        {("welcome", "who")},
    ),
    (
        "What is your comment on the WHO's decision?",
        "We welcome it.",
        {("welcome", "who")},
        set(),
    ),
    (
        "What is your comment on the dialogue in Addis Ababa?",
        "The Chinese side is ready to work with the African side to implement the outcomes of the summit.",
        {("cooperate", "au")},
        {("cooperate", None)},
    ),
    # Support both ways is a relation, not China's act; China as an indirect object is no subject.
    (
        "What is your comment on the medical supplies from Canada?",
        "Since the outbreak, China and Canada have been offering each other support and assistance.",
        set(),
        {("support", "CAN"), ("support", None)},
    ),
    (
        "What is your comment on the medical supplies from Russia?",
        "After the outbreak, Russia gave China support.",
        set(),
        {("support", "RUS"), ("support", None)},
    ),
    # Harm that comes back on the doer warns the actor the question is about (rule 7).
    (
        "The US plans to restrict Chinese investment. What is your comment?",
        "Such moves will only end up hurting everyone and will definitely be detrimental to themselves.",
        {("warn", "USA")},
        set(),
    ),
    # An opposition that names no one answers the question; "the relevant countries" are each state it names.
    (
        "Japan's new defence paper mentions Taiwan. What is your comment?",
        "China firmly opposes interference by any country in its internal affairs.",
        {("oppose", "JPN")},
        {("oppose", None)},
    ),
    (
        "The UK and Canada will not send officials to the Games. What is your response?",
        "We hope that relevant countries will practice the Olympic spirit.",
        {("appeal", "GBR"), ("appeal", "CAN")},
        {("appeal", None)},
    ),
    # Pointing back to a stated position is declining only where the answer adds nothing else on it (rule 5).
    (
        "What is your comment on the US move?",
        "China has stated its position on this on many occasions. We firmly oppose the US move.",
        {("oppose", "USA")},
        {("no_comment", None)},
    ),
    (
        "What is your comment on the US move?",
        "China has stated its position on this on many occasions.",
        {("no_comment", None)},
        set(),
    ),
    # Sovereignty is asserted against the actor the question is about (rules 1 and 3), or the one named.
    (
        "Two US warships sailed near the Nansha Islands. What is your comment?",
        "China has indisputable sovereignty over the Nansha Islands and their adjacent waters.",
        {("sovereignty", "USA")},
        {("sovereignty", None)},
    ),
]


@pytest.mark.parametrize(("question", "answer", "present", "absent"), CASES)
def test_language(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found, (present - found, found)
    assert not (absent & found), (absent & found, found)


def test_multi_part_question_takes_the_context_of_its_part() -> None:
    q = (
        "First, maybe you could provide some more information on the meeting between Russian President Putin and "
        "President Xi Jinping? Second, the US Treasury Department recently imposed sanctions on five entities. "
        "What is China's comment on this?"
    )
    a = (
        "Regarding your first question, I have no more information to offer.\n"
        "On your second question, China opposes the imposition of unilateral sanctions by certain country in "
        "accordance with its domestic laws."
    )
    found = pairs(a, q)
    assert ("oppose", "USA") in found
    assert ("oppose", "RUS") not in found


def test_whitespace_runs_keep_offsets() -> None:
    a = "We  firmly   oppose the\tUS move."
    b = briefing([("What is your comment on the US move?", a)])
    (p,) = extract_positions(b, mentions(b))
    assert (p.act, p.target and p.target.key, p.evidence) == ("oppose", "USA", a)


@pytest.mark.parametrize(
    ("question", "answer", "present", "absent"),
    [
        # Pointing to an earlier answer declines to answer again; a stern position made clear is no such pointer.
        (
            "What is your comment on the WSJ?",
            "I have repeatedly stated China's position on WSJ.",
            {("no_comment", None)},
            set(),
        ),
        (
            "What is your comment?",
            "Lately China has made clear its stern position to the UK on the legislative amendment.",
            set(),
            {("no_comment", None)},
        ),
        (
            "Can you confirm?",
            "You may get more specifics from the competent Chinese authorities.",
            {("no_comment", None)},
            set(),
        ),
        # Futile attempts are warnings.
        ("What is your comment?", "Such attempts are only futile.", {("warn", None)}, set()),
        # Advice to avoid something accuses no one.
        (
            "What is your comment on the Korean Peninsula?",
            "In order to sustain the momentum on the Korean Peninsula, all relevant parties shall demonstrate goodwill "
            "to each other, avoid provocative actions that will trigger tension, and make concerted efforts.",
            set(),
            {("criticize", None)},
        ),
        # An evaluation whose subject is a place aims at no one, whatever the question.
        (
            "Joseph Wu mentioned a memorandum signed between China and WHO. Does it still apply?",
            "The Taiwan authorities are trying to hype up the MOU signed years ago in another show of political "
            "maneuvering under the pretext of the pandemic.",
            {("criticize", None)},
            {("criticize", "who")},
        ),
    ],
)
def test_declining_warning_and_advice(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found, (present - found, found)
    assert not (absent & found), (absent & found, found)


@pytest.mark.parametrize(
    ("question", "answer", "present", "absent"),
    [
        # Someone else has already answered: declining.
        (
            "Was the Central Government involved in the arrests?",
            "The Hong Kong SAR police has already commented on that.",
            {("no_comment", None)},
            set(),
        ),
        # Meddling lawmakers: "poking their nose", "absurdity", and advice addressed to "these lawmakers".
        (
            "Seven US Senators wrote to the UN Secretary-General opposing the appointment. What's your comment?",
            "But a handful of anti-China US lawmakers are now poking their nose into the election rules of the UN "
            "agency. It's nothing short of absurdity. We advise these lawmakers to work in real earnest to address "
            "human rights problems at home.",
            {("criticize", "USA"), ("reject", "USA"), ("demand", "USA")},
            set(),
        ),
        # An actor before a group word is the actor: "ASEAN countries".
        (
            "How does China see its cooperation with ASEAN?",
            "We hope ASEAN countries will defeat the virus at an early date.",
            {("appeal", "asean")},
            {("appeal", None)},
        ),
        # Advice reaches over a few words: "avoid politicizing ... and shifting blame to others".
        (
            "The Russian Foreign Ministry commented on the US accusations against the WHO. What is your comment?",
            "In particular, they should avoid politicizing anti-pandemic cooperation and shifting blame to others.",
            set(),
            {("criticize", "RUS"), ("criticize", None)},
        ),
        # "As to the second question": a part marked "First question, ... Second, ..." gives the context.
        (
            "First question, President Trump said there will be a call on trade today. Can you confirm that? Second, "
            "what is your reaction on the statement from the UK calling on the claimants to respect the ruling?",
            "Regarding your first question, the spokesperson already responded.\nAs to the second question, some "
            "non-regional countries made unwelcome remarks. China opposes that.",
            {("oppose", "GBR"), ("no_comment", None)},
            {("oppose", "USA")},
        ),
    ],
)
def test_more_language(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found, (present - found, found)
    assert not (absent & found), (absent & found, found)


def test_the_groups_the_conventions_name_are_organisations() -> None:
    # annotation.md, positions rule 2: "the African side" -> AU, "China-Arab" -> LAS, "China-CEEC" -> CEEC.
    from kg.gazetteer import load_gazetteer
    from kg.types import EntityKind

    orgs = load_gazetteer(EntityKind.ORGANIZATION)
    names = {key: {e.label, *e.alt_labels} for key, e in orgs.items()}
    assert {"African side"} <= names["au"]
    assert {"LAS", "China-Arab", "Arab side"} <= names["arab-league"]
    assert {"CEEC", "China-CEEC", "17+1"} <= names["ceec"]
