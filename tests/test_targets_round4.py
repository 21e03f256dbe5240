"""Targets, fourth round of issue 12 (tests/dev/targets-errors-4.md): an untargeted restatement of an act the same
answer aims at a named actor is no second stance; a pointer back ("they", "that", "the two sides") stands for every
actor the previous sentence names together, not its first. The sentences are from the tuning gold (t1619623 e4,
t1595908 e2) and dev pages (t1767935 e12, t1693289 e4)."""

from __future__ import annotations

from kg.types import EntityKind, EntityRef, Position
from tests.test_position_groups import positions


def pairs(found: tuple[Position, ...], act: str) -> list[tuple[str | None, str | None]]:
    return sorted(((p.target.key if p.target else None), p.target_rule) for p in found if p.act == act)


def test_an_untargeted_restatement_beside_a_targeted_act_is_left_out() -> None:
    question = "The US says Chinese hackers attacked a hotel group. Do you have any comment?"
    answer = (
        "China firmly opposes all cyber attacks. We firmly oppose the US making groundless accusations "
        "on the issue of cyber security."
    )
    assert pairs(positions(answer, question), "oppose") == [("USA", None)]


def test_a_stance_of_principle_beside_a_targeted_act_stays() -> None:
    # Round 7 (targets-errors-7.md): the act stated of a whole class ("all forms of") is a clause of its own.
    question = "The US says Chinese hackers attacked a hotel group. Do you have any comment?"
    answer = (
        "China firmly opposes all forms of cyber attack. We firmly oppose the US making groundless accusations "
        "on the issue of cyber security."
    )
    found = positions(answer, question)
    oppose = {(p.target and p.target.key, p.target_rule) for p in found if p.act == "oppose"}
    assert oppose == {(None, None), ("USA", None)}


def test_an_untargeted_act_stays_where_the_answer_aims_it_at_no_one() -> None:
    question = "The US says Chinese hackers attacked a hotel group. Do you have any comment?"
    answer = "China firmly opposes all forms of cyber attack. We support the UN in its work on cyber security."
    found = positions(answer, question)
    assert pairs(found, "oppose") == [(None, None)]
    assert [p.target.key for p in found if p.act == "support" and p.target] == ["un"]


def test_they_points_back_to_every_actor_named_together() -> None:
    question = "Russia says the New START should be extended. What is your comment?"
    answer = (
        "The US and Russia have the largest nuclear arsenals. "
        "While upholding the New START, they should further drastically reduce their nuclear arsenal."
    )
    assert pairs(positions(answer, question), "demand") == [("RUS", "previous_sentence"), ("USA", "previous_sentence")]


def test_that_points_back_to_the_states_a_pointer_stood_for() -> None:
    question = "What is your reaction on the statement from the UK, Japan and Australia on the South China Sea?"
    answer = (
        "On the other hand, however, some non-regional countries made unwelcome remarks and deliberately highlighted "
        "tensions in disregard of the efforts by regional countries to safeguard peace and stability in the South "
        "China Sea. China opposes that."
    )
    found = [p for p in positions(answer, question) if p.act == "oppose"]
    assert {p.target.key for p in found if p.target} == {"GBR", "JPN", "AUS"}


def test_a_long_list_in_the_previous_sentence_is_no_group_to_point_back_to() -> None:
    question = "How is the epidemic going abroad?"
    answer = "The epidemic is spreading in the US, the UK, Russia, Japan and India. We firmly oppose that."
    found = [p for p in positions(answer, question) if p.act == "oppose"]
    assert len({p.target for p in found}) == 1


def test_those_countries_are_the_states_the_previous_sentence_stood_for() -> None:
    # t1693289 e4 (dev): "those countries" (STATES_BACK, targets.ttl) after "some non-regional countries" that stood
    # for the question's three states.
    question = "What is your reaction on the statement from the UK, Japan and Australia on the South China Sea?"
    answer = (
        "On the other hand, however, some non-regional countries made unwelcome remarks and deliberately highlighted "
        "tensions in disregard of the efforts by regional countries to safeguard peace and stability in the South "
        "China Sea. We urge those countries to look at the South China Sea issue objectively."
    )
    found = [p for p in positions(answer, question) if p.act == "demand"]
    assert {p.target.key for p in found if p.target} == {"GBR", "JPN", "AUS"}
    assert all(p.target_rule == "previous_sentence" for p in found)


