"""The Chinese originals: labels, dates, spokespersons and outlets read as the English pages' are, page kinds
built or refused as the README says, and every regular press conference checked against an independent count
of its question labels (a regex over the raw HTML, not the reader's parser)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from pathlib import Path

import pytest

from kg.errors import ParseError
from kg.gazetteer import load_gazetteer
from kg.read import read_briefing, read_briefings, read_document
from kg.read.labels import LabelKind
from kg.read.language import detect_language
from kg.read.outlets import resolve_outlet
from kg.read.zh import classify_label_zh, split_label_zh
from kg.types import Briefing, EntityKind

REGULAR = "例行记者会"  # …主持例行记者会, …主持网上例行记者会
ANSWER_TO_JOURNALIST = "答记者问"

_BLOCK = re.compile(r"<\s*/?\s*(?:p|div|br|li|h\d|td|tr|table)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_DROP = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _question_label() -> re.Pattern[str]:
    """A paragraph opening with a question's label: "X记者：", "问：", "记者问：", "追问：", "会后…问及：", or
    an outlet's Chinese name from the gazetteer with no "记者" ("中新社：")."""
    names = {
        alt
        for entity in load_gazetteer(EntityKind.OUTLET).values()
        for alt in entity.alt_labels
        if re.search(r"[\u4e00-\u9fff]", alt)
    }
    outlets = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    return re.compile(
        r"^[\s\u3000]*(?:[一二三四五六七八九十]+、)?"
        r"(?:问|追问|记者追问|有?记者问|外国记者|会后[，,]?[^：:]{0,10}问及|[^\s：:，。、；（(]{1,22}记者"
        rf"|《?(?:{outlets})》?)\s*[：:]"
    )


def count_question_labels(raw: str) -> int:
    """Questions on a page, counted from its raw HTML: tags dropped, one line per block element."""
    body = raw.split('id="News_Body_Txt_A"', 1)[-1]
    text = html.unescape(_TAG.sub("", _BLOCK.sub("\n", _DROP.sub("", body))))
    pattern = _question_label()
    return sum(1 for line in text.split("\n") if pattern.match(line))


