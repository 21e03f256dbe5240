"""Topics, sixth round (issue 12): the scoring settings are properties of pk:Topics in ontology/topics.ttl, checked by
ps:TopicSchemeShape and read by kg/extract/topic_scoring.py; tools/topics_cv.py cross-validates them by briefing."""

from __future__ import annotations

import re
import shutil
from dataclasses import fields
from pathlib import Path
from types import ModuleType

import pytest
import rdflib
from conftest import load_script

from kg.errors import OntologyError
from kg.extract import extract
from kg.extract.topic_scoring import SETTINGS, WEIGHT_SETTINGS, TopicScoring, load_scoring
from kg.extract.topics import extract_topics, load_topic_lexicon
from kg.extract.zh.topics import extract_zh_topics
from kg.gazetteer import ontology_dir
from kg.read import read_briefings
from tests._build import briefing, zh_briefing

SCHEME = ontology_dir() / "topics.ttl"
SETTING = re.compile(r'^    pk:(\w+) "([0-9.]+)"\^\^xsd:(\w+) [;.]$', re.MULTILINE)
XINJIANG = (
    "What is your comment on the US sanctions over Xinjiang?",
    "Xinjiang affairs are China's internal affairs. We firmly oppose the sanctions.",
)


def _settings() -> dict[str, str]:
    return {name: value for name, value, _type in SETTING.findall(SCHEME.read_text(encoding="utf-8"))}


def _copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    text = SCHEME.read_text(encoding="utf-8")
    assert old in text
    (folder / "topics.ttl").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_every_setting_comes_from_the_turtle() -> None:
    settings = _settings()
    scoring = load_scoring()
    names = {iri.rsplit("#", 1)[-1] for iri in (*SETTINGS, *WEIGHT_SETTINGS)}
    assert set(settings) == names
    for iri, (field, _kind, _required) in SETTINGS.items():
        assert getattr(scoring, field) == float(settings[iri.rsplit("#", 1)[-1]])
    for iri, kind in WEIGHT_SETTINGS.items():
        assert scoring.weights[kind] == float(settings[iri.rsplit("#", 1)[-1]])
    # Every field of the settings has its property: none is left as a Python constant.
    assert {f.name for f in fields(TopicScoring)} == {f for f, _k, _r in SETTINGS.values()} | {"weights"}


@pytest.mark.parametrize(
    ("old", "new", "changed"),
    [
        ('pk:strongCueWeight "3.0"', 'pk:strongCueWeight "1.0"', True),  # one strong cue no longer passes alone
        ('pk:maxTopics "3"', 'pk:maxTopics "1"', True),  # only the best topic
        ('pk:topicMinScore "3.0"', 'pk:topicMinScore "30.0"', True),  # nothing passes
        ('pk:weakCueWeight "0.4"', 'pk:weakCueWeight "0.41"', False),
    ],
)
def test_a_changed_setting_changes_the_topics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str, changed: bool
) -> None:
    before = [(t.topic, t.score) for t in extract_topics(briefing([XINJIANG]))]
    assert [t for t, _ in before] == ["xinjiang", "sanctions"]
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(_copy(tmp_path, old, new)))
    after = [(t.topic, t.score) for t in extract_topics(briefing([XINJIANG]))]
    assert (after != before) is changed


def test_the_chinese_topics_read_the_same_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    b = zh_briefing(("美方宣布就涉疆问题对中方官员实施制裁，中方对此有何回应？", "新疆事务纯属中国内政。"))
    assert [t.topic for t in extract_zh_topics(b)] == ["xinjiang", "sanctions"]
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(_copy(tmp_path, 'pk:maxTopics "3"', 'pk:maxTopics "1"')))
    assert [t.topic for t in extract_zh_topics(b)] == ["xinjiang"]


def test_a_scheme_without_a_setting_is_an_ontology_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(_copy(tmp_path, '    pk:tailFloor "0.6"^^xsd:decimal ;\n', "")))
    with pytest.raises(OntologyError) as caught:
        extract_topics(briefing([XINJIANG]))
    assert caught.value.code == "E522" and "tailFloor" in str(caught.value)


def test_the_shapes_check_every_setting() -> None:
    import pyshacl

    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl")
    text = SCHEME.read_text(encoding="utf-8")
    conforms, _graph, report = pyshacl.validate(rdflib.Graph().parse(data=text, format="turtle"), shacl_graph=shapes)
    assert conforms, report
    for name, value, kind in SETTING.findall(text):
        line = f'pk:{name} "{value}"^^xsd:{kind}'
        broken = {
            "missing": text.replace(f"    {line} ;\n", "").replace(f" ;\n    {line} .", " ."),
            "negative": text.replace(line, f'pk:{name} "-{value}"^^xsd:{kind}'),
            "mistyped": text.replace(line, f'pk:{name} "{value}"'),
        }
        for how, bad in broken.items():
            assert bad != text, (name, how)
            conforms, _graph, report = pyshacl.validate(
                rdflib.Graph().parse(data=bad, format="turtle"), shacl_graph=shapes
            )
            assert not conforms and name in report, (name, how)


def _cv_tool() -> ModuleType:
    return load_script("tools/topics_cv.py", "topics_cv")


def test_the_cross_validation_tool_chooses_as_the_extractor_does() -> None:
    cv = _cv_tool()
    lexicon = load_topic_lexicon()
    folder = Path(__file__).resolve().parent / "data" / "fmprc-en"
    briefings = sorted(read_briefings([folder]).briefings, key=lambda b: b.source.name)[:6]
    compared = 0
    for b in briefings:
        doc = cv._doc("test", b.source.name, b, [], lexicon)
        got = cv.predict(doc, lexicon.scoring, lexicon.order)
        topics = extract(b).topics
        for ex, predicted in zip(b.exchanges, got, strict=True):
            assert predicted == {t.topic for t in topics if t.unit == f"e{ex.ordinal}"}
            compared += bool(predicted)
        # Another setting moves both alike: the tool scores what the extractor would state.
        one = cv.put(lexicon.scoring, "max_topics", 1)
        assert all(len(p) <= 1 for p in cv.predict(doc, one, lexicon.order))
    assert compared > 20


def test_the_cross_validation_folds_deal_every_set_round() -> None:
    cv = _cv_tool()
    docs = [cv.Doc(s, f"{s}{i}", (), 0) for s in ("gold", "dev") for i in range(7)]
    assert cv.folds(docs, 5) == [0, 1, 2, 3, 4, 0, 1] * 2
    # A weight is read and written by its GRID key; other settings by their field.
    scoring = load_scoring()
    assert cv.get(scoring, "w!") == 3.0 and cv.get(scoring, "w") == 1.0 and cv.get(scoring, "min_share") == 0.4
    assert cv.put(scoring, "w~", 0.3).weights["~"] == 0.3 and cv.put(scoring, "max_topics", 2).max_topics == 2


def test_a_folder_without_topics_needs_no_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An ontology folder of acts only (as tests of positions use) has no topics, and so no scoring to read.
    (tmp_path / "profiles.ttl").write_text((ontology_dir() / "profiles.ttl").read_text(encoding="utf-8"))
    monkeypatch.setenv("PRESSKG_ONTOLOGY", str(tmp_path))
    assert load_topic_lexicon().scoring is None
    assert extract_topics(briefing([XINJIANG])) == ()
    assert (
        extract_zh_topics(
            zh_briefing(("美方宣布就涉疆问题对中方官员实施制裁，中方对此有何回应？", "新疆事务纯属中国内政。"))
        )
        == ()
    )
