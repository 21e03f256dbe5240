"""The act lexicon's per-process costs: the literal openings of its patterns and the ``re`` engine's code of each are
found once per set of patterns and kept in a file (``kg.extract.positions.lexicon._compiled_form``, through
``kg.cache``), and each cue is compiled at its first use from that code (``kg.extract.regexcode``), with the
same matches as patterns compiled from their text; a file that is missing, damaged or unwritable is made again or
done without, and invalid patterns are still refused."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.cache import cache_name, read_cached
from kg.errors import OntologyError
from kg.extract import regexcode
from kg.extract.actcues import ActCue, compiled
from kg.extract.positions import lexicon as lexicon_module
from kg.extract.positions.lexicon import _compiled_form, load_act_lexicon, match_cues
from kg.extract.positions.openings import ANCHOR_LENGTH, literal_openings

TEXT = (
    "China firmly opposes the so-called sanctions and urges the US to stop interfering. "
    "We welcome the talks and support the efforts of the two sides; we have no comment on that."
)
PATTERNS = {"example": (r"(?<![\w])(?:said|stated|noted)(?![\w])", 2)}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PRESSKG_CACHE", str(folder))
    return folder


@pytest.fixture
def fresh() -> Iterator[None]:
    """No pattern code known to this process, nor any pattern compiled from it, before and after the test."""

    def clear() -> None:
        regexcode._CODES.clear()
        regexcode.compiled.cache_clear()
        lexicon_module._load_lexicon.cache_clear()

    clear()
    yield
    clear()


def _parsed_openings(cues: dict[str, ActCue]) -> dict[str, set[str] | None]:
    def anchors(pattern: re.Pattern[str]) -> set[str] | None:
        longer = literal_openings(pattern, ANCHOR_LENGTH)
        return literal_openings(pattern) if longer is None else longer

    return {cue.id: anchors(re.compile(cue.source, cue.flags)) for cue in cues.values()}


def test_the_compiled_form_is_kept_in_a_file_and_read_back(
    cache: Path, fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cues = load_act_lexicon().cues
    lexicons = set(cache.glob("act-lexicon-*.bin"))  # the whole lexicon's form, written by its loading
    made, others = _compiled_form(cues, PATTERNS, source="acts.ttl")
    assert made == _parsed_openings(cues)
    assert others == {"example": {"said", "state", "noted"}}
    assert len(set(cache.glob("act-lexicon-*.bin")) - lexicons) == 1
    assert {(cue.source, cue.flags) for cue in cues.values()} <= regexcode._CODES.keys()

    def no_parse(pattern: str, flags: int) -> None:
        raise AssertionError("the patterns were parsed again, not read from the file")

    regexcode._CODES.clear()
    monkeypatch.setattr(lexicon_module, "parse", no_parse)
    assert _compiled_form(cues, PATTERNS, source="acts.ttl") == (made, others)
    assert {(cue.source, cue.flags) for cue in cues.values()} <= regexcode._CODES.keys()  # the code, from the file


@pytest.mark.parametrize("damage", [b"not a file of ours", b"", "truncated", "one byte changed"])
def test_a_damaged_file_is_made_again_and_other_patterns_get_another(
    cache: Path, fresh: None, damage: bytes | str
) -> None:
    cues = load_act_lexicon().cues
    lexicons = set(cache.glob("act-lexicon-*.bin"))
    made = _compiled_form(cues, PATTERNS, source="acts.ttl")
    (path,) = set(cache.glob("act-lexicon-*.bin")) - lexicons
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "one byte changed":
        path.write_bytes(data[:-7] + bytes([data[-7] ^ 1]) + data[-6:])
    else:
        assert isinstance(damage, bytes)
        path.write_bytes(damage)
    assert _compiled_form(cues, PATTERNS, source="acts.ttl") == made
    assert read_cached(path.name) is not None  # made again, and written again whole
    first = next(iter(cues.values()))
    changed = {**cues, first.id: dataclasses.replace(first, source="(?:firmly\\s+oppos(?:e|es))(?![\\w])")}
    assert _compiled_form(changed, PATTERNS, source="acts.ttl")[0][first.id] == {"firmly opp"}
    assert len(set(cache.glob("act-lexicon-*.bin")) - lexicons) == 2


def test_an_invalid_pattern_is_refused_where_no_file_vouches_for_it(cache: Path, fresh: None) -> None:
    cues = load_act_lexicon().cues
    lexicons = set(cache.glob("act-lexicon-*.bin"))
    first = next(iter(cues.values()))
    broken = {**cues, first.id: dataclasses.replace(first, source="(?:oppos(?:e|es)")}
    with pytest.raises(OntologyError) as caught:
        _compiled_form(broken, {}, source="acts.ttl")
    assert caught.value.code == "E533" and first.id in str(caught.value)
    assert set(cache.glob("act-lexicon-*.bin")) == lexicons  # nothing kept for patterns that do not compile


def test_a_cue_is_compiled_once_at_its_first_use() -> None:
    cue = ActCue("x_verb", "oppose", "self", "pos", "after", r"oppos(?:e|es)(?![\w])", 2)
    assert cue.pattern is cue.pattern is compiled(cue.source, cue.flags)
    assert cue.pattern.match("Opposes") is not None  # the flags (re.I) are the cue's


def test_patterns_compiled_from_the_code_are_those_compiled_from_their_text(cache: Path, fresh: None) -> None:
    load_act_lexicon()  # no file yet: the code is made and registered
    assert regexcode._CODES
    for (source, flags), _code in list(regexcode._CODES.items())[:300]:
        fast, slow = compiled(source, flags), re.compile(source, flags)
        assert fast is not slow
        assert (fast.pattern, fast.flags, fast.groups, fast.groupindex) == (
            slow.pattern,
            slow.flags,
            slow.groups,
            slow.groupindex,
        )
        assert [m.span() for m in fast.finditer(TEXT)] == [m.span() for m in slow.finditer(TEXT)]


def test_a_lexicon_read_with_the_file_matches_as_one_made_without(cache: Path, fresh: None) -> None:
    def matches() -> set[tuple[str, int, int]]:
        regexcode._CODES.clear()
        regexcode.compiled.cache_clear()
        lexicon_module._load_lexicon.cache_clear()
        return {(cue.id, m.start(), m.end()) for cue, m in match_cues(load_act_lexicon(), TEXT)}

    made = matches()  # no file yet: every pattern parsed, and the file written
    assert list(cache.glob("act-lexicon-*.bin"))
    read = matches()  # the openings and code read from the file
    assert made == read and {"oppose_verb", "demand_urge"} <= {cue for cue, _, _ in read}


def test_a_cache_folder_that_cannot_be_written_only_costs_the_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PRESSKG_CACHE", str(blocked / "cache"))
    cues = load_act_lexicon().cues
    assert _compiled_form(cues, {}, source="acts.ttl")[0] == _parsed_openings(cues)


def test_code_the_engine_refuses_is_compiled_from_the_text_instead(fresh: None) -> None:
    source = r"(?<![\w])oppos(?:e|es)(?![\w])"
    code = regexcode.code_of(regexcode.parse(source, 2), source, 2)
    assert code is not None
    regexcode.register({(source, 2): (source, code[1], [0, 1, 2], *code[3:])})  # not code the engine takes
    assert compiled(source, 2).match("Opposes").group() == "Opposes"


def test_a_change_to_the_code_that_derives_the_form_names_another_file(tmp_path: Path) -> None:
    import importlib.util

    path = tmp_path / "deriving.py"
    path.write_text("OPENING_LENGTH = 5\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location("deriving", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    before = cache_name("act-lexicon", ["patterns"], derived_by=(module,))
    assert cache_name("act-lexicon", ["patterns"], derived_by=(module,)) == before
    path.write_text("OPENING_LENGTH = 6\n", encoding="utf-8")
    assert cache_name("act-lexicon", ["patterns"], derived_by=(module,)) != before
    assert cache_name("act-lexicon", ["other patterns"], derived_by=(module,)) != before


def test_preloaded_code_is_read_back_from_its_file(cache: Path, fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = [("反对|谴责", 0), (r"(?<![\w])oppos(?:e|es)(?![\w])", 2)]
    regexcode.preload("test-cues", patterns)
    (path,) = cache.glob("test-cues-*.bin")
    assert {(source, flags) for source, flags in patterns} <= regexcode._CODES.keys()
    regexcode._CODES.clear()

    def no_parse(source: str, flags: int) -> None:
        raise AssertionError("parsed again, not read from the file")

    parse = regexcode.parse
    monkeypatch.setattr(regexcode, "parse", no_parse)
    regexcode.preload("test-cues", reversed(patterns))  # the same patterns, in another order: the same file
    assert {(source, flags) for source, flags in patterns} <= regexcode._CODES.keys()
    monkeypatch.setattr(regexcode, "parse", parse)
    path.write_bytes(path.read_bytes()[:-3])  # damaged: made again
    regexcode._CODES.clear()
    regexcode.preload("test-cues", patterns)
    assert {(source, flags) for source, flags in patterns} <= regexcode._CODES.keys()
    assert compiled("反对|谴责", 0).search("坚决反对").group() == "反对"


def test_an_invalid_pattern_is_not_preloaded(cache: Path, fresh: None) -> None:
    with pytest.raises(re.error):
        regexcode.preload("test-cues", [("反对|(谴责", 0)])
    assert not list(cache.glob("test-cues-*.bin"))
