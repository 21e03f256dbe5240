"""The reading stage: files in, ``Briefing`` values out.

Three layouts are read without configuration: the seeds' (``Outlet reporter:`` / ``Wang Wenbin:``
paragraphs split by blank lines), pages saved from the ministry's website (HTML), and plain-text copies
of those pages (``Outlet:`` / ``Name:`` or ``Q:`` / ``A:``).

>>> from kg.read import read_briefings
>>> result = read_briefings(["seeds/000_921da15b2d4a4fd7.txt"])
>>> b = result.briefings[0]
>>> b.date, b.spokesperson, len(b.exchanges), b.exchanges[0].outlet.name
(datetime.date(2021, 12, 9), 'Wang Wenbin', 16, 'Xinhua News Agency')
"""

from kg.read.batch import ReadResult, read_briefing, read_briefings
from kg.read.dates import find_date
from kg.read.decode import MAX_BYTES
from kg.read.document import read_document
from kg.read.outlets import resolve_outlet
from kg.read.readers import parse_briefing
from kg.read.sources import iter_sources

__all__ = [
    "MAX_BYTES",
    "ReadResult",
    "find_date",
    "iter_sources",
    "parse_briefing",
    "read_briefing",
    "read_briefings",
    "read_document",
    "resolve_outlet",
]
