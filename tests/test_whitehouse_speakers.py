"""Who speaks for whom at the White House: the press secretary is the briefing's spokesperson and states its
positions (pk:statedBy); guest officials are persons with their titles who speak for the United States; a foreign
leader at a joint appearance ("PRIME MINISTER MORRISON:", "PRESIDENT ZELENSKYY:") is placed with their own state
and gives no position of the United States, nor does a speaker whom the title, the people gazetteer and the
profile's kinds of event all fail to place.

Each extraction is also run with every speaker forced to the United States, to show that the speakers' own turns
do hold positions: what the reader's placement removes, not what the extractor happens not to find.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from kg.extract import extract
from kg.rdf import to_rdf
from kg.read import read_briefing
from kg.types import Briefing

SAMPLE = Path(__file__).parent / "data" / "whitehouse-en"
MORRISON = "2021-09-21-remarks-by-president-biden-and-prime-minister-morrison-of-australia-before-bilateral-meeting.md"
DEESE = "2021-01-22-press-briefing-by-press-secretary-jen-psaki-and-national-economic-director-brian-deese.md"
G7 = (
    "2023-07-12-remarks-by-president-biden-prime-minister-kishida-of-japan-and-president-zelenskyy-of-ukraine-in-a-"
    "g7-joint-declaration-of-support-for-ukraine-vilnius-lithuania.md"
)


def _holders_by_speaker(b: Briefing) -> Counter[tuple[str | None, str]]:
    speaker = {t.key: t.speaker for t in b.turns()}
    return Counter((speaker[p.turn], p.holder) for p in extract(b).positions)


def _all_american(b: Briefing) -> Briefing:
    return dataclasses.replace(b, speakers=tuple(dataclasses.replace(s, state="USA") for s in b.speakers))


def test_a_foreign_leader_at_joint_remarks_gives_no_us_position() -> None:
    b = read_briefing(SAMPLE / MORRISON)
    assert {s.name: s.state for s in b.speakers} == {"Joe Biden": "USA", "Scott Morrison": "AUS"}
    found = _holders_by_speaker(b)
    assert found and set(found) == {("Joe Biden", "USA")}
    assert _holders_by_speaker(_all_american(b))[("Scott Morrison", "USA")] > 0


def test_leaders_of_japan_and_ukraine_are_theirs_not_ours(whitehouse_dir: Path) -> None:
    b = read_briefing(whitehouse_dir / G7)
    placed = {s.name: (s.title, s.state) for s in b.speakers}
    assert placed == {
        "Joe Biden": ("President", "USA"),
        "Fumio Kishida": ("Prime Minister", "JPN"),
        "Volodymyr Zelensky": ("President", "UKR"),
    }
    assert set(_holders_by_speaker(b)) == {("Joe Biden", "USA")}
    forced = _holders_by_speaker(_all_american(b))
    assert forced[("Fumio Kishida", "USA")] > 0 and forced[("Volodymyr Zelensky", "USA")] > 0


def test_the_press_secretary_states_positions_and_guests_speak_as_persons() -> None:
    b = read_briefing(SAMPLE / DEESE)
    assert b.spokesperson == "Jen Psaki"
    assert [(s.name, s.title, s.state) for s in b.speakers] == [
        ("Jen Psaki", "Press Secretary", "USA"),
        ("Brian Deese", "National Economic Director", "USA"),
    ]
    found = extract(b)
    speaker = {t.key: t.speaker for t in b.turns()}
    stated = Counter((speaker[p.turn], p.stated_by, p.holder) for p in found.positions)
    assert stated[("Jen Psaki", "Jen Psaki", "USA")] > 0 and stated[("Brian Deese", None, "USA")] > 0
    assert set(stated) == {("Jen Psaki", "Jen Psaki", "USA"), ("Brian Deese", None, "USA")}
    stated_by = {q.object.value for q in to_rdf(found) if q.predicate.value.endswith("#statedBy")}
    assert stated_by == {"https://w3id.org/presskg/id/spokesperson/jen-psaki"}


@pytest.mark.parametrize(
    ("page", "label", "name"),
    [
        ("2021-02-17-press-briefing-by-white-house-covid-19-response-team-and-public-health-officials-4.md",
         "MS. JOHNSON", "Johnson"),
        ("2024-05-03-press-briefing-by-press-secretary-karine-jean-pierre-60.md", "MR. MICHEL", "Michel"),
    ],
)  # fmt: skip
def test_a_guest_at_a_press_briefing_is_no_namesake_abroad(
    whitehouse_dir: Path, page: str, label: str, name: str
) -> None:
    """A surname that one foreign person of the gazetteer bears ("Boris Johnson", "Charles Michel") names that
    person only where the title names them too: at a press briefing the guest is placed with the United States."""
    [speaker] = [s for s in read_briefing(whitehouse_dir / page).speakers if s.label == label]
    assert (speaker.name, speaker.state) == (name, "USA")


@pytest.mark.parametrize(
    ("page", "offices"),
    [
        ("2022-01-12-press-briefing-by-press-secretary-jen-psaki-and-national-economic-council-director-brian-deese-"
         "january-12-2022.md",
         [("Jen Psaki", "Press Secretary"), ("Brian Deese", "National Economic Council Director")]),
        ("2022-10-11-press-briefing-by-press-secretary-karine-jean-pierre-and-covid-19-response-coordinator-dr-ashish-"
         "jha-5.md", [("Karine Jean-Pierre", "Press Secretary"), ("Ashish Jha", "Covid-19 Response Coordinator")]),
    ],
)  # fmt: skip
def test_offices_from_titles_in_capitals_and_with_a_doctor(
    whitehouse_dir: Path, page: str, offices: list[tuple[str, str]]
) -> None:
    """Titles that capitalise "By" and "And" ("Press Briefing By Press Secretary Jen Psaki And ...") and put an
    honorific before the name ("Coordinator Dr. Ashish Jha"): the office is the office alone, not the title's
    start ("Press Briefing By Press Secretary") nor the honorific ("... Coordinator Dr.")."""
    b = read_briefing(whitehouse_dir / page)
    assert [(s.name, s.title) for s in b.speakers] == offices
    assert b.spokesperson == offices[0][0]


@pytest.mark.corpus
def test_whole_corpus_press_secretaries_and_placed_speakers(whitehouse_dir: Path) -> None:
    """Over the 1,104 transcripts: the spokesperson is always one of the profile's press secretaries, and
    wherever one of them answers the briefing has a spokesperson who answers or whom the title names; every
    official answering at a press briefing, gaggle or call speaks for the United States; the speakers placed
    with another state are the three leaders at joint remarks, and the few left unplaced speak only at remarks."""
    from kg.profiles import profile
    from kg.read import read_briefings

    wh = profile("whitehouse")
    result = read_briefings([whitehouse_dir])
    abroad, unplaced = set(), set()
    for b in result.briefings:
        answering = {s.name for s in b.speakers} & set(wh.spokespersons)
        assert b.spokesperson is None or b.spokesperson in wh.spokespersons, b.key
        if answering:
            assert b.spokesperson in answering or (b.spokesperson and b.spokesperson in b.title), b.key
        for s in b.speakers:
            if s.state is None:
                unplaced.add((s.name, b.title.split(" ", 1)[0]))
            elif s.state != "USA":
                abroad.add((s.name, s.state))
    assert abroad == {("Scott Morrison", "AUS"), ("Fumio Kishida", "JPN"), ("Volodymyr Zelensky", "UKR")}
    assert unplaced and {kind for _, kind in unplaced} == {"Remarks"}


def test_an_outlet_quoted_in_an_answer_is_no_speaker(whitehouse_dir: Path) -> None:
    """The press secretary reads out a headline ("CBS: 'Republicans want to push Social Security, Medicare
    eligibility age to 70.'", 2023-02-01): the line is part of her answer, not an official named "Cbs"."""
    b = read_briefing(whitehouse_dir / "2023-02-01-press-briefing-by-press-secretary-karine-jean-pierre-14.md")
    assert "CBS" not in {s.label for s in b.speakers}
    [turn] = [t for t in b.turns() if "CBS: \u201cRepublicans want to push Social Security" in t.text]
    assert turn.speaker == "Karine Jean-Pierre"
