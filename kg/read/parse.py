"""``parse_by_language``: a ministry ``Document`` to a ``Briefing``, by the reader of the document's language
(the ``fmprc`` profile's reader in ``kg.read.readers``).

>>> sorted(PARSERS)
['en', 'zh']
>>> from kg.read import read_document
>>> parse_by_language(read_document("seeds/000_921da15b2d4a4fd7.txt")).language
'en'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from kg.read import turns, zh
from kg.read.language import CHINESE, ENGLISH
from kg.types import Briefing, Document

Parser = Callable[..., Briefing]

#: Language code -> the function that reads a document in it.
PARSERS: Mapping[str, Parser] = MappingProxyType({ENGLISH: turns.parse_briefing, CHINESE: zh.parse_briefing_zh})


def parse_by_language(doc: Document, *, year: int | None = None) -> Briefing:
    """The briefing a document holds, read by the parser of its language (``Document.language``, which
    ``kg.read.language.detect_language`` sets to one of the registry's keys)."""
    return PARSERS[doc.language](doc, year=year)
