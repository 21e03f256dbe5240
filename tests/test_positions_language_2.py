"""Positions, second round: readiness to cooperate, declining to answer, contractions, rejection and
criticism as evaluations of an actor's conduct. Real corpus sentences (names swapped for the test gazetteer
where the original state is not in it), each with a trap that must not fire."""

from __future__ import annotations

import pytest

from tests.test_positions_language import Pair, pairs

Case = tuple[str, str, set[Pair], set[Pair]]
ASKED = "What is your comment?"

COOPERATE: list[Case] = [
    # Valuing relations, attaching importance to them: readiness to cooperate, not praise.
    (ASKED, "China highly values its ties with Australia.", {("cooperate", "AUS")}, {("welcome", "AUS")}),
    (
        ASKED,
        "China always attaches great importance to growing its strategic partnership with Pakistan.",
        {("cooperate", "PAK")},
        set(),
    ),
    (ASKED, "We value our relationship with Canada.", {("cooperate", "CAN")}, set()),
    # ... but valuing an actor's role is praise, and valuing one's own citizens' safety is neither.
    (ASKED, "China highly values ASEAN's role.", {("welcome", "ASEAN")}, {("cooperate", "ASEAN")}),
    (
        ASKED,
        "I would like to reiterate that the Chinese government highly values the safety and legitimate rights and "
        "interests of Chinese citizens overseas.",
        set(),
        {("welcome", None), ("cooperate", None)},
    ),
    (
        ASKED,
        "China always attaches great importance to the safety and health of foreign nationals in China.",
        set(),
        {("cooperate", None)},
    ),
    # Moving relations forward, promoting their development, improving ties.
    (
        ASKED,
        "China will continue to move forward its exchanges and cooperation in various fields with Cuba under the "
        "principle of equality, mutual benefit and win-win cooperation.",
        {("cooperate", "CUB")},
        set(),
    ),
    (
        ASKED,
        "China stands ready to promote sustained and sound development of China-Russia relations.",
        {("cooperate", "RUS")},
        set(),
    ),
    (
        "Does the Vatican delegation's visit help?",
        "China is always sincere about improving its ties with the Vatican.",
        {("cooperate", None)},
        set(),
    ),
    # Someone else's relations are not the speaker's readiness.
    (
        ASKED,
        "China always supports the DPRK and the ROK in seeking reconciliation and cooperation and improving their "
        "relations.",
        {("support", "PRK"), ("support", "KOR")},
        {("cooperate", "PRK"), ("cooperate", "KOR"), ("cooperate", None)},
    ),
    # An agent phrase brings in another actor: the verbs after it are that actor's.
    (
        ASKED,
        "China speaks highly of the positive efforts made by the ROK to move forward the denuclearization of the "
        "Korean Peninsula and promote the reconciliation and cooperation with the DPRK.",
        {("welcome", "KOR")},
        {("cooperate", "PRK")},
    ),
    # Readiness whose object is cooperation itself, help, a part to play, an engagement to continue.
    (
        ASKED,
        "We stand ready to further facilitate information flow, exchange experience and know-how, and cooperate in "
        "diagnosis and treatment solutions and medicine and vaccine development.",
        {("cooperate", None)},
        set(),
    ),
    (
        ASKED,
        "China is willing to continue to maintain communication and cooperation in this regard with relevant "
        "countries in the South China Sea, including the Philippines.",
        {("cooperate", None)},
        set(),
    ),
    (
        "How will China help India?",
        "China stands ready to share its experience in epidemic prevention and control with the Indian side.",
        {("cooperate", "IND")},
        set(),
    ),
    (ASKED, "China is ready to continue helping them as much as we can.", {("cooperate", None)}, set()),
    (ASKED, "China will continue to play its due role along with other parties.", {("cooperate", None)}, set()),
    (
        ASKED,
        "We would like to continue our engagement with all parties to the issue.",
        {("cooperate", None)},
        set(),
    ),
    (
        "Will the US trade delegation still come?",
        "We have said that China's door for negotiation remains open.",
        {("cooperate", "USA")},
        set(),
    ),
    # "I'd like to share with you" is no cooperation; neither is contact with one's own citizens.
    (ASKED, "I would like to share with you some latest figures.", set(), {("cooperate", None)}),
    (
        ASKED,
        "Our embassy is in close contact with our citizens there to provide consular protection and assistance.",
        set(),
        {("cooperate", None)},
    ),
    # Others' gerunds after "support X in ..." are theirs; a city before a capitalised word is no subject.
    (
        ASKED,
        "We support the DPRK and the ROK in enhancing mutual trust and improving ties through dialogue.",
        {("support", "PRK"), ("support", "KOR")},
        {("cooperate", None), ("cooperate", "PRK")},
    ),
    (
        ASKED,
        "President Mutharika, who attended the FOCAC Beijing Summit last year, highly values Malawi's relationship "
        "with China.",
        set(),
        {("cooperate", None)},
    ),
    # A group that singles out a member names it; an actor before a group word is the actor.
    (
        ASKED,
        "China stands ready to work with all parties concerned, including Russia, to take phased and synchronized "
        "steps.",
        {("cooperate", "RUS")},
        {("cooperate", None)},
    ),
    (
        ASKED,
        "China has been actively committed to advancing the COC negotiations with ASEAN countries.",
        {("cooperate", "ASEAN")},
        {("cooperate", None)},
    ),
    (
        "Nigeria has a new government. What is your comment?",
        "We stand ready to work with the new administration to step up exchange and cooperation in various areas.",
        {("cooperate", None)},
        set(),
    ),
]

