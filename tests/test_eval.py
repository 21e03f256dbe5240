"""Measured quality: `kg eval` on the gold sets must stay above their floors.

The gold (tests/gold/README.md) follows shared/spec/annotation.md, version 2. Its tuning part (tests/gold/*.jsonl:
both seeds and 23 corpus briefings, 286 exchanges) may be looked at while rules are tuned; its held-out part
(tests/gold/holdout/: 16 briefings, 159 exchanges) is never looked at while tuning and is scored here only as a
guard against regressions. The floors are the figures measured when the gold was re-read and grown (2026-12-06),
less a small margin, raised for the tuning part by issue 12 (positions and topics re-tuned, 2026-12-06): they rise
as extraction improves. The held-out floors are raised by whoever scores the held-out part, never while tuning.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import TARGET_KINDS, Evaluation, _align_targets, evaluate, target_kind

ROOT = Path(__file__).resolve().parent.parent
GOLD = sorted((ROOT / "tests" / "gold").glob("*.jsonl"))
HOLDOUT = sorted((ROOT / "tests" / "gold" / "holdout").glob("*.jsonl"))
SOURCES = [ROOT / "seeds", ROOT / "tests" / "data" / "fmprc-en"]

FLOORS = {
    "countries": 0.98,
    "topics": 0.77,
    "acts": 0.82,
    "act_targets": 0.72,
    "act_targets_country": 0.74,
    "act_targets_organization": 0.65,
}
# Held out, scored when each round of issue 12's work was finished: countries 0.995, topics 0.760, acts 0.751,
# pairs 0.634 (first round, 2026-12-06); countries 0.995, topics 0.759, acts 0.751, pairs 0.641, organisation
# pairs 0.471 (second round, after the merge of positions and positions2); countries 0.995, topics 0.759, acts
# 0.748, pairs 0.635, organisation pairs 0.471 (third round, after the merge of acts3 and targets3); countries
# 0.995, topics 0.759, acts 0.748, pairs 0.638, organisation pairs 0.471 (fourth round, targets4, session 7); topics
# 0.775, the rest unchanged (session 8: topics5; the sentence classifier shipped off); pairs 0.637, the rest unchanged
# (session 9: targets6).
HOLDOUT_FLOORS = {"countries": 0.97, "topics": 0.76, "acts": 0.73, "act_targets": 0.62}
# The Chinese gold (tests/gold/zh/, held out), scored once when issue 14's work was merged: exchanges 101/101,
# outlets 0.970, countries 0.985, topics 0.684, acts 0.690, pairs 0.519; and after the second round (zh, zh2,
# tuned on tests/dev/zh/ and the English gold carried over): countries 0.987, topics 0.719, acts 0.742, pairs 0.591;
# after the fourth round (zh3): countries 0.987, topics 0.719, acts 0.748, pairs 0.597; after the fifth (zh4,
# session 7): countries 0.987, topics 0.719, acts 0.751, pairs 0.609; after the sixth (zh5, session 8): countries
# 0.991, topics 0.730, acts 0.752, pairs 0.659; after the seventh (zh6, session 8): acts 0.767, pairs 0.671.
ZH_GOLD = sorted((ROOT / "tests" / "gold" / "zh").glob("*.jsonl"))
ZH_SOURCES = [ROOT / "tests" / "data" / "fmprc-zh"]
ZH_FLOORS = {"countries": 0.95, "topics": 0.71, "acts": 0.75, "act_targets": 0.65}
# The second Chinese gold (tests/gold/zh-b/, held out, its pages read from the corpus), scored first after the fifth
# round: exchanges 106/106, outlets 0.981, countries 0.981, topics 0.716, acts 0.763, pairs 0.546; after the sixth
# (session 8): topics 0.712, acts 0.766, pairs 0.550; after the seventh: acts 0.778, pairs 0.560.
ZH_B_GOLD = sorted((ROOT / "tests" / "gold" / "zh-b").glob("*.jsonl"))
ZH_B_FLOORS = {"countries": 0.95, "topics": 0.69, "acts": 0.76, "act_targets": 0.54}
# The third Chinese gold (tests/gold/zh-c/, held out, 10 pages read from the corpus, session 8), scored on the
# session's start (5165061): countries 0.983, topics 0.721, acts 0.735, pairs 0.612; after the sixth round: acts
# 0.741, pairs 0.615; after the seventh: countries 0.983, topics 0.721, acts 0.753, pairs 0.625.
ZH_C_GOLD = sorted((ROOT / "tests" / "gold" / "zh-c").glob("*.jsonl"))
ZH_C_FLOORS = {"countries": 0.95, "topics": 0.70, "acts": 0.73, "act_targets": 0.60}
# The second English held-out gold (tests/gold/holdout-b/, 10 pages read from the corpus, session 8), scored on the
# session's start (5165061): countries 0.987, topics 0.763, acts 0.759, pairs 0.613; after the session's topic round:
# topics 0.760, the rest unchanged; after session 9's sixth round of targets: pairs 0.620, the rest unchanged.
HOLDOUT_B = sorted((ROOT / "tests" / "gold" / "holdout-b").glob("*.jsonl"))
HOLDOUT_B_FLOORS = {"countries": 0.97, "topics": 0.74, "acts": 0.74, "act_targets": 0.60}
OUTLET_FLOOR = 0.95


def corpus_pages(golds: list[Path], corpus: Path) -> list[Path]:
    """The corpus pages a gold read from the corpus annotates."""
    pages = {str(json.loads(line)["doc"]) for gold in golds for line in gold.open(encoding="utf-8")}
    return [corpus / page for page in sorted(pages)]


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    return evaluate(GOLD, SOURCES)


@pytest.fixture(scope="module")
def holdout() -> Evaluation:
    return evaluate(HOLDOUT, SOURCES)


def test_gold_covers_what_issue_12_asks(evaluation: Evaluation, holdout: Evaluation) -> None:
    assert evaluation.documents + holdout.documents >= 40
    assert evaluation.gold_exchanges + holdout.gold_exchanges >= 440
    assert holdout.documents >= 15
    assert not evaluation.missing_documents and not holdout.missing_documents


def test_every_gold_exchange_is_found(evaluation: Evaluation, holdout: Evaluation) -> None:
    assert evaluation.found_exchanges == evaluation.gold_exchanges
    assert holdout.found_exchanges == holdout.gold_exchanges


def test_outlets(evaluation: Evaluation) -> None:
    assert evaluation.outlet_accuracy >= OUTLET_FLOOR


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_f1_floor(evaluation: Evaluation, field: str) -> None:
    score = evaluation.scores[field]
    assert score.f1 >= FLOORS[field], f"{field}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}"


@pytest.mark.parametrize("field", sorted(HOLDOUT_FLOORS))
def test_holdout_f1_floor(holdout: Evaluation, field: str) -> None:
    score = holdout.scores[field]
    assert score.f1 >= HOLDOUT_FLOORS[field], f"{field}: F1 {score.f1:.3f}"


def test_kg_eval_cli_prints_json() -> None:
    args = ["eval", "--json"] + [a for g in GOLD for a in ("--gold", str(g))] + [str(s) for s in SOURCES]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["exchanges_found"] == scores["gold_exchanges"] >= 280
    assert set(FLOORS) <= set(scores)


def test_eval_scores_a_wrong_extraction_low(tmp_path: Path) -> None:
    # The scorer itself must be able to fail: a gold line claiming countries no one named lowers recall.
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"kind":"doc","doc":"000_921da15b2d4a4fd7.txt","exchanges":1,"statements":0}\n'
        '{"kind":"exchange","doc":"000_921da15b2d4a4fd7.txt","n":1,'
        '"question_start":"According to reports, the United States plans to","outlet":"CCTV",'
        '"countries":["BRA","ZAF"],"places":[],"orgs":[],"topics":["olympics_sports"],"positions":[]}\n',
        encoding="utf-8",
    )
    result = evaluate([gold], [ROOT / "seeds"])
    assert result.found_exchanges == 1
    assert result.outlet_accuracy == 0.0
    assert result.scores["countries"].recall == 0.0
    assert result.scores["topics"].f1 == 0.0


def test_pairs_by_target_kind_add_up(evaluation: Evaluation) -> None:
    whole = evaluation.scores["act_targets"]
    parts = [evaluation.scores[f"act_targets_{kind}"] for kind in TARGET_KINDS]
    assert (sum(p.tp for p in parts), sum(p.fp for p in parts), sum(p.fn for p in parts)) == (
        whole.tp,
        whole.fp,
        whole.fn,
    )
    assert all(p.tp + p.fn > 0 for p in parts)  # the tuning gold has targets of every kind


def test_an_organisation_target_counts_only_when_it_is_the_gold_one() -> None:
    assert _align_targets({"criticize|organization:who"}, {"criticize|UN"}) == {"criticize|organization:who"}
    assert _align_targets({"support|organization:who"}, {"support|WHO"}) == {"support|WHO"}
    assert _align_targets({"criticize|organization:unsc"}, {"criticize|UN"}) == {"criticize|organization:unsc"}
    assert [target_kind(p) for p in ("oppose|AUS", "support|WHO", "welcome|organization:asean", "demand|")] == [
        "country",
        "organization",
        "organization",
        "none",
    ]


@pytest.fixture(scope="module")
def chinese() -> Evaluation:
    return evaluate(ZH_GOLD, ZH_SOURCES)


def test_chinese_gold_exchanges_and_outlets(chinese: Evaluation) -> None:
    assert chinese.documents >= 10 and not chinese.missing_documents
    assert chinese.found_exchanges == chinese.gold_exchanges
    assert chinese.outlet_accuracy >= 0.95


@pytest.mark.parametrize("field", sorted(ZH_FLOORS))
def test_chinese_f1_floor(chinese: Evaluation, field: str) -> None:
    score = chinese.scores[field]
    assert score.f1 >= ZH_FLOORS[field], f"{field}: F1 {score.f1:.3f}"


# The held-out golds whose pages are read from the corpus (not copied into tests/data): their files, the fixture that
# finds their corpus, their floors, and how many of their exchanges the reader may leave to its own reading (one of
# holdout-b's 73: a reply labelled "Journalist:" after the spokesperson asked for the second question, t1729272,
# which presskg keeps inside the exchange it answers).
READ_FROM_CORPUS: dict[str, tuple[list[Path], str, dict[str, float], int]] = {
    "zh-b": (ZH_B_GOLD, "zh_corpus_dir", ZH_B_FLOORS, 0),
    "zh-c": (ZH_C_GOLD, "zh_corpus_dir", ZH_C_FLOORS, 0),
    "holdout-b": (HOLDOUT_B, "corpus_dir", HOLDOUT_B_FLOORS, 1),
}


@pytest.fixture(scope="module", params=sorted(READ_FROM_CORPUS))
def corpus_gold(request: pytest.FixtureRequest) -> tuple[str, Evaluation]:
    golds, corpus_fixture, _floors, _left = READ_FROM_CORPUS[request.param]
    return request.param, evaluate(golds, corpus_pages(golds, request.getfixturevalue(corpus_fixture)))


def test_a_gold_read_from_the_corpus_finds_its_exchanges_and_outlets(corpus_gold: tuple[str, Evaluation]) -> None:
    name, evaluation = corpus_gold
    assert evaluation.documents >= 10 and not evaluation.missing_documents
    assert evaluation.found_exchanges >= evaluation.gold_exchanges - READ_FROM_CORPUS[name][3]
    assert evaluation.outlet_accuracy >= OUTLET_FLOOR


def test_a_gold_read_from_the_corpus_stays_above_its_floors(corpus_gold: tuple[str, Evaluation]) -> None:
    name, evaluation = corpus_gold
    floors = READ_FROM_CORPUS[name][2]
    below = {f: round(evaluation.scores[f].f1, 3) for f, floor in floors.items() if evaluation.scores[f].f1 < floor}
    assert not below, f"{name}: below the floors {floors}: {below}"


# Issue 14's targets for "a Chinese gold of your own", held by the three held-out Chinese golds taken together (30
# pages, 282 exchanges, six readers; 0.768 acts and 0.615 pairs after the seventh round, session 8).
ZH_ALL_TARGETS = {"countries": 0.92, "topics": 0.70, "acts": 0.75, "act_targets": 0.60}


@pytest.fixture(scope="module")
def chinese_all(zh_corpus_dir: Path) -> Evaluation:
    read = corpus_pages(ZH_B_GOLD + ZH_C_GOLD, zh_corpus_dir)
    return evaluate(ZH_GOLD + ZH_B_GOLD + ZH_C_GOLD, [*ZH_SOURCES, *read])


def test_the_chinese_golds_together_meet_issue_14(chinese_all: Evaluation) -> None:
    assert chinese_all.documents >= 30 and not chinese_all.missing_documents
    assert chinese_all.found_exchanges / chinese_all.gold_exchanges >= 0.97
    assert chinese_all.outlet_accuracy >= 0.95
    scores = {field: round(chinese_all.scores[field].f1, 3) for field in ZH_ALL_TARGETS}
    assert all(scores[field] >= target for field, target in ZH_ALL_TARGETS.items()), scores


# A second reading of 18 held-out pages (tests/gold/holdout-second/, session 10: four readers who never saw the
# extractor, its output or the gold, 150 exchanges), scored against the held-out gold as the extractor is: how far two
# careful readers agree, the ceiling against which the extractor's held-out figures are read (README).
SECOND_READING = sorted((ROOT / "tests" / "gold" / "holdout-second").glob("*.jsonl"))
SECOND_READING_FLOORS = {"countries": 0.97, "topics": 0.93, "acts": 0.93, "act_targets": 0.89, "orgs": 0.89}


def test_a_second_reader_agrees_with_the_held_out_gold() -> None:
    from kg.agreement import agreement

    result = agreement([*HOLDOUT, *HOLDOUT_B], SECOND_READING)
    assert result.documents == 18 and result.found_exchanges == result.gold_exchanges == 150
    for field, floor in SECOND_READING_FLOORS.items():
        score = result.scores[field]
        assert score.f1 >= floor, f"{field}: P {score.precision:.3f} R {score.recall:.3f} F1 {score.f1:.3f}"
    # The extractor on the same pages sits well below both readers: the gap is the extractor's, not the gold's.
    assert result.scores["acts"].f1 - 0.1 > evaluate(HOLDOUT, SOURCES).scores["acts"].f1
