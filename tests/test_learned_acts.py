"""The learned check of acts (kg/extract/positions/learned.py): retraining reproduces the shipped model, its
cross-validated figures (grouped by briefing) stay above their floor and never fall below the rules', and the
check keeps every position's evidence at its offsets."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import corpus_missing, first_difference

from kg.extract import extract
from kg.extract.positions import extract_positions
from kg.extract.positions.assembly import find_candidates
from kg.extract.positions.learned import ActModel, decide, load_act_model, model_path, model_to_json
from kg.read import read_briefings

ROOT = Path(__file__).resolve().parent.parent
NEEDS_SKLEARN = pytest.mark.skipif(
    importlib.util.find_spec("sklearn") is None, reason="scikit-learn (the dev extra) trains the model"
)


@pytest.fixture(scope="module")
def data() -> tuple[list[object], list[object]]:
    from kg.extract.positions import train

    gold, folders = train.sources()
    if not folders[-1].is_dir():
        corpus_missing(f"the development sets' pages are in the corpus, not found at {folders[-1]}")
    examples, golds = train.collect(gold, folders)
    return examples, golds  # type: ignore[return-value]


@NEEDS_SKLEARN
def test_retraining_reproduces_the_shipped_model(data: tuple[list[object], list[object]]) -> None:
    from kg.extract.positions import train

    examples, golds = data
    model = train.train(examples, golds)  # type: ignore[arg-type]
    shipped = model_path(train.PROFILE).read_text(encoding="utf-8")
    written = model_to_json(model, train.about(examples, golds))  # type: ignore[arg-type]
    same = written == shipped  # compared apart: pytest's diff of the two files would run for minutes
    assert same, first_difference(written, shipped)


@NEEDS_SKLEARN
def test_cross_validated_figures(data: tuple[list[object], list[object]]) -> None:
    from kg.extract.positions import train

    examples, golds = data
    assert len({g.doc for g in golds}) >= 50  # type: ignore[attr-defined]
    results = train.cross_validate(examples, golds)  # type: ignore[arg-type]
    assert len(results) == train.FOLDS
    mean = {
        f"{who}_{field}": sum(r[who][field] for r in results) / len(results)  # type: ignore[index]
        for who in ("rules", "model")
        for field in ("acts", "pairs")
    }
    # Measured 2026-12-06 (retrained after issue 12's second round): rules 0.853 / 0.744, with the model 0.852 / 0.744.
    # After the third round (acts): rules 0.872 / 0.762, with the model the same.
    assert mean["model_acts"] >= 0.84 and mean["model_pairs"] >= 0.72, mean
    assert mean["model_acts"] >= mean["rules_acts"] - 0.005, mean


def test_the_shipped_model_loads() -> None:
    model = load_act_model("fmprc")
    assert model is not None and len(model.weights) > 100
    assert 0.0 <= model.drop_below <= 1.0 and 0.0 < model.add_from <= 1.01
    assert load_act_model("no-such-profile") is None


def test_a_model_that_adds_keeps_offsets_and_order() -> None:
    briefing = read_briefings([ROOT / "seeds"]).briefings[0]
    found = extract(briefing, stages=("entities", "topics"))
    rules, candidates = find_candidates(briefing, found.mentions, found.topics)
    assert rules == extract_positions(briefing, found.mentions, found.topics, model=None, sentences=None)
    assert find_candidates(briefing, found.mentions, found.topics, declined=False) == (
        rules,
        tuple(c for c in candidates if c.accepted),
    )
    assert any(not c.accepted for c in candidates), "the frames turn down some cue matches of the seed"
    everything = decide(ActModel({}, 0.0, 0.0, 0.0), candidates)  # scores 0.5: keeps and adds all
    nothing = decide(ActModel({}, 0.0, 0.9, 0.9), candidates)
    assert len(everything) == len(candidates) and nothing == ()
    turns = {t.key: t for ex in briefing.exchanges for t in ex.turns()}
    turns.update({s.turn.key: s.turn for s in briefing.statements})
    for p in everything:
        assert turns[p.turn].text[p.start : p.end] == p.evidence
    assert [p for p in everything if p in rules] == list(rules)  # the rules' positions keep their order
    dropped = decide(ActModel({f"act={rules[0].act}": -50.0}, 0.0, 0.5, 1.01), candidates)
    assert rules[0].act not in {p.act for p in dropped} and len(dropped) < len(rules)


def test_no_op_thresholds_leave_the_rules_unscored() -> None:
    briefing = read_briefings([ROOT / "seeds"]).briefings[0]
    found = extract(briefing, stages=("entities", "topics"))
    rules, candidates = find_candidates(briefing, found.mentions, found.topics)
    poisoned = ActModel({"src=rule": -100.0}, 0.0, 0.0, 1.01)
    assert decide(poisoned, candidates) == rules
    assert decide(replace(poisoned, drop_below=0.5), candidates) == ()


def test_a_model_that_never_adds_scores_only_the_rules() -> None:
    """``extract_positions`` resolves no turned-down match for a model that never adds, with the same result as
    scoring every candidate."""
    briefing = read_briefings([ROOT / "seeds"]).briefings[0]
    found = extract(briefing, stages=("entities", "topics"))
    rules, candidates = find_candidates(briefing, found.mentions, found.topics)
    dropping = ActModel({f"act={rules[0].act}": -50.0}, 0.0, 0.5, 1.01)
    assert dropping.adds_nothing and not ActModel({}, 0.0, 0.5, 0.9).adds_nothing
    got = extract_positions(briefing, found.mentions, found.topics, model=dropping, sentences=None)
    assert got == decide(dropping, candidates) and len(got) < len(rules)