def test_these_countries_after_a_group_of_states_are_its_bloc() -> None:
    # As t1760477 e1 (dev: Latin American and Caribbean countries): a group of states (groups.ttl) in the previous
    # sentence is what "these countries" and "their" point back to; an organisation so inferred is kept (rule
    # previous_group).
    answer = (
        "China will follow closely the situation in Central and Eastern European countries. We will enhance "
        "cooperation with these countries to jointly overcome the challenge posed by the virus."
    )
    found = [p for p in positions(answer) if p.act == "cooperate"]
    assert [(p.target.key if p.target else None, p.target_rule) for p in found] == [("ceec", "previous_group")]
    supported = positions(
        "The medical team has returned from Africa after helping African countries. China will continue standing "
        "firm with our African brothers and supporting their efforts to fight COVID-19."
    )
    assert ("au", "previous_group") in [
        (p.target.key, p.target_rule) for p in supported if p.act == "support" and p.target
    ]


def test_a_pointer_to_an_organisation_that_spoke_is_still_no_target() -> None:
    # The bloc rule is only for groups of states: an organisation named as itself stays out of pointers.
    question = "What is your comment?"
    answer = "The WHO praised China's efforts. We appreciate this."
    assert all(p.target is None for p in positions(answer, question) if p.act == "welcome")


def test_a_pointing_subject_after_an_introductory_phrase_points_back() -> None:
    # t1732612 e1 (tuning gold): "it" after "In disregard of ...," is the US of the previous sentence, not the
    # question's Britain.
    question = (
        "The foreign ministers of the UK and Japan issued a joint statement on the JCPOA. What's China's comment?"
    )
    answer = (
        "The US unilaterally withdrew from this agreement. In disregard of international law and obligations, it "
        "resorted to maximum pressure on Iran and thwarted other parties' efforts to implement the deal."
    )
    found = [p for p in positions(answer, question) if p.act == "criticize"]
    assert [(p.target.key if p.target else None, p.target_rule) for p in found] == [("USA", "previous_sentence")]


def test_a_question_part_opened_by_on_the_third_question_is_a_part() -> None:
    # 001_c898893308e39e3b e3 (tuning gold): "On the third question, ..." opens the question's third part, so the
    # answer to it is about the US named there, not the Japan of the first part.
    from kg.extract.positions.actors import question_contexts

    jpn, usa = EntityRef(EntityKind.COUNTRY, "JPN"), EntityRef(EntityKind.COUNTRY, "USA")
    question = "First question, Japan? Japan again? Second question, on TikTok?\nOn the third question, the US?"
    answer = "Regarding the first question, fine.\nRegarding your third question, we oppose it."
    asked = [(16, 21, jpn), (23, 28, jpn), (question.index("the US") + 4, question.index("the US") + 6, usa)]
    contexts = question_contexts(question, answer, asked)
    assert [c[1].key for c in contexts if c[1] is not None] == ["JPN", "JPN", "USA"]


def test_a_pointer_does_not_reach_back_into_the_answer_to_another_part() -> None:
    # 000_921da15b2d4a4fd7 e8 (tuning gold): "it" in the answer to the second part is not the UK of the first.
    question = (
        "Has China made representations to the UK side? Japan is unlikely to send officials to the Winter Olympics. "
        "What's China's comment on this?"
    )
    answer = (
        "Regarding your first question, the Chinese Embassy in the UK has already issued a press release.\n"
        "Regarding your second question, any attempt to politicize sports is against the spirit of the Olympic "
        "Charter. China firmly opposes it."
    )
    found = [p for p in positions(answer, question) if p.act == "oppose"]
    assert [(p.target.key if p.target else None, p.target_rule) for p in found] == [("JPN", "question_actor")]


