"""White House briefings (markdown with a front matter), read under the White House profile.

The sample (tests/data/whitehouse-en) holds seven transcripts of five kinds (briefings with and without a guest, a
background call, a COVID-19 team briefing without the press secretary, a gaggle, remarks without questions)
and one file of the corpus that is no transcript. Every transcript's exchanges are checked against a count
made without the reader: the lines, after a blank line, that open with the question label ``Q``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.read import ReadResult, read_briefing, read_briefings
from kg.types import Briefing, Layout

SAMPLE = Path(__file__).parent / "data" / "whitehouse-en"
_FRONT_DATE = re.compile(r"^date:\s*'?(\d{4}-\d\d-\d\d)", re.MULTILINE)
_Q = re.compile(r"(?:^|\n[^\S\n]*\n)[^\S\n]*Q(?:[^\S\n]*:)?\s+\S")
NOT_TRANSCRIPTS = {
    "2021-02-10-president-biden-announces-members-of-the-biden-harris-administration-covid-19-health-equity-task-force.md",
    "2024-09-20-a-u-s-framework-for-climate-resilience-and-security.md",
}


def independent_count(raw: str) -> int:
    """Question labels in the body: "Q" (perhaps with a colon) opening a line that follows a blank line."""
    body = raw.split("\n---", 1)[1] if raw.startswith("---") else raw
    return len(_Q.findall(body))


def _by_name(briefings: tuple[Briefing, ...]) -> dict[str, Briefing]:
    """Briefings by the start of their file name (date and kind), which is unique in the sample."""
    return {b.source.name[:48]: b for b in briefings}


@pytest.fixture(scope="module")
def sample() -> ReadResult:
    return read_briefings([SAMPLE])


def test_sample_reads_every_transcript_and_refuses_the_other_file(sample: ReadResult) -> None:
    assert len(sample.briefings) == 7
    [error] = sample.errors
    assert isinstance(error, ParseError) and error.code == "E210"
    assert error.path and error.path.endswith("climate-resilience-and-security.md")
    assert "speaker labels none" in str(error)


def test_sample_dates_spokespersons_and_officials(sample: ReadResult) -> None:
    read = _by_name(sample.briefings)
    psaki = read["2021-01-22-press-briefing-by-press-secretary-jen"]
    assert (psaki.date, psaki.spokesperson, psaki.profile, psaki.layout) == (
        dt.date(2021, 1, 22),
        "Jen Psaki",
        "whitehouse",
        Layout.MARKDOWN,
    )
    assert [(s.name, s.title) for s in psaki.speakers] == [
        ("Jen Psaki", "Press Secretary"),
        ("Brian Deese", "National Economic Director"),
    ]
    assert psaki.institution == "The White House"
    assert psaki.source.url and psaki.source.url.startswith("https://bidenwhitehouse.archives.gov/briefing-room/")
    kirby = read["2022-08-04-press-briefing-by-press-secretary-kar"]
    assert kirby.spokesperson == "Karine Jean-Pierre"
    assert ("John Kirby", "NSC Coordinator for Strategic Communications") in [(s.name, s.title) for s in kirby.speakers]
    background = read["2021-03-08-background-press-call-by-senior-admin"]
    assert background.spokesperson is None and [s.named for s in background.speakers] == [False]
    covid = read["2021-05-25-press-briefing-by-white-house-covid-1"]
    assert ("Slavitt", "Acting Administrator") in [(s.name, s.title) for s in covid.speakers]
    remarks = read["2021-09-21-remarks-by-president-biden-and-prime-"]
    assert not remarks.exchanges and [s.name for s in remarks.speakers] == ["Joe Biden", "Scott Morrison"]


def test_sample_exchanges_match_the_independent_count(sample: ReadResult) -> None:
    for b in sample.briefings:
        raw = (SAMPLE / b.source.name).read_text(encoding="utf-8")
        assert len(b.exchanges) == independent_count(raw), b.source.name
        assert all(e.outlet is None for e in b.exchanges), b.source.name


def test_answers_are_spoken_by_officials_and_statements_open_the_briefing(sample: ReadResult) -> None:
    psaki = _by_name(sample.briefings)["2021-01-22-press-briefing-by-press-secretary-jen"]
    assert psaki.statements[0].turn.speaker == "Jen Psaki"
    assert psaki.statements[0].turn.text.startswith("Good afternoon, everyone.")
    assert psaki.exchanges[1].answer is not None and psaki.exchanges[1].answer.speaker == "Brian Deese"
    speakers = {e.answer.speaker for e in psaki.exchanges if e.answer}
    assert speakers <= {"Jen Psaki", "Brian Deese"}
    # The page breaks "MS. PSAKI:" into "M" and "S. PSAKI:"; the broken label still names her.
    assert not any("S. Psaki" in (e.answer.speaker or "") for e in psaki.exchanges if e.answer)


def test_moderator_lines_are_no_turn(tmp_path: Path) -> None:
    path = tmp_path / "call.md"
    path.write_text(
        "---\ndate: '2022-03-01'\ntitle: \"Background Press Call on Ukraine\"\n---\n\n"
        "MODERATOR:  Thanks, everyone. Our first speaker is a senior official.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  We will impose sanctions on Russia.\n\n"
        "MODERATOR:  First question goes to Reuters.\n\n"
        "Q    Will China help Russia?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  We have been clear with the PRC.\n\n"
        "MODERATOR:  Next question.\n\nQ    And Europe?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL:  We stand with Europe.\n",
        encoding="utf-8",
    )
    b = read_briefing(path)
    assert [s.turn.text for s in b.statements] == ["We will impose sanctions on Russia."]
    assert [(e.question.text, e.answer.text if e.answer else None) for e in b.exchanges] == [
        ("Will China help Russia?", "We have been clear with the PRC."),
        ("And Europe?", "We stand with Europe."),
    ]


def test_a_list_of_paths_is_refused_not_built(tmp_path: Path) -> None:
    path = tmp_path / "files.txt"
    name = "whitehouse-en/2021-01-{:02d}-press-briefing-by-press-secretary-jen-psaki.md\n"
    path.write_text("".join(name.format(day) for day in (20, 21, 22, 25)), encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        read_briefing(path)
    assert caught.value.code == "E209" and "file paths" in str(caught.value)


def test_a_log_is_refused_not_built(tmp_path: Path) -> None:
    path = tmp_path / "build.log"
    path.write_text(
        "2021-01-20 10:31:02 INFO reading briefing of January 20, 2021\n"
        "2021-01-20 10:31:03 INFO Q: 12 exchanges\n2021-01-20 10:31:04 WARNING no spokesperson\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as caught:
        read_briefing(path)
    assert caught.value.code == "E209" and "log records" in str(caught.value)


def test_a_transcript_no_profile_reads_is_refused_with_its_labels(tmp_path: Path) -> None:
    # A White House transcript saved as plain text (no front matter) is no ministry page: its officials' labels
    # must not become outlets.
    path = tmp_path / "briefing.txt"
    path.write_text(
        "Press Briefing by Press Secretary Jen Psaki and Secretary of Energy Jennifer Granholm, April 20, 2021\n\n"
        "SECRETARY GRANHOLM: Thank you, Jen. We are investing in clean energy.\n\n"
        "Q Thank you. What about China?\n\n"
        "SECRETARY GRANHOLM: China is investing too.\n",
        encoding="utf-8",
    )
    with pytest.raises(ParseError) as caught:
        read_briefing(path)
    assert caught.value.code == "E210"
    assert "SECRETARY GRANHOLM:" in str(caught.value) and "ontology/profiles.ttl" in str(caught.value)


@pytest.mark.corpus
def test_whole_corpus(whitehouse_dir: Path) -> None:
    files = sorted(whitehouse_dir.glob("*.md"))
    assert len(files) == 1104
    result = read_briefings([whitehouse_dir])
    refused = {Path(e.path or "").name: e.code for e in result.errors}
    assert refused == {name: "E210" for name in NOT_TRANSCRIPTS}
    duplicates = [w for w in result.warnings if "same briefing" in w]
    assert len(result.briefings) + len(duplicates) + len(refused) == len(files)
    mismatches, outlets, undated = {}, Counter[str](), []
    for b in result.briefings:
        raw = (whitehouse_dir / b.source.name).read_text(encoding="utf-8")
        expected = independent_count(raw)
        if expected != len(b.exchanges):
            mismatches[b.key] = (len(b.exchanges), expected)
        outlets.update(e.outlet.name for e in b.exchanges if e.outlet)
        front = _FRONT_DATE.search(raw)
        if front is None or b.date != dt.date.fromisoformat(front.group(1)):
            undated.append(b.key)
        assert b.profile == "whitehouse" and b.institution == "The White House", b.key
        if re.search(r"\bPress Secretary [A-Z]", b.title):
            assert b.spokesperson and b.spokesperson in b.title, b.key
    assert mismatches == {}
    assert outlets == Counter()
    assert undated == []
    spokespersons = Counter(b.spokesperson for b in result.briefings)
    assert spokespersons["Jen Psaki"] > 200 and spokespersons["Karine Jean-Pierre"] > 400
    officials = Counter(s.name for b in result.briefings for s in b.speakers if s.named)
    assert officials["John Kirby"] > 50 and officials["Jake Sullivan"] > 10