NO_COMMENT: list[Case] = [
    # Deferred answers: checking, getting back, more information to come.
    (
        ASKED,
        "I need to check on these statements that you said were made by the President.",
        {("no_comment", None)},
        set(),
    ),
    (ASKED, "I will check on that after the press conference.", {("no_comment", None)}, set()),
    (ASKED, "I will need to get more information on the details.", {("no_comment", None)}, set()),
    (ASKED, "I will get back to you after getting to know more about it.", {("no_comment", None)}, set()),
    (ASKED, "We will let you know if there's any update.", {("no_comment", None)}, set()),
    (ASKED, "We will keep you updated once there is more information on this meeting.", {("no_comment", None)}, set()),
    (ASKED, "More details of the consultations will be released in due course.", {("no_comment", None)}, set()),
    (
        ASKED,
        "Now the two sides are stepping up preparatory efforts and we will issue relevant information in due course.",
        {("no_comment", None)},
        set(),
    ),
    (ASKED, "Just hold on and the information will be coming soon.", {("no_comment", None)}, set()),
    # Nothing to say, tell or update.
    (ASKED, "I'm afraid I have nothing to say on that.", {("no_comment", None)}, set()),
    (ASKED, "I have nothing specific to tell you at the moment.", {("no_comment", None)}, set()),
    (ASKED, "I don't have anything further to update you at the moment.", {("no_comment", None)}, set()),
    (ASKED, "As for your question, I haven't got relevant information so far.", {("no_comment", None)}, set()),
    # Not seen, not read, cannot confirm: contractions are negations too.
    (ASKED, "I haven't read this letter yet.", {("no_comment", None)}, set()),
    (ASKED, "I have not seen this Global Times article.", {("no_comment", None)}, set()),
    (
        ASKED,
        "I cannot confirm or disclose any information about the specific content of the text.",
        {("no_comment", None)},
        set(),
    ),
    (ASKED, "I have seen your report.", set(), {("no_comment", None)}),
    # Elsewhere: leave it to, better ask, follow up, find it in the readout, someone else responded.
    (ASKED, "I'll leave that to the Ministry of Commerce.", {("no_comment", None)}, set()),
    (
        ASKED,
        "I'll leave your third question to the competent authority of the Chinese side.",
        {("no_comment", None)},
        set(),
    ),
    (
        ASKED,
        "As for the foreign policies of the new President, you'd better ask the Maldivian side.",
        {("no_comment", None)},
        set(),
    ),
    (ASKED, "You may follow up on that.", {("no_comment", None)}, set()),
    (ASKED, "You will find the answer in our readout if you read it carefully.", {("no_comment", None)}, set()),
    (ASKED, "As for the details, you could keep in touch with the Commerce Ministry.", {("no_comment", None)}, set()),
    (
        ASKED,
        "If I remember it right, the Spokesperson for the Taiwan Affairs Office of the State Council has made a "
        "response to similar questions.",
        {("no_comment", None)},
        set(),
    ),
    (ASKED, "We have answered many similar questions here.", {("no_comment", None)}, set()),
    (ASKED, "I answered this question last week. My answer remains the same.", {("no_comment", None)}, set()),
    # A passive is no report: "whether it will be added" does not make the decline someone else's.
    (
        ASKED,
        "As to whether it will be added to the unreliable entity list, I have no information.",
        {("no_comment", None)},
        set(),
    ),
    (
        ASKED,
        "If you want to learn about more details, you can contact the local government.",
        {("no_comment", None)},
        set(),
    ),
    (
        ASKED,
        "Both China and Russia issued press releases on the talks yesterday, which you may refer to if you are "
        "interested.",
        {("no_comment", None)},
        set(),
    ),
    (ASKED, "Previously we briefed you on China's participation in the review.", set(), {("no_comment", None)}),
    # Traps: leaving a question to scientists, rhetorical "ask them whether", advice to travellers, holds.
    (
        ASKED,
        "We should leave it to scientists and professionals to investigate and prove the origin of the virus.",
        set(),
        {("no_comment", None)},
    ),
    (
        ASKED,
        "You can ask these people which legal articles the relevant Chinese judicial organs have violated.",
        set(),
        {("no_comment", None)},
    ),
    (ASKED, "In case of emergency, please contact local police immediately.", set(), {("no_comment", None)}),
    (
        ASKED,
        "Chinese tourists are advised to stay tuned to relevant information and pay close attention to their "
        "own safety.",
        set(),
        {("no_comment", None)},
    ),
    (
        ASKED,
        "China has put a technical hold on the application as more time is needed for a thorough assessment.",
        set(),
        {("no_comment", None)},
    ),
    (ASKED, "We will further verify the facts.", set(), {("no_comment", None)}),
]