def test_a_pointing_subject_decides_however_far_the_act_stands() -> None:
    # t1695338 e10 (tuning gold): "They" opens a long clause whose third verb is the criticism: aimed at the US of
    # the previous sentence.
    question = "US Senators will make Hong Kong-related legislation a top priority. Will China take countermeasures?"
    answer = (
        "However, some in the US are still so obstinately sticking to a wrong course. They've threatened to push "
        "the relevant Hong Kong-related legislation, wantonly criticized Hong Kong affairs, and grossly interfered "
        "in China's internal affairs."
    )
    found = [p for p in positions(answer, question) if p.act == "criticize"]
    assert [(p.target.key if p.target else None, p.target_rule) for p in found] == [("USA", "previous_sentence")]


def test_a_pointing_subject_after_a_place_is_no_one_not_the_questions_state() -> None:
    # t1778769 e11 (tuning gold): "Their" after the Taiwan authorities' sentence is aimed at no state; before, the
    # act fell back to the question's US.
    question = "A US government commission has said that Taiwan should join the WHO. Do you have any comment on this?"
    answer = (
        "The DPP authorities in Taiwan have been doing all they can to make reckless political maneuvers. Their real "
        "intention is to solicit foreign support and seek independence under the pretext of the pandemic."
    )
    found = positions(answer, question)
    assert all(p.target is None for p in found), [(p.act, p.target) for p in found]


def test_an_organisation_told_something_or_stating_its_stance_is_not_accused() -> None:
    # t1772428 e2 (tuning gold), t1760477 e4 (dev): RECIPIENT and STANCE_VERB in targets.ttl.
    question = "A US state filed a lawsuit against the Chinese government over the pandemic. What is your comment?"
    told = (
        "Since the outbreak began, the Chinese government has been nothing but open, transparent and responsible in "
        "timely informing the WHO and relevant countries of pandemic-related information. Such lawsuit is nothing "
        "short of frivolous litigation."
    )
    assert all(p.target is None or p.target.key != "who" for p in positions(told, question))
    stance = (
        "WHO and the international community explicitly oppose linking the virus with any specific country and "
        "reject stigmatization."
    )
    assert all(p.target is None or p.target.key != "who" for p in positions(stance, question) if p.act == "criticize")


def test_every_rule_that_infers_a_target_is_allowed_by_the_shapes() -> None:
    # pk:targetRule's values are closed in ontology/shapes.ttl (sh:in): a rule the resolver can give must be there.
    import rdflib
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    from kg.extract.positions.inference import ANSWER_CONTEXT, INFERENCES, PREVIOUS_GROUP
    from kg.ontology import ontology_dir

    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl")
    rule = rdflib.URIRef("https://w3id.org/presskg/ontology#targetRule")
    allowed = {
        str(v)
        for prop in shapes.subjects(SH.path, rule)
        for values in shapes.objects(prop, SH["in"])
        for v in Collection(shapes, values)
    }
    assert {name for name, _ in INFERENCES} | {ANSWER_CONTEXT, PREVIOUS_GROUP} == allowed


def test_a_bloc_no_mention_names_is_described_in_the_graph() -> None:
    # The bloc of a group of states is a target though no mention names it: the graph must describe it (typed as an
    # Organization), or the shapes reject the position's pk:target.
    from kg.extract import extract
    from kg.types import EntityKind as Kind
    from tests._build import briefing

    b = briefing(
        [
            (
                "What will China do for Latin America?",
                "China will follow closely the situation in Latin American and Caribbean countries. We will enhance "
                "cooperation with these countries to jointly overcome the challenge posed by the virus.",
            )
        ]
    )
    found = extract(b)
    targets = {(p.target.kind, p.target.key) for p in found.positions if p.target}
    assert (Kind.ORGANIZATION, "celac") in targets
    assert (Kind.ORGANIZATION, "celac") in {(e.kind, e.key) for e in found.entities}
