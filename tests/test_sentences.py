"""Sentence spans: abbreviations, initials, decimals, quotes and paragraph breaks, on real transcript text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kg.extract.sentences import BOUNDARY, split_sentences
from kg.extract.zh import sentences as zh_sentences
from kg.read import read_briefings


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Mr. Pompeo said the U.S. side would act. "
        "The No. 1 priority, e.g. trade, is clear. "
        "Relations, i.e. ties between the two countries, matter. "
        "Dr. Tedros spoke at 3 p.m. on Tuesday."
    )
    assert sentences(text) == [
        "Mr. Pompeo said the U.S. side would act.",
        "The No. 1 priority, e.g. trade, is clear.",
        "Relations, i.e. ties between the two countries, matter.",
        "Dr. Tedros spoke at 3 p.m. on Tuesday.",
    ]


def test_dotted_acronym_ends_a_sentence_before_an_opener() -> None:
    text = "The sanctions were imposed by the U.S. The Chinese side firmly opposes them."
    assert sentences(text) == ["The sanctions were imposed by the U.S.", "The Chinese side firmly opposes them."]


def test_initials_and_decimals() -> None:
    text = "Donald J. Trump said growth was 6.1 percent. We have noted it."
    assert sentences(text) == ["Donald J. Trump said growth was 6.1 percent.", "We have noted it."]


def test_quotes_stay_with_their_sentence() -> None:
    text = 'He called it "a complete fabrication." The US side should stop. Is this "freedom"? No.'
    assert sentences(text) == [
        'He called it "a complete fabrication."',
        "The US side should stop.",
        'Is this "freedom"?',
        "No.",
    ]


def test_curly_quotes_and_lower_case_continuations() -> None:
    text = "The so-called \u201cClean Network\u201d? it is nothing new. We oppose it!\u201d she said."
    # A question mark followed by a lower-case word does not end the sentence; a curly quote may close one.
    assert sentences(text) == [
        "The so-called \u201cClean Network\u201d? it is nothing new.",
        "We oppose it!\u201d she said.",
    ]


def test_paragraph_breaks_always_split() -> None:
    text = "China firmly opposes it\nWe urge the US to stop.\n\n  Thank you.  "
    assert sentences(text) == ["China firmly opposes it", "We urge the US to stop.", "Thank you."]


def test_real_answer_from_the_corpus() -> None:
    text = (
        "Certain politicians like Ms. Pelosi still won't tell right from wrong. They have been making "
        "irresponsible remarks. We urge the U.S. to stop interfering in Hong Kong affairs."
    )
    assert len(split_sentences(text)) == 3


def test_empty_and_blank() -> None:
    assert split_sentences("") == ()
    assert split_sentences(" \n\t ") == ()


@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\"'U.S.Mr 1"))))
def test_spans_are_ordered_trimmed_and_inside(text: str) -> None:
    spans = split_sentences(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert text[a:b] == text[a:b].strip()
        last = b


def test_a_runaway_sentence_is_cut_at_spaces_into_bounded_pieces() -> None:
    from kg.extract.sentences import MAX_SENTENCE

    text = "we oppose the sanctions and urge restraint " * 400  # 17,200 characters, no full stop
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(0 < e - s <= MAX_SENTENCE for s, e in spans)
    assert all(text[s] != " " and text[e - 1] != " " for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans) == text.strip()


# The boundary patterns as plainly written; the modules' open with a class of first characters (for speed).
PLAIN_BOUNDARY = re.compile(
    r"""[.!?]+["'\u201d\u2019)\]]*(?=[ \t\u00a0\u3000]+["'\u201c\u2018(\[]?[A-Z0-9])|\s*\n\s*"""
)
PLAIN_ZH_BOUNDARY = re.compile(f"[{re.escape(zh_sentences.STOPS)}]+[{re.escape(zh_sentences.CLOSERS)}]*|\\s*\\n\\s*")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


@given(st.text(alphabet=".!?\"'\u201d\u2019)][(\u201c\u2018 \t\r\n\u00a0\u3000\x1cAa1,x", max_size=40))
def test_the_boundary_pattern_finds_what_the_plain_alternation_finds(text: str) -> None:
    assert _spans(BOUNDARY, text) == _spans(PLAIN_BOUNDARY, text)


@given(
    st.text(alphabet="\u3002\uff01\uff1f\uff1b;!?\u2026\u201d\u300d\uff09\"') \t\r\n\u3000\u4e2d\u7f8eA", max_size=40)
)
def test_the_chinese_boundary_pattern_finds_what_the_plain_alternation_finds(text: str) -> None:
    assert _spans(zh_sentences.BOUNDARY, text) == _spans(PLAIN_ZH_BOUNDARY, text)


def test_the_boundary_patterns_find_what_the_plain_ones_find_in_the_test_pages() -> None:
    pages = Path(__file__).resolve().parent / "data"
    for folder, pattern, plain in (
        ("fmprc-en", BOUNDARY, PLAIN_BOUNDARY),
        ("whitehouse-en", BOUNDARY, PLAIN_BOUNDARY),
        ("fmprc-zh", zh_sentences.BOUNDARY, PLAIN_ZH_BOUNDARY),
    ):
        files = sorted(p for p in (pages / folder).iterdir() if p.suffix in (".html", ".md"))[:3]
        texts = [turn.text for b in read_briefings(files).briefings for turn in b.turns() if turn.text]
        assert texts, folder
        assert all(_spans(pattern, text) == _spans(plain, text) for text in texts), folder