ABOUT_US = "US Secretary of State Pompeo made these remarks yesterday. What is your comment?"

CRITICIZE: list[Case] = [
    # Tricks, blame games, hype, flip-flopping, anti-China forces, disregard of facts, undermining authority.
    (ABOUT_US, "It seems like the US is up to its old tricks again.", {("criticize", "USA")}, set()),
    (
        ABOUT_US,
        "They should focus on combating the virus and saving American lives instead of playing the boring and "
        "preposterous blame game.",
        {("criticize", "USA")},
        set(),
    ),
    (
        ABOUT_US,
        "Despite all these, the US has been playing up the so-called outer space security threats posed by others.",
        {("criticize", "USA")},
        set(),
    ),
    (
        ABOUT_US,
        "The US' statement explicitly runs against the consensus it reached with the Chinese side not long ago.",
        {("criticize", "USA")},
        set(),
    ),
    (
        "What is your comment on the Henry Jackson Society's report?",
        "The Henry Jackson Society maintains an attitude towards China that represents the perception and illusion "
        "held by some extremely anti-China forces.",
        {("criticize", None)},
        set(),
    ),
    (
        "The UK raised concerns on Xinjiang. What is your response?",
        "We noted that certain people in the UK have been making irresponsible remarks on the issue of Xinjiang "
        "recently in disregard of facts.",
        {("criticize", "GBR")},
        {("reject", "GBR")},
    ),
    # A pronoun as the subject is the one accused; the Security Council in the object suffers.
    (
        "The US put forward a draft resolution. What is your comment?",
        "The US is bypassing the 1267 Committee. It has undermined the authority of the 1267 Committee as a main "
        "counter-terrorism agency at the Security Council.",
        {("criticize", "USA")},
        {("criticize", "UNSC")},
    ),
    # An organisation that owns the rule is no target.
    (
        ASKED,
        "This is in essence a flagrant practice of hegemony, which also breaches the WTO rule of non-discrimination.",
        set(),
        {("criticize", "WTO")},
    ),
    # Hypotheses accuse no one: "any attempt", bare "attempts to", "anything that"; but someone's attempts do.
    (
        ASKED,
        "Any attempt to sow discord between China and Russia is doomed to fail.",
        {("warn", None)},
        {("criticize", None), ("criticize", "RUS")},
    ),
    (
        ASKED,
        "Attempts to drive a wedge between China and Central Asian countries will never succeed.",
        set(),
        {("criticize", None)},
    ),
    (
        ABOUT_US,
        "We urge the US side to stop saying or doing anything that may undermine mutual trust and cooperation.",
        {("demand", "USA")},
        {("criticize", "USA")},
    ),
    (
        ABOUT_US,
        "US Secretary of State Pompeo's attempts to slander China are irresponsible and nonsensical.",
        {("criticize", "USA")},
        set(),
    ),
    # Reported opinions are not the speaker's, unless the speaker asks.
    (
        ASKED,
        "Some people in Hong Kong think my comments yesterday are double standards.",
        set(),
        {("criticize", None)},
    ),
    (
        "Australia called for an inquiry. What is your comment?",
        "Do they really think that they can simply count on using maybe to justify their groundless speculation "
        "and irresponsible accusations against China?",
        {("criticize", "AUS")},
        set(),
    ),
]

