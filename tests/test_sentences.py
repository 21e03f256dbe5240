"""Sentence spans: abbreviations, initials, decimals, quotes and paragraph breaks, on real transcript text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.extract.sentences import split_sentences


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