def _index(folder: Path) -> list[dict[str, str]]:
    with (folder / "INDEX.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def _check_regular(briefing: Briefing, row: dict[str, str], raw: str) -> None:
    name = row["file"]
    assert briefing.language == "zh", name
    assert briefing.date is not None and not briefing.date_inferred, name
    if row["date"]:
        assert briefing.date == dt.date.fromisoformat(row["date"]), name
    assert briefing.spokesperson is not None, name
    assert briefing.exchanges or briefing.statements, name  # t1504209 is one announcement, with no questions
    assert len(briefing.exchanges) == count_question_labels(raw), name
    assert all(ex.question.text for ex in briefing.exchanges), name


# Labels, one at a time.


@pytest.mark.parametrize(
    ("paragraph", "kind", "name"),
    [
        ("新华社记者：中方对此有何评论？", LabelKind.OUTLET, "新华社"),
        ("《环球时报》记者：据报道……", LabelKind.OUTLET, "环球时报"),
        ("法新社记者：是否谴责？", LabelKind.OUTLET, "法新社"),
        ("问：中方是否支持？", LabelKind.QUESTION, "问"),
        ("一、问：能否介绍背景？", LabelKind.QUESTION, "问"),
        ("答：我们注意到有关报道。", LabelKind.ANSWER, "答"),
        ("汪文斌：中方坚决反对。", LabelKind.SPOKESPERSON, "Wang Wenbin"),
        ("毛宁：我不掌握有关情况。", LabelKind.SPOKESPERSON, "Mao Ning"),
        ("耿爽表示，我们对此表示祝贺。", LabelKind.SPOKESPERSON, "Geng Shuang"),
        ("追问：你能否证实？", LabelKind.FOLLOW_UP, "追问"),
        ("会后，有记者问及：中方对此有何评论？", LabelKind.LEAD_IN, "会后，有记者问及"),
        ("会后，中新社记者问及：昨天举行了会谈。", LabelKind.OUTLET, "中新社"),
        ("（记者：日本媒体。目前有没有相关计划？）", LabelKind.INTERJECTION, "记者"),
    ],
)
def test_chinese_labels(paragraph: str, kind: LabelKind, name: str) -> None:
    label = split_label_zh(paragraph, frozenset())
    assert label is not None
    assert (label.kind, label.name) == (kind, name)


@pytest.mark.parametrize(
    "paragraph",
    [
        "首先向大家通报一组数字：",
        "中方认为，此次G20峰会成果主要体现在以下几个方面：",
        "外交部将于1月11日上午9：00举行招待会。",
        "我想说的是：美方应当停止。",
    ],
)
def test_sentences_with_a_colon_are_no_labels(paragraph: str) -> None:
    assert split_label_zh(paragraph, frozenset()) is None


def test_outlets_have_one_iri_in_both_languages() -> None:
    pairs = [("新华社", "Xinhua News Agency"), ("总台央视", "CCTV"), ("法新社", "AFP"), ("日本广播协会", "NHK")]
    for chinese, english in pairs:
        assert resolve_outlet(chinese).known
        assert resolve_outlet(chinese).key == resolve_outlet(english).key
    unknown = resolve_outlet("某某电视台")
    assert (unknown.known, unknown.key) == (False, "某某电视台")  # not "unknown", which every stranger would share
    assert classify_label_zh("某某电视台记者") == (LabelKind.OUTLET, "某某电视台")


def test_language_is_detected_from_the_script(seeds_dir: Path) -> None:
    assert read_document(seeds_dir / "000_921da15b2d4a4fd7.txt").language == "en"
    assert detect_language("2021年12月9日外交部发言人汪文斌主持例行记者会", ()) == "zh"


# Whole pages and plain text.


def test_plain_chinese_text(tmp_path: Path) -> None:
    page = tmp_path / "b.txt"
    page.write_text(
        "2021年12月9日外交部发言人汪文斌主持例行记者会\n\n"
        "应国务院总理李克强邀请，某国总理将于12月12日至15日对中国进行正式访问。\n\n"
        "新华社记者：中方对此有何期待？\n汪文斌：中方愿同某方一道努力。\n双方将签署合作文件。\n\n"
        "追问：具体是哪些文件？\n\n汪文斌：我们会及时发布消息。\n\n"
        "问：美方称中国胁迫他国。中方有何回应？\n答：这纯属无稽之谈。\n",
        encoding="utf-8",
    )
    b = read_briefing(page)
    assert (b.language, b.date, b.spokesperson) == ("zh", dt.date(2021, 12, 9), "Wang Wenbin")
    assert [s.turn.text[:2] for s in b.statements] == ["应国"]
    assert [(e.outlet.key if e.outlet else None) for e in b.exchanges] == ["xinhua", "xinhua", None]
    first = b.exchanges[0]
    assert first.answer is not None and first.answer.text == "中方愿同某方一道努力。\n双方将签署合作文件。"
    assert first.question.text == "中方对此有何期待？"


def test_a_title_naming_only_the_office_gives_the_statements_to_who_answers_most(tmp_path: Path) -> None:
    # No page of fmprc-zh has this shape (the 165 whose title names no spokesperson name one in the first
    # paragraph, or answer with 答： alone): the English reader's rule, held for Chinese text.
    page = tmp_path / "b.txt"
    page.write_text(
        "2020年4月20日外交部发言人例行记者会\n\n"
        "应国务院总理邀请，某国总理将于4月22日对中国进行正式访问。\n\n"
        "新华社记者：中方对此有何期待？\n\n耿爽：中方愿同某方一道努力。\n\n"
        "法新社记者：还有一个问题。\n\n耿爽：我们会及时发布消息。\n",
        encoding="utf-8",
    )
    b = read_briefing(page)
    assert b.spokesperson == "Geng Shuang"
    assert [s.turn.speaker for s in b.statements] == ["Geng Shuang"]


def test_a_dateless_chinese_text_is_refused_with_the_reason(tmp_path: Path) -> None:
    page = tmp_path / "b.txt"
    page.write_text("外交部发言人就某事答记者问\n\n问：有何评论？\n\n答：我们注意到了。\n", encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_briefing(page)
    assert err.value.code == "E201"


def test_a_yearless_title_takes_the_year_of_the_run(tmp_path: Path) -> None:
    body = "外交部发言人陆慷主持例行记者会\n\n问：好吗？\n\n答：好。\n"
    (tmp_path / "a.txt").write_text("2019年3月11日" + body, encoding="utf-8")
    (tmp_path / "b.txt").write_text("3月12日" + body.replace("好。", "很好。"), encoding="utf-8")
    result = read_briefings([tmp_path])
    assert [(b.date, b.date_inferred) for b in result.briefings] == [
        (dt.date(2019, 3, 11), False),
        (dt.date(2019, 3, 12), True),
    ]


def test_sample_regular_press_conferences(zh_sample_dir: Path) -> None:
    rows = [r for r in _index(zh_sample_dir) if REGULAR in r["title"]]
    assert len(rows) >= 15
    layouts = {r["file"][:2] for r in rows}
    assert layouts == {"t1", "zh"}  # the older site (tNNNNNNN.html) and the newer one (zh-YYYY-MM-DD.html)
    for row in rows:
        raw = (zh_sample_dir / row["file"]).read_text(encoding="utf-8")
        _check_regular(read_briefing(zh_sample_dir / row["file"]), row, raw)


def test_sample_page_kinds(zh_sample_dir: Path) -> None:
    answer = read_briefing(zh_sample_dir / "econ-616.html")  # 外交部发言人汪文斌就汤加火山爆发答记者问
    assert (answer.date, answer.spokesperson, len(answer.exchanges)) == (dt.date(2022, 1, 16), "Wang Wenbin", 1)
    assert any("publication date" in w for w in answer.warnings)
    remarks = read_briefing(zh_sample_dir / "t1623690.html")  # 华春莹就美国签署涉藏消极法案发表谈话
    assert (remarks.spokesperson, len(remarks.exchanges), len(remarks.statements)) == ("Hua Chunying", 0, 1)
    announced = read_briefing(zh_sample_dir / "t1783883.html")  # 外交部发言人赵立坚宣布：…
    assert (announced.spokesperson, announced.date) == ("Zhao Lijian", dt.date(2020, 5, 29))
    with pytest.raises(ParseError) as err:
        read_briefing(zh_sample_dir / "t1738079.html")  # a news item: no spokesperson, no question
    assert err.value.code == "E203"
    assert "news item" in str(err.value)


def test_a_translation_is_not_a_copy_of_its_original(sample_dir: Path, zh_sample_dir: Path) -> None:
    result = read_briefings([sample_dir / "t1558711.html", zh_sample_dir / "t1558642.html"], year=2018)
    assert sorted(b.language for b in result.briefings) == ["en", "zh"]
    english, chinese = sorted(result.briefings, key=lambda b: b.language)
    assert (english.date, english.spokesperson) == (chinese.date, chinese.spokesperson)
    assert not result.warnings


def test_two_copies_of_a_chinese_page_are_built_once(zh_sample_dir: Path, tmp_path: Path) -> None:
    original = (zh_sample_dir / "zh-2021-06-04.html").read_text(encoding="utf-8")
    (tmp_path / "zh-2021-06-04.html").write_text(original, encoding="utf-8")
    (tmp_path / "copy-zh-2021-06-04.html").write_text(original.replace("<title>", "<title> "), encoding="utf-8")
    result = read_briefings([tmp_path])
    assert len(result.briefings) == 1 and len(result.warnings) == 1


# The whole corpus, where it is present.


@pytest.mark.corpus
def test_every_regular_press_conference_of_the_corpus(zh_corpus_dir: Path) -> None:
    rows = _index(zh_corpus_dir)
    result = read_briefings([zh_corpus_dir])
    built = {Path(b.source.path).name: b for b in result.briefings}
    refused = {Path(e.path or "").name: e for e in result.errors}
    regular = [r for r in rows if REGULAR in r["title"]]
    assert len(regular) > 1400
    for row in regular:
        assert row["file"] in built, f"{row['file']}: {refused.get(row['file'])}"
        raw = (zh_corpus_dir / row["file"]).read_text(encoding="utf-8")
        _check_regular(built[row["file"]], row, raw)
    # Other kinds: an answer to a journalist keeps its exchange(s) (or, where it prints no question, the
    # statement it is); a refusal is a news item, and says so.
    for row in rows:
        if ANSWER_TO_JOURNALIST in row["title"]:
            briefing = built[row["file"]]
            assert briefing.exchanges or briefing.statements, row["file"]
            raw = (zh_corpus_dir / row["file"]).read_text(encoding="utf-8")
            assert len(briefing.exchanges) == count_question_labels(raw), row["file"]
    assert len(result.briefings) + len(result.errors) == len(rows)
    for name, error in refused.items():
        assert error.code == "E203" and "news item" in str(error), name
        assert REGULAR not in next(r["title"] for r in rows if r["file"] == name)
    assert len(refused) <= 5
