"""The ministry's other English page kinds and labels (issue 13's first list): "Spokesperson's Remarks" and
"Daily Briefing Online" titles, questions noted as raised after the press conference, rhetorical questions inside
an answer, askers named by no outlet ("Foreign Journalist:"), and the reporter's replies inside an exchange, kept
as turns of their own.

Every case is tested on real pages: the sample (tests/data/fmprc-en) or the corpus (skipped where it is absent).
What the corpus never prints (the two kinds of title, the "Foreign Journalist:" label) is tested on a real page
that the test rewrites at run time, as its docstring says; small transcripts quoting the issue's wording check
the same labels once more.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.read import parse_briefing, read_briefing, read_document
from kg.read.labels import LabelKind, split_label
from kg.types import Role

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


# The first list, case by case, on real pages. The English corpus holds no "Spokesperson's Remarks" and no
# "Daily Briefing Online" page (only links to them in its "Related News" boxes), and no "Foreign Journalist:"
# label: those tests read a real page whose title (or one label) they rewrite at run time, as each docstring says.


def _retitled(tmp_path: Path, page: Path, title: str) -> Path:
    """A copy of a real page under another title: every place the page prints its own title (the <title>,
    the article's heading) now prints ``title``; the paragraphs are the page's own."""
    raw = page.read_text(encoding="utf-8")
    own = read_document(page).title
    assert own and raw.count(own) >= 2
    copy = tmp_path / page.name
    copy.write_text(raw.replace(own, title), encoding="utf-8")
    return copy


@pytest.mark.parametrize(
    ("page", "title", "spokesperson"),
    [
        ("t1563568.html", "Foreign Ministry Spokesperson Hua Chunying's Remarks on May 29, 2018", "Hua Chunying"),
        (
            "t1761102.html",
            "Foreign Ministry Spokesperson Geng Shuang's Daily Briefing Online on March 25, 2020",
            "Geng Shuang",
        ),
        ("t1761102.html", "Foreign Ministry Spokesperson's Remarks on March 25, 2020", "Geng Shuang"),
        (
            "t1563568.html",
            "Foreign Ministry Spokesperson Hua Chunying's Remarks on US Remarks on Venezuela, May 29, 2018",
            "Hua Chunying",
        ),
    ],
)
def test_remarks_and_daily_briefing_online_titles_name_the_spokesperson(
    tmp_path: Path, sample_dir: Path, page: str, title: str, spokesperson: str
) -> None:
    """A real page of the sample (t1563568, Hua Chunying, May 29, 2018; t1761102, Geng Shuang, March 25, 2020)
    whose title this test rewrites at run time into the titles of the ministry's "Spokesperson's Remarks" and
    "Daily Briefing Online" pages (as the corpus's "Related News" boxes print them): the spokesperson is the
    one the title names by the profile's title patterns, never "Hua Chunying's Remarks"; where the title names
    the office alone, the one who answers. The turns are the page's own, as under its real title."""
    original = read_briefing(sample_dir / page)
    b = read_briefing(_retitled(tmp_path, sample_dir / page, title))
    assert b.title == title and b.spokesperson == spokesperson
    assert b.date == original.date
    assert b.exchanges == original.exchanges and b.statements == original.statements
    assert not any("Remarks" in (t.speaker or "") for t in b.turns())


def test_question_raised_after_the_press_conference_on_real_pages(corpus_dir: Path) -> None:
    """The corpus prints the label as "The following question was raised after the press conference:"
    (t1606490, October 23, 2018; t1685342, August 1, 2019): its own exchange, anonymous, answered by the
    spokesperson, not merged into the answer before it."""
    for page, asked, answered in (
        ("t1606490.html", "Today the Japanese government held a commemoration", "We have noted that the Japanese"),
        ("t1685342.html", "Can you tell us more about Chinese companies' purchase", "The spokesperson of the Ministry"),
    ):
        b = read_briefing(corpus_dir / page)
        *before, last = b.exchanges
        assert last.outlet is None and last.question.text.startswith(asked), page
        assert (
            last.answer is not None and last.answer.text.startswith(answered) and last.answer.speaker == "Hua Chunying"
        )
        assert all(asked not in t.text for e in before for t in e.turns()), page
        assert not b.warnings, page


@pytest.mark.parametrize(
    ("page", "turn", "asked", "after"),
    [
        ("t1765751.html", "e10a", "By the way, I have been wondering, has the US paid its overdue contributions", None),
        (
            "t1775332.html",
            "e11a",
            "Was anyone punished or held accountable after major outbreaks",
            "It is imperative for the international community",
        ),
        (
            "t1770948.html",
            "e5a",
            "If the US side was misled or didn't get sufficient information",
            "Smear and stigmatization can never cover up the truth",
        ),
    ],
)
def test_a_rhetorical_question_stays_inside_its_answer(
    sample_dir: Path, page: str, turn: str, asked: str, after: str | None
) -> None:
    """Real pages where the spokesperson asks back inside an answer ("...? ..."): the question is a paragraph
    of the answer, the answer goes on after it, and no exchange opens there (no question turn starts with it)."""
    b = read_briefing(sample_dir / page)
    [answer] = [t for t in b.turns() if t.key == turn]
    paragraphs = answer.text.split("\n")
    at = next(i for i, p in enumerate(paragraphs) if p.startswith(asked))
    assert paragraphs[at].rstrip('"\u201d ').endswith("?")
    if after is not None:
        assert paragraphs[at + 1].startswith(after)
    assert not any(t.text.startswith(asked) for t in b.turns() if t.role is Role.QUESTION)
    assert not any("no answer" in w for w in b.warnings)


def test_foreign_journalist_on_a_real_english_page(tmp_path: Path, sample_dir: Path) -> None:
    """A real page (t1761102, March 25, 2020) whose seventh label, "AFP:", this test rewrites at run time to
    "Foreign Journalist:" (a label the English corpus never prints): an asker with no outlet, not an outlet
    named "Foreign"; the exchanges are the page's own."""
    raw = (sample_dir / "t1761102.html").read_text(encoding="utf-8")
    assert raw.count("AFP:") == 1
    page = tmp_path / "t1761102.html"
    page.write_text(raw.replace("AFP:", "Foreign Journalist:"), encoding="utf-8")
    original, b = read_briefing(sample_dir / "t1761102.html"), read_briefing(page)
    assert [e.outlet.name if e.outlet else None for e in b.exchanges] == [
        e.outlet.name if e.outlet and e.outlet.key != "afp" else None for e in original.exchanges
    ]
    assert b.exchanges[6].question.text == original.exchanges[6].question.text
    assert b.exchanges[6].question.speaker is None and b.exchanges[6].answer == original.exchanges[6].answer


def test_foreign_journalist_on_a_real_chinese_page(zh_corpus_dir: Path) -> None:
    """The Chinese original of the label, "外国记者：" (zh-2020-09-07, Zhao Lijian): an anonymous asker, not an
    outlet named "外国"."""
    b = read_briefing(zh_corpus_dir / "zh-2020-09-07.html")
    [asked] = [e for e in b.exchanges if e.question.text.startswith("关于中美媒体的问题。刚刚你提到")]
    assert asked.outlet is None and asked.question.speaker is None
    assert asked.answer is not None and asked.answer.speaker == "Zhao Lijian"
    assert all(e.outlet is None or e.outlet.known for e in b.exchanges)
