"""Hand-built briefings and mentions for the extractor tests, and a minimal page reader for whole-corpus checks.

The project's readers live in ``kg/read/``; these helpers keep the extractor tests independent of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from kg.types import Briefing, EntityKind, Exchange, Layout, Mention, Role, Source, Statement, Turn

SPOKESPERSON = "Zhao Lijian"


def briefing(
    exchanges: Sequence[tuple[str, str | None]] = (),
    statements: Sequence[str] = (),
    *,
    spokesperson: str = SPOKESPERSON,
) -> Briefing:
    """A briefing of (question, answer) exchanges and statements, in that order."""
    return Briefing(
        key="test",
        source=Source(path="test", name="test", sha256=""),
        layout=Layout.TEXT,
        title="test",
        date=None,
        date_inferred=False,
        spokesperson=spokesperson,
        institution="Ministry of Foreign Affairs of the People's Republic of China",
        statements=tuple(
            Statement(i, Turn(Role.STATEMENT, i, spokesperson, text)) for i, text in enumerate(statements, 1)
        ),
        exchanges=tuple(
            Exchange(
                i,
                Turn(Role.QUESTION, i, None, q),
                None if a is None else Turn(Role.ANSWER, i, spokesperson, a),
                None,
            )
            for i, (q, a) in enumerate(exchanges, 1)
        ),
    )


def zh_briefing(*exchanges: tuple[str, str], statements: tuple[str, ...] = ()) -> Briefing:
    """A Chinese briefing (``language`` "zh", Geng Shuang answering as 耿爽) of (question, answer) exchanges and
    statements."""
    return Briefing(
        key="b",
        source=Source("b.html", "b.html", "0"),
        layout=Layout.HTML,
        title="2018年5月11日外交部发言人耿爽主持例行记者会",
        date=None,
        date_inferred=False,
        spokesperson="Geng Shuang",
        institution="MFA",
        statements=tuple(Statement(i + 1, Turn(Role.STATEMENT, i + 1, "耿爽", t)) for i, t in enumerate(statements)),
        exchanges=tuple(
            Exchange(i + 1, Turn(Role.QUESTION, i + 1, None, q), Turn(Role.ANSWER, i + 1, "耿爽", a), None)
            for i, (q, a) in enumerate(exchanges)
        ),
        language="zh",
    )


# A few names per entity: enough for the tests to say who is named, as the entity matcher would.
NAMES: dict[str, tuple[EntityKind, str]] = {
    "the United States": (EntityKind.COUNTRY, "USA"),
    "United States": (EntityKind.COUNTRY, "USA"),
    "U.S.": (EntityKind.COUNTRY, "USA"),
    "US": (EntityKind.COUNTRY, "USA"),
    "American": (EntityKind.COUNTRY, "USA"),
    "China": (EntityKind.COUNTRY, "CHN"),
    "Chinese": (EntityKind.COUNTRY, "CHN"),
    "Japan": (EntityKind.COUNTRY, "JPN"),
    "Japanese": (EntityKind.COUNTRY, "JPN"),
    "Canada": (EntityKind.COUNTRY, "CAN"),
    "Canadian": (EntityKind.COUNTRY, "CAN"),
    "Australia": (EntityKind.COUNTRY, "AUS"),
    "Australian": (EntityKind.COUNTRY, "AUS"),
    "Russia": (EntityKind.COUNTRY, "RUS"),
    "DPRK": (EntityKind.COUNTRY, "PRK"),
    "Pakistan": (EntityKind.COUNTRY, "PAK"),
    "Palestinian": (EntityKind.COUNTRY, "PSE"),
    "India": (EntityKind.COUNTRY, "IND"),
    "Indian": (EntityKind.COUNTRY, "IND"),
    "UK": (EntityKind.COUNTRY, "GBR"),
    "British": (EntityKind.COUNTRY, "GBR"),
    "Afghan": (EntityKind.COUNTRY, "AFG"),
    "Syria": (EntityKind.COUNTRY, "SYR"),
    "Russian": (EntityKind.COUNTRY, "RUS"),
    "ROK": (EntityKind.COUNTRY, "KOR"),
    "Sri Lanka": (EntityKind.COUNTRY, "LKA"),
    "Kiribati": (EntityKind.COUNTRY, "KIR"),
    "Myanmar": (EntityKind.COUNTRY, "MMR"),
    "Singaporean": (EntityKind.COUNTRY, "SGP"),
    "Singapore": (EntityKind.COUNTRY, "SGP"),
    "Ethiopia": (EntityKind.COUNTRY, "ETH"),
    "Ethiopian": (EntityKind.COUNTRY, "ETH"),
    "Cuba": (EntityKind.COUNTRY, "CUB"),
    "ASEAN": (EntityKind.ORGANIZATION, "asean"),
    "African side": (EntityKind.ORGANIZATION, "au"),
    "OPCW": (EntityKind.ORGANIZATION, "opcw"),
    "WHO": (EntityKind.ORGANIZATION, "who"),
    "EU": (EntityKind.ORGANIZATION, "eu"),
    "UN": (EntityKind.ORGANIZATION, "un"),
    "Taiwan": (EntityKind.PLACE, "taiwan"),
    "Hong Kong": (EntityKind.PLACE, "hong-kong"),
    "Xinjiang": (EntityKind.PLACE, "xinjiang"),
}
NAME_PATTERN = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(NAMES, key=len, reverse=True)) + r")(?![\w])"
)


def mentions(b: Briefing) -> tuple[Mention, ...]:
    """Every name of ``NAMES`` in every turn, as the entity matcher would report it."""
    out = []
    for turn in b.turns():
        for m in NAME_PATTERN.finditer(turn.text):
            kind, key = NAMES[m.group(1)]
            out.append(Mention(turn.key, m.start(), m.end(), m.group(1), kind, key, "test"))
    return tuple(out)


# --- a minimal reader for the corpus pages: paragraphs of div.content, labelled turns ------------------------

LABEL = re.compile(r"^([A-Z][\w .&'/-]{0,50}?):\s*")
SPOKESPERSONS = ("Geng Shuang", "Hua Chunying", "Lu Kang", "Zhao Lijian", "Wang Wenbin")


def read_page(path: Path) -> Briefing:
    """A corpus page as a briefing: ``Q:``/outlet paragraphs open questions, ``A:``/spokesperson ones answers."""
    from selectolax.lexbor import LexborHTMLParser

    page = LexborHTMLParser(path.read_bytes())
    title_node = page.css_first("title")
    title = title_node.text() if title_node else path.name
    speaker = next((s for s in SPOKESPERSONS if s in title), None)
    paragraphs = [p.text().strip() for p in page.css("div.content p")]
    statements: list[list[str]] = []
    turns: list[tuple[list[str], list[str]]] = []
    in_answer = False
    for text in filter(None, paragraphs):
        m = LABEL.match(text)
        label = m.group(1) if m else None
        if m and (label == "A" or label in SPOKESPERSONS):
            if turns:
                turns[-1][1].append(text[m.end() :])
                in_answer = True
            continue
        if m and (label == "Q" or (label and len(label.split()) <= 5 and not label[0].isdigit())):
            turns.append(([text[m.end() :]], []))
            in_answer = False
        elif not turns:
            statements.append([text])
        else:
            (turns[-1][1] if in_answer else turns[-1][0]).append(text)
    return briefing(
        [("\n".join(q), "\n".join(a) if a else None) for q, a in turns],
        ["\n".join(s) for s in statements],
        spokesperson=speaker or SPOKESPERSON,
    )


def corpus_pages(corpus_dir: Path) -> list[Path]:
    return sorted(corpus_dir.glob("*.html"))
