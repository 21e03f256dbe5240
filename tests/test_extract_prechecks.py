"""The extraction's cheap pre-checks find what the full searches find: the cue anchors that lead a cue from its
shortest opening only (``kg.extract.positions.lexicon._anchors``), and the learned check's literal-opening guard
of its negation, reporting, conditional and speaker patterns (``kg.extract.positions.lexicon.may_search``), and
both where a text's lower case is not what a case-blind pattern matches (``openings.lowered``)."""

from __future__ import annotations

import re
from pathlib import Path
from re import _parser  # type: ignore[attr-defined]

import pytest

from kg.extract.positions import learned
from kg.extract.positions.lexicon import QUOTES, load_act_lexicon, match_cues, may_search, straighten
from kg.extract.positions.openings import ANCHOR_LENGTH, anchor_openings, lowered, tree_openings
from kg.extract.sentences import split_sentences
from kg.read import read_briefings

SAMPLE = Path(__file__).resolve().parent / "data" / "fmprc-en"


@pytest.fixture(scope="module")
def turns() -> list[str]:
    briefings = read_briefings(sorted(SAMPLE.glob("*.html"))[:3]).briefings
    texts = [turn.text.translate(QUOTES) for b in briefings for turn in b.turns() if turn.text]
    assert texts, "tests/data/fmprc-en holds no pages"
    return texts


def _every_cue_everywhere(norm: str) -> list[tuple[str, int, int]]:
    """Each cue tried at every place a word begins (where match_cues tries its anchors): the slow reference."""
    lex = load_act_lexicon()
    out = []
    for start in range(len(norm)):
        if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
            continue
        for cue in lex.cues.values():
            if (m := cue.pattern.match(norm, start)) is not None:
                out.append((cue.id, m.start(), m.end()))
    return sorted(out, key=lambda found: (found[1], found[0]))