REJECT: list[Case] = [
    (
        "Germany's industry federation criticized China. What is your comment?",
        "Frankly speaking, similar arguments are nothing but dishing up the same old stuff.",
        {("reject", None)},
        set(),
    ),
    (ABOUT_US, "The latest US statement is nothing but singing the same old tune again.", {("reject", "USA")}, set()),
    (ASKED, "I don't think that's the correct interpretation of it.", {("reject", None)}, set()),
    (ABOUT_US, "I'd also like to point out many errors in the US statement.", {("reject", "USA")}, set()),
    (
        "Japan approved textbooks renewing its claim. What is your comment?",
        "The fact that Diaoyu Island belongs to China cannot be altered no matter what the Japanese side says or does.",
        {("reject", "JPN")},
        set(),
    ),
    (ASKED, "First I need to correct you on the title of Tsai Ing-wen.", {("reject", None)}, set()),
    (
        ASKED,
        "I will need to correct you. China has not vetoed anything relating to this matter.",
        {("reject", None)},
        set(),
    ),
    # Unwarranted restrictions are criticism; unwarranted accusations are rejected.
    (
        ABOUT_US,
        "The US should stop political oppression and unwarranted restriction against Chinese media.",
        {("criticize", "USA")},
        {("reject", "USA")},
    ),
    (ABOUT_US, "These are unwarranted accusations.", {("reject", "USA")}, set()),
]

