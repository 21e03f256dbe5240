"""The Chinese originals: the ministry's pages in Chinese read into ``Briefing`` values (``language="zh"``).

The turns are found by the same state machine as the English pages' (``turns.build_turns``) with a Chinese
``Grammar``: labels end with a full-width colon (``新华社记者：``, ``《环球时报》记者：``, ``问：``, ``汪文斌：``,
``答：``, ``追问：``, ``会后有记者问及：``); after a question asked after the press conference the
spokesperson may speak without a label (``耿爽表示，…``); unlabelled paragraphs continue the turn before.
The cue words are the ``*-zh`` concepts of ``ontology/reading.ttl``; outlets resolve through the gazetteer's
Chinese names, and a spokesperson's Chinese name (``ontology/people.ttl``) gives the same English name, hence
the same IRI, as the English pages.

What each kind of page becomes (see the README): a regular press conference (…主持例行记者会, 网上例行记者会)
is a briefing with its statements and exchanges; an answer to a journalist (发言人…答记者问) a briefing
of its exchange(s); a spokesperson's statement (发表谈话, 宣布, 表明立场) a briefing of statements only. A
page that names no spokesperson and answers no question is a news item, refused (E203).

>>> label = split_label_zh("《环球时报》记者：中方对此有何评论？", frozenset())
>>> label.kind.value, label.name, label.rest
('outlet', '环球时报', '中方对此有何评论？')
>>> split_label_zh("汪文斌：中方坚决反对。", frozenset()).name
'Wang Wenbin'
>>> split_label_zh("中方认为，此次峰会成果主要体现在以下几个方面：", frozenset()) is None
True
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from kg.gazetteer import load_gazetteer
from kg.profiles import profile
from kg.read.assemble import assemble_briefing, require_turns
from kg.read.codes import parse_error
from kg.read.cues import load_cues
from kg.read.dates import find_date, title_date
from kg.read.labels import Label, LabelKind
from kg.read.language import CHINESE, is_chinese
from kg.read.outlets import resolve_outlet
from kg.read.turns import Grammar, build_turns
from kg.types import Briefing, Document, EntityKind

#: The longest label, in characters ("土耳其阿纳多卢通讯社记者" is 12; "中央广播电视总台华语环球节目中心记者" 18).
MAX_LABEL_CHARS = 24
_LABELLED = re.compile(rf"^\s*(?P<label>[^:\uff1a\n]{{1,{MAX_LABEL_CHARS}}}?)\s*[:\uff1a]\s*(?P<rest>.*)$", re.DOTALL)
# "一、问：", "（二）问：": a numbered question in a written interview.
_NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十]{1,3}[、.．)）]\s*")
_NUMBERED_PARAGRAPH = re.compile(r"^(?:[一二三四五六七八九十]{1,3}|\d{1,2})[、.．]")
# Sentence punctuation an outlet's name never holds (the 《》 around a paper's title it may).
_NOT_IN_NAME = re.compile(r"[\s，。；！？、,;!?（）()]")
_BRACKETS = "（(【[〔 "
_TITLE_MARKS = re.compile(r"[《》〈〉“”\"「」『』]")
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_WHEN = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日|明天|今天|今晚|下周|本周|星期|周[一二三四五六日]|[上下]午")
_BR = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)


@cache
def spokesperson_names() -> dict[str, str]:
    """Chinese name -> English name, for the spokespersons of the ministry's profile whose entry in the people
    gazetteer has a Chinese label.

    >>> spokesperson_names()["汪文斌"]
    'Wang Wenbin'
    """
    english = set(profile("fmprc").spokespersons)
    names: dict[str, str] = {}
    for entity in load_gazetteer(EntityKind.PERSON).values():
        if entity.label in english:
            names.update({alt: entity.label for alt in entity.alt_labels if is_chinese(alt)})
    return names


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cues = load_cues()

    def alternation(concept: str) -> str:
        return "|".join(re.escape(p) for p in sorted(cues.labels(f"{concept}-zh"), key=len, reverse=True))

    names = "|".join(sorted(spokesperson_names(), key=len, reverse=True))
    openers = "|".join(
        ".{0,60}?".join(re.escape(part) for part in p.split("…")) for p in cues.labels("announcement-opener-zh")
    )
    return {
        "speech": re.compile(rf"^\s*(?P<name>{names})(?:{alternation('speech-verb')})\s*[，,：:]"),
        "lead-in": re.compile(alternation("question-lead-in")),
        "interjection": re.compile(
            rf"^(?:{alternation('reporter-word')})(?:{alternation('reporter-interjection-verb')})?$"
        ),
        "reporter-suffix": re.compile(rf"(?:{alternation('reporter-word')})$"),
        # "[会后，]中新社记者问及": an outlet's reporter asking after the press conference ("有记者": someone).
        "asked-by": re.compile(
            rf"^(?:会后[，,]?\s*)?(?!会后|有)(?P<name>[^\s，,：:]{{1,20}}?)(?:{alternation('reporter-word')})"
            rf"(?:{alternation('question-lead-in')})$"
        ),
        "opener": re.compile(rf"^(?:{openers})"),
        "back": re.compile(rf"^(?:{alternation('back-reference')})"),
        "future": re.compile(alternation("future-marker")),
        "decided": re.compile(alternation("announcement-verb")),
        "site": re.compile(rf"\s*[—–_\-|]+\s*(?:{alternation('site-name')})\s*$"),
        "briefing": re.compile(f"{alternation('briefing-title')}|{alternation('spokesperson-title')}"),
    }


@cache
def _folded(concept: str) -> frozenset[str]:
    return frozenset(load_cues().labels(f"{concept}-zh"))


def classify_label_zh(raw: str) -> tuple[LabelKind | None, str]:
    """What kind of turn a Chinese label opens, and the name it gives (None where it is no label).

    >>> classify_label_zh("一、问"), classify_label_zh("记者澄清")[0], classify_label_zh("会后有记者问及")[0]
    ((<LabelKind.QUESTION: 'question'>, '问'), <LabelKind.INTERJECTION: 'interjection'>, <LabelKind.LEAD_IN: 'lead-in'>)
    >>> classify_label_zh("会后，中新社记者问及"), classify_label_zh("会后，有记者问及")[0]
    ((<LabelKind.OUTLET: 'outlet'>, '中新社'), <LabelKind.LEAD_IN: 'lead-in'>)
    >>> classify_label_zh("彭博社"), classify_label_zh("首先向大家通报一组数字")
    ((<LabelKind.OUTLET: 'outlet'>, '彭博社'), (None, '首先向大家通报一组数字'))
    """
    text = _NUMBERING.sub("", raw.strip().lstrip(_BRACKETS)).strip()
    patterns = _patterns()
    kinds = (
        ("anonymous-question", LabelKind.QUESTION),
        ("anonymous-answer", LabelKind.ANSWER),
        ("follow-up", LabelKind.FOLLOW_UP),
    )
    for concept, kind in kinds:
        if text in _folded(concept):
            return kind, text
    if text in spokesperson_names():
        return LabelKind.SPOKESPERSON, spokesperson_names()[text]
    if patterns["lead-in"].search(text):
        # "会后，中新社记者问及" names its outlet; "会后，有记者问及" does not.
        asker = patterns["asked-by"].match(text)
        if asker is not None:
            return LabelKind.OUTLET, _TITLE_MARKS.sub("", asker.group("name"))
        return LabelKind.LEAD_IN, text
    if patterns["interjection"].match(text):
        return LabelKind.INTERJECTION, text
    bare = _TITLE_MARKS.sub("", text)
    name = patterns["reporter-suffix"].sub("", bare).strip()
    if not name or _NOT_IN_NAME.search(name):
        return None, raw
    # "X记者" names an outlet; a label without the reporter word only where the gazetteer knows it ("彭博社").
    if name != bare or resolve_outlet(name).known:
        return LabelKind.OUTLET, name
    return None, raw


def split_label_zh(paragraph: str, known: frozenset[str]) -> Label | None:
    """The label a Chinese paragraph opens with, or None. ``known`` is unused: Chinese spokespersons are
    known by their names in the people gazetteer, whoever the title names."""
    speech = _patterns()["speech"].match(paragraph)
    if speech is not None:  # "耿爽表示，……": the spokesperson speaks, unlabelled; the words stay in the text
        return Label(LabelKind.SPOKESPERSON, spokesperson_names()[speech.group("name")], paragraph.strip())
    m = _LABELLED.match(paragraph)
    if m is None:
        return None
    raw, rest = m.group("label").strip(), m.group("rest").strip()
    if raw[-1:].isdigit() and rest[:1].isdigit():  # "上午10：00", a clock time
        return None
    kind, name = classify_label_zh(raw)
    return None if kind is None else Label(kind, name, rest)


def opens_announcement_zh(paragraph: str) -> bool:
    """Whether an unlabelled paragraph among the statements starts a new announcement.

    >>> opens_announcement_zh("应国务院总理李克强邀请，尼泊尔总理奥利将于6月19日至24日对中国进行正式访问。")
    True
    >>> opens_announcement_zh("访问期间，习近平主席将同他举行会谈。")
    False
    >>> opens_announcement_zh("中国政府决定向意大利派遣抗疫医疗专家组。")
    True
    """
    patterns = _patterns()
    if _NUMBERED_PARAGRAPH.match(paragraph) or patterns["opener"].match(paragraph):
        return True
    if patterns["back"].match(paragraph):
        return False
    first = _SENTENCE_END.split(paragraph, maxsplit=1)[0]
    return bool(patterns["decided"].search(first) or (_WHEN.search(first) and patterns["future"].search(first)))


def reports_question_zh(paragraph: str) -> bool:
    """An unlabelled paragraph that reports a question asked after the press conference ("会后，有记者问及……")."""
    return _patterns()["lead-in"].search(paragraph[:MAX_LABEL_CHARS]) is not None


CHINESE_GRAMMAR = Grammar(
    split_label=split_label_zh,
    opens_announcement=opens_announcement_zh,
    reports_question=reports_question_zh,
    question_marks=("？", "?"),
    mend_labels=False,
)


def clean_title_zh(title: str) -> str:
    """A page title without the site's name and the line breaks the site's markup leaves in it.

    >>> clean_title_zh("外交部发言人宣布加拿大驻上海总领馆一名外交官为<br>“不受欢迎的人” — 中华人民共和国外交部")
    '外交部发言人宣布加拿大驻上海总领馆一名外交官为“不受欢迎的人”'
    """
    return _patterns()["site"].sub("", _BR.sub("", title)).strip()


def spokesperson_zh(title: str, lead: str = "") -> str | None:
    """The English name of the spokesperson the title names, else the one the first paragraph names as
    spokesperson ("外交部发言人赵立坚宣布：" opening an announcement whose title names nobody).

    >>> spokesperson_zh("2022年2月24日外交部发言人华春莹主持例行记者会")
    'Hua Chunying'
    >>> spokesperson_zh("中国政府向苏丹派遣抗疫医疗专家组", "外交部发言人赵立坚宣布：")
    'Zhao Lijian'
    """
    names = spokesperson_names()
    alternation = "|".join(sorted(names, key=len, reverse=True))
    spokesperson = "|".join(re.escape(p) for p in load_cues().labels("spokesperson-title-zh"))
    for pattern, text in ((f"(?P<name>{alternation})", title), (f"(?:{spokesperson})(?P<name>{alternation})", lead)):
        m = re.search(pattern, text)
        if m is not None:
            return names[m.group("name")]
    return None


def parse_briefing_zh(doc: Document, *, year: int | None = None) -> Briefing:
    """The briefing a Chinese document holds; the rules and refusals of ``turns.parse_briefing``, in Chinese.

    >>> from kg.read import read_document
    >>> b = parse_briefing_zh(read_document("tests/data/fmprc-zh/zh-2022-02-24.html"))
    >>> b.date, b.spokesperson, b.language, b.exchanges[0].outlet.key
    (datetime.date(2022, 2, 24), 'Hua Chunying', 'zh', 'afp')
    """
    path = doc.source.path
    title = clean_title_zh(doc.title or "")
    lead = doc.paragraphs[0][:80] if doc.paragraphs else ""
    spokesperson = spokesperson_zh(title, lead)
    statements, exchanges, warnings, answered_by = build_turns(
        doc.paragraphs, spokesperson=spokesperson, path=path, grammar=CHINESE_GRAMMAR
    )
    if spokesperson is None and answered_by:
        # as in ``turns.parse_briefing``: a title naming only the office takes the spokesperson who answers most,
        # and the turns are read again knowing them, so that the statements before the first question are theirs
        spokesperson = answered_by.most_common(1)[0][0]
        statements, exchanges, warnings, _ = build_turns(
            doc.paragraphs, spokesperson=spokesperson, path=path, grammar=CHINESE_GRAMMAR
        )
    notes = list(warnings)
    answered = any(e.answer is not None for e in exchanges)
    if spokesperson is None and not answered and not _patterns()["briefing"].search(title):
        raise parse_error("E203", path, detail="it names no spokesperson and answers no question (a news item)")
    require_turns(statements, exchanges, path, notes)
    date, inferred = _date(doc, title, year, notes)
    return assemble_briefing(
        doc,
        profile("fmprc"),
        title=title,
        date=date,
        date_inferred=inferred,
        spokesperson=spokesperson,
        statements=statements,
        exchanges=exchanges,
        notes=notes,
        language=CHINESE,
    )


def _date(doc: Document, title: str, year: int | None, notes: list[str]) -> tuple[dt.date | None, bool]:
    """The briefing's date and whether its year was inferred: the title's date, else the date the page says
    it was published (an answer to a journalist's question prints none in its title). A title's date without
    a year takes ``year``, else the publication's year."""
    mention = find_date(title) if title else None
    if year is None and doc.published is not None:
        year = doc.published.year
    if mention is None:
        if doc.published is not None:
            notes.append(f"no date in the title: the page's publication date {doc.published} is taken")
            return doc.published, False
        raise parse_error("E201", doc.source.path, detail=f" (title: {title[:80]!r})" if title else " (no title)")
    if mention.year is not None or year is not None:
        return title_date(mention, doc.source.path, year=year), mention.year is None
    notes.append(f"the date {mention.text!r} has no year")
    return None, False
