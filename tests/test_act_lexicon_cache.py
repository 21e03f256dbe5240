"""The act lexicon's per-process costs: the literal openings of its cue patterns are found once per set of patterns
and kept in a file (``kg.extract.positions.lexicon._cue_openings``), and each cue is compiled at its first use
(``kg.extract.actcues.ActCue.pattern``), with the same matches as before and invalid patterns still refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.errors import OntologyError
from kg.extract.actcues import ActCue, compiled
from kg.extract.positions import lexicon as lexicon_module
from kg.extract.positions.lexicon import _cue_openings, _openings, load_act_lexicon, match_cues

TEXT = (
    "China firmly opposes the so-called sanctions and urges the US to stop interfering. "
    "We welcome the talks and support the efforts of the two sides; we have no comment on that."
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRESSKG_CACHE", str(folder))
    return folder


def test_the_openings_are_kept_in_a_file_and_read_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cues = load_act_lexicon().cues
    made = _cue_openings(cues, source="acts.ttl")
    assert made == {cue.id: _openings(cue.pattern) for cue in cues.values()}
    assert len(list(cache.glob("act-openings-*.json"))) == 1

    def no_parse(pattern: object) -> None:
        raise AssertionError("the openings were found again, not read from the file")

    monkeypatch.setattr(lexicon_module, "_openings", no_parse)
    assert _cue_openings(cues, source="acts.ttl") == made


def test_other_patterns_get_another_file_and_a_damaged_file_is_made_again(cache: Path) -> None:
    cues = load_act_lexicon().cues
    made = _cue_openings(cues, source="acts.ttl")
    (path,) = cache.glob("act-openings-*.json")
    path.write_text("{not json", encoding="utf-8")
    assert _cue_openings(cues, source="acts.ttl") == made
    first = next(iter(cues.values()))
    changed = {**cues, first.id: dataclasses.replace(first, source="(?:firmly\\s+oppos(?:e|es))(?![\\w])")}
    assert _cue_openings(changed, source="acts.ttl")[first.id] == {"firml"}
    assert len(list(cache.glob("act-openings-*.json"))) == 2


def test_an_invalid_pattern_is_refused_where_no_file_vouches_for_it(cache: Path) -> None:
    cues = load_act_lexicon().cues
    first = next(iter(cues.values()))
    broken = {**cues, first.id: dataclasses.replace(first, source="(?:oppos(?:e|es)")}
    with pytest.raises(OntologyError) as caught:
        _cue_openings(broken, source="acts.ttl")
    assert caught.value.code == "E533" and first.id in str(caught.value)
    assert not list(cache.glob("act-openings-*.json"))  # nothing kept for patterns that do not compile


def test_a_cue_is_compiled_once_at_its_first_use() -> None:
    cue = ActCue("x_verb", "oppose", "self", "pos", "after", r"oppos(?:e|es)(?![\w])", 2)
    assert cue.pattern is cue.pattern is compiled(cue.source, cue.flags)
    assert cue.pattern.match("Opposes") is not None  # the flags (re.I) are the cue's


def test_a_lexicon_read_with_the_file_matches_as_one_made_without(cache: Path) -> None:
    def matches() -> set[tuple[str, int, int]]:
        lexicon_module._load_lexicon.cache_clear()
        return {(cue.id, m.start(), m.end()) for cue, m in match_cues(load_act_lexicon(), TEXT)}

    made = matches()  # no file yet: every pattern parsed, and the file written
    assert list(cache.glob("act-openings-*.json"))
    read = matches()  # the openings read from the file
    assert made == read and {"oppose_verb", "demand_urge"} <= {cue for cue, _, _ in read}


def test_a_cache_folder_that_cannot_be_written_only_costs_the_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PRESSKG_CACHE", str(blocked / "cache"))
    cues = load_act_lexicon().cues
    assert _cue_openings(cues, source="acts.ttl") == {cue.id: _openings(cue.pattern) for cue in cues.values()}
