"""The learned check of topics (kg/extract/topic_model.py, trained by tools/topics_train.py): retraining reproduces
the shipped file, the check's decisions on hand-written exchanges, its switch, and Chinese topics left to the rules."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest
from conftest import corpus_missing, load_script

from kg.corpora import find_corpus
from kg.extract import topics as topics_module
from kg.extract.topic_model import (
    RULE,
    TopicModel,
    check,
    load_topic_model,
    model_from_json,
    model_path,
    model_to_json,
    shipped_topic_model,
)
from kg.extract.topic_scoring import Hit, load_scoring
from kg.extract.topics import extract_topics, load_topic_lexicon
from kg.extract.zh.topics import extract_zh_topics
from tests._build import briefing, zh_briefing

ROOT = Path(__file__).resolve().parent.parent
NEEDS_SKLEARN = pytest.mark.skipif(
    importlib.util.find_spec("sklearn") is None, reason="scikit-learn (the dev extra) trains the model"
)
ARMS = ("What is your comment on the US arms sales to Taiwan?", "We firmly oppose US arms sales to Taiwan.")
# Keeps whatever the rules choose and adds nothing; drops every topic; adds every topic the cues hit.
KEEP = TopicModel({}, 0.0, 0.5, 1.01, on=True)
DROP = TopicModel({"chosen": -20.0}, 0.0, 0.5, 1.01, on=True)
ADD = TopicModel({"passed": 20.0}, 0.0, 0.5, 0.5, on=True)


def _tool() -> ModuleType:
    return load_script("tools/topics_train.py", "topics_train")


@NEEDS_SKLEARN
def test_retraining_reproduces_the_shipped_model() -> None:
    """The shipped weights are those the training command fits on the derive sets (with the shipped thresholds,
    which the command chooses by cross-validation: that part is not rerun here, it takes minutes)."""
    corpus = find_corpus()
    if corpus is None:
        corpus_missing("the derive sets' pages are in the corpus, which is not here")
    tool = _tool()
    lexicon = load_topic_lexicon()
    assert lexicon.scoring is not None
    text = model_path(tool.PROFILE).read_text(encoding="utf-8")
    shipped = model_from_json(text)
    examples = tool.examples(tool.derive_docs(corpus), lexicon.scoring, lexicon.order)
    model = replace(tool.fit(examples, shipped.drop_below, shipped.add_from), on=shipped.on)
    import json

    assert model_to_json(model, json.loads(text)["about"]) == text


def test_the_shipped_file_loads_and_its_switch_decides() -> None:
    shipped = shipped_topic_model("fmprc")
    assert shipped is not None and len(shipped.weights) > 50
    assert 0.0 <= shipped.drop_below <= 1.0 and 0.0 < shipped.add_from <= 1.01
    assert (load_topic_model("fmprc") is not None) == shipped.on
    assert shipped_topic_model("no-such-profile") is None and load_topic_model("no-such-profile") is None


def test_the_shipped_model_keeps_a_question_on_its_subject() -> None:
    """On an exchange whose question and answer both name Taiwan, the shipped model keeps the rules' topic."""
    shipped = shipped_topic_model("fmprc")
    assert shipped is not None
    got = topics_module._assign("e1", briefing([ARMS]).exchanges[0].turns(), load_topic_lexicon(), {}, model=shipped)
    assert [t.topic for t in got][:1] == ["taiwan"]


def test_check_drops_and_adds_by_its_thresholds() -> None:
    scoring = load_scoring()
    hits = [
        Hit("taiwan", "e1q", True, 0, 6, "Taiwan", "!", 0),
        Hit("trade_economy", "e1a", False, 40, 45, "trade", "", 2),
    ]
    scores = {"taiwan": 6.0, "trade_economy": 0.85}
    order = load_topic_lexicon().order
    assert check(KEEP, hits, scores, ["taiwan"], scoring, order) == ["taiwan"]
    assert check(DROP, hits, scores, ["taiwan"], scoring, order) == []
    assert check(ADD, hits, scores, ["taiwan"], scoring, order) == ["taiwan", "trade_economy"]


def test_an_added_topic_is_marked_and_a_kept_one_keeps_its_rule() -> None:
    b = briefing([ARMS])
    turns, lexicon = b.exchanges[0].turns(), load_topic_lexicon()
    rules = topics_module._assign("e1", turns, lexicon, {})
    kept = topics_module._assign("e1", turns, lexicon, {}, model=KEEP)
    assert kept == rules and rules
    assert topics_module._assign("e1", turns, lexicon, {}, model=DROP) == []
    added = topics_module._assign("e1", turns, lexicon, {}, model=ADD)
    assert {t.topic for t in rules} <= {t.topic for t in added}
    assert {t.rule for t in added if t.topic not in {r.topic for r in rules}} <= {RULE}


def test_english_topics_follow_the_switched_on_model_chinese_ones_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    english = briefing([ARMS])
    chinese = zh_briefing(("美方宣布对台军售，中方对此有何回应？", "我们坚决反对美国售台武器。"))
    before_en, before_zh = extract_topics(english), extract_zh_topics(chinese)
    assert before_en and before_zh
    monkeypatch.setattr(topics_module, "load_topic_model", lambda profile: DROP)
    assert extract_topics(english) == ()
    assert extract_zh_topics(chinese) == before_zh


def test_the_file_round_trips_and_is_deterministic() -> None:
    model = TopicModel({"t=taiwan": 1.25, "chosen": -0.5, "zero": 0.0}, 0.1, 0.3, 0.6, on=False)
    text = model_to_json(model, {"trained_by": "test"})
    assert text == model_to_json(model, {"trained_by": "test"})
    back = model_from_json(text)
    assert back == replace(model, weights={"t=taiwan": 1.25, "chosen": -0.5})
    b = briefing([ARMS])
    assert extract_topics(b) == extract_topics(b)