SUPPORT_AND_PAIRS: list[Case] = [
    # "The two sides" are the two actors just named; "our two sides" includes China and stays no one.
    (
        "Pakistan said it shot down two Indian planes. What is your comment?",
        "India and Pakistan are both important countries in South Asia. We hope the two sides will exercise restraint.",
        {("appeal", "IND"), ("appeal", "PAK")},
        {("appeal", None)},
    ),
    (
        "The DPRK and the US may discuss an end-of-war declaration. What is your comment?",
        "We hope both sides will meet each other halfway.",
        {("appeal", "PRK"), ("appeal", "USA")},
        set(),
    ),
    (
        "When will the trade talks resume?",
        "With regard to the issues in China-US economic relations, our two sides should adopt a sincere attitude.",
        {("appeal", None)},
        {("appeal", "USA")},
    ),
    # Support given, expressed or enjoyed; China's own companies are no target; mutual support is no act.
    (
        "The US is facing a difficult situation. What is your comment?",
        "China understands the difficult situation the US is facing now and will continue providing support within "
        "its capacity.",
        {("support", "USA")},
        set(),
    ),
    (
        ASKED,
        "China has expressed its firm support to the decolonization process championed by the UN.",
        {("support", "UN")},
        set(),
    ),
    (
        ASKED,
        "We hope that both the ROK and the DPRK could improve bilateral relations, and they will have our support in "
        "these efforts.",
        {("support", "KOR"), ("support", "PRK")},
        set(),
    ),
    (
        "What is your comment on the Kyaukpyu project in Myanmar?",
        "China supports Chinese enterprises in working with the Myanmar side for progress in the Kyaukpyu projects.",
        {("support", None)},
        {("support", "MMR")},
    ),
    (
        ASKED,
        "China and Sri Lanka are strategic cooperative partners, and we have lent sincere support to each other as "
        "always.",
        set(),
        {("support", "LKA"), ("support", None)},
    ),
    (
        ASKED,
        "We will never forget the sincere assistance and support we received from the international community.",
        {("welcome", None)},
        {("support", None)},
    ),
    (
        "What is your comment on the WHO?",
        "China has never said it stands against WHO. In fact, we have all along firmly supported the organization's "
        "work.",
        {("support", "WHO")},
        set(),
    ),
    # China as the object of others' verbs is no subject of the speaker's: the Central Asian countries praise.
    (
        ASKED,
        "The Central Asian countries always understand and support China on Xinjiang-related issues and speak "
        "highly of the counterterrorism measures in Xinjiang.",
        set(),
        {("welcome", None)},
    ),
]

WARN: list[Case] = [
    (
        "Canada detained Ms. Meng. What is your comment?",
        "We hope that they can think about why and immediately correct their mistakes, otherwise things could be "
        "even worse.",
        {("warn", "CAN")},
        set(),
    ),
    (ABOUT_US, "The US will be responsible for all related consequences.", {("warn", "USA")}, set()),
    (
        ABOUT_US,
        "Should the US choose to go further down the wrong path, it could expect more countermeasures from China.",
        {("warn", "USA")},
        set(),
    ),
    (
        ABOUT_US,
        "But if it insists on escalating trade frictions, we will respond to it with resolution and perseverance.",
        {("warn", "USA")},
        set(),
    ),
    # Others' countermeasures, past ones justified, and an evacuation are no warnings; nor are served interests.
    (
        ASKED,
        "Quite a few WTO members, like Canada and Mexico, have taken corresponding countermeasures in response.",
        set(),
        {("warn", "CAN"), ("warn", None)},
    ),
    (
        ASKED,
        "If the epidemic worsens, we will take necessary measures to assist their return home.",
        set(),
        {("warn", None)},
    ),
    (ASKED, "Otherwise, no party's interests will be served.", set(), {("warn", None)}),
    (ASKED, "I don't believe anyone would say otherwise.", set(), {("warn", None)}),
]

