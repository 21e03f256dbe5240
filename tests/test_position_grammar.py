"""The target resolver's word lists are data: ontology/targets.ttl (pk:targetFragment) and the acts' pk:accusesDoer
and pk:answersQuestion (acts.ttl), checked by the shapes and read through the lexicon."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib

from kg.errors import OntologyError
from kg.extract.positions.grammar import TARGET_FRAGMENTS
from kg.extract.positions.lexicon import load_act_lexicon
from kg.ontology import ontology_dir

ONTOLOGY = ontology_dir()


def _conforms(text: str) -> tuple[bool, str]:
    import pyshacl

    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    conforms, _graph, report = pyshacl.validate(rdflib.Graph().parse(data=text, format="turtle"), shacl_graph=shapes)
    return bool(conforms), str(report)


def test_the_target_word_lists_conform_and_a_broken_copy_is_refused() -> None:
    text = (ONTOLOGY / "targets.ttl").read_text(encoding="utf-8")
    assert _conforms(text)[0]
    for broken in (
        text.replace('rdfs:label "VICTIM"', 'rdfs:label "victim"'),  # not an upper-case name
        text.replace('pk:pattern "against|targeting|targeted at|aimed at|attacks? on|attacks? upon"', 'pk:pattern ""'),
        text.replace(' ; pk:pattern "in|of|from" ]', " ]"),  # no pattern
    ):
        assert broken != text
        conforms, report = _conforms(broken)
        assert not conforms and "PatternFragment" in report


def test_the_acts_target_roles_conform_and_a_broken_copy_is_refused() -> None:
    text = (ONTOLOGY / "acts.ttl").read_text(encoding="utf-8")
    assert _conforms(text)[0]
    for broken in (
        text.replace("pk:accusesDoer true ;", 'pk:accusesDoer "yes" ;', 1),
        text.replace("pk:answersQuestion true ;", "pk:answersQuestion true, false ;", 1),
    ):
        assert broken != text
        conforms, report = _conforms(broken)
        assert not conforms and ("accusesDoer" in report or "answersQuestion" in report)


def test_the_lexicon_reads_the_word_lists_and_the_acts_roles() -> None:
    lex = load_act_lexicon()
    # reject answers the question as oppose does since round 10 of targets (tests/dev/targets-errors-10.md), demand
    # since round 11 (a demand on "foreign governments": targets-errors-11.md)
    assert lex.accusing == {"criticize", "oppose"} and lex.answering == {"demand", "oppose", "reject", "warn"}
    g = lex.grammar
    assert g.victim.search("sanctions targeting the ") and not g.victim.search("sanctions by the ")
    assert g.victim.search("condemns the attacks on ") and not g.victim.search("the attacks by ")
    assert g.org_as_venue.search("under the framework of the ") and not g.org_as_venue.search("we urge the ")
    assert g.own_side.match("Chinese enterprises") and not g.own_side.match("the Chinese side")
    assert g.members_of.match(" in the Afghanistan") and g.including.match(", including the ")


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, folder)
    return folder


def test_an_edited_word_list_changes_the_grammar(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "targets.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace("against|targeting|", "against|"), encoding="utf-8")
    assert not load_act_lexicon(folder).grammar.victim.search("sanctions targeting the ")
    assert load_act_lexicon(folder).grammar.victim.search("sanctions against the ")


def test_a_missing_or_clashing_target_fragment_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "targets.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('rdfs:label "MEMBERS_OF"', 'rdfs:label "MEMBERS"'), encoding="utf-8")
    with pytest.raises(OntologyError, match=r"MEMBERS_OF.*E581"):
        load_act_lexicon(folder)
    other = _copy(tmp_path / "b")
    (other / "targets.ttl").write_text(text.replace('rdfs:label "MEMBERS_OF"', 'rdfs:label "NEG"'), encoding="utf-8")
    with pytest.raises(OntologyError, match="E580"):
        load_act_lexicon(other)


def test_every_target_fragment_is_defined_once() -> None:
    graph = rdflib.Graph().parse(ONTOLOGY / "targets.ttl")
    labels = [str(o) for o in graph.objects(None, rdflib.RDFS.label)]
    assert sorted(labels) == sorted(TARGET_FRAGMENTS)


def test_the_frames_word_lists_are_act_fragments(tmp_path: Path) -> None:
    # ADVICE, SCOPE_BREAK, NOUN_MARK, PLACE_VERB, BE, SUBJECT_PRONOUN, SUBJECT_ADVERB, OTHER_SPEAKER (acts.ttl).
    lex = load_act_lexicon()
    assert lex.advice.search("all parties shall avoid provocative ") and lex.scope_break.search("because")
    assert lex.noun_before.search("the ") and lex.place_subject.match(" residents will")
    assert lex.passive_before.search("is widely ") and lex.words_as_object.search("as he ")
    assert lex.pronoun_subject.search("they also ").group(1) == "they"  # type: ignore[union-attr]
    folder = _copy(tmp_path)
    path = folder / "acts.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace('rdfs:label "ADVICE"', 'rdfs:label "ADVISE"'), "utf-8")
    with pytest.raises(OntologyError, match=r"ADVICE.*E532"):
        load_act_lexicon(folder)
