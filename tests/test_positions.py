"""Positions: the act scheme in ontology/acts.ttl and the spokesperson's stated positions, on real sentences."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import OntologyError
from kg.extract.positions import extract_positions, load_act_lexicon
from kg.extract.sentences import split_sentences
from kg.extract.topics import extract_topics
from kg.gazetteer import ontology_dir
from kg.types import Position
from tests._build import SPOKESPERSON, briefing, corpus_pages, mentions, read_page

ROOT = Path(__file__).resolve().parent.parent
CAMEO = {
    "oppose": "110", "criticize": "111", "reject": "120", "demand": "100", "appeal": "020", "warn": "130",
    "support": "051", "welcome": "051", "cooperate": "030", "protest": "114", "concern": "012",
    "no_comment": "011", "sovereignty": "010",
}  # fmt: skip


def positions(answer: str, question: str = "What is your comment?") -> tuple[Position, ...]:
    b = briefing([(question, answer)])
    return extract_positions(b, mentions(b), extract_topics(b, mentions(b)))


def pairs(answer: str, question: str = "What is your comment?") -> set[tuple[str, str | None]]:
    return {(p.act, p.target.key if p.target else None) for p in positions(answer, question)}


def test_scheme_has_the_thirteen_acts_with_their_cameo_codes() -> None:
    quads = list(ox.parse((ontology_dir() / "acts.ttl").read_bytes(), ox.RdfFormat.TURTLE))
    skos = "http://www.w3.org/2004/02/skos/core#"
    act_class = ox.NamedNode("https://w3id.org/presskg/ontology#Act")
    acts = {q.subject for q in quads if q.predicate.value.endswith("#type") and q.object == act_class}
    found = {}
    for s in acts:
        props = {q.predicate.value: q.object.value for q in quads if q.subject == s}
        for needed in ("notation", "prefLabel", "definition", "inScheme", "closeMatch"):
            assert skos + needed in props, (s, needed)
        assert s.value == f"https://w3id.org/presskg/id/act/{props[skos + 'notation']}"
        found[props[skos + "notation"]] = props[skos + "closeMatch"]
    assert found == {act: f"https://w3id.org/presskg/cameo/{code}" for act, code in CAMEO.items()}
    lexicon = load_act_lexicon()
    assert sorted({c.act for c in lexicon.cues.values()}) == sorted(CAMEO)


# One real answer sentence (corpus or seeds) per act, with the question that sets its context.
@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        (
            "What is your comment on the US arms sales to Taiwan?",
            "China resolutely opposes US arms sales to Taiwan, and this position remains consistent and firm.",
            ("oppose", "USA"),
        ),
        (
            "What is your comment?",
            "The US has been smearing and attacking WHO without any factual basis.",
            ("criticize", "USA"),
        ),
        (
            "What is your comment?",
            "The US accusations against China-Latin America cooperation are completely baseless and unreasonable.",
            ("reject", "USA"),
        ),
        (
            "The US Senate passed a Xinjiang-related bill. What is your response?",
            "We urge the US side to stop interfering in China's internal affairs under the pretext of Xinjiang.",
            ("demand", "USA"),
        ),
        (
            "What is your comment on the JCPOA?",
            "Under current circumstances, we hope all parties will remain calm and restrained, resolve differences "
            "regarding compliance through dialogue and consultation under the JCPOA Joint Commission.",
            ("appeal", None),
        ),
        (
            "What is your comment on the US sanctions?",
            "We strongly urge the US side to immediately correct their mistake and withdraw their so-called "
            "sanctions, otherwise the US will have to bear the consequences.",
            ("warn", "USA"),
        ),
        (
            "What is your comment on the summit?",
            "China always supports the DPRK-US dialogue.",
            ("support", "PRK"),
        ),
        (
            "What is your comment on the talks in Doha?",
            "China welcomes the meaningful and fruitful dialogues between the Afghan government and the Taliban.",
            ("welcome", "AFG"),
        ),
        (
            "How do you see China-Afghanistan relations?",
            "China stands ready to work with the Afghan government and people to enhance traditional friendship.",
            ("cooperate", "AFG"),
        ),
        (
            "Has China responded to the British remarks on Hong Kong?",
            "We have also lodged stern representations with the British side on its erroneous words and deeds "
            "relating to Hong Kong.",
            ("protest", "GBR"),
        ),
        (
            "What is your comment on the situation in Syria?",
            "China is deeply concerned about the escalation of the conflict in Syria.",
            ("concern", "SYR"),
        ),
        (
            "Can you confirm the arrest?",
            "I'd refer you to the competent authority for more details.",
            ("no_comment", None),
        ),
        (
            "Can you confirm the visit?",
            "As for the reports you just mentioned about the arrival of a senior DPRK official, I am not aware of "
            "that situation.",
            ("no_comment", None),
        ),
        (
            "What is your response to the US remarks on Xinjiang?",
            "Xinjiang affairs are purely China's internal affairs that brook no foreign interference.",
            ("sovereignty", "USA"),  # annotation.md, positions rule 1: the actor the question is about
        ),
        (
            "What is your comment?",
            "Taiwan is an inalienable part of China's territory.",
            ("sovereignty", None),
        ),
    ],
)
def test_each_act_on_a_real_sentence(question: str, answer: str, expected: tuple[str, str | None]) -> None:
    assert expected in pairs(answer, question)


def test_position_fields() -> None:
    q = "What is your comment on the US arms sales to Taiwan?"
    a = "I have noted the reports. China resolutely opposes US arms sales to Taiwan."
    (p,) = positions(a, q)
    assert (p.unit, p.turn, p.act, p.holder, p.stated_by) == ("e1", "e1a", "oppose", "CHN", SPOKESPERSON)
    assert p.intensity == "resolutely"
    assert p.evidence == "China resolutely opposes US arms sales to Taiwan."
    assert a[p.start : p.end] == p.evidence
    assert p.rule in load_act_lexicon().cues
    assert p.about == "taiwan"


def test_negation_blocks_the_act() -> None:
    assert (
        pairs("China has never opposed normal exchanges and cooperation between Pakistan and other countries.") == set()
    )
    assert pairs("We do not oppose normal trade between the two countries.") == set()


def test_negated_support_is_opposition_and_negated_acceptance_is_rejection() -> None:
    assert ("oppose", None) in pairs("We do not support the use of unilateral sanctions in international relations.")
    assert ("support", None) not in pairs("We do not support the use of unilateral sanctions.")
    found = pairs(
        "I just saw the relevant remarks by Japan's Chief Cabinet Secretary Yoshihide Suga, which we cannot accept."
    )
    assert found == {("reject", "JPN")}


def test_reported_stances_are_not_positions() -> None:
    reported = [
        "Russia opposes the deployment of intermediate-range missiles in the Asia-Pacific.",
        "The two sides agreed to deepen China-New Zealand comprehensive strategic partnership.",
        "The Palestinian side thanked China for its long-standing support for the Palestinian people.",
        "US officials said that they strongly oppose the decision.",
        "Prime Minister Khan said that Pakistan firmly supports China's position.",
    ]
    for sentence in reported:
        assert pairs(sentence) == set(), sentence


def test_the_spokesperson_quoting_himself_still_counts() -> None:
    assert ("oppose", "USA") in pairs("As I said yesterday, we firmly oppose the US decision.")


def test_reporters_words_are_not_positions() -> None:
    b = briefing([("China firmly opposes the US sanctions, and you urge the US to stop. Is that right?", "Yes.")])
    assert extract_positions(b, mentions(b)) == ()


def test_target_from_the_question() -> None:
    q = "Japan announced yesterday that it will release the contaminated water into the sea. What is your response?"
    a = "We urge the relevant country to act in a responsible manner."
    assert pairs(a, q) == {("demand", "JPN")}


def test_target_from_the_previous_sentence() -> None:
    a = "Australia has repeatedly made groundless accusations against China. We urge them to stop."
    assert ("demand", "AUS") in pairs(a)


def test_modal_demand_on_an_actor_but_not_on_china() -> None:
    assert ("demand", "USA") in pairs("The US side should stop politicizing the epidemic.")
    assert pairs("China and the US should properly manage their differences.") == set()
    # no demand on the speaker's own side; joint work it states is cooperation (cooperate_together, acts round 12)
    assert pairs("We should work together.") == {("cooperate", None)}
    assert pairs("All parties should exercise restraint.") == {("appeal", None)}


def test_coordinated_addressees_each_get_a_position() -> None:
    found = pairs("We hope the US and the DPRK will meet each other halfway.")
    assert found == {("appeal", "USA"), ("appeal", "PRK")}


def test_china_is_never_a_target() -> None:
    found = pairs("We welcome China-Pakistan cooperation and appreciate the efforts of Pakistan.")
    assert ("welcome", "PAK") in found
    assert all(target != "CHN" for _act, target in found)


def test_evaluation_by_the_speaker_after_a_verb_of_saying() -> None:
    found = pairs("I would like to stress once again that the US action is the quintessential trade bullying.")
    assert found == {("criticize", "USA")}
    assert pairs("China firmly opposes all forms of protectionism and bullying.") == {("oppose", None)}


def test_statements_have_positions_too() -> None:
    b = briefing(statements=["China firmly supports Pakistan in safeguarding its sovereignty."])
    (p,) = extract_positions(b, mentions(b))
    assert (p.unit, p.turn, p.act, p.target and p.target.key) == ("s1", "s1", "support", "PAK")


def test_malformed_act_cue_is_an_ontology_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ontology_dir() / "acts.ttl").read_text()
    (tmp_path / "acts.ttl").write_text(
        text.replace('pk:rule "oppose_verb" ; pk:frame "self"', 'pk:rule "oppose_verb" ; pk:frame "selfish"')
    )
    # the speaker's side (SELF) of the act patterns is the profile's
    (tmp_path / "profiles.ttl").write_text((ontology_dir() / "profiles.ttl").read_text())
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(tmp_path))
    with pytest.raises(OntologyError) as err:
        positions("We oppose it.")
    assert err.value.code == "E535"


def test_a_cue_without_its_frame_is_an_ontology_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ontology_dir() / "acts.ttl").read_text()
    (tmp_path / "acts.ttl").write_text(
        text.replace('pk:rule "oppose_verb" ; pk:frame "self" ;', 'pk:rule "oppose_verb" ;')
    )
    (tmp_path / "profiles.ttl").write_text((ontology_dir() / "profiles.ttl").read_text())
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(tmp_path))
    with pytest.raises(OntologyError) as err:
        positions("We oppose it.")
    assert err.value.code == "E534"


def _digest(path: Path) -> str:
    b = read_page(path)
    found = extract_positions(b, mentions(b), extract_topics(b, mentions(b)))
    return hashlib.sha256(repr(found).encode()).hexdigest()


@pytest.mark.corpus
def test_deterministic_across_hash_seeds(corpus_dir: Path) -> None:
    page = corpus_pages(corpus_dir)[-1]
    script = (
        "import sys; from pathlib import Path; from tests.test_positions import _digest; "
        f"print(_digest(Path({str(page)!r})))"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(digests) == 1
    assert digests == {_digest(page)}


@pytest.mark.corpus
def test_offsets_and_speed_over_the_corpus(corpus_dir: Path) -> None:
    briefings = [read_page(path) for path in corpus_pages(corpus_dir)]
    found_mentions = [mentions(b) for b in briefings]
    started = time.perf_counter()
    sentences = 0
    results = []
    for b, ms in zip(briefings, found_mentions, strict=True):
        sentences += sum(len(split_sentences(t.text)) for t in b.turns())
        results.append((b, extract_positions(b, ms, extract_topics(b, ms))))
    elapsed = time.perf_counter() - started
    count = 0
    for b, found in results:
        texts = {t.key: t.text for t in b.turns()}
        for p in found:
            count += 1
            assert texts[p.turn][p.start : p.end] == p.evidence
            assert p.turn.endswith("a") or p.turn.startswith("s")
            assert p.target is None or p.target.key != "CHN"
    print(
        f"\nsentences + topics + positions: {sentences} sentences in {elapsed:.2f}s = "
        f"{sentences / elapsed:,.0f} sentences/s; {count} positions"
    )
    assert count > len(results)


def test_generic_objects_and_actors_on_chinas_side_are_not_targets() -> None:
    assert pairs("China is willing to work with all parties to safeguard the WTO-centered trading system.") == {
        ("cooperate", None)
    }
    found = pairs("The allegation that China and Russia spread disinformation is totally blame shifting.")
    assert ("criticize", "RUS") not in found


def test_a_pointing_subject_takes_the_actor_of_the_previous_sentence() -> None:
    a = "The US side has imposed sanctions on Chinese companies. This is a typical act of bullying."
    assert ("criticize", "USA") in pairs(a)
