"""The sentence classifier of acts (kg/extract/positions/sentence_model.py): retraining from the shipped labels
reproduces the shipped model byte for byte, the labels tie to the pages' sentences, an added position keeps its
evidence at its offsets and carries its marker, and the rules' own positions never change because of it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from conftest import corpus_missing, first_difference

from kg.extract import extract
from kg.extract.positions import extract_positions
from kg.extract.positions.sentence_model import (
    RULE,
    ActClassifier,
    SentenceModel,
    load_sentence_model,
    model_from_json,
    model_path,
    model_to_json,
    shipped_sentence_model,
    switched_on,
)
from kg.extract.sentences import split_sentences
from kg.read import read_briefings
from kg.types import Briefing

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "dev" / "sentences"
NEEDS_SKLEARN = pytest.mark.skipif(
    importlib.util.find_spec("sklearn") is None, reason="scikit-learn (the dev extra) trains the model"
)


def _seed() -> Briefing:
    return read_briefings([ROOT / "seeds"]).briefings[0]


def test_labels_hold_offsets_and_acts_only() -> None:
    files = sorted(LABELS.glob("labels-*.jsonl"))
    assert len(files) == 11  # the tuning gold and acts-dev, -2, -3 (1-3); the training pages (4-11)
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 2700 and len({r["doc"] for r in rows}) == 294
    acts = {a["act"] for r in rows for s in r["sentences"] for a in s["acts"]}
    assert {"oppose", "criticize", "no_comment", "cooperate"} <= acts
    for r in rows:
        assert set(r) == {"doc", "n", "turn", "sentences"}  # no copy of the pages' text
        for s in r["sentences"]:
            assert set(s) == {"i", "start", "end", "acts"} and 0 <= s["start"] < s["end"]
    from kg.evaluate import load_gold
    from kg.extract.positions.sentence_train import CHOOSING_DEV_SETS

    choosing = {doc for name in CHOOSING_DEV_SETS for doc in load_gold(ROOT / "tests" / "dev" / name)[0]}
    assert choosing and not choosing & {r["doc"] for r in rows}  # the sets that choose are never trained on
    # Nor the held-out golds' pages and the blind development set's (their page names only are read here).
    held_out = [*(ROOT / "tests" / "gold").glob("holdout*/*.jsonl"), ROOT / "tests" / "dev" / "acts-dev-6.jsonl"]
    held = {doc for path in held_out for doc in load_gold(path)[1]}
    assert len(held) >= 34 and not held & {r["doc"] for r in rows}


def test_training_pages_state_their_sentences_labels() -> None:
    """Each training page's exchange positions (tests/dev/train/acts-train-K.jsonl) are the union of its sentences'
    labels (labels-(K+3).jsonl): the two files say the same thing, and every exchange of a page is labelled."""
    from kg.evaluate import load_gold

    pairs = sorted((ROOT / "tests" / "dev" / "train").glob("acts-train-*.jsonl"))
    assert len(pairs) == 8
    for gold_file in pairs:
        k = int(gold_file.stem.rsplit("-", 1)[1])
        labels = [json.loads(line) for line in (LABELS / f"labels-{k + 3}.jsonl").open(encoding="utf-8")]
        docs, exchanges = load_gold(gold_file)
        assert len(docs) == 30 and {r["doc"] for r in labels} == set(docs)
        union: dict[tuple[str, int], set[tuple[str, str | None]]] = {}
        for r in labels:
            stated = union.setdefault((r["doc"], r["n"]), set())
            stated.update((a["act"], a["target"]) for s in r["sentences"] for a in s["acts"])
        for doc, rows in exchanges.items():
            assert [row["n"] for row in rows] == list(range(1, int(docs[doc]["exchanges"]) + 1))  # type: ignore[arg-type]
            for row in rows:
                positions = {(p["act"], p["target"]) for p in row["positions"]}  # type: ignore[union-attr]
                assert positions == union.get((doc, int(row["n"])), set()), (doc, row["n"])  # type: ignore[call-overload]


def test_labels_tie_to_the_seed_sentences() -> None:
    """The labels' offsets are the sentences the extractor splits (a change of the splitter would show here)."""
    briefing = _seed()
    rows = [
        json.loads(line)
        for f in sorted(LABELS.glob("labels-*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["doc"] == briefing.source.name
    ]
    assert rows, "the seed briefing is among the labelled ones"
    for row in rows:
        ex = next(e for e in briefing.exchanges if e.ordinal == row["n"])
        spans = split_sentences(ex.answers()[row["turn"]].text)
        assert [(s["start"], s["end"]) for s in row["sentences"]] == list(spans)


def test_an_added_position_keeps_offsets_and_marker() -> None:
    briefing = _seed()
    found = extract(briefing, stages=("entities", "topics"))
    rules = extract_positions(briefing, found.mentions, found.topics, model=None, sentences=None)
    # A classifier that says "support" wherever the sentence names the world: added where the rules state none.
    model = SentenceModel({"support": ActClassifier({"w=world": 10.0}, -5.0, 0.9)}, "sentence")
    got = extract_positions(briefing, found.mentions, found.topics, model=None, sentences=model)
    added = [p for p in got if p.rule == RULE]
    assert added, "the seed has sentences naming the world"
    assert [p for p in got if p.rule != RULE] == list(rules)  # the rules' positions, unchanged and in order
    turns = {t.key: t for ex in briefing.exchanges for t in ex.turns()}
    for p in added:
        text = turns[p.turn].text
        assert p.act == "support" and text[p.start : p.end] == p.evidence and "world" in p.evidence.lower()
        assert (p.start, p.end) in split_sentences(text)  # the whole sentence is the evidence
        assert not any(r.act == "support" and r.turn == p.turn and r.start == p.start for r in rules)
        assert p.unit.startswith("e")  # answers only, never statements
    exchange_wide = extract_positions(
        briefing, found.mentions, found.topics, model=None, sentences=SentenceModel(model.acts, "exchange")
    )
    stated = {(p.unit, p.act) for p in rules}
    assert all((p.unit, p.act) not in stated for p in exchange_wide if p.rule == RULE)
    assert len([p for p in exchange_wide if p.rule == RULE]) <= len(added)


def test_the_shipped_model_round_trips_and_its_switch() -> None:
    shipped = shipped_sentence_model("fmprc")
    assert shipped is not None and shipped.scope in ("sentence", "exchange")
    again = model_from_json(model_to_json(shipped, {}))
    assert {a: c.add_from for a, c in again.acts.items()} == {a: c.add_from for a, c in shipped.acts.items()}
    assert {a: c for a, c in again.acts.items() if c.add_from <= 1.0} == {
        a: c for a, c in shipped.acts.items() if c.add_from <= 1.0
    }
    assert {"oppose", "criticize", "no_comment"} <= set(shipped.acts)  # every act named, adding or not
    assert all(0.5 <= c.add_from <= 1.01 for c in shipped.acts.values())
    assert (load_sentence_model("fmprc") is not None) == (shipped.on and not shipped.adds_nothing)
    assert switched_on(model_path("fmprc").read_bytes()) == shipped.on  # the switch read without parsing the file
    assert load_sentence_model("whitehouse") is None and load_sentence_model("no-such-profile") is None


@pytest.fixture(scope="module")
def data() -> object:
    from kg.extract.positions import sentence_train, train

    if not train.corpus().is_dir():
        corpus_missing(f"the labelled pages of the dev sets are in the corpus, not found at {train.corpus()}")
    return sentence_train.collect_all()


@NEEDS_SKLEARN
def test_retraining_reproduces_the_shipped_model(data: object) -> None:
    """The one training command, run again, writes the shipped file byte for byte: each act's threshold chosen out of
    fold on the training pages, the aim named_or_previous; and what it adds out of fold there is right at least 65% of
    the time (the thresholds of each fold chosen on the others: sentence_cv.nested), as on acts-dev-4 and -5,
    which it reads but never trains or chooses on."""
    import dataclasses

    from kg.extract.positions import sentence_choose as sc
    from kg.extract.positions import sentence_cv as cv
    from kg.extract.positions import sentence_train

    (examples, exchanges), dev = data  # type: ignore[misc]
    # 294 labelled pages, 293 briefings: t1660057 and t1659619 are one briefing (the reader keeps the latter).
    assert len(examples) >= 18000 and len({x.doc for x in exchanges}) == 293
    assert sorted(dev) == ["acts-dev-4", "acts-dev-5"] and all(not e.labels for e, _x in dev.values() for e in e)
    assert {len(x) for _e, x in dev.values()} == {59, 64}
    shipped = model_path(sentence_train.PROFILE).read_text(encoding="utf-8")
    on = json.loads(shipped)["on"]
    oof, groups = sentence_train.out_of_fold_scores(examples)
    model = dataclasses.replace(sentence_train.train(examples, exchanges, oof), on=on)
    written = model_to_json(model, sentence_train.about(examples, exchanges))
    same = written == shipped  # compared apart: pytest's diff of the two files would run for minutes
    assert same, first_difference(written, shipped)
    acts = sentence_train.acts_of(examples)
    untargeted = sentence_train.untargeted_acts(acts)
    assert untargeted == {"no_comment"}
    added = cv.tally(exchanges, cv.nested(oof, exchanges, groups, acts, model.aim, untargeted))
    rules = cv.tally(exchanges, {})
    # the bar it was switched on by (README, "Session 14"): 65% right. Session 14 100 right, 28 act wrong, 13 target
    # wrong; session 16, after round 12 of the rules took some of what it added, 94 / 34 / 14 (0.66)
    assert added.added.precision >= 0.65 and added.added.right >= 80
    assert sc.f1(added.pairs)[2] > sc.f1(rules.pairs)[2]


@NEEDS_SKLEARN
def test_the_chosen_setting_holds_on_the_dev_sets(data: object) -> None:
    """On acts-dev-4 and -5 (never trained or chosen on) the shipped thresholds and aim raise acts and pairs F1 and
    what they add is right at least two times in three; the rules' own figures are the blind ones (acts-dev-4 one
    false positive fewer since the sixth round of targets: a criticism that lost its wrong target; acts-dev-5 one act
    more found since issue 12's seventh round of acts, tests/dev/acts-errors-7.md; each two false positives fewer
    since the eighth round of precision, tests/dev/precision-errors-8.md; with the eighth round of acts,
    tests/dev/acts-errors-8.md, acts-dev-4 4 acts more found and 1 false positive more, acts-dev-5 3 and 1; with the
    ninth, tests/dev/acts-errors-9.md, each 1 act more found; with the tenth, tests/dev/acts-errors-10.md, acts-dev-4
    1 false positive more, an appeal to the addressee of a hope that it will work with China, and acts-dev-5 1 act
    more found; with the eleventh, tests/dev/acts-errors-11.md, acts-dev-4 2 right no_comment fewer, pointers back
    followed by the position restated, and 2 false positives fewer, acts-dev-5 1 false positive fewer; with the
    twelfth, tests/dev/acts-errors-12.md, acts-dev-5 1 act more found)."""
    from kg.extract.positions import sentence_choose as sc
    from kg.extract.positions import sentence_cv as cv
    from kg.extract.positions import sentence_train

    (_examples, _exchanges), dev = data  # type: ignore[misc]
    shipped = shipped_sentence_model(sentence_train.PROFILE)
    assert shipped is not None and shipped.aim == "named_or_previous"
    rules = {name: sc.counts(x, {}) for name, (_e, x) in dev.items()}
    assert rules["acts-dev-4"]["acts"] == [79, 8, 36] and rules["acts-dev-5"]["acts"] == [102, 12, 47]
    examples = [e for es, _x in dev.values() for e in es]
    exchanges = [x for _e, xs in dev.values() for x in xs]
    added = sc.additions(
        [(e, {a: c.score(e.features) for a, c in shipped.acts.items()}) for e in examples],
        {a: c.add_from for a, c in shipped.acts.items() if c.add_from <= 1.0},
        shipped.aim,
        {"no_comment"},
    )
    got, base = cv.tally(exchanges, added), cv.tally(exchanges, {})
    assert sc.f1(got.acts)[2] > sc.f1(base.acts)[2] and sc.f1(got.pairs)[2] > sc.f1(base.pairs)[2]
    assert got.added.precision >= 2 / 3 and got.organisations == base.organisations


def test_added_positions_conform_to_the_shapes() -> None:
    """A seed briefing's graph with positions the classifier added (of an act whose target is resolved, some
    inferred) has no shape violation the rules' graph lacks, and none on an added position."""
    import dataclasses

    import pyoxigraph as ox
    import pyshacl
    import rdflib

    from kg.rdf import briefing_nquads, entity_nquads, ontology_quads

    briefing = _seed()
    found = extract(briefing)
    model = SentenceModel({"criticize": ActClassifier({"w=world": 10.0}, -5.0, 0.9)}, "sentence")
    forced = extract_positions(briefing, found.mentions, found.topics, model=None, sentences=model)
    assert any(p.rule == RULE and p.target is not None for p in forced)
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    onto = [q.triple for q in ontology_quads()]

    def violations(extraction: object) -> set[str]:
        lines = briefing_nquads(extraction) + entity_nquads(extraction)  # type: ignore[arg-type]
        quads = ox.parse("\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        triples = [*onto, *(q.triple for q in quads)]
        graph = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        _ok, results, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", advanced=True)
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        return {
            f"{f} {p}"
            for r in results.subjects(rdflib.RDF.type, sh.ValidationResult)
            for f in results.objects(r, sh.focusNode)
            for p in results.objects(r, sh.resultPath)
        }

    before = violations(found)
    after = violations(dataclasses.replace(found, positions=forced))
    assert after == before, sorted(after - before)[:5]
    assert not any("/position/" in v and "criticize" in v for v in after)


def test_one_look_up_per_feature_scores_as_each_classifier() -> None:
    """``SentenceModel.adds`` (a feature -> weights table) decides as each act's own ``score`` does, on the shipped
    model and on a hand-made one with an act that never adds."""
    import random

    hand = SentenceModel(
        {
            "oppose": ActClassifier({"w=oppose": 3.0, "reported": -4.0}, -1.0, 0.7),
            "support": ActClassifier({"w=support": 2.5, "w=oppose": -1.0}, -0.5, 0.6),
            "warn": ActClassifier({"w=oppose": 9.0}, 0.0, 1.01),
        },
        "sentence",
    )
    assert hand.adding == ("oppose", "support") and hand.adds([]) == []
    shipped = shipped_sentence_model("fmprc")
    assert shipped is not None
    rng = random.Random(12)
    for model in (hand, shipped):
        names = sorted({f for c in model.acts.values() for f in c.weights})
        for _ in range(300):
            fs = rng.sample(names, min(len(names), rng.randint(0, 40)))
            want = [a for a, c in sorted(model.acts.items()) if c.add_from <= 1.0 and c.score(fs) >= c.add_from]
            assert model.adds(fs) == want


def test_a_sentences_acts_are_those_each_classifier_scores_at_its_threshold() -> None:
    """``SentenceModel.adds`` sums the sentence's rows of one weight matrix; each act's own score (``ActClassifier``,
    its column read feature by feature) must decide the same, on the shipped model's features and on features it
    does not know, and a model built from weights (training) must decide as the one read from its file."""
    import random

    shipped = shipped_sentence_model("fmprc")
    assert shipped is not None and shipped.adding
    known = list(shipped.table)
    rng = random.Random(14)
    rebuilt = SentenceModel(
        {a: ActClassifier(dict(c.weights), c.intercept, c.add_from) for a, c in shipped.acts.items()}, shipped.scope
    )
    agreed = 0
    for _ in range(300):
        features = rng.sample(known, rng.randrange(0, 120)) + ["w=no-such-word"] * rng.randrange(0, 2)
        by_act = [a for a in shipped.adding if shipped.acts[a].score(features) >= shipped.acts[a].add_from]
        assert shipped.adds(features) == by_act == rebuilt.adds(features)
        agreed += bool(by_act)
    assert agreed  # some of the random sentences reach a threshold: the comparison is not only of empty lists


def test_the_packed_sum_of_a_sentence_is_that_of_its_features() -> None:
    """The extractor scores a sentence from its parts (``PackedTable.sentence_total``: its words and pairs looked up
    as they are, the question's features summed once per exchange) where training reads ``sentence_features``: on
    the answer sentences of the test pages, with and without cues, both sums are the same integer for the shipped
    model, and for a model built from weights (training) as for the same model read back from its file."""
    from kg.extract.positions.lexicon import load_act_lexicon
    from kg.extract.positions.sentence_features import question_words, sentence_features
    from kg.extract.positions.sentence_model import units

    shipped = shipped_sentence_model("fmprc")
    assert shipped is not None
    built = SentenceModel(
        {a: ActClassifier(dict(c.weights), c.intercept, c.add_from) for a, c in shipped.acts.items()}, shipped.scope
    )
    lex = load_act_lexicon(profile_key="fmprc")
    pages = sorted((ROOT / "tests" / "data" / "fmprc-en").glob("*.html"))[:6]
    cue_sets: list[dict[str, bool]] = [{}, {"criticize": True}, {"no_comment": False, "warn": True}]
    sentences = 0
    for briefing in read_briefings(pages).briefings:
        for ex in briefing.exchanges:
            question = question_words(ex.question.text)
            for answer in ex.answers():
                spans = split_sentences(answer.text)
                for i, (s, e) in enumerate(spans):
                    cues = cue_sets[sentences % len(cue_sets)]
                    sentences += 1
                    where = (i, len(spans))
                    features = sentence_features(lex, answer.text[s:e], where, question, cues)
                    for model in (shipped, built):
                        table = model.packed()
                        fast = table.sentence_total(lex, answer.text[s:e], where, table.question_total(question), cues)
                        assert fast == table.total(features)
                        assert model.adds_total(fast) == model.adds(features)
                        scored = model.sentence_adds(lex, answer.text[s:e], where, table.question_total(question), cues)
                        assert scored == model.adds(features)  # the skip of the classes' patterns is exact
    assert sentences > 200
    assert shipped.packed() == built.packed()  # the file's units, and the weights rounded as the file rounds them
    table = shipped.packed()  # each feature's packed row holds its units, act by act (the lanes laid out as bytes)
    assert all(table.lanes(table.total([f])) == [units(w) for w in shipped.table[f]] for f in shipped.table)
