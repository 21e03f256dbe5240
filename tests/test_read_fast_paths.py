"""The reading's counting shortcuts give what the definitions they replace give (bench/PROFILE.md, sessions 11
and 12): the Han share of a text, its Latin letters counted by deleting every other ASCII byte instead of a list of
one-letter matches, and no Han search in ASCII text; a page's tag budget, not walked tag by tag where it has too
few "<" to reach either limit; a paragraph's label, not searched for where the paragraph holds no colon; a text's
control characters, counted by deleting every other byte of its Latin-1 encoding."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from zhon import hanzi

from kg.read.decode import _CONTROL, control_count
from kg.read.html import _NO_DEPTH, _TAG, MAX_DEPTH, over_budget
from kg.read.labels import _LABELLED, split_label
from kg.read.language import han_share

_HAN = re.compile(f"[{hanzi.characters}]")
_LETTER = re.compile(rf"[A-Za-z{hanzi.characters}]")


def han_share_by_matches(text: str) -> float:
    """The definition: Han characters over the Latin and Han letters, both matched one by one."""
    letters = len(_LETTER.findall(text))
    return len(_HAN.findall(text)) / letters if letters else 0.0


def over_budget_by_walk(text: str, max_depth: int) -> str | None:
    """The tag walk alone (no shortcut), with the depth limit given, as ``over_budget`` counts it."""
    depth = 0
    for match in _TAG.finditer(text):
        if match.group(2).lower() in _NO_DEPTH:
            continue
        depth = max(0, depth - 1) if match.group(1) else depth + 1
        if depth > max_depth:
            return "deep"
    return None


MIXED = st.text(alphabet=st.sampled_from("abcXYZ 周恩来汉字ōé,.1\n…<>/\u017f\u212a\x7f_:\uff1a"), max_size=200)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_han_share_is_the_share_of_matched_letters(text: str) -> None:
    assert han_share(text) == han_share_by_matches(text)


def test_han_share_of_english_chinese_and_neither() -> None:
    english = "Wang Wenbin's regular press conference. " * 100
    assert han_share(english) == han_share_by_matches(english) == 0.0
    chinese = "2021年12月9日外交部发言人汪文斌主持例行记者会 CCTV" * 50
    assert han_share(chinese) == han_share_by_matches(chinese) > 0.5
    assert han_share("1, 2, 3 …") == 0.0


def test_a_page_with_few_tags_is_within_budget_and_the_limit_still_bites() -> None:
    # MAX_DEPTH opening tags: as deep as allowed, and "<" no more often than the shortcut lets through.
    assert over_budget("<div>" * MAX_DEPTH) is None
    assert over_budget("<div>" * (MAX_DEPTH + 1)) == f"nested {MAX_DEPTH + 1:,} levels deep or more, the limit is 2,000"
    # Many "<" that are no tags, then a page as deep as allowed: the walk decides, and finds it within bounds.
    assert over_budget("a < b " * 5000 + "<div>" * MAX_DEPTH) is None


TAGS = st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<br>", "x < y", "<img src=a>", "</span>"]))


@settings(max_examples=300, deadline=None)
@given(TAGS, st.integers(min_value=1, max_value=12))
def test_the_walk_finds_no_excess_where_there_are_at_most_the_limit_of_tags(tags: list[str], limit: int) -> None:
    # The shortcut's premise at a small limit: a text with at most `limit` "<" is never deeper than `limit`.
    text = "".join(tags)
    if text.count("<") <= limit:
        assert over_budget_by_walk(text, limit) is None
    assert (over_budget(text) is None) == (over_budget_by_walk(text, MAX_DEPTH) is None)


@settings(max_examples=300, deadline=None)
@given(MIXED)
def test_a_paragraph_without_a_colon_has_no_label(text: str) -> None:
    if ":" not in text and "\uff1a" not in text:
        assert _LABELLED.match(text) is None and split_label(text, spokespersons=frozenset()) is None


def test_labels_are_still_found() -> None:
    assert split_label("Reuters: What is your comment?", spokespersons=frozenset()) is not None
    assert split_label("  AFP\uff1aIs it so?", spokespersons=frozenset()) is not None
    assert split_label("We noted the reports and will look into it.", spokespersons=frozenset()) is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x2FF) | st.sampled_from("\u2019\u4e2d\U0001f600"), max_size=200))
def test_control_characters_are_counted_as_matched(text: str) -> None:
    assert control_count(text) == len(_CONTROL.findall(text))