def test_cue_matches_are_those_of_every_cue_tried_everywhere(turns: list[str]) -> None:
    lex = load_act_lexicon()
    # Short turns keep the reference (every cue at every word) quick; they still hold matches of many cues.
    chosen = sorted(turns, key=len)[len(turns) // 2 :][:12]
    found = 0
    for norm in chosen:
        fast = [(cue.id, m.start(), m.end()) for cue, m in match_cues(lex, norm)]
        assert fast == _every_cue_everywhere(norm)
        found += len(fast)
    assert found > 10


def test_cue_matches_in_white_house_turns_are_those_of_every_cue_tried_everywhere() -> None:
    """The ten-character anchors (``openings.ANCHOR_LENGTH``) on another register of English: the press
    secretary's "we have", "we're going to", "I don't" lead to cues that the ministry's turns seldom open."""
    lex = load_act_lexicon()
    files = sorted((SAMPLE.parent / "whitehouse-en").glob("*.md"))[:2]
    texts = [straighten(turn.text) for b in read_briefings(files).briefings for turn in b.turns() if turn.text]
    chosen = sorted(texts, key=len)[len(texts) // 2 :][:10]
    found = 0
    for norm in chosen:
        fast = [(cue.id, m.start(), m.end()) for cue, m in match_cues(lex, norm)]
        assert fast == _every_cue_everywhere(norm)
        found += len(fast)
    assert found > 5


def test_a_cue_with_too_many_long_openings_is_anchored_on_its_short_ones() -> None:
    tree = _parser.parse("[abc]" * 7, re.IGNORECASE)  # 3 ** 5 openings of five characters, 3 ** 7 of ten
    assert tree_openings(tree, ANCHOR_LENGTH) is None
    assert anchor_openings(tree) == tree_openings(tree) and len(tree_openings(tree) or ()) == 3**5
    assert anchor_openings(_parser.parse(r"firmly\s+oppose", re.IGNORECASE)) == {"firmly opp"}


def test_cues_across_white_space_other_than_spaces_are_found_as_everywhere() -> None:
    """Newlines, tabs, no-break spaces and runs of spaces between a cue's words: match_cues turns only white
    space other than a space into spaces and collapses runs with a map back to the text's offsets."""
    lex = load_act_lexicon()
    texts = [
        "China firmly\nopposes this.\tWe will\tnever accept it.",
        "China  firmly   opposes it,\r\nand we\u2003urge the US side to stop.",
        "We\u00a0firmly oppose it.\nThe two sides will never\u3000accept it.",
    ]
    found = 0
    for norm in texts:
        fast = [(cue.id, m.start(), m.end()) for cue, m in match_cues(lex, norm)]
        assert fast == _every_cue_everywhere(norm)
        found += len(fast)
    assert found >= 6
    assert lex.matchers  # the cues tried, each bound once (the calls above went through it)


def test_a_cue_is_led_to_by_no_opening_that_a_shorter_one_of_it_begins() -> None:
    lex = load_act_lexicon()
    anchors = dict(lex.anchors.items())
    for opening, (_length, cues) in anchors.items():
        for n in range(1, len(opening)):
            shorter = anchors.get(opening[:n])
            if shorter is not None:
                assert not {c.id for c in cues} & {c.id for c in shorter[1]}, (opening, opening[:n])
    text = "We will never accept it. The US side will never be accepted."
    ids = [(cue.id, m.start()) for cue, m in match_cues(lex, text)]
    assert len(ids) == len(set(ids))  # no cue found twice at one place


def test_the_guard_never_hides_a_match(turns: list[str]) -> None:
    lex = load_act_lexicon()
    patterns = [lex.neg, lex.report, learned.CONDITIONAL, lex.self_any]
    # The speaker's pattern holds a scoped flag ("(?-i:I)") that the openings do not read: it is always searched.
    guards = {id(pattern): guard for pattern, guard in lex.guards}
    assert all(guards[id(p)] is not None for p in patterns[:2]), "a pattern lost its openings: no guard"
    assert guards[id(lex.self_any)] is None
    sentences = [text[s:e] for text in turns for s, e in split_sentences(text)]
    skipped = 0
    for sentence in sentences:
        lower = lowered(sentence)
        for pattern in patterns:
            if not may_search(lex, pattern, lower):
                skipped += 1
                assert pattern.search(sentence) is None, (pattern.pattern[:40], sentence)
    assert skipped > len(sentences)  # the guard does skip searches
    assert not may_search(lex, learned.CONDITIONAL, lowered("We oppose it."))  # a pattern not the lexicon's


def test_a_lexicon_guard_is_found_without_hashing_its_pattern() -> None:
    """A pattern's hash reads its whole compiled code (1.6 us for REPORT and SELF, several times per sentence the
    classifier reads): ``may_search`` finds the lexicon's guards by identity. A stand-in that cannot be hashed shows
    it, and the lexicon's guard, not one made from the stand-in, is the one used."""
    import dataclasses

    from kg.extract.positions.openings import opening_guard

    class Unhashable:
        __hash__ = None  # type: ignore[assignment]

    stand_in = Unhashable()
    lex = dataclasses.replace(load_act_lexicon(), guards=((stand_in, opening_guard({"said"})),))
    assert may_search(lex, stand_in, lowered("He said so.")) is True  # type: ignore[arg-type]
    assert may_search(lex, stand_in, lowered("It is good.")) is False  # type: ignore[arg-type]


def test_the_guard_stands_aside_where_lower_case_is_not_what_the_pattern_matches() -> None:
    lex = load_act_lexicon()
    said = re.compile(r"(?<!\w)said(?!\w)", re.IGNORECASE)
    text = "He \u017faid so."  # the long s matches "s" in any case, but does not lower-case to it
    assert said.search(text) is not None
    assert lowered(text) is None
    assert may_search(lex, said, lowered(text))
    assert not may_search(lex, said, lowered("He spoke."))


@pytest.mark.parametrize("long_s", ["China firmly oppo\u017fes the \u017fanctions.", "We \u017fupport the talks."])
def test_cues_are_found_where_lower_case_is_not_what_they_match(long_s: str) -> None:
    # "\u017f" (the long s) matches "s" in a case-blind cue but lower-cases to itself: no anchor finds the cue there.
    found = [(cue.id, m.start(), m.end()) for cue, m in match_cues(load_act_lexicon(), long_s)]
    assert found == _every_cue_everywhere(long_s) and found


def test_straightening_skips_only_text_that_quotes_leave_as_it_is() -> None:
    """``straighten`` (and the topics' same shortcut) leave ASCII text untouched: sound only while every character
    the tables map is not ASCII."""
    from kg.extract import topics
    from kg.extract.positions.lexicon import straighten

    for table in (QUOTES, topics.QUOTES):
        assert table and all(code > 0x7F for code in table), "a quote table maps an ASCII character"
    for text in ("China\u2019s \u201cposition\u201d\u00a0stands.", "China's position", "", "caf\u00e9 \u2018x\u2019"):
        assert straighten(text) == text.translate(QUOTES)


def test_the_window_guards_never_hide_a_match(turns: list[str]) -> None:
    """``Reading.may_find`` says no only for sentences where the group names and EVERYONE cannot match."""
    from kg.extract.positions.turn import Reading

    lex = load_act_lexicon()
    patterns = {"groups": lex.groups, "grammar.everyone": lex.grammar.everyone}
    assert all(lex.window_guards[name] is not None for name in patterns), "a guard lost its openings"
    texts = [*turns, "We will work with African countries and all forms of terrorism.\nThe  international community."]
    skipped = 0
    for text in texts:
        spans = split_sentences(text)
        reading = Reading(lex, text, text, spans, [s for s, _ in spans], [], [])
        for name, pattern in patterns.items():
            for start, end in spans:
                if not reading.may_find(name, start, end):
                    skipped += 1
                    assert pattern.search(text, start, end) is None, (name, text[start:end])
    assert skipped > len(texts)  # the guards do skip searches


def test_a_chinese_turn_is_searched_for_every_cue_that_matches_in_it() -> None:
    """``Grammar.cues_in`` leaves out only cues that match nowhere in the turn (tests/data/fmprc-zh)."""
    from kg.extract.zh.grammar import grammar_for
    from kg.ontology import resolved_folder

    g = grammar_for(resolved_folder())
    files = sorted((SAMPLE.parent / "fmprc-zh").glob("*.html"))[:4]
    texts = [turn.text for b in read_briefings(files).briefings for turn in b.turns() if turn.text]
    assert texts
    left_out = 0
    for text in texts:
        chosen = {cue.id for cue in g.cues_in(text)}
        for cue in g.cues:
            if cue.id not in chosen:
                left_out += 1
                assert cue.pattern.search(text) is None, (cue.id, text[:40])
    assert left_out > len(texts)