OPPOSE_DEMAND_CONCERN: list[Case] = [
    (
        "Is China against the WHO inquiry?",
        "What we object to is the attempt to politicize the tracing of origin of the virus by the US.",
        {("oppose", "USA")},
        set(),
    ),
    (
        ASKED,
        "Here I will reiterate our consistent, unequivocal and firm opposition to US arms sales to Taiwan.",
        {("oppose", "USA")},
        set(),
    ),
    (
        ASKED,
        "Some US politicians have been using this term, causing great anger and strong opposition from the Chinese "
        "people.",
        set(),
        {("oppose", "USA")},
    ),
    # A passive after "should" says what should happen to something, not what its owner must do.
    (
        ASKED,
        "China always believes that the sovereignty of Syria should be upheld and respected.",
        set(),
        {("demand", "SYR")},
    ),
    (ABOUT_US, "The US should stop its interference.", {("demand", "USA")}, set()),
    # "The countries you mentioned": the question's pair.
    (
        "Both Japan and the UK raised concerns on Xinjiang. What is your response?",
        "We urge the certain countries you just mentioned to stop making erroneous remarks.",
        {("demand", "JPN"), ("demand", "GBR")},
        set(),
    ),
    (
        ASKED,
        "We have noted relevant reports and are expressing our grave concerns to the US side.",
        {("concern", "USA")},
        set(),
    ),
    # "what China has done" is no subject of the speaker's.
    (
        ASKED,
        "They welcome and appreciate what China has done, and commend China as Africa's most trustworthy partner.",
        set(),
        {("welcome", None)},
    ),
]

ROUND_THREE: list[Case] = [
    # A pronoun subject told what to do: "it" points back; "they" only to actors just named.
    (
        ABOUT_US,
        "The US is bypassing the committee. It should stop interfering in China's domestic affairs.",
        {("demand", "USA")},
        set(),
    ),
    (
        ASKED,
        "We have made clear our position to the Canadian and US governments that they should immediately correct "
        "their mistakes and release Ms. Meng Wanzhou.",
        {("demand", "CAN"), ("demand", "USA")},
        set(),
    ),
    (
        "Russia commented on the US accusations. What is your comment?",
        "Countries should refrain from groundless accusations. In particular, they should avoid shifting blame to "
        "others.",
        set(),
        {("demand", "RUS"), ("demand", "USA")},
    ),
    (
        ABOUT_US,
        "The US charges fees. Not to mention they have to spend as much as 354 dollars each time.",
        set(),
        {("demand", "USA")},
    ),
    (ASKED, "The Canadian government shall immediately release Ms. Meng Wanzhou.", {("demand", "CAN")}, set()),
    # Representations lodged in a participle phrase; condemned attacks are not the country where they happened.
    (
        ASKED,
        "Besides lodging stern representations with the Canadian side, we also did that with the US side.",
        {("protest", "CAN")},
        set(),
    ),
    (
        ASKED,
        "China strongly condemns the violent attacks in Sulu province of the Philippines on innocent civilians.",
        {("criticize", None)},
        set(),
    ),
    # Rejections of the reporter's reading; a mistake called so; consequences that depend on someone.
    (ASKED, "You cannot distort what I just said.", {("reject", None)}, set()),
    (ASKED, "I don't get your logic.", {("reject", None)}, set()),
    (ABOUT_US, "Like I said just now, this case is a serious mistake.", {("criticize", "USA")}, set()),
    (ASKED, "Who is making mistakes?", set(), {("criticize", None)}),
    (
        "Canada was warned of serious consequences. What is your comment?",
        "As for the serious consequences we are talking about, they are wholly dependent on the Canadian side.",
        {("warn", "CAN")},
        set(),
    ),
    # Declining: "we rarely comment", "my colleagues have taken many questions", "a related question"; but "we do
    # not comment, but I believe" comments.
    (
        ASKED,
        "You should know that we rarely make specific comments on the reports by the media.",
        {("no_comment", None)},
        set(),
    ),
    (ASKED, "My colleagues have taken many questions here on the case.", {("no_comment", None)}, set()),
    (ASKED, "I also answered a related question just now.", {("no_comment", None)}, set()),
    (
        ASKED,
        "As for whether the US availed itself of this window, we do not comment, but I believe the fact is "
        "witnessed by all.",
        set(),
        {("no_comment", None)},
    ),
]

