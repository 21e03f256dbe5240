"""The reading stage: files in, ``Briefing`` values out."""

from kg.read.document import read_document
from kg.read.sources import iter_sources
from kg.read.turns import parse_briefing

__all__ = ["iter_sources", "parse_briefing", "read_document"]
