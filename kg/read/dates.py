"""Dates as briefings print them: "on May 11, 2018", "June11, 2018" (glued), "September 17" (no year),
and in Chinese "2021年12月9日" (or "12月9日", no year).

>>> find_date("Regular Press Conference on June11, 2018")
DateMention(year=2018, month=6, day=11, text='June11, 2018')
>>> find_date("Regular Press Conference on September 17").year is None
True
>>> find_date("on 9 December 2021").month
12
>>> to_date(find_date("September 17"), year=2018)
datetime.date(2018, 9, 17)
>>> find_date("2020年4月20日外交部发言人耿爽主持例行记者会")
DateMention(year=2020, month=4, day=20, text='2020年4月20日')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.read.codes import parse_error

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# The years a briefing may carry; a date that prints another ("May 11, 1899") is refused (E212), never read as
# yearless and given a neighbour's year.
YEARS = range(1900, 2100)
# A printed year: any number after a comma, or four digits or more after a space (not "May 11 3 questions").
_YEAR = r"(?P<year>\d+)"

# Month first ("May 11, 2018", "June11, 2018", "Sept. 17"); the day may be glued to the month.
_MONTH_FIRST = re.compile(
    rf"\b(?P<month>{_MONTH})\.?\s*{_DAY}(?!\d)(?:(?:\s*,\s*|\s+(?=\d{{4,}}\b)){_YEAR}\b)?",
    re.IGNORECASE,
)
# Day first ("11 May 2018", "9 December").
_DAY_FIRST = re.compile(rf"\b{_DAY}\s+(?P<month>{_MONTH})\b\.?(?:(?:,\s*|\s+(?=\d{{4,}}\b)){_YEAR}\b)?", re.IGNORECASE)
# Chinese ("2021年12月9日", "12月9日"); the year may be missing, as in the English forms.
_CHINESE = re.compile(r"(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*[日号]")
# ISO ("2018-05-11").
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as printed: the year is None where the text does not give one."""

    year: int | None
    month: int
    day: int
    text: str


def find_date(text: str) -> DateMention | None:
    """The first date printed in ``text`` (a title or heading), or None.

    >>> find_date("Wang Wenbin's regular press conference on December 9, 2021")
    DateMention(year=2021, month=12, day=9, text='December 9, 2021')
    >>> find_date("no date here") is None
    True
    >>> find_date("Press Conference on May 11, 1899").year, find_date("on 11 May 99999").year
    (1899, 99999)
    """
    found: list[tuple[int, DateMention]] = []
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _CHINESE, _ISO):
        for m in pattern.finditer(text):
            month_text = m.group("month")
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
            day = int(m.group("day"))
            if not 1 <= day <= 31 or not 1 <= month <= 12:
                continue
            year = int(m.group("year")) if m.group("year") else None
            found.append((m.start(), DateMention(year, month, day, m.group(0).strip())))
            break
    if not found:
        return None
    # Where several patterns match, the earliest in the text wins; at one position, one with a year.
    found.sort(key=lambda item: (item[0], item[1].year is None))
    return found[0][1]


def title_date(mention: DateMention, path: str, *, year: int | None = None) -> dt.date:
    """The date a title's mention names, or a ``ParseError``: E212 for a printed year outside ``YEARS`` (never
    replaced by a neighbour's), E207 for a day that does not exist or no year known.

    >>> title_date(DateMention(1899, 5, 11, "May 11, 1899"), "a.md").year
    Traceback (most recent call last):
    ...
    kg.errors.ParseError: a.md: the date 'May 11, 1899' has a year outside 1900-2099 [E212] (fix the year in the title)
    """
    if mention.year is not None and mention.year not in YEARS:
        raise parse_error("E212", path, detail=repr(mention.text))
    try:
        return to_date(mention, year=year)
    except ValueError:
        raise parse_error("E207", path, detail=repr(mention.text)) from None


def to_date(mention: DateMention, *, year: int | None = None) -> dt.date:
    """The calendar date of ``mention``, taking ``year`` where the text printed none.

    Raises ValueError where the date does not exist (February 30) or no year is known.

    >>> to_date(DateMention(None, 2, 30, "February 30"), year=2019)
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    chosen = mention.year if mention.year is not None else year
    if chosen is None:
        raise ValueError(f"no year for {mention.text!r}")
    return dt.date(chosen, mention.month, mention.day)
