"""The reading's counting shortcuts give what the definitions they replace give (bench/PROFILE.md, session 11):
the Han share of a text, counted with ``str.count`` for the Latin letters instead of a list of one-letter matches;
a page's tag budget, not walked tag by tag where it has too few "<" to reach either limit."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from zhon import hanzi

from kg.read.html import _NO_DEPTH, _TAG, MAX_DEPTH, over_budget
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


MIXED = st.text(alphabet=st.sampled_from("abcXYZ 周恩来汉字ōé,.1\n…<>/"), max_size=200)


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