CONDUCT: list[Case] = [
    (
        ABOUT_US,
        "China always holds that the US maximum pressure is the root cause of the current tensions.",
        {("criticize", "USA")},
        set(),
    ),
    (
        "Canada detained Ms. Meng. What is your comment?",
        "In fact, it is Canada, instead of China, that has arbitrarily detained foreign citizen under the pretext "
        "of law.",
        {("criticize", "CAN")},
        set(),
    ),
    (
        ABOUT_US,
        "Now it is resorting to discriminatory restrictive visa measures, severely disrupting Chinese media's "
        "normal reporting in the US.",
        {("criticize", "USA")},
        set(),
    ),
    (ABOUT_US, "Such remarks were made to muddy the waters.", {("criticize", "USA")}, set()),
    (ABOUT_US, "We strongly urge the US to stop such provocation.", {("criticize", "USA"), ("demand", "USA")}, set()),
    # "we've said" is the speaker's own saying, so the evaluation that follows is the speaker's.
    (
        ABOUT_US,
        "As we've repeatedly said, slanders, smears and blame games cannot make up for lost time.",
        {("criticize", "USA")},
        set(),
    ),
    # A non-discriminatory environment and the abuse of drugs accuse no one.
    (
        ASKED,
        "We hope the relevant countries can provide a fair, just and non-discriminatory business environment for "
        "Chinese companies.",
        set(),
        {("criticize", None)},
    ),
    (
        ASKED,
        "The abuse of fentanyl-like substances in the US at this point results from many factors.",
        set(),
        {("criticize", "USA")},
    ),
]

DENIALS: list[Case] = [
    # The speaker's own source is no report; the reporter's words judged are no report either.
    (
        "The Philippines accused a Chinese ship of aiming a radar gun. What is your comment?",
        "According to what we know, the accusation about radar gun-aiming is not true.",
        {("reject", None)},
        set(),
    ),
    (ASKED, "I can tell you this: what you said is simply not true.", {("reject", None)}, set()),
    (ASKED, "According to the US side, the report is not true.", set(), {("reject", None), ("reject", "USA")}),
    # "not the first time" negates nothing.
    (ABOUT_US, "It's not the first or second time the US has made up such lies.", {("reject", "USA")}, set()),
    (ABOUT_US, "This is not a lie.", set(), {("reject", "USA")}),
    (
        ASKED,
        "The so-called award is illegal, null and void and China neither accepts nor recognizes it.",
        {("reject", None)},
        set(),
    ),
    (
        "The US wants trilateral arms control talks. What is your comment?",
        "China has no intention of participating in the so-called trilateral arms control negotiations.",
        {("reject", "USA")},
        set(),
    ),
    (ASKED, "Some media has been churning out false information lately.", {("reject", None)}, set()),
    (
        "Canada blamed China. What is your comment?",
        "The responsibility lies completely with the Canadian side.",
        {("criticize", "CAN")},
        set(),
    ),
    (ABOUT_US, "We urge the relevant party to stop its rumor-mongering.", {("criticize", "USA")}, set()),
]

CONTRACTIONS: list[Case] = [
    (ASKED, "We don't support this.", {("oppose", None)}, {("support", None)}),
    (ASKED, "China doesn't accept the so-called ruling.", {("reject", None)}, set()),
    (ASKED, "We didn't welcome that.", set(), {("welcome", None)}),
]


@pytest.mark.parametrize(
    ("question", "answer", "present", "absent"),
    COOPERATE
    + NO_COMMENT
    + CRITICIZE
    + REJECT
    + SUPPORT_AND_PAIRS
    + WARN
    + OPPOSE_DEMAND_CONCERN
    + ROUND_THREE
    + CONDUCT
    + DENIALS
    + CONTRACTIONS,
)
def test_language(question: str, answer: str, present: set[Pair], absent: set[Pair]) -> None:
    found = pairs(answer, question)
    assert present <= found, (present - found, found)
    assert not (absent & found), (absent & found, found)
