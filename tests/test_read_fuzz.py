"""Property tests: generated transcripts and bytes never raise anything but the project's own errors."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.errors import InputError, KGError
from kg.read import parse_briefing
from kg.read.decode import decode_bytes
from kg.read.text import text_paragraphs
from kg.types import Briefing, Document, Layout, Source

LABELS = ["Q: ", "A: ", "Reuters: ", "Wang Wenbin: ", "Follow-up: ", "Journalist: ", "reporter: ", "CCTV reporter: ",
          "The following question was raised after the press conference: ", "Bloomberg:", ""]  # fmt: skip
TITLES = ["Foreign Ministry Spokesperson Wang Wenbin's regular press conference on May 11, 2021",
          "Regular Press Conference on September 17", "Contact us", ""]  # fmt: skip
WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\u2029"), min_size=0, max_size=60
)
PARAGRAPH = st.one_of(
    st.builds(lambda label, text: (label + text).strip(), st.sampled_from(LABELS), WORDS),
    st.sampled_from(["***", "NHK", "At the invitation of X, Y will visit China on May 3.", "x" * 5000]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.sampled_from(TITLES), paragraphs=st.lists(PARAGRAPH, max_size=25))
def test_parse_briefing_raises_only_project_errors(title: str, paragraphs: list[str]) -> None:
    doc = Document(
        source=Source(path="gen.txt", name="gen.txt", sha256="0" * 64),
        layout=Layout.TEXT,
        title=title or None,
        paragraphs=tuple(p for p in paragraphs if p),
    )
    try:
        briefing: Briefing | None = parse_briefing(doc)
    except KGError:
        briefing = None
    assume(briefing is not None)  # a project error is an allowed outcome; the properties below are a briefing's
    assert briefing == parse_briefing(doc)
    assert [e.ordinal for e in briefing.exchanges] == list(range(1, len(briefing.exchanges) + 1))
    assert [s.ordinal for s in briefing.statements] == list(range(1, len(briefing.statements) + 1))
    assert all(turn.text and turn.text == turn.text.strip() for turn in briefing.turns())


@settings(max_examples=300, deadline=None)
@given(data=st.binary(min_size=1, max_size=2000))
def test_decode_returns_text_or_an_input_error(data: bytes) -> None:
    try:
        text: str | None = decode_bytes(data, "gen.bin")
    except InputError as error:
        assert error.code in {"E101", "E102", "E105"}
        text = None
    assume(text is not None)  # an input error is an allowed outcome; the property below is about text
    assert isinstance(text, str) and text.strip()


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=3000))
def test_text_paragraphs_are_trimmed_and_non_empty(text: str) -> None:
    for paragraph in text_paragraphs(text):
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph
