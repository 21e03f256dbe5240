"""The ministry's other English labels: questions noted as raised after the press conference, askers named by
no outlet ("Foreign Journalist:"), and the reporter's replies inside an exchange, kept as turns of their own.

Real pages where the corpus has them (tests/data/fmprc-en); the two labels the corpus never prints are checked
in small transcripts that quote the issue's wording.
"""

from __future__ import annotations

from pathlib import Path

from kg.read import parse_briefing, read_briefing, read_document
from kg.read.labels import LabelKind, split_label

TITLE = "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on March 3, 2021"


def _read(tmp_path: Path, body: str) -> object:
    path = tmp_path / "page.txt"
    path.write_text(f"{TITLE}\n\n{body}", encoding="utf-8")
    return parse_briefing(read_document(path))


def test_question_noted_after_the_conference_on_a_real_page(sample_dir: Path) -> None:
    b = read_briefing(sample_dir / "t1603452.html")
    last = b.exchanges[-1]
    assert len(b.exchanges) == 7
    assert last.outlet is None and last.question.text.startswith("the US leaders recently said")
    assert last.answer is not None and last.answer.text.startswith("This groundless accusation")


def test_question_raised_after_the_press_conference_is_its_own_exchange(tmp_path: Path) -> None:
    b = _read(
        tmp_path,
        "Reuters: What is your comment on the visit?\n\nHua Chunying: We have noted the reports.\n\n"
        "Question raised after the press conference: The US approved an arms sale to Taiwan. What is your comment?"
        "\n\nHua Chunying: China strongly condemns the US for the arms sale to the Taiwan region.\n",
    )
    assert [e.outlet.key if e.outlet else None for e in b.exchanges] == ["reuters", None]  # type: ignore[attr-defined]
    first, second = b.exchanges  # type: ignore[attr-defined]
    assert first.answer.text == "We have noted the reports."
    assert second.question.text.startswith("The US approved an arms sale")
    assert second.answer.text.startswith("China strongly condemns the US")


def test_foreign_journalist_is_an_anonymous_asker_not_an_outlet(tmp_path: Path) -> None:
    label = split_label("Foreign Journalist: Is it true?", spokespersons=frozenset())
    assert label is not None and label.kind is LabelKind.QUESTION
    b = _read(tmp_path, "Foreign Journalist: Is the report true?\n\nHua Chunying: I am not aware of it.\n")
    [exchange] = b.exchanges  # type: ignore[attr-defined]
    assert exchange.outlet is None and exchange.question.text == "Is the report true?"
    assert exchange.answer.speaker == "Hua Chunying"


def test_journalist_replies_are_turns_of_their_own_in_order(sample_dir: Path) -> None:
    b = read_briefing(sample_dir / "t1595274.html", year=2018)
    assert len(b.exchanges) == 8  # the replies open no exchange
    mekong = b.exchanges[5]
    assert [(t.key, t.speaker) for t in mekong.turns()] == [
        ("e6q", None), ("e6a", "Geng Shuang"), ("e6q2", None), ("e6a2", "Geng Shuang"), ("e6q3", None),
        ("e6a3", "Geng Shuang"),
    ]  # fmt: skip
    texts = [t.text for t in mekong.turns()]
    assert texts[1] == "Where did your correspondent travel to?" and texts[2] == "The border areas of Thailand."
    assert texts[4] == "The Chinese side." and texts[5].startswith("I'm not aware of the specific situation")
    assert "The border areas" not in mekong.question.text


def test_an_answer_after_a_reply_states_positions_and_keeps_its_order_in_rdf(sample_dir: Path) -> None:
    from kg.extract import extract
    from kg.rdf import to_rdf

    found = extract(read_briefing(sample_dir / "t1675600.html"))
    exchange = found.briefing.exchanges[7]
    assert [t.key for t in exchange.turns()] == ["e8q", "e8a", "e8q2", "e8a2"]
    assert {p.act for p in found.positions if p.turn == "e8a2"} >= {"oppose", "reject"}
    orders = {
        q.subject.value.rsplit("/exchange/", 1)[1]: int(q.object.value)
        for q in to_rdf(found)
        if q.predicate.value.endswith("#turnOrder")
    }
    assert orders == {"8/question": 1, "8/answer": 2, "8/question/2": 3, "8/answer/2": 4}
